# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch operations: time synchronisation and a running configuration that a reboot would lose."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch._common import switch_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual


MAX_EVIDENCE_LINES = 100
MESSAGE_LINES = 6          # changed lines quoted in the report's message; the whole diff is in evidence and diff.txt


def _summary(changed):
    """The first changed lines for the message, `+` / `-` kept, so the report itself shows what changed."""
    text = " | ".join(line.strip() for line in changed[:MESSAGE_LINES])
    return text + (" | ... (%d more)" % (len(changed) - MESSAGE_LINES) if len(changed) > MESSAGE_LINES else "")


def ntp_unsynchronized(data, thresholds, ctx):
    ntp = data["ntp"]
    stratum = ntp.get("stratum")
    ok = bool(ntp.get("synchronized")) and (stratum is None or stratum <= thresholds["max_stratum"])
    yield Outcome(switch_ref(data, ctx), ok, {"status": ntp.get("status") or "-", "stratum": stratum if stratum is not None else "-",
                                              "reference": ntp.get("reference") or "-", "max_stratum": thresholds["max_stratum"]})


def config_unsaved(data, thresholds, ctx):
    config = data["config"]
    diff = config.get("unsaved_diff") or []
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    # the running side first: what a reboot would lose (secrets were masked when the configuration was read)
    first = next((line for line in changed if line.startswith("+")), changed[0] if changed else "-")
    yield Outcome(switch_ref(data, ctx), not config.get("unsaved"),
                  {"changed_lines": len(changed), "first_change": first, "changes": _summary(changed),
                   "diff": diff[:MAX_EVIDENCE_LINES]})


CHECKS = [
    Check(
        id="switch_ntp_unsynchronized",
        platform="switch",
        pillar="operations",
        severity="medium",
        resource_type="switch",
        requires=("device", "ntp"),
        title=bilingual("Switch clock is not NTP-synchronised", "交换机时钟未与 NTP 同步"),
        message=bilingual("{name}: clock {status}, stratum {stratum} (reference {reference}, maximum stratum {max_stratum}).",
                          "{name}：时钟状态 {status}，层级 {stratum}（参考源 {reference}，最大层级 {max_stratum}）。"),
        remediation=bilingual(
            "Check reachability of the NTP servers from the management VRF and the `ntp unicast-server` / "
            "`ntp-service unicast-server` lines; log timestamps of an unsynchronised switch cannot be correlated with the clouds'.",
            "检查管理网络到 NTP 服务器的连通性以及 `ntp unicast-server` / `ntp-service unicast-server` 配置；"
            "时钟未同步的交换机日志时间无法与云平台关联分析。"),
        thresholds={"max_stratum": 15},
        func=ntp_unsynchronized,
    ),
    Check(
        id="switch_config_unsaved",
        platform="switch",
        pillar="operations",
        severity="medium",
        resource_type="switch",
        requires=("device", "config"),
        title=bilingual("Running configuration is not saved", "运行配置未保存"),
        message=bilingual("{name}: {changed_lines} configuration line(s) differ from the saved configuration: {changes}",
                          "{name}：有 {changed_lines} 行运行配置与已保存配置不同：{changes}"),
        remediation=bilingual(
            "Review the difference (in the report's configuration backup), then `save` (Huawei) or `save force` (Comware) if it "
            "is wanted, or roll it back; a reboot loses unsaved changes or brings back ones thought undone.",
            "查看差异（见报告中的配置备份），确认需要保留后执行 `save`（华为）或 `save force`（华三），否则回退；"
            "设备重启会丢失未保存的变更，或恢复本以为已撤销的配置。"),
        func=config_unsaved,
    ),
]


def config_changed(data, thresholds, ctx):
    """The running configuration differs from the previous run's backup: a change to account for."""
    info = data["config_backup"]
    if not info.get("previous_run_id"):
        return
    diff = [line for line in info.get("diff") or [] if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    yield Outcome(switch_ref(data, ctx), not info.get("changed"),
                  {"previous_run_id": info["previous_run_id"], "added_lines": info.get("added_lines", 0),
                   "removed_lines": info.get("removed_lines", 0), "first_change": diff[0] if diff else "-",
                   "changes": _summary(diff), "diff": info.get("diff") or []})


CHECKS.append(
    Check(
        id="switch_config_changed",
        platform="switch",
        pillar="operations",
        severity="info",
        resource_type="switch",
        requires=("device", "config_backup"),
        title=bilingual("Configuration changed since the previous backup", "配置自上次备份以来发生变化"),
        message=bilingual("{name}: +{added_lines}/-{removed_lines} line(s) since the backup of run {previous_run_id}: {changes}",
                          "{name}：自运行 {previous_run_id} 的备份以来新增 {added_lines} 行、删除 {removed_lines} 行：{changes}"),
        remediation=bilingual(
            "Match the difference (evidence `diff`, and diff.txt in the backup folder; secrets masked) with an approved change; "
            "an unexplained change is an incident.",
            "将差异（证据 `diff` 及备份目录中的 diff.txt，密钥已遮蔽）与已审批的变更核对；无法解释的变更按事件处理。"),
        func=config_changed,
    )
)

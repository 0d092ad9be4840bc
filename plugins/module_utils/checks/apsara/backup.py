# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack ECS backup checks: automatic snapshot policies, their coverage and their results."""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import NEVER, disk_ref, is_true, weekday_gap_days
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_hours, names_by_id, parse_date
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import int_or_none


def _policy_ref(policy):
    return ref("auto_snapshot_policy", policy, "AutoSnapshotPolicyName", "AutoSnapshotPolicyId")


def _weekdays(policy):
    value = policy.get("RepeatWeekdays")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = value.strip("[]").replace('"', "").split(",")
    return [str(v).strip() for v in value or []]


def disk_no_auto_snapshot_policy(data, thresholds, ctx):
    for disk in data["disks"]:
        if disk.get("Status") not in ("In_use", "Available"):
            continue
        policy = disk.get("AutoSnapshotPolicyId")
        severity = "medium" if disk.get("Type") == "system" else None
        yield Outcome(disk_ref(disk), bool(policy),
                      {"disk_type": disk.get("Type") or "-", "size_gib": disk.get("Size"),
                       "instance_id": disk.get("InstanceId") or "-"},
                      severity=None if policy else severity)


def disk_auto_snapshot_disabled(data, thresholds, ctx):
    for disk in data["disks"]:
        policy = disk.get("AutoSnapshotPolicyId")
        if disk.get("Type") != "data" or not policy:
            continue
        yield Outcome(disk_ref(disk), is_true(disk.get("EnableAutoSnapshot")),
                      {"policy_id": policy, "instance_id": disk.get("InstanceId") or "-"})


def _newest_accomplished(snapshots, ctx):
    newest = {}
    for snapshot in snapshots:
        if snapshot.get("Status") != "accomplished":
            continue
        when = parse_date(snapshot.get("CreationTime"), ctx)
        source = snapshot.get("SourceDiskId")
        if when is None or not source:
            continue
        if source not in newest or when > newest[source][0]:
            newest[source] = (when, snapshot)
    return dict((source, pair[1]) for source, pair in newest.items())


def disk_snapshot_stale(data, thresholds, ctx):
    newest = _newest_accomplished(data["snapshots"], ctx)
    for disk in data["disks"]:
        if not disk.get("AutoSnapshotPolicyId") or disk.get("Status") not in ("In_use", "Available"):
            continue
        snapshot = newest.get(disk.get("DiskId"))
        if snapshot is None:
            created = age_hours(disk.get("CreationTime"), ctx)
            passed = created is not None and created <= thresholds["max_hours"]
            yield Outcome(disk_ref(disk), passed,
                          {"last_snapshot": NEVER, "hours_since": None, "max_hours": thresholds["max_hours"],
                           "policy_id": disk.get("AutoSnapshotPolicyId")})
            continue
        hours = age_hours(snapshot.get("CreationTime"), ctx)
        passed = hours is not None and hours <= thresholds["max_hours"]
        severity = "critical" if hours is not None and hours >= thresholds["critical_hours"] else None
        yield Outcome(disk_ref(disk), passed,
                      {"last_snapshot": snapshot.get("CreationTime"), "hours_since": hours, "max_hours": thresholds["max_hours"],
                       "policy_id": disk.get("AutoSnapshotPolicyId")},
                      severity=None if passed else severity)


def snapshot_failed(data, thresholds, ctx):
    names = names_by_id(data["disks"], "DiskId", "DiskName")
    for snapshot in data["snapshots"]:
        hours = age_hours(snapshot.get("CreationTime"), ctx)
        if hours is None or hours > thresholds["lookback_days"] * 24:
            continue
        source = snapshot.get("SourceDiskId")
        yield Outcome(ref("snapshot", snapshot, "SnapshotName", "SnapshotId"), snapshot.get("Status") != "failed",
                      {"status": snapshot.get("Status"), "disk": names.get(source) or source or "-",
                       "created": snapshot.get("CreationTime"), "lookback_days": thresholds["lookback_days"]})


def snapshot_stuck(data, thresholds, ctx):
    for snapshot in data["snapshots"]:
        if snapshot.get("Status") != "progressing":
            continue
        hours = age_hours(snapshot.get("CreationTime"), ctx)
        yield Outcome(ref("snapshot", snapshot, "SnapshotName", "SnapshotId"),
                      hours is None or hours <= thresholds["max_hours"],
                      {"hours": hours, "progress": snapshot.get("Progress") or "-", "disk_id": snapshot.get("SourceDiskId") or "-",
                       "max_hours": thresholds["max_hours"]})


def policy_short_retention(data, thresholds, ctx):
    for policy in data["auto_snapshot_policies"]:
        days = int_or_none(policy.get("RetentionDays"))
        forever = days == -1
        yield Outcome(_policy_ref(policy), forever or (days is not None and days >= thresholds["min_days"]),
                      {"retention_days": "forever" if forever else days, "min_days": thresholds["min_days"],
                       "weekdays": ",".join(_weekdays(policy)) or "-"})


def policy_unused(data, thresholds, ctx):
    applied = {}
    for disk in data["disks"]:
        policy = disk.get("AutoSnapshotPolicyId")
        if policy:
            applied[policy] = applied.get(policy, 0) + 1
    for policy in data["auto_snapshot_policies"]:
        reported = int_or_none(policy.get("DiskNums")) or 0
        disks = max(reported, applied.get(policy.get("AutoSnapshotPolicyId"), 0))
        yield Outcome(_policy_ref(policy), disks > 0, {"disks": disks, "retention_days": policy.get("RetentionDays")})


def policy_not_normal(data, thresholds, ctx):
    for policy in data["auto_snapshot_policies"]:
        yield Outcome(_policy_ref(policy), policy.get("Status", "Normal") == "Normal",
                      {"status": policy.get("Status"), "disks": int_or_none(policy.get("DiskNums")) or 0})


def policy_infrequent(data, thresholds, ctx):
    for policy in data["auto_snapshot_policies"]:
        gap = weekday_gap_days(_weekdays(policy))
        if gap is None:
            continue
        yield Outcome(_policy_ref(policy), gap <= thresholds["max_gap_days"],
                      {"weekdays": ",".join(_weekdays(policy)), "gap_days": gap, "max_gap_days": thresholds["max_gap_days"]})


_POLICY_EN = ("Apply an automatic snapshot policy (ECS console > Storage & Snapshots > Automatic Snapshot Policies > "
              "Apply to disks, or ApplyAutoSnapshotPolicy) that runs at least daily and keeps at least 7 days. ")
_POLICY_ZH = "请为其应用每天执行、至少保留 7 天的自动快照策略（ECS 控制台 > 存储与快照 > 自动快照策略 > 设置磁盘，或 ApplyAutoSnapshotPolicy）。"

CHECKS = [
    Check(
        id="apsara_disk_no_auto_snapshot_policy",
        platform="apsara",
        pillar="backup",
        severity="high",
        resource_type="disk",
        requires=("disks",),
        title=bilingual("Disk has no automatic snapshot policy", "云盘未应用自动快照策略"),
        message=bilingual("Disk {name} ({disk_type}, {size_gib} GiB, instance {instance_id}) has no automatic snapshot policy.",
                          "云盘 {name}（{disk_type}，{size_gib} GiB，实例 {instance_id}）未应用任何自动快照策略。"),
        remediation=bilingual(
            _POLICY_EN + "Without it the disk has no restore point after a deletion, a ransomware attack or a bad change.",
            _POLICY_ZH + "否则一旦误删、遭遇勒索病毒或变更失败，该云盘没有任何可恢复点。"),
        func=disk_no_auto_snapshot_policy,
    ),
    Check(
        id="apsara_disk_auto_snapshot_disabled",
        platform="apsara",
        pillar="backup",
        severity="high",
        resource_type="disk",
        requires=("disks",),
        title=bilingual("Data disk has a snapshot policy but automatic snapshots are off", "数据盘已关联快照策略但自动快照未启用"),
        message=bilingual("Data disk {name} (instance {instance_id}) references policy {policy_id} but EnableAutoSnapshot is false.",
                          "数据盘 {name}（实例 {instance_id}）关联了快照策略 {policy_id}，但 EnableAutoSnapshot 为 false。"),
        remediation=bilingual(
            "The policy takes no snapshot of this disk while automatic snapshots are disabled on it. Re-apply the policy "
            "to the disk (ApplyAutoSnapshotPolicy) and check on the next scheduled time point that a snapshot appears.",
            "该云盘关闭了自动快照，策略不会为其创建快照。请重新为该云盘应用快照策略（ApplyAutoSnapshotPolicy），并在下一个执行时间点后确认已生成快照。"),
        func=disk_auto_snapshot_disabled,
    ),
    Check(
        id="apsara_disk_snapshot_stale",
        platform="apsara",
        pillar="backup",
        severity="high",
        resource_type="disk",
        requires=("disks", "snapshots"),
        title=bilingual("Newest snapshot of a protected disk is older than the RPO", "受保护云盘的最新快照超出 RPO"),
        message=bilingual("Disk {name} (policy {policy_id}) last has a completed snapshot from {last_snapshot} ({hours_since} h ago, "
                          "RPO {max_hours} h).",
                          "云盘 {name}（策略 {policy_id}）最近一次成功快照时间为 {last_snapshot}（{hours_since} 小时前，RPO {max_hours} 小时）。"),
        remediation=bilingual(
            "The policy is applied but no snapshot completed in time. Check the policy's time points and weekdays, the "
            "snapshot quota of the disk, and failed snapshots in the snapshot list; take a manual snapshot now "
            "(CreateSnapshot) so the data has a fresh restore point.",
            "已应用策略但未按时生成快照。请检查策略的执行时间点与重复日期、云盘快照配额以及快照列表中的失败记录，并立即手动创建一次快照"
            "（CreateSnapshot），确保数据有新的恢复点。"),
        thresholds={"max_hours": 26, "critical_hours": 168},
        func=disk_snapshot_stale,
    ),
    Check(
        id="apsara_snapshot_failed",
        platform="apsara",
        pillar="backup",
        severity="high",
        resource_type="snapshot",
        requires=("snapshots", "disks"),
        title=bilingual("Snapshot failed", "快照创建失败"),
        message=bilingual("Snapshot {name} of disk {disk} (created {created}) has status {status} (last {lookback_days} days).",
                          "云盘 {disk} 的快照 {name}（创建于 {created}）状态为 {status}（统计近 {lookback_days} 天）。"),
        remediation=bilingual(
            "Delete the failed snapshot, check the disk's snapshot quota and the state of the disk and its instance, "
            "then create a new snapshot manually and confirm it reaches accomplished; open a support ticket if it fails "
            "again.",
            "删除失败的快照，检查云盘快照配额及云盘和实例状态，然后手动创建一次快照并确认状态变为 accomplished；再次失败请提交工单。"),
        thresholds={"lookback_days": 7},
        func=snapshot_failed,
    ),
    Check(
        id="apsara_snapshot_stuck_progressing",
        platform="apsara",
        pillar="backup",
        severity="medium",
        resource_type="snapshot",
        requires=("snapshots",),
        title=bilingual("Snapshot stuck in progressing", "快照长时间处于创建中"),
        message=bilingual("Snapshot {name} of disk {disk_id} has been progressing for {hours} h ({progress}, limit {max_hours} h).",
                          "云盘 {disk_id} 的快照 {name} 已创建 {hours} 小时仍未完成（进度 {progress}，阈值 {max_hours} 小时）。"),
        remediation=bilingual(
            "A first full snapshot of a large disk can take hours, later ones should not. Check the storage cluster load "
            "and the disk's I/O; if progress does not move, open an Apsara Stack support ticket with the snapshot id "
            "before the next scheduled snapshot queues behind it.",
            "大容量云盘的首次全量快照可能需要数小时，后续增量快照不应如此。请检查存储集群负载和云盘 I/O；若进度长时间不变，请携带快照 ID "
            "提交专有云工单，避免后续定时快照排队失败。"),
        thresholds={"max_hours": 6},
        func=snapshot_stuck,
    ),
    Check(
        id="apsara_auto_snapshot_policy_short_retention",
        platform="apsara",
        pillar="backup",
        severity="medium",
        resource_type="auto_snapshot_policy",
        requires=("auto_snapshot_policies",),
        title=bilingual("Automatic snapshot policy keeps snapshots too briefly", "自动快照策略保留天数过短"),
        message=bilingual("Snapshot policy {name} keeps snapshots for {retention_days} days (minimum {min_days}; weekdays {weekdays}).",
                          "自动快照策略 {name} 的快照保留 {retention_days} 天（最少 {min_days} 天；执行日 {weekdays}）。"),
        remediation=bilingual(
            "Raise the retention (ModifyAutoSnapshotPolicyEx RetentionDays) to at least a week, or longer where the "
            "business asks for it: corruption or a deleted file is often noticed only days later, when short-lived "
            "snapshots have already been rotated out.",
            "请将保留天数（ModifyAutoSnapshotPolicyEx RetentionDays）提高到至少 7 天，业务有要求的更长：数据损坏或误删往往几天后才被发现，"
            "届时保留期过短的快照已被轮转删除。"),
        thresholds={"min_days": 7},
        func=policy_short_retention,
    ),
    Check(
        id="apsara_auto_snapshot_policy_infrequent",
        platform="apsara",
        pillar="backup",
        severity="medium",
        resource_type="auto_snapshot_policy",
        requires=("auto_snapshot_policies",),
        title=bilingual("Automatic snapshot policy does not run often enough", "自动快照策略执行间隔过长"),
        message=bilingual("Snapshot policy {name} runs on weekdays {weekdays}: up to {gap_days} days between snapshots "
                          "(limit {max_gap_days}).",
                          "自动快照策略 {name} 的执行日为 {weekdays}，两次快照最长间隔 {gap_days} 天（阈值 {max_gap_days} 天）。"),
        remediation=bilingual(
            "Set the policy to run every day (RepeatWeekdays 1-7) so the restore point is never more than a day old; "
            "a weekly policy means up to a week of data loss for every disk that uses it.",
            "请将策略设置为每天执行（重复日期 1-7），保证恢复点不早于一天前；每周执行一次意味着使用该策略的云盘最多会丢失一周的数据。"),
        thresholds={"max_gap_days": 1},
        func=policy_infrequent,
    ),
    Check(
        id="apsara_auto_snapshot_policy_unused",
        platform="apsara",
        pillar="backup",
        severity="low",
        resource_type="auto_snapshot_policy",
        requires=("auto_snapshot_policies", "disks"),
        title=bilingual("Automatic snapshot policy is applied to no disk", "自动快照策略未应用到任何云盘"),
        message=bilingual("Snapshot policy {name} (retention {retention_days} days) is applied to {disks} disks.",
                          "自动快照策略 {name}（保留 {retention_days} 天）应用的云盘数为 {disks}。"),
        remediation=bilingual(
            "Either the disks it was meant for are unprotected (apply it to them) or the policy is left over (delete it "
            "so the policy list shows only what really protects data).",
            "要么原计划使用该策略的云盘未受保护（请为其应用该策略），要么这是遗留策略（请删除，使策略列表只保留真正在保护数据的策略）。"),
        func=policy_unused,
    ),
    Check(
        id="apsara_auto_snapshot_policy_expired",
        platform="apsara",
        pillar="backup",
        severity="high",
        resource_type="auto_snapshot_policy",
        requires=("auto_snapshot_policies",),
        title=bilingual("Automatic snapshot policy is not in Normal status", "自动快照策略状态异常"),
        message=bilingual("Snapshot policy {name} is {status} and applies to {disks} disks.",
                          "自动快照策略 {name} 状态为 {status}，关联云盘数 {disks}。"),
        remediation=bilingual(
            "An Expire policy takes no snapshots, usually because the account is overdue. Settle the account with the "
            "Apsara Stack operator, then confirm new snapshots appear at the next time point.",
            "状态为 Expire 的策略不会再创建快照，通常是账号欠费所致。请联系专有云运营方处理欠费，并在下一个执行时间点后确认已生成新快照。"),
        func=policy_not_normal,
    ),
]

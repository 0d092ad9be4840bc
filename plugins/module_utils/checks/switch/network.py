# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch ports and topology: error-down ports, interface errors, uplinks, STP, LLDP against the cabling plan."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch._common import part_ref, site, switch_ref, uplinks
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch.names import short_ifname
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual

UPLINK_PATTERN = r"^(uplink|to-)"


def _short(name):
    # the collector already shortened the switch's own names; the plan may use long ones
    return short_ifname(name)


def interface_errdown(data, thresholds, ctx):
    down = dict((e["interface"], e["cause"]) for e in data["errdown"])
    for name, cause in sorted(down.items()):
        yield Outcome(part_ref("interface", data, ctx, name), False, {"cause": cause or "-"})
    if not down:
        yield Outcome(switch_ref(data, ctx), True, {"errdown_count": 0})


def interface_errors(data, thresholds, ctx):
    limit = thresholds["max_errors_count"]
    for item in data["interfaces"]:
        if item.get("in_errors") is None and item.get("out_errors") is None:
            continue
        total = int((item.get("in_errors") or 0) + (item.get("out_errors") or 0))
        yield Outcome(part_ref("interface", data, ctx, item["name"]), total <= limit,
                      {"in_errors": int(item.get("in_errors") or 0), "out_errors": int(item.get("out_errors") or 0),
                       "errors_count": total, "max_errors_count": limit})


def uplink_down(data, thresholds, ctx):
    for item in uplinks(data, thresholds):
        yield Outcome(part_ref("interface", data, ctx, item["name"]), item["phy"] == "up",
                      {"phy": item["phy"], "description": item.get("description") or "-"})


def stp_port_blocked(data, thresholds, ctx):
    """A designated or root port that is not forwarding: the port carries no traffic though it should."""
    for port in data["stp"]:
        if port["role"] in ("DESI", "ROOT"):
            yield Outcome(part_ref("interface", data, ctx, port["port"]), port["state"] in ("forwarding",),
                          {"role": port["role"], "state": port["state"], "instance": port["instance"]})


def stp_unexpected_root(data, thresholds, ctx):
    """No root port means this switch is the root bridge: fine only where the site planned it."""
    planned = bool(site(data).get("stp_root_bridge"))
    instances = sorted(set(p["instance"] for p in data["stp"]))
    for instance in instances:
        has_root_port = any(p["role"] == "ROOT" and p["instance"] == instance for p in data["stp"])
        yield Outcome(part_ref("stp_instance", data, ctx, "MSTI%s" % instance), has_root_port or planned,
                      {"instance": instance, "planned_root": planned, "root_port": has_root_port})


def stp_topology_change(data, thresholds, ctx):
    """A recent topology change (MAC tables flushed, traffic flooded) or a TC counter past the limit."""
    recent = thresholds.get("recent_tc_minutes")
    limit = thresholds.get("max_tc_received")
    for inst in data["stp_tc"]:
        since, received = inst.get("seconds_since_last_tc"), inst.get("tc_received")
        is_recent = since is not None and recent is not None and since < recent * 60
        too_many = received is not None and limit is not None and received > limit
        minutes = round(since / 60.0, 1) if since is not None else "-"
        yield Outcome(part_ref("stp_instance", data, ctx, inst["instance"]), not (is_recent or too_many),
                      {"instance": inst["instance"], "minutes_since_last_tc": minutes,
                       "tc_received": received if received is not None else "-",
                       "tc_count": inst["tc_count"] if inst.get("tc_count") is not None else "-",
                       "last_tc_port": inst.get("last_tc_port") or "-",
                       "recent_tc_minutes": recent, "max_tc_received": limit})


def lldp_neighbor_missing(data, thresholds, ctx):
    """Every port of the cabling plan, and every uplink that is up, must see an LLDP neighbour."""
    seen = dict((n["local_interface"], n) for n in data["lldp"])
    expected = dict((_short(k), v) for k, v in (site(data).get("expected_lldp") or {}).items())
    ports = dict((name, "plan") for name in expected)
    for item in uplinks(data, thresholds):
        if item["phy"] == "up":
            ports.setdefault(item["name"], "uplink")
    descriptions = dict((i["name"], i.get("description") or "-") for i in data["interfaces"])
    for name, why in sorted(ports.items()):
        plan = expected.get(name) or {}
        yield Outcome(part_ref("interface", data, ctx, name), name in seen,
                      {"expected": plan.get("system") or "-", "source": why, "description": descriptions.get(name, "-")})


def lldp_neighbor_mismatch(data, thresholds, ctx):
    """A neighbour that is there but not the one the cabling plan names (system, and port when given)."""
    seen = dict((n["local_interface"], n) for n in data["lldp"])
    for name, plan in sorted((site(data).get("expected_lldp") or {}).items()):
        neighbor = seen.get(_short(name))
        if neighbor is None:
            continue        # switch_lldp_neighbor_missing reports it
        system_ok = (plan.get("system") or "").lower() == (neighbor["neighbor"] or "").lower()
        port_ok = not plan.get("port") or _short(plan["port"]) == _short(neighbor["neighbor_port"])
        yield Outcome(part_ref("interface", data, ctx, _short(name)), system_ok and port_ok,
                      {"expected": "%s %s" % (plan.get("system") or "-", plan.get("port") or ""),
                       "seen": "%s %s" % (neighbor["neighbor"], neighbor["neighbor_port"])})


CHECKS = [
    Check(
        id="switch_interface_errdown",
        platform="switch",
        pillar="availability",
        severity="high",
        resource_type="interface",
        requires=("device", "errdown"),
        title=bilingual("Switch port is error-down", "交换机端口处于 error-down 状态"),
        message=bilingual("Port {name} was shut by the switch: {cause}.", "端口 {name} 被交换机自动关闭：{cause}。"),
        remediation=bilingual(
            "Find what triggered the protection (a BPDU on an edge port: a loop or an unauthorised switch), remove the cause, "
            "then `shutdown` / `undo shutdown` the port or enable `error-down auto-recovery` for that cause.",
            "排查触发保护的原因（边缘端口收到 BPDU：环路或私接交换机），消除原因后对端口执行 `shutdown` / `undo shutdown`，"
            "或为该原因启用 `error-down auto-recovery`。"),
        func=interface_errdown,
    ),
    Check(
        id="switch_interface_errors",
        platform="switch",
        pillar="availability",
        severity="medium",
        resource_type="interface",
        requires=("device", "interfaces"),
        title=bilingual("Switch port counts input/output errors", "交换机端口存在收发错包"),
        message=bilingual("Port {name} counts {in_errors} input and {out_errors} output errors (threshold {max_errors_count}).",
                          "端口 {name} 累计 {in_errors} 个入方向和 {out_errors} 个出方向错包（阈值 {max_errors_count}）。"),
        remediation=bilingual(
            "Check the optics and cable (`display transceiver`), duplex and speed on both ends; clear the counters after the "
            "fix and watch whether they grow again.",
            "检查光模块和线缆（`display transceiver`）以及两端的速率、双工；修复后清除计数并观察是否继续增长。"),
        thresholds={"max_errors_count": 0},
        func=interface_errors,
    ),
    Check(
        id="switch_uplink_down",
        platform="switch",
        pillar="availability",
        severity="critical",
        resource_type="interface",
        requires=("device", "interfaces"),
        title=bilingual("Switch uplink is down", "交换机上联端口中断"),
        message=bilingual("Uplink {name} ({description}) is {phy}.", "上联端口 {name}（{description}）状态为 {phy}。"),
        remediation=bilingual(
            "Restore the link (optics, cable, the peer's port); the switch runs without uplink redundancy, or is cut off, "
            "until then. Uplinks are the site's `switch_uplinks` and ports whose description matches the pattern.",
            "恢复该链路（光模块、线缆、对端端口）；恢复前交换机缺少上联冗余甚至失联。上联端口为站点变量 `switch_uplinks` "
            "中列出的端口以及描述符合匹配规则的端口。"),
        thresholds={"uplink_description_pattern": UPLINK_PATTERN},
        func=uplink_down,
    ),
    Check(
        id="switch_stp_port_blocked",
        platform="switch",
        pillar="availability",
        severity="high",
        resource_type="interface",
        requires=("device", "stp"),
        title=bilingual("STP root or designated port is not forwarding", "STP 根端口或指定端口未处于转发状态"),
        message=bilingual("Port {name} is {role} in instance {instance} but {state}.",
                          "端口 {name} 在实例 {instance} 中角色为 {role}，但状态为 {state}。"),
        remediation=bilingual(
            "Look for a topology change in progress, a loop guard or root protection action (`display stp interface`), and "
            "for the peer's view of the link; an unexpected block cuts traffic.",
            "检查是否有正在进行的拓扑变化、环路保护或根保护动作（`display stp interface`），并核对对端的链路状态；非预期的阻塞会中断业务。"),
        func=stp_port_blocked,
    ),
    Check(
        id="switch_stp_unexpected_root",
        platform="switch",
        pillar="availability",
        severity="medium",
        resource_type="stp_instance",
        requires=("device", "stp", "site"),
        title=bilingual("Switch is STP root bridge though not planned as root", "交换机成为非计划的 STP 根桥"),
        message=bilingual("{name}: no root port, so this switch is the root bridge (planned root: {planned_root}).",
                          "{name}：没有根端口，即本交换机为根桥（计划根桥：{planned_root}）。"),
        remediation=bilingual(
            "Set the planned root's priority (`stp root primary` on the distribution pair) and check this switch's uplinks; "
            "an access switch as root shifts all traffic through it. Mark planned roots with `switch_stp_root_bridge: true`.",
            "在汇聚交换机上设置计划根桥的优先级（`stp root primary`），并检查本交换机上联；接入交换机成为根桥会让流量绕行。"
            "计划中的根桥请设置 `switch_stp_root_bridge: true`。"),
        func=stp_unexpected_root,
    ),
    Check(
        id="switch_stp_topology_change",
        platform="switch",
        pillar="availability",
        severity="medium",
        resource_type="stp_instance",
        requires=("device", "stp_tc"),
        title=bilingual("Recent or frequent STP topology changes", "STP 拓扑近期发生变化或变化过于频繁"),
        message=bilingual(
            "{name}: last topology change {minutes_since_last_tc} min ago (port {last_tc_port}), {tc_received} TC/TCN "
            "received (limits: {recent_tc_minutes} min, {max_tc_received} TCs).",
            "{name}：最近一次拓扑变化发生在 {minutes_since_last_tc} 分钟前（端口 {last_tc_port}），已收到 {tc_received} 个 TC/TCN"
            "（阈值：{recent_tc_minutes} 分钟，{max_tc_received} 个）。"),
        remediation=bilingual(
            "Every topology change flushes MAC tables and floods traffic. Find the port that raised it (`Last TC occurred` "
            "in Huawei `display stp`; on Comware the log buffer around that time), look for a flapping link or a host port "
            "without `stp edged-port`, and confirm the counters stop growing.",
            "每次拓扑变化都会清空 MAC 表并导致流量泛洪。找出触发变化的端口（华为 `display stp` 中的 `Last TC occurred`；"
            "华三查看该时间点前后的日志缓冲区），检查是否有震荡的链路或未配置 `stp edged-port` 的主机端口，并确认计数不再增长。"),
        # recent: the last TC within this many minutes. The received counter runs since boot, so its limit is high.
        thresholds={"recent_tc_minutes": 60, "max_tc_received": 10000},
        func=stp_topology_change,
    ),
    Check(
        id="switch_lldp_neighbor_missing",
        platform="switch",
        pillar="availability",
        severity="high",
        resource_type="interface",
        requires=("device", "lldp", "interfaces", "site"),
        title=bilingual("Expected LLDP neighbour is missing", "缺少预期的 LLDP 邻居"),
        message=bilingual("Port {name} ({description}) sees no LLDP neighbour (expected: {expected}; from {source}).",
                          "端口 {name}（{description}）没有 LLDP 邻居（预期：{expected}；依据：{source}）。"),
        remediation=bilingual(
            "Check the cabling against the plan and that LLDP runs on both ends; a link that is up without a neighbour is "
            "often patched to the wrong port, or the peer (a cloud gateway) has lost its LLDP agent.",
            "按布线规划核对线缆，并确认两端均启用 LLDP；链路 up 但没有邻居，通常是跳线接错端口，或对端（云网关）的 LLDP 代理已停止。"),
        thresholds={"uplink_description_pattern": UPLINK_PATTERN},
        func=lldp_neighbor_missing,
    ),
    Check(
        id="switch_lldp_neighbor_mismatch",
        platform="switch",
        pillar="operations",
        severity="medium",
        resource_type="interface",
        requires=("device", "lldp", "site"),
        title=bilingual("LLDP neighbour differs from the cabling plan", "LLDP 邻居与布线规划不符"),
        message=bilingual("Port {name} sees {seen}, the plan says {expected}.", "端口 {name} 的邻居为 {seen}，规划为 {expected}。"),
        remediation=bilingual(
            "Correct the patching or the plan (`switch_expected_lldp`); a wrong cable breaks the redundancy the design assumes.",
            "修正跳线或更新布线规划（`switch_expected_lldp`）；接错的线缆会破坏设计所依赖的冗余。"),
        func=lldp_neighbor_mismatch,
    ),
]

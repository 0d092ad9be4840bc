# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack security checks: security-group ingress rules open to the whole internet.

Two rule shapes exist: the classic one (allowedCidr, startPort, endPort; -1 means any port) and
the 4.x one (srcIpRange, dstPortRange like "22", "1000-2000" or "22,80", action, state).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual

WORLD = ("0.0.0.0/0", "::/0", "0.0.0.0-255.255.255.255", "0.0.0.0/0.0.0.0")
ALL_PORTS = (1, 65535)


def _is_world(rule):
    sources = []
    for key in ("allowedCidr", "srcIpRange"):
        sources.extend(part.strip() for part in str(rule.get(key) or "").split(","))
    return any(source in WORLD for source in sources)


def _port_ranges(rule):
    """[(low, high), ...] the rule opens; ALL_PORTS for any-port rules; [] for ICMP."""
    protocol = str(rule.get("protocol") or "").upper()
    if protocol == "ALL":
        return [ALL_PORTS]
    if protocol not in ("TCP", "UDP"):
        return []
    text = rule.get("dstPortRange")
    if text:
        ranges = []
        for part in str(text).split(","):
            low, _sep, high = part.strip().partition("-")
            if low.strip().isdigit():
                ranges.append((int(low), int(high) if high.strip().isdigit() else int(low)))
        return ranges
    start, end = rule.get("startPort"), rule.get("endPort")
    if start in (None, -1, "") or end in (None, -1, ""):
        return [ALL_PORTS]
    return [(int(start), int(end))]


def open_world_ranges(group):
    """Port ranges of the group's active ingress rules that accept 0.0.0.0/0."""
    if group.get("state") == "Disabled":
        return []
    ranges = []
    for rule in group.get("rules") or []:
        if rule.get("type") != "Ingress" or rule.get("state") == "Disabled":
            continue
        if str(rule.get("action") or "ACCEPT").upper() != "ACCEPT" or not _is_world(rule):
            continue
        ranges.extend(_port_ranges(rule))
    return ranges


def _ports_open(ports):
    def func(data, thresholds, ctx):
        wanted = thresholds[ports]
        for group in data["security_groups"]:
            ranges = open_world_ranges(group)
            exposed = sorted(set(p for p in wanted for low, high in ranges if low <= p <= high))
            yield Outcome(ref("security_group", group), not exposed,
                          {"open_ports": ", ".join(str(p) for p in exposed) or "-",
                           "attached_l3": len(group.get("attachedL3NetworkUuids") or [])})
    return func


def sg_all_ports_open(data, thresholds, ctx):
    for group in data["security_groups"]:
        widest = max([high - low + 1 for low, high in open_world_ranges(group)] or [0])
        yield Outcome(ref("security_group", group), widest < thresholds["max_open_ports_count"],
                      {"widest_range_ports": widest, "max_open_ports_count": thresholds["max_open_ports_count"]})


_REVOKE_EN = ("Replace the 0.0.0.0/0 source with the administrators' bastion or office CIDR (Security Groups > Rules), "
              "or remove the rule and reach the service through a VPN/bastion host. ")
_REVOKE_ZH = "在「安全组 > 规则」中将来源 0.0.0.0/0 改为运维堡垒机或办公网段，或删除该规则、改为通过 VPN/堡垒机访问。"

CHECKS = [
    Check(
        id="zstack_sg_ssh_open_world",
        platform="zstack",
        pillar="security",
        severity="high",
        resource_type="security_group",
        requires=("security_groups",),
        title=bilingual("Security group allows SSH from anywhere", "安全组允许任意地址访问 SSH"),
        message=bilingual("Security group {name} accepts 0.0.0.0/0 on port {open_ports} ({attached_l3} L3 networks attached).",
                          "安全组 {name} 对 0.0.0.0/0 开放了 {open_ports} 端口（已挂载 {attached_l3} 个三层网络）。"),
        remediation=bilingual(
            _REVOKE_EN + "SSH open to the internet is brute-forced within minutes; also enforce key-only login.",
            _REVOKE_ZH + "对公网开放的 SSH 几分钟内就会遭到暴力破解，同时应强制使用密钥登录。"),
        thresholds={"ports": [22]},
        func=_ports_open("ports"),
    ),
    Check(
        id="zstack_sg_rdp_open_world",
        platform="zstack",
        pillar="security",
        severity="high",
        resource_type="security_group",
        requires=("security_groups",),
        title=bilingual("Security group allows RDP from anywhere", "安全组允许任意地址访问远程桌面（RDP）"),
        message=bilingual("Security group {name} accepts 0.0.0.0/0 on port {open_ports} ({attached_l3} L3 networks attached).",
                          "安全组 {name} 对 0.0.0.0/0 开放了 {open_ports} 端口（已挂载 {attached_l3} 个三层网络）。"),
        remediation=bilingual(
            _REVOKE_EN + "Internet-facing RDP is a common ransomware entry point; enable NLA and account lockout.",
            _REVOKE_ZH + "对公网开放的 RDP 是勒索病毒最常见的入口，同时应开启 NLA 和账户锁定策略。"),
        thresholds={"ports": [3389]},
        func=_ports_open("ports"),
    ),
    Check(
        id="zstack_sg_db_open_world",
        platform="zstack",
        pillar="security",
        severity="critical",
        resource_type="security_group",
        requires=("security_groups",),
        title=bilingual("Security group exposes database ports to anywhere", "安全组对任意地址开放数据库端口"),
        message=bilingual("Security group {name} accepts 0.0.0.0/0 on database port(s) {open_ports} "
                          "({attached_l3} L3 networks attached).",
                          "安全组 {name} 对 0.0.0.0/0 开放了数据库端口 {open_ports}（已挂载 {attached_l3} 个三层网络）。"),
        remediation=bilingual(
            "Allow database ports only from the application servers' security group or subnet and remove the "
            "0.0.0.0/0 rule; exposed MySQL, Redis, MongoDB or Elasticsearch instances are scanned and wiped or "
            "held for ransom routinely.",
            "数据库端口只允许应用服务器所在安全组或网段访问，删除 0.0.0.0/0 规则；暴露在外的 MySQL、Redis、MongoDB、"
            "Elasticsearch 经常被扫描后删库或勒索。"),
        thresholds={"ports": [1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017]},
        func=_ports_open("ports"),
    ),
    Check(
        id="zstack_sg_all_ports_open_world",
        platform="zstack",
        pillar="security",
        severity="high",
        resource_type="security_group",
        requires=("security_groups",),
        title=bilingual("Security group opens a wide port range to anywhere", "安全组对任意地址开放大范围端口"),
        message=bilingual("Security group {name} accepts 0.0.0.0/0 on a range of {widest_range_ports} ports "
                          "(limit {max_open_ports_count}).",
                          "安全组 {name} 对 0.0.0.0/0 开放了连续 {widest_range_ports} 个端口（阈值 {max_open_ports_count}）。"),
        remediation=bilingual(
            "Replace allow-all rules (protocol ALL or port range 1-65535) with rules for the specific service ports "
            "the application publishes; everything else should be reachable only from internal CIDRs.",
            "将「全部协议」或 1-65535 端口的放通规则替换为业务实际对外发布的端口，其余端口只允许内网网段访问。"),
        thresholds={"max_open_ports_count": 100},
        func=sg_all_ports_open,
    ),
]

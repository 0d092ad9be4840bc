# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack security checks: security-group ingress rules open to the whole internet.

Two rule shapes exist: the classic one (allowedCidr, startPort, endPort; -1 means any port) and
the 4.x one (srcIpRange, dstPortRange like "22", "1000-2000" or "22,80", action, state).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import (
    ALL_PORTS,
    WORLD,
    list_field,
    world_ports_open,
    world_range_too_wide,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual

# ZStack 4.x srcIpRange also spells "everyone" as an address range or a dotted netmask.
ZSTACK_WORLD = WORLD + ("0.0.0.0-255.255.255.255", "0.0.0.0/0.0.0.0")


def _is_world(rule):
    sources = []
    for key in ("allowedCidr", "srcIpRange"):
        sources.extend(part.strip() for part in str(rule.get(key) or "").split(","))
    return any(source in ZSTACK_WORLD for source in sources)


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


def world_entries(group):
    """World entries (see checks/common) of the group's active ingress rules that accept 0.0.0.0/0.

    ZStack rules have no priority and Drop rules never shadow an Accept, so every entry is an Accept.
    """
    if group.get("state") == "Disabled":
        return []
    entries = []
    for rule in group.get("rules") or []:
        if rule.get("type") != "Ingress" or rule.get("state") == "Disabled":
            continue
        if str(rule.get("action") or "ACCEPT").upper() != "ACCEPT" or not _is_world(rule):
            continue
        entries.extend((1, "accept", ports) for ports in _port_ranges(rule))
    return entries


def _world_by_group(data):
    for group in data["security_groups"]:
        yield ref("security_group", group), world_entries(group), {"attached_l3": len(list_field(group, "attachedL3NetworkUuids"))}


_REVOKE_EN = ("Replace the 0.0.0.0/0 source with the administrators' bastion or office CIDR (Security Groups > Rules), "
              "or remove the rule and reach the service through a VPN/bastion host. ")
_REVOKE_ZH = "在「安全组 > 规则」中将来源 0.0.0.0/0 改为运维堡垒机或办公网段，或删除该规则、改为通过 VPN/堡垒机访问。"

_PORTS_MESSAGE = bilingual("Security group {name} accepts 0.0.0.0/0 on port {open_ports} ({attached_l3} L3 networks attached).",
                           "安全组 {name} 对 0.0.0.0/0 开放了 {open_ports} 端口（已挂载 {attached_l3} 个三层网络）。")


def _ports_check(check_id, severity, title, remediation, ports, message=None):
    """One "these ports are open to the internet" check (SSH, RDP, databases differ only in data)."""
    return Check(
        id=check_id,
        platform="zstack",
        pillar="security",
        severity=severity,
        resource_type="security_group",
        requires=("security_groups",),
        title=title,
        message=message or _PORTS_MESSAGE,
        remediation=remediation,
        thresholds={"ports": ports},
        func=world_ports_open(_world_by_group),
    )


CHECKS = [
    _ports_check(
        "zstack_sg_ssh_open_world", "high",
        bilingual("Security group allows SSH from anywhere", "安全组允许任意地址访问 SSH"),
        bilingual(_REVOKE_EN + "SSH open to the internet is brute-forced within minutes; also enforce key-only login.",
                  _REVOKE_ZH + "对公网开放的 SSH 几分钟内就会遭到暴力破解，同时应强制使用密钥登录。"),
        [22]),
    _ports_check(
        "zstack_sg_rdp_open_world", "high",
        bilingual("Security group allows RDP from anywhere", "安全组允许任意地址访问远程桌面（RDP）"),
        bilingual(_REVOKE_EN + "Internet-facing RDP is a common ransomware entry point; enable NLA and account lockout.",
                  _REVOKE_ZH + "对公网开放的 RDP 是勒索病毒最常见的入口，同时应开启 NLA 和账户锁定策略。"),
        [3389]),
    _ports_check(
        "zstack_sg_db_open_world", "critical",
        bilingual("Security group exposes database ports to anywhere", "安全组对任意地址开放数据库端口"),
        bilingual(
            "Allow database ports only from the application servers' security group or subnet and remove the "
            "0.0.0.0/0 rule; exposed MySQL, Redis, MongoDB or Elasticsearch instances are scanned and wiped or "
            "held for ransom routinely.",
            "数据库端口只允许应用服务器所在安全组或网段访问，删除 0.0.0.0/0 规则；暴露在外的 MySQL、Redis、MongoDB、"
            "Elasticsearch 经常被扫描后删库或勒索。"),
        [1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017],
        message=bilingual("Security group {name} accepts 0.0.0.0/0 on database port(s) {open_ports} "
                          "({attached_l3} L3 networks attached).",
                          "安全组 {name} 对 0.0.0.0/0 开放了数据库端口 {open_ports}（已挂载 {attached_l3} 个三层网络）。")),
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
        func=world_range_too_wide(_world_by_group),
    ),
]

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack security-group checks: ingress open to the internet, empty and unused groups.

Permissions come from DescribeSecurityGroupAttribute (IpProtocol, PortRange "22/22", SourceCidrIp,
Policy Accept/Drop, Direction, Priority 1..100).  A port counts as exposed only when the best
internet-wide Accept rule beats every internet-wide Drop rule covering it (ties go to Drop).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import inner_list, sg_ref, world_ingress
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import world_ports_open, world_range_too_wide
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import int_or_none


def _groups_with_rules(data):
    rules = data["security_group_rules"]
    for group in data["security_groups"]:
        group_id = group.get("SecurityGroupId")
        if group_id in rules:
            yield group, rules[group_id] or []


def _world_by_group(data):
    for group, rules in _groups_with_rules(data):
        yield sg_ref(group), world_ingress(rules), {"vpc_id": group.get("VpcId") or "-"}


def sg_no_rules(data, thresholds, ctx):
    for group, rules in _groups_with_rules(data):
        ingress = [r for r in rules if str(r.get("Direction") or "ingress").lower() == "ingress"]
        yield Outcome(sg_ref(group), bool(rules), {"rules": len(rules), "ingress_rules": len(ingress)})


def sg_unused(data, thresholds, ctx):
    used = {}
    for instance in data["instances"]:
        for group_id in inner_list(instance.get("SecurityGroupIds"), "SecurityGroupId"):
            used[group_id] = used.get(group_id, 0) + 1
    for group in data["security_groups"]:
        members = max(used.get(group.get("SecurityGroupId"), 0), int_or_none(group.get("EcsCount")) or 0)
        yield Outcome(sg_ref(group), members > 0, {"instances": members, "vpc_id": group.get("VpcId") or "-"})


_REVOKE_EN = ("Replace the 0.0.0.0/0 source with the bastion host or office CIDR (ECS console > Security Groups > Rules, "
              "or RevokeSecurityGroup then AuthorizeSecurityGroup), or reach the service through a VPN or bastion host. ")
_REVOKE_ZH = ("在「ECS 控制台 > 安全组 > 配置规则」中将授权对象 0.0.0.0/0 改为堡垒机或办公网段（或 RevokeSecurityGroup 后重新 "
              "AuthorizeSecurityGroup），或改为通过 VPN/堡垒机访问。")
_PORTS_MESSAGE = bilingual("Security group {name} ({vpc_id}) accepts 0.0.0.0/0 on port(s) {open_ports}.",
                           "安全组 {name}（{vpc_id}）对 0.0.0.0/0 放通了端口 {open_ports}。")


def _ports_check(check_id, severity, title, remediation, ports):
    """One "these ports are open to the internet" check (SSH, RDP, databases differ only in data)."""
    return Check(
        id=check_id,
        platform="apsara",
        pillar="security",
        severity=severity,
        resource_type="security_group",
        requires=("security_groups", "security_group_rules"),
        title=title,
        message=_PORTS_MESSAGE,
        remediation=remediation,
        thresholds={"ports": ports},
        func=world_ports_open(_world_by_group),
    )


CHECKS = [
    _ports_check(
        "apsara_sg_ssh_open_world", "high",
        bilingual("Security group allows SSH from the internet", "安全组对公网放通 SSH（22）"),
        bilingual(_REVOKE_EN + "SSH open to the internet is brute-forced within minutes; also enforce key-only login.",
                  _REVOKE_ZH + "对公网开放的 SSH 几分钟内就会遭到暴力破解，同时应强制使用密钥登录。"),
        [22]),
    _ports_check(
        "apsara_sg_rdp_open_world", "high",
        bilingual("Security group allows RDP from the internet", "安全组对公网放通远程桌面（3389）"),
        bilingual(_REVOKE_EN + "Internet-facing RDP is a common ransomware entry point; enable NLA and account lockout.",
                  _REVOKE_ZH + "对公网开放的 RDP 是勒索病毒最常见的入口，同时应开启 NLA 和账户锁定策略。"),
        [3389]),
    _ports_check(
        "apsara_sg_db_open_world", "critical",
        bilingual("Security group exposes database ports to the internet", "安全组对公网放通数据库端口"),
        bilingual(
            "Allow database ports only from the application servers' security group or vSwitch CIDR and remove the "
            "0.0.0.0/0 rule. Exposed MySQL, SQL Server, PostgreSQL, Redis and MongoDB instances are scanned and wiped or "
            "held for ransom routinely.",
            "数据库端口只允许应用服务器所在安全组或交换机网段访问，删除 0.0.0.0/0 规则。暴露在公网的 MySQL、SQL Server、PostgreSQL、Redis、"
            "MongoDB 经常被扫描后删库或勒索。"),
        [1433, 3306, 5432, 6379, 27017]),
    Check(
        id="apsara_sg_all_ports_open_world",
        platform="apsara",
        pillar="security",
        severity="high",
        resource_type="security_group",
        requires=("security_groups", "security_group_rules"),
        title=bilingual("Security group opens a wide port range to the internet", "安全组对公网放通大范围端口"),
        message=bilingual("Security group {name} ({vpc_id}) accepts 0.0.0.0/0 on a range of {widest_range_ports} ports "
                          "(limit {max_open_ports_count}).",
                          "安全组 {name}（{vpc_id}）对 0.0.0.0/0 放通了连续 {widest_range_ports} 个端口（阈值 {max_open_ports_count}）。"),
        remediation=bilingual(
            "Replace allow-all rules (protocol ALL, port range -1/-1 or 1/65535) with rules for the ports the application "
            "really publishes; everything else should be reachable only from internal CIDRs or other security groups.",
            "将「全部协议」、端口范围 -1/-1 或 1/65535 的放通规则替换为业务实际对外发布的端口，其余端口只允许内网网段或其他安全组访问。"),
        thresholds={"max_open_ports_count": 100},
        func=world_range_too_wide(_world_by_group),
    ),
    Check(
        id="apsara_sg_no_rules",
        platform="apsara",
        pillar="operations",
        severity="low",
        resource_type="security_group",
        requires=("security_groups", "security_group_rules"),
        title=bilingual("Security group has no rules", "安全组没有任何规则"),
        message=bilingual("Security group {name} has {rules} rules ({ingress_rules} ingress).",
                          "安全组 {name} 的规则数为 {rules}（其中入方向 {ingress_rules} 条）。"),
        remediation=bilingual(
            "An empty group blocks all inbound traffic except from members of the same group, which is rarely what was "
            "intended. Add the rules the workload needs, or delete the group if it is a leftover.",
            "空安全组除组内互通外拒绝所有入方向流量，通常并非预期。请按业务需要添加规则；若为遗留安全组请删除。"),
        func=sg_no_rules,
    ),
    Check(
        id="apsara_sg_unused",
        platform="apsara",
        pillar="cost",
        severity="low",
        resource_type="security_group",
        requires=("security_groups", "instances"),
        title=bilingual("Security group is used by no ECS instance", "安全组未被任何 ECS 实例使用"),
        message=bilingual("Security group {name} ({vpc_id}) is used by {instances} instances.",
                          "安全组 {name}（{vpc_id}）关联的实例数为 {instances}。"),
        remediation=bilingual(
            "Unused groups clutter audits and count against the security-group quota. Delete the group once you have "
            "checked that no ENI, template or automation still references it, or record why it is kept.",
            "闲置安全组会干扰安全审计并占用安全组配额。确认没有弹性网卡、启动模板或自动化脚本引用后将其删除，或登记保留原因。"),
        func=sg_unused,
    ),
]

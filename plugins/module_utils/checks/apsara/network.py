# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack VPC checks: vSwitch addresses, VPC layout, router interfaces, EIPs, NAT gateways."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara.capacity import vswitch_usable_ips
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import inner_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, percent, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_days, banded_outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import int_or_none


def _vswitch_ref(vswitch):
    return ref("vswitch", vswitch, "VSwitchName", "VSwitchId")


def _nat_ref(gateway):
    return ref("nat_gateway", gateway, "Name", "NatGatewayId")


def vswitch_ip_exhaustion(data, thresholds, ctx):
    for vswitch in data["vswitches"]:
        usable = vswitch_usable_ips(vswitch.get("CidrBlock"))
        available = int_or_none(vswitch.get("AvailableIpAddressCount"))
        if not usable or available is None:
            continue
        used = max(0, usable - available)
        evidence = {"available": available, "usable": usable, "used": used, "cidr": vswitch.get("CidrBlock"),
                    "min_free_ips_count": thresholds["min_free_ips_count"]}
        outcome = banded_outcome(_vswitch_ref(vswitch), percent(used, usable), thresholds, evidence)
        if outcome.passed and available < thresholds["min_free_ips_count"]:
            outcome.passed = False
            outcome.severity = "high"
        yield outcome


def vswitch_not_available(data, thresholds, ctx):
    for vswitch in data["vswitches"]:
        yield Outcome(_vswitch_ref(vswitch), vswitch.get("Status", "Available") == "Available",
                      {"status": vswitch.get("Status"), "cidr": vswitch.get("CidrBlock") or "-"})


def vpc_without_vswitch(data, thresholds, ctx):
    counts = {}
    for vswitch in data["vswitches"]:
        counts[vswitch.get("VpcId")] = counts.get(vswitch.get("VpcId"), 0) + 1
    for vpc in data["vpcs"]:
        listed = len(inner_list(vpc.get("VSwitchIds"), "VSwitchId"))
        found = max(listed, counts.get(vpc.get("VpcId"), 0))
        yield Outcome(ref("vpc", vpc, "VpcName", "VpcId"), found > 0,
                      {"vswitches": found, "cidr": vpc.get("CidrBlock") or "-", "age_days": age_days(vpc.get("CreationTime"), ctx)})


def router_interface_not_active(data, thresholds, ctx):
    for interface in data["router_interfaces"]:
        status = str(interface.get("Status") or "")
        active = status.lower() == "active"
        yield Outcome(ref("router_interface", interface, "Name", "RouterInterfaceId"), active,
                      {"status": status or "-", "role": interface.get("Role") or "-",
                       "vpc_id": interface.get("VpcInstanceId") or "-", "opposite_vpc_id": interface.get("OppositeVpcInstanceId") or "-"},
                      severity="medium" if not active and status.lower() in ("idle", "connecting") else None)


def eip_unassociated(data, thresholds, ctx):
    for eip in data["eips"]:
        associated = bool(eip.get("InstanceId")) or eip.get("Status") in ("InUse", "Associating")
        yield Outcome(ref("eip", eip, "Name", "AllocationId"), associated,
                      {"ip": eip.get("IpAddress") or "-", "status": eip.get("Status") or "-", "bandwidth": eip.get("Bandwidth"),
                       "days": age_days(eip.get("AllocationTime"), ctx)})


def _snat_by_gateway(data):
    tables = {}
    for gateway in data["nat_gateways"]:
        for table in inner_list(gateway.get("SnatTableIds"), "SnatTableId"):
            tables[table] = gateway.get("NatGatewayId")
    result = {}
    for entry in data["snat_entries"]:
        owner = entry.get("NatGatewayId") or tables.get(entry.get("SnatTableId"))
        if owner:
            result.setdefault(owner, []).append(entry)
    return result


def nat_gateway_no_snat(data, thresholds, ctx):
    entries = _snat_by_gateway(data)
    for gateway in data["nat_gateways"]:
        found = entries.get(gateway.get("NatGatewayId"), [])
        yield Outcome(_nat_ref(gateway), bool(found),
                      {"snat_entries": len(found), "vpc_id": gateway.get("VpcId") or "-", "spec": gateway.get("Spec") or "-"})


def nat_gateway_not_available(data, thresholds, ctx):
    for gateway in data["nat_gateways"]:
        status = gateway.get("Status")
        business = gateway.get("BusinessStatus") or "Normal"
        yield Outcome(_nat_ref(gateway), status == "Available" and business == "Normal",
                      {"status": status, "business_status": business, "vpc_id": gateway.get("VpcId") or "-"})


def snat_entry_not_available(data, thresholds, ctx):
    for entry in data["snat_entries"]:
        yield Outcome(ref("snat_entry", entry, "SnatEntryName", "SnatEntryId"), entry.get("Status") == "Available",
                      {"status": entry.get("Status"), "source": entry.get("SourceCIDR") or entry.get("SourceVSwitchId") or "-",
                       "snat_ip": entry.get("SnatIp") or "-"})


CHECKS = [
    Check(
        id="apsara_vswitch_ip_exhaustion",
        platform="apsara",
        pillar="capacity",
        severity="high",
        resource_type="vswitch",
        requires=("vswitches",),
        title=bilingual("vSwitch is running out of private IP addresses", "交换机私网 IP 地址即将耗尽"),
        message=bilingual("vSwitch {name} ({cidr}) has {available} of {usable} usable IPs free ({used_pct}% used, threshold "
                          "{threshold_pct}%; fewer than {min_free_ips_count} free is also a finding).",
                          "交换机 {name}（{cidr}）可用 IP 剩余 {available}/{usable} 个（已用 {used_pct}%，阈值 {threshold_pct}%；"
                          "剩余少于 {min_free_ips_count} 个同样告警）。"),
        remediation=bilingual(
            "Release addresses held by unused ENIs, stopped instances and leftover SLB/RDS endpoints, and create new "
            "instances in another vSwitch of the same zone (add one from a free range of the VPC CIDR). A vSwitch CIDR "
            "cannot be enlarged: when it is empty, instance creation, scale-out and RDS/SLB changes in it fail.",
            "回收闲置弹性网卡、已停止实例及遗留 SLB/RDS 地址占用的 IP，新实例改在同一可用区的其他交换机中创建（可从 VPC 网段的空闲段新建交换机）。"
            "交换机网段无法扩大，地址耗尽后该交换机内的实例创建、扩容以及 RDS/SLB 变更都会失败。"),
        thresholds={"high_pct": 90, "medium_pct": 80, "min_free_ips_count": 8},
        func=vswitch_ip_exhaustion,
    ),
    Check(
        id="apsara_vswitch_not_available",
        platform="apsara",
        pillar="availability",
        severity="medium",
        resource_type="vswitch",
        requires=("vswitches",),
        title=bilingual("vSwitch is not Available", "交换机未处于可用状态"),
        message=bilingual("vSwitch {name} ({cidr}) is {status}.", "交换机 {name}（{cidr}）状态为 {status}。"),
        remediation=bilingual(
            "A vSwitch stays Pending only briefly after creation. If it does not become Available, check the VPC's "
            "route table and quota in the VPC console and open a support ticket; no instance can be created in it meanwhile.",
            "交换机创建后短暂处于 Pending 属于正常。若长时间不可用，请在 VPC 控制台检查路由表与配额并提交工单；在此期间无法在该交换机中创建实例。"),
        func=vswitch_not_available,
    ),
    Check(
        id="apsara_vpc_without_vswitch",
        platform="apsara",
        pillar="operations",
        severity="low",
        resource_type="vpc",
        requires=("vpcs", "vswitches"),
        title=bilingual("VPC has no vSwitch", "VPC 下没有任何交换机"),
        message=bilingual("VPC {name} ({cidr}, created {age_days} days ago) has {vswitches} vSwitches.",
                          "VPC {name}（{cidr}，创建于 {age_days} 天前）下的交换机数量为 {vswitches}。"),
        remediation=bilingual(
            "An empty VPC is usually a leftover or an unfinished network plan. Delete it if nothing is planned, so its "
            "CIDR does not block future peering or router-interface connections, or record its owner and purpose.",
            "空 VPC 通常是遗留资源或未完成的网络规划。若无使用计划请删除，避免其网段与后续对等连接/路由器接口冲突；否则请登记负责人和用途。"),
        func=vpc_without_vswitch,
    ),
    Check(
        id="apsara_router_interface_not_active",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="router_interface",
        requires=("router_interfaces",),
        title=bilingual("VPC router interface is not Active", "VPC 路由器接口未处于激活状态"),
        message=bilingual("Router interface {name} ({role}, {vpc_id} -> {opposite_vpc_id}) is {status}.",
                          "路由器接口 {name}（{role}，{vpc_id} -> {opposite_vpc_id}）状态为 {status}。"),
        remediation=bilingual(
            "Traffic between the two VPCs stops while the interface is not Active. For Inactive, activate both ends "
            "(ActivateRouterInterface); for Idle, connect the initiating side (ConnectRouterInterface) and check that the "
            "route entries to the peer CIDR point at this interface.",
            "接口未激活时两个 VPC 之间的流量中断。Inactive 状态请激活两端接口（ActivateRouterInterface）；Idle 状态请在发起端发起连接"
            "（ConnectRouterInterface），并确认到对端网段的路由条目指向该接口。"),
        func=router_interface_not_active,
    ),
    Check(
        id="apsara_nat_gateway_not_available",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="nat_gateway",
        requires=("nat_gateways",),
        title=bilingual("NAT gateway is not Available", "NAT 网关状态异常"),
        message=bilingual("NAT gateway {name} in {vpc_id} is {status} (business status {business_status}).",
                          "{vpc_id} 中的 NAT 网关 {name} 状态为 {status}（业务状态 {business_status}）。"),
        remediation=bilingual(
            "Outbound SNAT and inbound DNAT of the whole VPC depend on this gateway. A gateway stuck in Modifying or "
            "Converting, or with a business status other than Normal (overdue lock), needs the operator or a support ticket now.",
            "整个 VPC 的 SNAT 出网和 DNAT 入网都依赖该网关。长时间处于 Modifying/Converting，或业务状态非 Normal（欠费锁定）时，请立即联系运营方或提交工单。"),
        func=nat_gateway_not_available,
    ),
    Check(
        id="apsara_snat_entry_not_available",
        platform="apsara",
        pillar="availability",
        severity="medium",
        resource_type="snat_entry",
        requires=("snat_entries",),
        title=bilingual("SNAT entry is not Available", "SNAT 条目未生效"),
        message=bilingual("SNAT entry {name} for {source} via {snat_ip} is {status}.",
                          "SNAT 条目 {name}（源 {source}，出口 {snat_ip}）状态为 {status}。"),
        remediation=bilingual(
            "Instances in the source vSwitch or CIDR have no outbound internet access until the entry is Available. "
            "Check that the SNAT IP is an EIP still bound to the NAT gateway, then delete and re-create the entry.",
            "条目生效前，源交换机或网段内的实例无法访问公网。请确认 SNAT IP 仍是绑定在该 NAT 网关上的 EIP，然后删除并重建该条目。"),
        func=snat_entry_not_available,
    ),
    Check(
        id="apsara_eip_unassociated",
        platform="apsara",
        pillar="cost",
        severity="low",
        resource_type="eip",
        requires=("eips",),
        title=bilingual("EIP is not associated with any resource", "弹性公网 IP 未绑定任何资源"),
        message=bilingual("EIP {name} ({ip}, {bandwidth} Mbps) is {status} and bound to nothing; allocated {days} days ago.",
                          "弹性公网 IP {name}（{ip}，{bandwidth} Mbps）状态为 {status}，未绑定任何资源，已分配 {days} 天。"),
        remediation=bilingual(
            "Associate the EIP with the intended ECS instance, SLB or NAT gateway, or release it (ReleaseEipAddress). "
            "An idle EIP is still billed and keeps a scarce public address out of the pool.",
            "请将该 EIP 绑定到目标 ECS 实例、SLB 或 NAT 网关，或将其释放（ReleaseEipAddress）。闲置 EIP 仍在计费，并占用稀缺的公网地址。"),
        func=eip_unassociated,
    ),
    Check(
        id="apsara_nat_gateway_no_snat",
        platform="apsara",
        pillar="cost",
        severity="low",
        resource_type="nat_gateway",
        requires=("nat_gateways", "snat_entries"),
        title=bilingual("NAT gateway has no SNAT entry", "NAT 网关未配置 SNAT 条目"),
        message=bilingual("NAT gateway {name} ({spec}) in {vpc_id} has {snat_entries} SNAT entries.",
                          "{vpc_id} 中的 NAT 网关 {name}（规格 {spec}）SNAT 条目数为 {snat_entries}。"),
        remediation=bilingual(
            "Without SNAT entries the gateway gives no vSwitch outbound internet access. Add SNAT entries for the "
            "vSwitches that need it (CreateSnatEntry), or, if the gateway only serves DNAT or nothing at all, confirm "
            "that with the owner and release what is not used.",
            "没有 SNAT 条目时该网关不为任何交换机提供出网能力。请为需要出网的交换机添加 SNAT 条目（CreateSnatEntry）；若网关只用于 DNAT "
            "或已无用途，请与负责人确认并释放不用的资源。"),
        func=nat_gateway_no_snat,
    ),
]

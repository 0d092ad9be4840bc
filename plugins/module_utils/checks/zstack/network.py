# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack network checks: IP pools, VPC routers, EIPs."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, percent, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import banded_outcome, index_by
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none


def _ip_pool(public):
    def func(data, thresholds, ctx):
        networks = index_by(data["l3_networks"])
        for item in data["ip_capacity"]:
            uuid = item.get("resourceUuid")
            network = networks.get(uuid, {})
            if (network.get("category") == "Public") != public:
                continue
            total = float_or_none(item.get("totalCapacity"))
            available = float_or_none(item.get("availableCapacity"))
            if not total or available is None:
                continue
            used = float_or_none(item.get("usedIpAddressNumber"))
            used = total - available if used is None else used
            yield banded_outcome(resource_ref("l3_network", uuid, network.get("name")), percent(used, total), thresholds,
                                 {"used": int(used), "total": int(total), "available": int(available),
                                  "category": network.get("category") or "-"})
    return func


def vpc_router_disconnected(data, thresholds, ctx):
    for router in data["vpc_routers"]:
        yield Outcome(ref("vpc_router", router), router.get("status") == "Connected",
                      {"status": router.get("status"), "state": router.get("state"), "ha_status": router.get("haStatus") or "-"})


def vpc_router_not_running(data, thresholds, ctx):
    for router in data["vpc_routers"]:
        yield Outcome(ref("vpc_router", router), router.get("state") == "Running",
                      {"state": router.get("state"), "host_uuid": router.get("hostUuid") or "-"})


def eip_disabled(data, thresholds, ctx):
    for eip in data["eips"]:
        yield Outcome(ref("eip", eip), eip.get("state") != "Disabled",
                      {"state": eip.get("state"), "vip_ip": eip.get("vipIp"), "attached": bool(eip.get("vmNicUuid"))})


CHECKS = [
    Check(
        id="zstack_l3_ip_usage",
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type="l3_network",
        requires=("ip_capacity", "l3_networks"),
        title=bilingual("L3 network IP pool is running out", "三层网络 IP 地址池即将耗尽"),
        message=bilingual("L3 network {name} ({category}) uses {used} of {total} IPs ({used_pct}%, threshold {threshold_pct}%).",
                          "三层网络 {name}（{category}）已使用 {used}/{total} 个 IP（{used_pct}%，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Add an IP range to the L3 network (AddIpRange) or reclaim addresses of deleted VMs and unused NICs; "
            "when the pool is empty, new VMs and NICs on this network fail to create.",
            "为该三层网络添加 IP 段（AddIpRange），或回收已删除云主机和闲置网卡占用的地址；地址池耗尽后该网络上将无法创建云主机和网卡。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=_ip_pool(public=False),
    ),
    Check(
        id="zstack_public_ip_pool_usage",
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type="l3_network",
        requires=("ip_capacity", "l3_networks"),
        title=bilingual("Public network (VIP/EIP) pool is running out", "公有网络（VIP/EIP）地址池即将耗尽"),
        message=bilingual("Public network {name} uses {used} of {total} IPs ({used_pct}%, threshold {threshold_pct}%).",
                          "公有网络 {name} 已使用 {used}/{total} 个 IP（{used_pct}%，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Release VIPs and EIPs nobody uses (see zstack_eip_unattached and zstack_vip_unused), and request another "
            "public address block from the network team before new EIPs, VPC routers or load balancers fail.",
            "释放无人使用的 VIP 和 EIP（参见 zstack_eip_unattached、zstack_vip_unused），并尽早向网络团队申请新的公网地址段，"
            "避免新建 EIP、VPC 路由器或负载均衡失败。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=_ip_pool(public=True),
    ),
    Check(
        id="zstack_vpc_router_disconnected",
        platform="zstack",
        pillar="availability",
        severity="critical",
        resource_type="vpc_router",
        requires=("vpc_routers",),
        title=bilingual("VPC router is not Connected", "VPC 路由器未处于已连接状态"),
        message=bilingual("VPC router {name} status is {status} (state {state}, HA {ha_status}).",
                          "VPC 路由器 {name} 连接状态为 {status}（运行状态 {state}，高可用 {ha_status}）。"),
        remediation=bilingual(
            "The management node cannot reach the router agent (port 7272), so network changes are not applied. "
            "Check the management network and the router's host, then reconnect the router (ReconnectVirtualRouter); "
            "reboot it in a maintenance window if reconnect fails.",
            "管理节点无法访问路由器 agent（7272 端口），网络配置变更不会下发。请检查管理网络和路由器所在物理机，"
            "然后执行「重连」（ReconnectVirtualRouter）；重连失败时在维护窗口内重启路由器。"),
        func=vpc_router_disconnected,
    ),
    Check(
        id="zstack_vpc_router_not_running",
        platform="zstack",
        pillar="availability",
        severity="critical",
        resource_type="vpc_router",
        requires=("vpc_routers",),
        title=bilingual("VPC router is not Running", "VPC 路由器未运行"),
        message=bilingual("VPC router {name} is {state} (host {host_uuid}).", "VPC 路由器 {name} 状态为 {state}（物理机 {host_uuid}）。"),
        remediation=bilingual(
            "Every VPC network behind this router has lost its gateway, SNAT, EIP and DHCP. Start the router, or "
            "fail over to the HA peer if a router HA group is configured, and find out why it stopped.",
            "该路由器下所有 VPC 网络的网关、SNAT、EIP 和 DHCP 均已中断。请立即启动路由器，若配置了路由器高可用组则切换到备机，并排查停止原因。"),
        func=vpc_router_not_running,
    ),
    Check(
        id="zstack_eip_disabled",
        platform="zstack",
        pillar="availability",
        severity="medium",
        resource_type="eip",
        requires=("eips",),
        title=bilingual("EIP is disabled", "弹性 IP 已停用"),
        message=bilingual("EIP {name} ({vip_ip}) is {state} (attached to a VM: {attached}).",
                          "弹性 IP {name}（{vip_ip}）状态为 {state}（已绑定云主机：{attached}）。"),
        remediation=bilingual(
            "A disabled EIP forwards no traffic. Enable it if the service should be reachable, otherwise delete it "
            "and release the public address.",
            "已停用的弹性 IP 不转发流量。若业务需要对外访问请重新启用，否则删除并释放公网地址。"),
        func=eip_disabled,
    ),
]

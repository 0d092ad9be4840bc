# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack platform checks: licences, management nodes, global and cluster-level settings."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, percent
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import (
    banded_outcome,
    endpoint_ref,
    expiry_outcome,
    gib,
    list_field,
    names_by_id,
    parse_date,
    to_bool,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack._common import config_value, parse_size
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none


def _license_ref(inventory):
    label = "%s licence" % (inventory.get("licenseType") or "platform")
    return resource_ref("license", inventory.get("uuid") or "platform-license", label)


def license_expiring(data, thresholds, ctx):
    for inventory in data["license"]:
        outcome = expiry_outcome(_license_ref(inventory), inventory.get("expiredDate"), inventory.get("expired"),
                                 thresholds, ctx, {"license_type": inventory.get("licenseType")})
        if outcome is not None:
            yield outcome


def license_addon_expiring(data, thresholds, ctx):
    for addon in data["license_addons"]:
        name = addon.get("name") or addon.get("uuid")
        outcome = expiry_outcome(resource_ref("license_addon", addon.get("uuid") or name, name),
                                 addon.get("expiredDate"), addon.get("expired"), thresholds, ctx,
                                 {"modules": ", ".join(str(m) for m in list_field(addon, "modules"))})
        if outcome is not None:
            yield outcome


def _headroom(total_key, available_key):
    def func(data, thresholds, ctx):
        for inventory in data["license"]:
            licensed = float_or_none(inventory.get(total_key))
            available = float_or_none(inventory.get(available_key))
            if not licensed or available is None:
                continue  # licence not counted in this unit
            used_pct = percent(licensed - available, licensed)
            yield Outcome(_license_ref(inventory), used_pct < thresholds["max_used_pct"],
                          {"licensed": int(licensed), "available": int(available), "used_pct": used_pct,
                           "max_used_pct": thresholds["max_used_pct"]})
    return func


def mn_heartbeat_stale(data, thresholds, ctx):
    nodes = data["management_nodes"]
    beats = dict((node.get("uuid"), parse_date(node.get("heartBeat"), ctx)) for node in nodes)
    known = [beat for beat in beats.values() if beat is not None]
    newest = max(known) if known else None
    for node in nodes:
        beat = beats.get(node.get("uuid"))
        lag = round((newest - beat).total_seconds(), 1) if beat is not None else None
        passed = lag is not None and lag <= thresholds["max_lag_seconds"]
        yield Outcome(resource_ref("management_node", node.get("uuid"), node.get("hostName")), passed,
                      {"heartbeat": node.get("heartBeat"), "lag_seconds": lag,
                       "max_lag_seconds": thresholds["max_lag_seconds"]})


def mn_single_node(data, thresholds, ctx):
    count = len(data["management_nodes"])
    yield Outcome(endpoint_ref(ctx), count >= thresholds["min_nodes_count"],
                  {"node_count": count, "min_nodes_count": thresholds["min_nodes_count"],
                   "nodes": ", ".join(sorted(str(n.get("hostName")) for n in data["management_nodes"]))})


def _setting_ref(item):
    key = "%s/%s" % (item.get("category"), item.get("name"))
    return resource_ref("global_config", key, key)


def _config_above(category, name):
    def func(data, thresholds, ctx):
        item = config_value(data["global_configs"], category, name)
        value = float_or_none(item.get("value")) if item else None
        if value is None:
            return
        yield Outcome(_setting_ref(item), value <= thresholds["max_value"],
                      {"value": value, "default": item.get("defaultValue"), "max_value": thresholds["max_value"]})
    return func


def config_ha_disabled(data, thresholds, ctx):
    item = config_value(data["global_configs"], "ha", "enable")
    if item is None:
        return
    yield Outcome(_setting_ref(item), to_bool(item.get("value")),
                  {"value": item.get("value"), "default": item.get("defaultValue")})


def config_kvm_reserved_memory(data, thresholds, ctx):
    item = config_value(data["global_configs"], "kvm", "reservedMemory")
    size = parse_size(item.get("value")) if item else None
    if size is None:
        return
    yield Outcome(_setting_ref(item), gib(size) >= thresholds["min_gib"],
                  {"value": item.get("value"), "reserved_gib": gib(size), "min_gib": thresholds["min_gib"]})


def _cluster_override(category, name):
    def func(data, thresholds, ctx):
        clusters = names_by_id(data.get("clusters"))
        for item in data["resource_configs"]:
            if item.get("resourceType") != "ClusterVO":
                continue
            if str(item.get("category")).lower() != category.lower() or str(item.get("name")).lower() != name.lower():
                continue
            value = float_or_none(item.get("value"))
            if value is None:
                continue
            uuid = item.get("resourceUuid")
            yield banded_outcome(resource_ref("cluster", uuid, clusters.get(uuid)), value, thresholds,
                                 {"setting": "%s/%s" % (category, name)}, key="value", suffix="_ratio")
    return func


_GLOBAL_SETTINGS_EN = "Settings > Platform Settings > Global Settings"
_GLOBAL_SETTINGS_ZH = "设置 > 平台设置 > 全局设置"

_CONFIG_MESSAGE = bilingual("{name} is {value} (default {default}, limit {max_value}).",
                            "{name} 当前值 {value}（默认 {default}，阈值 {max_value}）。")


def _config_check(check_id, severity, title, category, name, limit, remediation):
    """A "global setting above its limit" check: only the setting, the limit and the texts differ."""
    return Check(
        id=check_id,
        platform="zstack",
        pillar="capacity",
        severity=severity,
        resource_type="global_config",
        requires=("global_configs",),
        title=title,
        message=_CONFIG_MESSAGE,
        remediation=remediation,
        thresholds={"max_value": limit},
        func=_config_above(category, name),
    )


def _headroom_check(check_id, title, message, remediation, total_key, available_key):
    """A "licensed quota almost used up" check (hosts, CPUs)."""
    return Check(
        id=check_id,
        platform="zstack",
        pillar="capacity",
        severity="medium",
        resource_type="license",
        requires=("license",),
        title=title,
        message=message,
        remediation=remediation,
        thresholds={"max_used_pct": 90},
        func=_headroom(total_key, available_key),
    )


CHECKS = [
    Check(
        id="zstack_license_expiring",
        platform="zstack",
        pillar="operations",
        severity="critical",
        resource_type="license",
        requires=("license",),
        title=bilingual("Platform licence expired or about to expire", "平台许可证已过期或即将过期"),
        message=bilingual("{name} (type {license_type}) expires on {expired_date} ({days_left} days left).",
                          "{name}（类型 {license_type}）到期时间为 {expired_date}（剩余 {days_left} 天）。"),
        remediation=bilingual(
            "Request a renewal from ZStack or your reseller now: export the licence request code (Settings > Licence "
            "Management > Download Request Code), send it with the contract number, then upload the new licence. "
            "An expired licence blocks creating and starting VMs and all management operations.",
            "立即联系 ZStack 或代理商续订：在「设置 > 许可证管理」下载申请码，连同合同号发给厂商，收到新许可证后上传。"
            "许可证过期后将无法创建、启动云主机，平台管理操作受限。"),
        thresholds={"urgent_days": 15, "warning_days": 30},
        func=license_expiring,
    ),
    Check(
        id="zstack_license_addon_expiring",
        platform="zstack",
        pillar="operations",
        severity="critical",
        resource_type="license_addon",
        requires=("license_addons",),
        title=bilingual("Add-on licence expired or about to expire", "增值模块许可证已过期或即将过期"),
        message=bilingual("Add-on licence {name} ({modules}) expires on {expired_date} ({days_left} days left).",
                          "增值模块许可证 {name}（{modules}）到期时间为 {expired_date}（剩余 {days_left} 天）。"),
        remediation=bilingual(
            "Add-on (module) licences expire independently of the platform licence. Renew the module with ZStack "
            "before the date above and upload it under Settings > Licence Management > Add-ons; features such as "
            "backup, VPC HA or billing stop working when the add-on expires.",
            "增值模块许可证与平台许可证分别到期。请在到期前向厂商续订，并在「设置 > 许可证管理 > 增值模块」上传；"
            "模块过期后灾备、VPC 高可用、计费等功能将停止工作。"),
        thresholds={"urgent_days": 15, "warning_days": 30},
        func=license_addon_expiring,
    ),
    _headroom_check(
        "zstack_license_host_headroom",
        bilingual("Licensed host quota almost used up", "许可证物理机授权数即将用尽"),
        bilingual("{name}: {available} of {licensed} licensed hosts left ({used_pct}% used, limit {max_used_pct}%).",
                  "{name}：授权物理机 {licensed} 台，剩余 {available} 台（已用 {used_pct}%，阈值 {max_used_pct}%）。"),
        bilingual(
            "Plan a licence expansion before the next capacity project: adding a host beyond the licensed count fails. "
            "Ask ZStack for additional host quota and upload the expanded licence.",
            "在下一次扩容前申请扩充授权：超过授权数后新物理机无法添加。请联系厂商增加物理机授权并上传新许可证。"),
        "hostNum", "availableHostNum"),
    _headroom_check(
        "zstack_license_cpu_headroom",
        bilingual("Licensed CPU quota almost used up", "许可证 CPU 授权数即将用尽"),
        bilingual("{name}: {available} of {licensed} licensed CPUs left ({used_pct}% used, limit {max_used_pct}%).",
                  "{name}：授权 CPU {licensed} 颗，剩余 {available} 颗（已用 {used_pct}%，阈值 {max_used_pct}%）。"),
        bilingual(
            "The licence is counted in CPU sockets and almost all are in use; adding hosts will fail. "
            "Order additional CPU quota from ZStack before expanding the cluster.",
            "许可证按 CPU 颗数授权且已接近用尽，继续添加物理机将失败。请在扩容集群前向厂商申请增加 CPU 授权。"),
        "cpuNum", "availableCpuNum"),
    Check(
        id="zstack_mn_heartbeat_stale",
        platform="zstack",
        pillar="availability",
        severity="critical",
        resource_type="management_node",
        requires=("management_nodes",),
        title=bilingual("Management node heartbeat is stale", "管理节点心跳停滞"),
        message=bilingual("Management node {name} last heartbeat {heartbeat} lags the newest by {lag_seconds} s "
                          "(limit {max_lag_seconds} s).",
                          "管理节点 {name} 最后心跳 {heartbeat}，落后最新心跳 {lag_seconds} 秒（阈值 {max_lag_seconds} 秒）。"),
        remediation=bilingual(
            "The node stopped writing its heartbeat (every 5 s), so it is down or cut off from the database. "
            "Log in to it and run `zstack-ctl status`; restart with `zstack-ctl start_node`, check MySQL/Galera "
            "replication with `zsha2 status`, and verify NTP so both nodes agree on time.",
            "该节点已停止写入心跳（每 5 秒一次），说明管理服务已停止或与数据库失联。登录该节点执行 `zstack-ctl status`，"
            "必要时 `zstack-ctl start_node` 重启；用 `zsha2 status` 检查数据库同步，并确认两节点 NTP 时间一致。"),
        thresholds={"max_lag_seconds": 60},
        func=mn_heartbeat_stale,
    ),
    Check(
        id="zstack_mn_single_node",
        platform="zstack",
        pillar="availability",
        severity="high",
        resource_type="endpoint",
        requires=("management_nodes",),
        title=bilingual("Management plane has no HA (single management node)", "管理节点未做高可用（仅一个管理节点）"),
        message=bilingual("{name} runs {node_count} management node(s) ({nodes}); at least {min_nodes_count} are needed for HA.",
                          "{name} 仅有 {node_count} 个管理节点（{nodes}），高可用至少需要 {min_nodes_count} 个。"),
        remediation=bilingual(
            "A single management node is a single point of failure for the console, API and VM HA decisions. "
            "Deploy the multi-management-node HA suite (zsha2) with a second node and a VIP, and make sure the "
            "database is backed up off the node (`zstack-ctl dump_mysql` in cron, copied remotely).",
            "单管理节点是控制台、API 和云主机高可用决策的单点故障。请使用 zsha2 部署双管理节点高可用并配置 VIP，"
            "同时确保数据库定时备份（crontab 中配置 `zstack-ctl dump_mysql`）并拷贝到异地。"),
        thresholds={"min_nodes_count": 2},
        func=mn_single_node,
    ),
    _config_check(
        "zstack_config_cpu_overprovisioning", "high",
        bilingual("CPU overcommit ratio set too high", "CPU 超分比例设置过高"),
        "host", "cpu.overProvisioning.ratio", 10,
        bilingual(
            "Lower host/cpu.overProvisioning.ratio to 10 or less in " + _GLOBAL_SETTINGS_EN + ". A higher ratio "
            "lets the scheduler place more vCPUs than the hosts can run, causing CPU steal and slow VMs.",
            "在「" + _GLOBAL_SETTINGS_ZH + "」中将 host/cpu.overProvisioning.ratio 调整到 10 及以下。"
            "超分过高会让调度器放置超出物理机承载能力的 vCPU，导致 CPU 争抢、云主机卡顿。")),
    _config_check(
        "zstack_config_memory_overprovisioning", "high",
        bilingual("Memory overcommit ratio set too high", "内存超分比例设置过高"),
        "mevoco", "overProvisioning.memory", 1.2,
        bilingual(
            "Set mevoco/overProvisioning.memory to 1.2 or less in " + _GLOBAL_SETTINGS_EN + ". Memory overcommit "
            "above that leads to host swapping and OOM kills of VMs when guests actually use their memory.",
            "在「" + _GLOBAL_SETTINGS_ZH + "」中将 mevoco/overProvisioning.memory 调整到 1.2 及以下。"
            "内存超分过高时，一旦云主机实际用满内存，物理机会发生 swap 甚至 OOM 杀死云主机进程。")),
    _config_check(
        "zstack_config_ps_overprovisioning", "high",
        bilingual("Primary storage overcommit ratio set too high", "主存储超分比例设置过高"),
        "mevoco", "overProvisioning.primaryStorage", 1.2,
        bilingual(
            "Set mevoco/overProvisioning.primaryStorage to 1.2 or less in " + _GLOBAL_SETTINGS_EN + ". Thin "
            "volumes that grow past the physical capacity fill the storage and pause every VM writing to it.",
            "在「" + _GLOBAL_SETTINGS_ZH + "」中将 mevoco/overProvisioning.primaryStorage 调整到 1.2 及以下。"
            "精简置备的云盘持续增长超过物理容量时，存储写满，所有写盘的云主机都会被暂停。")),
    _config_check(
        "zstack_config_ps_physical_threshold", "medium",
        bilingual("Primary storage physical-capacity threshold set too high", "主存储物理容量使用阈值设置过高"),
        "mevoco", "threshold.primaryStorage.physicalCapacity", 0.85,
        bilingual(
            "Set mevoco/threshold.primaryStorage.physicalCapacity to 0.85 or less (0.8 recommended) in "
            + _GLOBAL_SETTINGS_EN + " so the platform stops allocating new volumes while there is still room to expand.",
            "在「" + _GLOBAL_SETTINGS_ZH + "」中将 mevoco/threshold.primaryStorage.physicalCapacity 调整到 0.85 及以下"
            "（建议 0.8），使平台在仍有扩容余量时就停止分配新云盘。")),
    Check(
        id="zstack_config_ha_disabled",
        platform="zstack",
        pillar="availability",
        severity="high",
        resource_type="global_config",
        requires=("global_configs",),
        title=bilingual("VM high availability is globally disabled", "云主机高可用全局开关已关闭"),
        message=bilingual("{name} is {value}: VMs are not restarted when their host fails.",
                          "{name} 当前值为 {value}：物理机故障时云主机不会被自动拉起。"),
        remediation=bilingual(
            "Set ha/enable to true in " + _GLOBAL_SETTINGS_EN + " unless a documented maintenance is in progress; "
            "with it off, NeverStop VMs stay down after a host failure.",
            "除非正在进行有记录的维护，请在「" + _GLOBAL_SETTINGS_ZH + "」中将 ha/enable 设为 true；"
            "关闭后即使云主机配置了 NeverStop，物理机故障后也不会自动恢复。"),
        func=config_ha_disabled,
    ),
    Check(
        id="zstack_config_kvm_reserved_memory",
        platform="zstack",
        pillar="availability",
        severity="high",
        resource_type="global_config",
        requires=("global_configs",),
        title=bilingual("Host reserved memory too small", "物理机预留内存过小"),
        message=bilingual("{name} is {value} ({reserved_gib} GiB, minimum {min_gib} GiB).",
                          "{name} 当前值 {value}（{reserved_gib} GiB，最低要求 {min_gib} GiB）。"),
        remediation=bilingual(
            "Raise kvm/reservedMemory (for example to 8G) in " + _GLOBAL_SETTINGS_EN + " so the hypervisor, "
            "storage agents and monitoring keep memory for themselves; too little reservation lets VMs starve the host.",
            "在「" + _GLOBAL_SETTINGS_ZH + "」中将 kvm/reservedMemory 调大（例如 8G），为虚拟化、存储 agent 和监控进程保留内存；"
            "预留过小会导致云主机挤占物理机自身内存。"),
        thresholds={"min_gib": 8},
        func=config_kvm_reserved_memory,
    ),
    Check(
        id="zstack_cluster_cpu_overprovisioning",
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type="cluster",
        requires=("resource_configs",),
        title=bilingual("Cluster overrides CPU overcommit ratio too high", "集群级 CPU 超分比例设置过高"),
        message=bilingual("Cluster {name} sets {setting} = {value} (limit {threshold_ratio}).",
                          "集群 {name} 设置 {setting} = {value}（阈值 {threshold_ratio}）。"),
        remediation=bilingual(
            "Open the cluster > Settings and reset host/cpu.overProvisioning.ratio to the platform value or at most 5 "
            "for production clusters; cluster overrides win over the global setting and are easy to miss.",
            "进入该集群的「高级设置」，将 host/cpu.overProvisioning.ratio 恢复为全局值，生产集群建议不超过 5；"
            "集群级设置优先于全局设置，容易被忽略。"),
        thresholds={"high_ratio": 11, "medium_ratio": 5},
        func=_cluster_override("host", "cpu.overProvisioning.ratio"),
    ),
    Check(
        id="zstack_cluster_memory_overprovisioning",
        platform="zstack",
        pillar="capacity",
        severity="critical",
        resource_type="cluster",
        requires=("resource_configs",),
        title=bilingual("Cluster overrides memory overcommit ratio too high", "集群级内存超分比例设置过高"),
        message=bilingual("Cluster {name} sets {setting} = {value} (limit {threshold_ratio}).",
                          "集群 {name} 设置 {setting} = {value}（阈值 {threshold_ratio}）。"),
        remediation=bilingual(
            "Open the cluster > Settings and set mevoco/overProvisioning.memory back to 1.0 (no overcommit) for "
            "production clusters; above 1.2 hosts swap or kill VMs under load.",
            "进入该集群的「高级设置」，生产集群将 mevoco/overProvisioning.memory 恢复为 1.0（不超分）；"
            "超过 1.2 时物理机在负载高峰会 swap 或 OOM 杀云主机。"),
        thresholds={"critical_ratio": 1.5, "high_ratio": 1.2, "medium_ratio": 1.0},
        func=_cluster_override("mevoco", "overProvisioning.memory"),
    ),
]

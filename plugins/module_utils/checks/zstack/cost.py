# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack cost checks: resources that hold capacity or addresses without doing useful work."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_days, gib
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack._common import metric_values, series_stats, vm_volumes
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual


def _vm_size(vm, data, ctx):
    disks = sum(v.get("size") or 0 for v in vm_volumes(vm, data, ctx))
    return {"cpu": vm.get("cpuNum"), "memory_gib": gib(vm.get("memorySize")), "disk_gib": gib(disks)}


def vm_stopped_long(data, thresholds, ctx):
    for vm in data["vms"]:
        if vm.get("state") != "Stopped":
            continue
        days = age_days(vm.get("lastOpDate"), ctx)
        evidence = _vm_size(vm, data, ctx)
        evidence.update({"days": days, "last_op_date": vm.get("lastOpDate"), "max_days": thresholds["max_days"]})
        yield Outcome(ref("vm", vm), days is None or days <= thresholds["max_days"], evidence)


def vm_idle(data, thresholds, ctx):
    series = metric_values(data["vm_metrics"], "CPUAllUsedUtilization", "VMUuid")
    for vm in data["vms"]:
        values = series.get(vm.get("uuid"))
        if vm.get("state") != "Running" or not values:
            continue
        evidence = series_stats(values)
        evidence.update(_vm_size(vm, data, ctx))
        evidence["max_cpu_pct"] = thresholds["max_cpu_pct"]
        yield Outcome(ref("vm", vm), evidence["max_pct"] >= thresholds["max_cpu_pct"], evidence)


def vm_untouched(data, thresholds, ctx):
    for vm in data["vms"]:
        days = age_days(vm.get("lastOpDate"), ctx)
        if days is None:
            continue
        yield Outcome(ref("vm", vm), days <= thresholds["max_days"],
                      {"state": vm.get("state"), "days": days, "last_op_date": vm.get("lastOpDate"),
                       "max_days": thresholds["max_days"]})


def volume_unattached(data, thresholds, ctx):
    for volume in data["volumes"]:
        if volume.get("type") != "Data" or volume.get("status") == "Deleted":
            continue
        since = volume.get("lastDetachDate") or volume.get("createDate")
        days = age_days(since, ctx)
        attached = bool(volume.get("vmInstanceUuid"))
        passed = attached or days is None or days <= thresholds["min_days"]
        yield Outcome(ref("volume", volume), passed,
                      {"attached": attached, "days": days, "since": since, "size_gib": gib(volume.get("size")),
                       "actual_gib": gib(volume.get("actualSize")), "min_days": thresholds["min_days"]})


def volume_deleted_not_expunged(data, thresholds, ctx):
    for volume in data["volumes"]:
        yield Outcome(ref("volume", volume), volume.get("status") != "Deleted",
                      {"status": volume.get("status"), "size_gib": gib(volume.get("size")),
                       "actual_gib": gib(volume.get("actualSize"))})


def eip_unattached(data, thresholds, ctx):
    for eip in data["eips"]:
        yield Outcome(ref("eip", eip), bool(eip.get("vmNicUuid")), {"vip_ip": eip.get("vipIp"), "state": eip.get("state")})


def vip_unused(data, thresholds, ctx):
    for vip in data["vips"]:
        if vip.get("system"):
            continue
        used = bool(vip.get("useFor") or vip.get("servicesRefs"))
        yield Outcome(ref("vip", vip), used, {"ip": vip.get("ip"), "use_for": vip.get("useFor") or "-"})


CHECKS = [
    Check(
        id="zstack_vm_stopped_long",
        platform="zstack",
        pillar="cost",
        severity="low",
        resource_type="vm",
        requires=("vms",),
        title=bilingual("VM stopped for a long time", "云主机长期处于停止状态"),
        message=bilingual("VM {name} has been Stopped for {days} days (since {last_op_date}, limit {max_days}); it still "
                          "holds {disk_gib} GiB of disk and its IP addresses.",
                          "云主机 {name} 已停止 {days} 天（自 {last_op_date} 起，阈值 {max_days} 天），仍占用 {disk_gib} GiB 云盘及 IP 地址。"),
        remediation=bilingual(
            "Ask the owner whether the VM is still needed. If not, back it up (or export its image) and delete it to "
            "free storage and IP addresses; if it is kept as a cold standby, document that in the CMDB.",
            "与负责人确认是否仍需要该云主机。不再需要的，先备份（或导出镜像）再删除，释放存储和 IP；作为冷备保留的请在 CMDB 中登记。"),
        thresholds={"max_days": 30},
        func=vm_stopped_long,
    ),
    Check(
        id="zstack_vm_idle",
        platform="zstack",
        pillar="cost",
        severity="low",
        resource_type="vm",
        requires=("vms", "vm_metrics"),
        title=bilingual("Running VM is idle", "运行中的云主机长期空闲"),
        message=bilingual("VM {name} ({cpu} vCPU, {memory_gib} GiB) peaked at {max_pct}% CPU over the sampled period "
                          "(average {avg_pct}%, idle below {max_cpu_pct}%).",
                          "云主机 {name}（{cpu} vCPU，{memory_gib} GiB）在采样周期内 CPU 峰值仅 {max_pct}%（平均 {avg_pct}%，低于 {max_cpu_pct}% 视为空闲）。"),
        remediation=bilingual(
            "Confirm with the owner; downsize the instance offering (fewer vCPUs, less memory) or stop and reclaim "
            "the VM. Idle VMs still reserve host capacity that other workloads and HA need.",
            "与负责人确认后，降低计算规格（减少 vCPU 和内存）或停止并回收该云主机。空闲云主机仍占用其他业务和 HA 所需的物理机资源。"),
        thresholds={"max_cpu_pct": 10},
        func=vm_idle,
    ),
    Check(
        id="zstack_vm_untouched",
        platform="zstack",
        pillar="cost",
        severity="info",
        resource_type="vm",
        requires=("vms",),
        title=bilingual("VM has had no lifecycle operation for a long time", "云主机长期无任何操作"),
        message=bilingual("VM {name} ({state}) has had no operation for {days} days (last {last_op_date}, limit {max_days}).",
                          "云主机 {name}（{state}）已 {days} 天无任何操作（最近一次 {last_op_date}，阈值 {max_days} 天）。"),
        remediation=bilingual(
            "Review the VM in the quarterly resource review: confirm it has an owner and a purpose, and plan "
            "patching reboots for long-running production VMs.",
            "在季度资源清理中复核该云主机：确认其负责人与用途；长期运行的生产云主机应安排补丁重启。"),
        thresholds={"max_days": 90},
        func=vm_untouched,
    ),
    Check(
        id="zstack_volume_unattached",
        platform="zstack",
        pillar="cost",
        severity="low",
        resource_type="volume",
        requires=("volumes",),
        title=bilingual("Data volume not attached to any VM", "数据云盘未挂载到任何云主机"),
        message=bilingual("Data volume {name} ({size_gib} GiB, {actual_gib} GiB used) has been detached for {days} days "
                          "(since {since}, limit {min_days}).",
                          "数据云盘 {name}（{size_gib} GiB，实际占用 {actual_gib} GiB）已闲置 {days} 天（自 {since} 起，阈值 {min_days} 天）。"),
        remediation=bilingual(
            "Find the owner (volume description, tags, former VM), then either attach it back, back it up and delete "
            "it, or record why it is kept; orphan volumes consume primary storage that running VMs need.",
            "根据云盘描述、标签或原挂载云主机找到负责人：重新挂载，或备份后删除，或登记保留原因；闲置云盘会占用运行中云主机所需的主存储空间。"),
        thresholds={"min_days": 7},
        func=volume_unattached,
    ),
    Check(
        id="zstack_volume_deleted_not_expunged",
        platform="zstack",
        pillar="cost",
        severity="low",
        resource_type="volume",
        requires=("volumes",),
        title=bilingual("Deleted volume still in the recycle bin", "已删除云盘仍在回收站中占用空间"),
        message=bilingual("Volume {name} is {status} but not expunged ({size_gib} GiB, {actual_gib} GiB used).",
                          "云盘 {name} 状态为 {status} 但未彻底删除（{size_gib} GiB，实际占用 {actual_gib} GiB）。"),
        remediation=bilingual(
            "Once the owner confirms the data is not needed, expunge the volume from the recycle bin (ExpungeDataVolume) "
            "to return its space to the primary storage.",
            "经负责人确认数据不再需要后，在回收站中彻底删除该云盘（ExpungeDataVolume），释放主存储空间。"),
        func=volume_deleted_not_expunged,
    ),
    Check(
        id="zstack_eip_unattached",
        platform="zstack",
        pillar="cost",
        severity="low",
        resource_type="eip",
        requires=("eips",),
        title=bilingual("EIP not bound to any VM", "弹性 IP 未绑定云主机"),
        message=bilingual("EIP {name} ({vip_ip}, {state}) is not bound to any VM NIC.",
                          "弹性 IP {name}（{vip_ip}，{state}）未绑定任何云主机网卡。"),
        remediation=bilingual(
            "Bind the EIP to the intended VM or delete it (and its VIP) so the public address returns to the pool.",
            "将弹性 IP 绑定到目标云主机，或删除该弹性 IP 及其 VIP，把公网地址归还地址池。"),
        func=eip_unattached,
    ),
    Check(
        id="zstack_vip_unused",
        platform="zstack",
        pillar="cost",
        severity="low",
        resource_type="vip",
        requires=("vips",),
        title=bilingual("VIP not used by any network service", "虚拟 IP 未被任何网络服务使用"),
        message=bilingual("VIP {name} ({ip}) is not used by any EIP, SNAT, port forwarding or load balancer.",
                          "虚拟 IP {name}（{ip}）未被弹性 IP、SNAT、端口转发或负载均衡使用。"),
        remediation=bilingual(
            "Delete the VIP if no service is planned for it; each one holds an address of the public or flat network pool.",
            "若没有计划使用该虚拟 IP，请删除，每个 VIP 都会占用公有网络或扁平网络地址池中的一个地址。"),
        func=vip_unused,
    ),
]

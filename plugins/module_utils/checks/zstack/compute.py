# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack compute checks: hosts and VM instances."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_days, banded_outcome, names_by_id, usage_outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack._common import metric_values, series_stats, tags_by_resource
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual


def host_disconnected(data, thresholds, ctx):
    for host in data["hosts"]:
        yield Outcome(ref("host", host), host.get("status") == "Connected",
                      {"status": host.get("status"), "management_ip": host.get("managementIp")})


def host_disabled(data, thresholds, ctx):
    for host in data["hosts"]:
        yield Outcome(ref("host", host), host.get("state") != "Disabled",
                      {"state": host.get("state"), "management_ip": host.get("managementIp")})


_MAINTENANCE_STATES = ("Maintenance", "PreMaintenance")


def host_maintenance_prolonged(data, thresholds, ctx):
    for host in data["hosts"]:
        state = host.get("state")
        days = age_days(host.get("lastOpDate"), ctx) if state in _MAINTENANCE_STATES else None
        passed = state not in _MAINTENANCE_STATES or days is None or days <= thresholds["max_days"]
        yield Outcome(ref("host", host), passed,
                      {"state": state, "days": days, "last_op_date": host.get("lastOpDate"),
                       "max_days": thresholds["max_days"]})


_HW_FIELDS = ("cpuStatus", "memoryStatus", "diskStatus", "nicStatus", "gpuStatus", "powerSupplyStatus",
              "fanStatus", "raidStatus", "temperatureStatus")


def host_hardware_fault(data, thresholds, ctx):
    for host in data["hosts"]:
        present = [field for field in _HW_FIELDS if host.get(field)]
        if not present:
            continue  # no hardware monitoring on this host (no IPMI / older release)
        faulty = [field for field in present if host.get(field) == "Error"]
        yield Outcome(ref("host", host), not faulty,
                      {"faulty": ", ".join(faulty) or "-", "monitored": len(present)})


def _allocation(total_key, available_key, unit):
    def func(data, thresholds, ctx):
        for host in data["hosts"]:
            outcome = usage_outcome(ref("host", host), host.get(total_key), host.get(available_key), thresholds)
            if outcome is None:
                continue
            if unit == "vcpu":
                outcome.evidence.pop("total_gib")
                outcome.evidence.pop("available_gib")
                outcome.evidence.update({"total": host.get(total_key), "available": host.get(available_key)})
            yield outcome
    return func


def host_vm_density(data, thresholds, ctx):
    running = {}
    for vm in data["vms"]:
        if vm.get("state") == "Running" and vm.get("hostUuid"):
            running[vm["hostUuid"]] = running.get(vm["hostUuid"], 0) + 1
    limit = thresholds["max_running_vms_count"]
    for host in data["hosts"]:
        count = running.get(host.get("uuid"), 0)
        yield Outcome(ref("host", host), count < limit,
                      {"running_vms": count, "max_running_vms_count": limit})


def _utilization(dataset, resource_type, items_key, label, metric, stat):
    def func(data, thresholds, ctx):
        series = metric_values(data[dataset], metric, label)
        for item in data[items_key]:
            if resource_type == "vm" and item.get("state") != "Running":
                continue
            values = series.get(item.get("uuid"))
            if not values:
                continue
            stats = series_stats(values)
            evidence = dict(stats)
            evidence["metric"] = metric
            yield banded_outcome(ref(resource_type, item), stats[stat], thresholds, evidence)
    return func


def _utilization_check(check_id, dataset, resource_type, items_key, label, metric, stat, title, message, remediation):
    """A "utilisation of a host or VM metric is high" check: only the metric, the statistic and the texts differ."""
    return Check(
        id=check_id,
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type=resource_type,
        requires=(items_key, dataset),
        title=title,
        message=message,
        remediation=remediation,
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=_utilization(dataset, resource_type, items_key, label, metric, stat),
    )


def vm_paused(data, thresholds, ctx):
    for vm in data["vms"]:
        yield Outcome(ref("vm", vm), vm.get("state") != "Paused",
                      {"state": vm.get("state"), "host_uuid": vm.get("hostUuid")})


def vm_abnormal_state(data, thresholds, ctx):
    bad = thresholds["abnormal_states"]
    for vm in data["vms"]:
        yield Outcome(ref("vm", vm), vm.get("state") not in bad,
                      {"state": vm.get("state"), "host_uuid": vm.get("hostUuid") or vm.get("lastHostUuid")})


def vm_ha_disabled(data, thresholds, ctx):
    tags = tags_by_resource(data["system_tags"])
    hosts = names_by_id(data.get("hosts"))
    for vm in data["vms"]:
        if vm.get("state") != "Running":
            continue
        vm_tags = tags.get(vm.get("uuid"), set())
        yield Outcome(ref("vm", vm), "ha::NeverStop" in vm_tags,
                      {"ha_level": "NeverStop" if "ha::NeverStop" in vm_tags else "None",
                       "host": hosts.get(vm.get("hostUuid"), vm.get("hostUuid"))})


CHECKS = [
    Check(
        id="zstack_host_disconnected",
        platform="zstack",
        pillar="availability",
        severity="critical",
        resource_type="host",
        requires=("hosts",),
        title=bilingual("Host is not Connected", "物理机未处于已连接状态"),
        message=bilingual("Host {name} ({management_ip}) status is {status}.",
                          "物理机 {name}（{management_ip}）状态为 {status}。"),
        remediation=bilingual(
            "Check the host's network and the KVM agent, then reconnect it (ReconnectHost); "
            "VMs with HA restart elsewhere only while capacity remains.",
            "检查物理机网络与 KVM agent，然后重连物理机（ReconnectHost）；只有在剩余容量足够时，HA 云主机才能在其他物理机上重启。"),
        func=host_disconnected,
    ),
    Check(
        id="zstack_host_disabled",
        platform="zstack",
        pillar="availability",
        severity="medium",
        resource_type="host",
        requires=("hosts",),
        title=bilingual("Host is Disabled", "物理机处于禁用状态"),
        message=bilingual("Host {name} ({management_ip}) state is {state}: no new VMs are placed on it.",
                          "物理机 {name}（{management_ip}）状态为 {state}：不会再调度新的云主机。"),
        remediation=bilingual(
            "Confirm with the owner why the host was disabled. If the work is finished, enable it (Hosts > More > "
            "Enable / EnableHost); otherwise record the reason so the lost capacity is accounted for in HA planning.",
            "与负责人确认禁用原因。若维护已完成，在「物理机 > 更多操作 > 启用」恢复；否则记录原因，"
            "并在高可用容量规划中扣除这台物理机的资源。"),
        func=host_disabled,
    ),
    Check(
        id="zstack_host_maintenance_prolonged",
        platform="zstack",
        pillar="availability",
        severity="medium",
        resource_type="host",
        requires=("hosts",),
        title=bilingual("Host left in maintenance mode too long", "物理机长时间处于维护模式"),
        message=bilingual("Host {name} has been in {state} for {days} days (since {last_op_date}, limit {max_days} days).",
                          "物理机 {name} 已处于 {state} 状态 {days} 天（自 {last_op_date} 起，阈值 {max_days} 天）。"),
        remediation=bilingual(
            "Finish the maintenance and bring the host back (Hosts > More > Exit Maintenance), or remove it from the "
            "cluster if it is being retired. A host stuck in PreMaintenance usually has a VM that failed to migrate: "
            "check the task log and migrate or stop that VM manually.",
            "完成维护后执行「物理机 > 更多操作 > 退出维护模式」；若该物理机将下线，请从集群中删除。"
            "长时间停留在 PreMaintenance 通常是有云主机迁移失败，请查看任务日志并手动迁移或关停该云主机。"),
        thresholds={"max_days": 3},
        func=host_maintenance_prolonged,
    ),
    Check(
        id="zstack_host_hardware_fault",
        platform="zstack",
        pillar="availability",
        severity="high",
        resource_type="host",
        requires=("hosts",),
        title=bilingual("Host hardware monitor reports a fault", "物理机硬件监控报告故障"),
        message=bilingual("Host {name} reports hardware errors in: {faulty}.",
                          "物理机 {name} 以下硬件状态异常：{faulty}。"),
        remediation=bilingual(
            "Check the BMC/IPMI event log of the host for the failed component (disk, RAID, PSU, fan, memory), "
            "open a hardware case with the server vendor, and live-migrate VMs off the host before the repair.",
            "登录该物理机的 BMC/IPMI 查看硬件事件日志，确认故障部件（硬盘、RAID、电源、风扇、内存），"
            "向服务器厂商报修，并在维修前将云主机热迁移到其他物理机。"),
        func=host_hardware_fault,
    ),
    Check(
        id="zstack_host_cpu_allocation",
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type="host",
        requires=("hosts",),
        title=bilingual("Host vCPU allocation is high", "物理机 vCPU 分配率过高"),
        message=bilingual("Host {name} has {used_pct}% of its vCPU capacity allocated ({available} of {total} free, "
                          "threshold {threshold_pct}%).",
                          "物理机 {name} vCPU 分配率 {used_pct}%（总 {total}，剩余 {available}，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Rebalance VMs to hosts with free vCPU (live migration), or add hosts to the cluster. Keep enough free "
            "allocation in every cluster to restart the VMs of one failed host (N+1).",
            "通过热迁移把云主机均衡到 vCPU 空闲的物理机，或为集群扩容物理机。每个集群应保留足以承接一台物理机故障的余量（N+1）。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=_allocation("totalCpuCapacity", "availableCpuCapacity", "vcpu"),
    ),
    Check(
        id="zstack_host_memory_allocation",
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type="host",
        requires=("hosts",),
        title=bilingual("Host memory allocation is high", "物理机内存分配率过高"),
        message=bilingual("Host {name} has {used_pct}% of its memory allocated ({available_gib} of {total_gib} GiB free, "
                          "threshold {threshold_pct}%).",
                          "物理机 {name} 内存分配率 {used_pct}%（总 {total_gib} GiB，剩余 {available_gib} GiB，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Live-migrate VMs to hosts with free memory or add memory/hosts. Without free memory, HA cannot restart "
            "the VMs of a failed host and new VMs fail to start.",
            "将云主机热迁移到内存空闲的物理机，或扩容内存/物理机。内存不足时，物理机故障后 HA 无法拉起云主机，新云主机也无法启动。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=_allocation("totalMemoryCapacity", "availableMemoryCapacity", "bytes"),
    ),
    Check(
        id="zstack_host_vm_density",
        platform="zstack",
        pillar="availability",
        severity="medium",
        resource_type="host",
        requires=("hosts", "vms"),
        title=bilingual("Too many running VMs on one host", "单台物理机运行云主机过多"),
        message=bilingual("Host {name} runs {running_vms} VMs (limit {max_running_vms_count}).",
                          "物理机 {name} 运行了 {running_vms} 台云主机（阈值 {max_running_vms_count}）。"),
        remediation=bilingual(
            "Spread VMs across the cluster (live migration, or the LeastVmPreferredHostAllocatorStrategy allocator): "
            "one host failure should not take down a large share of the workload at once.",
            "通过热迁移或使用 LeastVmPreferredHostAllocatorStrategy 分配策略将云主机分散到集群内其他物理机，"
            "避免一台物理机故障影响大量业务。"),
        thresholds={"max_running_vms_count": 20},
        func=host_vm_density,
    ),
    _utilization_check(
        "zstack_host_cpu_utilization",
        "host_metrics", "host", "hosts", "HostUuid", "CPUAllUsedUtilization", "avg_pct",
        bilingual("Host CPU utilisation is high", "物理机 CPU 使用率过高"),
        bilingual("Host {name} CPU averaged {avg_pct}% (max {max_pct}%, threshold {threshold_pct}%).",
                  "物理机 {name} CPU 平均使用率 {avg_pct}%（峰值 {max_pct}%，阈值 {threshold_pct}%）。"),
        bilingual(
            "Find the busiest VMs on the host (Performance Analysis > VM CPU Top N) and live-migrate some to quieter "
            "hosts; if the whole cluster is busy, add hosts.",
            "在「性能分析」中找出该物理机上 CPU 占用最高的云主机，热迁移部分到负载较低的物理机；若整个集群都繁忙，需要扩容物理机。")),
    _utilization_check(
        "zstack_host_memory_utilization",
        "host_metrics", "host", "hosts", "HostUuid", "MemoryUsedInPercent", "avg_pct",
        bilingual("Host memory utilisation is high", "物理机内存使用率过高"),
        bilingual("Host {name} memory averaged {avg_pct}% used (max {max_pct}%, threshold {threshold_pct}%).",
                  "物理机 {name} 内存平均使用率 {avg_pct}%（峰值 {max_pct}%，阈值 {threshold_pct}%）。"),
        bilingual(
            "Check for memory overcommit and for processes outside VMs (storage agents, logs in tmpfs). Live-migrate "
            "VMs away or add memory before the host starts swapping or the OOM killer stops a VM.",
            "检查是否存在内存超分以及云主机以外的进程（存储 agent、tmpfs 中的日志）占用内存。在物理机开始 swap 或 OOM 杀云主机前，"
            "热迁移部分云主机或扩容内存。")),
    _utilization_check(
        "zstack_host_root_disk_utilization",
        "host_metrics", "host", "hosts", "HostUuid", "DiskRootUsedCapacityInPercent", "latest_pct",
        bilingual("Host root file system is filling up", "物理机根分区使用率过高"),
        bilingual("Host {name} root file system is {latest_pct}% used (threshold {threshold_pct}%).",
                  "物理机 {name} 根分区使用率 {latest_pct}%（阈值 {threshold_pct}%）。"),
        bilingual(
            "Clean /var/log (old zstack and libvirt logs, core dumps) and /var/lib/zstack temporary files on the "
            "host; a full root file system stops the KVM agent and disconnects the host.",
            "清理该物理机 /var/log（过期的 zstack、libvirt 日志和 core 文件）及 /var/lib/zstack 下的临时文件；"
            "根分区写满会导致 KVM agent 停止、物理机失联。")),
    Check(
        id="zstack_vm_paused",
        platform="zstack",
        pillar="availability",
        severity="high",
        resource_type="vm",
        requires=("vms",),
        title=bilingual("VM is Paused", "云主机处于暂停状态"),
        message=bilingual("VM {name} is {state}.", "云主机 {name} 状态为 {state}。"),
        remediation=bilingual(
            "A VM usually pauses itself when its primary storage is full or unreachable. Check the storage capacity "
            "and connectivity of the VM's volumes, fix them, then resume the VM (Resume / ResumeVmInstance).",
            "云主机通常在主存储写满或不可达时被自动暂停。请检查其云盘所在主存储的容量和连通性，修复后执行「恢复」（ResumeVmInstance）。"),
        func=vm_paused,
    ),
    Check(
        id="zstack_vm_abnormal_state",
        platform="zstack",
        pillar="availability",
        severity="critical",
        resource_type="vm",
        requires=("vms",),
        title=bilingual("VM is in an abnormal state", "云主机处于异常状态"),
        message=bilingual("VM {name} is in state {state} (last host {host_uuid}).",
                          "云主机 {name} 状态为 {state}（最近所在物理机 {host_uuid}）。"),
        remediation=bilingual(
            "Reconnect the VM's host first (Unknown usually means the host is disconnected). For Error/Crashed, read "
            "the VM's audit and the host's libvirt log, then stop and start the VM or restore it from its last backup.",
            "先重连云主机所在物理机（Unknown 通常是物理机失联）。Error/Crashed 状态请查看云主机操作日志和物理机 libvirt 日志，"
            "然后停止再启动云主机，必要时从最近的备份恢复。"),
        thresholds={"abnormal_states": ["Unknown", "Error", "Crashed", "NoState"]},
        func=vm_abnormal_state,
    ),
    Check(
        id="zstack_vm_ha_disabled",
        platform="zstack",
        pillar="availability",
        severity="medium",
        resource_type="vm",
        requires=("vms", "system_tags"),
        title=bilingual("Running VM has no HA (NeverStop) policy", "运行中的云主机未开启高可用（NeverStop）"),
        message=bilingual("VM {name} on host {host} has HA level {ha_level}: it stays down if the host fails.",
                          "云主机 {name}（物理机 {host}）高可用级别为 {ha_level}：物理机故障后不会自动恢复。"),
        remediation=bilingual(
            "For production VMs set the HA level to NeverStop (VM > Actions > High Availability / SetVmInstanceHaLevel) "
            "so ZStack restarts them on another host after a host failure. Leave it off only for disposable VMs.",
            "生产云主机请将高可用级别设为 NeverStop（云主机 > 更多操作 > 高可用，或 SetVmInstanceHaLevel），"
            "物理机故障时平台会在其他物理机上拉起。仅临时/可丢弃的云主机可不开启。"),
        func=vm_ha_disabled,
    ),
    _utilization_check(
        "zstack_vm_cpu_utilization",
        "vm_metrics", "vm", "vms", "VMUuid", "CPUAllUsedUtilization", "avg_pct",
        bilingual("VM CPU utilisation is high", "云主机 CPU 使用率过高"),
        bilingual("VM {name} CPU averaged {avg_pct}% (max {max_pct}%, threshold {threshold_pct}%).",
                  "云主机 {name} CPU 平均使用率 {avg_pct}%（峰值 {max_pct}%，阈值 {threshold_pct}%）。"),
        bilingual(
            "Tell the application owner; if the load is legitimate, add vCPUs (change the instance offering, online "
            "if NUMA hot-plug is enabled), otherwise investigate the runaway process inside the guest.",
            "通知业务负责人：若为正常业务增长，请扩容 vCPU（更换计算规格，开启 NUMA 时可在线扩容）；否则排查云主机内异常进程。")),
]

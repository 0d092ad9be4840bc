# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack ECS instance checks: state, locks, subscription expiry, protection, tags, CPU."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import inner_list, instance_ref, tag_pairs
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import (
    age_days,
    banded_outcome,
    days_left,
    expiry_outcome,
    names_by_id,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none

# Lock reasons that mean the instance is stopped or about to be released (ECS LockReason values).
SEVERE_LOCKS = ("financial", "security", "recycling", "dedicatedhostfinancial")


def _size(instance):
    return {"cpu": instance.get("Cpu"), "memory_gib": round((float_or_none(instance.get("Memory")) or 0.0) / 1024.0, 1)}


def instance_not_running(data, thresholds, ctx):
    for instance in data["instances"]:
        status = instance.get("Status")
        yield Outcome(instance_ref(instance), status == "Running",
                      {"status": status, "zone": instance.get("ZoneId") or "-"})


def instance_operation_locked(data, thresholds, ctx):
    for instance in data["instances"]:
        locks = [lock for lock in inner_list(instance.get("OperationLocks"), "LockReason") if isinstance(lock, dict)]
        reasons = sorted(set(str(lock.get("LockReason") or "unknown") for lock in locks))
        severe = any(reason.lower() in SEVERE_LOCKS for reason in reasons)
        yield Outcome(instance_ref(instance), not locks,
                      {"lock_reasons": ", ".join(reasons) or "-", "status": instance.get("Status"),
                       "lock_message": "; ".join(str(lock.get("LockMsg")) for lock in locks if lock.get("LockMsg")) or "-"},
                      severity="critical" if severe else None)


def instance_prepaid_expiring(data, thresholds, ctx):
    for instance in data["instances"]:
        if instance.get("InstanceChargeType") != "PrePaid":
            continue
        outcome = expiry_outcome(instance_ref(instance), instance.get("ExpiredTime"), None, thresholds, ctx,
                                 {"status": instance.get("Status")})
        if outcome is not None:
            yield outcome


def instance_deletion_protection_off(data, thresholds, ctx):
    for instance in data["instances"]:
        # ECS deletion protection exists for pay-as-you-go instances only; a subscription cannot be released early.
        if instance.get("InstanceChargeType") == "PrePaid":
            continue
        protected = instance.get("DeletionProtection") in (True, "true", "True")
        yield Outcome(instance_ref(instance), protected,
                      {"charge_type": instance.get("InstanceChargeType") or "-", "status": instance.get("Status")})


def instance_auto_release_set(data, thresholds, ctx):
    for instance in data["instances"]:
        release = instance.get("AutoReleaseTime")
        left = days_left(release, ctx) if release else None
        evidence = {"auto_release_time": release or "-", "days_left": left, "urgent_days": thresholds["urgent_days"]}
        if not release:
            yield Outcome(instance_ref(instance), True, evidence)
            continue
        urgent = left is None or left < thresholds["urgent_days"]
        yield Outcome(instance_ref(instance), False, evidence, severity="critical" if urgent else None)


def instance_stopped_long(data, thresholds, ctx):
    for instance in data["instances"]:
        if instance.get("Status") != "Stopped":
            continue
        # DescribeInstances has no stop time: the last start is the latest the instance can have been stopped.
        since = instance.get("StartTime") or instance.get("CreationTime")
        days = age_days(since, ctx)
        evidence = _size(instance)
        evidence.update({"days": days, "last_start": since or "-", "max_days": thresholds["max_days"],
                         "stopped_mode": instance.get("StoppedMode") or "-"})
        yield Outcome(instance_ref(instance), days is None or days <= thresholds["max_days"], evidence)


def instance_stopped_charged(data, thresholds, ctx):
    for instance in data["instances"]:
        if instance.get("Status") != "Stopped" or instance.get("InstanceChargeType") == "PrePaid":
            continue
        evidence = _size(instance)
        evidence.update({"stopped_mode": instance.get("StoppedMode") or "-", "instance_type": instance.get("InstanceType") or "-"})
        yield Outcome(instance_ref(instance), instance.get("StoppedMode") != "KeepCharging", evidence)


def instance_untagged(data, thresholds, ctx):
    required = [str(key) for key in thresholds["required_tag_keys"]]
    for instance in data["instances"]:
        tags = tag_pairs(instance)
        missing = [key for key in required if not tags.get(key)]
        passed = bool(tags) and not missing
        yield Outcome(instance_ref(instance), passed,
                      {"tags_count": len(tags), "missing_keys": ", ".join(missing) or "-",
                       "required_keys": ", ".join(required) or "-"})


def instance_no_resource_group(data, thresholds, ctx):
    known = set()
    for group in data["resource_groups"]:
        for key in ("id", "rsId", "resourceGroupId", "ResourceGroupId"):
            if group.get(key) not in (None, ""):
                known.add(str(group.get(key)))
    for instance in data["instances"]:
        group_id = str(instance.get("ResourceGroupId") or "")
        # Without a readable resource-group list only the presence of the id can be judged.
        passed = bool(group_id) and (not known or group_id in known)
        yield Outcome(instance_ref(instance), passed,
                      {"resource_group_id": group_id or "-", "known_groups_count": len(data["resource_groups"])})


def instance_cpu_high(data, thresholds, ctx):
    names = names_by_id(data["instances"], "InstanceId", "InstanceName")
    series = {}
    for point in data["cms_cpu"]:
        owner = point.get("instanceId")
        value = float_or_none(point.get("Average"))
        if owner and value is not None:
            series.setdefault(owner, []).append((value, float_or_none(point.get("Maximum"))))
    for owner in sorted(series):
        values = series[owner]
        average = round(sum(v for v, _m in values) / len(values), 1)
        peaks = [m for _v, m in values if m is not None]
        yield banded_outcome(resource_ref("instance", owner, names.get(owner)), average, thresholds,
                             {"max_pct": round(max(peaks), 1) if peaks else average, "samples": len(values)},
                             key="avg_pct")


CHECKS = [
    Check(
        id="apsara_instance_not_running",
        platform="apsara",
        pillar="availability",
        severity="medium",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("ECS instance is not Running", "ECS 实例未处于运行中状态"),
        message=bilingual("ECS instance {name} ({uuid}, zone {zone}) is {status}.",
                          "ECS 实例 {name}（{uuid}，可用区 {zone}）当前状态为 {status}。"),
        remediation=bilingual(
            "Confirm with the owner whether the instance was stopped on purpose. If not, start it (ECS console > "
            "Instances > Start, or StartInstance) and check the system events and the guest console log for the cause; "
            "an instance stuck in Starting or Stopping for more than 10 minutes needs an Apsara Stack support ticket.",
            "与业务负责人确认该实例是否为计划内停机。如非计划停机，请在 ECS 控制台启动实例（或调用 StartInstance），并查看实例系统事件和"
            "操作系统控制台日志定位原因；长时间（超过 10 分钟）停留在「启动中」或「停止中」的实例请提交专有云工单处理。"),
        func=instance_not_running,
    ),
    Check(
        id="apsara_instance_operation_locked",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("ECS instance is locked (OperationLocks)", "ECS 实例被锁定（OperationLocks）"),
        message=bilingual("ECS instance {name} is locked for {lock_reasons} (status {status}): {lock_message}.",
                          "ECS 实例 {name} 因 {lock_reasons} 被锁定（状态 {status}）：{lock_message}。"),
        remediation=bilingual(
            "A financial lock means the subscription or the account is overdue: settle or renew it with the Apsara "
            "Stack operator (ASCM billing/quota) and the instance is unlocked automatically; resources left locked are "
            "released after the retention period. A security lock is set by the security centre: read the event, clean "
            "the host and ask the operator to unlock it.",
            "financial 锁定表示实例或账号欠费/到期：请联系专有云运营方（ASCM 计量/配额）续费或结清，解锁后实例自动恢复，长期锁定的资源会在"
            "保留期后被释放。security 锁定由安全中心触发：请查看安全事件、完成主机处置后联系运营方解锁。"),
        func=instance_operation_locked,
    ),
    Check(
        id="apsara_instance_prepaid_expiring",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("Subscription (PrePaid) ECS instance expired or about to expire",
                        "包年包月 ECS 实例已到期或即将到期"),
        message=bilingual("Subscription ECS instance {name} expires on {expired_date} ({days_left} days left; urgent below "
                          "{urgent_days}, warning below {warning_days}).",
                          "包年包月 ECS 实例 {name} 到期时间 {expired_date}（剩余 {days_left} 天；少于 {urgent_days} 天为紧急，"
                          "少于 {warning_days} 天为预警）。"),
        remediation=bilingual(
            "Renew the instance before it expires (ECS console > Instances > Renew, or enable auto-renewal). An expired "
            "subscription instance is stopped and locked, and released after the retention period together with its "
            "disks; agree the renewal with the budget owner now.",
            "请在到期前完成续费（ECS 控制台 > 实例 > 续费，或开启自动续费）。包年包月实例到期后会被停机锁定，超过保留期后连同云盘一起被释放，"
            "请尽快与预算负责人确认续费。"),
        thresholds={"urgent_days": 15, "warning_days": 30},
        func=instance_prepaid_expiring,
    ),
    Check(
        id="apsara_instance_auto_release_set",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("ECS instance is scheduled for automatic release", "ECS 实例设置了自动释放时间"),
        message=bilingual("ECS instance {name} will be released automatically at {auto_release_time} ({days_left} days left).",
                          "ECS 实例 {name} 将于 {auto_release_time} 自动释放（剩余 {days_left} 天）。"),
        remediation=bilingual(
            "Automatic release deletes the instance and the disks released with it without any further confirmation. "
            "If the instance is still needed, clear the release time (ModifyInstanceAutoReleaseTime without a time); "
            "if it really is temporary, confirm with the owner that its data is no longer needed.",
            "到达自动释放时间后实例及随实例释放的云盘会被直接删除，不再二次确认。如仍需使用，请取消自动释放时间（调用 "
            "ModifyInstanceAutoReleaseTime 且不传时间）；确属临时实例的，请与负责人确认数据已不再需要。"),
        thresholds={"urgent_days": 7},
        func=instance_auto_release_set,
    ),
    Check(
        id="apsara_instance_deletion_protection_off",
        platform="apsara",
        pillar="operations",
        severity="medium",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("Pay-as-you-go ECS instance has no deletion protection", "按量付费 ECS 实例未开启释放保护"),
        message=bilingual("ECS instance {name} ({charge_type}, {status}) can be released by a single API call or console click: "
                          "deletion protection is off.",
                          "ECS 实例 {name}（{charge_type}，{status}）未开启释放保护，一次控制台操作或 API 调用即可将其释放。"),
        remediation=bilingual(
            "Turn on release protection for production instances (ECS console > Instances > More > Instance Settings > "
            "Change Release Protection, or ModifyInstanceAttribute DeletionProtection=true). It blocks accidental "
            "deletion by scripts, Terraform runs and console mistakes; switch it off only inside an approved change.",
            "请为生产实例开启释放保护（ECS 控制台 > 实例 > 更多 > 实例设置 > 修改实例释放保护，或 ModifyInstanceAttribute "
            "DeletionProtection=true），防止脚本、Terraform 或误操作意外释放实例；仅在审批通过的变更中临时关闭。"),
        func=instance_deletion_protection_off,
    ),
    Check(
        id="apsara_instance_untagged",
        platform="apsara",
        pillar="operations",
        severity="low",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("ECS instance has no (or incomplete) tags", "ECS 实例未打标签或标签不完整"),
        message=bilingual("ECS instance {name} has {tags_count} tag(s); missing required keys: {missing_keys}.",
                          "ECS 实例 {name} 共有 {tags_count} 个标签；缺少必需的标签键：{missing_keys}。"),
        remediation=bilingual(
            "Tag every instance with at least its owner, application and environment (ECS console > Tags, or "
            "TagResources). Tags drive cost allocation, alarm routing and the monthly resource review; an untagged "
            "instance has nobody to call when it breaks.",
            "请至少为每台实例打上负责人、所属业务和环境标签（ECS 控制台 > 标签，或 TagResources）。标签用于费用分摊、告警分派和月度资源盘点，"
            "没有标签的实例出现故障时找不到责任人。"),
        thresholds={"required_tag_keys": []},
        func=instance_untagged,
    ),
    Check(
        id="apsara_instance_no_resource_group",
        platform="apsara",
        pillar="operations",
        severity="low",
        resource_type="instance",
        requires=("instances", "resource_groups"),
        title=bilingual("ECS instance is outside any known resource set", "ECS 实例不属于任何已知资源集"),
        message=bilingual("ECS instance {name} belongs to resource group {resource_group_id}, which is not one of the "
                          "{known_groups_count} resource sets visible to the inspection account.",
                          "ECS 实例 {name} 所属资源集为 {resource_group_id}，不在巡检账号可见的 {known_groups_count} 个资源集中。"),
        remediation=bilingual(
            "Move the instance into the resource set of its organisation and project (ASCM console > Resource Sets > "
            "Change Resource Set). Resources outside a known set escape quota, permission and metering reports, and "
            "their owners cannot be identified.",
            "请在 ASCM 控制台「资源集」中将该实例调整到其所属组织和项目的资源集。不在已知资源集中的资源不受配额、权限和计量报表管控，"
            "也无法确定负责人。"),
        func=instance_no_resource_group,
    ),
    Check(
        id="apsara_instance_cpu_high",
        platform="apsara",
        pillar="capacity",
        severity="high",
        resource_type="instance",
        requires=("cms_cpu", "instances"),
        title=bilingual("ECS instance CPU utilisation is high", "ECS 实例 CPU 使用率持续偏高"),
        message=bilingual("ECS instance {name} averages {avg_pct}% CPU (peak {max_pct}%, {samples} sample(s); threshold "
                          "{threshold_pct}%).",
                          "ECS 实例 {name} 平均 CPU 使用率 {avg_pct}%（峰值 {max_pct}%，{samples} 个采样点；阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Tell the application owner and look at the top processes in the guest (CloudMonitor > Host Monitoring > "
            "Process). If the load is legitimate, upgrade the instance type (ModifyInstanceSpec, needs a restart) or "
            "scale out behind the SLB; a runaway or mining process must be investigated as a security incident.",
            "通知业务负责人，并在云监控「主机监控 > 进程」中查看占用最高的进程。若为正常业务增长，请升级实例规格（ModifyInstanceSpec，"
            "需重启）或在 SLB 后横向扩容；若为异常进程或挖矿程序，请按安全事件处理。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=instance_cpu_high,
    ),
    Check(
        id="apsara_instance_stopped_long",
        platform="apsara",
        pillar="cost",
        severity="low",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("ECS instance stopped for a long time", "ECS 实例长期处于停止状态"),
        message=bilingual("ECS instance {name} ({cpu} vCPU, {memory_gib} GiB) is Stopped and was last started {days} days ago "
                          "({last_start}, limit {max_days}); stopped mode {stopped_mode}.",
                          "ECS 实例 {name}（{cpu} vCPU，{memory_gib} GiB）处于停止状态，最近一次启动在 {days} 天前（{last_start}，"
                          "阈值 {max_days} 天），停机模式 {stopped_mode}。"),
        remediation=bilingual(
            "Ask the owner whether the instance is still needed. If not, create a snapshot or custom image of it and "
            "release it so its disks, IP address and quota return to the pool; a cold standby should be recorded in the "
            "CMDB with its owner and review date.",
            "与负责人确认该实例是否仍需保留。不再需要的，先创建快照或自定义镜像再释放，归还云盘、IP 地址和配额；作为冷备保留的，"
            "请在 CMDB 中登记负责人和复核日期。"),
        thresholds={"max_days": 30},
        func=instance_stopped_long,
    ),
    Check(
        id="apsara_instance_stopped_charged",
        platform="apsara",
        pillar="cost",
        severity="low",
        resource_type="instance",
        requires=("instances",),
        title=bilingual("Stopped pay-as-you-go ECS instance is still billed", "已停止的按量付费 ECS 实例仍在计费"),
        message=bilingual("ECS instance {name} ({instance_type}, {cpu} vCPU, {memory_gib} GiB) is Stopped in mode "
                          "{stopped_mode}: vCPU and memory are still reserved and billed.",
                          "ECS 实例 {name}（{instance_type}，{cpu} vCPU，{memory_gib} GiB）以 {stopped_mode} 模式停止，"
                          "vCPU 和内存仍被保留并计费。"),
        remediation=bilingual(
            "If the instance does not need its resources guaranteed on restart, stop it in economical mode "
            "(StopInstance StoppedMode=StopCharging) so vCPU and memory are released and no longer billed; otherwise "
            "release it. Keep KeepCharging only for instances that must restart immediately.",
            "若重启时不需要保证资源，请以节省停机模式停止（StopInstance StoppedMode=StopCharging），释放 vCPU 和内存并停止计费；"
            "不再需要的实例请直接释放。仅对必须立即恢复的实例保留「停机后继续收费」模式。"),
        func=instance_stopped_charged,
    ),
]

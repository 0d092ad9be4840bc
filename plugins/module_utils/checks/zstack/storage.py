# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack storage checks: primary storage, backup storage, volumes and snapshots."""

from __future__ import annotations

import functools

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import gib, names_by_id, state_check, usage_outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual


def _usage(dataset, rtype, total_key, available_key):
    def func(data, thresholds, ctx):
        for item in data[dataset]:
            outcome = usage_outcome(ref(rtype, item), item.get(total_key), item.get(available_key), thresholds,
                                    {"type": item.get("type")})
            if outcome is not None:
                yield outcome
    return func


def _status(dataset, rtype, key, good):
    return state_check(dataset, functools.partial(ref, rtype), key, good, extra=lambda item: {"type": item.get("type")})


def _state_check(check_id, severity, rtype, dataset, key, good, title, message, remediation):
    """A "storage is not Connected / not Enabled" check: only the dataset, the field and the texts differ."""
    return Check(
        id=check_id,
        platform="zstack",
        pillar="availability",
        severity=severity,
        resource_type=rtype,
        requires=(dataset,),
        title=title,
        message=message,
        remediation=remediation,
        func=_status(dataset, rtype, key, good),
    )


def volume_not_ready(data, thresholds, ctx):
    for volume in data["volumes"]:
        status = volume.get("status")
        if status == "Deleted":
            continue  # in the recycle bin: zstack_volume_deleted_not_expunged judges it
        yield Outcome(ref("volume", volume), status in thresholds["ok_statuses"],
                      {"status": status, "volume_type": volume.get("type"), "vm_uuid": volume.get("vmInstanceUuid") or "-"})


def snapshot_count(data, thresholds, ctx):
    counts = {}
    for snapshot in data["snapshots"]:
        if snapshot.get("status") == "Deleted" or not snapshot.get("volumeUuid"):
            continue
        counts[snapshot["volumeUuid"]] = counts.get(snapshot["volumeUuid"], 0) + 1
    volumes = dict((v.get("uuid"), v) for v in data["volumes"])
    limit = thresholds["max_snapshots_count"]
    for volume_uuid in sorted(counts):
        volume = volumes.get(volume_uuid, {"uuid": volume_uuid})
        yield Outcome(ref("volume", volume), counts[volume_uuid] <= limit,
                      {"snapshots": counts[volume_uuid], "max_snapshots_count": limit})


def snapshot_not_ready(data, thresholds, ctx):
    volumes = names_by_id(data.get("volumes"))
    for snapshot in data["snapshots"]:
        status = snapshot.get("status")
        if status == "Deleted":
            continue
        yield Outcome(ref("snapshot", snapshot), status == "Ready",
                      {"status": status, "volume": volumes.get(snapshot.get("volumeUuid"), snapshot.get("volumeUuid")),
                       "size_gib": gib(snapshot.get("size"))})


CHECKS = [
    Check(
        id="zstack_ps_physical_usage",
        platform="zstack",
        pillar="capacity",
        severity="critical",
        resource_type="primary_storage",
        requires=("primary_storages",),
        title=bilingual("Primary storage physical usage is high", "主存储物理容量使用率过高"),
        message=bilingual("Primary storage {name} ({type}) is {used_pct}% physically used ({available_gib} of {total_gib} GiB "
                          "free, threshold {threshold_pct}%).",
                          "主存储 {name}（{type}）物理使用率 {used_pct}%（总 {total_gib} GiB，剩余 {available_gib} GiB，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Expand the storage soon (add disks/OSDs/LUNs) and in the meantime free space: expunge deleted volumes "
            "and images from the recycle bin, delete stale snapshots, move cold data volumes elsewhere. When it fills, "
            "every VM writing to it is paused.",
            "请尽快扩容（增加硬盘/OSD/LUN），同时释放空间：彻底删除回收站中的云盘和镜像、清理过期快照、迁移冷数据云盘。"
            "主存储写满后所有写盘的云主机都会被暂停。"),
        thresholds={"critical_pct": 85, "high_pct": 65},
        func=_usage("primary_storages", "primary_storage", "totalPhysicalCapacity", "availablePhysicalCapacity"),
    ),
    Check(
        id="zstack_ps_allocation",
        platform="zstack",
        pillar="capacity",
        severity="high",
        resource_type="primary_storage",
        requires=("primary_storages",),
        title=bilingual("Primary storage allocated (logical) capacity is high", "主存储已分配（逻辑）容量过高"),
        message=bilingual("Primary storage {name} ({type}) has {used_pct}% of its logical capacity allocated "
                          "({available_gib} of {total_gib} GiB unallocated, threshold {threshold_pct}%).",
                          "主存储 {name}（{type}）逻辑容量已分配 {used_pct}%（总 {total_gib} GiB，未分配 {available_gib} GiB，"
                          "阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "New volumes will soon fail to allocate. Reclaim unused volumes and snapshots, or expand the storage; do "
            "not raise mevoco/overProvisioning.primaryStorage to hide the shortage.",
            "即将无法再分配新云盘。请回收闲置云盘和快照或扩容主存储；不要通过调大 mevoco/overProvisioning.primaryStorage 掩盖容量不足。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=_usage("primary_storages", "primary_storage", "totalCapacity", "availableCapacity"),
    ),
    _state_check(
        "zstack_ps_disconnected",
        "critical",
        "primary_storage", "primary_storages", "status", "Connected",
        bilingual("Primary storage is not Connected", "主存储未处于已连接状态"),
        bilingual("Primary storage {name} ({type}) status is {status}.", "主存储 {name}（{type}）状态为 {status}。"),
        bilingual(
            "Check the storage network and the storage backend (Ceph health, NFS/iSCSI server, SharedBlock "
            "multipath) from the hosts, then reconnect the primary storage (ReconnectPrimaryStorage).",
            "从物理机检查存储网络和存储后端（Ceph 健康状态、NFS/iSCSI 服务端、SharedBlock 多路径），恢复后执行「重连主存储」（ReconnectPrimaryStorage）。")),
    _state_check(
        "zstack_ps_not_enabled",
        "high",
        "primary_storage", "primary_storages", "state", "Enabled",
        bilingual("Primary storage is not Enabled", "主存储未处于启用状态"),
        bilingual("Primary storage {name} ({type}) state is {state}.", "主存储 {name}（{type}）状态为 {state}。"),
        bilingual(
            "A Disabled or Maintenance primary storage takes no new volumes, and in Maintenance its VMs are stopped. "
            "Finish the work and enable it again, or document why it stays out of service.",
            "处于禁用或维护状态的主存储不再分配新云盘，维护模式下其上云主机会被停止。请完成维护后重新启用，或记录其停用原因。")),
    Check(
        id="zstack_bs_usage",
        platform="zstack",
        pillar="capacity",
        severity="critical",
        resource_type="backup_storage",
        requires=("backup_storages",),
        title=bilingual("Backup storage usage is high", "镜像/备份服务器容量使用率过高"),
        message=bilingual("Backup storage {name} ({type}) is {used_pct}% used ({available_gib} of {total_gib} GiB free, "
                          "threshold {threshold_pct}%).",
                          "镜像/备份服务器 {name}（{type}）使用率 {used_pct}%（总 {total_gib} GiB，剩余 {available_gib} GiB，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Delete expired images and old volume/VM backups, run image-store garbage collection "
            "(ReclaimSpaceFromImageStore), and expand the backup storage. A full backup storage makes scheduled "
            "backups and image uploads fail.",
            "删除过期镜像和旧的云盘/云主机备份，执行镜像仓库空间回收（ReclaimSpaceFromImageStore），并扩容备份存储。"
            "备份服务器写满后定时备份和镜像上传都会失败。"),
        thresholds={"critical_pct": 90, "high_pct": 80, "medium_pct": 60},
        func=_usage("backup_storages", "backup_storage", "totalCapacity", "availableCapacity"),
    ),
    _state_check(
        "zstack_bs_disconnected",
        "critical",
        "backup_storage", "backup_storages", "status", "Connected",
        bilingual("Backup storage is not Connected", "镜像/备份服务器未处于已连接状态"),
        bilingual("Backup storage {name} ({type}) status is {status}.", "镜像/备份服务器 {name}（{type}）状态为 {status}。"),
        bilingual(
            "Check the backup server's network, disk and the zstack-store agent (port 8000), then reconnect it "
            "(ReconnectBackupStorage). While it is disconnected, VM creation from images and all backups fail.",
            "检查备份服务器网络、磁盘及 zstack-store 服务（8000 端口），恢复后执行「重连」（ReconnectBackupStorage）。"
            "失联期间无法从镜像创建云主机，所有备份任务都会失败。")),
    _state_check(
        "zstack_bs_not_enabled",
        "medium",
        "backup_storage", "backup_storages", "state", "Enabled",
        bilingual("Backup storage is not Enabled", "镜像/备份服务器未处于启用状态"),
        bilingual("Backup storage {name} ({type}) state is {state}.", "镜像/备份服务器 {name}（{type}）状态为 {state}。"),
        bilingual(
            "A disabled backup storage accepts no new images or backups. Enable it again, or remove it from backup "
            "jobs and zones if it is being retired.",
            "禁用的备份服务器不再接收新镜像和备份。请重新启用；若计划下线，请将其从备份任务和区域中移除。")),
    Check(
        id="zstack_volume_not_ready",
        platform="zstack",
        pillar="availability",
        severity="medium",
        resource_type="volume",
        requires=("volumes",),
        title=bilingual("Volume is not Ready", "云盘未处于就绪状态"),
        message=bilingual("{volume_type} volume {name} status is {status} (VM {vm_uuid}).",
                          "{volume_type} 云盘 {name} 状态为 {status}（云主机 {vm_uuid}）。"),
        remediation=bilingual(
            "A volume stuck in Creating or Migrating usually comes from an interrupted task. Check the task log and "
            "the primary storage, then retry the migration or recover the volume; ask ZStack support before editing "
            "the database.",
            "长时间处于 Creating 或 Migrating 状态的云盘通常是任务中断所致。请查看任务日志和主存储状态，重试迁移或恢复云盘；"
            "如需改库请先联系 ZStack 技术支持。"),
        thresholds={"ok_statuses": ["Ready", "NotInstantiated"]},
        func=volume_not_ready,
    ),
    Check(
        id="zstack_volume_snapshot_count",
        platform="zstack",
        pillar="capacity",
        severity="medium",
        resource_type="volume",
        requires=("snapshots", "volumes"),
        title=bilingual("Too many snapshots on one volume", "单个云盘快照数量过多"),
        message=bilingual("Volume {name} has {snapshots} snapshots (limit {max_snapshots_count}).",
                          "云盘 {name} 共有 {snapshots} 个快照（阈值 {max_snapshots_count}）。"),
        remediation=bilingual(
            "Long snapshot chains slow down disk I/O and waste primary storage. Delete old snapshots (keep the ones "
            "you really restore from), and use scheduled backups to backup storage for retention instead of snapshots.",
            "过长的快照链会降低磁盘 I/O 性能并占用主存储空间。请删除旧快照（只保留确实需要回滚的），长期保留请改用定时备份到备份服务器。"),
        thresholds={"max_snapshots_count": 10},
        func=snapshot_count,
    ),
    Check(
        id="zstack_snapshot_not_ready",
        platform="zstack",
        pillar="backup",
        severity="medium",
        resource_type="snapshot",
        requires=("snapshots",),
        title=bilingual("Volume snapshot is not Ready", "云盘快照未处于就绪状态"),
        message=bilingual("Snapshot {name} of volume {volume} status is {status} ({size_gib} GiB).",
                          "云盘 {volume} 的快照 {name} 状态为 {status}（{size_gib} GiB）。"),
        remediation=bilingual(
            "A snapshot stuck in Creating or Deleting cannot be used for a revert. Check the task log and the primary "
            "storage; delete the broken snapshot and take a new one.",
            "长时间处于 Creating 或 Deleting 状态的快照无法用于回滚。请查看任务日志和主存储状态，删除异常快照后重新创建。"),
        func=snapshot_not_ready,
    ),
]

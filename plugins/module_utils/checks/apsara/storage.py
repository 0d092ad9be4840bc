# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack block-storage checks: idle disks and snapshot chains that grow too long."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import disk_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_days, names_by_id
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref


def disk_unattached(data, thresholds, ctx):
    for disk in data["disks"]:
        if disk.get("Status") not in ("Available", "In_use"):
            continue
        attached = disk.get("Status") == "In_use"
        since = disk.get("DetachedTime") or disk.get("CreationTime")
        days = None if attached else age_days(since, ctx)
        severity = None
        if not attached and days is not None and days >= thresholds["medium_days"]:
            severity = "medium"
        yield Outcome(disk_ref(disk), attached,
                      {"days": days, "since": since or "-", "size_gib": disk.get("Size"), "category": disk.get("Category") or "-",
                       "medium_days": thresholds["medium_days"]},
                      severity=severity)


def disk_snapshot_count(data, thresholds, ctx):
    names = names_by_id(data["disks"], "DiskId", "DiskName")
    counts = {}
    for snapshot in data["snapshots"]:
        source = snapshot.get("SourceDiskId")
        if source:
            counts[source] = counts.get(source, 0) + 1
    for disk_id in sorted(counts):
        yield Outcome(resource_ref("disk", disk_id, names.get(disk_id)), counts[disk_id] <= thresholds["max_snapshots_count"],
                      {"snapshots": counts[disk_id], "max_snapshots_count": thresholds["max_snapshots_count"]})


CHECKS = [
    Check(
        id="apsara_disk_snapshot_count",
        platform="apsara",
        pillar="capacity",
        severity="medium",
        resource_type="disk",
        requires=("snapshots", "disks"),
        title=bilingual("Too many snapshots kept for one disk", "单块云盘保留的快照过多"),
        message=bilingual("Disk {name} has {snapshots} snapshots (limit {max_snapshots_count}).",
                          "云盘 {name} 共有 {snapshots} 个快照（阈值 {max_snapshots_count}）。"),
        remediation=bilingual(
            "Delete manual snapshots nobody will restore from and shorten the retention of the disk's automatic snapshot "
            "policy. Each disk has a snapshot quota: once it is reached, new automatic snapshots fail and the oldest are "
            "rotated out, and long chains consume snapshot storage.",
            "删除不会再用于恢复的手动快照，并缩短该云盘自动快照策略的保留天数。每块云盘有快照数量配额，达到上限后新的自动快照会失败或最早的"
            "快照被轮转删除，过长的快照链也会占用大量快照存储空间。"),
        thresholds={"max_snapshots_count": 64},
        func=disk_snapshot_count,
    ),
    Check(
        id="apsara_disk_unattached",
        platform="apsara",
        pillar="cost",
        severity="low",
        resource_type="disk",
        requires=("disks",),
        title=bilingual("Disk is not attached to any ECS instance", "云盘未挂载到任何 ECS 实例"),
        message=bilingual("Disk {name} ({size_gib} GiB {category}) is not attached; detached for {days} days (since {since}).",
                          "云盘 {name}（{size_gib} GiB，{category}）未挂载，已闲置 {days} 天（自 {since} 起）。"),
        remediation=bilingual(
            "Find the owner through the disk's tags, description and former instance, then attach it back, or take a "
            "final snapshot and release it, or record why it is kept. An unattached disk is billed and occupies "
            "storage-cluster capacity while serving nobody.",
            "通过云盘标签、描述及原挂载实例找到负责人：重新挂载，或创建最终快照后释放，或登记保留原因。未挂载的云盘仍在计费并占用存储集群容量。"),
        thresholds={"medium_days": 30},
        func=disk_unattached,
    ),
]

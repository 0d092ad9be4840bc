# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Capacity figures for the report's charts, computed from collected ZStack data (pure)."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import percent


def _used_pct(item, total_key, available_key):
    total = item.get(total_key) or 0
    return percent(total - (item.get(available_key) or 0), total)


def capacity_summary(data):
    """{"hosts": [...], "primary_storages": [...], "backup_storages": [...], "l3_networks": [...]}."""
    summary = {}
    if "hosts" in data:
        summary["hosts"] = [{
            "name": h.get("name"), "uuid": h.get("uuid"),
            "cpu_alloc_pct": _used_pct(h, "totalCpuCapacity", "availableCpuCapacity"),
            "mem_alloc_pct": _used_pct(h, "totalMemoryCapacity", "availableMemoryCapacity"),
        } for h in data["hosts"]]
    if "primary_storages" in data:
        summary["primary_storages"] = [{
            "name": p.get("name"), "uuid": p.get("uuid"),
            "used_pct": _used_pct(p, "totalCapacity", "availableCapacity"),
            "physical_used_pct": _used_pct(p, "totalPhysicalCapacity", "availablePhysicalCapacity"),
        } for p in data["primary_storages"]]
    if "backup_storages" in data:
        summary["backup_storages"] = [{
            "name": b.get("name"), "uuid": b.get("uuid"),
            "used_pct": _used_pct(b, "totalCapacity", "availableCapacity"),
        } for b in data["backup_storages"]]
    if "l3_networks" in data and "ip_capacity" in data:
        by_uuid = dict((c.get("resourceUuid"), c) for c in data["ip_capacity"])
        summary["l3_networks"] = [{
            "name": l3.get("name"), "uuid": l3.get("uuid"),
            "used_pct": _used_pct(by_uuid[l3["uuid"]], "totalCapacity", "availableCapacity"),
        } for l3 in data["l3_networks"] if l3.get("uuid") in by_uuid]
    return summary


def inventory_counts(data):
    """How many of each resource the run saw (the report's inventory overview)."""
    counted = ("zones", "clusters", "hosts", "vms", "volumes", "primary_storages", "backup_storages",
               "l3_networks", "vpc_routers", "eips", "security_groups", "snapshots", "volume_backups",
               "scheduler_jobs", "alarms", "management_nodes")
    return dict((name, len(data[name])) for name in counted if name in data)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Capacity figures for the report's charts, computed from collected Apsara data (pure)."""

from __future__ import annotations

import ipaddress

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import percent

# Alibaba Cloud VPC reserves the first and the last three addresses of every vSwitch CIDR.
VSWITCH_RESERVED_IPS = 4


def vswitch_usable_ips(cidr):
    """Usable addresses of a vSwitch CIDR (0 when it cannot be parsed)."""
    try:
        network = ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        return 0
    return max(0, network.num_addresses - VSWITCH_RESERVED_IPS)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def capacity_summary(data):
    """{"vswitches": [...], "disks_by_category": [...], "eips": {...}, "ecs_cpu": [...]} from what was collected."""
    summary = {}
    if "vswitches" in data:
        rows = []
        for vsw in data["vswitches"]:
            total = vswitch_usable_ips(vsw.get("CidrBlock"))
            available = _number(vsw.get("AvailableIpAddressCount")) or 0
            rows.append({"name": vsw.get("VSwitchName") or vsw.get("VSwitchId"), "id": vsw.get("VSwitchId"),
                         "zone": vsw.get("ZoneId"), "cidr": vsw.get("CidrBlock"), "usable_ips": total,
                         "available_ips": int(available), "used_pct": percent(max(0, total - available), total)})
        summary["vswitches"] = rows
    if "disks" in data:
        by_category = {}
        for disk in data["disks"]:
            category = disk.get("Category") or "unknown"
            row = by_category.setdefault(category, {"category": category, "count": 0, "size_gib": 0, "in_use_gib": 0})
            size = _number(disk.get("Size")) or 0
            row["count"] += 1
            row["size_gib"] += int(size)
            if disk.get("Status") == "In_use":
                row["in_use_gib"] += int(size)
        summary["disks_by_category"] = [dict(row, in_use_pct=percent(row["in_use_gib"], row["size_gib"]))
                                        for _name, row in sorted(by_category.items())]
    if "eips" in data:
        total = len(data["eips"])
        in_use = sum(1 for eip in data["eips"] if eip.get("Status") == "InUse")
        summary["eips"] = {"total": total, "in_use": in_use, "used_pct": percent(in_use, total)}
    if "cms_cpu" in data:
        names = dict((i.get("InstanceId"), i.get("InstanceName")) for i in data.get("instances", []))
        rows = []
        for point in data["cms_cpu"]:
            value = _number(point.get("Average", point.get("Maximum")))
            if value is None:
                continue
            instance = point.get("instanceId")
            rows.append({"id": instance, "name": names.get(instance) or instance, "cpu_pct": round(value, 1)})
        summary["ecs_cpu"] = sorted(rows, key=lambda row: -row["cpu_pct"])
    return summary


def inventory_counts(data):
    """How many of each resource the run saw (the report's inventory overview)."""
    counted = ("instances", "disks", "snapshots", "auto_snapshot_policies", "security_groups", "vpcs", "vswitches",
               "router_interfaces", "eips", "nat_gateways", "snat_entries", "cms_alarm_rules", "rds_instances",
               "slb_load_balancers", "resource_groups")
    return dict((name, len(data[name])) for name in counted if name in data)

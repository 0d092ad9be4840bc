# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack billing spending (billing-api.md section 3): the request bodies and a parse of the answers.

CalculateAccountSpending takes dateStart/dateEnd as epoch milliseconds, CalculateResourceSpending as
"yyyyMMdd HH:mm:ss" strings in the management node's time zone.  The spendingType strings are not in open sources,
so a detail's category is read from its list fields (cpuInventory -> vm, sizeInventory + volumeSize -> data volume).
"""

from __future__ import annotations

import datetime

PAGE = 1000
# detail list field -> (category, price resource) it carries
SEGMENT_FIELDS = (("cpuInventory", "cpu"), ("memoryInventory", "memory"), ("rootVolumeInventory", "root_volume"),
                  ("sizeInventory", None), ("bandwidthInInventory", "bandwidth_in"), ("bandwidthOutInventory", "bandwidth_out"),
                  ("bareMetal2Inventory", "baremetal2"))


def epoch_ms(moment):
    return int(moment.timestamp() * 1000)


def mn_date(moment, mn_tz):
    """A time as CalculateResourceSpending wants it, in the management node's zone."""
    return moment.astimezone(mn_tz).strftime("%Y%m%d %H:%M:%S")


def account_body(since, until, hypervisor=None):
    body = {"dateStart": epoch_ms(since), "dateEnd": epoch_ms(until), "simple": False}
    if hypervisor:
        body["hypervisorType"] = hypervisor
    return {"calculateAccountSpending": body}


def resource_body(since, until, mn_tz, start, limit=PAGE, resource_type="all"):
    return {"calculateResourceSpending": {"resourceType": resource_type, "dateStart": mn_date(since, mn_tz),
                                          "dateEnd": mn_date(until, mn_tz), "start": start, "limit": limit}}


def _category(detail):
    if "cpuInventory" in detail or "memoryInventory" in detail or "rootVolumeInventory" in detail:
        return "vm"
    segs = detail.get("sizeInventory") or []
    if any("snapshotSize" in s for s in segs):
        return "snapshot"
    if any("volumeSize" in s for s in segs):
        return "data_volume"
    if any("vmName" in s for s in segs):
        return "pci_device"
    if "vipIp" in detail:
        return "vip_bandwidth"
    if "vmNicIp" in detail:
        return "vm_nic_bandwidth"
    if "bareMetal2Inventory" in detail:
        return "baremetal2"
    return str(detail.get("type") or "other")


def parse_account(reply):
    """{total, by_category{category: amount}, resources[{uuid, name, category, spending, parts{cpu: ..}}]} of a
    CalculateAccountSpending answer (Gson omits nulls: an empty category has no details)."""
    by_category, resources = {}, []
    for entry in reply.get("spending") or []:
        for detail in entry.get("details") or []:
            category = _category(detail)
            amount = float(detail.get("spending") or 0)
            by_category[category] = round(by_category.get(category, 0.0) + amount, 5)
            parts = {}
            for field, part in SEGMENT_FIELDS:
                if detail.get(field):
                    parts[part or category] = round(sum(float(s.get("spending") or 0) for s in detail[field]), 5)
            resources.append({"uuid": detail.get("resourceUuid"), "name": detail.get("resourceName"), "category": category,
                              "spending": round(amount, 5), "parts": parts})
        if not entry.get("details") and entry.get("spending"):
            # simple=true or a category without details: the total is all we know
            key = str(entry.get("spendingType") or "other")
            by_category[key] = round(by_category.get(key, 0.0) + float(entry["spending"]), 5)
    return {"total": round(float(reply.get("total") or 0), 5), "by_category": by_category,
            "resources": sorted(resources, key=lambda r: -r["spending"])}


def prices_in_force(prices, at):
    """The price rows in force at `at` (dateInLong <= at < endDateInLong)."""
    ms = epoch_ms(at)
    return [p for p in prices if (p.get("dateInLong") or 0) <= ms and (p.get("endDateInLong") or ms + 1) > ms]


def utc(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers only the ZStack check files need (pure functions, no state).

Platform-neutral helpers (numbers, bands, dates, expiry, internet exposure) live in checks/common;
what is here knows ZStack shapes: system tags, zwatch metric series, global configs, size strings
("8G"), and VMs whose volumes come nested or as a separate dataset.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import list_field
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none


def tags_by_resource(system_tags):
    """{resourceUuid: set(tags)} from the system-tags dataset."""
    result = {}
    for tag in system_tags or []:
        result.setdefault(tag.get("resourceUuid"), set()).add(tag.get("tag") or "")
    return result


def metric_values(metrics, metric_name, label):
    """{label value: [values in time order]} from a {metricName: [{value, time, labels}]} dataset."""
    series = {}
    points = (metrics or {}).get(metric_name) or []
    for point in sorted(points, key=lambda p: float_or_none(p.get("time")) or 0.0):
        owner = (point.get("labels") or {}).get(label)
        value = float_or_none(point.get("value"))
        if owner and value is not None:
            series.setdefault(owner, []).append(value)
    return series


def series_stats(values):
    """avg / max / latest of a metric series, rounded to 0.1."""
    return {
        "avg_pct": round(sum(values) / len(values), 1),
        "max_pct": round(max(values), 1),
        "latest_pct": round(values[-1], 1),
        "samples": len(values),
    }


def config_value(configs, category, name):
    """The item of a global config, matching category and name case-insensitively, or None."""
    for item in configs or []:
        if str(item.get("category", "")).lower() == category.lower() and str(item.get("name", "")).lower() == name.lower():
            return item
    return None


_SIZE_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4, "P": 1024 ** 5}


def parse_size(value):
    """ZStack size strings ("1G", "512M", "8GB", "1073741824") -> bytes, None if unparsable."""
    if value is None:
        return None
    text = str(value).strip().upper().replace(" ", "")
    if text.endswith("B") and len(text) > 1 and text[-2] in _SIZE_UNITS and text[-2] != "B":
        text = text[:-1]
    unit = text[-1:] if text[-1:] in _SIZE_UNITS and not text[-1:].isdigit() else ""
    number = float_or_none(text[:-1] if unit else text)
    if number is None:
        return None
    return int(number * _SIZE_UNITS[unit])


def vm_volumes(vm, data, ctx):
    """A VM's volumes: its own `allVolumes` when the query returned them, else the `volumes` dataset.

    The collector asks for VM columns only (`fields=`), which leaves out the nested lists and
    makes a 10,000-VM site several times cheaper to read; the index is built once per run.
    """
    if vm.get("allVolumes"):
        return list_field(vm, "allVolumes")
    cache = ctx.setdefault("_cache", {})
    index = cache.get("volumes_by_vm")
    if index is None:
        index = {}
        for volume in data.get("volumes") or []:
            owner = volume.get("vmInstanceUuid")
            if owner:
                index.setdefault(owner, []).append(volume)
        cache["volumes_by_vm"] = index
    return index.get(vm.get("uuid"), [])

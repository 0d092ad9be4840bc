# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the ZStack check files (pure functions, no state).

Dates: ZStack sends Gson dates in the management node's local time without a zone, licence
dates as ISO strings and zwatch times as epoch seconds or milliseconds.  A naive date is read
in the controller's local time unless ctx carries `mn_utc_offset_minutes` (the MN's offset,
which a collector can learn from GetCurrentTime).
"""

from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Outcome, percent
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import resource_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import (
    age_days as _age_days,
    parse_epoch,
    parse_iso,
    parse_zstack_date,
)

GIB = 1024.0 ** 3

# Severity names in the order a banded check tests them (most severe first).
BAND_ORDER = ("critical", "high", "medium", "low")


def endpoint_ref(ctx):
    """The pseudo-resource for site-wide outcomes (one per endpoint)."""
    return resource_ref("endpoint", ctx["endpoint"], ctx["endpoint"])


def to_float(value):
    """A number from an API value (numbers or numeric strings), None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def gib(value):
    """Bytes -> GiB, one decimal."""
    number = to_float(value) or 0.0
    return round(number / GIB, 1)


def parse_date(value, ctx=None):
    """Any ZStack date (Gson, ISO, epoch s/ms) -> datetime (naive for Gson without offset), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_epoch(value)
    if not isinstance(value, str):
        return None
    parsed = parse_zstack_date(value)
    if parsed is not None:
        offset = (ctx or {}).get("mn_utc_offset_minutes")
        if offset is not None:
            tz = datetime.timezone(datetime.timedelta(minutes=offset))
            parsed = parsed.replace(tzinfo=tz)
        return parsed
    if value.strip().replace(".", "", 1).isdigit():
        return parse_epoch(value)
    return parse_iso(value)


def age_days(value, ctx):
    """Days from an API date to ctx["now"], rounded to 0.1; None if unparsable."""
    age = _age_days(parse_date(value, ctx), ctx["now"])
    return None if age is None else round(age, 1)


def age_hours(value, ctx):
    age = _age_days(parse_date(value, ctx), ctx["now"])
    return None if age is None else round(age * 24.0, 1)


def age_minutes(value, ctx):
    age = _age_days(parse_date(value, ctx), ctx["now"])
    return None if age is None else round(age * 1440.0, 1)


def bands_from(thresholds, suffix="_pct"):
    """[(floor, severity), ...] from thresholds named critical_pct / high_pct / medium_pct / low_pct."""
    bands = []
    for severity in BAND_ORDER:
        key = severity + suffix
        if key in thresholds:
            bands.append((thresholds[key], severity))
    return sorted(bands, key=lambda b: b[0], reverse=True)


def pick_band(value, bands, strict=False):
    """(severity, floor) of the first band `value` reaches (exceeds if strict), (None, None) below all."""
    for floor, severity in bands:
        if value > floor or (not strict and value == floor):
            return severity, floor
    return None, None


def banded_outcome(resource, value, thresholds, evidence, key="used_pct", suffix="_pct"):
    """Outcome for a banded value: FAIL with the band's severity when a floor is reached.

    Convention (docs/checks.md states it too): a `_pct` band fires when the value reaches the
    floor, a `_ratio` band when the value exceeds it (a ratio of exactly 1.0 is "no overcommit").
    Evidence gets the value under `key` and the floor that decided it under `threshold<suffix>`
    (the lowest floor when the value passed).
    """
    bands = bands_from(thresholds, suffix)
    severity, floor = pick_band(value, bands, strict=suffix == "_ratio")
    evidence = dict(evidence)
    evidence[key] = value
    evidence["threshold" + suffix] = floor if floor is not None else (bands[-1][0] if bands else None)
    return Outcome(resource, severity is None, evidence, severity=severity)


def usage_outcome(resource, total, available, thresholds, evidence=None):
    """Banded used-share outcome from total/available byte counts (skips unknown totals: returns None)."""
    total_f = to_float(total)
    available_f = to_float(available)
    if not total_f or available_f is None:
        return None
    used_pct = percent(total_f - available_f, total_f)
    extra = dict(evidence or {})
    extra.update({"total_gib": gib(total_f), "available_gib": gib(available_f)})
    return banded_outcome(resource, used_pct, thresholds, extra)


def index_by(items, key="uuid"):
    """{item[key]: item} for items that have the key."""
    return dict((item.get(key), item) for item in items or [] if item.get(key))


def names_by_uuid(items):
    return dict((item.get("uuid"), item.get("name") or item.get("uuid")) for item in items or [] if item.get("uuid"))


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
    for point in sorted(points, key=lambda p: to_float(p.get("time")) or 0.0):
        owner = (point.get("labels") or {}).get(label)
        value = to_float(point.get("value"))
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


def to_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "on")


_SIZE_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4, "P": 1024 ** 5}


def parse_size(value):
    """ZStack size strings ("1G", "512M", "8GB", "1073741824") -> bytes, None if unparsable."""
    if value is None:
        return None
    text = str(value).strip().upper().replace(" ", "")
    if text.endswith("B") and len(text) > 1 and text[-2] in _SIZE_UNITS and text[-2] != "B":
        text = text[:-1]
    unit = text[-1:] if text[-1:] in _SIZE_UNITS and not text[-1:].isdigit() else ""
    number = to_float(text[:-1] if unit else text)
    if number is None:
        return None
    return int(number * _SIZE_UNITS[unit])


def days_left(expiry, ctx):
    """Whole-ish days until an expiry date (negative once passed), 0.1 precision; None if unparsable."""
    age = age_days(expiry, ctx)
    return None if age is None else round(-age, 1)


def expiry_outcome(resource, expiry, expired_flag, thresholds, ctx, evidence=None):
    """Banded expiry verdict: expired -> critical, < urgent_days -> high, < warning_days -> medium."""
    left = days_left(expiry, ctx)
    evidence = dict(evidence or {})
    evidence.update({"expired_date": expiry, "days_left": left,
                     "urgent_days": thresholds["urgent_days"], "warning_days": thresholds["warning_days"]})
    if expired_flag is True or (left is not None and left < 0):
        return Outcome(resource, False, evidence, severity="critical")
    if left is None:
        return None
    if left < thresholds["urgent_days"]:
        return Outcome(resource, False, evidence, severity="high")
    if left < thresholds["warning_days"]:
        return Outcome(resource, False, evidence, severity="medium")
    return Outcome(resource, True, evidence)


def vm_volumes(vm, data, ctx):
    """A VM's volumes: its own `allVolumes` when the query returned them, else the `volumes` dataset.

    The collector asks for VM columns only (`fields=`), which leaves out the nested lists and
    makes a 10,000-VM site several times cheaper to read; the index is built once per run.
    """
    if vm.get("allVolumes"):
        return vm["allVolumes"]
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

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Platform-neutral helpers for every check catalogue (pure functions, no state).

Numbers, severity bands, dates, expiry, lookups, and security-group exposure to the internet.
What knows one platform's API shapes stays in checks/<platform>/_common.py.

Dates: parse_date reads every shape the platforms send: ZStack Gson dates (management node local
time without a zone), ISO 8601 strings and epoch seconds or milliseconds.  A naive date is read in
the controller's local time unless ctx carries `mn_utc_offset_minutes` (a ZStack collector can
learn the MN's offset from GetCurrentTime).
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
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list, float_or_none

GIB = 1024.0 ** 3

# Severity names in the order a banded check tests them (most severe first).
BAND_ORDER = ("critical", "high", "medium", "low")

_TRUE_WORDS = ("true", "1", "yes", "on")


# -- fields --------------------------------------------------------------------------------------
def field(item, names, default=None):
    """The value of a field under the first of its documented names the item carries: older and newer
    API answers name some fields differently (CMS alert history: `AlertState` then `State`)."""
    for name in names:
        if isinstance(item, dict) and item.get(name) not in (None, ""):
            return item[name]
    return default


def list_field(item, name):
    """A list-valued field in whatever shape it came (values.as_list): one object, JSON text, nothing."""
    return as_list(item.get(name) if isinstance(item, dict) else None)


# -- numbers and lookups -------------------------------------------------------------------------

def endpoint_ref(ctx):
    """The pseudo-resource for site-wide outcomes (one per endpoint)."""
    return resource_ref("endpoint", ctx["endpoint"], ctx["endpoint"])


def to_bool(value, true_words=()):
    """An API boolean: True, "true", "1", "yes", "on" (plus any platform-specific `true_words`)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE_WORDS + tuple(true_words)


def gib(value):
    """Bytes -> GiB, one decimal."""
    number = float_or_none(value) or 0.0
    return round(number / GIB, 1)


def index_by(items, key="uuid"):
    """{item[key]: item} for items that have the key."""
    return dict((item.get(key), item) for item in items or [] if item.get(key))


def names_by_id(items, id_key="uuid", name_key="name"):
    """{id: name or id} for items that have the id."""
    return dict((item.get(id_key), item.get(name_key) or item.get(id_key)) for item in items or [] if item.get(id_key))


# -- dates ---------------------------------------------------------------------------------------

def parse_date(value, ctx=None):
    """Any API date (Gson, ISO, epoch s/ms) -> datetime (naive for Gson without offset), or None."""
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


def _age(value, ctx, factor):
    age = _age_days(parse_date(value, ctx), ctx["now"])
    return None if age is None else round(age * factor, 1)


def age_days(value, ctx):
    """Days from an API date to ctx["now"], rounded to 0.1; None if unparsable."""
    return _age(value, ctx, 1.0)


def age_hours(value, ctx):
    return _age(value, ctx, 24.0)


def age_minutes(value, ctx):
    return _age(value, ctx, 1440.0)


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


# -- severity bands ------------------------------------------------------------------------------

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
    total_f = float_or_none(total)
    available_f = float_or_none(available)
    if not total_f or available_f is None:
        return None
    used_pct = percent(total_f - available_f, total_f)
    extra = dict(evidence or {})
    extra.update({"total_gib": gib(total_f), "available_gib": gib(available_f)})
    return banded_outcome(resource, used_pct, thresholds, extra)


# -- generic check functions ---------------------------------------------------------------------

def state_check(dataset, ref_of, key, good=None, bad=None, label=None, extra=None):
    """Check function: one outcome per item of `dataset`, passed when item[key] is `good` (or is not `bad`).

    Evidence is {label or key: item[key]} followed by extra(item), so messages keep their field names.
    """
    def func(data, thresholds, ctx):
        for item in data[dataset]:
            value = item.get(key)
            evidence = {label or key: value}
            evidence.update(extra(item) if extra else {})
            yield Outcome(ref_of(item), value == good if bad is None else value != bad, evidence)
    return func


# -- exposure to the internet --------------------------------------------------------------------
# Both platforms reduce a security group to "world entries": (priority, policy, (low, high)) for each
# ingress rule whose source is the whole internet.  A lower priority number wins; at equal priority
# Drop beats Accept.  Platforms without priorities or Drop rules send (1, "accept", range) entries.

WORLD = ("0.0.0.0/0", "::/0")
ALL_PORTS = (1, 65535)


def port_exposed(world, port):
    """True if the internet may reach `port`: the best (lowest) Accept priority beats every Drop (ties: Drop wins)."""
    accept = [p for p, policy, (low, high) in world if policy == "accept" and low <= port <= high]
    drop = [p for p, policy, (low, high) in world if policy == "drop" and low <= port <= high]
    return bool(accept) and (not drop or min(accept) < min(drop))


def open_world_ranges(world):
    """Accept ranges open to the internet that no Drop rule of equal or better priority fully shadows."""
    ranges = []
    for priority, policy, (low, high) in world:
        if policy != "accept":
            continue
        shadowed = any(p <= priority and pol == "drop" and dl <= low and high <= dh for p, pol, (dl, dh) in world)
        if not shadowed:
            ranges.append((low, high))
    return ranges


def world_ports_open(groups):
    """Check function: FAIL a group whose world entries expose any of thresholds["ports"].

    `groups(data)` yields (resource, world entries, extra evidence) per security group.
    """
    def func(data, thresholds, ctx):
        wanted = [int(p) for p in thresholds["ports"]]
        for resource, world, extra in groups(data):
            exposed = sorted(set(port for port in wanted if port_exposed(world, port)))
            evidence = {"open_ports": ", ".join(str(p) for p in exposed) or "-"}
            evidence.update(extra)
            yield Outcome(resource, not exposed, evidence)
    return func


def world_range_too_wide(groups):
    """Check function: FAIL a group whose widest range open to the internet reaches max_open_ports_count."""
    def func(data, thresholds, ctx):
        for resource, world, extra in groups(data):
            widest = max([high - low + 1 for low, high in open_world_ranges(world)] or [0])
            evidence = {"widest_range_ports": widest, "max_open_ports_count": thresholds["max_open_ports_count"]}
            evidence.update(extra)
            yield Outcome(resource, widest < thresholds["max_open_ports_count"], evidence)
    return func

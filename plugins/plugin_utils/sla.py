# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The response SLA of the service contract, as pure functions over event timelines (docs/events.md).

Per event: time to detect (the cloud's alert time -> our first poll that saw it), time to acknowledge (alert ->
first ack, counted on the service tier's clock), time to recover (alert -> recovery).  Per period: the share of
events acknowledged within the target, and every breach.  The targets are data per service tier (contract §五):
response < 10 minutes, < 5 minutes for P1 incidents (故障应急).  Under 5x8 only working hours count (09:00-18:00,
Monday to Friday, minus the site's holidays, in the site's time zone): an alarm at 17:55 on a Friday acknowledged
at 09:03 on Monday took 8 minutes.  Times are ISO 8601 UTC text ("2026-12-07T08:00:00Z") as the store keeps them.
"""

from __future__ import annotations

import datetime

try:
    from zoneinfo import ZoneInfo
except ImportError:  # Python < 3.9 has no zoneinfo; the controller needs 3.11 anyway
    ZoneInfo = None

TIERS = {
    "7x24": {"ack_target_minutes": {"P1": 5, "default": 10}, "hours": None},
    "5x8": {"ack_target_minutes": {"P1": 5, "default": 10},
            "hours": {"start": "09:00", "end": "18:00", "weekdays": [0, 1, 2, 3, 4]}},
}
DEFAULT_TIER = "7x24"


class SlaError(ValueError):
    """A tier, time zone or time the SLA cannot be computed with."""


def parse(value):
    """ISO 8601 text (Z or an offset) -> aware UTC datetime; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        when = value
    else:
        try:
            when = datetime.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise SlaError("not an ISO 8601 time: %r" % (value,)) from None
    if when.tzinfo is None:
        raise SlaError("a time without a zone: %r" % (value,))
    return when.astimezone(datetime.timezone.utc)


def tier_of(name, tiers=None):
    table = tiers or TIERS
    if name not in table:
        raise SlaError("unknown service tier %r, expected one of %s" % (name, ", ".join(sorted(table))))
    return table[name]


def target_seconds(priority, tier):
    minutes = tier["ack_target_minutes"]
    return int(minutes.get(priority, minutes["default"]) * 60)


def _clock(text):
    hour, minute = (int(p) for p in str(text).split(":"))
    return datetime.time(hour, minute)


def service_seconds(start, end, tier, tz="UTC", holidays=()):
    """Seconds between two times that count on the tier's clock (all of them under 7x24)."""
    start, end = parse(start), parse(end)
    if end <= start:
        return 0
    hours = tier.get("hours")
    if not hours:
        return int((end - start).total_seconds())
    if ZoneInfo is None:
        raise SlaError("the 5x8 clock needs zoneinfo (Python 3.9+)")
    try:
        zone = ZoneInfo(tz)
    except Exception:  # pylint: disable=broad-except
        raise SlaError("unknown time zone %r" % (tz,)) from None
    opens, closes = _clock(hours["start"]), _clock(hours["end"])
    days = set(hours.get("weekdays", (0, 1, 2, 3, 4)))
    off = set(str(d) for d in holidays or ())
    total = 0.0
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        if day.weekday() in days and day.isoformat() not in off:
            lo = datetime.datetime.combine(day, opens, tzinfo=zone).astimezone(datetime.timezone.utc)
            hi = datetime.datetime.combine(day, closes, tzinfo=zone).astimezone(datetime.timezone.utc)
            lo, hi = max(lo, start), min(hi, end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += datetime.timedelta(days=1)
    return int(total)


def _seconds(start, end):
    if start is None or end is None:
        return None
    return int((parse(end) - parse(start)).total_seconds())


def first_ack(event):
    times = sorted(a["acked_at"] for a in event.get("acks") or () if a.get("acked_at"))
    return times[0] if times else None


def event_figures(event, tier_name=DEFAULT_TIER, tz="UTC", holidays=(), now=None, tiers=None):
    """The SLA figures of one event (seconds).  `now`: the end of the period (an unacknowledged event breaches
    once its tier-clock time since the alert passes the target)."""
    tier = tier_of(tier_name, tiers)
    alert, acked = event["alert_time"], first_ack(event)
    target = target_seconds(event.get("priority"), tier)
    tta = service_seconds(alert, acked, tier, tz, holidays) if acked else None
    if acked:
        breach = tta > target
    else:
        waited = service_seconds(alert, now, tier, tz, holidays) if now else 0
        breach = waited > target
    return {"event_id": event.get("event_id"), "priority": event.get("priority"), "tier": tier_name,
            "target_seconds": target, "time_to_detect_seconds": _seconds(alert, event.get("first_seen")),
            "time_to_acknowledge_seconds": tta, "time_to_recover_seconds": _seconds(alert, event.get("recovered_time")),
            "acknowledged": bool(acked), "within_target": bool(acked) and not breach, "breach": breach}


def _median(values):
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2.0


def period_figures(events, tier_name=DEFAULT_TIER, tz="UTC", holidays=(), now=None, tiers=None):
    """The period's SLA: counts, the share acknowledged within target (None without events), breaches by event,
    and the per-priority split."""
    figures = [event_figures(e, tier_name, tz, holidays, now, tiers) for e in events]
    total = len(figures)
    within = sum(1 for f in figures if f["within_target"])
    by_priority = {}
    for f in figures:
        row = by_priority.setdefault(f["priority"] or "P4", {"events": 0, "within_target": 0, "breaches": 0})
        row["events"] += 1
        row["within_target"] += int(f["within_target"])
        row["breaches"] += int(f["breach"])
    tta = sorted(f["time_to_acknowledge_seconds"] for f in figures if f["time_to_acknowledge_seconds"] is not None)
    return {"tier": tier_name, "time_zone": tz, "events": total, "acknowledged": sum(1 for f in figures if f["acknowledged"]),
            "within_target": within, "share_within_target": (float(within) / total) if total else None,
            "median_time_to_acknowledge_seconds": _median(tta),
            "breaches": [f for f in figures if f["breach"]], "by_priority": by_priority, "events_figures": figures}

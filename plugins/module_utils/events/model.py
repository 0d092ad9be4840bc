# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event every collector returns, whatever cloud it came from.

An event is one alarm episode of one rule on one resource: it starts at the cloud's alert time and ends at its
recovery.  Its id is stable (cloud, endpoint, rule, resource, start), so two collections that see the same alarm
record make one event in the run store.  A recovery the collector sees without its start (the alarm began before
the period) is a `recovery`: the store closes the open event of that rule and resource with it.
"""

from __future__ import annotations

import datetime
import hashlib

from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import parse_iso
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none

CLOUDS = ("zstack", "apsara")
STATUSES = ("open", "recovered")
RECOVER_SOURCES = ("api", "poll")
PRIORITIES = ("P1", "P2", "P3", "P4")

# The cloud's level -> our priority, as data.  ZStack emergencyLevel (CreateAlarm), CMS levels (Critical/Warn/Info,
# P2/P3/P4 in alert history), ECS system event types.  Anything not named is P4.
PRIORITY_MAP = {
    "zstack": {"Emergent": "P1", "Important": "P2", "Normal": "P3"},
    "apsara": {"CRITICAL": "P1", "P2": "P1", "WARN": "P2", "P3": "P2", "INFO": "P3", "P4": "P3",
               "SystemFailure": "P1", "InstanceFailure": "P1", "SystemMaintenance": "P3", "InstanceExpiration": "P3",
               "AccountUnbalanced": "P3"},
}
DEFAULT_PRIORITY = "P4"

FIELDS = ("event_id", "cloud", "endpoint", "host", "source", "rule_id", "rule_name", "resource_type", "resource_id",
          "resource_name", "metric", "severity", "priority", "status", "alert_time", "recovered_time",
          "recover_source", "value", "threshold", "cloud_ref", "message")


def priority_of(cloud, severity, mapping=None):
    """P1..P4 for a cloud's severity (case-insensitive); an ECS event type maps by its family (SystemFailure.Reboot)."""
    table = (mapping or PRIORITY_MAP).get(cloud) or {}
    text = str(severity or "")
    folded = dict((str(k).lower(), v) for k, v in table.items())
    for key in (text, text.split(".", 1)[0]):
        if key.lower() in folded:
            return folded[key.lower()]
    return DEFAULT_PRIORITY


def iso_from_ms(value):
    """Epoch milliseconds (int or numeric text) -> "2026-12-07T08:00:00Z"; None when not a number."""
    number = float_or_none(value)
    if number is None:
        return None
    when = datetime.datetime.fromtimestamp(number / 1000.0, tz=datetime.timezone.utc)
    return when.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_text(value):
    """An ISO 8601 time with a zone (ECS: 2026-12-07T08:00:00Z, with or without .000) -> our UTC text; None otherwise."""
    when = parse_iso(str(value)) if value else None
    if when is None:
        return None
    return when.astimezone(datetime.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_id(cloud, endpoint, rule, resource, start):
    """The stable id: sha256 over (cloud, endpoint, rule, resource, start), 32 hex characters."""
    text = "\x1f".join(str(v or "") for v in (cloud, str(endpoint or "").rstrip("/"), rule, resource, start))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def make_event(cloud, endpoint, source, rule_id, resource_id, alert_time, severity, **fields):
    """An event dict with every FIELDS key; `alert_time` is our UTC text.  ValueError on what cannot be an event."""
    if cloud not in CLOUDS:
        raise ValueError("unknown cloud %r" % (cloud,))
    if not alert_time:
        raise ValueError("an event needs its alert time (%s %s %s)" % (cloud, rule_id, resource_id))
    event = dict((k, None) for k in FIELDS)
    event.update(fields)
    event.update(cloud=cloud, endpoint=endpoint, source=source, rule_id=rule_id, resource_id=resource_id,
                 alert_time=alert_time, severity=severity)
    event["priority"] = fields.get("priority") or priority_of(cloud, severity)
    event["status"] = "recovered" if event.get("recovered_time") else "open"
    if event["status"] == "recovered" and not event.get("recover_source"):
        event["recover_source"] = "api"
    for key in ("value", "threshold"):
        event[key] = float_or_none(event.get(key))
    event["event_id"] = event_id(cloud, endpoint, rule_id, resource_id, alert_time)
    return event


def make_recovery(cloud, endpoint, rule_id, resource_id, recovered_time, source="api"):
    """A recovery without its start: closes the open event of (cloud, endpoint, rule, resource) begun before it."""
    return {"cloud": cloud, "endpoint": endpoint, "rule_id": rule_id, "resource_id": resource_id,
            "recovered_time": recovered_time, "recover_source": source}


def pair(alarms, recoveries):
    """Close each alarm event with the first recovery of its rule and resource at or after its start.

    `alarms`: events (open), `recoveries`: make_recovery dicts.  Returns (events, recoveries not used): a recovery
    whose alarm is not in the list stays a recovery for the store (its alarm began before the period).
    """
    by_key = {}
    for rec in sorted(recoveries, key=lambda r: r["recovered_time"]):
        by_key.setdefault((rec["rule_id"], rec["resource_id"]), []).append(rec)
    out = []
    for event in sorted(alarms, key=lambda e: e["alert_time"]):
        queue = by_key.get((event["rule_id"], event["resource_id"])) or []
        match = next((r for r in queue if r["recovered_time"] >= event["alert_time"]), None)
        if match is not None and not event.get("recovered_time"):
            queue.remove(match)
            event = dict(event, recovered_time=match["recovered_time"], recover_source=match["recover_source"],
                         status="recovered")
        out.append(event)
    left = [r for queue in by_key.values() for r in queue]
    return out, left

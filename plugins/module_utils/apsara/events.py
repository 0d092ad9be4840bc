# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara alarm events of a period (alarms-events-api.md 3.3-3.5).

CMS DescribeAlertHistoryList is the alert history Apsara has: asked for State=ALARM (starts) and State=OK
(recoveries) with Status=0 (the default 2 returns muted alerts only), StartTime/EndTime in ms, in windows of at most
15 days (the alert log's limit; the history's is not documented, so we keep to it), Page/PageSize pages through
core.paging.walk_pages.  ECS DescribeInstanceHistoryEvents adds instance system events (published -> finished),
PageNumber/PageSize, EventPublishTime windows.  A deployment without the ECS action (InvalidAction.NotFound) has
no system events, said in `skipped`.
"""

from __future__ import annotations

import json
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError, total_of, unwrap
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.paging import walk_pages
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import model, period

WINDOW_MS = 15 * 86400 * 1000
PAGE_SIZE = 100
CLOSED_CYCLES = ("Executed", "Canceled", "Avoided", "Failed")
_THRESHOLD = re.compile(r"[<>=!]+\s*(-?[0-9.]+)")


def _walk(client, product, action, params, list_path, number="PageNumber", size="PageSize", page_size=PAGE_SIZE):
    """Every item of a PageNumber/PageSize list: one call per page, the pages after the first known from its total."""
    first = dict(params, **{number: "1", size: str(page_size)})

    def following(request, body):
        total = total_of(body)
        page = int(request[number])
        if page != 1 or total is None:
            got = len(unwrap(body, list_path) or [])
            return [dict(request, **{number: str(page + 1)})] if total is None and got == page_size else []
        pages = (int(total) + page_size - 1) // page_size
        return [dict(request, **{number: str(n)}) for n in range(2, pages + 1)]

    items = []
    for body in walk_pages(lambda request: client.call(product, action, request), first, following):
        items.extend(unwrap(body, list_path) or [])
    return items


def _instance(row):
    try:
        dims = json.loads(row.get("Dimensions") or "{}")
    except ValueError:
        dims = {}
    if isinstance(dims, list):
        dims = dims[0] if dims else {}
    return (dims or {}).get("instanceId") or row.get("InstanceName") or ""


def _threshold(expression):
    found = _THRESHOLD.search(str(expression or ""))
    return found.group(1) if found else None


def alert_history(client, endpoint, start_ms, end_ms):
    """(alarm events, recoveries, rows read) from DescribeAlertHistoryList."""
    fired, cleared, rows = [], [], 0
    for lo, hi in period.windows(start_ms, end_ms, WINDOW_MS):
        for state in ("ALARM", "OK"):
            items = _walk(client, "cms", "DescribeAlertHistoryList",
                          {"State": state, "Status": "0", "StartTime": str(lo), "EndTime": str(hi), "Ascending": "true"},
                          "AlarmHistoryList.AlarmHistory", number="Page")
            rows += len(items)
            for row in items:
                resource = _instance(row)
                when = model.iso_from_ms(row.get("AlertTime"))
                if not when or not row.get("RuleId"):
                    continue
                if state == "OK":
                    cleared.append(model.make_recovery("apsara", endpoint, row["RuleId"], resource, when))
                    continue
                fired.append(model.make_event(
                    "apsara", endpoint, "alert_history", row["RuleId"], resource, when, row.get("Level"),
                    rule_name=row.get("RuleName"), resource_type="instance", resource_name=row.get("InstanceName"),
                    metric="%s/%s" % (row.get("Namespace"), row.get("MetricName")), value=row.get("Value"),
                    threshold=_threshold(row.get("Expression")), message=row.get("Expression")))
    events, recoveries = model.pair(fired, cleared)
    return events, recoveries, rows


def system_events(client, endpoint, region_id, start, end):
    """Instance system events published in [start, end] (datetimes); (events, rows read)."""
    items = _walk(client, "ecs", "DescribeInstanceHistoryEvents",
                  {"RegionId": region_id, "EventPublishTime.Start": period.iso(start), "EventPublishTime.End": period.iso(end)},
                  "InstanceSystemEventSet.InstanceSystemEventType")
    out = []
    for e in items:
        kind = (e.get("EventType") or {}).get("Name") or ""
        cycle = (e.get("EventCycleStatus") or {}).get("Name") or ""
        published = model.iso_text(e.get("EventPublishTime"))
        if not published:
            continue
        finished = model.iso_text(e.get("EventFinishTime")) or (published if cycle in CLOSED_CYCLES else None)
        out.append(model.make_event(
            "apsara", endpoint, "system_event", kind, e.get("InstanceId"), published, kind, rule_name=kind,
            resource_type=e.get("ResourceType") or "instance", recovered_time=finished, cloud_ref=e.get("EventId"),
            message="%s %s %s" % (kind, cycle, e.get("Reason") or "")))
    return out, len(items)


def collect(client, endpoint, region_id, start, end):
    """{"events", "recoveries", "records", "skipped"} of the period [start, end] (aware datetimes)."""
    events, recoveries, rows = alert_history(client, endpoint, period.ms(start), period.ms(end))
    skipped = []
    try:
        more, n = system_events(client, endpoint, region_id, start, end)
    except ApsaraError as err:
        if getattr(err, "code", None) not in ("InvalidAction.NotFound", "InvalidAction"):
            raise
        more, n = [], 0
        skipped.append("ECS DescribeInstanceHistoryEvents: %s" % err)
    return {"events": events + more, "recoveries": recoveries, "records": rows + n, "skipped": skipped}

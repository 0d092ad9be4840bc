# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The body of an events module (zstack_events, apsara_events): check the period and policy before any request,
collect, return the events in the shape the `events` report kind takes."""

from __future__ import annotations

import datetime
import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import period

OPTIONS = dict(
    since=dict(type="str"),
    until=dict(type="str"),
    days=dict(type="int", default=1),
    service_tier=dict(type="str", choices=["5x8", "7x24"], default="7x24"),
    time_zone=dict(type="str", default="UTC"),
    holidays=dict(type="list", elements="str", default=[]),
)


def run(module, platform, collect, problems=()):
    """`module` a CloudModule; `collect(client, endpoint, start, end, collected_at)` -> the collector's dict."""
    params = module.params
    try:
        start, end = period.resolve(params["since"], params["until"], params["days"])
    except ValueError as err:
        module.fail_json(msg="period: %s" % err, report_kind="events", platform=platform)
    problems = list(problems) + period.policy_problems(params["time_zone"], params["holidays"])
    if problems:
        module.fail_json(msg="; ".join(problems), report_kind="events", platform=platform)
    client = module.ready_client()
    endpoint = module.endpoint_label(client)
    began = time.time()
    collected_at = period.iso(datetime.datetime.now(datetime.timezone.utc))
    try:
        found = collect(client, endpoint, start, end, collected_at)
    except module.error_type as err:
        module.fail_error(err)
    summary = {"events": len(found["events"]), "open": sum(1 for e in found["events"] if e["status"] == "open"),
               "records": found["records"]}
    if "alarms" in found:
        summary["alarms"] = found["alarms"]
    module.exit_json(
        changed=False, report_kind="events", platform=platform, endpoint=endpoint, collected_at=collected_at,
        period={"since": period.iso(start), "until": period.iso(end)}, events=found["events"],
        recoveries=found["recoveries"], skipped=found.get("skipped") or [],
        sla_policy={"service_tier": params["service_tier"], "time_zone": params["time_zone"],
                    "holidays": list(params["holidays"])},
        collection={"seconds": round(time.time() - began, 3)}, summary=summary)

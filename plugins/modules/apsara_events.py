#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_events
short_description: Collect the Apsara Stack alarm events of a period (the event list)
version_added: 0.2.0
description:
  - Reads the CloudMonitor alert history of a period (C(DescribeAlertHistoryList) with C(State=ALARM) and
    C(State=OK), C(Status=0), in windows of at most 15 days, paged) and the ECS instance system events
    (C(DescribeInstanceHistoryEvents)), and turns them into events, one per alert episode on one instance, with a
    stable id (cloud, endpoint, rule, resource, start), a priority P1-P4 and, where known, its recovery.
  - A deployment without C(DescribeInstanceHistoryEvents) (C(InvalidAction.NotFound)) yields no system events and
    says so in RV(skipped).
  - The report callback merges the events into the run store and writes the C(events) report; see docs/events.md.
  - A period in the future, longer than a year, or not an ISO 8601 time fails before any request.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  since:
    description:
      - Start of the period, ISO 8601 with a zone. Without it, O(days) before O(until).
    type: str
  until:
    description:
      - End of the period, ISO 8601 with a zone. Default now.
    type: str
  days:
    description:
      - Length of the period when O(since) is not given.
    type: int
    default: 1
  service_tier:
    description:
      - The site's service tier, for the response SLA the report computes (docs/events.md).
      - V(5x8) counts only 09:00-18:00 on working days in O(time_zone); V(7x24) counts every minute.
    type: str
    choices: [5x8, 7x24]
    default: 7x24
  time_zone:
    description:
      - The site's time zone (IANA name) for the V(5x8) working hours.
    type: str
    default: UTC
  holidays:
    description:
      - Dates (V(YYYY-MM-DD)) that are not working days under V(5x8).
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: The last week's alert events and system events
  cloudops.privatecloud.apsara_events:
    access_key_id: "{{ apsara_access_key_id }}"
    access_key_secret: "{{ apsara_access_key_secret }}"
    region_id: cn-lab-1
    endpoint: "{{ apsara_endpoint }}"
    days: 7
"""

RETURN = r"""
report_kind:
  description: Always C(events); what the report callback looks for.
  returned: always
  type: str
  sample: events
platform:
  description: Always C(apsara).
  returned: always
  type: str
  sample: apsara
endpoint:
  description: The region and endpoint the events came from (part of every event id).
  returned: always
  type: str
  sample: cn-lab-1 https://ecs.example.invalid
period:
  description: The period collected, ISO 8601 UTC.
  returned: always
  type: dict
  sample: {since: "2026-12-06T08:00:00Z", until: "2026-12-07T08:00:00Z"}
collected_at:
  description: When the collection ran (our poll time).
  returned: always
  type: str
  sample: "2026-12-07T08:00:05Z"
events:
  description: The events (docs/events.md lists every key).
  returned: always
  type: list
  elements: dict
  sample:
    - cloud: apsara
      source: alert_history
      rule_name: app-03-mem-high
      priority: P1
      status: open
recoveries:
  description: Recoveries whose episode began before the period.
  returned: always
  type: list
  elements: dict
  sample: []
skipped:
  description: What could not be read on this deployment, in words.
  returned: always
  type: list
  elements: str
  sample: []
sla_policy:
  description: The service tier, time zone and holidays the report computes the SLA with.
  returned: always
  type: dict
  sample: {service_tier: 7x24, time_zone: UTC, holidays: []}
summary:
  description: Counts of the collection.
  returned: always
  type: dict
  sample: {events: 3, open: 1, records: 5}
"""

import datetime
import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import period


def main():
    module = ApsaraModule(
        argument_spec=dict(
            since=dict(type="str"),
            until=dict(type="str"),
            days=dict(type="int", default=1),
            service_tier=dict(type="str", choices=["5x8", "7x24"], default="7x24"),
            time_zone=dict(type="str", default="UTC"),
            holidays=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        start, end = period.resolve(params["since"], params["until"], params["days"])
    except ValueError as err:
        module.fail_json(msg="period: %s" % err, report_kind="events", platform="apsara")
    problems = period.policy_problems(params["time_zone"], params["holidays"])
    if problems:
        module.fail_json(msg="; ".join(problems), report_kind="events", platform="apsara")
    client = module.ready_client()
    endpoint = module.endpoint_label(client)
    began = time.time()
    collected_at = period.iso(datetime.datetime.now(datetime.timezone.utc))
    try:
        found = events.collect(client, endpoint, params["region_id"], start, end)
    except ApsaraError as err:
        module.fail_error(err)
    module.exit_json(
        sla_policy={"service_tier": params["service_tier"], "time_zone": params["time_zone"],
                    "holidays": list(params["holidays"])},
        changed=False, report_kind="events", platform="apsara", endpoint=endpoint, collected_at=collected_at,
        period={"since": period.iso(start), "until": period.iso(end)}, events=found["events"],
        recoveries=found["recoveries"], skipped=found["skipped"], collection={"seconds": round(time.time() - began, 3)},
        summary={"events": len(found["events"]), "open": sum(1 for e in found["events"] if e["status"] == "open"),
                 "records": found["records"]})


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_events
short_description: Collect the ZStack alarm events of a period (the event list)
version_added: 0.2.0
description:
  - Reads the zwatch alarm records of a period (C(QueryAlarmRecord), paged) and the alarms' current status
    (C(QueryAlarm)), and turns them into events, one per alarm episode on one resource, with a stable id
    (cloud, endpoint, alarm, resource, start), a priority P1-P4 and, where known, its recovery.
  - An alarm whose status is C(OK) now recovers its open episode at the collection time (C(recover_source=poll)),
    because ZStack does not document an C(OK) record for every recovery.
  - The report callback merges the events into the run store (an event seen by two runs is one event) and writes
    the C(events) report; see docs/events.md.
  - A period in the future, longer than a year, or not an ISO 8601 time fails before any request.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  since:
    description:
      - Start of the period, ISO 8601 with a zone (for example V(2026-12-01T00:00:00Z)). Without it, O(days) before O(until).
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
  page_size:
    description:
      - Records per C(QueryAlarmRecord) page.
    type: int
    default: 1000
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
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: The last day's alarm events
  cloudops.privatecloud.zstack_events:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    days: 1
  register: zstack_events

- name: A month, for the monthly service report
  cloudops.privatecloud.zstack_events:
    since: "2026-11-01T00:00:00Z"
    until: "2026-12-01T00:00:00Z"
"""

RETURN = r"""
report_kind:
  description: Always C(events); what the report callback looks for.
  returned: always
  type: str
  sample: events
platform:
  description: Always C(zstack).
  returned: always
  type: str
  sample: zstack
endpoint:
  description: The endpoint the events came from (part of every event id).
  returned: always
  type: str
  sample: https://zstack.example.invalid:8443
period:
  description: The period collected, ISO 8601 UTC.
  returned: always
  type: dict
  sample: {since: "2026-12-06T08:00:00Z", until: "2026-12-07T08:00:00Z"}
collected_at:
  description: When the collection ran (our poll time; time to detect is measured to it).
  returned: always
  type: str
  sample: "2026-12-07T08:00:05Z"
events:
  description: The events (docs/events.md lists every key).
  returned: always
  type: list
  elements: dict
  sample:
    - event_id: 9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0
      cloud: zstack
      rule_name: ps-usage-high
      resource_id: 5f4c0f7e2b6f4d8e9a1b2c3d4e5f6a7b
      severity: Emergent
      priority: P1
      status: open
      alert_time: "2026-12-07T07:35:00Z"
recoveries:
  description: Recoveries whose episode began before the period (the run store closes the open event with them).
  returned: always
  type: list
  elements: dict
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
  sample: {events: 4, open: 1, records: 9, alarms: 5}
"""

import datetime
import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import period
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule


def main():
    module = ZStackModule(
        argument_spec=dict(
            since=dict(type="str"),
            until=dict(type="str"),
            days=dict(type="int", default=1),
            service_tier=dict(type="str", choices=["5x8", "7x24"], default="7x24"),
            time_zone=dict(type="str", default="UTC"),
            holidays=dict(type="list", elements="str", default=[]),
            page_size=dict(type="int", default=1000),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        start, end = period.resolve(params["since"], params["until"], params["days"])
    except ValueError as err:
        module.fail_json(msg="period: %s" % err, report_kind="events", platform="zstack")
    problems = period.policy_problems(params["time_zone"], params["holidays"])
    if problems:
        module.fail_json(msg="; ".join(problems), report_kind="events", platform="zstack")
    if not 1 <= params["page_size"] <= 1000:
        module.fail_json(msg="page_size must be 1..1000", report_kind="events", platform="zstack")
    client = module.ready_client()
    endpoint = module.endpoint_label(client)
    began = time.time()
    collected_at = period.iso(datetime.datetime.now(datetime.timezone.utc))
    try:
        found = events.collect(client, endpoint, period.ms(start), period.ms(end), collected_at, params["page_size"])
    except ZStackError as err:
        module.fail_error(err)
    module.exit_json(
        sla_policy={"service_tier": params["service_tier"], "time_zone": params["time_zone"],
                    "holidays": list(params["holidays"])},
        changed=False, report_kind="events", platform="zstack", endpoint=endpoint, collected_at=collected_at,
        period={"since": period.iso(start), "until": period.iso(end)}, events=found["events"],
        recoveries=found["recoveries"], collection={"seconds": round(time.time() - began, 3)},
        summary={"events": len(found["events"]), "open": sum(1 for e in found["events"] if e["status"] == "open"),
                 "records": found["records"], "alarms": found["alarms"]})


if __name__ == "__main__":
    main()

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
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  page_size:
    description:
      - Records per C(QueryAlarmRecord) page.
    type: int
    default: 1000
extends_documentation_fragment:
  - cloudops.privatecloud.events
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
skipped:
  description: What could not be read on this endpoint, in words (always empty on ZStack).
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
  sample: {events: 4, open: 1, records: 9, alarms: 5}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import collect_module, period
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule


def main():
    module = ZStackModule(argument_spec=dict(collect_module.OPTIONS, page_size=dict(type="int", default=1000)),
                          supports_check_mode=True)
    page_size = module.params["page_size"]

    def collect(client, endpoint, start, end, collected_at):
        return events.collect(client, endpoint, period.ms(start), period.ms(end), collected_at, page_size)

    collect_module.run(module, "zstack", collect, [] if 1 <= page_size <= 1000 else ["page_size must be 1..1000"])


if __name__ == "__main__":
    main()

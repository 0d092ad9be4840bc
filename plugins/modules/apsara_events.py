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
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - cloudops.privatecloud.events
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

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import collect_module


def main():
    module = ApsaraModule(argument_spec=dict(collect_module.OPTIONS), supports_check_mode=True)
    region_id = module.params["region_id"]

    def collect(client, endpoint, start, end, collected_at):
        del collected_at
        return events.collect(client, endpoint, region_id, start, end)

    collect_module.run(module, "apsara", collect)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_inspect
short_description: Inspect an Apsara Stack region against the check catalogue and return findings
version_added: 0.1.0
description:
  - Collects every dataset the Apsara checks read (ECS, VPC, CMS, RDS, SLB, ASCM), once, with a small bounded pool of concurrent requests.
  - Evaluates the Apsara check catalogue (see C(docs/checks.md)) and returns one finding per check and resource, plus a summary,
    capacity figures for the report's charts and inventory counts.
  - The C(cloudops.privatecloud.report) callback turns the result into the inspection report, together with every other endpoint of the run.
  - Site configuration (thresholds, skipped checks, mutes) is validated before any API call.
  - A check whose data could not be collected, or that fails, yields an C(ERROR) finding naming the cause.
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - cloudops.privatecloud.inspection
  - cloudops.privatecloud.inspection.collection
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: Inspect the Apsara Stack region of this inventory host
  cloudops.privatecloud.apsara_inspect:
    access_key_id: "{{ apsara_access_key_id }}"
    access_key_secret: "{{ apsara_access_key_secret }}"
    region_id: cn-example-1
    endpoints:
      ecs: https://ecs.cn-example-1.example.invalid
      vpc: https://vpc.cn-example-1.example.invalid
      cms: https://metrics.cn-example-1.example.invalid
      rds: https://rds.cn-example-1.example.invalid
      slb: https://slb.cn-example-1.example.invalid
      ascm: https://ascm.example.invalid
    thresholds:
      apsara_vswitch_low_free_ips:
        min_free_count: 20
  register: inspection
"""

RETURN = r"""
report_kind:
  description: Always C(inspection); what the report callback looks for.
  returned: always
  type: str
  sample: inspection
platform:
  description: Always C(apsara).
  returned: always
  type: str
  sample: apsara
endpoint:
  description: The region and ECS endpoint inspected (never credentials).
  returned: always
  type: str
  sample: cn-example-1 https://ecs.cn-example-1.example.invalid
findings:
  description: One finding per check and resource; the schema is in C(docs/records.md).
  returned: always
  type: list
  elements: dict
summary:
  description: Counts by status, and failed findings by severity and pillar.
  returned: always
  type: dict
checks_run:
  description: Metadata of every check evaluated (id, title, pillar, severity).
  returned: always
  type: list
  elements: dict
capacity:
  description: Usage percentages for the report's charts.
  returned: always
  type: dict
inventory_counts:
  description: Number of resources seen per type.
  returned: always
  type: dict
collection:
  description: How collection went. C(errors) maps a dataset to why it could not be collected.
  returned: always
  type: dict
  sample: {"api_calls": 40, "retries": 0, "relogins": 0, "seconds": 0.8, "errors": {}}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.collect import Collector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara.capacity import capacity_summary, inventory_counts
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import Inspection, run_report_module


def main():
    run_report_module(ApsaraModule, Inspection("apsara", apsara_catalogue.CHECKS, Collector, capacity_summary, inventory_counts))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_inspect
short_description: Inspect a ZStack cloud against the check catalogue and return findings
version_added: 0.1.0
description:
  - Collects every resource type the ZStack checks read, once, with a small bounded pool of concurrent requests.
  - Evaluates the check catalogue (see C(docs/checks.md)) and returns one finding per check and resource, plus a summary,
    capacity figures for the report's charts and inventory counts.
  - The C(cloudops.privatecloud.report) callback turns the result into the inspection report.
  - Site configuration (thresholds, skipped checks, mutes) is validated before any API call.
  - A check whose data could not be collected, or that fails, yields an C(ERROR) finding naming the cause.
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - cloudops.privatecloud.inspection
  - cloudops.privatecloud.inspection.collection
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: Inspect the ZStack cloud of this inventory host
  cloudops.privatecloud.zstack_inspect:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    thresholds:
      zstack_host_vm_density:
        max_running_vms_count: 30
    mutes:
      - check: zstack_eip_unattached
        resource: "eip-reserved-*"
        reason: Reserved for the DR cut-over (CHG-2041)
        expires: "2027-03-31"
  register: inspection
"""

RETURN = r"""
report_kind:
  description: Always C(inspection); what the report callback looks for.
  returned: always
  type: str
  sample: inspection
platform:
  description: Always C(zstack).
  returned: always
  type: str
  sample: zstack
endpoint:
  description: The normalised endpoint URL (never credentials).
  returned: always
  type: str
  sample: https://127.0.0.1:18443
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
  description: Allocation and usage percentages of hosts, storages and L3 networks, for the report's charts.
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
  sample: {"api_calls": 31, "retries": 0, "relogins": 0, "seconds": 0.42, "errors": {}}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack.capacity import capacity_summary, inventory_counts
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import Inspection, run_report_module
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.collect import Collector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule


def main():
    run_report_module(ZStackModule, Inspection("zstack", zstack_catalogue.CHECKS, Collector, capacity_summary, inventory_counts))


if __name__ == "__main__":
    main()

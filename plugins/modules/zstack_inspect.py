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
options:
  thresholds:
    description:
      - "Threshold overrides per check id, for example C({zstack_host_vm_density: {max_running_vms_count: 30}})."
      - The role passes every default from C(defaults/main/thresholds.yml) merged with the site's C(inspection_thresholds).
      - Unknown check ids or threshold names, wrong types and percentages outside 0..100 fail before any API call.
    type: dict
    default: {}
  skip_checks:
    description: Check ids not to evaluate.
    type: list
    elements: str
    default: []
  mutes:
    description:
      - Accepted risks. A failing finding matching a mute is reported as C(MUTED) with the reason until the expiry date.
      - Each item has C(check) (id or glob), C(resource) (glob on resource uuid or name, default C(*)), C(reason) and
        C(expires) (YYYY-MM-DD); all but C(resource) are required.
    type: list
    elements: dict
    default: []
  workers:
    description: Concurrent API requests at most. Keep it small; a management node is a small machine.
    type: int
    default: 4
  requests_per_second:
    description: Cap on API requests per second (0 = no cap).
    type: float
    default: 0
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
attributes:
  check_mode:
    description: Read-only; runs fully in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
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
  sample: {"api_calls": 31, "seconds": 0.42, "errors": {}}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import ConfigError, evaluate, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack_capacity import capacity_summary, inventory_counts
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack_collect import Collector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack_module import ZStackModule


def main():
    module = ZStackModule(
        argument_spec=dict(
            thresholds=dict(type="dict", default={}),
            skip_checks=dict(type="list", elements="str", default=[]),
            mutes=dict(type="list", elements="dict", default=[]),
            workers=dict(type="int", default=4),
            requests_per_second=dict(type="float", default=0),
        ),
        supports_check_mode=True,
    )
    params = module.params
    checks = zstack_catalogue.CHECKS
    # Bad site configuration fails here, before the first API call.
    try:
        validate_config(checks, params["thresholds"], params["skip_checks"], params["mutes"])
    except ConfigError as err:
        module.fail_json(msg=str(err))
    if params["workers"] < 1:
        module.fail_json(msg="workers must be at least 1")
    if params["requests_per_second"] < 0:
        module.fail_json(msg="requests_per_second must not be negative")

    client = module.client()
    client.set_limits(max_concurrency=params["workers"], requests_per_second=params["requests_per_second"] or None)
    try:
        client.login()  # wrong credentials or an unreachable endpoint fail the task, not 60 checks
    except ZStackError as err:
        module.fail_zstack(err)
    active = [c for c in checks if c.id not in set(params["skip_checks"])]
    wanted = set(name for c in active for name in c.requires)
    data, errors, seconds = Collector(client, workers=params["workers"]).collect(wanted)
    findings = evaluate(checks, data, "zstack", client.endpoint, thresholds=params["thresholds"],
                        skip=params["skip_checks"], mutes=params["mutes"], collect_errors=errors)
    module.exit_json(
        changed=False,
        report_kind="inspection",
        platform="zstack",
        endpoint=client.endpoint,
        findings=findings,
        summary=summarize(findings),
        checks_run=[{"id": c.id, "title": c.title, "pillar": c.pillar, "severity": c.severity} for c in active],
        capacity=capacity_summary(data),
        inventory_counts=inventory_counts(data),
        collection={"api_calls": client.stats["api_calls"], "retries": client.stats["retries"],
                    "relogins": client.stats["relogins"], "seconds": seconds, "errors": errors},
    )


if __name__ == "__main__":
    main()

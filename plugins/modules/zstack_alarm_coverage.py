#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_alarm_coverage
short_description: Audit ZStack alarm coverage against a site baseline, and create or fix the missing alarms as a change
version_added: 0.2.0
description:
  - O(state=audit) (read-only) lists every resource of a baseline kind without an Enabled alarm on the baseline's
    metric that is at least as strict and whose labels cover it, every alarm without a working notification path
    (an C(sns) action to an Enabled topic with a subscribed, Enabled endpoint), and every Disabled alarm.
  - O(state=present) brings the alarms the baseline names (its C(name)) to the baseline, as a change (the change
    engine, docs/changes.md) - a missing one is created (C(CreateAlarm) with the topic as its action) when a resource
    is uncovered; an existing one with that name is put back to the baseline (threshold, comparison, period, level,
    the topic, Enabled). Alarms of any other name are never changed. Idempotent; check mode and diff.
  - O(state=rollback) undoes a O(journal) of O(state=present) (deletes the alarms it created, restores the ones it changed),
    only on the endpoint that made it.
  - A baseline naming an unknown kind, namespace or metric, a threshold out of range, a period or level the API does
    not take, fails before any request.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  state:
    description: What to do.
    type: str
    choices: [audit, present, rollback]
    default: audit
  baseline:
    description:
      - The site baseline, one entry per resource kind and metric (docs/events.md).
      - C(kind) is V(host), V(primary_storage), V(backup_storage), V(vm) or V(vpc_router); C(metric) a metric of the kind's
        namespace (C(namespace) defaults to it); C(comparison) C(GreaterThanOrEqualTo), C(GreaterThan), C(LessThan) or
        C(LessThanOrEqualTo); C(threshold) (percent metrics 0-100); C(period) seconds (default 300); C(level)
        C(Emergent), C(Important) or C(Normal); C(notify) the SNS topic name; C(name) the managed alarm's name (default
        C(cloudops-<kind>-<metric>)); C(manage) false to audit only.
    type: list
    elements: dict
    default: []
  journal:
    description: The journal of an earlier O(state=present) (O(state=rollback)).
    type: list
    elements: dict
    default: []
  wait_timeout:
    description: Seconds to wait for one asynchronous write.
    type: int
    default: 600
  context_spec:
    description: Not used by this module (the change template's option).
    type: dict
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Audit the alarm coverage
  cloudops.privatecloud.zstack_alarm_coverage:
    baseline:
      - {kind: host, metric: CPUAverageUsedUtilization, comparison: GreaterThanOrEqualTo, threshold: 80, level: Important,
         notify: ops-email}
      - {kind: vm, metric: MemoryUsedInPercent, comparison: GreaterThanOrEqualTo, threshold: 90, level: Normal,
         notify: ops-email}
  register: coverage

- name: Create the missing alarms in the change window
  cloudops.privatecloud.zstack_alarm_coverage:
    state: present
    baseline: "{{ alarm_coverage_baseline.zstack }}"
    change: "{{ window_check.change }}"
"""

RETURN = r"""
findings:
  description: The audit's findings - C(uncovered) (with the resource), C(no_notification) (with the reason), C(disabled).
  returned: state is audit or present
  type: list
  elements: dict
  sample: [{finding: uncovered, metric: ZStack/VM/MemoryUsedInPercent, rule: cloudops-vm-MemoryUsedInPercent,
            resource: {kind: vm, uuid: 5f4c0f7e2b6f4d8e9a1b2c3d4e5f6a7b, name: web-01}}]
summary:
  description: Counts per finding, resources checked, rules read.
  returned: state is audit or present
  type: dict
  sample: {uncovered: 25, no_notification: 1, disabled: 0, resources_checked: 40, rules: 6}
report_kind:
  description: C(change) for O(state=present) and O(state=rollback).
  returned: state is present or rollback
  type: str
  sample: change
changes:
  description: One change record per managed alarm (create_alarm, update_alarm).
  returned: state is present or rollback
  type: list
  elements: dict
journal:
  description: The alarms this task created or changed, for O(state=rollback).
  returned: state is present
  type: list
  elements: dict
diff:
  description: Each managed alarm before and after.
  returned: state is present
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events.coverage_module import CoverageModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import alarm_coverage
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import PLATFORM, ChangeRun


class Coverage(CoverageModule):
    """ZStack: alarms, SNS topics and endpoints (module_utils/zstack/alarm_coverage.py)."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = ChangeRun
    cloud = "zstack"
    ops = alarm_coverage


def main():
    Coverage().main()


if __name__ == "__main__":
    main()

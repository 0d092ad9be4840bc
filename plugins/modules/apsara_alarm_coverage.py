#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_alarm_coverage
short_description: Audit Apsara CloudMonitor alarm coverage against a site baseline, and create or fix the missing rules as a change
version_added: 0.2.0
description:
  - O(state=audit) (read-only) lists every resource of a baseline kind (ECS instances, RDS, SLB) without an enabled
    CloudMonitor rule on the baseline's metric with an escalation at least as strict whose C(Resources) cover it
    (C(_ALL) or its id), every enabled rule without a working notification path (a webhook, or a contact group that
    exists and has a contact with a channel), and every disabled rule.
  - O(state=present) brings the rules the baseline names to the baseline, as a change (the change engine,
    docs/changes.md) - the rule id is the baseline C(name) (CloudMonitor lets the client choose it); a missing one is
    created with C(PutResourceMetricRule) on all resources of the namespace when a resource is uncovered; an existing one
    is put back to the baseline (escalation, period, contact group, enabled). Rules of any other id are never changed.
    Idempotent; check mode and diff.
  - O(state=rollback) undoes a O(journal) of O(state=present) (C(DeleteMetricRules) for the rules it created, the old
    settings for the ones it changed).
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
      - C(kind) is V(instance), V(rds) or V(slb); C(metric) a metric of the kind's namespace (C(acs_ecs_dashboard) ...);
        C(comparison) C(GreaterThanThreshold), C(GreaterThanOrEqualToThreshold), C(LessThanThreshold),
        C(LessThanOrEqualToThreshold) or C(NotEqualToThreshold); C(threshold) (percent metrics 0-100); C(period) seconds
        (default 300); C(level) C(critical), C(warn) or C(info); C(notify) the contact group; C(name) the managed rule's id
        and name (default C(cloudops-<kind>-<metric>)); C(manage) false to audit only.
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
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Audit the CloudMonitor coverage
  cloudops.privatecloud.apsara_alarm_coverage:
    baseline:
      - {kind: instance, metric: CPUUtilization, comparison: GreaterThanOrEqualToThreshold, threshold: 90, level: critical,
         notify: ops-oncall}
  register: coverage
"""

RETURN = r"""
findings:
  description: The audit's findings - C(uncovered) (with the resource), C(no_notification) (with the reason), C(disabled).
  returned: state is audit or present
  type: list
  elements: dict
  sample: [{finding: no_notification, metric: acs_ecs_dashboard/diskusage_utilization, rule: {name: ecs-disk-high},
            detail: contact group night-shift has no contact with a channel}]
summary:
  description: Counts per finding, resources checked, rules read.
  returned: state is audit or present
  type: dict
  sample: {no_notification: 1, resources_checked: 20, rules: 4}
report_kind:
  description: C(change) for O(state=present) and O(state=rollback).
  returned: state is present or rollback
  type: str
  sample: change
changes:
  description: One change record per managed rule (create_rule, update_rule).
  returned: state is present or rollback
  type: list
  elements: dict
journal:
  description: The rules this task created or changed, for O(state=rollback).
  returned: state is present
  type: list
  elements: dict
diff:
  description: Each managed rule before and after.
  returned: state is present
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import alarm_coverage
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import ChangeRun
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events.coverage_module import CoverageModule


class Coverage(CoverageModule):
    """Apsara: CloudMonitor rules and contact groups (module_utils/apsara/alarm_coverage.py)."""

    module_class = ApsaraModule
    platform = alarm_coverage.PLATFORM
    runner_class = ChangeRun
    cloud = "apsara"
    ops = alarm_coverage


def main():
    Coverage().main()


if __name__ == "__main__":
    main()

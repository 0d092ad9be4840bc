#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_instance_clone
short_description: Scale out - more ECS instances like an existing one (RunInstances with ClientToken), idempotent by name
version_added: 0.2.0
description:
  - Makes the instances O(names) (or O(name_pattern) formatted with 1..O(count)) like O(source) with C(RunInstances) - the
    source's image and instance type (or O(instance_type)), its vSwitch and its security groups, pay-as-you-go - and waits
    until all of them are C(Running) (one wait for all).
  - Idempotent by name - a name that already exists is C(unchanged); each missing name gets one C(RunInstances) with its own
    C(ClientToken), persisted before the call, so a retry after a lost answer never makes a second instance. Two instances
    of one name are an error before any write.
  - Before any write - the source exists and is Running or Stopped, its image is C(Available), the type has stock in the
    vSwitch's zone (C(DescribeAvailableResource)) and the vSwitch has a free IP per clone (C(AvailableIpAddressCount)).
  - Each clone is journaled (type C(instance_clone)) right after its call; M(cloudops.privatecloud.apsara_change_rollback)
    stops and deletes it (C(DeleteInstance) wants a Stopped instance), and only an instance that matches its entry.
  - Verify - every clone is Running with a private IP.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  source:
    description: Name or id (V(i-...)) of the instance to copy.
    type: str
    required: true
  names:
    description: The clones' names.
    type: list
    elements: str
  name_pattern:
    description: A Python format pattern for the clones' names, given 1..O(count) (for example V(app-{:02d})).
    type: str
  count:
    description: How many clones O(name_pattern) names.
    type: int
  instance_type:
    description: The clones' instance type; default the source's.
    type: str
  context_spec:
    description: Not used by this module (the option every apply module shares).
    type: dict
  wait_timeout:
    description: Seconds to wait for the clones to run.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Two more application instances like scale-src-01
  cloudops.privatecloud.apsara_instance_clone:
    source: scale-src-01
    name_pattern: "scale-app-{:02d}"
    count: 2
    change: "{{ window.change }}"
  register: scaled_out
"""

RETURN = r"""
clones:
  description: One entry per step - the existing clones (unchanged) and the made ones (name list and ids), with state and IP.
  returned: success
  type: list
  elements: dict
changed:
  description: True when a clone was made (in check mode, would be).
  returned: always
  type: bool
changes:
  description: One change record per existing clone and one for the new ones (action C(clone_instance)), also on failure.
  returned: always
  type: list
  elements: dict
journal:
  description: The instances this task made (type C(instance_clone)), for M(cloudops.privatecloud.apsara_change_rollback).
  returned: always
  type: list
  elements: dict
report_kind:
  description: Always C(change).
  returned: always
  type: str
platform:
  description: Always C(apsara).
  returned: always
  type: str
endpoint:
  description: The region and ECS endpoint.
  returned: always
  type: str
change:
  description: The change this task belongs to.
  returned: always
  type: dict
pre_checks:
  description: The checks that failed validation, when the task fails before any write.
  returned: on validation failure
  type: list
  elements: dict
diff:
  description: Before and after of each step (Ansible's --diff).
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.module import InstanceClone


def main():
    InstanceClone().run()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vm_clone
short_description: Scale out - more ZStack VMs like an existing one (CloneVmInstance), idempotent by name
version_added: 0.2.0
description:
  - Makes the VMs O(names) (or O(name_pattern) formatted with 1..O(count)) as clones of O(source) with C(CloneVmInstance)
    (strategy C(InstantStart) - Running, in the source's cluster, with a NIC on each of the source's networks and its security
    groups) and waits for the job.
  - Idempotent by name - a name that already exists is C(unchanged) (ZStack itself accepts duplicate names unless
    C(vm/uniqueVmName)); only the missing ones are cloned, in one call. Two VMs of one name are an error before any write.
  - Before any write - the source exists and is Running or Stopped, each of its networks has a free IP per clone
    (C(GetIpAddressCapacity)), its cluster the CPU and memory (C(GetCpuMemoryCapacity)) and its root volume's primary storage
    the room for a copy per clone.
  - Each clone is journaled (type C(vm_clone)) with its creation stamp right after the call;
    M(cloudops.privatecloud.zstack_change_rollback) destroys and expunges it, and only a VM that matches its entry.
  - A partial answer (fewer clones than names) journals the clones made and fails the task. Verify - every clone is Running
    with an IP.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  source:
    description: Name or uuid of the VM to clone.
    type: str
    required: true
  names:
    description: The clones' names.
    type: list
    elements: str
  name_pattern:
    description: A Python format pattern for the clones' names, given 1..O(count) (for example V(web-{:02d})).
    type: str
  count:
    description: How many clones O(name_pattern) names.
    type: int
  context_spec:
    description: Not used by this module (the option every apply module shares).
    type: dict
  wait_timeout:
    description: Seconds to wait for the job.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Two more application VMs like scale-src-01
  cloudops.privatecloud.zstack_vm_clone:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    source: scale-src-01
    name_pattern: "scale-app-{:02d}"
    count: 2
"""

RETURN = r"""
clones:
  description: One entry per step - the existing clones (unchanged) and the made ones (name list), with state and IP.
  returned: success
  type: list
  elements: dict
changed:
  description: True when a clone was made (in check mode, would be).
  returned: always
  type: bool
changes:
  description: One change record per existing clone and one for the clone call (action C(clone_vm)), also on failure.
  returned: always
  type: list
  elements: dict
journal:
  description: The clones this task made (type C(vm_clone)), for M(cloudops.privatecloud.zstack_change_rollback).
  returned: always
  type: list
  elements: dict
report_kind:
  description: Always C(change).
  returned: always
  type: str
platform:
  description: Always C(zstack).
  returned: always
  type: str
endpoint:
  description: The normalised endpoint URL.
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

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.module import VmClone


def main():
    VmClone().run()


if __name__ == "__main__":
    main()

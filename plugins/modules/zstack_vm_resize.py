#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vm_resize
short_description: Change the CPU and memory of ZStack VMs (vertical scaling), one recorded change step per VM
version_added: 0.2.0
description:
  - Gives every VM that O(names) or O(tag) select the size O(cpu) / O(memory), or that of the instance offering
    O(instance_offering), with C(UpdateVmInstance) or C(ChangeInstanceOffering), and waits for each job.
  - Declarative and idempotent - a VM that already has the size is C(unchanged); a second run changes nothing.
  - A Running VM takes an increase online only with the C(vm/numa) resource config on (CPU/memory hot-plug). A shrink, or a
    VM without NUMA, needs a stop and a start; O(restart) says whether that is allowed. The plan (check mode, each change
    record's C(title) and C(after.restart)) names the VMs that get a stop/start. A Stopped VM takes any size and stays Stopped.
  - An online memory increase is aligned by ZStack to 128 MiB steps; a target whose increase is not a multiple of 128 MiB
    is refused for a running VM (it would end with another size than asked).
  - Before any write - every VM exists and is Running or Stopped, at most O(max_targets) VMs match, the offering exists,
    C(restart) allows what each VM needs, and each host has the room for the increase (C(GetCpuMemoryCapacity)). Any
    problem fails the task with zero writes.
  - After every call the VM is read back; the step's post-check compares CPU, memory, offering and power state with the
    plan, so a rounded or half-applied resize fails the step.
  - The journal entry (type C(vm_size), op C(modify)) holds the size and power state before and is written before the
    first write. M(cloudops.privatecloud.zstack_change_rollback) restores it - stopping the VM when it must shrink back, and
    starting it again when it was Running.
  - The VM whose C(vm/numa) was switched on after its last start passes the API but fails in the hypervisor; that fails the
    step (the rollback restores it). Restart such a VM first, or use O(restart=always).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  names:
    description: VM names or uuids. Each must match exactly one user VM.
    type: list
    elements: str
  tag:
    description: A user tag (for example V(env::dev)); every user VM with it is a target.
    type: str
  max_targets:
    description: The most VMs the item may select; more is an error before any write.
    type: int
    default: 10
  cpu:
    description: The number of vCPUs (1..1024). Omitted - each VM keeps its own.
    type: int
  memory:
    description: The memory size, a number of MiB or with a unit (V(8G), V(6272M)). Omitted - each VM keeps its own.
    type: str
  instance_offering:
    description: Name or uuid of an instance offering to change to (C(ChangeInstanceOffering)); excludes O(cpu) and O(memory).
    type: str
  restart:
    description:
      - V(never) - a VM that needs a stop/start is an error before any write.
      - V(if_needed) - stop, resize and start only the Running VMs that cannot take the change online.
      - V(always) - stop, resize and start every Running VM that changes.
    type: str
    choices: [never, if_needed, always]
    default: if_needed
  parallel:
    description:
      - How many targets are changed at once; their stops, resizes and starts are waited for together. V(1) is a rolling
        change, one target after another (for members of one service that must not all restart together).
      - On a failure, the targets already under way finish (or fail) and are journaled; the task then fails and a rollback
        undoes every one of them.
    type: int
    default: 5
  context_spec:
    description: Not used by this module (the option every apply module shares).
    type: dict
  wait_timeout:
    description: Seconds to wait for each job.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Give the dev VMs 4 vCPUs and 8 GiB, stopping those that cannot hot-plug
  cloudops.privatecloud.zstack_vm_resize:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    tag: env::dev
    max_targets: 5
    cpu: 4
    memory: 8G
    restart: if_needed
    change: "{{ window.change }}"
  register: resized

- name: Change one VM to another offering, online only
  cloudops.privatecloud.zstack_vm_resize:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    names: [web-01]
    instance_offering: c4m8
    restart: never
"""

RETURN = r"""
vms:
  description: Each target VM after the run (in check mode, as planned) - name, uuid, cpu, memory (bytes), state, offering.
  returned: success
  type: list
  elements: dict
changed:
  description: True when a VM was resized (in check mode, would be).
  returned: always
  type: bool
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
  description: The change this task belongs to (id, ticket, operator, title, window).
  returned: always
  type: dict
changes:
  description:
    - One change record per VM (action C(resize_vm)), also when the task fails; C(before)/C(after) hold cpu, memory, state,
      offering and, after, C(restart) (whether the VM gets a stop/start); C(title) says how it is applied.
  returned: always
  type: list
  elements: dict
journal:
  description: The VMs this task changed (type C(vm_size)), for M(cloudops.privatecloud.zstack_change_rollback).
  returned: always
  type: list
  elements: dict
pre_checks:
  description: The checks that failed validation, when the task fails before any write.
  returned: on validation failure
  type: list
  elements: dict
diff:
  description: Each VM before and after (Ansible's --diff).
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.module import VmResize


def main():
    VmResize().run()


if __name__ == "__main__":
    main()

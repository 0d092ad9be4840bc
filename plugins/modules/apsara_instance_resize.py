#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_instance_resize
short_description: Change the instance type of Apsara Stack ECS instances (vertical scaling), one change step per instance
version_added: 0.2.0
description:
  - Gives every instance that O(names) or O(tags) select the instance type O(instance_type) and leaves it in the power state
    it had. Declarative and idempotent - an instance of that type is C(unchanged); a second run changes nothing.
  - Pay-as-you-go (C(PostPaid)) - C(ModifyInstanceSpec) needs the instance Stopped, so a Running instance is stopped, the
    type changed (polled until C(InstanceType) shows it) and the instance started again. A Stopped one stays Stopped.
  - Subscription (C(PrePaid)) - C(ModifyPrepayInstanceSpec) upgrade with C(RebootWhenFinished) on a Running instance (the
    new type applies only at an API start or reboot); a subscription downgrade, or a Stopped subscription instance, is an
    error before any write.
  - The plan (check mode, each record's C(title) and C(after.restart)) names the instances that get a stop/start or reboot.
    O(restart=never) makes any such instance an error before any write.
  - Before any write - every instance exists and is Running or Stopped, at most O(max_targets) match, the type is known
    (C(DescribeInstanceTypes)) and C(Available) in each instance's zone for its charge type (C(DescribeAvailableResource)).
    Any problem fails the task with zero writes.
  - The journal entry (type C(instance_type), op C(modify)) holds the type and power state before and is written before the
    first write; M(cloudops.privatecloud.apsara_change_rollback) changes the type back, waiting out the 5 minutes ECS keeps
    between two type changes of one instance within O(wait_timeout).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  names:
    description: Instance names or ids (C(i-...)). Each must match exactly one instance.
    type: list
    elements: str
  tags:
    description: Tags (key - value); every instance with all of them is a target.
    type: dict
  max_targets:
    description: The most instances the item may select; more is an error before any write.
    type: int
    default: 10
  instance_type:
    description: The instance type to change to (discover the region's with C(DescribeInstanceTypes); Apsara types differ from
      the public cloud's).
    type: str
    required: true
  restart:
    description:
      - V(never) - an instance that needs a stop/start or an API reboot is an error before any write.
      - V(if_needed) and V(always) - stop and start (reboot) the instances the change needs it for; an ECS type change
        always needs one on a Running instance.
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
    description: Seconds to wait for each transition.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Change the dev instances to ecs.c6.xlarge (stopped and started again)
  cloudops.privatecloud.apsara_instance_resize:
    tags: {env: dev, app: scaling}
    max_targets: 3
    instance_type: ecs.c6.xlarge
    change: "{{ window.change }}"
  register: resized
"""

RETURN = r"""
instances:
  description: Each target instance after the run (in check mode, as planned) - name, id, type, cpu, memory_mib, state, charge.
  returned: success
  type: list
  elements: dict
changed:
  description: True when an instance was changed (in check mode, would be).
  returned: always
  type: bool
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
  description: The change this task belongs to (id, ticket, operator, title, window).
  returned: always
  type: dict
changes:
  description:
    - One change record per instance (action C(resize_instance)), also when the task fails; C(before)/C(after) hold type,
      cpu, memory_mib, state, charge and, after, C(restart); C(title) says how it is applied.
  returned: always
  type: list
  elements: dict
journal:
  description: The instances this task changed (type C(instance_type)), for M(cloudops.privatecloud.apsara_change_rollback).
  returned: always
  type: list
  elements: dict
pre_checks:
  description: The checks that failed validation, when the task fails before any write.
  returned: on validation failure
  type: list
  elements: dict
diff:
  description: Each instance before and after (Ansible's --diff).
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.module import InstanceResize


def main():
    InstanceResize().run()


if __name__ == "__main__":
    main()

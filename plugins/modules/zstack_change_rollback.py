#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_change_rollback
short_description: Undo what a ZStack change (VPC or scaling) did, newest first, from its journal
version_added: 0.2.0
description:
  - Undoes every entry of O(journal) (what the VPC change modules created), newest first - route entries and route-table
    attachments, route tables, EIPs and their bindings, VIPs, router attachments of networks, network services, DNS
    servers, IP ranges, VPC networks and VPC routers. Detaching comes before deleting because of that order.
  - Also undoes the scaling changes - a VM resize (journal type C(vm_size)) is put back to the CPU, memory, offering and
    power state it had, stopping the VM when it must shrink back. Same undo table as M(cloudops.privatecloud.zstack_vpc_rollback)
    plus the scaling entries, so one rollback serves every ZStack change journal.
  - The journal list order is the truth (oldest first, as the role joins the journals of several tasks); the undo runs the
    reversed list. C(seq) is never used to order.
  - Reads before each undo; something already gone counts as undone (C(already gone)). Nothing outside the journal is touched.
  - Best effort - an undo that fails is recorded as C(rollback_failed) and the rest still runs; the task then fails.
  - Before any call, a journal of another platform or endpoint, or with a type this module does not know, is refused.
  - One change record per entry (action C(rollback_<type>), status C(rolled_back) or C(rollback_failed), C(rollback_of) the
    record uid of the step undone).
  - Undoes only what the change made - before an undo the live resource is matched to its entry (name, keys, and a
    creation time not before the step began or the creation stamp the API answered); a resource that does not match
    is C(rollback_failed) with the reason and nothing is deleted.
  - Also undoes what the change's persisted journal (see the C(change) notes) holds and no task result carried (an
    interrupted run), oldest first; a write interrupted before its answer is looked up and undone only when exactly one
    resource matches.
  - Wrong credentials or an unusable endpoint fail the task with every entry recorded C(rollback_failed) (not undone).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  journal:
    description: The journal entries, as the change modules return them in C(journal) (the C(vpc_change) and C(resource_scaling) roles collect them).
    type: list
    elements: dict
    required: true
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
- name: Roll back what the change did
  cloudops.privatecloud.zstack_change_rollback:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    journal: "{{ resized.journal }}"
    change: "{{ window.change }}"
"""

RETURN = r"""
rolled_back:
  description: How many journal entries were undone (C(already gone) included).
  returned: always
  type: int
rollback_failed:
  description: How many journal entries could not be undone.
  returned: always
  type: int
total:
  description: How many journal entries the rollback went through (or would, in check mode).
  returned: always
  type: int
summary:
  description:
    - "One line for people, what the C(vpc_change) and C(resource_scaling) roles print, for example V(rolled back: 5 of 5
      resource change(s) undone, newest first), V(ROLLBACK FAILED: 1 of 5 undo step(s\\) failed (...\\); clean up by hand,
      see the change report) or V(REFUSED: 1 journal entry cannot be rolled back here)."
  returned: always
  type: str
problems:
  description: Why the journal was refused before any call (entries of another platform or endpoint, malformed entries).
  returned: when the journal is refused
  type: list
  elements: str
diff:
  description: Each undone resource before and after (Ansible's --diff).
  returned: always
  type: dict
rolled_back_uids:
  description: Record uids of the steps whose every journal entry was undone.
  returned: always
  type: list
  elements: str
failed_uids:
  description: Record uids of the steps with an entry that could not be undone.
  returned: always
  type: list
  elements: str
changed:
  description: True when something was undone (not only found already gone); in check mode, when the journal is not empty.
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
  description: The change this task belongs to.
  returned: always
  type: dict
changes:
  description: One record per journal entry undone, newest first (docs/changes.md).
  returned: always
  type: list
  elements: dict
journal:
  description: Always empty (a rollback creates nothing).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.module import ChangeRollback


def main():
    ChangeRollback().run()


if __name__ == "__main__":
    main()

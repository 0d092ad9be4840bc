#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_change_rollback
short_description: Undo what an Apsara Stack change (VPC or scaling) did, newest first, from its journal
version_added: 0.2.0
description:
  - Undoes the entries of O(journal) (the C(journal) the VPC change modules return, also from a failed task), newest first -
    deletes what a C(create) entry names and puts back what a C(modify) entry changed - and waits until each undo is done
    before the next, older one, so dependencies go first (routes before router interfaces, an interface deactivated before it
    is deleted, SNAT entries before the EIP is unbound, the EIP unbound before it is released and before the NAT gateway,
    vSwitches before their VPC).
  - Also undoes the scaling changes - an instance type change (journal type C(instance_type)) is changed back and the
    instance returned to its power state (waiting out the 5 minutes between two type changes within O(wait_timeout)). Same
    undo table as M(cloudops.privatecloud.apsara_vpc_rollback) plus the scaling entries, so one rollback serves every
    Apsara change journal.
  - A resource counts as already gone only when the API answers with the action's own C(NotFound) code; any other error
    (credentials, throttling, a malformed id) makes that undo C(rollback_failed) with the error shown. Nothing outside the
    journal is ever touched. A NAT gateway is deleted without C(Force).
  - Before any call, a journal with an entry of another platform or endpoint, or a malformed entry (no type or id, an unknown
    op or type, missing keys), is refused as a whole, naming every such entry (RV(problems)).
  - One change record per entry (C(action) C(rollback_<type>), status C(rolled_back) or C(rollback_failed)); the task fails
    when any undo failed, after trying all of them.
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
    description:
      - The journal entries to undo (C(seq), C(op), C(type), C(id), C(name), C(keys), C(restore), C(platform), C(endpoint),
        C(record_uid)), oldest first - the C(journal) of one task, or the journals of several tasks joined in the order the
        tasks ran (the position in the list orders the undo, since each task numbers its entries from 1).
    type: list
    elements: dict
    required: true
  wait_timeout:
    description: Seconds to wait for one undo (a deletion, a deactivation) to finish.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Connect two VPCs, rolling back on any failure
  block:
    - name: Peering
      cloudops.privatecloud.apsara_vpc_peering:
        name: pcx-prod-shared
        local_vpc: vpc-prod
        peer_vpc: vpc-shared
      register: peering
  rescue:
    - name: Undo what the peering created
      cloudops.privatecloud.apsara_change_rollback:
        journal: "{{ ansible_failed_result.journal | default([]) }}"
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
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
    - "One line for people, what the C(vpc_change) role prints, for example V(rolled back: 5 of 5 resource change(s) undone,
      newest first), V(ROLLBACK FAILED: 1 of 5 undo step(s\\) failed (...\\); clean up by hand, see the change report) or
      V(REFUSED: 1 journal entry cannot be rolled back here)."
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
  description: Change record uids all of whose journal entries were undone; the report marks those steps C(rolled_back).
  returned: always
  type: list
  elements: str
failed_uids:
  description: Change record uids with an entry that could not be undone.
  returned: always
  type: list
  elements: str
skipped:
  description:
    - Always empty (kept for one release). A journal with entries of another platform or endpoint is refused before any
      call (see RV(problems)); nothing is skipped.
  returned: always
  type: list
  elements: dict
report_kind:
  description: Always C(change); what the report callback looks for.
  returned: always
  type: str
  sample: change
platform:
  description: Always C(apsara).
  returned: always
  type: str
endpoint:
  description: The region and ECS endpoint used (never credentials).
  returned: always
  type: str
change:
  description: The change context (C(id), C(ticket), C(operator), C(title), C(window)).
  returned: always
  type: dict
changes:
  description:
    - One record per journal entry undone (C(action) C(rollback_<type>), C(rollback_of) the record uid it undoes, status
      C(rolled_back), C(rollback_failed) or C(planned) in check mode; C(after.outcome) says what happened).
  returned: always
  type: list
  elements: dict
journal:
  description: Always empty; a rollback creates nothing.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.module import ChangeRollback


def main():
    ChangeRollback().run()


if __name__ == "__main__":
    main()

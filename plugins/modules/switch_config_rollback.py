#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: switch_config_rollback
short_description: "Undo what switch_config changed on one switch, from its journal"
version_added: 0.2.0
description:
  - Takes the C(journal) of M(cloudops.privatecloud.switch_config) tasks (oldest first) and undoes it newest first - the
    switch role's rescue runs it for whatever the module did not already roll back itself.
  - C(switch_section) entries (VRP5, Comware) - the section's undo lines are recomputed against what the switch shows now,
    sent, and the section is read back; it must be as before the change.
  - C(switch_commit) entries (CloudEngine) - C(rollback configuration to commit-id) the point before the change's commit when
    that commit is still the newest; the undo lines through a candidate and a commit when another commit came after it or
    there is no earlier point; nothing when the commit never happened.
  - The running configuration is saved again only when the change saved it and it was saved before the change.
  - An entry of another switch (endpoint) or another platform refuses the whole journal before anything is sent.
  - An undo that fails is C(rollback_failed) and its error names the exact lines left to undo; older entries still run.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  journal:
    description: The journal entries, oldest first (the C(journal) of switch_config results, joined).
    type: list
    elements: dict
    required: true
  wait_timeout:
    description: Not used by switch undo (the option every rollback module shares).
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.switch
  - cloudops.privatecloud.switch.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Undo the switch change of a failed task
  cloudops.privatecloud.switch_config_rollback:
    switch_host: "{{ ansible_host }}"
    switch_port: "{{ ansible_port | default(22) }}"
    switch_username: "{{ ansible_user }}"
    switch_password: "{{ ansible_password }}"
    device_type: "{{ switch_device_type }}"
    journal: "{{ ansible_failed_result.journal | default([]) }}"
    change: "{{ switch_change_window_check.change }}"
"""

RETURN = r"""
rolled_back:
  description: Entries undone.
  returned: always
  type: int
rollback_failed:
  description: Entries not undone.
  returned: always
  type: int
total:
  description: Entries in the journal.
  returned: always
  type: int
summary:
  description: One line saying what the rollback did.
  returned: always
  type: str
rolled_back_uids:
  description: Change record uids whose journal entries were undone.
  returned: always
  type: list
  elements: str
failed_uids:
  description: Change record uids whose undo failed.
  returned: always
  type: list
  elements: str
changes:
  description: One record per undo step (C(rollback_switch_section), C(rollback_switch_commit)).
  returned: always
  type: list
  elements: dict
report_kind:
  description: Always C(change).
  returned: always
  type: str
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.change import SwitchConfigRollback


def main():
    SwitchConfigRollback().run()


if __name__ == "__main__":
    main()

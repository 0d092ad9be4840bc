#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: event_resolve
short_description: Record the cause of an alarm event and the action that resolved it
version_added: 0.2.0
description:
  - Records in the run store who resolved an event of the event list, when, its cause and the action taken (the
    clouds keep neither). The events report and the incident report show them.
  - An unknown event, or an empty O(cause) or O(action), fails with nothing written; the same cause and action
    again changes nothing. An event that belongs to an open incident adds an C(action) entry to its timeline.
  - Runs on the controller (an action plugin); it calls no cloud.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  event_id:
    description: The event's id, as the events report lists it.
    type: str
    required: true
  cause:
    description: What caused it.
    type: str
    required: true
  action:
    description: What was done.
    type: str
    required: true
  resolved_by:
    description: Who resolved it. Default the operator.
    type: str
  resolved_at:
    description: When, ISO 8601 with a zone. Default now.
    type: str
  ticket:
    description: The ticket.
    type: str
  site:
    description: The site the event is filed under. Default the inventory's C(cloudops_site).
    type: str
  store_dsn:
    description: The run store. Default E(CLOUDOPS_STORE_DSN), else SQLite in O(output_dir).
    type: str
  output_dir:
    description: The reports directory whose C(store.sqlite3) is the default store.
    type: str
attributes:
  action:
    description: An action plugin; runs on the controller only.
    support: full
  check_mode:
    description: Reads the event and shows the diff; nothing is written.
    support: full
  diff_mode:
    description: The event's resolutions before and after.
    support: full
"""

EXAMPLES = r"""
- name: Record why the pool filled up and what was done
  cloudops.privatecloud.event_resolve:
    event_id: 9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0
    cause: expired snapshots of the batch VMs were not deleted
    action: deleted 1.2 TB of expired snapshots; snapshot policy fixed (CHG-311)
    ticket: INC-1024
"""

RETURN = r"""
event:
  description: The event with its acknowledgements and resolutions as the store now has them.
  returned: success
  type: dict
  sample: {event_id: 9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0, resolutions: [{cause: expired snapshots, action: deleted}]}
"""

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(
        event_id=dict(type="str", required=True), cause=dict(type="str", required=True),
        action=dict(type="str", required=True), resolved_by=dict(type="str"), resolved_at=dict(type="str"),
        ticket=dict(type="str"), site=dict(type="str"), store_dsn=dict(type="str", no_log=True),
        output_dir=dict(type="str")), supports_check_mode=True)
    module.fail_json(msg="event_resolve runs on the controller through its action plugin")


if __name__ == "__main__":
    main()

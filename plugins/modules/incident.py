#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: incident
short_description: Open, annotate and close an incident (故障应急) from events of the event list
version_added: 0.2.0
description:
  - O(state=events) reads the events an incident would be opened from, and which resources of which cloud they
    concern (for the evidence tasks); an unknown event fails and nothing is written.
  - O(state=open) opens the incident in the run store from one or more events, with the evidence the playbook
    gathered (O(evidence)) and the site's change steps of the last O(changes_days) days from the store; the
    timeline starts with C(opened). Opening the same incident id with the same events again changes nothing.
  - O(state=note) adds a timeline entry (acknowledged, action, recovered, note); O(state=close) records the root
    cause and follow-ups and closes it.
  - C(open), C(note) and C(close) return C(report_kind=incident), and the report callback writes the 《故障报告》
    (JSON, self-contained HTML, Markdown, JUnit; zh_CN or en) with summary, impact, timeline, root cause, actions,
    follow-ups and the SLA figures of its events.
  - Runs on the controller (an action plugin); it calls no cloud (playbooks/incident.yml gathers the evidence).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  state:
    description: What to do.
    type: str
    choices: [events, open, note, close]
    default: open
  incident_id:
    description: The incident's id. Default on O(state=open) C(INC-<UTC time>-<event id prefix>).
    type: str
  title:
    description: One line naming the incident (O(state=open)).
    type: str
  event_ids:
    description: The events of the incident (O(state=events) and O(state=open)).
    type: list
    elements: str
    default: []
  pick:
    description:
      - With O(state=events) and no O(event_ids), take the events from the store - V(open_p1) the open P1 events, V(open)
        every open event - of the last O(pick_days) days.
    type: str
    choices: [open_p1, open]
  pick_days:
    description: How far back O(pick) looks.
    type: int
    default: 30
  priority:
    description: The incident's priority. Default the highest priority of its events.
    type: str
    choices: [P1, P2, P3, P4]
  summary:
    description: What happened, in a few sentences.
    type: str
  impact:
    description: Who and what was affected.
    type: str
  evidence:
    description: The evidence the playbook gathered at opening (resources, hosts, storage and network state, alarms).
    type: dict
    default: {}
  changes_days:
    description: Days of the site's change runs to add to the evidence.
    type: int
    default: 7
  entry:
    description: The timeline entry's kind (O(state=note)).
    type: str
    choices: [acknowledged, action, recovered, note]
    default: note
  text:
    description: The timeline entry's text (O(state=note)).
    type: str
  root_cause:
    description: The root cause (O(state=close)).
    type: str
  follow_ups:
    description: Follow-up actions (O(state=close)).
    type: list
    elements: str
    default: []
  actor:
    description: Who. Default the operator.
    type: str
  at:
    description: When, ISO 8601 with a zone. Default now.
    type: str
  site:
    description: The site. Default the inventory's C(cloudops_site).
    type: str
  store_dsn:
    description: The run store. Default E(CLOUDOPS_STORE_DSN), else SQLite in O(output_dir).
    type: str
  output_dir:
    description: The reports directory whose C(store.sqlite3) is the default store.
    type: str
  service_tier:
    description: The site's service tier for the SLA figures of the report.
    type: str
    choices: [5x8, 7x24]
    default: 7x24
  time_zone:
    description: The site's time zone for V(5x8).
    type: str
    default: UTC
attributes:
  action:
    description: An action plugin; runs on the controller only.
    support: full
  check_mode:
    description: Reads the events and says what would be opened, noted or closed; nothing is written.
    support: full
  diff_mode:
    description: No diff; the incident report shows the result.
    support: none
"""

EXAMPLES = r"""
- name: Open an incident from two events
  cloudops.privatecloud.incident:
    title: Primary storage PS-LOCAL-A full, VMs on kvm-a-02 slow
    event_ids: [9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0, 0c1d2e3f405162738495a6b7c8d9e0f1]
    impact: 12 VMs of the ERP system answered slowly for 40 minutes
- name: Close it
  cloudops.privatecloud.incident:
    state: close
    incident_id: INC-20261207-080000-9b0e5c
    root_cause: expired snapshots were never deleted
    follow_ups: [snapshot retention policy on every data volume]
"""

RETURN = r"""
report_kind:
  description: C(incident) for open, note and close.
  returned: state is open, note or close
  type: str
  sample: incident
incident:
  description: The incident as the run store has it (events with acks and resolutions, timeline, evidence).
  returned: state is open, note or close
  type: dict
  sample: {incident_id: INC-20261207-080000-9b0e5c, status: open, priority: P1}
events:
  description: The events (O(state=events)).
  returned: state is events
  type: list
  elements: dict
  sample: []
event_ids:
  description: The ids of the events read or picked (O(state=events)).
  returned: state is events
  type: list
  elements: str
  sample: [9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0]
resources:
  description: The events' resource ids by cloud (O(state=events)).
  returned: state is events
  type: dict
  sample: {zstack: [5f4c0f7e2b6f4d8e9a1b2c3d4e5f6a7b]}
"""

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(
        state=dict(type="str", choices=["events", "open", "note", "close"], default="open"), incident_id=dict(type="str"),
        title=dict(type="str"), event_ids=dict(type="list", elements="str", default=[]),
        pick=dict(type="str", choices=["open_p1", "open"]), pick_days=dict(type="int", default=30),
        priority=dict(type="str", choices=["P1", "P2", "P3", "P4"]), summary=dict(type="str"), impact=dict(type="str"),
        evidence=dict(type="dict", default={}), changes_days=dict(type="int", default=7),
        entry=dict(type="str", choices=["acknowledged", "action", "recovered", "note"], default="note"),
        text=dict(type="str"), root_cause=dict(type="str"), follow_ups=dict(type="list", elements="str", default=[]),
        actor=dict(type="str"), at=dict(type="str"), site=dict(type="str"), store_dsn=dict(type="str", no_log=True),
        output_dir=dict(type="str"), service_tier=dict(type="str", choices=["5x8", "7x24"], default="7x24"),
        time_zone=dict(type="str", default="UTC")), supports_check_mode=True)
    module.fail_json(msg="incident runs on the controller through its action plugin")


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: change_window
short_description: Refuse a change outside its change window, end the play between batches after the deadline
version_added: 0.1.0
description:
  - The first task of every change playbook. An action plugin, it runs on the controller and calls no cloud, so a missing
    or invalid window fails the play before any cloud call. Its rules are plain functions in C(plugins/plugin_utils/window.py),
    which C(tools/run_change.py) applies too before a run starts.
  - The window is O(window) (or O(change.window) when O(window) is not given). Times are ISO 8601 with or without an offset, or
    C(YYYY-MM-DD HH:MM[:SS]); a time without an offset is wall-clock time in O(window.timezone). A bare date is refused, and
    so is a wall-clock time a daylight saving change skips.
  - In the first batch of the play (the play's first host is in C(ansible_play_batch)), outside the window the task
    fails with a message that names the window edge in local time and how far away it is. The result then also carries
    one C(not_started) change record per host of the play, so the change report shows the refused change.
  - In a later batch (C(serial)) after the window's end the task does not fail. It returns RV(end_play=true), a warning and
    C(not_started) records (reason C(deadline passed before this batch started)) for every host of this batch and of every
    later batch; the role then runs C(ansible.builtin.meta) C(end_play), so the play ends cleanly and what ran stays reported.
  - With O(override) the change starts outside the window; the state is C(overridden) and the override and its reason
    are recorded in the report and warned about.
  - In check mode the window is evaluated and reported, but a dry run outside the window is not refused (it changes
    nothing, and change boards usually want its output before the window opens); a warning says that a real run would be.
  - The result is report material of kind C(change) for the C(cloudops.privatecloud.report) callback (docs/changes.md).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  window:
    description:
      - The change window. Defaults to O(change.window).
    type: dict
    suboptions:
      start:
        description: When the window opens, for example V(2026-11-27 22:00) or V(2026-11-27T22:00:00+08:00).
        type: str
      end:
        description: When the window closes (the deadline); must be after O(window.start).
        type: str
      timezone:
        description: IANA time zone of the window, for example V(Asia/Shanghai). Times without an offset are in it.
        type: str
      ticket:
        description: The ticket that approved the window, used when O(change.ticket) is not set.
        type: str
  change:
    description:
      - The change, as in the change spec. RV(change) returns it completed, for the C(change) option of every change module.
    type: dict
    required: true
    suboptions:
      id:
        description: The change id (required), for example V(CHG-2026-1127-01); every change record carries it.
        type: str
      ticket:
        description: The ITSM ticket that approved the change.
        type: str
      title:
        description: A one-line title for the report.
        type: str
      operator:
        description: Who runs the change; O(operator) wins.
        type: str
      window:
        description: The window, when it is part of the change spec; O(window) wins. Same keys as O(window).
        type: dict
        suboptions:
          start:
            description: When the window opens.
            type: str
          end:
            description: When the window closes.
            type: str
          timezone:
            description: IANA time zone of the window.
            type: str
          ticket:
            description: The ticket that approved the window.
            type: str
  override:
    description:
      - Start the change although the window is not open. Needs O(override_reason).
    type: bool
    default: false
  override_reason:
    description:
      - Why the window is overridden (for example the incident number). Required when O(override=true); shown in the report.
    type: str
  operator:
    description:
      - Who runs the change. Defaults to AWX's C(awx_user_name) (or C(tower_user_name)) when set, else the OS user on the controller.
    type: str
  hosts:
    description:
      - The inventory hosts the change file names. One that the inventory does not have refuses the whole change before
        anything starts, in check mode too (a change for a host that is not there must not pass as a success).
    type: list
    elements: str
attributes:
  action:
    description: An action plugin; runs on the controller only.
    support: full
  check_mode:
    description: Evaluates and reports the window; outside it a dry run goes ahead with a warning.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
  platform:
    description: Any; no cloud is called.
    support: full
    platforms: all
notes:
  - The result carries C(report_kind=change); see docs/changes.md for the records and docs/reports.md for the change report.
seealso:
  - name: Changes
    description: The change shape, records and report (docs/changes.md in the collection).
    link: https://github.com/cloudops/privatecloud/blob/main/docs/changes.md
"""

EXAMPLES = r"""
- name: Check the change window (first task of the change)
  cloudops.privatecloud.change_window:
    change:
      id: CHG-2026-1127-01
      ticket: ITSM-4711
      title: Connect vpc-prod to vpc-shared
    window:
      start: "2026-11-27 22:00"
      end: "2026-11-28 02:00"
      timezone: Asia/Shanghai
  register: change_window_check

- name: Stop between batches once the deadline has passed
  ansible.builtin.meta: end_play
  when: change_window_check.end_play

- name: Start an urgent change outside its window
  cloudops.privatecloud.change_window:
    change: "{{ vpc_change_change }}"
    override: true
    override_reason: "INC-20261127-3 outage, approved by the duty manager"
"""

RETURN = r"""
window:
  description: The window as evaluated now.
  returned: unless the window or change is invalid
  type: dict
  contains:
    start:
      description: Start, ISO 8601 with the offset of the window's time zone.
      type: str
      sample: "2026-11-27T22:00:00+08:00"
    end:
      description: End (the deadline), ISO 8601 with offset.
      type: str
      sample: "2026-11-28T02:00:00+08:00"
    timezone:
      description: The IANA time zone.
      type: str
      sample: Asia/Shanghai
    state:
      description: V(open), V(not_yet_open), V(closed), or V(overridden) (not open, started by O(override)).
      type: str
      sample: open
    remaining_s:
      description: Seconds until the end; negative once it has passed.
      type: int
      sample: 7200
    opens_in_s:
      description: Seconds until the start.
      type: int
      returned: when the window is not open yet
      sample: 7500
    now:
      description: The time of the check, ISO 8601 with offset.
      type: str
      sample: "2026-11-28T00:00:00+08:00"
    override:
      description: Whether O(override) was set.
      type: bool
    override_reason:
      description: O(override_reason) when overridden, else null.
      type: str
    ticket:
      description: O(window.ticket) when given.
      type: str
      returned: when given
change:
  description:
    - The change as every change module takes it in its C(change) option (id, ticket, title, operator, window).
  returned: unless the window or change is invalid
  type: dict
  sample:
    id: CHG-2026-1127-01
    ticket: ITSM-4711
    title: Connect vpc-prod to vpc-shared
    operator: alice
    window: {start: "2026-11-27T22:00:00+08:00", end: "2026-11-28T02:00:00+08:00", timezone: Asia/Shanghai, state: open}
changes:
  description:
    - Change records (docs/changes.md) with status C(not_started), one per host that will not run. Empty while the change may go ahead.
  returned: always
  type: list
  elements: dict
end_play:
  description: True when the deadline passed before this (later) batch started; run C(ansible.builtin.meta) C(end_play) then.
  returned: always
  type: bool
  sample: false
report_kind:
  description: Always C(change); the report callback collects the result into the change report.
  returned: always
  type: str
  sample: change
targets:
  description: Every host of the play (C(ansible_play_hosts_all)); the report lists hosts that never ran as not started.
  returned: always
  type: list
  elements: str
override:
  description: Whether O(override) was set.
  returned: unless the window or change is invalid
  type: bool
override_reason:
  description: The override reason, or null.
  returned: unless the window or change is invalid
  type: str
platform:
  description: The host's C(cloud_platform) variable, if set.
  returned: always
  type: str
"""

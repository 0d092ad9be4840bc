#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: switch_config
short_description: Change a Huawei VRP / CloudEngine or H3C Comware switch's configuration safely (VLANs, ports, routes, lines)
version_added: 0.2.0
description:
  - Declarative - O(vlans), O(interfaces) (description, link type, access VLAN, trunk VLANs, shutdown) and O(routes)
    (static routes) - plus raw O(lines) for the rest. Idempotent - a second run sends nothing and reports C(changed=false).
  - "Plan first: reads C(display current-configuration), computes per section (VLAN, interface, route, lines) the lines to
    send and the lines that undo them. Trunk VLAN lists are set-aware: adding VLAN 30 sends C(port trunk allow-pass vlan 30)
    (Comware C(port trunk permit vlan 30)) and never removes 10 and 20; a list is never undone and re-added whole."
  - Before any line is sent - VLANs within 1-4094, every interface exists on the switch, an access VLAN exists or is created
    by the same change, a VLAN removed is on no port, no control characters in texts, and the guards - the management
    interface (C(MEth*), C(M-GigabitEthernet*), O(protected_interfaces), the interface whose subnet holds O(switch_host)) is
    never shut down, the VLAN of the session's own path (O(protected_vlans), Vlanif N of that interface) is never removed or
    taken off a trunk, and raw lines never drive the session (C(quit), C(commit), C(save), C(sysname) ...). Any problem fails
    the task with zero lines sent.
  - Check mode reads only and shows the diff (C(--diff) - the sections before and after, and the lines to send).
  - Apply - VRP5 and Comware take the lines section by section, in order, each section journaled before its first line and
    read back after it. CloudEngine (C(huawei_vrpv8)) takes them into the session's candidate; C(display configuration
    candidate changes) must make exactly the plan, then C(commit label <change>) applies it, and the plan is read back.
  - C(save) (C(save force) on Comware) runs only after every section was verified, and only when the task changed something.
  - On failure (a rejected line, a dropped session, a read-back that differs) the task rolls back by itself when O(rollback) is
    true - CloudEngine C(rollback configuration to commit-id) the point before the change (when the change's commit is still
    the newest), else the computed undo lines, re-computed against what the switch shows - and reads back again. The task
    fails either way; C(rollback) says C(rolled_back) or C(rollback_failed), and C(left_to_undo) lists the exact lines left.
  - Secrets in configuration lines (local-user passwords, SNMP communities, keys) are masked in the diff, the records and
    the journal.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  vlans:
    description: VLANs to create, rename or remove.
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description: VLAN id, 1-4094.
        type: int
        required: true
      name:
        description: VLAN name (empty - removed).
        type: str
      description:
        description: VLAN description (empty - removed).
        type: str
      state:
        description: V(absent) removes the VLAN (refused while a port still carries it, and for VLAN 1).
        type: str
        choices: [present, absent]
        default: present
  interfaces:
    description: Ports to configure; unspecified attributes stay as they are.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Interface name as configured or its short form (V(10GE1/0/1), V(GE0/0/3), V(XGE1/0/2)).
        type: str
        required: true
      description:
        description: Port description (empty - removed). At most 242 characters.
        type: str
      link_type:
        description: Link type. Changing it first removes the port's VLAN settings (VRP refuses it otherwise).
        type: str
        choices: [access, trunk]
      access_vlan:
        description: The access VLAN (needs link type access).
        type: int
      trunk_vlans:
        description: VLANs for a trunk, as a list or a device-style text (V(30), V([30, 40]), V("100 to 110")).
        type: raw
      trunk_vlans_mode:
        description:
          - V(add) - add the VLANs, keep the others. V(remove) - take them off. V(exact) - the list becomes exactly these
            (only the missing ones added and the extra ones removed).
        type: str
        choices: [add, remove, exact]
        default: add
      trunk_pvid:
        description: Trunk native VLAN.
        type: int
      shutdown:
        description: V(true) shuts the port down, V(false) brings it up (C(undo shutdown)).
        type: bool
  routes:
    description: Static routes (C(ip route-static)).
    type: list
    elements: dict
    default: []
    suboptions:
      destination:
        description: Destination network address.
        type: str
        required: true
      mask:
        description: Mask, dotted or a length.
        type: str
        required: true
      next_hop:
        description: Next-hop address.
        type: str
        required: true
      state:
        description: Whether the route is there.
        type: str
        choices: [present, absent]
        default: present
  lines:
    description:
      - Raw configuration lines for what the declarative options do not cover. A line already in the view is not sent
        again; an C(undo X) line counts as in place when C(X) is absent. Write lines as the device prints them.
    type: list
    elements: dict
    default: []
    suboptions:
      parents:
        description: The view the lines belong to (V(interface 10GE1/0/5), V(vlan 30)); omitted - system view.
        type: str
      lines:
        description: The lines, in order.
        type: list
        elements: str
        required: true
      undo:
        description: The lines that undo them (default - each line negated with or without C(undo), newest first).
        type: list
        elements: str
  protected_interfaces:
    description: Interfaces that may never be shut down or lose their address or link type (besides the management port).
    type: list
    elements: str
    default: []
  protected_vlans:
    description: VLANs of the session's own path - never removed, never taken off a trunk.
    type: list
    elements: raw
    default: []
  save:
    description: Save the running configuration after a verified change.
    type: bool
    default: true
  rollback:
    description: On failure, undo what the task changed before failing (else the journal is left to switch_config_rollback).
    type: bool
    default: true
extends_documentation_fragment:
  - cloudops.privatecloud.switch
  - cloudops.privatecloud.switch.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Add VLAN 40 and carry it on the uplink, one access port for a new server
  cloudops.privatecloud.switch_config:
    switch_host: "{{ ansible_host }}"
    switch_port: "{{ ansible_port | default(22) }}"
    switch_username: "{{ ansible_user }}"
    switch_password: "{{ ansible_password }}"
    device_type: huawei_vrpv8
    vlans:
      - {id: 40, name: app}
    interfaces:
      - {name: 10GE1/0/1, trunk_vlans: [40]}
      - {name: 10GE1/0/5, link_type: access, access_vlan: 40, description: server-app-03}
    protected_vlans: [10]
    change: "{{ switch_change_window_check.change }}"
  register: switch_change

- name: Raw lines under a port, with their undo
  cloudops.privatecloud.switch_config:
    device_type: hp_comware
    lines:
      - parents: interface Ten-GigabitEthernet1/0/6
        lines: [port link-mode bridge, description temp-migration]
        undo: [undo description]
"""

RETURN = r"""
changed:
  description: True when lines were sent (in check mode, would be).
  returned: always
  type: bool
commands:
  description: The lines sent (check mode - that would be sent), secrets masked.
  returned: success
  type: list
  elements: str
sections:
  description: Each changed section - kind, name, before and after lines, the lines sent and the undo lines.
  returned: success
  type: list
  elements: dict
saved:
  description: Whether the running configuration was saved.
  returned: success
  type: bool
unsaved_before:
  description: The running configuration differed from the saved one before the change (a save persists that too).
  returned: success
  type: bool
device_type:
  description: The netmiko device type.
  returned: success
  type: str
report_kind:
  description: Always C(change).
  returned: always
  type: str
platform:
  description: Always C(switch).
  returned: always
  type: str
endpoint:
  description: The switch as host, port and device type.
  returned: always
  type: str
change:
  description: The change this task belongs to (id, ticket, operator, title, window).
  returned: always
  type: dict
changes:
  description:
    - One change record per section (actions C(configure_vlan), C(configure_interface), C(configure_route),
      C(configure_lines)), then C(commit) (CloudEngine) and C(save_config); C(before.lines) and C(after.lines) are the
      section's lines, C(after.commands) the lines sent. After a failure the undo steps (C(rollback_switch_section),
      C(rollback_switch_commit)) follow.
  returned: always
  type: list
  elements: dict
journal:
  description: What the task changed (types C(switch_section), C(switch_commit)), for M(cloudops.privatecloud.switch_config_rollback).
  returned: always
  type: list
  elements: dict
rollback:
  description: After a failure - C(rolled_back), C(rollback_failed), or C(not_run) (O(rollback=false)).
  returned: on failure after a line was applied
  type: str
left_to_undo:
  description: The exact lines still to send by hand when the rollback failed.
  returned: on rollback failure
  type: list
  elements: str
pre_checks:
  description: The checks that failed validation, when the task fails before any line is sent.
  returned: on validation failure
  type: list
  elements: dict
diff:
  description: The changed sections before and after, and the lines to send (C(prepared)).
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.change import SwitchConfig


def main():
    SwitchConfig().run()


if __name__ == "__main__":
    main()

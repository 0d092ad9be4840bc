# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Safety guards of a switch change, as data: what a change may never do, checked before any line is sent.

- The management interface (the kind's out-of-band port, `protected_interfaces`, and the interface whose subnet
  holds the address the session came in on) may not be shut down or lose its address.
- The VLAN of the session's own path (`protected_vlans`, and N when that interface is Vlanif N) may not be
  removed, nor taken off a trunk.
- Raw lines may not drive the session (quit, commit, save ... are switch_config's job), rename the switch (netmiko
  keys on the prompt), create/remove VLANs and views behind the planner's back, or carry a secret (it would land in
  the records and the journal).
"""

from __future__ import annotations

import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.mask import mask_line
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.vlans import VlanError, parse_vlans

# (pattern of a raw line, why it is refused)
FORBIDDEN_LINES = (
    (r"^(quit|return|system-view|commit|save|rollback|reboot|reset|clear|display|screen-length)\b",
     "controls the session or the device; switch_config does that itself"),
    (r"^(undo\s+)?sysname\b", "renames the switch (netmiko finds the prompt by the name)"),
    (r"^(undo\s+)?interface\b", "enters or removes a view; give the view as parents"),
    (r"^(undo\s+)?vlan\b", "creates or removes VLANs; use vlans, whose removals are guarded"),
)
# raw lines under a protected interface that cut the session's path
PROTECTED_LINES = (r"^shutdown$", r"^(undo\s+)?ip address\b", r"^port link-type\b")
VLANIF = re.compile(r"^(?:Vlanif|Vlan-interface)(\d+)$", re.IGNORECASE)


def protected(running, guards):
    """(protected interface names, protected VLAN ids, why) from the guard options and the running config."""
    names, vids, why = set(), set(), {}
    for name in running.interfaces:
        if name.startswith(running.syntax.management):
            names.add(name)
            why[name] = "the management interface"
    for given in guards.get("protected_interfaces") or ():
        name = running.interface_name(given) or str(given)
        names.add(name)
        why.setdefault(name, "a protected interface")
    owner = running.address_owner(guards.get("session_host")) if guards.get("session_host") else None
    if owner:
        names.add(owner)
        why[owner] = "the interface of this session's own path (%s)" % guards["session_host"]
        found = VLANIF.match(owner)
        if found:
            vids.add(int(found.group(1)))
    for value in guards.get("protected_vlans") or ():
        try:
            vids |= parse_vlans(value)
        except VlanError:
            pass
    return names, vids, why


def check_guards(running, desired, after_ifaces, guards):
    """Problem texts (empty: allowed)."""
    names, vids, why = protected(running, guards)
    problems = []
    for name in sorted(names):
        before, after = running.interfaces.get(name), after_ifaces.get(name)
        if before is not None and after is not None and after.shutdown and not before.shutdown:
            problems.append("interface %s is %s: it may not be shut down" % (name, why.get(name)))
        if before is not None and after is not None and after.mode != before.mode:
            problems.append("interface %s is %s: its link type may not change" % (name, why.get(name)))
    for item in desired.get("vlans") or ():
        try:
            vid = parse_vlans(item.get("id"))
        except VlanError:
            continue
        if item.get("state") == "absent" and vid & vids:
            problems.append("VLAN %s carries this session's own path (protected): it may not be removed" % (
                ", ".join(str(v) for v in sorted(vid & vids))))
    for name, after in sorted(after_ifaces.items()):
        before = running.interfaces.get(name)
        if before is None or before.mode != "trunk":
            continue
        lost = (before.trunk_vlans - (after.trunk_vlans if after.mode == "trunk" else set())) & vids
        if lost:
            problems.append("interface %s: VLAN %s carries this session's own path (protected): it may not be taken "
                            "off the trunk" % (name, ", ".join(str(v) for v in sorted(lost))))
    for item in desired.get("lines") or ():
        head = (item.get("parents") or "").strip() or None
        for line in list(item.get("lines") or ()) + list(item.get("undo") or ()):
            text = " ".join(str(line).split())
            if mask_line(text) != text:
                # the line would sit in the task's records and journal: secrets are set outside switch_config
                problems.append("line %r is refused: it carries a secret (password, community or key)" % mask_line(text))
                continue
            for pattern, reason in FORBIDDEN_LINES:
                if re.search(pattern, text, re.IGNORECASE):
                    problems.append("line %r is refused: it %s" % (text, reason))
                    break
            if head and head.startswith("interface ") and running.interface_name(head[len("interface "):]) in names:
                name = running.interface_name(head[len("interface "):])
                if any(re.search(p, text) for p in PROTECTED_LINES):
                    problems.append("line %r under interface %s is refused: that is %s" % (text, name, why.get(name)))
    return problems

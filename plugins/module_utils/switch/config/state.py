# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure comparisons around a planned change: a section's state on a configuration (what verify compares), the
lines that take a section back to its state before (what a rollback sends), and the VRPv8 candidate diff applied
to the running tree (what `display configuration candidate changes` says the commit would make)."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.plan import (
    in_view, interface_from_data, line_present, negate, transition, vlan_state)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.tree import RunningConfig


def section_state(config, kind, key):
    """The state of one section on `config`, in the shape of SectionChange.expect / before_state."""
    if kind == "interface":
        ifc = config.interfaces.get(key["name"])
        return ifc.state() if ifc is not None else None
    if kind == "vlan":
        return vlan_state(config.vlans.get(key["vlan"]))
    if kind == "route":
        return config.has_route(key["route"])
    return [l for l in key["lines"] if line_present(config, key.get("head"), l)]


def state_problems(config, sections, want="expect"):
    """Texts naming every section (SectionChange.entry() dicts) whose state on `config` is not the planned one
    (want="expect") or the one before the change (want="before_state")."""
    problems = []
    for sec in sections:
        have, wanted = section_state(config, sec["kind"], sec["key"]), sec[want]
        if have != wanted:
            problems.append("%s: is %s, expected %s" % (sec["name"], _text(sec["kind"], have), _text(sec["kind"], wanted)))
    return problems


def _text(kind, state):
    if kind == "route":
        return "present" if state else "absent"
    if kind == "vlan" and state is None:
        return "absent"
    if kind == "lines":
        return "%d line(s) in place (%s)" % (len(state), "; ".join(state)) if state else "no line in place"
    if isinstance(state, dict):
        return ", ".join("%s=%s" % (k, state[k]) for k in sorted(state))
    return str(state)


def restore_lines(config, sec):
    """The lines (as typed in system view) that take one section from what `config` shows back to its state before."""
    syntax = config.syntax
    data = sec["restore"]
    kind = sec["kind"]
    if kind == "interface":
        before = interface_from_data(data["interface"])
        cur = config.interfaces.get(before.name)
        if cur is None:
            return list(sec["undo"])
        lines = transition(syntax, cur, before)
        return in_view("interface %s" % before.name, lines) if lines else []
    if kind == "vlan":
        vid, meta = data["vlan"], data.get("meta")
        have = vlan_state(config.vlans.get(vid))
        head = syntax.vlan_view(vid)
        if meta is None:
            return ["undo vlan %d" % vid] if have is not None else []
        lines = []
        for key in ("name", "description"):
            if (have or {}).get(key) != meta.get(key):
                lines.append("%s %s" % (key, meta[key]) if meta.get(key) else "undo %s" % key)
        if have is None:
            return in_view(head, lines)
        return in_view(head, lines) if lines else []
    if kind == "route":
        present = config.has_route(data["route"])
        line = "ip route-static %s" % data["route"]
        if present == data["present"]:
            return []
        return [line] if data["present"] else ["undo " + line]
    head = data.get("head")
    added = [l for l in data.get("added") or () if line_present(config, head, l)]
    if not added:
        return []
    undo = data.get("undo") or [negate(l) for l in reversed(added)]
    return in_view(head, undo)


# -- VRPv8 candidate ------------------------------------------------------------------------------------
def parse_candidate_changes(text):
    """`display configuration candidate changes` -> [(head, [removed], [added])] ('+ '/'- ' lines under a head)."""
    blocks, head = [], None
    for raw in (text or "").replace("\r", "").split("\n"):
        line = raw.rstrip()
        if not line.strip() or line.strip() == "#":
            head = None
            continue
        if line.startswith(("+ ", "- ", "+", "-")) and head is not None and line[:1] in "+-":
            sign, body = line[0], line[1:].strip()
            blocks[-1][1 if sign == "-" else 2].append(body)
        elif not line.startswith(" ") and line[:1] not in "+-":
            head = line.strip()
            blocks.append((head, [], []))
    return blocks


def apply_candidate(syntax, running_text, changes_text):
    """The configuration the candidate would make: the running tree with the candidate's +/- lines applied."""
    config = RunningConfig(syntax, running_text)
    sections = dict((h, list(c)) for h, c in config.sections.items())
    order = list(config.globals)
    for head, removed, added in parse_candidate_changes(changes_text):
        for line in removed:
            if line == head:
                sections.pop(head, None)
                order = [g for g in order if g != head]
            elif head in sections:
                sections[head] = [c for c in sections[head] if c != line]
        for line in added:
            if line == head:
                if head not in sections:
                    sections[head] = []
                    order.append(head)
            else:
                if head not in sections:
                    sections[head] = []
                    order.append(head)
                sections[head].append(line)
    text = []
    for line in order:
        text.append(line)
        text += [" " + c for c in sections.get(line) or ()]
        text.append("#")
    return RunningConfig(syntax, "\n".join(text))

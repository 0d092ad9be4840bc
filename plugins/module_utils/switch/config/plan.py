# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A declarative switch change -> one SectionChange per VLAN, interface, route and raw-line block.

Set-aware for VLAN lists: a trunk's list is changed by adding the missing VLANs (`port trunk allow-pass vlan 30`,
Comware `port trunk permit vlan 30`) and removing the extra ones (`undo ... vlan 40`); the whole line is never
undone and re-added (hier_config's naive remediation drops traffic, reference 5).  The undo of a section is the
same transition computed from the planned state back to the state before, so it is exact and set-aware too.

Order: VLANs created first (ports refer to them), interfaces, routes, raw lines, VLANs removed last; the undo runs
the reversed order.  Everything here is pure: `plan(running, desired, guards)` reads no device.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.guards import check_guards
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.tree import Interface, route_key
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.vlans import VlanError, parse_vlans, vlan_text

TRUNK_MODES = ("add", "remove", "exact")
DESCRIPTION_MAX = 242        # VRP's limit (Comware takes 255): the smaller, so one text fits both


class PlanError(ValueError):
    """The desired state cannot be applied: every problem, before any line is sent."""

    def __init__(self, problems):
        self.problems = list(problems)
        super(PlanError, self).__init__("; ".join(self.problems))


class SectionChange(object):
    """One view (or global lines) to change: lines before and after, the lines to send and the lines that undo them.

    `send` and `undo` are the full sequences as typed in system view (the view head, its lines, `quit`).
    `key` finds the section's state on a configuration (state.section_state), `expect` is that state after the
    change and `before_state` before it; `restore` is the state before as data, from which a rollback recomputes
    the undo against what it finds on the device."""

    def __init__(self, kind, name, head, before, after, send, undo, key, expect, before_state, restore):
        self.kind = kind                # vlan, interface, route, lines
        self.name = name                # what the report names: "VLAN 30", "10GE1/0/1", "ip route-static ..."
        self.head = head                # the view, None for global lines
        self.before = list(before)
        self.after = list(after)
        self.send = list(send)
        self.undo = list(undo)
        self.key = key
        self.expect = expect
        self.before_state = before_state
        self.restore = restore

    @property
    def changed(self):
        return bool(self.send)

    def entry(self):
        """What the journal keeps of the section (plain data, no secrets: lines are masked by the caller)."""
        return {"kind": self.kind, "name": self.name, "head": self.head, "key": self.key, "expect": self.expect,
                "before_state": self.before_state, "restore": self.restore, "undo": list(self.undo)}


def in_view(head, lines):
    """The lines as typed: entering the view, the lines, leaving it."""
    if not lines and head is None:
        return []
    return ([head] if head else []) + list(lines) + (["quit"] if head else [])


# -- interfaces ------------------------------------------------------------------------------------------
def transition(syntax, have, want):
    """The lines (inside `interface X`) that take interface `have` to `want`, set-aware (also the undo: want = before)."""
    cur, tgt = have, want
    lines = []
    if (tgt.description or None) != (cur.description or None):
        lines.append("description %s" % tgt.description if tgt.description else "undo description")
    work = cur.copy()
    if tgt.mode != cur.mode:
        # VRP refuses a link-type change on a port with VLAN settings ("Please renew the default configurations")
        if cur.mode == "trunk" and cur.trunk_vlans:
            lines.append("undo %s %s" % (syntax.trunk, vlan_text(cur.trunk_vlans)))
        if cur.mode == "trunk" and cur.trunk_pvid:
            lines.append("undo port trunk pvid vlan")
        if cur.mode == "access" and cur.access_vlan not in (None, 1):
            lines.append("undo %s" % syntax.access)
        lines.append("port link-type %s" % tgt.mode)
        work = Interface(cur.name, link_type=tgt.mode)
    if tgt.mode == "trunk":
        if (tgt.trunk_pvid or None) != (work.trunk_pvid or None):
            lines.append("port trunk pvid vlan %d" % tgt.trunk_pvid if tgt.trunk_pvid else "undo port trunk pvid vlan")
        add, remove = tgt.trunk_vlans - work.trunk_vlans, work.trunk_vlans - tgt.trunk_vlans
        if add:
            lines.append("%s %s" % (syntax.trunk, vlan_text(add)))
        if remove:
            lines.append("undo %s %s" % (syntax.trunk, vlan_text(remove)))
    elif tgt.mode == "access":
        want = tgt.access_vlan if tgt.access_vlan not in (None, 1) else None
        have = work.access_vlan if work.access_vlan not in (None, 1) else None
        if want != have:
            lines.append("%s %d" % (syntax.access, want) if want else "undo %s" % syntax.access)
    if tgt.shutdown != cur.shutdown:
        lines.append("shutdown" if tgt.shutdown else "undo shutdown")
    return lines


def interface_target(cur, item, problems):
    """The interface after applying one `interfaces` item to `cur`."""
    tgt = cur.copy()
    label = "interface %s" % cur.name
    if item.get("description") is not None:
        tgt.description = item["description"] or None
    if item.get("link_type") and item["link_type"] != cur.mode:
        # an access port left at the default link type is not given an explicit `port link-type access`
        tgt.link_type = item["link_type"]
        tgt.access_vlan, tgt.trunk_vlans, tgt.trunk_pvid = None, set(), None
    if item.get("access_vlan") is not None:
        if tgt.mode != "access":
            problems.append("%s: access_vlan needs link_type access (the port is %s)" % (label, tgt.mode))
        tgt.access_vlan = _vlan(item["access_vlan"], label + " access_vlan", problems)
    if item.get("trunk_vlans") is not None:
        if tgt.mode != "trunk":
            problems.append("%s: trunk_vlans needs link_type trunk (the port is %s)" % (label, tgt.mode))
        try:
            vids = parse_vlans(item["trunk_vlans"])
        except VlanError as err:
            problems.append("%s trunk_vlans: %s" % (label, err))
            vids = set()
        mode = item.get("trunk_vlans_mode") or "add"
        if mode not in TRUNK_MODES:
            problems.append("%s: trunk_vlans_mode %r is not one of %s" % (label, mode, ", ".join(TRUNK_MODES)))
        tgt.trunk_vlans = (tgt.trunk_vlans | vids if mode == "add" else tgt.trunk_vlans - vids if mode == "remove" else set(vids))
    if item.get("trunk_pvid") is not None:
        tgt.trunk_pvid = _vlan(item["trunk_pvid"], label + " trunk_pvid", problems)
    if item.get("shutdown") is not None:
        tgt.shutdown = bool(item["shutdown"])
    return tgt


def _vlan(value, label, problems):
    try:
        vids = parse_vlans(value)
    except VlanError as err:
        problems.append("%s: %s" % (label, err))
        return None
    if len(vids) != 1:
        problems.append("%s: one VLAN expected, got %r" % (label, value))
        return None
    return vids.pop()


# -- the plan --------------------------------------------------------------------------------------------
def plan(running, desired, guards=None):
    """[SectionChange] for `desired` {vlans, interfaces, routes, lines} against `running` (RunningConfig).

    PlanError lists every problem (unknown interface, VLAN out of range, a guard) before anything is sent."""
    syntax = running.syntax
    problems = []
    vlans_after = dict((vid, dict(meta)) for vid, meta in running.vlans.items())
    created, removed = [], []
    for item in desired.get("vlans") or ():
        change = _vlan_change(syntax, running, item, vlans_after, problems)
        if change is not None:
            (removed if item.get("state") == "absent" else created).append(change)
    interfaces, after_ifaces = [], dict(running.interfaces)
    seen = set()
    for item in desired.get("interfaces") or ():
        name = running.interface_name(item.get("name"))
        if name is None:
            problems.append("interface %r does not exist on this switch (known: %s)" % (
                item.get("name"), ", ".join(sorted(running.interfaces)[:12]) + (" ..." if len(running.interfaces) > 12 else "")))
            continue
        if name in seen:
            problems.append("interface %s is given twice" % name)
            continue
        seen.add(name)
        _text_problems("interface %s description" % name, item.get("description"), problems, DESCRIPTION_MAX)
        cur = running.interfaces[name]
        tgt = interface_target(cur, item, problems)
        after_ifaces[name] = tgt
        if tgt.mode == "access" and tgt.access_vlan and tgt.access_vlan not in vlans_after:
            problems.append("interface %s: access VLAN %d does not exist and this change does not create it" % (
                name, tgt.access_vlan))
        head = "interface %s" % name
        send = transition(syntax, cur, tgt)
        undo = transition(syntax, tgt, cur)
        interfaces.append(SectionChange("interface", name, head, [head] + cur.lines(syntax), [head] + tgt.lines(syntax),
                                        in_view(head, send) if send else [], in_view(head, undo) if undo else [],
                                        {"name": name}, tgt.state(), cur.state(), {"interface": _iface_data(cur)}))
    routes = [c for c in (_route_change(running, item, problems) for item in desired.get("routes") or ()) if c]
    raw = [c for c in (_lines_change(running, item, problems) for item in desired.get("lines") or ()) if c]
    for change in removed:
        vid = change.restore["vlan"]
        users = sorted(n for n, i in after_ifaces.items()
                       if (i.mode == "access" and i.access_vlan == vid) or (i.mode == "trunk" and vid in i.trunk_vlans))
        if users:
            problems.append("VLAN %d is still on %s: take it off those ports in this change before removing it" % (
                vid, ", ".join(users)))
    problems += check_guards(running, desired, after_ifaces, guards or {})
    if problems:
        raise PlanError(problems)
    return created + interfaces + routes + raw + removed


def _text_problems(label, value, problems, limit=None):
    if value is None:
        return
    text = str(value)
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        problems.append("%s has a control character or line break (it would send another command)" % label)
    if limit and len(text) > limit:
        problems.append("%s is longer than %d characters" % (label, limit))


def _iface_data(ifc):
    return {"name": ifc.name, "description": ifc.description, "link_type": ifc.link_type, "access_vlan": ifc.access_vlan,
            "trunk_vlans": sorted(ifc.trunk_vlans), "trunk_pvid": ifc.trunk_pvid, "shutdown": ifc.shutdown,
            "other": list(ifc.other)}


def interface_from_data(data):
    return Interface(data["name"], description=data.get("description"), link_type=data.get("link_type"),
                     access_vlan=data.get("access_vlan"), trunk_vlans=data.get("trunk_vlans"),
                     trunk_pvid=data.get("trunk_pvid"), shutdown=data.get("shutdown"), other=data.get("other"))


def _vlan_lines(meta):
    return (["name %s" % meta["name"]] if meta.get("name") else []) + (
        ["description %s" % meta["description"]] if meta.get("description") else [])


def _vlan_change(syntax, running, item, vlans_after, problems):
    vid = _vlan(item.get("id"), "VLAN %r" % (item.get("id"),), problems)
    if vid is None:
        return None
    for key in ("name", "description"):
        _text_problems("VLAN %d %s" % (vid, key), item.get(key), problems, 80)
    head = syntax.vlan_view(vid)
    before = running.vlans.get(vid)
    if item.get("state") == "absent":
        if vid == 1:
            problems.append("VLAN 1 is the default VLAN and cannot be removed")
            return None
        vlans_after.pop(vid, None)
        if before is None:
            return SectionChange("vlan", "VLAN %d" % vid, head, [], [], [], [], {"vlan": vid}, None, None,
                                 {"vlan": vid, "meta": None})
        return SectionChange("vlan", "VLAN %d" % vid, head, [head] + _vlan_lines(before), [], ["undo vlan %d" % vid],
                             in_view(head, _vlan_lines(before)), {"vlan": vid}, None, vlan_state(before),
                             {"vlan": vid, "meta": vlan_state(before)})
    meta = dict(before or {})
    for key in ("name", "description"):
        if item.get(key) is not None:
            meta[key] = item[key] or None
    meta = dict((k, v) for k, v in meta.items() if v)
    vlans_after[vid] = meta
    if before is None:
        send, undo = in_view(head, _vlan_lines(meta)), ["undo vlan %d" % vid]
    else:
        lines, back = [], []
        for key in ("name", "description"):
            if meta.get(key) != before.get(key):
                lines.append("%s %s" % (key, meta[key]) if meta.get(key) else "undo %s" % key)
                back.append("%s %s" % (key, before[key]) if before.get(key) else "undo %s" % key)
        send, undo = (in_view(head, lines), in_view(head, back)) if lines else ([], [])
    return SectionChange("vlan", "VLAN %d" % vid, head, ([head] + _vlan_lines(before)) if before is not None else [],
                         [head] + _vlan_lines(meta), send, undo, {"vlan": vid}, vlan_state(meta), vlan_state(before),
                         {"vlan": vid, "meta": vlan_state(before)})


def vlan_state(meta):
    """A VLAN's state: None when it does not exist, else its non-empty name and description."""
    if meta is None:
        return None
    return dict((k, v) for k, v in meta.items() if k in ("name", "description") and v)


def _route_change(running, item, problems):
    text = " ".join(str(item.get(k) or "") for k in ("destination", "mask", "next_hop")).strip()
    key = route_key(text)
    if len(key) != 2 or "/" not in key[0]:
        problems.append("route %r: destination, mask and next_hop must be IPv4 addresses (mask dotted or a length)" % text)
        return None
    line = "ip route-static %s" % text
    present = running.has_route(text)
    want = item.get("state") != "absent"
    name = "ip route-static %s" % text
    key, restore = {"route": text}, {"route": text, "present": present}
    if present == want:
        return SectionChange("route", name, None, [line] if present else [], [line] if want else [], [], [],
                             key, want, present, restore)
    send, undo = ([line], ["undo " + line]) if want else (["undo " + line], [line])
    return SectionChange("route", name, None, [line] if present else [], [line] if want else [], send, undo,
                         key, want, present, restore)


def negate(line):
    return line[len("undo "):] if line.startswith("undo ") else "undo " + line


def line_present(running, head, line):
    """A raw line is in place: the line is there, or for an `undo X` line, X is not."""
    if line.startswith("undo "):
        return not running.has_line(head, line[len("undo "):])
    return running.has_line(head, line)


def _lines_change(running, item, problems):
    head = (item.get("parents") or "").strip() or None
    lines = [" ".join(str(l).split()) for l in item.get("lines") or () if str(l).strip()]
    for l in list(lines) + ([head] if head else []) + list(item.get("undo") or ()):
        _text_problems("line %r" % l[:60], l, problems)
    if head and head not in running.sections and not head.startswith(("interface ", "vlan ")):
        problems.append("lines: view %r is not in the running configuration" % head)
    todo = [l for l in lines if not line_present(running, head, l)]
    name = head or "global lines"
    if head:
        before = [head] + running.section_lines(head) if head in running.sections else []
    else:
        before = [l for l in lines if running.has_line(None, l)]
    key = {"head": head, "lines": lines}
    present = [l for l in lines if l not in todo]
    if not todo:
        return SectionChange("lines", name, head, before, before, [], [], key, lines, present, {"head": head, "added": []})
    undo = [" ".join(str(l).split()) for l in item["undo"]] if item.get("undo") else [negate(l) for l in reversed(todo)]
    after = ([l for l in before if not any(negate(t) == l for t in todo)] + [l for l in todo if not l.startswith("undo ")])
    if head and after and after[0] != head:
        after = [head] + after
    return SectionChange("lines", name, head, before, after, in_view(head, todo), in_view(head, undo),
                         key, lines, present, {"head": head, "added": todo, "undo": undo})

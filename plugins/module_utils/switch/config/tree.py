# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`display current-configuration` as a hierarchy and as a model (VLANs, interfaces, static routes).

Format (reference 2.3): `#` separates sections, a view's lines are indented one space under its head, `!` lines
are comments, `return` ends it.  Comware also indents global lines by one space, so an indented line right after
a `#` is global, not a child: the `#` closes the view (the devices' own rule, and the lab's).
"""

from __future__ import annotations

import copy
import ipaddress
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.vlans import VlanError, parse_vlans, vlan_text

VLAN_HEAD = re.compile(r"^vlan (\d+)$")


class Interface(object):
    """One interface as configured: what the planner manages, and the other lines kept as they are."""

    FIELDS = ("description", "link_type", "access_vlan", "trunk_vlans", "trunk_pvid", "shutdown")

    def __init__(self, name, description=None, link_type=None, access_vlan=None, trunk_vlans=None, trunk_pvid=None,
                 shutdown=False, other=None):
        self.name = name
        self.description = description
        self.link_type = link_type          # None: the default (access), not printed
        self.access_vlan = access_vlan
        self.trunk_vlans = set(trunk_vlans or ())
        self.trunk_pvid = trunk_pvid
        self.shutdown = bool(shutdown)
        self.other = list(other or ())      # ip address, port link-mode bridge, ...

    @property
    def mode(self):
        return self.link_type or "access"

    def copy(self):
        return copy.deepcopy(self)

    def state(self):
        """The managed fields as plain data (what verify compares)."""
        return {"description": self.description, "link_type": self.mode,
                "access_vlan": self.access_vlan if self.mode == "access" and self.access_vlan != 1 else None,
                "trunk_vlans": vlan_text(self.trunk_vlans) if self.mode == "trunk" else "",
                "trunk_pvid": self.trunk_pvid if self.mode == "trunk" else None, "shutdown": self.shutdown}

    def lines(self, syntax):
        """The interface's lines in the order the devices print them."""
        out = ["description %s" % self.description] if self.description else []
        if self.link_type:
            out.append("port link-type %s" % self.link_type)
        if self.mode == "trunk":
            if self.trunk_pvid:
                out.append("port trunk pvid vlan %d" % self.trunk_pvid)
            if self.trunk_vlans:
                out.append("%s %s" % (syntax.trunk, vlan_text(self.trunk_vlans)))
        elif self.access_vlan and self.access_vlan != 1:
            out.append("%s %d" % (syntax.access, self.access_vlan))
        out += self.other
        if self.shutdown:
            out.append("shutdown")
        return out


class RunningConfig(object):
    """The parsed configuration: `sections` {head: [child lines]}, `globals` (top-level lines) and the model."""

    def __init__(self, syntax, text):
        self.syntax = syntax
        self.sections, self.globals = parse_tree(text)
        self.vlans = {1: {}}
        self.interfaces = {}
        self.routes = []
        self._model()

    def _model(self):
        for line in self.globals:
            words = line.split()
            if line.startswith("vlan batch "):
                self._add_vlans(" ".join(words[2:]))
            elif len(words) == 4 and words[0] == "vlan" and words[2] == "to":
                self._add_vlans(" ".join(words[1:]))
            elif line.startswith("ip route-static "):
                self.routes.append(" ".join(words[2:]))
        for head, children in self.sections.items():
            found = VLAN_HEAD.match(head)
            if found:
                meta = self.vlans.setdefault(int(found.group(1)), {})
                for child in children:
                    key, _sep, value = child.partition(" ")
                    if key in ("name", "description") and value:
                        meta[key] = value
            elif head.startswith("interface "):
                self.interfaces[head[len("interface "):]] = self._interface(head[len("interface "):], children)
            elif len(head.split()) == 4 and head.startswith("vlan ") and head.split()[2] == "to":
                self._add_vlans(head[len("vlan "):])

    def _add_vlans(self, text):
        try:
            for vid in parse_vlans(text):
                self.vlans.setdefault(vid, {})
        except VlanError:
            pass

    def _interface(self, name, children):
        ifc = Interface(name)
        syn = self.syntax
        for line in children:
            if line.startswith("description "):
                ifc.description = line[len("description "):]
            elif line.startswith("port link-type "):
                ifc.link_type = line.split()[-1]
            elif line.startswith(syn.access + " ") and line.split()[-1].isdigit():
                ifc.access_vlan = int(line.split()[-1])
            elif line.startswith(syn.trunk + " "):
                # a long list may span several lines on the device: they add up
                ifc.trunk_vlans |= parse_vlans(line[len(syn.trunk) + 1:])
            elif line.startswith("port trunk pvid vlan "):
                ifc.trunk_pvid = int(line.split()[-1])
            elif line == "shutdown":
                ifc.shutdown = True
            else:
                ifc.other.append(line)
        return ifc

    # -- lookups ---------------------------------------------------------------------------------
    def interface_name(self, text):
        """A name as written (full, short like XGE0/0/1, any case) -> the configured full name, or None."""
        text = str(text or "").strip()
        lower = dict((n.lower(), n) for n in self.interfaces)
        if text.lower() in lower:
            return lower[text.lower()]
        found = re.match(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$", text)
        if found:
            for short, full in self.syntax.short.items():
                if short.lower() == found.group(1).lower():
                    name = (full + found.group(2)).lower()
                    if name in lower:
                        return lower[name]
        return None

    def route_key(self, text):
        return route_key(text)

    def has_route(self, text):
        key = route_key(text)
        return any(route_key(r) == key for r in self.routes)

    def section_lines(self, head):
        return list(self.sections.get(head) or [])

    def has_line(self, head, line):
        """Whether a line is in a view (head) or among the global lines (head None), spaces normalised."""
        want = " ".join(line.split())
        pool = self.globals if not head else self.sections.get(head) or []
        return any(" ".join(have.split()) == want for have in pool)

    def vlan_users(self, vid):
        """Interfaces that carry a VLAN (access or trunk)."""
        return sorted(n for n, i in self.interfaces.items()
                      if (i.mode == "access" and i.access_vlan == vid) or (i.mode == "trunk" and vid in i.trunk_vlans))

    def address_owner(self, host):
        """(interface name) whose `ip address` subnet holds `host`, or None (the session's own path)."""
        try:
            addr = ipaddress.ip_address(str(host))
        except ValueError:
            return None
        for name, ifc in self.interfaces.items():
            for line in ifc.other:
                words = line.split()
                if len(words) >= 4 and words[0] == "ip" and words[1] == "address":
                    try:
                        net = ipaddress.ip_interface("%s/%s" % (words[2], words[3])).network
                    except ValueError:
                        continue
                    if addr in net:
                        return name
        return None


def parse_tree(text):
    """({head: [child lines]}, [global lines]); children stripped, heads merged when they repeat."""
    sections, globals_ = {}, []
    head = None
    for raw in (text or "").replace("\r", "").split("\n"):
        if not raw.strip() or raw.startswith("!"):
            continue
        line = raw.strip()
        if line == "#" or line == "return":
            head = None
            continue
        if raw.startswith(" "):
            if head is None:
                globals_.append(line)
            else:
                sections[head].append(line)
            continue
        head = line
        sections.setdefault(head, [])
        globals_.append(line)
    return sections, globals_


def route_key(text):
    """`D M N` (mask dotted or a length) -> (network, next hop) for comparing routes; the text itself when odd."""
    words = str(text).split()
    if len(words) < 3:
        return tuple(words)
    try:
        net = ipaddress.ip_network("%s/%s" % (words[0], words[1]), strict=False)
        return (str(net), str(ipaddress.ip_address(words[2]))) + tuple(words[3:])
    except ValueError:
        return tuple(words)

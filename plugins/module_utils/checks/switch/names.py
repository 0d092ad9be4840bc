# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interface names in one comparable short form (`XGigabitEthernet0/0/1`, `Ten-GigabitEthernet1/0/49` -> `XGE...`).

Checks compare the cabling plan (written by people, long or short names) with what the switch prints;
the collector uses the same function for the switch's own output.
"""

from __future__ import annotations

import re

_IF_TYPES = {
    "hundredgige": "HGE", "100ge": "100GE", "fortygige": "FGE", "40ge": "40GE", "25ge": "25GE",
    "ten-gigabitethernet": "XGE", "xgigabitethernet": "XGE", "10ge": "10GE", "xge": "XGE",
    "gigabitethernet": "GE", "m-gigabitethernet": "MGE", "mge": "MGE", "meth": "MEth", "ge": "GE",
    "fge": "FGE", "hge": "HGE", "eth-trunk": "Eth-Trunk", "bridge-aggregation": "BAGG", "bagg": "BAGG",
    "vlanif": "Vlanif", "vlan-interface": "Vlan", "loopback": "LoopBack", "null": "NULL",
}
_IF_NAME = re.compile(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$")


def short_ifname(name):
    """One comparable form of an interface name; an unknown type is returned as given."""
    text = (name or "").strip()
    match = _IF_NAME.match(text)
    if not match:
        return text
    return _IF_TYPES.get(match.group(1).lower(), match.group(1)) + match.group(2)

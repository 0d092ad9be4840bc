# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VLAN lists as the devices write them (`10 20 to 30`) and as sets."""

from __future__ import annotations

VLAN_MIN, VLAN_MAX = 1, 4094


class VlanError(ValueError):
    """Not a VLAN list, or a VLAN outside 1-4094."""


def parse_vlans(value):
    """`10 20 to 30`, `10,20-30`, 30, [10, '20 to 22'] -> a set of ints; VlanError naming what is wrong."""
    if value is None:
        return set()
    if isinstance(value, bool):
        raise VlanError("%r is not a VLAN" % (value,))
    if isinstance(value, int):
        return _checked(set([value]))
    if isinstance(value, (list, tuple, set)):
        out = set()
        for item in value:
            out |= parse_vlans(item)
        return out
    words = str(value).replace(",", " ").replace("-", " to ").split()
    out, i = set(), 0
    while i < len(words):
        lo = _number(words[i], value)
        hi = lo
        if i + 1 < len(words) and words[i + 1].lower() == "to":
            if i + 2 >= len(words):
                raise VlanError("VLAN list %r ends with 'to'" % (value,))
            hi = _number(words[i + 2], value)
            i += 2
        if hi < lo:
            raise VlanError("VLAN range %d to %d in %r runs backwards" % (lo, hi, value))
        out.update(range(lo, hi + 1))
        i += 1
    return _checked(out)


def _number(word, whole):
    if not word.isdigit():
        raise VlanError("%r in VLAN list %r is not a VLAN id" % (word, whole))
    return int(word)


def _checked(vids):
    bad = sorted(v for v in vids if not VLAN_MIN <= v <= VLAN_MAX)
    if bad:
        raise VlanError("VLAN %s is outside %d-%d" % (", ".join(str(v) for v in bad), VLAN_MIN, VLAN_MAX))
    return vids


def vlan_text(vids):
    """{10, 20, 21, 22} -> `10 20 to 22`: the devices' own compression (two neighbours stay two numbers)."""
    items = sorted(set(vids))
    parts, i = [], 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        if j == i:
            parts.append(str(items[i]))
        elif j == i + 1:
            parts.append("%d %d" % (items[i], items[j]))
        else:
            parts.append("%d to %d" % (items[i], items[j]))
        i = j + 1
    return " ".join(parts)

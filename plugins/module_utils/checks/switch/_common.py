# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers only the switch check files need (pure functions over the switch collector's datasets)."""

from __future__ import annotations

import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import resource_ref


def switch_name(data, ctx):
    return (data.get("device") or {}).get("name") or ctx["endpoint"]


def switch_ref(data, ctx):
    name = switch_name(data, ctx)
    return resource_ref("switch", name, name)


def part_ref(rtype, data, ctx, part):
    """A fan, port or alarm of this switch: uuid `<switch>/<part>` (stable across runs), name the same."""
    label = "%s %s" % (switch_name(data, ctx), part)
    return resource_ref(rtype, "%s/%s" % (switch_name(data, ctx), part), label)


def site(data):
    return data.get("site") or {}


def uplinks(data, thresholds):
    """Interfaces that are uplinks: named in the site's `uplinks`, or described like one (threshold pattern)."""
    named = set(site(data).get("uplinks") or [])
    pattern = re.compile(thresholds.get("uplink_description_pattern") or r"(?!)", re.I)
    return [i for i in data.get("interfaces") or [] if i["name"] in named or pattern.search(i.get("description") or "")]

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small value helpers every layer uses: numbers from API values, now and ISO 8601 UTC times.

Standard library only, in the records layer: checks, collectors, the change runtime and the
reporting layer may all import it (docs/architecture.md).
"""

from __future__ import annotations

import datetime
import json
import math


def float_or_none(value):
    """A float from an API value (a number or a numeric string); None for anything else, bools and NaN included."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def int_or_none(value):
    number = float_or_none(value)
    return None if number is None or math.isinf(number) else int(number)


def utcnow():
    """Now, timezone-aware UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


def iso_utc(when):
    """A datetime (naive = controller local time, as ZStack dates are read) -> "2026-11-27T08:56:25Z"; None stays None."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def utcnow_iso():
    """Now as ISO 8601 UTC with a Z suffix, seconds precision (run start and end)."""
    return iso_utc(utcnow())


def utcnow_ms():
    """Now as ISO 8601 UTC with a Z suffix, milliseconds precision (change steps are often sub-second)."""
    now = utcnow()
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


# -- list shapes ---------------------------------------------------------------------------------
# Real answers put a single object where a list is expected (XML heritage: one <Item> is not a list),
# a list as JSON text (CMS Datapoints), ids as a comma-separated string (a NAT gateway's SnatTableIds),
# and an empty wrapper as "" or {}.  Every list read goes through as_list / id_list / list_at.

class MissingList(ValueError):
    """An answer has no node at the path where a list is expected: not the same as an empty list."""

    def __init__(self, path, keys=()):
        self.path = path
        self.keys = sorted(str(k) for k in keys)
        super(MissingList, self).__init__("no list at %s (the answer has: %s)" % (path, ", ".join(self.keys) or "nothing"))


def as_list(value, objects=False):
    """`value` as a list: None/""/{} -> [], a list stays, one object -> [it], JSON list text -> parsed,
    any other scalar -> [it].  With `objects`, a scalar that is not JSON raises ValueError (a plain
    string where objects are expected must not be read character by character, nor as one item)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dict):
        return [value] if value else []
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text[0] in "[{":
            return as_list(json.loads(text), objects)
    if objects:
        raise ValueError("expected a list of objects, got %r" % (value if not isinstance(value, str) else value[:200]))
    return [value]


def id_list(value, inner=None):
    """Ids however they come: {"SnatTableId": [...]}, [...], "id1,id2", "id1" -> ["id1", "id2"]."""
    if isinstance(value, dict):
        value = value.get(inner) if inner else (next(iter(value.values())) if len(value) == 1 else None)
    ids = []
    for item in as_list(value):
        ids.extend(part.strip() for part in str(item).split(",") if part.strip())
    return ids


def list_at(body, path, objects=True):
    """The list at dotted `path` ("Instances.Instance") of a decoded answer, through as_list.

    A step that is missing raises MissingList; a step that is present but empty ("" / None / {},
    what an empty wrapper decodes to) is an empty list.
    """
    node = body
    for step in path.split("."):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif node in (None, "", {}) and node is not body:
            return []
        else:
            raise MissingList(path, node.keys() if isinstance(node, dict) else ())
    return as_list(node, objects)

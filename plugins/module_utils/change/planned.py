# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What earlier items of a change spec would create: the one dry-run registry both clouds fill.

In check mode nothing is created, so a later item of the same change cannot read the router, VPC or
network an earlier item would have made.  Given the whole spec (option `context_spec`, or the pre-check
planning item after item), the planners register what each item would create here, by kind and key,
and later planners look it up instead of failing with "does not exist".  Outside check mode the
registry stays empty: a missing reference is an error, as always.
"""

from __future__ import annotations


class PlannedResources(object):
    """Planned resources by kind ("router", "vpc", ...) and key (usually the name), plus reserved counts
    (IP addresses earlier items take from a network)."""

    def __init__(self, source="context_spec"):
        self._kinds = {}
        self._reserved = {}
        self.active = False        # true once a context_spec was looked at: "does not exist" says so
        self.source = source       # what the earlier items come from, as "does not exist" names it

    def add(self, kind, key, value, first_wins=False):
        """Register what an item would create; with `first_wins`, a later declaration does not replace it."""
        kind_map = self._kinds.setdefault(kind, {})
        if first_wins and key in kind_map:
            return kind_map[key]
        kind_map[key] = value
        return value

    def get(self, kind, key, default=None):
        return self._kinds.get(kind, {}).get(key, default)

    def has(self, kind, key):
        return key in self._kinds.get(kind, {})

    def all(self, kind):
        return list(self._kinds.get(kind, {}).values())

    def reserve(self, key, count=1):
        self._reserved[key] = self._reserved.get(key, 0) + count

    def reserved(self, key):
        return self._reserved.get(key, 0)

    def missing(self):
        """Added to a "does not exist" error when a context_spec (or the pre-check's spec) was looked at."""
        return " and no earlier item of %s creates it" % self.source if self.active else ""

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a check is: metadata plus one small pure function (the Prowler shape).

A check function reads collected data only (never a client), gets its thresholds as a dict and
yields one Outcome per resource it judged.  Everything else (uids, languages, muting, ERROR
findings when data is missing or the function raises) is the engine's job.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    PILLARS,
    SEVERITIES,
    resource_ref,
)


class Outcome(object):
    """The verdict of a check on one resource.

    `evidence` holds the numbers that decided it; its keys (plus `name`) are available to the
    check's message templates.  `severity` overrides the check default (banded checks).
    """

    __slots__ = ("resource", "passed", "evidence", "severity")

    def __init__(self, resource, passed, evidence=None, severity=None):
        self.resource = resource
        self.passed = bool(passed)
        self.evidence = evidence or {}
        self.severity = severity


class Check(object):
    """Catalogue metadata for one check.

    id           stable identifier, `<platform>_<subject>_<condition>`
    platform     zstack | apsara | host | ...
    pillar       one of records.PILLARS
    severity     default severity of a FAIL
    resource_type what the outcomes are about (host, vm, volume, ...)
    requires     names of the collected datasets the function reads
    title, message, remediation   {"en": ..., "zh_CN": ...}; message is a str.format template
                 over the outcome's evidence plus `name` and `uuid`
    thresholds   defaults, overridable per site (role vars); the function gets the merged dict
    func         func(data, thresholds, ctx) -> iterable of Outcome
    """

    def __init__(self, id, platform, pillar, severity, resource_type, requires, title, message,
                 remediation, func, thresholds=None, description=None, references=None):
        if pillar not in PILLARS:
            raise ValueError("check %s: unknown pillar %r" % (id, pillar))
        if severity not in SEVERITIES:
            raise ValueError("check %s: unknown severity %r" % (id, severity))
        for label, text in (("title", title), ("message", message), ("remediation", remediation)):
            if set(text) != {"en", "zh_CN"}:
                raise ValueError("check %s: %s needs exactly en and zh_CN" % (id, label))
        self.id = id
        self.platform = platform
        self.pillar = pillar
        self.severity = severity
        self.resource_type = resource_type
        self.requires = tuple(requires)
        self.title = title
        self.message = message
        self.remediation = remediation
        self.func = func
        self.thresholds = dict(thresholds or {})
        self.description = description or title
        self.references = list(references or [])

    def metadata(self):
        """The JSON-able part (what docs/checks.md and the reports show)."""
        return {
            "id": self.id,
            "platform": self.platform,
            "pillar": self.pillar,
            "severity": self.severity,
            "resource_type": self.resource_type,
            "requires": list(self.requires),
            "title": self.title,
            "description": self.description,
            "remediation": self.remediation,
            "thresholds": dict(self.thresholds),
            "references": list(self.references),
        }


def ref(rtype, item, name_key="name", uuid_key="uuid"):
    """Resource reference for an API item (a dict with uuid/name)."""
    return resource_ref(rtype, item.get(uuid_key), item.get(name_key))


def percent(used, total):
    """Used share in percent, 0 when the total is unknown or zero."""
    if not total:
        return 0.0
    return round(100.0 * float(used) / float(total), 1)


def band(value, bands):
    """Pick the severity of the first band whose floor `value` reaches.

    `bands` is [(floor, severity), ...] from the highest floor down.  Returns None below all.
    """
    for floor, severity in bands:
        if value >= floor:
            return severity
    return None

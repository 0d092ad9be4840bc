# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The record schema every role returns: findings (inspections) and, later, change records.

One schema for every platform and every role, so the report machinery never needs to know
where a record came from. Documented in docs/records.md; bump SCHEMA_VERSION on any change
that is not a pure addition.
"""

from __future__ import annotations

import hashlib

SCHEMA_VERSION = "1.0"

PILLARS = ("capacity", "availability", "security", "backup", "operations", "cost")
SEVERITIES = ("critical", "high", "medium", "low", "info")
STATUSES = ("PASS", "FAIL", "ERROR", "MUTED")
LANGUAGES = ("en", "zh_CN")

# Weights used by the pass-rate score (Prowler's ThreatScore uses the same idea: a failed
# critical finding costs far more than a failed low one).
SEVERITY_WEIGHTS = {"critical": 5, "high": 4, "medium": 3, "low": 2, "info": 1}


def finding_uid(platform, endpoint, check_id, resource_uuid):
    """A stable id for one check on one resource of one endpoint.

    The same problem found on the next run gets the same uid, which is what lets a report say
    new / resolved / persisting.  Hashed so it is short and carries no characters that need
    escaping in any output format.
    """
    key = "\x1f".join((platform, endpoint, check_id, resource_uuid or "-"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def uid_factory(platform, endpoint, check_id):
    """finding_uid with the first three parts fixed: hashes the shared prefix once per check."""
    prefix = hashlib.sha256("\x1f".join((platform, endpoint, check_id, "")).encode("utf-8"))

    def uid(resource_uuid):
        digest = prefix.copy()
        digest.update((resource_uuid or "-").encode("utf-8"))
        return digest.hexdigest()[:24]
    return uid


def bilingual(en, zh_cn):
    """A text in both report languages."""
    return {"en": en, "zh_CN": zh_cn}


def resource_ref(rtype, uuid, name=None):
    """The resource a finding is about.  `name` falls back to the uuid."""
    return {"type": rtype, "uuid": uuid or "-", "name": name if name not in (None, "") else (uuid or "-")}


def new_finding(platform, endpoint, check, status, resource, message, remediation,
                severity=None, evidence=None, checked_at=None, mute=None, uid=None):
    """Build one finding.

    `check` is a mapping with at least id, title, pillar, severity (the catalogue metadata);
    `severity` overrides the check's default (e.g. bands: warning / important / urgent).
    """
    if status not in STATUSES:
        raise ValueError("unknown finding status %r, expected one of %s" % (status, ", ".join(STATUSES)))
    sev = severity or check["severity"]
    if sev not in SEVERITIES:
        raise ValueError("unknown severity %r, expected one of %s" % (sev, ", ".join(SEVERITIES)))
    finding = {
        "uid": uid or finding_uid(platform, endpoint, check["id"], resource.get("uuid")),
        "platform": platform,
        "endpoint": endpoint,
        "check_id": check["id"],
        "title": check["title"],
        "pillar": check["pillar"],
        "severity": sev,
        "status": status,
        "resource": resource,
        "message": message,
        "remediation": remediation,
        "evidence": evidence or {},
    }
    if checked_at:
        finding["checked_at"] = checked_at
    if mute:
        finding["mute"] = mute
    return finding


def new_pass(check, resource, uid, evidence=None):
    """A compact PASS finding.

    A large site yields >100,000 passes; carrying titles and texts on each would make a module
    result of ~150 MB.  A pass keeps what scoring and the resource list need (and its evidence); its title
    and remediation are in the report's check catalogue (`checks_run`), its platform and endpoint
    in the endpoint it belongs to.  FAIL, ERROR and MUTED findings are always complete.
    """
    return {"uid": uid, "check_id": check["id"], "pillar": check["pillar"], "severity": check["severity"],
            "status": "PASS", "resource": resource, "evidence": evidence or {}}


def summarize(findings):
    """Counts a report and a module's `summary` both need: by status, and FAIL by severity and pillar."""
    by_status = dict((s, 0) for s in STATUSES)
    fail_by_severity = dict((s, 0) for s in SEVERITIES)
    fail_by_pillar = dict((p, 0) for p in PILLARS)
    for f in findings:
        by_status[f["status"]] += 1
        if f["status"] == "FAIL":
            fail_by_severity[f["severity"]] += 1
            fail_by_pillar[f["pillar"]] += 1
    return {
        "total": len(findings),
        "by_status": by_status,
        "fail_by_severity": fail_by_severity,
        "fail_by_pillar": fail_by_pillar,
    }

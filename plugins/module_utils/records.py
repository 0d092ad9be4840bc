# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The record schemas every role returns: findings (inspections, backups) and change records.

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

# Change records (docs/changes.md): one per step of a change.  planned = check mode, the step would
# change something; not_started = a later step of a failed change, or a host the deadline left out.
CHANGE_SCHEMA_VERSION = "1.0"
CHANGE_STATUSES = ("applied", "unchanged", "planned", "failed", "rolled_back", "rollback_failed", "not_started")
CHECK_STATUSES = ("PASS", "FAIL", "SKIPPED")
JOURNAL_OPS = ("create", "modify")


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


# -- change records -----------------------------------------------------------------------------------
def change_uid(change_id, platform, endpoint, action, target_key):
    """Stable id of one step of one change: the same step of a re-run gets the same uid."""
    key = "\x1f".join((change_id or "-", platform or "-", endpoint or "-", action, target_key or "-"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def check_result(check_id, passed, message, title_en=None, title_zh=None, skipped=False):
    """One pre- or post-check of a change step: id, PASS/FAIL/SKIPPED, bilingual title, what was seen."""
    status = "SKIPPED" if skipped else ("PASS" if passed else "FAIL")
    return {"id": check_id, "status": status, "title": bilingual(title_en or check_id, title_zh or title_en or check_id),
            "message": message}


def new_change_record(change, platform, endpoint, seq, action, target, before=None, status="failed", check_mode=False,
                      pre_checks=None, title=None, started_at=None):
    """One change record (docs/changes.md): the change tracker opens steps with it and the change report
    builds the records of steps that never ran (not_started) with it, so both carry the same keys.

    `change` is the change context as a dict (id, ticket, operator); `target` is {type, id, name}.
    """
    target = dict(target or {})
    key = target.get("name") or target.get("id") or "-"
    return {
        "uid": change_uid(change.get("id"), platform, endpoint, action, "%s:%s" % (target.get("type"), key)),
        "schema_version": CHANGE_SCHEMA_VERSION,
        "change_id": change.get("id"),
        "ticket": change.get("ticket"),
        "operator": change.get("operator"),
        "platform": platform,
        "endpoint": endpoint,
        "seq": seq,
        "action": action,
        "title": title,
        "target": target,
        "status": status,
        "check_mode": check_mode,
        "before": before,
        "after": None,
        "diff": [],
        "pre_checks": list(pre_checks or []),
        "post_checks": [],
        "started_at": started_at,
        "ended_at": None,
        "duration_s": None,
        "error": None,
        "journal_seqs": [],
    }

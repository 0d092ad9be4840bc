# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the run store keeps of a report document, as plain rows (no database here).

A run row (kind, site, slice, times, operator, playbook, status, endpoints, the index summary of its kind), the
findings that are not PASS (a 10,000-VM site has >100,000 compact PASS findings per run: they stay in the stored
report JSON, and "resolved" is the absence of an open row; the findings a run carried unverified are rows too,
marked not verified), the change records (steps) of a change report and the
restore tests of a backup report.
"""

from __future__ import annotations

import hashlib
import json

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, model

KEPT_FINDING_STATUSES = ("FAIL", "ERROR", "MUTED")
DEFAULT_SITE = "default"


def _text(value, limit):
    return None if value is None else str(value)[:limit]


def run_status(doc):
    """complete / complete_with_collection_errors / incomplete, or the change outcome (success, failed, rolled_back, ...)."""
    outcome = (doc.get("outcome") or {}).get("status")
    if outcome:
        return str(outcome)
    return model.status_of(doc.get("run") or {})


def endpoints(doc):
    """[{name, platform, endpoint, status}] of a findings report; the change report's targets otherwise."""
    rows = doc.get("endpoints") if isinstance(doc.get("endpoints"), list) else doc.get("targets") or []
    return [dict((k, e.get(k)) for k in ("name", "platform", "endpoint", "status")) for e in rows if isinstance(e, dict)]


def run_row(doc, site, slice_id=""):
    """The run record of a report document."""
    run = doc.get("run") or {}
    summary = kinds.get(doc.get("kind")).index_entry(doc)
    return {
        "run_id": _text(run.get("id"), 64), "kind": doc["kind"], "slice_id": _text(slice_id or "", 64),
        "site": _text(site or DEFAULT_SITE, 128), "started": _text(run.get("started"), 32), "ended": _text(run.get("ended"), 32),
        "operator": _text(run.get("operator"), 128), "playbook": _text(run.get("playbook"), 512), "status": run_status(doc),
        "complete": bool(run.get("complete")), "check_mode": bool(run.get("check_mode")),
        "score": ((doc.get("score") or {}).get("overall") or {}).get("score"),
        "open_findings": ((doc.get("summary") or {}).get("by_status") or {}).get("FAIL"),
        "endpoints": json.dumps(endpoints(doc), sort_keys=True, default=str),
        "summary": json.dumps(summary, sort_keys=True, default=str),
    }


def _findings(doc):
    """(finding, verified by this run): the run's own findings, then the ones it carried unverified."""
    for key, verified in (("findings", True), ("carried", False)):
        for f in doc.get(key) or ():
            yield f, verified


def finding_rows(doc):
    """One row per finding that is not PASS, carried ones (not verified by this run) included."""
    out = []
    for f, verified in _findings(doc):
        if not isinstance(f, dict) or f.get("status") not in KEPT_FINDING_STATUSES or not f.get("uid"):
            continue
        res = f.get("resource") or {}
        out.append({"uid": _text(f["uid"], 128), "check_id": _text(f.get("check_id"), 128), "severity": _text(f.get("severity"), 16),
                    "status": f["status"], "platform": _text(f.get("platform"), 32), "host": _text(f.get("host"), 255),
                    "endpoint": _text(f.get("endpoint"), 512), "resource_type": _text(res.get("type"), 64),
                    "resource_id": _text(res.get("id") or res.get("uuid"), 255), "resource_name": _text(res.get("name"), 255),
                    "first_seen": _text(f.get("first_seen"), 32), "verified": verified})
    return out


def change_rows(doc):
    """One row per change step (rollback steps included) of a change report."""
    out = []
    for target in doc.get("targets") or ():
        for step in (target or {}).get("steps") or ():
            if isinstance(step, dict) and step.get("uid"):
                out.append({"uid": _text(step["uid"], 128), "host": _text(step.get("host") or target.get("name"), 255),
                            "action": _text(step.get("action"), 128), "step_kind": _text(step.get("kind"), 32),
                            "status": _text(step.get("status"), 32),
                            "record": json.dumps(step, sort_keys=True, default=str)})
    return out


def backup_rows(doc):
    """One row per restore test of a backup report (the coverage and jobs stay in the report JSON)."""
    out = []
    for entry in doc.get("endpoints") or ():
        for test in (entry or {}).get("restore_tests") or ():
            if not isinstance(test, dict):
                continue
            source = test.get("source") if isinstance(test.get("source"), dict) else {}
            out.append({"host": _text(entry.get("name"), 255), "endpoint": _text(entry.get("endpoint"), 512),
                        "resource_type": _text(source.get("type"), 64), "resource_id": _text(source.get("id"), 255),
                        "resource_name": _text(source.get("name"), 255), "status": _text(test.get("status"), 32),
                        "rto_seconds": test.get("rto_seconds") if isinstance(test.get("rto_seconds"), (int, float)) else None})
    return out


def switch_config_rows(doc):
    """One row per masked switch configuration (running, saved) an inspection endpoint carried (config_backup)."""
    out = []
    for entry in doc.get("endpoints") or ():
        backup = (entry or {}).get("config_backup") if isinstance(entry, dict) else None
        if not isinstance(backup, dict):
            continue
        for kind in ("running", "saved"):
            text = backup.get(kind)
            if not isinstance(text, str):
                continue
            out.append({"host": _text(entry.get("name"), 255), "kind": kind, "text": text,
                        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        "captured_at": _text(backup.get("captured_at") or (doc.get("run") or {}).get("started") or "", 32)})
    return out


def run_keys(table, run_row_):
    """Columns a child table repeats from its run (switch configurations are looked up by site and host, not by run)."""
    if table == "switch_configs":
        return {"run_id": run_row_["run_id"], "site": run_row_["site"]}
    return {}

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report document: the JSON source of truth every renderer reads (docs/reports.md).

ReportBuilder collects module results (report material) and failures per inventory host and
builds one document per report kind.  Nothing here talks to a cloud; the previous run is read
from disk (`<output_dir>/<kind>/latest/report.json`) only to compute the delta.
"""

from __future__ import annotations

import datetime
import json
import os

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    SCHEMA_VERSION as RECORDS_SCHEMA_VERSION,
    SEVERITIES,
    summarize,
)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.delta import compute_delta
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.scoring import score_findings

REPORT_SCHEMA_VERSION = "1.0"
STATUS_ORDER = {"FAIL": 0, "ERROR": 1, "MUTED": 2, "PASS": 3}
SEVERITY_ORDER = dict((s, i) for i, s in enumerate(SEVERITIES))
# Keys of an inspection result copied into its endpoint entry (findings are pulled out).
ENDPOINT_KEYS = ("summary", "capacity", "inventory_counts", "collection", "checks_run")
# Backup material (docs/reports.md, "Backup report"): a host's *_backup_validate result brings the
# first group, its *_restore_test results the second; both land in one endpoint entry.
BACKUP_VALIDATE_KEYS = ("protection", "policies", "jobs", "coverage")
BACKUP_RESTORE_KEYS = ("restore_tests", "leftovers")
# Protection rows that need attention first in every rendering.
PROTECTION_ORDER = {"unprotected": 0, "stale": 1, "failing": 2, "ok": 3, "not_required": 4}


def utcnow():
    """Now, as an ISO 8601 UTC timestamp with a Z suffix (seconds precision)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_run_id(started=None):
    """A sortable, unique run id: 20260127T101500Z-1a2b3c."""
    stamp = (started or utcnow()).replace("-", "").replace(":", "")
    return "%s-%s" % (stamp, os.urandom(3).hex())


def finding_sort_key(f):
    """Open problems first, most severe first, then endpoint / check / resource name."""
    res = f.get("resource") or {}
    return (STATUS_ORDER.get(f.get("status"), 9), SEVERITY_ORDER.get(f.get("severity"), 9),
            str(f.get("host") or ""), str(f.get("check_id") or ""), str(res.get("name") or ""))


def _error_text(result):
    """The most useful error message of a failed/unreachable task result."""
    for key in ("msg", "message", "exception", "stderr", "module_stderr", "reason"):
        value = result.get(key)
        if value:
            text = value if isinstance(value, str) else json.dumps(value, default=str)
            return text.strip()[:4000]
    return "task failed without a message"


class ReportBuilder(object):
    """Aggregates report material of one kind and builds its document."""

    def __init__(self, kind):
        if kind == "change":
            raise ValueError("the change report has its own builder: use builders.make_builder('change')")
        self.kind = kind
        self.endpoints = []          # endpoint entries, in arrival order
        self._by_key = {}            # (host, endpoint url) -> entry
        self._findings = {}          # uid -> finding (last one wins)
        self.incomplete_reasons = []

    # -- collecting ------------------------------------------------------------------------
    def add_result(self, host, result):
        """Add one successful module result carrying `report_kind` for inventory host `host`."""
        if self.kind == "backup":
            self._add_backup_result(host, result)
            return
        url = result.get("endpoint") or ""
        key = (host, url)
        entry = self._by_key.get(key)
        if entry is None:
            entry = {"name": host, "platform": result.get("platform"), "endpoint": url, "status": "ok",
                     "warnings": []}
            self._by_key[key] = entry
            self.endpoints.append(entry)
        entry["status"] = "ok"
        entry.pop("error", None)
        for k in ENDPOINT_KEYS:
            if k in result:
                entry[k] = result[k]
        self._add_warnings_and_findings(host, entry, result)

    def _add_warnings_and_findings(self, host, entry, result):
        errors = (result.get("collection") or {}).get("errors") or {}
        for dataset, message in sorted(errors.items()):
            entry["warnings"].append("collection of %s failed: %s" % (dataset, message))
        for f in result.get("findings") or ():
            if not isinstance(f, dict) or "uid" not in f:
                continue
            f = dict(f)
            f["host"] = host
            f.setdefault("platform", entry["platform"])  # compact passes leave it to the endpoint
            self._findings[f["uid"]] = f

    def _add_backup_result(self, host, result):
        """Merge a *_backup_validate or *_restore_test result into the host's one endpoint entry.

        Keyed by host alone: the validate and restore modules of one host talk to the same cloud,
        and one row per host is what the reader expects even if one of them reports the URL
        slightly differently (trailing slash, port).
        """
        entry = self._by_key.get((host, None))
        if entry is None:
            entry = {"name": host, "platform": result.get("platform"), "endpoint": result.get("endpoint") or "",
                     "status": "ok", "warnings": [], "checks_run": [], "restore_tests": [], "leftovers": []}
            self._by_key[(host, None)] = entry
            self.endpoints.append(entry)
        entry["platform"] = entry.get("platform") or result.get("platform")
        entry["endpoint"] = entry.get("endpoint") or result.get("endpoint") or ""
        # Validate data: the last result wins, as for inspection.
        for k in BACKUP_VALIDATE_KEYS:
            if k in result:
                entry[k] = result[k]
        # Restore tests accumulate: a play may run the restore module once per sampled resource.
        for k in BACKUP_RESTORE_KEYS:
            entry[k].extend(r for r in result.get(k) or () if isinstance(r, dict))
        # Both modules run checks: the union, so JUnit and the by-check table see all of them.
        known = set(c.get("id") for c in entry["checks_run"])
        for c in result.get("checks_run") or ():
            if isinstance(c, dict) and c.get("id") not in known:
                known.add(c.get("id"))
                entry["checks_run"].append(c)
        coll = result.get("collection") or {}
        if coll:
            merged = entry.setdefault("collection", {"api_calls": 0, "seconds": 0.0, "errors": {}})
            merged["api_calls"] = (merged.get("api_calls") or 0) + (coll.get("api_calls") or 0)
            merged["seconds"] = round((merged.get("seconds") or 0) + (coll.get("seconds") or 0), 3)
            merged.setdefault("errors", {}).update(coll.get("errors") or {})
        self._add_warnings_and_findings(host, entry, result)

    def add_failure(self, host, result, unreachable=False, task_name=None, report_task=True):
        """Record a failed or unreachable task of `host`.

        `report_task`: the task was (or would have been) the one producing this kind's material
        (a failed inspection).  The endpoint then shows as failed with the error.  A later,
        unrelated failure of a host that already delivered material leaves its data in place and
        only marks the run incomplete.
        """
        message = _error_text(result or {})
        what = "unreachable" if unreachable else "failed"
        label = "task %r %s" % (task_name, what) if task_name else what
        self.incomplete_reasons.append("%s: %s: %s" % (host, label, message.splitlines()[0][:300] if message else ""))
        existing = [e for e in self.endpoints if e["name"] == host]
        if existing and report_task and self.kind == "backup":
            # A backup endpoint is two tasks: a failed restore test after a good validation (or the
            # other way round) still fails the endpoint, but keeps what the other task delivered.
            for e in existing:
                e["status"] = "failed"
                e["error"] = ("%s\n%s" % (e["error"], message)) if e.get("error") else message
                e["warnings"].append("%s: %s" % (label, message))
            return
        if existing and not report_task:
            for e in existing:
                e["warnings"].append("%s: %s" % (label, message))
            return
        if existing:
            for e in existing:
                if e["status"] == "ok" and not e.get("checks_run"):
                    e["status"] = "failed"
                    e["error"] = message
                else:
                    e["warnings"].append("%s: %s" % (label, message))
            return
        entry = {"name": host, "platform": (result or {}).get("platform"), "endpoint": (result or {}).get("endpoint") or "",
                 "status": "failed", "error": message, "unreachable": bool(unreachable), "warnings": []}
        if self.kind == "backup":
            entry.update({"checks_run": [], "restore_tests": [], "leftovers": []})
            self._by_key[(host, None)] = entry
        else:
            self._by_key[(host, entry["endpoint"])] = entry
        self.endpoints.append(entry)

    def add_reason(self, reason):
        """Mark the run incomplete for a reason not tied to one host."""
        if reason not in self.incomplete_reasons:
            self.incomplete_reasons.append(reason)

    # -- building --------------------------------------------------------------------------
    def build(self, run, previous=None):
        """The report document.  `run` holds id, started, ended, playbook, operator, versions,
        language and optional extra incomplete reasons; `previous` is the previous document."""
        findings = sorted(self._findings.values(), key=finding_sort_key)
        failed_urls = [e["endpoint"] for e in self.endpoints if e["status"] == "failed" and e.get("endpoint")]
        delta = compute_delta(findings, previous, failed_endpoints=failed_urls, started=run.get("started"))
        score = score_findings(findings, (previous or {}).get("score"))
        score["platforms"] = score_platforms(findings, (previous or {}).get("score"))
        reasons = list(self.incomplete_reasons)
        for r in run.get("incomplete_reasons") or ():
            if r not in reasons:
                reasons.append(r)
        for e in self.endpoints:
            if e["status"] == "failed":
                r = "endpoint %s could not be inspected" % e["name"]
                if not any(x.startswith(e["name"] + ":") for x in reasons) and r not in reasons:
                    reasons.append(r)
            if self.kind == "backup":
                # Two modules fed this entry, so neither module's own summary is the endpoint's.
                e["summary"] = summarize([f for f in findings if f.get("host") == e["name"]])
                for k, empty in (("protection", []), ("policies", []), ("jobs", []), ("coverage", {}),
                                 ("restore_tests", []), ("leftovers", [])):
                    e.setdefault(k, empty)
            e.setdefault("summary", summarize([f for f in findings if f.get("host") == e["name"]]))
            for k in ("capacity", "inventory_counts", "collection"):
                e.setdefault(k, {})
            e.setdefault("checks_run", [])
        self.endpoints.sort(key=lambda e: (str(e.get("name")), str(e.get("endpoint"))))
        run_doc = {
            "id": run["id"],
            "started": run.get("started"),
            "ended": run.get("ended") or utcnow(),
            "complete": not reasons,
            "incomplete_reasons": reasons,
            "playbook": run.get("playbook"),
            "operator": run.get("operator"),
            "ansible_version": run.get("ansible_version"),
            "collection_version": run.get("collection_version"),
            "language": run.get("language") or "en",
        }
        checks = set()
        for e in self.endpoints:
            for c in e.get("checks_run") or ():
                checks.add(c.get("id"))
        doc = {
            "schema_version": REPORT_SCHEMA_VERSION,
            "records_schema_version": RECORDS_SCHEMA_VERSION,
            "kind": self.kind,
            "run": run_doc,
            "summary": dict(summarize(findings), endpoints=len(self.endpoints),
                            endpoints_failed=sum(1 for e in self.endpoints if e["status"] == "failed"),
                            checks=len(checks)),
            "endpoints": self.endpoints,
            "findings": findings,
            "score": score,
            "delta": delta,
        }
        if self.kind == "backup":
            doc["backup"] = backup_summary(self.endpoints)
        return doc


def score_platforms(findings, previous_score=None):
    """The same score per platform (a report may cover ZStack and Apsara endpoints together)."""
    by_platform = {}
    for f in findings:
        by_platform.setdefault(f.get("platform") or "unknown", []).append(f)
    previous = (previous_score or {}).get("platforms") or {}
    return dict((name, score_findings(items, previous.get(name))) for name, items in sorted(by_platform.items()))


def _num(value):
    """A float, or None for anything that is not a number (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def rpo_breached(row):
    """A protection row whose newest good backup is older than its RPO (or that the module calls stale)."""
    age, rpo = _num(row.get("age_hours")), _num(row.get("rpo_hours"))
    return row.get("status") == "stale" or (age is not None and rpo is not None and age > rpo)


def _pct(part, whole):
    return None if not whole else round(100.0 * part / whole, 1)


def _coverage(endpoint):
    """The endpoint's {required, protected, pct}: the module's numbers, else counted from its rows."""
    cov = endpoint.get("coverage") or {}
    if isinstance(cov.get("required"), int) and isinstance(cov.get("protected"), int):
        return {"required": cov["required"], "protected": cov["protected"],
                "pct": _num(cov.get("pct")) if _num(cov.get("pct")) is not None else _pct(cov["protected"], cov["required"])}
    rows = [r for r in endpoint.get("protection") or () if isinstance(r, dict) and r.get("required")]
    protected = sum(1 for r in rows if r.get("policies"))
    return {"required": len(rows), "protected": protected, "pct": _pct(protected, len(rows))}


def backup_summary(endpoints):
    """The numbers of the backup report's executive summary (`doc.backup`), from the endpoint entries."""
    required = protected = 0
    by_endpoint = {}
    policies = failed_jobs = stale_jobs = breaches = 0
    status_counts = dict((k, 0) for k in PROTECTION_ORDER)
    tests = {"total": 0, "passed": 0, "failed": 0, "error": 0, "planned": 0, "not_cleaned_up": 0}
    rtos = []
    leftovers = {"found": 0, "cleaned": 0}
    for e in endpoints:
        cov = _coverage(e)
        by_endpoint[e.get("name")] = cov
        required += cov["required"]
        protected += cov["protected"]
        policies += len(e.get("policies") or ())
        for j in e.get("jobs") or ():
            failed_jobs += 1 if j.get("success") is False else 0
            stale_jobs += 1 if j.get("stale") else 0
        for r in e.get("protection") or ():
            breaches += 1 if rpo_breached(r) else 0
            if r.get("status") in status_counts:
                status_counts[r["status"]] += 1
        for t in e.get("restore_tests") or ():
            tests["total"] += 1
            if t.get("status") in tests:
                tests[t["status"]] += 1
            if t.get("scratch") and not t.get("cleaned_up") and t.get("status") != "planned":
                tests["not_cleaned_up"] += 1
            rto = _num(t.get("rto_seconds"))
            if rto is not None:
                rtos.append(rto)
        for lo in e.get("leftovers") or ():
            leftovers["found"] += 1
            leftovers["cleaned"] += 1 if lo.get("cleaned") else 0
    tests["rto_seconds"] = {"min": round(min(rtos), 2) if rtos else None, "max": round(max(rtos), 2) if rtos else None,
                            "avg": round(sum(rtos) / len(rtos), 2) if rtos else None, "measured": len(rtos)}
    return {
        "coverage": {"required": required, "protected": protected, "pct": _pct(protected, required), "by_endpoint": by_endpoint},
        "protection": status_counts,
        "policies": policies,
        "jobs": {"failed": failed_jobs, "stale": stale_jobs},
        "rpo_breaches": breaches,
        "restore_tests": tests,
        "leftovers": leftovers,
    }


# -- finding the previous run -------------------------------------------------------------
def kind_dir(output_dir, kind):
    """`<output_dir>/<kind>`."""
    return os.path.join(output_dir, kind)


def load_report(path):
    """Load a report document; raise ValueError if it is not one."""
    with open(path, "r", encoding="utf-8") as fh:
        doc = json.load(fh)
    if not isinstance(doc, dict) or "schema_version" not in doc or ("findings" not in doc and not (doc.get("kind") == "change" and "targets" in doc)):
        raise ValueError("%s is not a cloudops report document" % path)
    return doc


def latest_report_path(output_dir, kind):
    """Path of the latest run's report.json of `kind` (symlink, pointer file or index), or None."""
    base = kind_dir(output_dir, kind)
    latest = os.path.join(base, "latest")
    if os.path.isdir(latest):
        candidate = os.path.join(latest, "report.json")
        if os.path.isfile(candidate):
            return candidate
    elif os.path.isfile(latest):
        with open(latest, "r", encoding="utf-8") as fh:
            run_id = fh.read().strip()
        candidate = os.path.join(base, run_id, "report.json")
        if run_id and os.sep not in run_id and os.path.isfile(candidate):
            return candidate
    index = os.path.join(base, "index.json")
    if os.path.isfile(index):
        try:
            with open(index, "r", encoding="utf-8") as fh:
                runs = json.load(fh).get("runs") or []
        except (OSError, ValueError):
            runs = []
        for r in runs:
            candidate = os.path.join(base, str(r.get("id")), "report.json")
            if os.path.isfile(candidate):
                return candidate
    return None


def find_previous(output_dir, kind):
    """The previous run's document of `kind`, or None (missing or unreadable: no delta)."""
    path = latest_report_path(output_dir, kind)
    if not path:
        return None
    try:
        return load_report(path)
    except (OSError, ValueError):
        return None

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup report document (kind `backup`, docs/reports.md "Backup report").

A findings report (model.py) whose endpoint entry is fed by two modules of one host: the
*_backup_validate result brings the protection, policy and job tables and coverage, the
*_restore_test results bring restore tests and leftovers.  The document adds `backup`, the numbers
of the executive summary.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import model

BACKUP_VALIDATE_KEYS = ("protection", "policies", "jobs", "coverage")
BACKUP_RESTORE_KEYS = ("restore_tests", "leftovers")
# Protection rows that need attention first in every rendering.
PROTECTION_ORDER = {"unprotected": 0, "stale": 1, "failing": 2, "ok": 3, "not_required": 4}


class BackupReportBuilder(model.ReportBuilder):
    """One entry per host, merged from its validate and restore-test results."""

    kind = "backup"

    @staticmethod
    def entry_key(host, url):
        """Keyed by host alone: the validate and restore modules of one host talk to the same cloud,
        and one row per host is what the reader expects even if one of them reports the URL
        slightly differently (trailing slash, port)."""
        return (host, None)

    @staticmethod
    def empty_entry(host, platform, url, status):
        return {"name": host, "platform": platform, "endpoint": url, "status": status, "warnings": [],
                "checks_run": [], "restore_tests": [], "leftovers": []}

    def add_result(self, host, result):
        """Merge a *_backup_validate or *_restore_test result into the host's one endpoint entry."""
        entry = self._entry(host, result)
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

    def _report_task_failed_again(self, entries, label, message):
        """A backup endpoint is two tasks: a failed restore test after a good validation (or the other
        way round) still fails the endpoint, but keeps what the other task delivered."""
        for e in entries:
            e["status"] = "failed"
            e["error"] = ("%s\n%s" % (e["error"], message)) if e.get("error") else message
            e["warnings"].append("%s: %s" % (label, message))

    def finish_entry(self, entry, findings):
        # Two modules fed this entry, so neither module's own summary is the endpoint's.
        entry["summary"] = summarize([f for f in findings if f.get("host") == entry["name"]])
        for k, empty in (("protection", []), ("policies", []), ("jobs", []), ("coverage", {}),
                         ("restore_tests", []), ("leftovers", [])):
            entry.setdefault(k, empty)
        super(BackupReportBuilder, self).finish_entry(entry, findings)

    def extend(self, doc):
        doc["backup"] = backup_summary(self.endpoints)
        return doc


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


def index_entry(doc):
    """The findings index entry plus the headline numbers of a backup run, so the history shows
    coverage and restorability over time."""
    entry = model.index_entry(doc)
    backup = doc.get("backup") or {}
    tests = backup.get("restore_tests") or {}
    entry["backup"] = {"coverage_pct": (backup.get("coverage") or {}).get("pct"), "failed_jobs": (backup.get("jobs") or {}).get("failed"),
                       "rpo_breaches": backup.get("rpo_breaches"), "restore_passed": tests.get("passed"),
                       "restore_failed": (tests.get("failed") or 0) + (tests.get("error") or 0),
                       "rto_max": (tests.get("rto_seconds") or {}).get("max")}
    return entry


def console_lines(doc):
    """The score lines, then one line with the backup report's headline numbers."""
    b = doc["backup"]
    cov = b["coverage"]
    tests = b["restore_tests"]
    rto = tests["rto_seconds"]
    return model.console_lines(doc) + [
        "cloudops report [backup] coverage %s (%d/%d), %d failed job(s), %d RPO breach(es), restore tests %d passed / %d failed%s" % (
            "n/a" if cov["pct"] is None else "%.1f%%" % cov["pct"], cov["protected"], cov["required"], b["jobs"]["failed"],
            b["rpo_breaches"], tests["passed"], tests["failed"] + tests["error"],
            "" if rto["max"] is None else ", RTO max %.1f s" % rto["max"])]

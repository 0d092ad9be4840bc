# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The findings report document (kind `inspection`; `backup` extends it): the JSON every renderer reads (docs/reports.md).

ReportBuilder collects module results (report material) and failures per inventory host and
builds the document; index_entry() and console_lines() say what the run index and the console keep
of it.  Nothing here talks to a cloud; the previous run's document (for the delta) is passed in.
"""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    SCHEMA_VERSION as RECORDS_SCHEMA_VERSION,
    SEVERITIES,
    summarize,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.delta import compare
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.scoring import score_findings

REPORT_SCHEMA_VERSION = "1.0"
# run.status: every planned result came in / it did but a dataset could not be collected / something was cut short.
RUN_STATUSES = ("complete", "complete_with_collection_errors", "incomplete")
STATUS_ORDER = {"FAIL": 0, "ERROR": 1, "MUTED": 2, "PASS": 3}
SEVERITY_ORDER = dict((s, i) for i, s in enumerate(SEVERITIES))
# Keys of an inspection result copied into its endpoint entry (findings are pulled out); config_backup: a switch's
# masked configurations, which the run store keeps per run for the next run's comparison.
ENDPOINT_KEYS = ("summary", "capacity", "inventory_counts", "collection", "checks_run", "config_backup")


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
    """Aggregates findings material of one kind (`inspection` here; backup_model.py extends it) and builds its document.

    One endpoint entry per (host, endpoint URL).  Subclasses change how a result merges into its entry
    (add_result), how a host's entries are keyed, what a repeated failure does, and what the document adds.
    """

    kind = "inspection"

    def __init__(self):
        self.endpoints = []          # endpoint entries, in arrival order
        self._by_key = {}            # entry_key(host, url) -> entry
        self._findings = {}          # uid -> finding (last one wins)
        self.incomplete_reasons = []

    # -- collecting ------------------------------------------------------------------------
    @staticmethod
    def entry_key(host, url):
        """The key of a host's endpoint entry: one per endpoint URL the host reports."""
        return (host, url)

    @staticmethod
    def empty_entry(host, platform, url, status):
        return {"name": host, "platform": platform, "endpoint": url, "status": status, "warnings": []}

    def _entry(self, host, result, status="ok"):
        """The host's entry for this result, created (and listed) on first use."""
        url = result.get("endpoint") or ""
        key = self.entry_key(host, url)
        entry = self._by_key.get(key)
        if entry is None:
            entry = self._by_key[key] = self.empty_entry(host, result.get("platform"), url, status)
            self.endpoints.append(entry)
        return entry

    def add_result(self, host, result):
        """Add one successful module result carrying `report_kind` for inventory host `host`."""
        entry = self._entry(host, result)
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

    def _report_task_failed_again(self, entries, label, message):
        """The report task of a host that already has entries failed: an entry without data fails, others keep theirs."""
        for e in entries:
            if e["status"] == "ok" and not e.get("checks_run"):
                e["status"] = "failed"
                e["error"] = message
            else:
                e["warnings"].append("%s: %s" % (label, message))

    def add_failure(self, host, result, unreachable=False, task_name=None, report_task=True):
        """Record a failed or unreachable task of `host`.

        `report_task`: the task was (or would have been) the one producing this kind's material
        (a failed inspection).  The endpoint then shows as failed with the error.  A later,
        unrelated failure of a host that already delivered material leaves its data in place and
        only marks the run incomplete.
        """
        result = result or {}
        message = _error_text(result)
        what = "unreachable" if unreachable else "failed"
        label = "task %r %s" % (task_name, what) if task_name else what
        self.incomplete_reasons.append("%s: %s: %s" % (host, label, message.splitlines()[0][:300] if message else ""))
        existing = [e for e in self.endpoints if e["name"] == host]
        if existing and report_task:
            self._report_task_failed_again(existing, label, message)
        elif existing:
            for e in existing:
                e["warnings"].append("%s: %s" % (label, message))
        else:
            entry = self._entry(host, result, status="failed")
            entry.update(error=message, unreachable=bool(unreachable))

    def add_reason(self, reason):
        """Mark the run incomplete for a reason not tied to one host."""
        if reason not in self.incomplete_reasons:
            self.incomplete_reasons.append(reason)

    # -- building --------------------------------------------------------------------------
    def finish_entry(self, entry, findings):
        """Defaults of an endpoint entry the renderers rely on."""
        entry.setdefault("summary", summarize([f for f in findings if f.get("host") == entry["name"]]))
        for k in ("capacity", "inventory_counts", "collection"):
            entry.setdefault(k, {})
        entry.setdefault("checks_run", [])

    def extend(self, doc):
        """What a kind adds to the common document (nothing for inspection)."""
        return doc

    def build(self, run, previous=None):
        """The report document.  `run` holds id, started, ended, playbook, operator, versions,
        language and optional extra incomplete reasons; `previous` is the previous document."""
        findings = sorted(self._findings.values(), key=finding_sort_key)
        failed_urls = [e["endpoint"] for e in self.endpoints if e["status"] == "failed" and e.get("endpoint")]
        delta, carried = compare(findings, previous, failed_endpoints=failed_urls, started=run.get("started"),
                                 endpoints=self.endpoints)
        score = score_findings(findings, (previous or {}).get("score"), carried)
        score["platforms"] = score_platforms(findings, (previous or {}).get("score"), carried)
        reasons = list(self.incomplete_reasons)
        for r in run.get("incomplete_reasons") or ():
            if r not in reasons:
                reasons.append(r)
        for e in self.endpoints:
            if e["status"] == "failed":
                r = "endpoint %s could not be inspected" % e["name"]
                if not any(x.startswith(e["name"] + ":") for x in reasons) and r not in reasons:
                    reasons.append(r)
            self.finish_entry(e, findings)
        self.endpoints.sort(key=lambda e: (str(e.get("name")), str(e.get("endpoint"))))
        collection_errors = _collection_errors(self.endpoints)
        run_doc = {
            "id": run["id"],
            "started": run.get("started"),
            "ended": run.get("ended") or utcnow_iso(),
            "complete": not reasons,
            "status": "incomplete" if reasons else ("complete_with_collection_errors" if collection_errors else "complete"),
            "incomplete_reasons": reasons,
            "collection_errors": collection_errors,
            "limit": run.get("limit") or None,
            "endpoints_covered": sorted(set(e["name"] for e in self.endpoints if e["status"] == "ok")),
            "endpoints_not_in_run": sorted(set(str(f.get("host")) for f in carried if f.get("unverified") == "not_in_run")),
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
        return self.extend({
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
            "carried": carried,
        })


def _collection_errors(endpoints):
    """[{host, dataset, message}]: every dataset an endpoint could not collect (its checks ended in ERROR)."""
    out = []
    for e in endpoints:
        errors = (e.get("collection") or {}).get("errors") or {}
        for dataset, message in sorted(errors.items()):
            out.append({"host": e.get("name"), "dataset": dataset, "message": str(message)[:1000]})
    return out


def score_platforms(findings, previous_score=None, carried=()):
    """The same score per platform (a report may cover ZStack and Apsara endpoints together)."""
    by_platform = {}
    for index, items in enumerate((findings, carried)):
        for f in items:
            by_platform.setdefault(f.get("platform") or "unknown", ([], []))[index].append(f)
    previous = (previous_score or {}).get("platforms") or {}
    return dict((name, score_findings(own, previous.get(name), kept)) for name, (own, kept) in sorted(by_platform.items()))


def is_document(doc):
    """A findings report document (what load_report accepts for this kind)."""
    return "findings" in doc


def index_entry(doc):
    """What the run index keeps of a findings report: score, counts, new and resolved."""
    run = doc.get("run") or {}
    score = (doc.get("score") or {}).get("overall") or {}
    summary = doc.get("summary") or {}
    delta = doc.get("delta") or {}
    return {
        "id": run.get("id"),
        "started": run.get("started"),
        "ended": run.get("ended"),
        "complete": run.get("complete"),
        "status": status_of(run),
        "playbook": run.get("playbook"),
        "operator": run.get("operator"),
        "score": score.get("score"),
        "band": score.get("band"),
        "score_delta": score.get("delta"),
        "endpoints": summary.get("endpoints"),
        "endpoints_failed": summary.get("endpoints_failed"),
        "total": summary.get("total"),
        "by_status": summary.get("by_status"),
        "fail_by_severity": summary.get("fail_by_severity"),
        "new": len(delta.get("new") or ()),
        "resolved": len(delta.get("resolved") or ()),
        "unverified": len(delta.get("unverified") or ()),
    }


def status_of(run):
    """run.status of a document (documents written before it existed: from `complete`)."""
    return run.get("status") or ("complete" if run.get("complete") else "incomplete")


def run_state(doc):
    """'complete', 'complete with collection errors: <datasets>' or 'INCOMPLETE: <the first reasons>' for a console line."""
    run = doc["run"]
    status = status_of(run)
    if status == "incomplete":
        return "INCOMPLETE: %s" % "; ".join(run["incomplete_reasons"][:3])
    if status == "complete_with_collection_errors":
        return "complete with collection errors: %s" % ", ".join(
            "%s %s" % (e.get("host"), e.get("dataset")) for e in run.get("collection_errors", [])[:5])
    return "complete"


def console_lines(doc):
    """Console lines of a scored report: the score, the pillars, the platforms when there are several."""
    kind = doc["kind"]
    overall = doc["score"]["overall"]
    score = "n/a" if overall["score"] is None else "%.1f" % overall["score"]
    delta = "" if overall.get("delta") is None else " (%+.1f vs previous)" % overall["delta"]
    lines = ["cloudops report [%s] score %s/100 %s%s, %d open finding(s), run %s" % (
        kind, score, overall["band"], delta, doc["summary"]["by_status"]["FAIL"], run_state(doc))]
    pillars = ["%s %s" % (name, "n/a" if p.get("score") is None else "%.1f" % p["score"])
               for name, p in doc["score"].get("pillars", {}).items()]
    if pillars:
        lines.append("cloudops report [%s] pillars: %s" % (kind, ", ".join(pillars)))
    platforms = ["%s %s" % (name, "n/a" if (p.get("overall") or {}).get("score") is None else "%.1f" % p["overall"]["score"])
                 for name, p in sorted(doc["score"].get("platforms", {}).items())]
    if len(platforms) > 1:
        lines.append("cloudops report [%s] platforms: %s" % (kind, ", ".join(platforms)))
    return lines

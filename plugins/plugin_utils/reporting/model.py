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
        self.kind = kind
        self.endpoints = []          # endpoint entries, in arrival order
        self._by_key = {}            # (host, endpoint url) -> entry
        self._findings = {}          # uid -> finding (last one wins)
        self.incomplete_reasons = []

    # -- collecting ------------------------------------------------------------------------
    def add_result(self, host, result):
        """Add one successful module result carrying `report_kind` for inventory host `host`."""
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
        return {
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


def score_platforms(findings, previous_score=None):
    """The same score per platform (a report may cover ZStack and Apsara endpoints together)."""
    by_platform = {}
    for f in findings:
        by_platform.setdefault(f.get("platform") or "unknown", []).append(f)
    previous = (previous_score or {}).get("platforms") or {}
    return dict((name, score_findings(items, previous.get(name))) for name, items in sorted(by_platform.items()))


# -- finding the previous run -------------------------------------------------------------
def kind_dir(output_dir, kind):
    """`<output_dir>/<kind>`."""
    return os.path.join(output_dir, kind)


def load_report(path):
    """Load a report document; raise ValueError if it is not one."""
    with open(path, "r", encoding="utf-8") as fh:
        doc = json.load(fh)
    if not isinstance(doc, dict) or "schema_version" not in doc or "findings" not in doc:
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

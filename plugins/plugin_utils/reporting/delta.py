# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""New / resolved / persisting / unverified findings by uid, against the last verified state (docs/reports.md "Delta").

Only open findings (status FAIL) take part in the lists.  A finding of the baseline that this run did not look at
again (its endpoint failed, was interrupted or is not in this run (`--limit`), or its check ended in ERROR or did not
run there) is `unverified`, never "resolved", and is *carried*: the document keeps it, with its last known status,
`first_seen` and the run that last verified it, in `carried`.  The baseline of a run is the previous run's findings
plus what that run carried, so it is, per endpoint and check, the last run that verified them; an incomplete, limited
or partly failed run never makes the next one see its gaps as "resolved" and its findings as "new" again.
"""

from __future__ import annotations

import datetime

OPEN_STATUSES = ("FAIL",)
# Statuses a run can vouch for; an ERROR finding says only that the check could not look.
VERIFIED_STATUSES = ("PASS", "FAIL", "MUTED")
# A result not verified again within this many days (an endpoint taken out of the inventory) stops being carried.
CARRY_DAYS = 30
# Why a finding was not verified again (`unverified[].reason`, `carried[].unverified`).
REASONS = ("endpoint_failed", "not_in_run", "check_error", "check_not_run")


def is_open(finding):
    """True when the finding is an open problem (counts for new/persisting)."""
    return finding.get("status") in OPEN_STATUSES


def stub(finding, now=None):
    """The small part of a finding a resolved/unverified entry keeps."""
    out = {
        "uid": finding.get("uid"),
        "host": finding.get("host"),
        "endpoint": finding.get("endpoint"),
        "check_id": finding.get("check_id"),
        "title": finding.get("title"),
        "pillar": finding.get("pillar"),
        "severity": finding.get("severity"),
        "resource": finding.get("resource"),
        "first_seen": finding.get("first_seen"),
    }
    if now is not None:
        out["now"] = now
    return out


def _where(finding):
    """The endpoint a finding belongs to: its inventory host (report findings), else its URL."""
    return finding.get("host") or finding.get("endpoint")


def baseline(previous_report):
    """The last verified state a run compares with: the previous run's findings and what it carried (uid -> finding)."""
    out = {}
    for key in ("carried", "findings"):        # the previous run's own result wins over what it carried
        for f in (previous_report or {}).get(key) or ():
            if isinstance(f, dict) and f.get("uid"):
                out[f["uid"]] = f
    return out


class Coverage(object):
    """What this run verified: which (endpoint, check) it looked at again, and why it did not look at the rest.

    `endpoints`: the document's endpoint entries (None: no scope known, every endpoint not in `failed_endpoints`
    counts as looked at, the old rule); `failed_endpoints`: endpoint URLs that could not be inspected.
    """

    def __init__(self, findings, endpoints=None, failed_endpoints=()):
        self.status = dict((f["uid"], f.get("status")) for f in findings)
        self.errored = set()
        for f in findings:
            if f.get("status") == "ERROR":
                self.errored.update(((f.get("host"), f.get("check_id")), (f.get("endpoint"), f.get("check_id"))))
        self.failed_urls = set(failed_endpoints or ())
        self.hosts = None
        if endpoints is not None:
            self.hosts = {}
            for e in endpoints:
                state = self.hosts.setdefault(e.get("name"), {"ok": False, "checks": set(), "all_checks": False})
                if e.get("status") == "ok":
                    state["ok"] = True
                    ids = set(c.get("id") for c in e.get("checks_run") or () if isinstance(c, dict))
                    state["checks"].update(ids)
                    state["all_checks"] = state["all_checks"] or not ids   # no list: every check ran
                if e.get("status") == "failed" and e.get("endpoint"):
                    self.failed_urls.add(e["endpoint"])

    def reason(self, finding):
        """None when this run verified `finding` (of an earlier run) again, else why not (one of REASONS)."""
        now = self.status.get(finding.get("uid"))
        if now in VERIFIED_STATUSES:
            return None
        check = finding.get("check_id")
        if now == "ERROR" or (_where(finding), check) in self.errored or (finding.get("endpoint"), check) in self.errored:
            return "check_error"
        if self.hosts is None:
            return "endpoint_failed" if finding.get("endpoint") in self.failed_urls else None
        state = self.hosts.get(_where(finding))
        if state is None:
            return "not_in_run"
        if not state["ok"]:
            return "endpoint_failed"
        if not state["all_checks"] and check not in state["checks"]:
            return "check_not_run"
        return None


def _parse(when):
    try:
        return datetime.datetime.fromisoformat(str(when).replace("Z", "+00:00"))
    except ValueError:
        return None


def _expired(verified_at, started):
    """True when a result last verified at `verified_at` is too old to carry into a run started at `started`."""
    then, now = _parse(verified_at), _parse(started)
    if then is None or now is None:
        return False
    if then.tzinfo is None or now.tzinfo is None:
        then, now = then.replace(tzinfo=None), now.replace(tzinfo=None)
    return now - then > datetime.timedelta(days=CARRY_DAYS)


def carry(finding, reason, prev_run):
    """The carried copy of a baseline finding this run did not verify: its last known status, when and where verified."""
    out = dict(finding)
    out["unverified"] = reason
    out["verified_run"] = finding.get("verified_run") or prev_run.get("id")
    out["verified_at"] = finding.get("verified_at") or prev_run.get("started")
    return out


def compare(findings, previous_report=None, failed_endpoints=(), started=None, endpoints=None):
    """Compare this run's findings with the last verified state (the previous document, or None).

    Sets `first_seen` on this run's open findings in place (carried over from the baseline for persisting ones,
    else `started`).  Returns (the report's `delta` object, the `carried` findings: every baseline finding of
    status PASS, FAIL or MUTED that this run did not verify and that is not older than CARRY_DAYS).
    `endpoints` / `failed_endpoints`: see Coverage.
    """
    coverage = Coverage(findings, endpoints, failed_endpoints)
    prev_run = (previous_report or {}).get("run") or {}
    base = baseline(previous_report)
    prev_open = dict((uid, f) for uid, f in base.items() if is_open(f))

    new = []
    persisting = []
    for f in findings:
        if not is_open(f):
            continue
        old = prev_open.get(f["uid"])
        if old is None:
            new.append(f["uid"])
            if started and not f.get("first_seen"):
                f["first_seen"] = started
        else:
            persisting.append(f["uid"])
            f["first_seen"] = old.get("first_seen") or prev_run.get("started") or started

    resolved = []
    unverified = []
    carried = []
    for uid, old in base.items():
        now = coverage.status.get(uid)
        if now in OPEN_STATUSES:
            continue
        reason = coverage.reason(old)
        if reason is None:
            if is_open(old):
                resolved.append(stub(old, now=now or "absent"))
            continue
        if old.get("status") not in VERIFIED_STATUSES:
            continue
        kept = carry(old, reason, prev_run)
        expired = _expired(kept["verified_at"], started)
        if not expired:
            carried.append(kept)
        if is_open(old):
            entry = stub(old, now="ERROR" if now == "ERROR" else "unverified")
            entry.update(reason=reason, last_status=old.get("status"), verified_run=kept["verified_run"],
                         verified_at=kept["verified_at"], carried=not expired)
            unverified.append(entry)

    delta = {
        "previous_run_id": prev_run.get("id") if previous_report else None,
        "previous_started": prev_run.get("started") if previous_report else None,
        "new": new,
        "resolved": resolved,
        "persisting": persisting,
        "unverified": unverified,
    }
    return delta, carried


def compute_delta(findings, previous_report=None, failed_endpoints=(), started=None, endpoints=None):
    """The report's `delta` object alone (see compare)."""
    return compare(findings, previous_report, failed_endpoints, started, endpoints)[0]

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""New / resolved / persisting findings by uid, against the previous run of the same kind.

Only open findings (status FAIL) take part.  A finding open last run and not open now is
`resolved` only if this run actually looked again: when its endpoint failed this run, or its
check ended in ERROR on that endpoint, it is `unverified` instead (never silently "resolved").
"""

from __future__ import annotations

OPEN_STATUSES = ("FAIL",)


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


def compute_delta(findings, previous_report=None, failed_endpoints=(), started=None):
    """Compare this run's findings with the previous report document (or None).

    `failed_endpoints`: endpoint URLs (the findings' `endpoint`) that could not be inspected in
    this run.  Sets `first_seen` on this run's open findings in place (carried over from the
    previous run for persisting ones, else `started`).  Returns the report's `delta` object.
    """
    failed = set(failed_endpoints or ())
    prev_findings = (previous_report or {}).get("findings") or []
    prev_run = (previous_report or {}).get("run") or {}
    prev_open = {}
    for f in prev_findings:
        if is_open(f):
            prev_open[f["uid"]] = f

    current_status = {}
    errored = set()
    new = []
    persisting = []
    for f in findings:
        uid = f["uid"]
        status = f.get("status")
        current_status[uid] = status
        if status == "ERROR":
            errored.add((f.get("endpoint"), f.get("check_id")))
        if status in OPEN_STATUSES:
            old = prev_open.get(uid)
            if old is None:
                new.append(uid)
                if started and not f.get("first_seen"):
                    f["first_seen"] = started
            else:
                persisting.append(uid)
                f["first_seen"] = old.get("first_seen") or prev_run.get("started") or started

    resolved = []
    unverified = []
    for uid, old in prev_open.items():
        now = current_status.get(uid)
        if now in OPEN_STATUSES:
            continue
        if now is None and (old.get("endpoint") in failed or (old.get("endpoint"), old.get("check_id")) in errored):
            unverified.append(stub(old, now="unverified"))
        elif now == "ERROR":
            unverified.append(stub(old, now="ERROR"))
        else:
            resolved.append(stub(old, now=now or "absent"))

    return {
        "previous_run_id": prev_run.get("id") if previous_report else None,
        "previous_started": prev_run.get("started") if previous_report else None,
        "new": new,
        "resolved": resolved,
        "persisting": persisting,
        "unverified": unverified,
    }

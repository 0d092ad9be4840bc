# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Health score: severity-weighted pass rate per pillar and overall (docs/scoring.md).

    w(f)          = SEVERITY_WEIGHTS[f.severity]            critical 5, high 4, medium 3, low 2, info 1
    P_p, F_p      = sum of w over PASS / FAIL findings of pillar p (MUTED and ERROR excluded)
    raw_p         = 100 * P_p / (P_p + F_p)                 None when P_p + F_p == 0 (not assessed)
    score_p       = min(raw_p, 59) if pillar p has an open (FAIL) critical finding else raw_p
    overall       = sum(score_p * (P_p + F_p)) / sum(P_p + F_p)   over assessed pillars
    overall       = min(overall, 59) if any open critical finding
    band          >= 90 excellent, >= 75 good, >= 60 fair, < 60 critical

Results this run did not verify (an endpoint interrupted, failed or left out, a dataset that failed) count with
their last verified status (`carried`, delta.py), so a gap never makes a score better; `coverage` says how many.
Scores are rounded to one decimal at the end only.  Pure functions, no I/O.
"""

from __future__ import annotations

import itertools

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    PILLARS,
    SEVERITIES,
    SEVERITY_WEIGHTS,
)

METHOD = "severity-weighted-pass-rate/1"
CRITICAL_CAP = 59.0
BANDS = ((90.0, "excellent"), (75.0, "good"), (60.0, "fair"), (0.0, "critical"))


def band(score):
    """The rating band of a 0..100 score (None -> "none": not assessed)."""
    if score is None:
        return "none"
    for floor, name in BANDS:
        if score >= floor:
            return name
    return "critical"


def _round(value):
    return None if value is None else round(value, 1)


def _delta(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def _empty_pillar():
    return {"pass": 0, "fail": 0, "error": 0, "muted": 0, "passed_weight": 0, "failed_weight": 0,
            "open_critical": 0, "error_checks": set()}


def score_findings(findings, previous=None, carried=()):
    """Score a list of findings.

    `previous` is the `score` object of the previous run's report (or None); it only feeds the
    `delta` / `previous` fields.  `carried`: the last verified results of what this run did not verify,
    scored as they were.  Returns a JSON-able dict (see docs/scoring.md).
    """
    acc = dict((p, _empty_pillar()) for p in PILLARS)
    weights = SEVERITY_WEIGHTS
    carried = list(carried or ())
    for f in itertools.chain(findings, carried):
        pillar = f.get("pillar")
        a = acc.get(pillar)
        if a is None:
            a = acc[pillar] = _empty_pillar()
        status = f.get("status")
        sev = f.get("severity")
        w = weights.get(sev, 1)
        if status == "PASS":
            a["pass"] += 1
            a["passed_weight"] += w
        elif status == "FAIL":
            a["fail"] += 1
            a["failed_weight"] += w
            if sev == "critical":
                a["open_critical"] += 1
        elif status == "ERROR":
            a["error"] += 1
            a["error_checks"].add(f.get("check_id"))
        else:
            a["muted"] += 1

    prev_pillars = (previous or {}).get("pillars") or {}
    pillars = {}
    num = 0.0
    den = 0
    open_critical = 0
    errors = 0
    error_checks = set()
    for name, a in acc.items():
        total_w = a["passed_weight"] + a["failed_weight"]
        raw = (100.0 * a["passed_weight"] / total_w) if total_w else None
        capped = bool(a["open_critical"]) and raw is not None and raw > CRITICAL_CAP
        value = min(raw, CRITICAL_CAP) if (raw is not None and a["open_critical"]) else raw
        if value is not None:
            num += value * total_w
            den += total_w
        open_critical += a["open_critical"]
        errors += a["error"]
        error_checks.update(c for c in a["error_checks"] if c)
        prev_score = (prev_pillars.get(name) or {}).get("score")
        pillars[name] = {
            "score": _round(value),
            "raw_score": _round(raw),
            "band": band(_round(value)),
            "capped": capped,
            "weight_total": total_w,
            "passed_weight": a["passed_weight"],
            "failed_weight": a["failed_weight"],
            "pass": a["pass"],
            "fail": a["fail"],
            "error": a["error"],
            "muted": a["muted"],
            "open_critical": a["open_critical"],
            "error_checks": sorted(c for c in a["error_checks"] if c),
            "previous": prev_score,
            "delta": _delta(_round(value), prev_score),
        }

    overall_raw = (num / den) if den else None
    overall = overall_raw
    overall_capped = False
    if overall is not None and open_critical:
        overall_capped = overall > CRITICAL_CAP
        overall = min(overall, CRITICAL_CAP)
    prev_overall = ((previous or {}).get("overall") or {}).get("score")
    return {
        "method": METHOD,
        "weights": dict((s, SEVERITY_WEIGHTS[s]) for s in SEVERITIES),
        "critical_cap": CRITICAL_CAP,
        "bands": dict((name, floor) for floor, name in BANDS),
        "overall": {
            "score": _round(overall),
            "raw_score": _round(overall_raw),
            "band": band(_round(overall)),
            "capped": overall_capped,
            "open_critical": open_critical,
            "weight_total": den,
            "previous": prev_overall,
            "delta": _delta(_round(overall), prev_overall),
        },
        "pillars": pillars,
        "coverage": {"errors": errors, "error_checks": sorted(error_checks), "carried": len(carried),
                     "carried_open": sum(1 for f in carried if f.get("status") == "FAIL"),
                     "unverified_endpoints": sorted(set(str(f.get("host") or f.get("endpoint")) for f in carried))},
    }

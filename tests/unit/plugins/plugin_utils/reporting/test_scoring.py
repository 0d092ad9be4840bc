# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.scoring import band, score_findings


def f(pillar, severity, status, check="c"):
    return {"uid": "%s%s%s" % (pillar, severity, status), "pillar": pillar, "severity": severity, "status": status, "check_id": check}


@pytest.mark.parametrize("score,expected", [(100, "excellent"), (90, "excellent"), (89.9, "good"), (75, "good"),
                                            (74.9, "fair"), (60, "fair"), (59.9, "critical"), (0, "critical"), (None, "none")])
def test_bands(score, expected):
    assert band(score) == expected


def test_weighted_pass_rate_per_pillar_and_overall():
    findings = [f("security", "high", "PASS"), f("security", "low", "FAIL"),          # 4 / 6
                f("capacity", "medium", "PASS"), f("capacity", "medium", "FAIL"),     # 3 / 6
                f("capacity", "info", "MUTED"), f("capacity", "critical", "ERROR", "broken")]
    s = score_findings(findings)
    assert s["pillars"]["security"]["score"] == pytest.approx(66.7)
    assert s["pillars"]["capacity"]["score"] == 50.0
    # MUTED and ERROR are excluded from the rate; ERROR is a coverage gap
    assert s["pillars"]["capacity"]["muted"] == 1 and s["pillars"]["capacity"]["error"] == 1
    assert s["coverage"] == {"errors": 1, "error_checks": ["broken"], "carried": 0, "carried_open": 0, "unverified_endpoints": []}
    # overall = weighted by pillar weight totals: (66.67*6 + 50*6) / 12
    assert s["overall"]["score"] == pytest.approx(58.3)
    assert s["overall"]["band"] == "critical"
    assert s["pillars"]["backup"]["score"] is None and s["pillars"]["backup"]["band"] == "none"


def test_critical_fail_caps_pillar_and_overall():
    findings = [f("security", "critical", "FAIL")] + [dict(f("security", "high", "PASS"), uid=str(i)) for i in range(50)] \
        + [dict(f("capacity", "high", "PASS"), uid="c%d" % i) for i in range(50)]
    s = score_findings(findings)
    sec = s["pillars"]["security"]
    assert sec["raw_score"] == pytest.approx(97.6)
    assert sec["score"] == 59.0 and sec["capped"] and sec["band"] == "critical"
    assert s["pillars"]["capacity"]["score"] == 100.0 and not s["pillars"]["capacity"]["capped"]
    assert s["overall"]["score"] == 59.0 and s["overall"]["capped"]
    assert s["overall"]["raw_score"] > 59


def test_muted_critical_does_not_cap():
    s = score_findings([f("security", "critical", "MUTED"), f("security", "low", "PASS")])
    assert s["pillars"]["security"]["score"] == 100.0
    assert s["overall"]["score"] == 100.0 and not s["overall"]["capped"]


def test_cap_keeps_lower_scores():
    s = score_findings([f("security", "critical", "FAIL"), f("security", "low", "PASS")])
    assert s["pillars"]["security"]["score"] == pytest.approx(28.6)
    assert s["pillars"]["security"]["capped"] is False


def test_delta_against_previous_score():
    prev = score_findings([f("security", "low", "FAIL"), f("security", "low", "PASS")])
    cur = score_findings([f("security", "low", "PASS")], prev)
    assert cur["pillars"]["security"]["previous"] == 50.0
    assert cur["pillars"]["security"]["delta"] == 50.0
    assert cur["overall"]["delta"] == 50.0
    assert cur["pillars"]["capacity"]["delta"] is None


def test_no_findings_not_assessed():
    s = score_findings([])
    assert s["overall"]["score"] is None and s["overall"]["band"] == "none"

# -*- coding: utf-8 -*-
from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.delta import compute_delta


def f(uid, status="FAIL", endpoint="https://a", check="c1", first_seen=None):
    out = {"uid": uid, "status": status, "endpoint": endpoint, "check_id": check, "severity": "high", "pillar": "security",
           "resource": {"type": "vm", "uuid": uid, "name": uid}, "title": {"en": "t", "zh_CN": "t"}}
    if first_seen:
        out["first_seen"] = first_seen
    return out


def prev_doc(findings):
    return {"run": {"id": "prev-run", "started": "2026-01-01T00:00:00Z"}, "findings": findings}


def test_first_run_everything_new():
    cur = [f("a"), f("b", "PASS")]
    d = compute_delta(cur, None, started="2026-01-02T00:00:00Z")
    assert d["new"] == ["a"] and d["persisting"] == [] and d["resolved"] == [] and d["previous_run_id"] is None
    assert cur[0]["first_seen"] == "2026-01-02T00:00:00Z"


def test_new_resolved_persisting():
    prev = prev_doc([f("a", first_seen="2025-12-01T00:00:00Z"), f("b"), f("c"), f("d", "PASS"), f("m")])
    cur = [f("a"), f("b", "PASS"), f("d", "FAIL"), f("e"), f("m", "MUTED")]
    d = compute_delta(cur, prev, started="2026-01-02T00:00:00Z")
    assert sorted(d["new"]) == ["d", "e"]
    assert d["persisting"] == ["a"]
    assert cur[0]["first_seen"] == "2025-12-01T00:00:00Z"
    resolved = dict((r["uid"], r["now"]) for r in d["resolved"])
    assert resolved == {"b": "PASS", "c": "absent", "m": "MUTED"}
    assert d["previous_run_id"] == "prev-run"


def test_failed_endpoint_or_errored_check_is_unverified_not_resolved():
    prev = prev_doc([f("x", endpoint="https://down"), f("y", check="flaky"), f("z", check="c9")])
    cur = [f("err", status="ERROR", check="flaky"), f("z", status="ERROR", check="c9")]
    d = compute_delta(cur, prev, failed_endpoints=["https://down"])
    assert d["resolved"] == []
    assert sorted(u["uid"] for u in d["unverified"]) == ["x", "y", "z"]


def test_persisting_without_first_seen_uses_previous_start():
    cur = [f("a")]
    compute_delta(cur, prev_doc([f("a")]), started="2026-01-02T00:00:00Z")
    assert cur[0]["first_seen"] == "2026-01-01T00:00:00Z"

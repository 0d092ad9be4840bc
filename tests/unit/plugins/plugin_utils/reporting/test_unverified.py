# -*- coding: utf-8 -*-
"""Unverified is not resolved (issue 18 item 6, docs/reports.md "Delta"): what a run did not look at again keeps its
history, is carried with its last verified status, and neither the delta nor the score takes the gap for a fix."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import delta as deltas
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import render_html, render_junit, render_markdown
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.scoring import score_findings
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import extract

from .synthetic import backup_validate_result, build_backup_doc

URL = {"zs-a": "https://a.example", "zs-b": "https://b.example"}
CHECKS = ("vm_state", "storage_usage")          # storage_usage needs the dataset "primary_storages"


def finding(host, check, name, status):
    return {"uid": "%s-%s-%s" % (host, check, name), "platform": "zstack", "endpoint": URL[host], "check_id": check,
            "title": {"en": check, "zh_CN": check}, "pillar": "availability" if check == "vm_state" else "capacity",
            "severity": "critical" if name == "crit" else "high", "status": status,
            "resource": {"type": "vm", "uuid": name, "name": name},
            "message": {"en": "m", "zh_CN": "m"}, "remediation": {"en": "r", "zh_CN": "r"}, "evidence": {}}


def result(host, fail=("bad",), storage=True, crit=False, checks=CHECKS):
    """An inspection result of `host`: vm_state fails on `fail` and passes on ok1..ok3; storage_usage fails on
    `full` unless its dataset failed (then one ERROR finding and a collection error)."""
    out = [finding(host, "vm_state", n, "FAIL") for n in fail]
    out += [finding(host, "vm_state", "ok%d" % i, "PASS") for i in range(3)]
    if crit:
        out.append(finding(host, "vm_state", "crit", "FAIL"))
    errors = {}
    if "storage_usage" in checks:
        if storage:
            out += [finding(host, "storage_usage", "full", "FAIL"), finding(host, "storage_usage", "ps2", "PASS")]
        else:
            out.append(dict(finding(host, "storage_usage", "-", "ERROR"), uid="%s-storage-error" % host))
            errors["primary_storages"] = "HTTP 503 SYS.1006"
    return {"report_kind": "inspection", "platform": "zstack", "endpoint": URL[host], "findings": out,
            "checks_run": [{"id": c, "title": {"en": c, "zh_CN": c}, "pillar": "capacity", "severity": "high"} for c in checks],
            "collection": {"api_calls": 3, "seconds": 0.1, "errors": errors}}


def run(day, previous=None, kind="inspection", failures=(), **results):
    b = make_builder(kind)
    for host, res in sorted(results.items()):
        b.add_result(host.replace("_", "-"), res)
    for host in failures:
        b.add_failure(host, {"msg": "connection refused", "endpoint": URL[host]}, unreachable=True)
    return b.build({"id": "202612%02dT060000Z-a0a0a0" % day, "started": "2026-12-%02dT06:00:00Z" % day}, previous)


def uids(stubs):
    return sorted(s["uid"] for s in stubs)


def test_a_limited_run_leaves_the_other_endpoint_unverified_and_the_next_full_run_persisting():
    first = run(1, zs_a=result("zs-a"), zs_b=result("zs-b"))
    limited = run(2, first, zs_a=result("zs-a"))                      # --limit zs-a
    d = limited["delta"]
    assert d["resolved"] == [] and d["new"] == []
    assert uids(d["unverified"]) == ["zs-b-storage_usage-full", "zs-b-vm_state-bad"]
    assert {(u["reason"], u["now"], u["last_status"], u["first_seen"], u["verified_run"]) for u in d["unverified"]} == {
        ("not_in_run", "unverified", "FAIL", "2026-12-01T06:00:00Z", first["run"]["id"])}
    assert limited["run"]["endpoints_covered"] == ["zs-a"] and limited["run"]["endpoints_not_in_run"] == ["zs-b"]
    # every result of zs-b is carried, passes too (they keep the score), with its last status
    assert len([f for f in limited["carried"] if f["host"] == "zs-b"]) == 6
    assert {f["status"] for f in limited["carried"]} == {"PASS", "FAIL"}

    again = run(3, limited, zs_a=result("zs-a"))                       # limited again: still carried from run 1
    assert uids(again["delta"]["unverified"]) == uids(d["unverified"])
    assert {u["verified_run"] for u in again["delta"]["unverified"]} == {first["run"]["id"]}

    full = run(4, again, zs_a=result("zs-a"), zs_b=result("zs-b"))
    fd = full["delta"]
    assert fd["new"] == [] and fd["resolved"] == [] and fd["unverified"] == [] and full["carried"] == []
    assert "zs-b-vm_state-bad" in fd["persisting"]
    assert {f["first_seen"] for f in full["findings"] if f["status"] == "FAIL"} == {"2026-12-01T06:00:00Z"}


def test_a_failed_dataset_leaves_its_checks_unverified_and_the_run_complete_with_collection_errors():
    first = run(1, zs_a=result("zs-a"), zs_b=result("zs-b"))
    second = run(2, first, zs_a=result("zs-a", storage=False), zs_b=result("zs-b"))
    assert second["run"]["complete"] is True and second["run"]["status"] == "complete_with_collection_errors"
    assert second["run"]["collection_errors"] == [{"host": "zs-a", "dataset": "primary_storages", "message": "HTTP 503 SYS.1006"}]
    assert extract.run_status(second) == "complete_with_collection_errors"
    d = second["delta"]
    assert d["resolved"] == [] and [(u["uid"], u["reason"]) for u in d["unverified"]] == [("zs-a-storage_usage-full", "check_error")]
    assert sorted(f["uid"] for f in second["carried"]) == ["zs-a-storage_usage-full", "zs-a-storage_usage-ps2"]
    third = run(3, second, zs_a=result("zs-a"), zs_b=result("zs-b"))
    assert third["run"]["status"] == "complete" and "zs-a-storage_usage-full" in third["delta"]["persisting"]
    assert third["delta"]["new"] == []
    full = [f for f in third["findings"] if f["uid"] == "zs-a-storage_usage-full"][0]
    assert full["first_seen"] == "2026-12-01T06:00:00Z"


def test_a_failed_endpoint_and_a_check_that_did_not_run_are_unverified_only_a_verified_absence_is_resolved():
    first = run(1, zs_a=result("zs-a", fail=("bad", "gone")), zs_b=result("zs-b"))
    second = run(2, first, failures=("zs-b",), zs_a=result("zs-a", checks=("vm_state",)))
    reasons = dict((u["uid"], u["reason"]) for u in second["delta"]["unverified"])
    assert reasons == {"zs-b-vm_state-bad": "endpoint_failed", "zs-b-storage_usage-full": "endpoint_failed",
                       "zs-a-storage_usage-full": "check_not_run"}
    assert [(r["uid"], r["now"]) for r in second["delta"]["resolved"]] == [("zs-a-vm_state-gone", "absent")]
    assert second["run"]["status"] == "incomplete"


def test_results_not_verified_for_too_long_are_no_longer_carried():
    first = run(1, zs_a=result("zs-a"), zs_b=result("zs-b"))
    late = run(1 + deltas.CARRY_DAYS, first, zs_a=result("zs-a"))       # 29 days later: still carried
    assert any(f["host"] == "zs-b" for f in late["carried"])
    b = make_builder("inspection")
    b.add_result("zs-a", result("zs-a"))
    expired = b.build({"id": "20270201T060000Z-a0a0a0", "started": "2027-02-01T06:00:00Z"}, late)
    assert not any(f["host"] == "zs-b" for f in expired["carried"])
    assert expired["delta"]["resolved"] == [] and {u["carried"] for u in expired["delta"]["unverified"]} == {False}


def test_an_interrupted_run_does_not_score_better_than_the_complete_run_before_it():
    first = run(1, zs_a=result("zs-a", fail=()), zs_b=result("zs-b", crit=True))
    cut = run(2, first, failures=("zs-b",), zs_a=result("zs-a", fail=()))
    before = first["score"]["overall"]["score"]
    assert score_findings(cut["findings"])["overall"]["score"] > before    # zs-a alone would look better
    assert cut["score"]["overall"]["score"] == before and cut["score"]["overall"]["delta"] == 0.0
    assert cut["score"]["platforms"]["zstack"]["overall"]["score"] == before
    cov = cut["score"]["coverage"]
    assert cov["carried"] == 7 and cov["carried_open"] == 3 and cov["unverified_endpoints"] == ["zs-b"]


def test_an_interrupted_backup_validation_does_not_score_better():
    complete = build_backup_doc(run_id="20260126T100000Z-bbbbbb")
    b = make_builder("backup")
    b.add_result("zs-a", backup_validate_result())
    b.add_failure("zs-b", {"msg": "interrupted"}, task_name="validate")
    cut = b.build({"id": "20260127T100000Z-bbbbbb", "started": "2026-01-27T10:00:00Z"}, complete)
    assert cut["run"]["complete"] is False
    assert cut["score"]["overall"]["score"] <= complete["score"]["overall"]["score"]
    assert cut["delta"]["resolved"] == []
    # zs-b was cut short; zs-a ran its validation but no restore test this time: those checks are carried too
    ran = set(c["id"] for c in cut["endpoints"][0]["checks_run"])
    assert {f["unverified"] for f in cut["carried"] if f["host"] == "zs-b"} == {"endpoint_failed"}
    assert all(f["check_id"] not in ran for f in cut["carried"] if f["host"] == "zs-a")
    assert cut["score"]["coverage"]["unverified_endpoints"] == ["zs-a", "zs-b"]


@pytest.mark.parametrize("lang, status, carried", [
    ("en", "complete with collection errors", "keep their last verified status"),
    ("zh_CN", "完成，有数据采集错误", "保留最近一次复核时的状态"),
])
def test_the_headers_say_complete_with_collection_errors_and_what_was_carried(lang, status, carried):
    first = run(1, zs_a=result("zs-a"), zs_b=result("zs-b"))
    doc = run(2, first, zs_a=result("zs-a", storage=False))
    html = render_html.render(doc, lang)
    assert 'id="collection-errors"' in html and 'id="incomplete"' not in html and carried in html
    assert "primary_storages" in html
    md = render_markdown.render(doc, lang)
    assert "primary\\_storages" in md and carried in md
    root = ET.fromstring(render_junit.render(doc, lang).split("\n", 1)[1])
    assert root.get("name").endswith("(%s)" % status)
    complete = run(3, doc, zs_a=result("zs-a"), zs_b=result("zs-b"))
    assert 'id="collection-errors"' not in render_html.render(complete, lang)
    assert "(" not in ET.fromstring(render_junit.render(complete, lang).split("\n", 1)[1]).get("name")

# -*- coding: utf-8 -*-
"""ChangeReportBuilder: outcomes, per-target steps, sections and counts from realistic results."""
from __future__ import annotations

import json

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.backup_model import BackupReportBuilder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.change_model import MASK, ChangeReportBuilder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder

from . import change_synthetic as cs

HOST = "apsara-lab"
RUN = {"id": "20261127T140000Z-c0ffee", "started": "2026-11-27T14:00:00Z", "ended": "2026-11-27T14:05:00Z",
       "playbook": "change_vpc.yml", "operator": "alice", "ansible_version": "2.19.14", "collection_version": "0.1.0"}
EXTRA = (("create_peering", "router_interface", "ri-prod", None, {"RouterInterfaceId": "ri-1"}, "router_interface", "ri-1"),)


def build(feed, run=None):
    b = make_builder("change")
    feed(b)
    return b.build(dict(RUN, **(run or {})))


def statuses(doc, host=HOST):
    target = [t for t in doc["targets"] if t["name"] == host][0]
    return [(s["action"], s["target"].get("name"), s["status"]) for s in target["steps"]]


def test_factory_and_guard():
    assert isinstance(make_builder("change"), ChangeReportBuilder)
    assert isinstance(make_builder("backup"), BackupReportBuilder)
    with pytest.raises(ValueError, match="unknown report kind 'nonsense'"):
        make_builder("nonsense")


def test_applied_change_is_success():
    def feed(b):
        b.add_result(HOST, cs.window_result([HOST]))
        b.add_result(HOST, cs.plan_result())
        b.add_result(HOST, cs.apply_result())
    doc = build(feed)
    assert doc["kind"] == "change" and doc["schema_version"] == "1.0" and doc["records_schema_version"] == "1.0"
    assert doc["outcome"] == {"status": "success", "reasons": []}
    assert doc["run"]["complete"] is True and doc["run"]["check_mode"] is False
    assert statuses(doc) == [(a, n, "applied") for a, _t, n, *_rest in cs.STEPS]
    t = doc["targets"][0]
    assert t["status"] == "changed" and t["platform"] == "apsara" and t["endpoint"] == cs.ENDPOINT
    assert [s["position"] for s in t["steps"]] == [1, 2, 3, 4] and len(t["journal"]) == 4 and len(t["pre_checks"]) == 2
    assert doc["summary"]["by_status"]["applied"] == 4 and doc["summary"]["steps"] == 4 and doc["summary"]["checks"]["FAIL"] == 0
    assert [p["status"] for p in doc["planned"]] == ["applied"] * 4
    assert doc["sections"]["changed"] == [s["uid"] for s in t["steps"]] and doc["sections"]["failed"] == []
    c = doc["change"]
    assert c["ids"] == ["CHG-2026-1127-01"] and c["ticket"] == "ITSM-4711" and c["operator"] == "alice"
    assert c["window"]["state"] == "open" and c["window"]["timezone"] == "Asia/Shanghai" and c["refusal"] is None
    mod = t["steps"][3]
    assert mod["diff"] == [{"path": "Routes", "before": ["0.0.0.0/0"], "after": ["0.0.0.0/0", "172.16.0.0/16"]}]
    assert mod["host"] == HOST and mod["kind"] == "step" and mod["post_checks"][0]["status"] == "PASS"


def test_rerun_is_unchanged():
    doc = build(lambda b: (b.add_result(HOST, cs.plan_result()), b.add_result(HOST, cs.apply_result(unchanged=True))))
    assert doc["outcome"]["status"] == "unchanged" and doc["targets"][0]["status"] == "unchanged"
    assert doc["summary"]["by_status"]["unchanged"] == 4 and doc["sections"]["changed"] == []


def test_check_mode_is_a_dry_run():
    def feed(b):
        b.add_result(HOST, cs.window_result([HOST], opens_in=3600, check_mode=True))
        b.add_result(HOST, cs.plan_result())
        b.add_result(HOST, cs.apply_result(check_mode=True))
    doc = build(feed)
    assert doc["outcome"]["status"] == "dry_run" and doc["run"]["check_mode"] is True
    assert set(s for _a, _n, s in statuses(doc)) == {"planned"} and doc["targets"][0]["journal"] == []
    assert doc["change"]["window"]["state"] == "not_yet_open" and doc["targets"][0]["status"] == "planned"
    assert build(lambda b: b.add_result(HOST, cs.apply_result()), {"check_mode": True})["run"]["check_mode"] is True


def failed_and_rolled_back(b, fail_types=()):
    b.add_result(HOST, cs.window_result([HOST]))
    b.add_result(HOST, cs.plan_result(steps=cs.STEPS + EXTRA))
    applied = cs.apply_result(upto=2)
    b.add_result(HOST, applied)
    failed = cs.apply_result(fail_at=2)
    b.add_failure(HOST, failed, task_name="apply vswitches")
    journal = applied["journal"] + [j for j in failed["journal"] if j["record_uid"] not in set(x["record_uid"] for x in applied["journal"])]
    rollback = cs.rollback_result(journal, fail_types=fail_types)
    if rollback.get("failed"):
        b.add_failure(HOST, rollback, task_name="rollback")
    else:
        b.add_result(HOST, rollback)
    b.add_failure(HOST, {"msg": "CHG-2026-1127-01 failed at create_vswitch vsw-b; rollback %s" % ("FAILED" if fail_types else "done")},
                  task_name="report the failure", report_task=False)


def test_failed_step_is_rolled_back_and_original_action_stays_visible():
    doc = build(failed_and_rolled_back)
    assert doc["outcome"]["status"] == "rolled_back"
    assert any("InvalidVSwitchId.NotFound" in r for r in doc["outcome"]["reasons"])
    assert statuses(doc) == [
        ("create_vpc", "vpc-prod", "rolled_back"), ("create_vswitch", "vsw-a", "rolled_back"), ("create_vswitch", "vsw-b", "rolled_back"),
        ("modify_route_table", "vtb-prod", "not_started"), ("create_peering", "ri-prod", "not_started"),
        ("rollback_vswitch", "vsw-b", "rolled_back"), ("rollback_vswitch", "vsw-a", "rolled_back"), ("rollback_vpc", "vpc-prod", "rolled_back")]
    steps = doc["targets"][0]["steps"]
    assert [s.get("original_status") for s in steps[:3]] == ["applied", "applied", "failed"]
    assert steps[2]["error"].startswith("InvalidVSwitchId.NotFound") and len(steps[0]["rolled_back_by"]) == 1
    assert steps[3]["kind"] == "plan" and steps[3]["reason"].startswith("not started")
    assert [s["kind"] for s in steps[5:]] == ["rollback"] * 3 and steps[7]["rollback_of"] == steps[0]["uid"]
    sec = doc["sections"]
    assert sec["rolled_back"] == [s["uid"] for s in steps[:3]] and sec["rollback_steps"] == [s["uid"] for s in steps[5:]]
    assert sec["failed"] == [steps[2]["uid"]] and sec["not_started"] == [steps[3]["uid"], steps[4]["uid"]]
    summary = doc["summary"]
    assert summary["by_status"]["rolled_back"] == 3 and summary["by_status"]["not_started"] == 2 and summary["steps"] == 5
    assert summary["rollback_steps"] == {"total": 3, "rolled_back": 3, "rollback_failed": 0}
    assert [p["status"] for p in doc["planned"]] == ["rolled_back"] * 3 + ["not_started"] * 2
    t = doc["targets"][0]
    assert t["status"] == "rolled_back" and [e["task"] for e in t["errors"]] == ["apply vswitches", "report the failure"]
    assert [j["undone"] for j in t["journal"]] == [True, True, True] and len(t["journal"]) == 3
    assert doc["run"]["complete"] is True   # a failed change that rolled back is a complete run


def test_rollback_failure_is_rollback_failed():
    doc = build(lambda b: failed_and_rolled_back(b, fail_types=("vpc",)))
    assert doc["outcome"]["status"] == "rollback_failed" and doc["targets"][0]["status"] == "rollback_failed"
    steps = dict(((s["action"], s["target"]["name"]), s) for s in doc["targets"][0]["steps"])
    assert steps[("create_vpc", "vpc-prod")]["status"] == "rollback_failed"
    assert steps[("create_vswitch", "vsw-a")]["status"] == "rolled_back"
    assert steps[("rollback_vpc", "vpc-prod")]["status"] == "rollback_failed"
    assert "DependencyViolation" in steps[("rollback_vpc", "vpc-prod")]["error"]
    assert doc["summary"]["rollback_steps"] == {"total": 3, "rolled_back": 2, "rollback_failed": 1}
    assert steps[("rollback_vpc", "vpc-prod")]["uid"] in doc["sections"]["failed"]
    journal = dict((j["type"], j["undone"]) for j in doc["targets"][0]["journal"])
    assert journal == {"vpc": False, "vswitch": True}     # the VPC is still there: undo it by hand


def test_failed_without_rollback_is_failed():
    doc = build(lambda b: (b.add_result(HOST, cs.plan_result()), b.add_failure(HOST, cs.apply_result(fail_at=1), task_name="apply")))
    assert doc["outcome"]["status"] == "failed" and doc["targets"][0]["status"] == "failed"
    assert [s for _a, _n, s in statuses(doc)] == ["applied", "failed", "not_started", "not_started"]


def test_precheck_failure_lists_every_planned_step_as_not_started():
    doc = build(lambda b: b.add_failure(HOST, cs.plan_result(failed_check=True), task_name="pre-check"))
    assert doc["outcome"]["status"] == "failed"
    t = doc["targets"][0]
    assert [c["status"] for c in t["pre_checks"]] == ["PASS", "FAIL"] and doc["summary"]["checks"]["FAIL"] == 1
    assert set(s["status"] for s in t["steps"]) == {"not_started"} and len(t["steps"]) == 4
    assert "cidr_overlap" in t["errors"][0]["message"]


def test_window_refusal():
    hosts = [HOST, "zstack-lab"]

    def feed(b):
        for h in hosts:   # every host of the batch reports the same refusal: one record per host survives
            b.add_failure(h, cs.window_result(hosts, closed_since=600), task_name="change window")
    doc = build(feed)
    assert doc["outcome"]["status"] == "refused" and "closed at" in doc["outcome"]["reasons"][0]
    assert [t["name"] for t in doc["targets"]] == hosts and set(t["status"] for t in doc["targets"]) == {"refused"}
    assert [len(t["steps"]) for t in doc["targets"]] == [1, 1] and doc["summary"]["by_status"]["not_started"] == 2
    assert doc["change"]["refusal"]["state"] == "closed" and doc["change"]["window"]["state"] == "closed"


def test_override_is_recorded():
    doc = build(lambda b: (b.add_result(HOST, cs.window_result([HOST], closed_since=60, override_reason="INC-7 outage")),
                           b.add_result(HOST, cs.apply_result())))
    w = doc["change"]["window"]
    assert w["state"] == "overridden" and w["override"] is True and w["override_reason"] == "INC-7 outage"
    assert doc["outcome"]["status"] == "success" and any("override" in x for x in doc["targets"][0]["warnings"])


def test_deadline_between_batches_is_partial():
    hosts = [HOST, "zstack-lab", "zstack-dr"]

    def feed(b):
        b.add_result(HOST, cs.window_result(hosts, batch=[HOST]))
        b.add_result(HOST, cs.apply_result())
        b.add_result("zstack-lab", cs.window_result(hosts, batch=["zstack-lab"], closed_since=5))
    doc = build(feed)
    assert doc["outcome"]["status"] == "partial" and "before this batch started" in doc["outcome"]["reasons"][0]
    by = dict((t["name"], t) for t in doc["targets"])
    assert by[HOST]["status"] == "changed" and by["zstack-lab"]["status"] == "not_started" and by["zstack-dr"]["status"] == "not_started"
    assert by["zstack-dr"]["steps"][0]["reason"] == "deadline passed before this batch started"
    assert doc["change"]["deadline"]["hosts"] == ["zstack-lab", "zstack-dr"] and doc["change"]["window"]["state"] == "open"
    assert [t["name"] for t in doc["targets"]] == hosts


def test_killed_run_is_incomplete_and_unfinished_plan_steps_are_not_started():
    def feed(b):
        b.add_result(HOST, cs.window_result([HOST, "zstack-lab"]))
        b.add_result(HOST, cs.plan_result())
        b.add_result(HOST, cs.apply_result(upto=2))
        b.incomplete_reasons.append("killed by job_timeout after 30 s")
    doc = build(feed, {"incomplete_reasons": ["zstack-lab: task 'apply' was still running when the run ended"]})
    assert doc["outcome"]["status"] == "incomplete" and doc["run"]["complete"] is False
    assert doc["run"]["incomplete_reasons"][0] == "killed by job_timeout after 30 s"
    assert [s for _a, _n, s in statuses(doc)] == ["applied", "applied", "not_started", "not_started"]
    assert doc["targets"][0]["steps"][2]["reason"].startswith("no result")
    lab = [t for t in doc["targets"] if t["name"] == "zstack-lab"][0]
    assert lab["status"] == "not_started" and lab["not_reached"] is True and lab["steps"] == []


def test_notes_do_not_make_a_run_incomplete():
    doc = build(lambda b: b.add_result(HOST, cs.apply_result()), {"notes": ["play stopped early: no hosts remaining"]})
    assert doc["run"]["complete"] is True and doc["run"]["notes"] == ["play stopped early: no hosts remaining"]


def test_duplicate_uid_keeps_the_most_telling_status():
    def feed(b):
        b.add_result(HOST, cs.apply_result())
        b.add_result(HOST, cs.apply_result(unchanged=True))   # a verify re-run must not hide what was applied
    doc = build(feed)
    assert [s for _a, _n, s in statuses(doc)] == ["applied"] * 4


def test_secrets_and_no_log_results_never_become_report_material():
    def feed(b):
        leaky = cs.apply_result(upto=1, extra_after={"AccessKeySecret": cs.SECRET, "password": cs.SECRET})
        leaky["journal"][0]["keys"]["access_key_secret"] = cs.SECRET
        leaky["invocation"] = {"module_args": {"access_key_secret": cs.SECRET}}
        b.add_result(HOST, leaky)
        censored = cs.apply_result()
        censored["_ansible_no_log"] = True
        b.add_result("hidden-host", censored)
        b.add_result("hidden-2", {"censored": "the output has been hidden due to the fact that 'no_log: true' was specified",
                                  "report_kind": "change"})
        b.add_failure("hidden-3", {"_ansible_no_log": True, "msg": "token %s" % cs.SECRET, "report_kind": "change"}, task_name="x")
    doc = build(feed)
    text = json.dumps(doc)
    assert cs.SECRET not in text and MASK in text
    assert [t["name"] for t in doc["targets"]] == [HOST, "hidden-3"]
    assert doc["targets"][1]["errors"][0]["message"] == "the task failed; its output is hidden by no_log"
    diff = dict((d["path"], d["after"]) for d in doc["targets"][0]["steps"][0]["diff"])
    assert diff["AccessKeySecret"] == MASK and diff["password"] == MASK and diff["VpcId"] == "vpc-0001"


def test_unreachable_host_fails_the_change():
    doc = build(lambda b: (b.add_result(HOST, cs.apply_result()),
                           b.add_failure("zstack-lab", {"msg": "Failed to connect"}, unreachable=True, task_name="apply")))
    assert doc["outcome"]["status"] == "failed"
    lab = [t for t in doc["targets"] if t["name"] == "zstack-lab"][0]
    assert lab["status"] == "failed" and lab["errors"][0]["unreachable"] is True

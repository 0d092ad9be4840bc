"""zstack_alarm_coverage in-process against the demo lab: audit, remediation as a change (check mode, apply, again
unchanged, rollback), never touching an alarm the baseline does not name, bad baselines failing before any request."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import coverage
from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_alarm_coverage

from .module_runner import lab_args, run_module

BASELINE = [
    {"kind": "host", "metric": "CPUAverageUsedUtilization", "comparison": "GreaterThanOrEqualTo", "threshold": 80,
     "level": "Important", "notify": "ops-email", "name": "host-cpu-high"},
    {"kind": "primary_storage", "metric": "UsedPhysicalCapacityInPercent", "comparison": "GreaterThanOrEqualTo",
     "threshold": 85, "level": "Emergent", "notify": "ops-email", "manage": False},
    {"kind": "vm", "metric": "MemoryUsedInPercent", "comparison": "GreaterThanOrEqualTo", "threshold": 90, "level": "Normal",
     "notify": "ops-email"},
]


@pytest.fixture(autouse=True)
def journals(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDOPS_JOURNAL_DIR", str(tmp_path / "journals"))


def test_audit_lists_uncovered_silent_and_disabled(fresh_lab, capsys):
    with fresh_lab.state.lock:
        alarm = next(a for a in fresh_lab.state.all("alarm") if a["name"] == "host-mem-high")
        alarm["state"] = "Disabled"
        fresh_lab.state.touch()
    failed, result = run_module(zstack_alarm_coverage, lab_args(fresh_lab, baseline=BASELINE), capsys)
    assert not failed, result
    kinds = sorted(set((f["finding"], f["rule"] if f["finding"] == "uncovered" else f["rule"]["name"]) for f in result["findings"]))
    assert kinds == [("disabled", "host-mem-high"), ("no_notification", "bs-usage-high"),
                     ("uncovered", "cloudops-vm-MemoryUsedInPercent")]
    silent = next(f for f in result["findings"] if f["finding"] == "no_notification")
    assert "ops-dingtalk" in silent["detail"] and "disabled" in silent["detail"]
    assert result["summary"]["uncovered"] == 25 and result["changed"] is False


def test_remediation_is_a_change_check_apply_again_rollback(fresh_lab, capsys):
    before = {a["uuid"]: dict(a) for a in fresh_lab.state.all("alarm")}
    args = lab_args(fresh_lab, baseline=BASELINE, state="present", change={"id": "CHG-ALARM-1"})
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_alarm_coverage, dict(args, _ansible_check_mode=True), capsys)
    assert not failed and result["changed"] and [c["status"] for c in result["changes"]] == ["unchanged", "planned"]
    assert len(fresh_lab.state.all("alarm")) == len(before)
    failed, result = run_module(zstack_alarm_coverage, args, capsys)
    assert not failed, result
    assert [(c["action"], c["status"]) for c in result["changes"]] == [("update_alarm", "unchanged"), ("create_alarm", "applied")]
    assert result["report_kind"] == "change" and result["summary"].get("uncovered") is None
    made = [a for a in fresh_lab.state.all("alarm") if a["uuid"] not in before]
    assert [(a["name"], a["threshold"], a["actions"][0]["actionType"]) for a in made] == [
        ("cloudops-vm-MemoryUsedInPercent", 90.0, "sns")]
    # alarms the baseline does not name (bs-usage-high's silent path, ps-usage-high with manage: false) stay as they were
    for uuid, alarm in before.items():
        assert fresh_lab.state.get("alarm", uuid)["actions"] == alarm["actions"]
    failed, again = run_module(zstack_alarm_coverage, args, capsys)
    assert not failed and not again["changed"] and {c["status"] for c in again["changes"]} == {"unchanged"}
    failed, undone = run_module(zstack_alarm_coverage, dict(args, state="rollback", journal=result["journal"]), capsys)
    assert not failed, undone
    assert undone["rolled_back"] == 1 and sorted(a["uuid"] for a in fresh_lab.state.all("alarm")) == sorted(before)


def test_a_managed_alarm_is_put_back_and_the_rollback_restores_it(fresh_lab, capsys):
    with fresh_lab.state.lock:
        alarm = next(a for a in fresh_lab.state.all("alarm") if a["name"] == "host-cpu-high")
        alarm["threshold"] = 95.0
        fresh_lab.state.touch()
    args = lab_args(fresh_lab, baseline=BASELINE[:1], state="present", change={"id": "CHG-ALARM-2"})
    failed, result = run_module(zstack_alarm_coverage, args, capsys)
    assert not failed, result
    assert [(c["action"], c["status"]) for c in result["changes"]] == [("update_alarm", "applied")]
    assert alarm["threshold"] == 80.0
    failed, undone = run_module(zstack_alarm_coverage, dict(args, state="rollback", journal=result["journal"]), capsys)
    assert not failed and alarm["threshold"] == 95.0


@pytest.mark.parametrize("entry, text", [
    ({"metric": "CPUBogus"}, "unknown metric"),
    ({"namespace": "ZStack/Nope"}, "unknown namespace"),
    ({"threshold": 180}, "out of range"),
    ({"kind": "printer"}, "kind 'printer'"),
    ({"comparison": "Equal"}, "comparison"),
    ({"level": "Urgent"}, "level"),
    ({"notify": None}, "notify"),
])
def test_a_bad_baseline_fails_before_any_request(fresh_lab, capsys, entry, text):
    fresh_lab.reset_stats()
    bad = lab_args(fresh_lab, baseline=[dict(BASELINE[0], **entry)], state="present")
    failed, result = run_module(zstack_alarm_coverage, bad, capsys)
    assert failed and text in result["msg"] and "nothing was read or written" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0


def test_a_topic_without_a_working_endpoint_refuses_the_remediation_before_any_write(fresh_lab, capsys):
    baseline = [dict(BASELINE[2], notify="ops-dingtalk")]
    count = len(fresh_lab.state.all("alarm"))
    failed, result = run_module(zstack_alarm_coverage, lab_args(fresh_lab, baseline=baseline, state="present"), capsys)
    assert failed and "nothing was changed" in result["msg"] and "ops-dingtalk" in result["msg"]
    assert len(fresh_lab.state.all("alarm")) == count


def test_strictness():
    assert coverage.strict_enough("GreaterThanOrEqualTo", 80, "GreaterThan", 75)
    assert not coverage.strict_enough("GreaterThanOrEqualTo", 80, "GreaterThan", 85)
    assert coverage.strict_enough("LessThan", 10, "LessThanOrEqualTo", 15)
    assert not coverage.strict_enough("LessThan", 10, "GreaterThan", 5)

"""apsara_alarm_coverage in-process against the Apsara demo lab: audit (the empty contact group, uncovered instances),
remediation as a change (check mode, apply, again unchanged, rollback), bad baselines before any request."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_alarm_coverage
from lab.apsara import ApsaraLab

from .module_runner import run_module

BASELINE = [
    {"kind": "instance", "metric": "CPUUtilization", "comparison": "GreaterThanOrEqualToThreshold", "threshold": 90,
     "level": "critical", "notify": "ops-oncall", "manage": False},
    {"kind": "instance", "metric": "diskusage_utilization", "comparison": "GreaterThanOrEqualToThreshold", "threshold": 85,
     "level": "critical", "notify": "ops-oncall", "manage": False},
    {"kind": "rds", "metric": "DiskUsage", "comparison": "GreaterThanOrEqualToThreshold", "threshold": 80, "level": "warn",
     "notify": "ops-oncall", "name": "cloudops-rds-disk"},
]


@pytest.fixture
def alab(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDOPS_JOURNAL_DIR", str(tmp_path / "journals"))
    with ApsaraLab(world="demo", https_port=None) as lab:
        yield lab


def args(lab, **extra):
    out = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
           "organization_id": lab.organization_id, "endpoints": lab.endpoints, "baseline": BASELINE}
    out.update(extra)
    return out


def test_audit(alab, capsys):
    failed, result = run_module(apsara_alarm_coverage, args(alab), capsys)
    assert not failed, result
    silent = [f for f in result["findings"] if f["finding"] == "no_notification"]
    assert [(f["rule"]["name"], f["detail"]) for f in silent] == [
        ("ecs-disk-high", "contact group night-shift has no contact with a channel")]
    uncovered = sorted(set(f["rule"] for f in result["findings"] if f["finding"] == "uncovered"))
    assert uncovered == ["cloudops-rds-disk"] and result["summary"]["uncovered"] == 2


def test_remediation_check_apply_again_rollback(alab, capsys):
    rules = set(alab.state.table("alarm_rule"))
    change = {"id": "CHG-CMS-1"}
    failed, planned = run_module(apsara_alarm_coverage, args(alab, state="present", change=change, _ansible_check_mode=True), capsys)
    assert not failed and [c["status"] for c in planned["changes"]] == ["planned"] and set(alab.state.table("alarm_rule")) == rules
    failed, result = run_module(apsara_alarm_coverage, args(alab, state="present", change=change), capsys)
    assert not failed, result
    assert [(c["action"], c["status"]) for c in result["changes"]] == [("create_rule", "applied")]
    made = alab.state.get("alarm_rule", "cloudops-rds-disk")
    assert made["ContactGroups"] == "ops-oncall" and made["Escalations"]["Warn"]["Threshold"] == "80.0"
    assert "uncovered" not in result["summary"]
    failed, again = run_module(apsara_alarm_coverage, args(alab, state="present", change=change), capsys)
    assert not failed and not again["changed"]
    failed, undone = run_module(apsara_alarm_coverage, args(alab, state="rollback", journal=result["journal"], change=change), capsys)
    assert not failed, undone
    assert set(alab.state.table("alarm_rule")) == rules


def test_an_empty_contact_group_refuses_remediation_before_any_write(alab, capsys):
    rules = set(alab.state.table("alarm_rule"))
    failed, result = run_module(apsara_alarm_coverage, args(alab, state="present", baseline=[dict(BASELINE[2], notify="night-shift")]),
                                capsys)
    assert failed and "night-shift has no contact" in result["msg"] and set(alab.state.table("alarm_rule")) == rules


def test_a_bad_baseline_fails_before_any_request(alab, capsys):
    alab.reset_stats()
    failed, result = run_module(apsara_alarm_coverage, args(alab, baseline=[dict(BASELINE[0], metric="cpu_bogus")]), capsys)
    assert failed and "unknown metric" in result["msg"]
    assert alab.stats()["requests"] == 0

"""apsara_backup_validate against the Apsara lab: bad input before any call, the demo world's protection table."""

import os

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_backup_validate

from ..module_utils.apsara_fixtures import apsara_lab_fixture  # noqa: F401  pylint: disable=unused-import
from .module_runner import run_module

PROD = [{"name": "prod-daily", "match": {"tag": "env=prod"}, "rpo_hours": 24, "retention_days": 7}]
WORLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "lab", "worlds", "apsara_demo.yml")


def lab_args(lab, **extra):
    args = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
            "organization_id": lab.organization_id, "endpoints": lab.endpoints}
    args.update(extra)
    return args


def test_bad_requirements_fail_before_any_call(capsys):
    args = {"access_key_id": "AK", "access_key_secret": "S", "region_id": "cn-test-1", "endpoints": {"ecs": "http://127.0.0.1:9"},
            "backup_requirements": [{"name": "r", "match": {"colour": "red"}, "rpo_hours": -1}]}
    failed, result = run_module(apsara_backup_validate, args, capsys)
    assert failed and "colour" in result["msg"] and "rpo_hours" in result["msg"]


def test_unknown_group_fails_after_the_reads(apsara_lab, capsys):
    rules = [{"name": "ghost", "match": {"group": "ResourceSet(nowhere)"}, "rpo_hours": 24}]
    failed, result = run_module(apsara_backup_validate, lab_args(apsara_lab, backup_requirements=rules), capsys)
    assert failed and "ResourceSet(nowhere)" in result["msg"] and "ResourceSet(prod)" in result["msg"]


def test_demo_world_prod_disk_without_policy(apsara_lab, capsys):
    failed, result = run_module(apsara_backup_validate, lab_args(apsara_lab, backup_requirements=PROD, _ansible_check_mode=True), capsys)
    assert not failed, result.get("msg")
    assert result["report_kind"] == "backup" and result["collection"]["errors"] == {}
    rows = dict((r["resource"]["name"], r) for r in result["protection"])
    assert rows["log-01-data1"]["status"] == "unprotected" and rows["log-01-data1"]["last_success"]
    assert rows["web-01"]["status"] == "ok" and rows["web-01"]["policies"] == ["asp-system-daily"]
    assert rows["dev-01"]["status"] == "not_required"
    assert rows["rds-prod-pg"]["status"] == "not_required"  # RDS carries no tags: match it by name or group
    failing = set((f["check_id"], f["resource"]["name"]) for f in result["findings"] if f["status"] == "FAIL")
    assert ("apsara_backup_required_unprotected", "log-01-data1") in failing
    assert ("apsara_backup_job_run_failed", "rds-prod-pg backup") in failing
    assert 0 < result["coverage"]["pct"] < 100
    assert result["summary"]["by_status"]["ERROR"] == 0
    assert set(p["kind"] for p in result["policies"]) == {"snapshot", "rds_backup"}


def test_rds_by_group_and_name(apsara_lab, capsys):
    rules = [{"name": "databases", "match": {"name": "rds-*", "group": "ResourceSet(prod)"}, "rpo_hours": 24, "retention_days": 7}]
    failed, result = run_module(apsara_backup_validate, lab_args(apsara_lab, backup_requirements=rules), capsys)
    assert not failed, result.get("msg")
    rows = dict((r["resource"]["name"], r) for r in result["protection"] if r["required"])
    assert set(rows) == {"rds-prod-mysql", "rds-prod-pg"}
    assert rows["rds-prod-pg"]["status"] == "failing" and rows["rds-prod-mysql"]["status"] == "ok"


def test_planted_stale_snapshot(apsara_lab, capsys):
    with open(WORLD, encoding="utf-8") as handle:
        if "stale" not in handle.read().lower():
            pytest.skip("the Apsara demo world has no stale snapshot yet")
    failed, result = run_module(apsara_backup_validate, lab_args(apsara_lab, backup_requirements=PROD), capsys)
    assert not failed, result.get("msg")
    assert [f for f in result["findings"] if f["check_id"] == "apsara_backup_rpo_exceeded" and f["status"] == "FAIL"
            and f["resource"]["name"] != "log-01-data1"]

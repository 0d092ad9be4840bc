"""Pure backup validation: requirements parsing and matching, job health, rows, coverage, model building."""

import datetime

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup import protection
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.checks import APSARA_CHECKS, ZSTACK_CHECKS
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.requirements import (
    RequirementError,
    facts,
    parse_rules,
    rule_for,
    unknown_references,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue, zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate

NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.timezone.utc)
THRESHOLDS = {"daily_max_hours": 26, "interval_factor": 2}


def hours_ago(hours):
    return NOW - datetime.timedelta(hours=hours)


RULES = parse_rules([{"name": "prod", "match": {"tag": "env=prod"}, "rpo_hours": 24, "retention_days": 7},
                     {"name": "db", "match": {"name": "db-*", "group": "CLU-B"}, "rpo_hours": 12}])


@pytest.mark.parametrize("raw, word", [
    ("not a list", "must be a list"),
    ([{"name": "a", "match": {"tag": "env=prod"}, "rpo_hours": 24, "extra": 1}], "unknown keys extra"),
    ([{"name": "a", "match": {}, "rpo_hours": 24}], "non-empty match"),
    ([{"name": "a", "match": {"tag": "env"}, "rpo_hours": 24}], "key=value"),
    ([{"name": "a", "match": {"colour": "x"}, "rpo_hours": 24}], "unknown match keys colour"),
    ([{"name": "a", "match": {"name": "x"}, "rpo_hours": True}], "rpo_hours"),
    ([{"name": "a", "match": {"name": "x"}, "rpo_hours": 0}], "rpo_hours"),
    ([{"name": "a", "match": {"name": "x"}, "rpo_hours": 1, "retention_days": "7"}], "retention_days"),
    ([{"match": {"name": "x"}, "rpo_hours": 1}], "needs a name"),
    ([{"name": "a", "match": {"name": "x"}, "rpo_hours": 1}, {"name": "a", "match": {"name": "y"}, "rpo_hours": 1}], "defined twice"),
])
def test_bad_rules(raw, word):
    with pytest.raises(RequirementError) as err:
        parse_rules(raw)
    assert word in str(err.value)


def test_matching_first_rule_wins_and_all_keys_must_match():
    assert rule_for(RULES, facts("web-01", {"env": "prod"}))["name"] == "prod"
    assert rule_for(RULES, facts("db-01", {"env": "dev"}, ["CLU-B"]))["name"] == "db"
    assert rule_for(RULES, facts("db-01", {}, ["CLU-A"])) is None
    assert rule_for(RULES, facts("DATA-1", {}, ["CLU-B"], owner="db-02"))["name"] == "db"  # a volume by its VM's name
    assert parse_rules([{"name": "z", "match": {"tag": "env::prod"}, "rpo_hours": 1}])[0]["match"]["tag"] == "env::prod"
    assert rule_for(parse_rules([{"name": "z", "match": {"tag": "env::prod"}, "rpo_hours": 1}]), facts("x", {"env": "prod"}))


def test_unknown_references():
    problems = unknown_references(RULES, [facts("a", {"env": "dev"})], ["CLU-A"])
    assert any("env=prod" in p for p in problems) and any("CLU-B" in p for p in problems)
    assert unknown_references(RULES, [facts("a", {"env": "prod"})], ["CLU-B"]) == []


def _job(runs, interval=None, enabled=True, created=None):
    return {"uuid": "j1", "name": "job", "policy": "p1", "target": {"type": "volume", "uuid": "v1", "name": "v"},
            "runs": runs, "interval_hours": interval, "created": created, "enabled": enabled}


def test_job_health_consecutive_failures_and_stale():
    health = protection.job_health(_job([(hours_ago(2), False), (hours_ago(26), False), (hours_ago(50), True), (hours_ago(74), False)]),
                                   NOW, THRESHOLDS)
    assert health["success"] is False and health["consecutive_failures"] == 2 and not health["stale"]
    assert health["last_run"] == "2026-11-27T10:00:00Z"
    assert protection.job_health(_job([(hours_ago(27), True)], 24), NOW, THRESHOLDS)["stale"]
    assert not protection.job_health(_job([(hours_ago(7), True)], 4), NOW, THRESHOLDS)["stale"]
    assert protection.job_health(_job([(hours_ago(9), True)], 4), NOW, THRESHOLDS)["stale"]  # 2 x 4 h
    assert not protection.job_health(_job([(hours_ago(200), True)], enabled=False), NOW, THRESHOLDS)["stale"]
    never = protection.job_health(_job([], created=hours_ago(30)), NOW, THRESHOLDS)
    assert never["stale"] and never["success"] is None and never["last_run"] is None


def test_cron_interval():
    assert protection.cron_interval_hours("0 0 1 * * ?") == 24
    assert protection.cron_interval_hours("0 30 * * * ?") == 1
    assert protection.cron_interval_hours("0 0 1 ? * MON") is None


def _model(points, policies=("p1",), jobs=None):
    subject = {"ref": {"type": "vm", "uuid": "u1", "name": "web-01"}, "facts": facts("web-01", {"env": "prod"}),
               "policies": list(policies), "jobs": ["j1"] if policies else [], "points": points, "policy_kept_days": None}
    return {"subjects": [subject], "jobs": jobs if jobs is not None else [_job([(hours_ago(3), True)], 24)],
            "policies": [{"uuid": "p1", "name": "daily", "kind": "backup", "schedule": "-", "retention": "-", "targets": 1,
                          "state": "Enabled"}], "groups": []}


def _points(*ages, good=True, record=True):
    return [{"when": hours_ago(a), "good": good, "record": record} for a in ages]


@pytest.mark.parametrize("model, status", [
    (_model(_points(3, 27, 51, 75, 99, 123, 147, 171)), "ok"),
    (_model(_points(30, 54)), "stale"),
    (_model(_points(3, 27) + _points(1, good=False)), "ok"),
    (_model(_points(3), jobs=[_job([(hours_ago(1), False)], 24)]), "failing"),
    (_model(_points(3), jobs=[_job([(hours_ago(30), True)], 24)]), "stale"),
    (_model(_points(3), policies=()), "unprotected"),
])
def test_row_status(model, status):
    rows, policies, jobs = protection.build(model, RULES, NOW, THRESHOLDS)
    assert rows[0]["status"] == status
    assert set(protection.public_row(rows[0])) == set(protection.ROW_KEYS)
    assert policies[0]["last_result"] in ("success", "failed") and jobs[0]["uuid"] == "j1"


def test_rpo_and_retention_numbers_and_coverage():
    rows, _policies, _jobs = protection.build(_model(_points(3, 27, 51) + _points(1, record=False)), RULES, NOW, THRESHOLDS)
    row = rows[0]
    assert row["age_hours"] == 1.0 and row["retained"] == 3 and row["kept_days"] == 2.1
    assert row["last_success"] == "2026-11-27T11:00:00Z"
    assert protection.coverage(rows) == {"required": 1, "protected": 1, "pct": 100.0}
    unprotected, _p, _j = protection.build(_model([], policies=()), RULES, NOW, THRESHOLDS)
    assert protection.coverage(unprotected + rows) == {"required": 2, "protected": 1, "pct": 50.0}
    not_required, _p, _j = protection.build(_model(_points(3)), [], NOW, THRESHOLDS)
    assert not_required[0]["status"] == "not_required" and not_required[0]["rpo_hours"] is None


def _findings(model, checks):
    rows, _policies, jobs = protection.build(model, RULES, NOW, THRESHOLDS)
    return evaluate(checks, {"protection": rows, "backup_jobs": jobs}, checks[0].platform, "lab", now=NOW)


def test_checks_pass_and_fail():
    healthy = _findings(_model(_points(3, 27, 51, 75, 99, 123, 147, 171)), ZSTACK_CHECKS)
    assert healthy and all(f["status"] == "PASS" for f in healthy)
    assert len(healthy) == 5  # coverage, RPO, retention for the resource; run and stopped for the job
    jobs = [_job([(hours_ago(h), False) for h in (1, 25, 49)], 24)]
    bad = _findings(_model(_points(30), jobs=jobs), APSARA_CHECKS)
    failed = dict((f["check_id"], f) for f in bad if f["status"] == "FAIL")
    assert set(failed) == {"apsara_backup_rpo_exceeded", "apsara_backup_retention_short", "apsara_backup_job_run_failed"}
    assert failed["apsara_backup_job_run_failed"]["severity"] == "critical"
    assert "3" in failed["apsara_backup_job_run_failed"]["message"]["en"]
    assert "{" not in failed["apsara_backup_rpo_exceeded"]["message"]["zh_CN"]
    unprotected = _findings(_model([], policies=(), jobs=[]), ZSTACK_CHECKS)
    assert [f for f in unprotected if f["check_id"] == "zstack_backup_required_unprotected" and f["status"] == "FAIL"]


def test_check_ids_are_new_and_texts_clean():
    existing = set(c.id for c in zstack_catalogue.CHECKS + apsara_catalogue.CHECKS)
    for check in ZSTACK_CHECKS + APSARA_CHECKS:
        assert check.id not in existing and check.id.startswith(check.platform + "_backup_") and check.pillar == "backup"
        for text in (check.title, check.message, check.remediation):
            for value in text.values():
                assert not set(value) & set("\u201c\u201d\u2018\u2019")


def test_zstack_model_from_items():
    ctx = {"now": NOW}
    data = {
        "clusters": [{"uuid": "c1", "name": "CLU-B"}],
        "user_tags": [{"resourceUuid": "vm1", "tag": "env::prod"}],
        "vms": [{"uuid": "vm1", "name": "db-01", "clusterUuid": "c1", "rootVolumeUuid": "r1", "type": "UserVm"}],
        "volumes": [{"uuid": "r1", "name": "ROOT", "type": "Root", "vmInstanceUuid": "vm1"},
                    {"uuid": "d1", "name": "DATA", "type": "Data", "vmInstanceUuid": "vm1"}],
        "snapshots": [{"volumeUuid": "r1", "status": "Ready", "createDate": "2026-11-27T06:00:00Z"}],
        "volume_backups": [{"volumeUuid": "d1", "status": "Ready", "createDate": "2026-11-26T06:00:00Z"}],
        "scheduler_jobs": [{"uuid": "j1", "name": "vm-backup", "jobClassName": "org.zstack.storage.backup.CreateVmBackupJob",
                            "targetResourceUuid": "vm1", "state": "Enabled", "triggersUuid": ["t1"]},
                           {"uuid": "j2", "name": "stop", "jobClassName": "org.zstack.compute.vm.StopVmInstanceJob", "targetResourceUuid": "vm1"}],
        "scheduler_triggers": [{"uuid": "t1", "schedulerType": "cron", "cron": "0 0 1 * * ?"}],
        "scheduler_history": [{"schedulerJobUuid": "j1", "startTime": "2026-11-27T01:00:00Z", "success": True}],
    }
    model = protection.zstack_model(data, ctx)
    assert [s["ref"]["name"] for s in model["subjects"]] == ["db-01", "DATA"]
    assert [p["name"] for p in model["policies"]] == ["vm-backup"] and model["policies"][0]["targets"] == 2
    assert model["subjects"][1]["facts"]["tags"] == {"env": "prod"} and model["subjects"][1]["facts"]["groups"] == {"CLU-B"}
    rows, _policies, jobs = protection.build(model, RULES, NOW, THRESHOLDS)
    assert [r["status"] for r in rows] == ["ok", "ok"] and jobs[0]["success"] is True
    assert rows[0]["age_hours"] == 6.0 and rows[1]["retained"] == 1

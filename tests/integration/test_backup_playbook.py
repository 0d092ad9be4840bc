"""playbooks/validate_backups.yml against both demo worlds: coverage, job health, RPO, restore tests, cleanup."""

import json
import os

from test_inspect_playbook import all_text  # pylint: disable=import-error


def latest_backup_report(reports):
    run_dir = os.path.realpath(os.path.join(str(reports), "backup", "latest"))
    with open(os.path.join(run_dir, "report.json")) as handle:
        return run_dir, json.load(handle)


def failing(report, host):
    return set((f["check_id"], f["resource"]["name"]) for f in report["findings"] if f["status"] == "FAIL" and f["host"] == host)


def scratch_volumes(zstack_lab):
    with zstack_lab.state.lock:
        return sorted(v["name"] for v in zstack_lab.state.all("volume") if str(v.get("name", "")).startswith("cloudops-restore-"))


def test_backup_report_shows_every_planted_problem(runner):
    zstack_before = runner.lab.stats()
    proc = runner.playbook("playbooks/validate_backups.yml", "-e", "backup_validation_restore_test=true")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    run_dir, report = latest_backup_report(runner.reports)
    assert report["kind"] == "backup" and report["run"]["complete"] is True

    zstack = failing(report, "zstack-lab")
    assert ("zstack_backup_required_unprotected", "web-06") in zstack          # the unprotected prod VM
    assert ("zstack_backup_job_run_failed", "backup-db-02-data") in zstack     # the failing job
    assert ("zstack_backup_job_stopped", "snapshot-app-02-data") in zstack     # the stale snapshot
    assert ("zstack_restore_test_failed", "DATA-db-01-1") in zstack            # the backup whose restore fails verification
    apsara = failing(report, "apsara-lab")
    assert ("apsara_backup_required_unprotected", "log-01-data1") in apsara
    assert ("apsara_backup_rpo_exceeded", "mon-01-data1") in apsara
    assert ("apsara_restore_test_failed", "db-02-data1") in apsara

    tests = dict(((e["name"], t["source"]["name"]), t) for e in report["endpoints"] for t in e["restore_tests"])
    assert tests[("zstack-lab", "DATA-db-01-1")]["checks"]["content"] is False
    assert tests[("apsara-lab", "app-01-data1")]["status"] == "passed"
    assert [t for (host, _name), t in tests.items() if host == "zstack-lab" and t["status"] == "passed"]
    for test in tests.values():
        assert test["cleaned_up"] is True and test["original_unchanged"] is True
        assert test["status"] != "passed" or test["rto_seconds"] > 0
    # The scratch volumes are gone again: nothing named cloudops-restore-* remains.
    assert scratch_volumes(runner.lab) == []
    assert runner.lab.stats()["requests"] > zstack_before["requests"]

    html = open(os.path.join(run_dir, "report.html"), encoding="utf-8").read()
    assert "web-06" in html and "DATA-db-01-1" in html
    for secret in (runner.lab.password, runner.apsara.access_key_secret):
        assert secret not in proc.stdout + proc.stderr
        assert secret not in all_text(str(runner.reports))


def test_check_mode_restores_nothing(runner):
    proc = runner.playbook("playbooks/validate_backups.yml", "--check", "-e", "backup_validation_restore_test=true")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _run_dir, report = latest_backup_report(runner.reports)
    statuses = set(t["status"] for e in report["endpoints"] for t in e["restore_tests"])
    assert statuses == {"planned"}
    assert scratch_volumes(runner.lab) == []

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import backup

from .helpers import assert_mentions, by_name, gson, status_of, run_check

VOLUME_JOB = "org.zstack.storage.backup.CreateVolumeBackupJob"
VM_JOB = "org.zstack.storage.backup.CreateVmBackupJob"


def _job(uuid, name, target, cls=VOLUME_JOB, state="Enabled", triggers=("t-daily",), **extra):
    job = {"uuid": uuid, "name": name, "targetResourceUuid": target, "state": state, "jobClassName": cls,
           "jobData": '{"volumeUuid": "%s"}' % target, "triggersUuid": list(triggers), "createDate": gson(90)}
    job.update(extra)
    return job


def _run(job_uuid, hours_ago, success=True, result=""):
    return {"id": int(hours_ago * 10), "schedulerJobUuid": job_uuid, "triggerUuid": "t-daily", "jobType": "volumeBackup",
            "startTime": gson(0, hours_ago), "executeTime": gson(0, hours_ago), "success": success, "resultDump": result}


def _data():
    return {
        "scheduler_jobs": [
            _job("j1", "db-nightly", "vol-db"),
            _job("j2", "web-nightly", "vol-web"),
            _job("j3", "weekly-archive", "vol-arch", triggers=("t-weekly",)),
            _job("j4", "snapshot-job", "vol-x", cls="org.zstack.storage.snapshot.CreateVolumeSnapshotJob"),
            _job("j5", "never-ran", "vol-new", createDate=gson(10)),
            _job("j6", "paused", "vm-legacy", cls=VM_JOB, state="Disabled"),
        ],
        "scheduler_triggers": [
            {"uuid": "t-daily", "name": "daily", "schedulerType": "cron", "cron": "0 0 2 * * ?"},
            {"uuid": "t-weekly", "name": "weekly", "schedulerType": "simple", "schedulerInterval": 7 * 86400},
        ],
        "scheduler_history": [
            _run("j1", 50, success=True), _run("j1", 2, success=False, result="backup storage bs-1 is full"),
            _run("j2", 30, success=False), _run("j2", 6, success=True),
            _run("j3", 24 * 10, success=True),
            _run("j4", 1, success=False),
        ],
    }


def test_backup_job_last_failed_uses_newest_run():
    findings = by_name(run_check(backup, "zstack_backup_job_last_failed", _data()))
    assert status_of(findings.values()) == {"db-nightly": "FAIL", "web-nightly": "PASS", "weekly-archive": "PASS"}
    assert "full" in findings["db-nightly"]["evidence"]["result"]
    assert findings["db-nightly"]["evidence"]["job_type"] == "CreateVolumeBackupJob"
    assert_mentions(findings["db-nightly"], "db-nightly", "backup storage bs-1 is full")


def test_backup_job_stale():
    findings = by_name(run_check(backup, "zstack_backup_job_stale", _data()))
    assert status_of(findings.values()) == {"db-nightly": "PASS", "web-nightly": "PASS", "weekly-archive": "PASS",
                                            "never-ran": "FAIL"}
    assert findings["weekly-archive"]["evidence"]["allowed_hours"] == 336.0  # twice the simple-trigger interval
    assert findings["never-ran"]["evidence"]["last_run"] == "never"
    assert_mentions(findings["never-ran"], "never-ran", "never")


def test_backup_job_stale_fails_old_run_and_override():
    data = _data()
    data["scheduler_history"] = [_run("j1", 60)]
    data["scheduler_jobs"] = data["scheduler_jobs"][:1]
    findings = run_check(backup, "zstack_backup_job_stale", data)
    assert findings[0]["status"] == "FAIL" and 45 < findings[0]["evidence"]["hours_since"] < 75
    assert findings[0]["evidence"]["allowed_hours"] == 26
    assert_mentions(findings[0], "db-nightly")
    findings = run_check(backup, "zstack_backup_job_stale", data, thresholds={"max_hours": 100})
    assert findings[0]["status"] == "PASS"


def test_backup_job_disabled():
    findings = by_name(run_check(backup, "zstack_backup_job_disabled", _data()))
    assert "snapshot-job" not in findings
    assert findings["paused"]["status"] == "FAIL" and findings["db-nightly"]["status"] == "PASS"
    assert_mentions(findings["paused"], "paused", "vm-legacy", "Disabled")


def test_volume_backup_failed():
    data = {"volume_backups": [
        {"uuid": "b1", "name": "db-0601", "volumeUuid": "vol-db", "status": "Ready", "createDate": gson(1)},
        {"uuid": "b2", "name": "db-0602", "volumeUuid": "vol-db", "status": "Failed", "createDate": gson(2)},
        {"uuid": "b3", "name": "old", "volumeUuid": "vol-db", "status": "Failed", "createDate": gson(40)},
    ]}
    findings = by_name(run_check(backup, "zstack_volume_backup_failed", data))
    assert status_of(findings.values()) == {"db-0601": "PASS", "db-0602": "FAIL"}
    assert_mentions(findings["db-0602"], "db-0602", "vol-db", "Failed")
    findings = by_name(run_check(backup, "zstack_volume_backup_failed", data, thresholds={"lookback_days": 60}))
    assert findings["old"]["status"] == "FAIL"


def test_vm_without_backup_job():
    data = _data()
    data["vms"] = [
        {"uuid": "vm-db", "name": "db-01", "state": "Running", "allVolumes": [{"uuid": "vol-db"}, {"uuid": "vol-db2"}]},
        {"uuid": "vm-app", "name": "app-01", "state": "Running", "allVolumes": [{"uuid": "vol-app"}]},
        {"uuid": "vm-legacy", "name": "legacy", "state": "Running", "allVolumes": []},
        {"uuid": "vm-off", "name": "off", "state": "Stopped", "allVolumes": []},
    ]
    findings = by_name(run_check(backup, "zstack_vm_without_backup_job", data))
    # legacy's only job is disabled; app-01 has none
    assert status_of(findings.values()) == {"db-01": "PASS", "app-01": "FAIL", "legacy": "FAIL"}
    assert findings["db-01"]["evidence"]["protected_resources"] == 1
    assert_mentions(findings["app-01"], "app-01")

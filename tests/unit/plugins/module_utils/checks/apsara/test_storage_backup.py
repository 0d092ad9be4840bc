from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import backup, storage

from .helpers import ago, assert_mentions, by_name, status_of, run_check


def _disk(did, name, status="In_use", dtype="data", policy="sp-daily", detached=None, **extra):
    disk = {"DiskId": did, "DiskName": name, "Status": status, "Type": dtype, "Category": "cloud_ssd", "Size": 200,
            "InstanceId": "i-1" if status == "In_use" else "", "AutoSnapshotPolicyId": policy, "EnableAutoSnapshot": bool(policy),
            "CreationTime": ago(200), "DetachedTime": ago(detached) if detached is not None else ""}
    disk.update(extra)
    return disk


def _snap(sid, disk, hours, status="accomplished", name=None):
    return {"SnapshotId": sid, "SnapshotName": name or sid, "SourceDiskId": disk, "Status": status,
            "Progress": "100%" if status == "accomplished" else "40%", "CreationTime": ago(hours=hours)}


def _policy(pid, name, retention=7, weekdays='["1","2","3","4","5","6","7"]', disks=1, status="Normal"):
    return {"AutoSnapshotPolicyId": pid, "AutoSnapshotPolicyName": name, "TimePoints": '["2"]', "RepeatWeekdays": weekdays,
            "RetentionDays": retention, "DiskNums": disks, "Status": status}


def test_disk_unattached_fails_regardless_of_age():
    data = {"disks": [_disk("d-1", "web-data"), _disk("d-2", "old-orphan", status="Available", detached=40),
                      _disk("d-3", "new-orphan", status="Available", detached=1),
                      _disk("d-4", "never-used", status="Available"), _disk("d-5", "busy", status="Attaching")]}
    findings = by_name(run_check(storage, "apsara_disk_unattached", data))
    assert status_of(findings.values()) == {"web-data": "PASS", "old-orphan": "FAIL", "new-orphan": "FAIL", "never-used": "FAIL"}
    assert findings["old-orphan"]["severity"] == "medium" and findings["new-orphan"]["severity"] == "low"
    assert findings["old-orphan"]["evidence"]["days"] == 40.0 and findings["never-used"]["evidence"]["days"] == 200.0
    assert_mentions(findings["old-orphan"], "old-orphan", "40.0", "200", "cloud_ssd")
    findings = by_name(run_check(storage, "apsara_disk_unattached", data, thresholds={"medium_days": 60}))
    assert findings["old-orphan"]["severity"] == "low"


def test_disk_snapshot_count():
    snaps = [_snap("s-%d" % n, "d-1", n) for n in range(70)] + [_snap("s-x", "d-2", 3), _snap("s-y", "d-gone", 3)]
    data = {"snapshots": snaps, "disks": [_disk("d-1", "chatty"), _disk("d-2", "calm")]}
    findings = by_name(run_check(storage, "apsara_disk_snapshot_count", data))
    assert status_of(findings.values()) == {"chatty": "FAIL", "calm": "PASS", "d-gone": "PASS"}
    assert findings["chatty"]["evidence"]["snapshots"] == 70
    assert_mentions(findings["chatty"], "chatty", "70", "64")
    assert run_check(storage, "apsara_disk_snapshot_count", data, thresholds={"max_snapshots_count": 100})[0]["status"] == "PASS"


def test_disk_no_auto_snapshot_policy():
    data = {"disks": [_disk("d-1", "prod-data"), _disk("d-2", "prod-db-data", policy=""),
                      _disk("d-3", "web-sys", dtype="system", policy=""), _disk("d-4", "spare", status="Available", policy="")]}
    findings = by_name(run_check(backup, "apsara_disk_no_auto_snapshot_policy", data))
    assert status_of(findings.values()) == {"prod-data": "PASS", "prod-db-data": "FAIL", "web-sys": "FAIL", "spare": "FAIL"}
    assert findings["prod-db-data"]["severity"] == "high" and findings["web-sys"]["severity"] == "medium"
    assert_mentions(findings["prod-db-data"], "prod-db-data", "data", "200", "i-1")


def test_disk_auto_snapshot_disabled():
    data = {"disks": [_disk("d-1", "ok"), _disk("d-2", "off", EnableAutoSnapshot=False), _disk("d-3", "nopolicy", policy=""),
                      _disk("d-4", "sys-off", dtype="system", EnableAutoSnapshot=False)]}
    findings = by_name(run_check(backup, "apsara_disk_auto_snapshot_disabled", data))
    assert status_of(findings.values()) == {"ok": "PASS", "off": "FAIL"}
    assert_mentions(findings["off"], "off", "sp-daily", "i-1")


def test_disk_snapshot_stale():
    data = {"disks": [_disk("d-1", "fresh"), _disk("d-2", "stale"), _disk("d-3", "ancient"), _disk("d-4", "never"),
                      _disk("d-5", "brand-new", CreationTime=ago(hours=5)), _disk("d-6", "unprotected", policy="")],
            "snapshots": [_snap("s-1", "d-1", 8), _snap("s-2", "d-1", 32), _snap("s-3", "d-2", 30),
                          _snap("s-4", "d-2", 2, status="failed"), _snap("s-5", "d-3", 24 * 10)]}
    findings = by_name(run_check(backup, "apsara_disk_snapshot_stale", data))
    assert status_of(findings.values()) == {"fresh": "PASS", "stale": "FAIL", "ancient": "FAIL", "never": "FAIL",
                                            "brand-new": "PASS"}
    assert findings["stale"]["evidence"]["hours_since"] == 30.0 and findings["stale"]["severity"] == "high"
    assert findings["ancient"]["severity"] == "critical" and findings["never"]["evidence"]["last_snapshot"] == "never"
    assert_mentions(findings["stale"], "stale", "30.0", "26", "sp-daily")
    findings = by_name(run_check(backup, "apsara_disk_snapshot_stale", data, thresholds={"max_hours": 48}))
    assert findings["stale"]["status"] == "PASS"


def test_snapshot_failed_in_period():
    data = {"disks": [_disk("d-1", "db-data")],
            "snapshots": [_snap("s-1", "d-1", 5), _snap("s-2", "d-1", 20, status="failed", name="auto_20261126"),
                          _snap("s-3", "d-1", 24 * 30, status="failed", name="old-failure")]}
    findings = by_name(run_check(backup, "apsara_snapshot_failed", data))
    assert status_of(findings.values()) == {"s-1": "PASS", "auto_20261126": "FAIL"}
    assert_mentions(findings["auto_20261126"], "auto_20261126", "db-data", "failed")
    findings = by_name(run_check(backup, "apsara_snapshot_failed", data, thresholds={"lookback_days": 60}))
    assert findings["old-failure"]["status"] == "FAIL"


def test_snapshot_stuck_progressing():
    data = {"snapshots": [_snap("s-1", "d-1", 1, status="progressing"), _snap("s-2", "d-2", 9, status="progressing"),
                          _snap("s-3", "d-3", 50)]}
    findings = by_name(run_check(backup, "apsara_snapshot_stuck_progressing", data))
    assert status_of(findings.values()) == {"s-1": "PASS", "s-2": "FAIL"}
    assert_mentions(findings["s-2"], "s-2", "9.0", "40%", "d-2")


def test_policy_short_retention():
    data = {"auto_snapshot_policies": [_policy("sp-1", "daily-7"), _policy("sp-2", "daily-3", retention=3),
                                       _policy("sp-3", "forever", retention=-1)]}
    findings = by_name(run_check(backup, "apsara_auto_snapshot_policy_short_retention", data))
    assert status_of(findings.values()) == {"daily-7": "PASS", "daily-3": "FAIL", "forever": "PASS"}
    assert_mentions(findings["daily-3"], "daily-3", "3", "7")
    findings = by_name(run_check(backup, "apsara_auto_snapshot_policy_short_retention", data, thresholds={"min_days": 14}))
    assert findings["daily-7"]["status"] == "FAIL"


def test_policy_infrequent():
    data = {"auto_snapshot_policies": [_policy("sp-1", "daily"), _policy("sp-2", "weekly", weekdays='["6"]'),
                                       _policy("sp-3", "workdays", weekdays='["1","2","3","4","5"]')]}
    findings = by_name(run_check(backup, "apsara_auto_snapshot_policy_infrequent", data))
    assert status_of(findings.values()) == {"daily": "PASS", "weekly": "FAIL", "workdays": "FAIL"}
    assert findings["weekly"]["evidence"]["gap_days"] == 7 and findings["workdays"]["evidence"]["gap_days"] == 3
    assert_mentions(findings["weekly"], "weekly", "6", "7")
    findings = by_name(run_check(backup, "apsara_auto_snapshot_policy_infrequent", data, thresholds={"max_gap_days": 3}))
    assert findings["workdays"]["status"] == "PASS"


def test_policy_unused():
    data = {"auto_snapshot_policies": [_policy("sp-daily", "daily", disks=0), _policy("sp-2", "leftover", disks=0),
                                       _policy("sp-3", "counted", disks=2)],
            "disks": [_disk("d-1", "web-data")]}
    findings = by_name(run_check(backup, "apsara_auto_snapshot_policy_unused", data))
    assert status_of(findings.values()) == {"daily": "PASS", "leftover": "FAIL", "counted": "PASS"}
    assert_mentions(findings["leftover"], "leftover", "0")


def test_policy_expired():
    data = {"auto_snapshot_policies": [_policy("sp-1", "daily"), _policy("sp-2", "overdue", status="Expire", disks=4)]}
    findings = by_name(run_check(backup, "apsara_auto_snapshot_policy_expired", data))
    assert status_of(findings.values()) == {"daily": "PASS", "overdue": "FAIL"}
    assert_mentions(findings["overdue"], "overdue", "Expire", "4")

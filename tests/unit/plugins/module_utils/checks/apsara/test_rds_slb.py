from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import rds, slb

from .helpers import ago, ahead, assert_mentions, by_name, status_of, run_check


def _db(did, name, status="Running", pay="Postpaid", expires="", lock="Unlock", **extra):
    item = {"DBInstanceId": did, "DBInstanceDescription": name, "DBInstanceStatus": status, "Engine": "MySQL",
            "EngineVersion": "8.0", "PayType": pay, "ExpireTime": expires, "LockMode": lock, "LockReason": "",
            "CreateTime": ago(300)}
    item.update(extra)
    return item


def _backup(bid, hours, status="Success"):
    return {"BackupId": bid, "BackupStatus": status, "BackupStartTime": ago(hours=hours), "BackupEndTime": ago(hours=hours - 0.2),
            "BackupMode": "Automated", "BackupType": "FullBackup"}


def test_rds_not_running():
    data = {"rds_instances": [_db("rm-1", "orders"), _db("rm-2", "reports", status="Restoring")]}
    findings = by_name(run_check(rds, "apsara_rds_not_running", data))
    assert status_of(findings.values()) == {"orders": "PASS", "reports": "FAIL"}
    assert_mentions(findings["reports"], "reports", "rm-2", "Restoring", "MySQL 8.0")


def test_rds_locked():
    data = {"rds_instances": [_db("rm-1", "orders"), _db("rm-2", "full", lock="LockByDiskQuota", LockReason="disk_full")]}
    findings = by_name(run_check(rds, "apsara_rds_locked", data))
    assert status_of(findings.values()) == {"orders": "PASS", "full": "FAIL"}
    assert findings["full"]["severity"] == "critical"
    assert_mentions(findings["full"], "full", "LockByDiskQuota", "disk_full")


def test_rds_expiring():
    data = {"rds_instances": [_db("rm-1", "payg"), _db("rm-2", "sub-ok", pay="Prepaid", expires=ahead(120)),
                              _db("rm-3", "sub-soon", pay="Prepaid", expires=ahead(10)),
                              _db("rm-4", "sub-gone", pay="Prepaid", expires=ahead(-1))]}
    findings = by_name(run_check(rds, "apsara_rds_expiring", data))
    assert status_of(findings.values()) == {"sub-ok": "PASS", "sub-soon": "FAIL", "sub-gone": "FAIL"}
    assert findings["sub-soon"]["severity"] == "high" and findings["sub-gone"]["severity"] == "critical"
    assert_mentions(findings["sub-soon"], "sub-soon", "10.0", ahead(10))


def _backup_data():
    return {"rds_instances": [_db("rm-1", "orders"), _db("rm-2", "billing"), _db("rm-3", "new", CreateTime=ago(hours=3)),
                              _db("rm-4", "quiet")],
            "rds_backups": {"rm-1": [_backup("101", 30), _backup("102", 6)],
                            "rm-2": [_backup("201", 8, status="Failed"), _backup("202", 32)],
                            "rm-3": [], "rm-4": [_backup("401", 60)]}}


def test_rds_backup_last_failed():
    findings = by_name(run_check(rds, "apsara_rds_backup_last_failed", _backup_data()))
    assert status_of(findings.values()) == {"orders": "PASS", "billing": "FAIL", "quiet": "PASS"}
    assert findings["billing"]["severity"] == "critical" and findings["billing"]["evidence"]["backup_id"] == "201"
    assert_mentions(findings["billing"], "billing", "201", "Failed", "Automated")


def test_rds_backup_stale():
    findings = by_name(run_check(rds, "apsara_rds_backup_stale", _backup_data()))
    assert status_of(findings.values()) == {"orders": "PASS", "billing": "FAIL", "new": "PASS", "quiet": "FAIL"}
    assert findings["billing"]["evidence"]["failed_recent"] == 1
    assert 31 < findings["billing"]["evidence"]["hours_since"] < 32
    assert_mentions(findings["quiet"], "quiet", "59.8", "26")
    data = _backup_data()
    data["rds_instances"][3]["CreateTime"] = ago(30)
    data["rds_backups"]["rm-4"] = []
    findings = by_name(run_check(rds, "apsara_rds_backup_stale", data, thresholds={"max_hours": 40}))
    assert findings["billing"]["status"] == "PASS" and findings["quiet"]["evidence"]["last_success"] == "never"
    assert findings["quiet"]["status"] == "FAIL"


def test_rds_backup_retention_short():
    data = {"rds_instances": [_db("rm-1", "orders"), _db("rm-2", "scratch"), _db("rm-3", "unknown")],
            "rds_backup_policies": {"rm-1": {"BackupRetentionPeriod": 7, "PreferredBackupPeriod": "Monday,Thursday"},
                                    "rm-2": {"BackupRetentionPeriod": "3", "PreferredBackupPeriod": "Monday"}}}
    findings = by_name(run_check(rds, "apsara_rds_backup_retention_short", data))
    assert status_of(findings.values()) == {"orders": "PASS", "scratch": "FAIL"}
    assert_mentions(findings["scratch"], "scratch", "3", "7", "Monday")
    findings = by_name(run_check(rds, "apsara_rds_backup_retention_short", data, thresholds={"min_days": 14}))
    assert findings["orders"]["status"] == "FAIL"


def test_rds_log_backup_disabled():
    data = {"rds_instances": [_db("rm-1", "orders"), _db("rm-2", "nolog"), _db("rm-3", "bool-on")],
            "rds_backup_policies": {"rm-1": {"EnableBackupLog": "1"}, "rm-2": {"EnableBackupLog": "0"},
                                    "rm-3": {"EnableBackupLog": True}}}
    findings = by_name(run_check(rds, "apsara_rds_log_backup_disabled", data))
    assert status_of(findings.values()) == {"orders": "PASS", "nolog": "FAIL", "bool-on": "PASS"}
    assert_mentions(findings["nolog"], "nolog", "0", "MySQL")


def _lb(lid, name, status="active"):
    return {"LoadBalancerId": lid, "LoadBalancerName": name, "LoadBalancerStatus": status, "Address": "10.0.1.100"}


def _be(server, health, port=80, listener=80):
    return {"ServerId": server, "Port": port, "ListenerPort": listener, "Protocol": "http", "ServerHealthStatus": health}


def _slb_data():
    return {"slb_load_balancers": [_lb("lb-1", "web"), _lb("lb-2", "api"), _lb("lb-3", "dead"), _lb("lb-4", "stopped", "inactive"),
                                   _lb("lb-5", "empty")],
            "slb_backend_health": {"lb-1": [_be("i-1", "normal"), _be("i-2", "normal")],
                                   "lb-2": [_be("i-3", "normal"), _be("i-4", "abnormal", 8080, 443)],
                                   "lb-3": [_be("i-5", "abnormal"), _be("i-6", "unavailable")],
                                   "lb-4": [_be("i-7", "abnormal")], "lb-5": []}}


def test_slb_not_active():
    data = _slb_data()
    data["slb_load_balancers"].append(_lb("lb-6", "overdue", "locked"))
    findings = by_name(run_check(slb, "apsara_slb_not_active", data))
    assert [n for n, s in status_of(findings.values()).items() if s == "FAIL"] == ["stopped", "overdue"]
    assert findings["stopped"]["severity"] == "high" and findings["overdue"]["severity"] == "critical"
    assert_mentions(findings["stopped"], "stopped", "inactive", "10.0.1.100")


def test_slb_backend_abnormal():
    findings = by_name(run_check(slb, "apsara_slb_backend_abnormal", _slb_data()))
    assert status_of(findings.values()) == {"web": "PASS", "api": "FAIL", "dead": "FAIL", "empty": "PASS"}
    assert findings["api"]["evidence"]["abnormal_count"] == 1
    assert_mentions(findings["api"], "api", "i-4:8080 (listener 443)", "1", "2")


def test_slb_no_healthy_backend():
    findings = by_name(run_check(slb, "apsara_slb_no_healthy_backend", _slb_data()))
    assert status_of(findings.values()) == {"web": "PASS", "api": "PASS", "dead": "FAIL", "empty": "FAIL"}
    assert findings["dead"]["severity"] == "critical"
    assert_mentions(findings["dead"], "dead", "abnormal=1, unavailable=1", "0")

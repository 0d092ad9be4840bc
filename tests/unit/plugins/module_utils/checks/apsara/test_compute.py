from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import compute

from .helpers import ENDPOINT, ago, ahead, assert_mentions, by_name, status_of, run_check


def _instance(iid, name, status="Running", charge="PostPaid", expires=None, locks=(), protection=True, tags=None,
              rg="rg-prod", **extra):
    item = {"InstanceId": iid, "InstanceName": name, "Status": status, "ZoneId": "cn-demo-a", "InstanceType": "ecs.g6.large",
            "Cpu": 4, "Memory": 16384, "InstanceChargeType": charge,
            "ExpiredTime": ahead(expires) if expires is not None else "2099-12-31T15:59Z",
            "CreationTime": ago(300, minutes_only=True), "StartTime": ago(200, minutes_only=True), "AutoReleaseTime": "",
            "StoppedMode": "Not-applicable", "DeletionProtection": protection, "ResourceGroupId": rg,
            "OperationLocks": {"LockReason": [{"LockReason": r, "LockMsg": "overdue since 2026-11-20"} for r in locks]},
            "Tags": {"Tag": [{"TagKey": k, "TagValue": v} for k, v in (tags if tags is not None else {"owner": "ops"}).items()]},
            "VpcAttributes": {"VpcId": "vpc-1", "VSwitchId": "vsw-1"}}
    item.update(extra)
    return item


def test_instance_not_running():
    data = {"instances": [_instance("i-1", "web-01"), _instance("i-2", "batch-01", status="Stopped"),
                          _instance("i-3", "app-02", status="Starting")]}
    findings = by_name(run_check(compute, "apsara_instance_not_running", data))
    assert status_of(findings.values()) == {"web-01": "PASS", "batch-01": "FAIL", "app-02": "FAIL"}
    assert findings["batch-01"]["severity"] == "medium"
    assert_mentions(findings["batch-01"], "batch-01", "i-2", "Stopped", "cn-demo-a")


def test_instance_operation_locked_financial_is_critical():
    data = {"instances": [_instance("i-1", "web-01"), _instance("i-2", "erp-01", locks=["financial"]),
                          _instance("i-3", "mig-01", locks=["migrating"])]}
    findings = by_name(run_check(compute, "apsara_instance_operation_locked", data))
    assert status_of(findings.values()) == {"web-01": "PASS", "erp-01": "FAIL", "mig-01": "FAIL"}
    assert findings["erp-01"]["severity"] == "critical" and findings["mig-01"]["severity"] == "high"
    assert findings["erp-01"]["evidence"]["lock_reasons"] == "financial"
    assert_mentions(findings["erp-01"], "erp-01", "financial", "overdue since 2026-11-20")


def test_instance_prepaid_expiring_bands():
    data = {"instances": [_instance("i-1", "payg"), _instance("i-2", "sub-far", charge="PrePaid", expires=90),
                          _instance("i-3", "sub-5d", charge="PrePaid", expires=5),
                          _instance("i-4", "sub-20d", charge="PrePaid", expires=20),
                          _instance("i-5", "sub-gone", charge="PrePaid", expires=-2)]}
    findings = by_name(run_check(compute, "apsara_instance_prepaid_expiring", data))
    assert "payg" not in findings  # pay-as-you-go shows 2099-12-31 and is not judged
    assert status_of(findings.values()) == {"sub-far": "PASS", "sub-5d": "FAIL", "sub-20d": "FAIL", "sub-gone": "FAIL"}
    assert (findings["sub-5d"]["severity"], findings["sub-20d"]["severity"], findings["sub-gone"]["severity"]) == \
        ("high", "medium", "critical")
    assert 4.9 <= findings["sub-5d"]["evidence"]["days_left"] <= 5.0
    assert_mentions(findings["sub-5d"], "sub-5d", ahead(5), "5.0")
    findings = by_name(run_check(compute, "apsara_instance_prepaid_expiring", data,
                                 thresholds={"urgent_days": 3, "warning_days": 10}))
    assert findings["sub-5d"]["severity"] == "medium" and findings["sub-20d"]["status"] == "PASS"


def test_instance_auto_release_set():
    data = {"instances": [_instance("i-1", "web-01"), _instance("i-2", "tmp-soon", AutoReleaseTime=ahead(2)),
                          _instance("i-3", "tmp-later", AutoReleaseTime=ahead(40))]}
    findings = by_name(run_check(compute, "apsara_instance_auto_release_set", data))
    assert status_of(findings.values()) == {"web-01": "PASS", "tmp-soon": "FAIL", "tmp-later": "FAIL"}
    assert findings["tmp-soon"]["severity"] == "critical" and findings["tmp-later"]["severity"] == "high"
    assert_mentions(findings["tmp-soon"], "tmp-soon", ahead(2), "2.0")


def test_instance_deletion_protection_off():
    data = {"instances": [_instance("i-1", "web-01"), _instance("i-2", "web-02", protection=False),
                          _instance("i-3", "sub-01", charge="PrePaid", expires=100, protection=False)]}
    findings = by_name(run_check(compute, "apsara_instance_deletion_protection_off", data))
    assert status_of(findings.values()) == {"web-01": "PASS", "web-02": "FAIL"}  # subscriptions cannot have it
    assert_mentions(findings["web-02"], "web-02", "PostPaid", "Running")


def test_instance_untagged_and_required_keys():
    data = {"instances": [_instance("i-1", "tagged", tags={"owner": "ops", "env": "prod"}), _instance("i-2", "bare", tags={}),
                          _instance("i-3", "vpc-style", Tags={"Tag": [{"Key": "owner", "Value": "dba"}]})]}
    findings = by_name(run_check(compute, "apsara_instance_untagged", data))
    assert status_of(findings.values()) == {"tagged": "PASS", "bare": "FAIL", "vpc-style": "PASS"}
    assert findings["bare"]["evidence"]["tags_count"] == 0
    assert_mentions(findings["bare"], "bare", "0")
    findings = by_name(run_check(compute, "apsara_instance_untagged", data, thresholds={"required_tag_keys": ["owner", "env"]}))
    assert status_of(findings.values()) == {"tagged": "PASS", "bare": "FAIL", "vpc-style": "FAIL"}
    assert_mentions(findings["vpc-style"], "vpc-style", "env")


def test_instance_no_resource_group():
    groups = [{"id": 12, "organizationID": 3, "resourceGroupName": "prod", "rsId": "rs-prod"},
              {"id": 13, "organizationID": 3, "resourceGroupName": "test", "rsId": "rs-test"}]
    data = {"resource_groups": groups,
            "instances": [_instance("i-1", "by-id", rg="12"), _instance("i-2", "by-rsid", rg="rs-test"),
                          _instance("i-3", "orphan", rg="rs-gone"), _instance("i-4", "none", rg="")]}
    findings = by_name(run_check(compute, "apsara_instance_no_resource_group", data))
    assert status_of(findings.values()) == {"by-id": "PASS", "by-rsid": "PASS", "orphan": "FAIL", "none": "FAIL"}
    assert_mentions(findings["orphan"], "orphan", "rs-gone", "2")
    # An account that sees no resource sets can only judge whether the id is set at all.
    findings = by_name(run_check(compute, "apsara_instance_no_resource_group", dict(data, resource_groups=[])))
    assert status_of(findings.values()) == {"by-id": "PASS", "by-rsid": "PASS", "orphan": "PASS", "none": "FAIL"}


def test_instance_cpu_high_bands():
    points = [{"instanceId": "i-1", "Average": 35.0, "Maximum": 51.0, "Minimum": 20.0, "timestamp": 1795000000000},
              {"instanceId": "i-2", "Average": 84.0, "Maximum": 97.5, "Minimum": 70.0, "timestamp": 1795000000000},
              {"instanceId": "i-2", "Average": 82.0, "Maximum": 90.0, "Minimum": 70.0, "timestamp": 1795000060000},
              {"instanceId": "i-9", "Average": 95.0, "Maximum": 99.0, "Minimum": 90.0, "timestamp": 1795000000000}]
    data = {"cms_cpu": points, "instances": [_instance("i-1", "web-01"), _instance("i-2", "db-01")]}
    findings = by_name(run_check(compute, "apsara_instance_cpu_high", data))
    assert status_of(findings.values()) == {"web-01": "PASS", "db-01": "FAIL", "i-9": "FAIL"}
    assert findings["db-01"]["severity"] == "medium" and findings["i-9"]["severity"] == "high"
    evidence = findings["db-01"]["evidence"]
    assert (evidence["avg_pct"], evidence["max_pct"], evidence["samples"], evidence["threshold_pct"]) == (83.0, 97.5, 2, 80)
    assert_mentions(findings["db-01"], "db-01", "83.0", "97.5")
    findings = by_name(run_check(compute, "apsara_instance_cpu_high", data, thresholds={"medium_pct": 30, "high_pct": 95}))
    assert findings["web-01"]["status"] == "FAIL" and findings["i-9"]["severity"] == "high"


def test_instance_stopped_long():
    data = {"instances": [_instance("i-1", "web-01"), _instance("i-2", "old-stop", status="Stopped", StartTime=ago(45)),
                          _instance("i-3", "new-stop", status="Stopped", StartTime=ago(3))]}
    findings = by_name(run_check(compute, "apsara_instance_stopped_long", data))
    assert status_of(findings.values()) == {"old-stop": "FAIL", "new-stop": "PASS"}
    assert findings["old-stop"]["evidence"]["days"] == 45.0 and findings["old-stop"]["evidence"]["memory_gib"] == 16.0
    assert_mentions(findings["old-stop"], "old-stop", "45.0", "16.0")
    findings = by_name(run_check(compute, "apsara_instance_stopped_long", data, thresholds={"max_days": 60}))
    assert findings["old-stop"]["status"] == "PASS"


def test_instance_stopped_charged():
    data = {"instances": [_instance("i-1", "web-01"), _instance("i-2", "keep", status="Stopped", StoppedMode="KeepCharging"),
                          _instance("i-3", "saving", status="Stopped", StoppedMode="StopCharging"),
                          _instance("i-4", "sub", status="Stopped", charge="PrePaid", expires=100)]}
    findings = by_name(run_check(compute, "apsara_instance_stopped_charged", data))
    assert status_of(findings.values()) == {"keep": "FAIL", "saving": "PASS"}
    assert findings["keep"]["severity"] == "low" and findings["keep"]["pillar"] == "cost"
    assert_mentions(findings["keep"], "keep", "KeepCharging", "ecs.g6.large")


def test_findings_carry_platform_and_endpoint():
    findings = run_check(compute, "apsara_instance_not_running", {"instances": [_instance("i-2", "x", status="Stopped")]})
    assert findings[0]["platform"] == "apsara" and findings[0]["endpoint"] == ENDPOINT
    assert findings[0]["resource"] == {"type": "instance", "uuid": "i-2", "name": "x"}

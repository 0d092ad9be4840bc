import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import platform

from .helpers import assert_mentions, by_name, gson, iso, run_check


def _license(days_ahead, expired=False, **extra):
    inv = {"uuid": "5c73a91fdf7c42679890df1368588787", "licenseType": "Paid", "user": "ops@example.test",
           "expiredDate": iso(days_ahead), "issuedDate": iso(-300), "expired": expired,
           "hostNum": 10, "availableHostNum": 4, "managementNodeUuid": "d0666cee13e83c2a8d2b420012704174"}
    inv.update(extra)
    return {"license": [inv]}


@pytest.mark.parametrize("days, expired, status, severity", [
    (200, False, "PASS", "critical"),
    (20, False, "FAIL", "medium"),
    (10, False, "FAIL", "high"),
    (-3, False, "FAIL", "critical"),
    (100, True, "FAIL", "critical"),
])
def test_license_expiring_bands(days, expired, status, severity):
    findings = run_check(platform, "zstack_license_expiring", _license(days, expired))
    assert [f["status"] for f in findings] == [status]
    assert findings[0]["severity"] == severity
    if status == "FAIL":
        assert abs(findings[0]["evidence"]["days_left"] - days) < 0.2
        assert findings[0]["evidence"]["urgent_days"] == 15
        assert_mentions(findings[0], "Paid")


def test_license_expiring_threshold_override():
    findings = run_check(platform, "zstack_license_expiring", _license(40), thresholds={"warning_days": 60})
    assert findings[0]["status"] == "FAIL" and findings[0]["severity"] == "medium"


def test_license_addon_expiring():
    data = {"license_addons": [
        {"uuid": "a1", "name": "vpc-ha", "modules": ["vrouter-ha"], "expiredDate": iso(5)},
        {"uuid": "a2", "name": "backup", "modules": ["cdp", "backup"], "expiredDate": iso(365)},
    ]}
    findings = by_name(run_check(platform, "zstack_license_addon_expiring", data))
    assert findings["backup"]["status"] == "PASS"
    assert findings["vpc-ha"]["status"] == "FAIL" and findings["vpc-ha"]["severity"] == "high"
    assert_mentions(findings["vpc-ha"], "vpc-ha", "vrouter-ha")


def test_license_host_headroom():
    findings = run_check(platform, "zstack_license_host_headroom", _license(300))
    assert findings[0]["status"] == "PASS" and findings[0]["evidence"]["used_pct"] == 60.0
    findings = run_check(platform, "zstack_license_host_headroom", _license(300, availableHostNum=0))
    assert findings[0]["status"] == "FAIL" and findings[0]["evidence"]["used_pct"] == 100.0
    assert_mentions(findings[0], "Paid licence", "10")
    # a tighter site policy fails the 60 % case
    findings = run_check(platform, "zstack_license_host_headroom", _license(300), thresholds={"max_used_pct": 50})
    assert findings[0]["status"] == "FAIL"


def test_license_cpu_headroom_skips_host_licences():
    assert run_check(platform, "zstack_license_cpu_headroom", _license(300)) == []
    findings = run_check(platform, "zstack_license_cpu_headroom", _license(300, cpuNum=16, availableCpuNum=1))
    assert findings[0]["status"] == "FAIL" and findings[0]["evidence"]["available"] == 1
    assert_mentions(findings[0], "16")
    findings = run_check(platform, "zstack_license_cpu_headroom", _license(300, cpuNum=16, availableCpuNum=8))
    assert findings[0]["status"] == "PASS"


def test_mn_heartbeat_stale():
    data = {"management_nodes": [
        {"uuid": "mn1", "hostName": "127.0.0.11", "heartBeat": gson(0, 0), "joinDate": gson(100)},
        {"uuid": "mn2", "hostName": "127.0.0.12", "heartBeat": gson(0, 2), "joinDate": gson(100)},
    ]}
    findings = by_name(run_check(platform, "zstack_mn_heartbeat_stale", data))
    assert findings["127.0.0.11"]["status"] == "PASS"
    assert findings["127.0.0.12"]["status"] == "FAIL"
    assert findings["127.0.0.12"]["evidence"]["lag_seconds"] == 7200.0
    assert_mentions(findings["127.0.0.12"], "127.0.0.12", "7200.0")


def test_mn_heartbeat_threshold_override():
    data = {"management_nodes": [
        {"uuid": "mn1", "hostName": "127.0.0.11", "heartBeat": gson(0, 0)},
        {"uuid": "mn2", "hostName": "127.0.0.12", "heartBeat": gson(0, 2)},
    ]}
    findings = run_check(platform, "zstack_mn_heartbeat_stale", data, thresholds={"max_lag_seconds": 10000})
    assert [f["status"] for f in findings] == ["PASS", "PASS"]


def test_mn_single_node():
    one = {"management_nodes": [{"uuid": "mn1", "hostName": "127.0.0.11", "heartBeat": gson()}]}
    findings = run_check(platform, "zstack_mn_single_node", one)
    assert findings[0]["status"] == "FAIL" and findings[0]["resource"]["type"] == "endpoint"
    assert findings[0]["evidence"]["node_count"] == 1
    assert_mentions(findings[0], "127.0.0.11", "zstack.test.invalid")
    two = {"management_nodes": one["management_nodes"] + [{"uuid": "mn2", "hostName": "127.0.0.12"}]}
    assert run_check(platform, "zstack_mn_single_node", two)[0]["status"] == "PASS"


def _configs(**values):
    defaults = {("host", "cpu.overProvisioning.ratio"): "10", ("mevoco", "overProvisioning.memory"): "1.0",
                ("mevoco", "overProvisioning.primaryStorage"): "1.0",
                ("mevoco", "threshold.primaryStorage.physicalCapacity"): "0.85", ("ha", "enable"): "true",
                ("kvm", "reservedMemory"): "1G"}
    items = []
    for (category, name), default in sorted(defaults.items()):
        value = values.get("%s/%s" % (category, name), default)
        items.append({"category": category, "name": name, "value": value, "defaultValue": default,
                      "description": "..."})
    return {"global_configs": items}


@pytest.mark.parametrize("check_id, key, good, bad", [
    ("zstack_config_cpu_overprovisioning", "host/cpu.overProvisioning.ratio", "10", "16"),
    ("zstack_config_memory_overprovisioning", "mevoco/overProvisioning.memory", "1.2", "1.5"),
    ("zstack_config_ps_overprovisioning", "mevoco/overProvisioning.primaryStorage", "1.0", "2.0"),
    ("zstack_config_ps_physical_threshold", "mevoco/threshold.primaryStorage.physicalCapacity", "0.8", "0.95"),
])
def test_overcommit_settings(check_id, key, good, bad):
    findings = run_check(platform, check_id, _configs(**{key: good}))
    assert [f["status"] for f in findings] == ["PASS"]
    findings = run_check(platform, check_id, _configs(**{key: bad}))
    assert [f["status"] for f in findings] == ["FAIL"]
    assert findings[0]["evidence"]["value"] == float(bad)
    assert findings[0]["resource"]["uuid"] == key
    assert_mentions(findings[0], key, float(bad))


def test_overcommit_threshold_override():
    findings = run_check(platform, "zstack_config_cpu_overprovisioning", _configs(), thresholds={"max_value": 4})
    assert findings[0]["status"] == "FAIL" and findings[0]["evidence"]["max_value"] == 4


def test_setting_absent_yields_nothing():
    assert run_check(platform, "zstack_config_ha_disabled", {"global_configs": []}) == []


def test_ha_disabled():
    assert run_check(platform, "zstack_config_ha_disabled", _configs())[0]["status"] == "PASS"
    findings = run_check(platform, "zstack_config_ha_disabled", _configs(**{"ha/enable": "false"}))
    assert findings[0]["status"] == "FAIL" and findings[0]["evidence"]["value"] == "false"
    assert_mentions(findings[0], "ha/enable", "false")


def test_kvm_reserved_memory():
    findings = run_check(platform, "zstack_config_kvm_reserved_memory", _configs())
    assert findings[0]["status"] == "FAIL" and findings[0]["evidence"]["reserved_gib"] == 1.0
    assert_mentions(findings[0], "kvm/reservedMemory", "1G")
    findings = run_check(platform, "zstack_config_kvm_reserved_memory", _configs(**{"kvm/reservedMemory": "8G"}))
    assert findings[0]["status"] == "PASS"
    findings = run_check(platform, "zstack_config_kvm_reserved_memory", _configs(), thresholds={"min_gib": 1})
    assert findings[0]["status"] == "PASS"


def _overrides(cpu, memory):
    return {
        "clusters": [{"uuid": "c1", "name": "prod-cluster"}],
        "resource_configs": [
            {"resourceUuid": "c1", "resourceType": "ClusterVO", "category": "host", "name": "cpu.overProvisioning.ratio",
             "value": cpu},
            {"resourceUuid": "c1", "resourceType": "ClusterVO", "category": "mevoco", "name": "overProvisioning.memory",
             "value": memory},
            {"resourceUuid": "h1", "resourceType": "HostVO", "category": "mevoco", "name": "overProvisioning.memory",
             "value": "3"},
        ],
    }


@pytest.mark.parametrize("value, status, severity", [("4", "PASS", "high"), ("6", "FAIL", "medium"), ("12", "FAIL", "high")])
def test_cluster_cpu_override(value, status, severity):
    findings = run_check(platform, "zstack_cluster_cpu_overprovisioning", _overrides(value, "1.0"))
    assert [(f["status"], f["severity"]) for f in findings] == [(status, severity)]
    if status == "FAIL":
        assert findings[0]["evidence"]["value"] == float(value)
        assert_mentions(findings[0], "prod-cluster", value)


@pytest.mark.parametrize("value, status, severity", [
    ("1.0", "PASS", "critical"), ("1.1", "FAIL", "medium"), ("1.3", "FAIL", "high"), ("2", "FAIL", "critical")])
def test_cluster_memory_override(value, status, severity):
    findings = run_check(platform, "zstack_cluster_memory_overprovisioning", _overrides("4", value))
    assert [(f["status"], f["severity"]) for f in findings] == [(status, severity)]
    assert findings[0]["resource"]["name"] == "prod-cluster"


def test_cluster_override_threshold():
    findings = run_check(platform, "zstack_cluster_memory_overprovisioning", _overrides("4", "1.1"),
                         thresholds={"medium_ratio": 1.1})
    assert findings[0]["status"] == "PASS"

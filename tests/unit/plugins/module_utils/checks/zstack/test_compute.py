import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import compute

from .helpers import assert_mentions, by_name, gson, run_check, status_of


def test_host_disconnected_pass():
    data = {"hosts": [{"uuid": "h1", "name": "kvm-01", "status": "Connected", "managementIp": "127.0.0.10"}]}
    findings = run_check(compute, "zstack_host_disconnected", data)
    assert [f["status"] for f in findings] == ["PASS"]


def test_host_disconnected_fail():
    data = {"hosts": [{"uuid": "h1", "name": "kvm-01", "status": "Disconnected", "managementIp": "127.0.0.10"}]}
    findings = run_check(compute, "zstack_host_disconnected", data)
    assert [f["status"] for f in findings] == ["FAIL"]
    assert findings[0]["evidence"]["status"] == "Disconnected"
    assert "kvm-01" in findings[0]["message"]["en"] and "kvm-01" in findings[0]["message"]["zh_CN"]


GIB = 1024 ** 3


def _host(uuid, name, **extra):
    host = {"uuid": uuid, "name": name, "zoneUuid": "z1", "clusterUuid": "c1", "managementIp": "127.0.0.%d" % (len(name) + 20),
            "hypervisorType": "KVM", "state": "Enabled", "status": "Connected", "cpuNum": 32, "cpuSockets": 2,
            "totalCpuCapacity": 320, "availableCpuCapacity": 200,
            "totalMemoryCapacity": 256 * GIB, "availableMemoryCapacity": 128 * GIB,
            "createDate": gson(400), "lastOpDate": gson(30)}
    host.update(extra)
    return host


def _vm(uuid, name, state="Running", host="h1", **extra):
    vm = {"uuid": uuid, "name": name, "type": "UserVm", "hypervisorType": "KVM", "state": state, "hostUuid": host,
          "clusterUuid": "c1", "cpuNum": 4, "memorySize": 8 * GIB, "createDate": gson(200), "lastOpDate": gson(10),
          "vmNics": [], "allVolumes": [{"uuid": uuid + "-root", "type": "Root", "size": 40 * GIB}]}
    vm.update(extra)
    return vm


def test_host_disabled():
    data = {"hosts": [_host("h1", "kvm-01"), _host("h2", "kvm-02", state="Disabled")]}
    findings = by_name(run_check(compute, "zstack_host_disabled", data))
    assert findings["kvm-01"]["status"] == "PASS"
    assert findings["kvm-02"]["status"] == "FAIL" and findings["kvm-02"]["evidence"]["state"] == "Disabled"
    assert_mentions(findings["kvm-02"], "kvm-02", "Disabled")


def test_host_maintenance_prolonged():
    data = {"hosts": [_host("h1", "kvm-01", state="Maintenance", lastOpDate=gson(1)),
                      _host("h2", "kvm-02", state="PreMaintenance", lastOpDate=gson(10)),
                      _host("h3", "kvm-03")]}
    findings = by_name(run_check(compute, "zstack_host_maintenance_prolonged", data))
    assert status_of(findings.values()) == {"kvm-01": "PASS", "kvm-02": "FAIL", "kvm-03": "PASS"}
    assert 9.5 < findings["kvm-02"]["evidence"]["days"] < 10.5
    assert_mentions(findings["kvm-02"], "kvm-02", "PreMaintenance")
    findings = run_check(compute, "zstack_host_maintenance_prolonged", data, thresholds={"max_days": 30})
    assert all(f["status"] == "PASS" for f in findings)


def test_host_hardware_fault():
    data = {"hosts": [_host("h1", "kvm-01", cpuStatus="Normal", diskStatus="Normal", raidStatus="Normal"),
                      _host("h2", "kvm-02", cpuStatus="Normal", raidStatus="Error", powerSupplyStatus="Error"),
                      _host("h3", "kvm-03")]}
    findings = by_name(run_check(compute, "zstack_host_hardware_fault", data))
    assert set(findings) == {"kvm-01", "kvm-02"}  # kvm-03 has no hardware monitoring
    assert findings["kvm-01"]["status"] == "PASS"
    assert findings["kvm-02"]["status"] == "FAIL"
    assert findings["kvm-02"]["evidence"]["faulty"] == "powerSupplyStatus, raidStatus"
    assert_mentions(findings["kvm-02"], "kvm-02", "raidStatus")


@pytest.mark.parametrize("available, status, severity", [(200, "PASS", "high"), (50, "FAIL", "medium"), (10, "FAIL", "high")])
def test_host_cpu_allocation(available, status, severity):
    data = {"hosts": [_host("h1", "kvm-01", availableCpuCapacity=available)]}
    findings = run_check(compute, "zstack_host_cpu_allocation", data)
    assert [(f["status"], f["severity"]) for f in findings] == [(status, severity)]
    assert findings[0]["evidence"]["used_pct"] == round(100.0 * (320 - available) / 320, 1)
    if status == "FAIL":
        assert_mentions(findings[0], "kvm-01", findings[0]["evidence"]["used_pct"])


def test_host_memory_allocation():
    data = {"hosts": [_host("h1", "kvm-01"), _host("h2", "kvm-02", availableMemoryCapacity=20 * GIB)]}
    findings = by_name(run_check(compute, "zstack_host_memory_allocation", data))
    assert findings["kvm-01"]["status"] == "PASS" and findings["kvm-01"]["evidence"]["used_pct"] == 50.0
    assert findings["kvm-02"]["status"] == "FAIL" and findings["kvm-02"]["severity"] == "high"
    assert findings["kvm-02"]["evidence"]["used_pct"] == 92.2
    assert findings["kvm-02"]["evidence"]["threshold_pct"] == 90
    assert_mentions(findings["kvm-02"], "kvm-02", "20.0")
    findings = by_name(run_check(compute, "zstack_host_memory_allocation", data, thresholds={"high_pct": 95}))
    assert findings["kvm-02"]["severity"] == "medium"


def test_host_vm_density():
    vms = [_vm("v%d" % i, "vm-%d" % i) for i in range(20)] + [_vm("s1", "stopped", state="Stopped")]
    vms += [_vm("w%d" % i, "web-%d" % i, host="h2") for i in range(3)]
    data = {"hosts": [_host("h1", "kvm-01"), _host("h2", "kvm-02")], "vms": vms}
    findings = by_name(run_check(compute, "zstack_host_vm_density", data))
    assert findings["kvm-01"]["status"] == "FAIL" and findings["kvm-01"]["evidence"]["running_vms"] == 20
    assert findings["kvm-02"]["status"] == "PASS" and findings["kvm-02"]["evidence"]["running_vms"] == 3
    assert_mentions(findings["kvm-01"], "kvm-01", "20")
    findings = run_check(compute, "zstack_host_vm_density", data, thresholds={"max_running_vms_count": 30})
    assert all(f["status"] == "PASS" for f in findings)


def _metrics(metric, label, series):
    return {metric: [{"value": v, "time": 1795000000 + 60 * i, "labels": {label: owner}}
                     for owner, values in series.items() for i, v in enumerate(values)]}


@pytest.mark.parametrize("check_id, metric", [
    ("zstack_host_cpu_utilization", "CPUAllUsedUtilization"),
    ("zstack_host_memory_utilization", "MemoryUsedInPercent"),
])
def test_host_utilization_average(check_id, metric):
    data = {"hosts": [_host("h1", "kvm-01"), _host("h2", "kvm-02"), _host("h3", "kvm-03")],
            "host_metrics": _metrics(metric, "HostUuid", {"h1": [20, 99, 30], "h2": [85, 86, 84]})}
    findings = by_name(run_check(compute, check_id, data))
    assert set(findings) == {"kvm-01", "kvm-02"}  # no samples for kvm-03
    assert findings["kvm-01"]["status"] == "PASS" and findings["kvm-01"]["evidence"]["max_pct"] == 99.0
    assert findings["kvm-02"]["status"] == "FAIL" and findings["kvm-02"]["severity"] == "medium"
    assert findings["kvm-02"]["evidence"]["avg_pct"] == 85.0
    assert_mentions(findings["kvm-02"], "kvm-02", "85.0")


def test_host_root_disk_uses_latest_sample():
    data = {"hosts": [_host("h1", "kvm-01"), _host("h2", "kvm-02")],
            "host_metrics": _metrics("DiskRootUsedCapacityInPercent", "HostUuid", {"h1": [95, 60], "h2": [70, 93]})}
    findings = by_name(run_check(compute, "zstack_host_root_disk_utilization", data))
    assert findings["kvm-01"]["status"] == "PASS"
    assert findings["kvm-02"]["status"] == "FAIL" and findings["kvm-02"]["severity"] == "high"
    assert findings["kvm-02"]["evidence"]["latest_pct"] == 93.0
    assert_mentions(findings["kvm-02"], "kvm-02", "93.0")


def test_vm_paused():
    data = {"vms": [_vm("v1", "db-01"), _vm("v2", "db-02", state="Paused")]}
    findings = by_name(run_check(compute, "zstack_vm_paused", data))
    assert findings["db-01"]["status"] == "PASS"
    assert findings["db-02"]["status"] == "FAIL" and findings["db-02"]["evidence"]["state"] == "Paused"
    assert_mentions(findings["db-02"], "db-02", "Paused")


def test_vm_abnormal_state():
    data = {"vms": [_vm("v1", "app-01"), _vm("v2", "app-02", state="Unknown"), _vm("v3", "app-03", state="Crashed"),
                    _vm("v4", "app-04", state="Stopped", hostUuid=None, lastHostUuid="h9")]}
    findings = by_name(run_check(compute, "zstack_vm_abnormal_state", data))
    assert status_of(findings.values()) == {"app-01": "PASS", "app-02": "FAIL", "app-03": "FAIL", "app-04": "PASS"}
    assert_mentions(findings["app-03"], "app-03", "Crashed")
    findings = by_name(run_check(compute, "zstack_vm_abnormal_state", data, thresholds={"abnormal_states": ["Stopped"]}))
    assert findings["app-04"]["status"] == "FAIL" and findings["app-02"]["status"] == "PASS"
    assert findings["app-04"]["evidence"]["host_uuid"] == "h9"


def test_vm_ha_disabled():
    data = {"vms": [_vm("v1", "db-01"), _vm("v2", "tmp-02"), _vm("v3", "off-03", state="Stopped")],
            "hosts": [_host("h1", "kvm-01")],
            "system_tags": [{"resourceUuid": "v1", "resourceType": "VmInstanceVO", "tag": "ha::NeverStop"},
                            {"resourceUuid": "v2", "resourceType": "VmInstanceVO", "tag": "bootMode::Legacy"}]}
    findings = by_name(run_check(compute, "zstack_vm_ha_disabled", data))
    assert set(findings) == {"db-01", "tmp-02"}
    assert findings["db-01"]["status"] == "PASS"
    assert findings["tmp-02"]["status"] == "FAIL" and findings["tmp-02"]["evidence"]["host"] == "kvm-01"
    assert_mentions(findings["tmp-02"], "tmp-02", "kvm-01")


def test_vm_cpu_utilization():
    data = {"vms": [_vm("v1", "web-01"), _vm("v2", "batch-02"), _vm("v3", "off", state="Stopped")],
            "vm_metrics": _metrics("CPUAllUsedUtilization", "VMUuid", {"v1": [5, 10], "v2": [95, 92], "v3": [99]})}
    findings = by_name(run_check(compute, "zstack_vm_cpu_utilization", data))
    assert set(findings) == {"web-01", "batch-02"}
    assert findings["web-01"]["status"] == "PASS"
    assert findings["batch-02"]["status"] == "FAIL" and findings["batch-02"]["severity"] == "high"
    assert findings["batch-02"]["evidence"]["avg_pct"] == 93.5
    assert_mentions(findings["batch-02"], "batch-02", "93.5")

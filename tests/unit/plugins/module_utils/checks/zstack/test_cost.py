from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import cost

from .helpers import assert_mentions, by_name, gson, status_of, run_check

GIB = 1024 ** 3


def _vm(uuid, name, state="Running", last_op_days=5):
    return {"uuid": uuid, "name": name, "type": "UserVm", "state": state, "hostUuid": "h1" if state == "Running" else None,
            "cpuNum": 8, "memorySize": 16 * GIB, "lastOpDate": gson(last_op_days), "createDate": gson(400),
            "allVolumes": [{"uuid": uuid + "-root", "type": "Root", "size": 50 * GIB},
                           {"uuid": uuid + "-data", "type": "Data", "size": 200 * GIB}]}


def test_vm_stopped_long():
    data = {"vms": [_vm("v1", "run"), _vm("v2", "stopped-recent", "Stopped", 3), _vm("v3", "stopped-old", "Stopped", 120)]}
    findings = by_name(run_check(cost, "zstack_vm_stopped_long", data))
    assert status_of(findings.values()) == {"stopped-recent": "PASS", "stopped-old": "FAIL"}
    assert findings["stopped-old"]["evidence"]["disk_gib"] == 250.0
    assert 119 < findings["stopped-old"]["evidence"]["days"] < 121
    assert_mentions(findings["stopped-old"], "stopped-old", "250.0")
    findings = by_name(run_check(cost, "zstack_vm_stopped_long", data, thresholds={"max_days": 180}))
    assert findings["stopped-old"]["status"] == "PASS"


def test_vm_idle():
    points = [{"value": v, "time": 1795000000 + i, "labels": {"VMUuid": owner}}
              for owner, values in (("v1", [2, 3, 4]), ("v2", [5, 40, 8])) for i, v in enumerate(values)]
    data = {"vms": [_vm("v1", "idle-vm"), _vm("v2", "busy-vm"), _vm("v3", "no-data")],
            "vm_metrics": {"CPUAllUsedUtilization": points}}
    findings = by_name(run_check(cost, "zstack_vm_idle", data))
    assert status_of(findings.values()) == {"idle-vm": "FAIL", "busy-vm": "PASS"}
    assert findings["idle-vm"]["evidence"]["max_pct"] == 4.0 and findings["idle-vm"]["evidence"]["avg_pct"] == 3.0
    assert_mentions(findings["idle-vm"], "idle-vm", "4.0")
    findings = by_name(run_check(cost, "zstack_vm_idle", data, thresholds={"max_cpu_pct": 50}))
    assert findings["busy-vm"]["status"] == "FAIL"


def test_vm_untouched():
    data = {"vms": [_vm("v1", "fresh"), _vm("v2", "ancient", last_op_days=200)]}
    findings = by_name(run_check(cost, "zstack_vm_untouched", data))
    assert status_of(findings.values()) == {"fresh": "PASS", "ancient": "FAIL"}
    assert findings["ancient"]["severity"] == "info"
    assert_mentions(findings["ancient"], "ancient", "Running")


def _volume(uuid, name, vm=None, detach_days=None, **extra):
    vol = {"uuid": uuid, "name": name, "type": "Data", "status": "Ready", "state": "Enabled", "size": 500 * GIB,
           "actualSize": 120 * GIB, "vmInstanceUuid": vm, "createDate": gson(300)}
    if detach_days is not None:
        vol["lastDetachDate"] = gson(detach_days)
    vol.update(extra)
    return vol


def test_volume_unattached():
    data = {"volumes": [_volume("d1", "attached", vm="v1"), _volume("d2", "just-detached", detach_days=2),
                        _volume("d3", "orphan", detach_days=40), _volume("r1", "root", type="Root"),
                        _volume("d4", "binned", status="Deleted")]}
    findings = by_name(run_check(cost, "zstack_volume_unattached", data))
    assert status_of(findings.values()) == {"attached": "PASS", "just-detached": "PASS", "orphan": "FAIL"}
    assert findings["orphan"]["evidence"]["size_gib"] == 500.0
    assert_mentions(findings["orphan"], "orphan", "500.0")
    findings = by_name(run_check(cost, "zstack_volume_unattached", data, thresholds={"min_days": 1}))
    assert findings["just-detached"]["status"] == "FAIL"


def test_volume_deleted_not_expunged():
    data = {"volumes": [_volume("d1", "live", vm="v1"), _volume("d4", "binned", status="Deleted")]}
    findings = by_name(run_check(cost, "zstack_volume_deleted_not_expunged", data))
    assert status_of(findings.values()) == {"live": "PASS", "binned": "FAIL"}
    assert_mentions(findings["binned"], "binned", "120.0")


def test_eip_unattached():
    data = {"eips": [{"uuid": "e1", "name": "eip-web", "vipIp": "192.0.2.10", "vmNicUuid": "n1", "state": "Enabled"},
                     {"uuid": "e2", "name": "eip-spare", "vipIp": "192.0.2.12", "state": "Enabled"}]}
    findings = by_name(run_check(cost, "zstack_eip_unattached", data))
    assert status_of(findings.values()) == {"eip-web": "PASS", "eip-spare": "FAIL"}
    assert_mentions(findings["eip-spare"], "eip-spare", "192.0.2.12")


def test_vip_unused():
    data = {"vips": [{"uuid": "p1", "name": "vip-eip", "ip": "192.0.2.10", "useFor": "Eip", "system": False},
                     {"uuid": "p2", "name": "vip-spare", "ip": "192.0.2.20", "system": False, "servicesRefs": []},
                     {"uuid": "p3", "name": "vrouter-public", "ip": "192.0.2.1", "system": True}]}
    findings = by_name(run_check(cost, "zstack_vip_unused", data))
    assert status_of(findings.values()) == {"vip-eip": "PASS", "vip-spare": "FAIL"}
    assert_mentions(findings["vip-spare"], "vip-spare", "192.0.2.20")

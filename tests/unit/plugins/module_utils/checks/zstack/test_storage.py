import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import storage

from .helpers import assert_mentions, by_name, gson, status_of, run_check

GIB = 1024 ** 3


def _ps(uuid, name, total_gib=1000, physical_free_gib=800, logical_free_gib=600, **extra):
    ps = {"uuid": uuid, "name": name, "type": "Ceph", "zoneUuid": "z1", "url": "ceph://pool", "state": "Enabled",
          "status": "Connected", "totalCapacity": total_gib * GIB, "availableCapacity": logical_free_gib * GIB,
          "totalPhysicalCapacity": total_gib * GIB, "availablePhysicalCapacity": physical_free_gib * GIB,
          "systemUsedCapacity": 0, "attachedClusterUuids": ["c1"]}
    ps.update(extra)
    return ps


def _bs(uuid, name, free_gib, **extra):
    bs = {"uuid": uuid, "name": name, "type": "ImageStoreBackupStorage", "url": "/zstack_bs", "state": "Enabled",
          "status": "Connected", "totalCapacity": 1000 * GIB, "availableCapacity": free_gib * GIB, "attachedZoneUuids": ["z1"]}
    bs.update(extra)
    return bs


@pytest.mark.parametrize("free, status, severity", [(800, "PASS", "critical"), (300, "FAIL", "high"), (100, "FAIL", "critical")])
def test_ps_physical_usage_bands(free, status, severity):
    findings = run_check(storage, "zstack_ps_physical_usage", {"primary_storages": [_ps("p1", "ceph-ssd", physical_free_gib=free)]})
    assert [(f["status"], f["severity"]) for f in findings] == [(status, severity)]
    assert findings[0]["evidence"]["used_pct"] == 100.0 - free / 10.0
    assert findings[0]["evidence"]["available_gib"] == float(free)
    if status == "FAIL":
        assert_mentions(findings[0], "ceph-ssd", findings[0]["evidence"]["used_pct"])


def test_ps_physical_usage_override():
    data = {"primary_storages": [_ps("p1", "ceph-ssd", physical_free_gib=300)]}
    findings = run_check(storage, "zstack_ps_physical_usage", data, thresholds={"high_pct": 75})
    assert findings[0]["status"] == "PASS" and findings[0]["evidence"]["threshold_pct"] == 75


def test_ps_allocation_and_unknown_total():
    data = {"primary_storages": [_ps("p1", "nfs-1", logical_free_gib=150), _ps("p2", "nfs-2"),
                                 _ps("p3", "new", totalCapacity=0, availableCapacity=0)]}
    findings = by_name(run_check(storage, "zstack_ps_allocation", data))
    assert set(findings) == {"nfs-1", "nfs-2"}
    assert findings["nfs-1"]["status"] == "FAIL" and findings["nfs-1"]["severity"] == "medium"
    assert findings["nfs-1"]["evidence"]["used_pct"] == 85.0
    assert findings["nfs-2"]["status"] == "PASS"
    assert_mentions(findings["nfs-1"], "nfs-1", "85.0")


def test_ps_disconnected_and_not_enabled():
    data = {"primary_storages": [_ps("p1", "ps-ok"), _ps("p2", "ps-down", status="Disconnected", state="Maintenance")]}
    findings = by_name(run_check(storage, "zstack_ps_disconnected", data))
    assert status_of(findings.values()) == {"ps-ok": "PASS", "ps-down": "FAIL"}
    assert_mentions(findings["ps-down"], "ps-down", "Disconnected")
    findings = by_name(run_check(storage, "zstack_ps_not_enabled", data))
    assert status_of(findings.values()) == {"ps-ok": "PASS", "ps-down": "FAIL"}
    assert findings["ps-down"]["evidence"]["state"] == "Maintenance"
    assert_mentions(findings["ps-down"], "ps-down", "Maintenance")


@pytest.mark.parametrize("free, status, severity", [
    (500, "PASS", "critical"), (410, "PASS", "critical"), (350, "FAIL", "medium"), (250, "FAIL", "medium"),
    (200, "FAIL", "high"), (150, "FAIL", "high"), (100, "FAIL", "critical"), (50, "FAIL", "critical")])
def test_bs_usage_bands_close_the_gap(free, status, severity):
    findings = run_check(storage, "zstack_bs_usage", {"backup_storages": [_bs("b1", "imagestore-1", free)]})
    assert [(f["status"], f["severity"]) for f in findings] == [(status, severity)]
    assert findings[0]["evidence"]["used_pct"] == 100.0 - free / 10.0
    if status == "FAIL":
        assert_mentions(findings[0], "imagestore-1")


def test_bs_disconnected_and_disabled():
    data = {"backup_storages": [_bs("b1", "bs-ok", 500), _bs("b2", "bs-bad", 500, status="Disconnected", state="Disabled")]}
    findings = by_name(run_check(storage, "zstack_bs_disconnected", data))
    assert status_of(findings.values()) == {"bs-ok": "PASS", "bs-bad": "FAIL"}
    assert_mentions(findings["bs-bad"], "bs-bad", "Disconnected")
    findings = by_name(run_check(storage, "zstack_bs_not_enabled", data))
    assert status_of(findings.values()) == {"bs-ok": "PASS", "bs-bad": "FAIL"}
    assert_mentions(findings["bs-bad"], "bs-bad", "Disabled")


def _volume(uuid, name, **extra):
    vol = {"uuid": uuid, "name": name, "type": "Data", "status": "Ready", "state": "Enabled", "size": 100 * GIB,
           "actualSize": 20 * GIB, "vmInstanceUuid": "vm1", "primaryStorageUuid": "p1", "createDate": gson(60)}
    vol.update(extra)
    return vol


def test_volume_not_ready():
    data = {"volumes": [_volume("v1", "data-ok"), _volume("v2", "data-new", status="NotInstantiated", vmInstanceUuid=None),
                        _volume("v3", "data-stuck", status="Migrating"), _volume("v4", "trash", status="Deleted")]}
    findings = by_name(run_check(storage, "zstack_volume_not_ready", data))
    assert status_of(findings.values()) == {"data-ok": "PASS", "data-new": "PASS", "data-stuck": "FAIL"}
    assert_mentions(findings["data-stuck"], "data-stuck", "Migrating")
    findings = by_name(run_check(storage, "zstack_volume_not_ready", data, thresholds={"ok_statuses": ["Ready"]}))
    assert findings["data-new"]["status"] == "FAIL"


def _snapshots(volume_uuid, count, status="Ready"):
    return [{"uuid": "%s-s%d" % (volume_uuid, i), "name": "snap-%d" % i, "volumeUuid": volume_uuid, "status": status,
             "state": "Enabled", "size": GIB, "createDate": gson(i)} for i in range(count)]


def test_volume_snapshot_count():
    data = {"volumes": [_volume("v1", "db-data"), _volume("v2", "web-data")],
            "snapshots": _snapshots("v1", 12) + _snapshots("v2", 10) + _snapshots("v2", 3, status="Deleted")}
    findings = by_name(run_check(storage, "zstack_volume_snapshot_count", data))
    assert findings["db-data"]["status"] == "FAIL" and findings["db-data"]["evidence"]["snapshots"] == 12
    assert findings["web-data"]["status"] == "PASS" and findings["web-data"]["evidence"]["snapshots"] == 10
    assert_mentions(findings["db-data"], "db-data", "12")
    findings = run_check(storage, "zstack_volume_snapshot_count", data, thresholds={"max_snapshots_count": 20})
    assert all(f["status"] == "PASS" for f in findings)


def test_snapshot_not_ready():
    snaps = _snapshots("v1", 1) + [{"uuid": "s9", "name": "nightly", "volumeUuid": "v1", "status": "Creating", "size": 2 * GIB}]
    data = {"volumes": [_volume("v1", "db-data")], "snapshots": snaps}
    findings = by_name(run_check(storage, "zstack_snapshot_not_ready", data))
    assert status_of(findings.values()) == {"snap-0": "PASS", "nightly": "FAIL"}
    assert findings["nightly"]["evidence"]["volume"] == "db-data"
    assert_mentions(findings["nightly"], "nightly", "db-data", "Creating")

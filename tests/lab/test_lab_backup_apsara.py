"""Apsara lab, backup validation: CreateDisk from a SnapshotId as a test restore, DeleteDisk, fault injection,
content markers and the planted backup problems."""
from __future__ import annotations

import calendar
import json
import time
import urllib.error
import urllib.request

import pytest
from apsara_raw import Raw
from lab.apsara import ApsaraLab

RESTORE = 0.3
ERROR_KEYS = {"RequestId", "HostId", "Code", "Message", "Recommend"}


@pytest.fixture
def alab():
    with ApsaraLab(world="demo", https_port=None, async_seconds=0.1, restore_seconds=RESTORE) as lab:
        yield lab


@pytest.fixture
def raw(alab):
    return Raw(alab.http_url, alab.access_key_id, alab.access_key_secret)


def _ts(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def _content(lab, rid, expect=200):
    try:
        with urllib.request.urlopen(f"{lab.http_url}/_lab/content/{rid}", timeout=5) as r:
            assert r.status == expect
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        assert e.code == expect
        return json.loads(e.read())


def _disk(raw, did):
    got = raw.ok("ecs", "DescribeDisks", {"DiskIds": json.dumps([did])})["Disks"]["Disk"]
    return got[0] if got else None


def _disk_named(raw, name):
    return raw.ok("ecs", "DescribeDisks", {"DiskName": name})["Disks"]["Disk"][0]


def _snapshots(raw, disk_id):
    return raw.ok("ecs", "DescribeSnapshots", {"DiskId": disk_id})["Snapshots"]["Snapshot"]    # newest first


def _snapshot_json(raw, sid):
    return json.dumps(raw.ok("ecs", "DescribeSnapshots", {"SnapshotIds": json.dumps([sid])})["Snapshots"]["Snapshot"], sort_keys=True)


def _wait_status(raw, did, want, timeout=5.0):
    end = time.monotonic() + timeout
    while True:
        d = _disk(raw, did)
        got = d["Status"] if d else None
        if got == want or time.monotonic() > end:
            return got
        time.sleep(0.03)


def _restore(raw, src, snap, name, token=None):
    params = {"ZoneId": src["ZoneId"], "SnapshotId": snap["SnapshotId"], "DiskName": name, "DiskCategory": "cloud_ssd"}
    if token:
        params["ClientToken"] = token
    return raw.ok("ecs", "CreateDisk", params)["DiskId"], params


def test_create_disk_from_snapshot_restore_cycle(alab, raw):
    src = _disk_named(raw, "app-01-data1")
    snap = _snapshots(raw, src["DiskId"])[0]
    before = (json.dumps(src, sort_keys=True), _snapshot_json(raw, snap["SnapshotId"]))
    started = time.monotonic()
    did, params = _restore(raw, src, snap, "cloudops-restore-0a1b2c3d-app-01-data1", token="restore-tok-1")
    assert raw.ok("ecs", "CreateDisk", params)["DiskId"] == did                  # ClientToken: idempotent
    d = _disk(raw, did)
    assert d["Status"] == "Creating" and d["SourceSnapshotId"] == snap["SnapshotId"] and d["Size"] == src["Size"]
    assert _wait_status(raw, did, "Available") == "Available" and time.monotonic() - started >= RESTORE * 0.9
    d = _disk(raw, did)
    assert d["Size"] == int(snap["SourceDiskSize"]) == src["Size"] and d["Type"] == "data" and d["InstanceId"] == ""
    assert not any(k.startswith("_") for k in d)
    assert before == (json.dumps(_disk_named(raw, "app-01-data1"), sort_keys=True), _snapshot_json(raw, snap["SnapshotId"]))
    got = _content(alab, did)
    assert got["marker"] == got["source_marker"] == _content(alab, snap["SnapshotId"])["marker"] == _content(alab, src["DiskId"])["marker"]
    assert _content(alab, src["DiskId"])["source_marker"] is None
    raw.ok("ecs", "DeleteDisk", {"DiskId": did})
    assert _disk(raw, did) is None and "error" in _content(alab, did, expect=404)
    assert before == (json.dumps(_disk_named(raw, "app-01-data1"), sort_keys=True), _snapshot_json(raw, snap["SnapshotId"]))


def test_corrupt_snapshot_restores_with_a_mismatching_marker(alab, raw):
    src = _disk_named(raw, "db-02-data1")
    newest, older = _snapshots(raw, src["DiskId"])[:2]
    assert newest["Status"] == older["Status"] == "accomplished"
    results = []
    for snap in (newest, older):
        did, _params = _restore(raw, src, snap, f"cloudops-restore-{snap['SnapshotId']}")
        assert _wait_status(raw, did, "Available") == "Available" and _disk(raw, did)["Size"] == src["Size"]
        results.append(_content(alab, did))
        raw.ok("ecs", "DeleteDisk", {"DiskId": did})
    bad, good = results[0], results[1]
    assert bad["marker"] != bad["source_marker"] and good["marker"] == good["source_marker"]
    assert bad["source_marker"] == good["source_marker"] == _content(alab, src["DiskId"])["marker"]


def test_injected_failure_releases_the_disk(alab, raw):
    src = _disk_named(raw, "app-02-data1")
    snap = _snapshots(raw, src["DiskId"])[0]
    before = (json.dumps(src, sort_keys=True), _snapshot_json(raw, snap["SnapshotId"]))
    alab.faults.update(fail_async={"CreateDisk": 1.0}, seed=2)
    did, _params = _restore(raw, src, snap, "cloudops-restore-doomed", token="doomed-1")
    assert _disk(raw, did)["Status"] == "Creating"
    assert _wait_status(raw, did, None) is None            # ECS has no failed disk status: the disk is gone
    assert raw.ok("ecs", "DescribeDisks", {"DiskName": "cloudops-restore-doomed"})["TotalCount"] == 0
    status, headers, body = raw.call("ecs", "DeleteDisk", {"DiskId": did})
    assert (status, body["Code"]) == (404, "InvalidDiskId.NotFound") and set(body) == ERROR_KEYS
    assert headers["x-acs-request-id"] == body["RequestId"]
    assert before == (json.dumps(_disk_named(raw, "app-02-data1"), sort_keys=True), _snapshot_json(raw, snap["SnapshotId"]))
    alab.faults.update(fail_async={})
    did, _params = _restore(raw, src, snap, "cloudops-restore-retry")
    assert _wait_status(raw, did, "Available") == "Available"


def test_restore_knob_and_errors(alab, raw):
    assert alab.faults.as_dict()["restore_seconds"] == RESTORE
    src = _disk_named(raw, "app-03-data1")
    status, _h, body = raw.call("ecs", "CreateDisk", {"ZoneId": src["ZoneId"], "SnapshotId": "s-doesnotexist0000000"})
    assert (status, body["Code"]) == (404, "InvalidSnapshotId.NotFound") and set(body) == ERROR_KEYS
    alab.faults.update(restore_seconds=0.0)
    did, _params = _restore(raw, src, _snapshots(raw, src["DiskId"])[0], "instant")
    assert _disk(raw, did)["Status"] == "Available"
    # a disk created without a snapshot keeps async_seconds and has its own marker, restored from nothing
    plain = raw.ok("ecs", "CreateDisk", {"ZoneId": src["ZoneId"], "Size": 20})["DiskId"]
    assert _content(alab, plain)["source_marker"] is None
    assert "error" in _content(alab, "d-nothere", expect=404)


def test_planted_backup_problems(alab, raw):
    del alab
    disks = raw.all_pages("ecs", "DescribeDisks", "Disks.Disk", size=100)
    newest = {}
    for s in raw.all_pages("ecs", "DescribeSnapshots", "Snapshots.Snapshot", params={"Status": "accomplished"}, size=100):
        newest.setdefault(s["SourceDiskId"], s)
    now = time.time()
    # 11: a prod disk under a policy whose newest accomplished snapshot is 4 days old
    stale = [d for d in disks if d["AutoSnapshotPolicyId"] and now - _ts(newest[d["DiskId"]]["CreationTime"]) > 86400]
    assert [d["DiskName"] for d in stale] == ["mon-01-data1"]
    assert 3.9 < (now - _ts(newest[stale[0]["DiskId"]]["CreationTime"])) / 86400 < 4.1
    assert {"TagKey": "env", "TagValue": "prod"} in stale[0]["Tags"]["Tag"]
    # 4 (unchanged): the prod disk without a policy
    assert [d["DiskName"] for d in disks if not d["AutoSnapshotPolicyId"]] == ["log-01-data1"]
    # 12: the corrupt snapshot looks healthy on the wire: fresh and accomplished
    db02 = next(d for d in disks if d["DiskName"] == "db-02-data1")
    assert now - _ts(newest[db02["DiskId"]]["CreationTime"]) < 86400


def test_restore_on_the_scale_world():
    with ApsaraLab(world="scale", scale={"instances": 200, "disks": 400, "vswitches": 10}, https_port=None,
                   async_seconds=0.05, restore_seconds=0.05) as lab:
        raw = Raw(lab.http_url, lab.access_key_id, lab.access_key_secret)
        snap = raw.ok("ecs", "DescribeSnapshots", {"Status": "accomplished", "PageSize": 1})["Snapshots"]["Snapshot"][0]
        src = _disk(raw, snap["SourceDiskId"])
        did, _params = _restore(raw, src, snap, "cloudops-restore-scale")
        assert _wait_status(raw, did, "Available") == "Available" and _disk(raw, did)["Size"] == src["Size"]
        got = _content(lab, did)
        assert got["marker"] == got["source_marker"] == _content(lab, src["DiskId"])["marker"]
        raw.ok("ecs", "DeleteDisk", {"DiskId": did})
        assert _disk(raw, did) is None

"""ZStack lab, backup validation: test restores (from a volume backup and a volume snapshot), deletion
(DeleteDataVolume + ExpungeDataVolume), fault injection, content markers and the planted backup problems."""
from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request

import pytest
from lab.zstack import ZStackLab
from zstack_raw import Raw

RESTORE = 0.3


@pytest.fixture
def zlab():
    with ZStackLab(world="demo", job_seconds=0.05, https_port=None, restore_seconds=RESTORE) as lab:
        yield lab


@pytest.fixture
def zc(zlab):
    c = Raw(zlab.http_url)
    c.login(zlab.account, zlab.password)
    return c


def _raw_get(c, path) -> str:
    """The exact bytes (as text) the lab answers for a GET: what "the source is unchanged" compares."""
    status, _h, text = c.request("GET", "/zstack/v1" + path)
    assert status == 200, text
    return text


def _content(lab, rid, expect=200):
    try:
        with urllib.request.urlopen(f"{lab.http_url}/_lab/content/{rid}", timeout=5) as r:
            assert r.status == expect and r.headers["Content-Type"] == "application/json"
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        assert e.code == expect and e.headers["Content-Type"] == "application/json"
        return json.loads(e.read())


def _vm(c, name):
    return c.query(f"/vm-instances?q=name={name}")[0]


def _data_volume(c, vm_name):
    vm = _vm(c, vm_name)
    return next(v for v in vm["allVolumes"] if v["type"] == "Data")


def _backups(c, volume_uuid):
    return c.query(f"/volume-backups?q=volumeUuid={volume_uuid}&sort=-createDate")


def _ps(c, uuid):
    return c.query(f"/primary-storage?q=uuid={uuid}")[0]


def _start(c, path, params):
    status, _h, text = c.request("POST", "/zstack/v1" + path, {"params": params})
    assert status == 202, text
    body = json.loads(text)
    assert body["location"].startswith("http://127.0.0.2:8080/zstack/v1/api-jobs/") and isinstance(body["apiTimeout"], int)
    return body["location"]


def _delete_and_expunge(c, uuid):
    c.call("DELETE", f"/volumes/{uuid}")
    deleted = c.query(f"/volumes?q=uuid={uuid}")
    assert [v["status"] for v in deleted] == ["Deleted"]            # the recycle bin (volume.deletionPolicy Delay)
    c.call("PUT", f"/volumes/{uuid}/actions", {"expungeDataVolume": {}})
    assert c.query(f"/volumes?q=uuid={uuid}") == []


def test_restore_from_backup_is_async_stateful_and_leaves_the_source_alone(zlab, zc):
    src = _data_volume(zc, "db-02")
    backup = _backups(zc, src["uuid"])[0]
    before = (_raw_get(zc, f"/volumes/{src['uuid']}"), _raw_get(zc, f"/volume-backups/{backup['uuid']}"))
    ps_before = _ps(zc, src["primaryStorageUuid"])["availableCapacity"]
    started = time.monotonic()
    loc = _start(zc, f"/volumes/data-volume/from/volume-template/{backup['uuid']}", {"name": "cloudops-restore-0a1b2c3d-db-02"})
    creating = zc.query("/volumes?q=name=cloudops-restore-0a1b2c3d-db-02")
    assert [v["status"] for v in creating] == ["Creating"] and creating[0]["type"] == "Data"
    status, out, seen = zc.poll(loc)
    assert status == 200 and 202 in seen and time.monotonic() - started >= RESTORE * 0.9
    inv = out["inventory"]
    assert inv["uuid"] == creating[0]["uuid"] and inv["status"] == "Ready" and inv["state"] == "Enabled"
    assert inv["size"] == src["size"] and inv["primaryStorageUuid"] == src["primaryStorageUuid"]
    assert "vmInstanceUuid" not in inv and not any(k.startswith("_") for k in inv)
    assert zc.query(f"/volumes?q=uuid={inv['uuid']}")[0]["status"] == "Ready"
    assert before == (_raw_get(zc, f"/volumes/{src['uuid']}"), _raw_get(zc, f"/volume-backups/{backup['uuid']}"))
    got = _content(zlab, inv["uuid"])
    assert got["marker"] == got["source_marker"] == _content(zlab, backup["uuid"])["marker"] == _content(zlab, src["uuid"])["marker"]
    assert _content(zlab, src["uuid"])["source_marker"] is None
    _delete_and_expunge(zc, inv["uuid"])
    assert _ps(zc, src["primaryStorageUuid"])["availableCapacity"] == ps_before
    assert before == (_raw_get(zc, f"/volumes/{src['uuid']}"), _raw_get(zc, f"/volume-backups/{backup['uuid']}"))
    assert "error" in _content(zlab, inv["uuid"], expect=404)


def test_restore_from_snapshot_to_another_primary_storage(zlab, zc):
    src = _data_volume(zc, "db-01")
    snap = zc.query(f"/volume-snapshots?q=volumeUuid={src['uuid']}&sort=-createDate")[0]
    other = next(p for p in zc.query("/primary-storage") if p["uuid"] != src["primaryStorageUuid"])
    before = (_raw_get(zc, f"/volumes/{src['uuid']}"), _raw_get(zc, f"/volume-snapshots/{snap['uuid']}"))
    path = f"/volumes/data/from/volume-snapshots/{snap['uuid']}"
    status, out = zc.call("POST", path, {"params": {"name": "cloudops-restore-snap", "primaryStorageUuid": other["uuid"],
                                                    "description": "restore test"}})
    inv = out["inventory"]
    assert status == 200 and inv["status"] == "Ready" and inv["size"] == src["size"] and inv["primaryStorageUuid"] == other["uuid"]
    assert before == (_raw_get(zc, f"/volumes/{src['uuid']}"), _raw_get(zc, f"/volume-snapshots/{snap['uuid']}"))
    got = _content(zlab, inv["uuid"])
    assert got["marker"] == got["source_marker"] == _content(zlab, src["uuid"])["marker"]
    _delete_and_expunge(zc, inv["uuid"])


def test_corrupt_backup_restores_with_a_mismatching_marker(zlab, zc):
    src = _data_volume(zc, "db-01")
    backups = _backups(zc, src["uuid"])
    newest, older = backups[0], next(b for b in backups if b["name"] == "db-01-data1-backup-6")
    assert newest["name"] == "db-01-data1-backup-7"            # the planted corrupt backup
    results = {}
    for b in (newest, older):
        inv = zc.call("POST", f"/volumes/data-volume/from/volume-template/{b['uuid']}", {"params": {"name": f"r-{b['name']}"}})[1]["inventory"]
        assert inv["status"] == "Ready" and inv["size"] == src["size"]      # nothing but the content tells them apart
        results[b["name"]] = _content(zlab, inv["uuid"])
        _delete_and_expunge(zc, inv["uuid"])
    bad, good = results["db-01-data1-backup-7"], results["db-01-data1-backup-6"]
    assert bad["marker"] != bad["source_marker"] and good["marker"] == good["source_marker"]
    assert bad["source_marker"] == good["source_marker"] == _content(zlab, src["uuid"])["marker"]


@pytest.mark.parametrize("api", ["CreateDataVolumeFromVolumeBackup", "CreateDataVolumeFromVolumeSnapshot"])
def test_injected_failure_fails_the_job_and_leaves_nothing_behind(zlab, zc, api):
    src = _data_volume(zc, "db-01")
    if api == "CreateDataVolumeFromVolumeBackup":
        path = f"/volumes/data-volume/from/volume-template/{_backups(zc, src['uuid'])[1]['uuid']}"
    else:
        snap = zc.query(f"/volume-snapshots?q=volumeUuid={src['uuid']}")[0]
        path = f"/volumes/data/from/volume-snapshots/{snap['uuid']}"
    zlab.faults.update(fail_async={api: 1.0}, seed=5)
    before = (_raw_get(zc, f"/volumes/{src['uuid']}"), _ps(zc, src["primaryStorageUuid"])["availableCapacity"])
    loc = _start(zc, path, {"name": "cloudops-restore-doomed"})
    assert zc.query("/volumes?q=name=cloudops-restore-doomed")[0]["status"] == "Creating"
    status, out, _seen = zc.poll(loc)
    assert status == 503 and out["error"]["code"] == "SYS.1006" and "lab fault injection" in out["error"]["details"]
    assert zc.query("/volumes?q=name=cloudops-restore-doomed") == []      # the flow's rollback deleted the VolumeVO
    assert before == (_raw_get(zc, f"/volumes/{src['uuid']}"), _ps(zc, src["primaryStorageUuid"])["availableCapacity"])
    zlab.faults.update(fail_async={})
    assert zc.call("POST", path, {"params": {"name": "cloudops-restore-retry"}})[1]["inventory"]["status"] == "Ready"


def test_restore_errors_knobs_and_expunge_rules(zlab, zc):
    assert zlab.faults.as_dict()["restore_seconds"] == RESTORE
    with ZStackLab(world="demo", http_port=None, https_port=None, prewarm=False) as default_lab:
        assert default_lab.faults.restore_seconds == 1.0
    err = zc.call("POST", "/volumes/data-volume/from/volume-template/" + "0" * 32, {"params": {"name": "x"}}, expect=503)[1]
    assert err["error"]["code"] == "SYS.1007" and "VolumeBackupVO" in err["error"]["details"]
    err = zc.call("POST", "/volumes/data/from/volume-snapshots/" + "0" * 32, {"params": {"name": "x"}}, expect=503)[1]
    assert err["error"]["code"] == "SYS.1007" and "VolumeSnapshotVO" in err["error"]["details"]
    src = _data_volume(zc, "db-02")
    b = _backups(zc, src["uuid"])[0]
    err = zc.call("POST", f"/volumes/data-volume/from/volume-template/{b['uuid']}", {"params": {}}, expect=503)[1]
    assert err["error"]["code"] == "SYS.1007" and "name" in err["error"]["details"]
    err = zc.call("PUT", f"/volumes/{src['uuid']}/actions", {"expungeDataVolume": {}}, expect=503)[1]
    assert err["error"]["code"] == "SYS.1006"                  # only a Deleted volume can be expunged
    zlab.faults.update(restore_seconds=0.6)
    started = time.monotonic()
    inv = zc.call("POST", f"/volumes/data-volume/from/volume-template/{b['uuid']}",
                  {"params": {"name": "slow", "vmInstanceUuid": _vm(zc, "db-02")["uuid"]}})[1]["inventory"]
    assert time.monotonic() - started >= 0.55 and inv["vmInstanceUuid"] == _vm(zc, "db-02")["uuid"] and inv["deviceId"] == 2
    assert "error" in _content(zlab, "no-such-id", expect=404)


def test_planted_backup_problems(zlab, zc):
    del zlab
    vms = {v["name"]: v for v in zc.query("/vm-instances?q=type=UserVm")}
    tags = {}
    for t in zc.query("/user-tags?q=resourceType=VmInstanceVO"):
        tags.setdefault(t["resourceUuid"], []).append(t["tag"])
    assert all(len(tags[v["uuid"]]) == 1 and tags[v["uuid"]][0] in ("env::prod", "env::dev") for v in vms.values())
    prod = {v["name"] for v in zc.query("/vm-instances?q=type=UserVm&q=__userTag__=env::prod")}
    assert prod == {n for n in vms if n.split("-")[0] in ("web", "app", "db")} and len(prod) == 16
    # 9: web-06 is a running prod VM that no scheduler job protects
    web06 = vms["web-06"]
    assert web06["state"] == "Running" and "web-06" in prod
    targets = {j["targetResourceUuid"] for j in zc.query("/scheduler/jobs")}
    assert not targets & ({web06["uuid"]} | {v["uuid"] for v in web06["allVolumes"]})
    unprotected = [n for n, v in vms.items() if not targets & ({v["uuid"]} | {x["uuid"] for x in v["allVolumes"]})]
    assert unprotected == ["web-06"]
    # 10: stale snapshots of app-02's data volume, its enabled snapshot job has not run for 100 h
    vol = _data_volume(zc, "app-02")
    snaps = zc.query(f"/volume-snapshots?q=volumeUuid={vol['uuid']}&sort=-createDate")
    now = dt.datetime.now()

    def age(s):
        return now - dt.datetime.strptime(s, "%b %d, %Y %I:%M:%S %p")
    assert len(snaps) == 8 and dt.timedelta(days=4) < age(snaps[0]["createDate"]) < dt.timedelta(days=4.3)
    job = zc.query("/scheduler/jobs?q=name=snapshot-app-02-data")[0]
    assert job["state"] == "Enabled" and job["targetResourceUuid"] == vol["uuid"] and job["jobType"] == "volumeSnapshot"
    hist = zc.query(f"/scheduler/job/history?q=schedulerJobUuid={job['uuid']}&sort=-startTime")
    assert hist[0]["success"] is True and age(hist[0]["startTime"]) > dt.timedelta(days=4)
    newest = {}
    for s in zc.query("/volume-snapshots?sort=-createDate"):
        newest.setdefault(s["volumeUuid"], s)
    snapshot_jobs = {j["targetResourceUuid"] for j in zc.query("/scheduler/jobs?q=jobType=volumeSnapshot&q=state=Enabled")}
    assert [u for u in snapshot_jobs if age(newest[u]["createDate"]) > dt.timedelta(days=3)] == [vol["uuid"]]
    # 11: the corrupt backup is only recognisable by restoring it (nothing on the wire gives it away)
    corrupt = zc.query("/volume-backups?q=name=db-01-data1-backup-7")[0]
    assert corrupt["status"] == "Ready" and corrupt["state"] == "Enabled" and "_corrupt" not in corrupt
    # 3: the failing backup job stays
    failing = zc.query("/scheduler/jobs?q=name=backup-db-02-data")[0]
    last = zc.query(f"/scheduler/job/history?q=schedulerJobUuid={failing['uuid']}&sort=-startTime")[0]
    assert last["success"] is False


def test_restore_on_the_scale_world():
    with ZStackLab(world="scale", scale=dict(hosts=20, vms=200, volumes=400), https_port=None, prewarm=False,
                   restore_seconds=0.05) as lab:
        c = Raw(lab.http_url)
        c.login(lab.account, lab.password)
        backup = c.query("/volume-backups?limit=1")[0]
        snap = c.query("/volume-snapshots?limit=1")[0]
        for path, src in ((f"/volumes/data-volume/from/volume-template/{backup['uuid']}", backup["volumeUuid"]),
                          (f"/volumes/data/from/volume-snapshots/{snap['uuid']}", snap["volumeUuid"])):
            before = _raw_get(c, f"/volumes/{src}")
            inv = c.call("POST", path, {"params": {"name": "cloudops-restore-scale"}})[1]["inventory"]
            assert inv["status"] == "Ready" and inv["size"] == c.query(f"/volumes?q=uuid={src}")[0]["size"]
            got = _content(lab, inv["uuid"])
            assert got["marker"] == got["source_marker"] == _content(lab, src)["marker"]
            assert before == _raw_get(c, f"/volumes/{src}")
            _delete_and_expunge(c, inv["uuid"])

"""zstack_restore_test against the lab: restores from backups and snapshots, injected failures, check mode, leftovers."""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient
from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_restore_test

from .module_runner import lab_args, run_module

WRITES = ("CreateDataVolumeFromVolumeBackup", "CreateDataVolumeFromVolumeSnapshot", "DeleteDataVolume", "ExpungeDataVolume",
          "CreateDataVolume")


def volume_ids(lab):
    with lab.state.lock:
        return set(v["uuid"] for v in lab.state.all("volume"))


def probe(lab):
    return lab.http_url + "/_lab/content/{id}"


def test_restore_from_backup_and_snapshot_passes_and_cleans_up(fresh_lab, capsys):
    before = volume_ids(fresh_lab)
    for source in ("volume_backup", "volume_snapshot"):
        wanted = ["DATA-app-02-1"] if source == "volume_snapshot" else []
        margs = lab_args(fresh_lab, source=source, resources=wanted, content_probe_url=probe(fresh_lab), wait_timeout=60)
        failed, result = run_module(zstack_restore_test, margs, capsys)
        assert not failed, result.get("msg")
        assert result["report_kind"] == "backup" and result["platform"] == "zstack" and result["changed"]
        rows = result["restore_tests"]
        assert rows, result
        passed = [r for r in rows if r["status"] == "passed"]
        if source == "volume_snapshot":
            assert passed
        for row in rows:
            assert row["cleaned_up"] and row["original_unchanged"] is True
            assert row["scratch"]["name"].startswith("cloudops-restore-")
            assert row["backup"]["type"] == source and row["backup"]["created"].endswith("Z")
            if row["status"] == "passed":
                assert row["checks"] == {"state": True, "size": True, "content": True}
                assert row["rto_seconds"] > 0
        assert result["checks_run"][0]["id"] == "zstack_restore_test_failed"
    assert volume_ids(fresh_lab) == before


def test_injected_restore_failure_is_an_error_row_and_leaves_nothing(fresh_lab, capsys):
    before = volume_ids(fresh_lab)
    fresh_lab.faults.update(fail_async={"CreateDataVolumeFromVolumeBackup": 1.0})
    failed, result = run_module(zstack_restore_test, lab_args(fresh_lab, sample_size=2, wait_timeout=60), capsys)
    assert not failed, result.get("msg")
    rows = result["restore_tests"]
    assert len(rows) == 2
    for row in rows:
        assert row["status"] == "error" and row["error"] and "CreateDataVolumeFromVolumeBackup" in row["error"]
        assert row["cleaned_up"] and row["rto_seconds"] is None
    fails = [f for f in result["findings"] if f["status"] == "FAIL"]
    assert len(fails) == 2 and fails[0]["pillar"] == "backup" and fails[0]["severity"] == "high"
    assert fails[0]["message"]["zh_CN"] and fails[0]["remediation"]["en"]
    assert volume_ids(fresh_lab) == before


def test_check_mode_reads_everything_and_writes_nothing(fresh_lab, capsys):
    before = volume_ids(fresh_lab)
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_restore_test, lab_args(fresh_lab, sample_size=3, cleanup_leftovers=True, _ansible_check_mode=True), capsys)
    assert not failed, result.get("msg")
    assert not result["changed"]
    assert [r["status"] for r in result["restore_tests"]] == ["planned"] * 3
    assert all(r["scratch"] is None for r in result["restore_tests"])
    by_api = fresh_lab.stats()["by_api"]
    assert not [api for api in by_api if api in WRITES], by_api
    assert any(api.startswith("Query") for api in by_api)
    assert volume_ids(fresh_lab) == before


def test_leftovers_are_reported_then_cleaned(fresh_lab, capsys):
    client = ZStackClient(fresh_lab.http_url, fresh_lab.account, fresh_lab.password)
    ps = client.query_all("/primary-storage")[0]["uuid"]
    left = client.call("POST", "/volumes/data", {"params": {"name": "cloudops-restore-0badc0de-DATA-old", "diskSize": 1073741824,
                                                            "primaryStorageUuid": ps}})["inventory"]["uuid"]
    client.close()
    failed, result = run_module(zstack_restore_test, lab_args(fresh_lab, resources=["DATA-app-02-1"], source="volume_snapshot"), capsys)
    assert not failed, result.get("msg")
    assert [(x["uuid"], x["cleaned"]) for x in result["leftovers"]] == [(left, False)]
    assert left in volume_ids(fresh_lab)
    margs = lab_args(fresh_lab, resources=["DATA-app-02-1"], source="volume_snapshot", cleanup_leftovers=True)
    failed, result = run_module(zstack_restore_test, margs, capsys)
    assert not failed
    assert [(x["uuid"], x["cleaned"]) for x in result["leftovers"]] == [(left, True)]
    assert left not in volume_ids(fresh_lab)


def test_unknown_resource_fails_before_any_write(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_restore_test, lab_args(fresh_lab, resources=["no-such-volume"]), capsys)
    assert failed and "no-such-volume" in result["msg"]
    assert not [api for api in fresh_lab.stats()["by_api"] if api in WRITES]


def test_bad_options_fail_before_any_call(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_restore_test, lab_args(fresh_lab, sample_size=-1, content_probe_url="http://x/"), capsys)
    assert failed and "sample_size" in result["msg"] and "{id}" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0

"""apsara_restore_test against the Apsara lab: CreateDisk from a snapshot, injected failure, check mode, leftovers."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_restore_test

from .module_runner import run_module

WRITES = ("CreateDisk", "DeleteDisk", "DetachDisk")


@pytest.fixture
def alab():
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0, async_seconds=0.3) as lab:
        yield lab


def args(lab, **extra):
    result = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
              "organization_id": lab.organization_id, "endpoints": lab.endpoints, "wait_timeout": 60}
    result.update(extra)
    return result


def disk_ids(lab):
    with lab.state.lock:
        return set(d["DiskId"] for d in lab.state.all("disk"))


def test_restore_from_snapshot_passes_and_cleans_up(alab, capsys):
    before = disk_ids(alab)
    failed, result = run_module(apsara_restore_test, args(alab, sample_size=2, content_probe_url=alab.http_url + "/_lab/content/{id}"), capsys)
    assert not failed, result.get("msg")
    assert result["platform"] == "apsara" and result["report_kind"] == "backup" and result["changed"]
    rows = result["restore_tests"]
    assert len(rows) == 2
    assert [r for r in rows if r["status"] == "passed"], rows
    for row in rows:
        assert row["cleaned_up"] and row["original_unchanged"] is True
        assert row["backup"]["type"] == "snapshot" and row["scratch"]["name"].startswith("cloudops-restore-")
        if row["status"] == "passed":
            assert row["checks"] == {"state": True, "size": True, "content": True} and row["rto_seconds"] > 0
    assert disk_ids(alab) == before


def test_injected_create_disk_failure_is_an_error_row_and_leaves_nothing(alab, capsys):
    before = disk_ids(alab)
    alab.faults.update(fail_async={"CreateDisk": 1.0})
    failed, result = run_module(apsara_restore_test, args(alab), capsys)
    assert not failed, result.get("msg")
    row = result["restore_tests"][0]
    assert row["status"] == "error" and "CreateDisk" in row["error"] and row["cleaned_up"]
    assert [f["check_id"] for f in result["findings"] if f["status"] == "FAIL"] == ["apsara_restore_test_failed"]
    assert disk_ids(alab) == before


def test_check_mode_writes_nothing(alab, capsys):
    before = disk_ids(alab)
    alab.reset_stats()
    failed, result = run_module(apsara_restore_test, args(alab, sample_size=3, _ansible_check_mode=True), capsys)
    assert not failed, result.get("msg")
    assert [r["status"] for r in result["restore_tests"]] == ["planned"] * 3 and not result["changed"]
    by_action = alab.stats()["by_action"]
    assert not [a for a in by_action if a in WRITES], by_action
    assert "DescribeSnapshots" in by_action
    assert disk_ids(alab) == before


def test_leftovers_are_reported_then_cleaned(alab, capsys):
    client = ApsaraClient(alab.access_key_id, alab.access_key_secret, alab.region_id, endpoints=alab.endpoints,
                          organization_id=alab.organization_id)
    zone = client.call_all_pages("ecs", "DescribeDisks", {})[0]["ZoneId"]
    left = client.call("ecs", "CreateDisk", {"ZoneId": zone, "Size": 20, "DiskName": "cloudops-restore-0badc0de-old"})["DiskId"]
    failed, result = run_module(apsara_restore_test, args(alab), capsys)
    assert not failed, result.get("msg")
    assert [(x["uuid"], x["cleaned"]) for x in result["leftovers"]] == [(left, False)]
    failed, result = run_module(apsara_restore_test, args(alab, cleanup_leftovers=True), capsys)
    assert not failed, result.get("msg")
    assert [(x["uuid"], x["cleaned"]) for x in result["leftovers"]] == [(left, True)]
    assert left not in disk_ids(alab)

"""Unverified is not resolved (issue 18 item 6), with real ansible-playbook runs against the lab: a run limited to one
endpoint, then a run whose ZStack primary-storage dataset fails (a lab fault knob), then a full run.  What a run did
not look at again is unverified (never resolved), keeps first_seen, and the next full run finds it persisting."""

import json
import os

import pytest


@pytest.fixture
def both(fresh_runner, apsara_lab):
    """ZStack (a private lab: faults are injected) and Apsara endpoints in one inventory."""
    fresh_runner.apsara = apsara_lab
    fresh_runner.write_inventory()
    return fresh_runner


def inspect(runner, *args):
    proc = runner.playbook("playbooks/inspect.yml", "-e", "cloudops_site=acme", *args)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(os.path.join(str(runner.reports), "inspection", "latest", "report.json")) as fh:
        return json.load(fh), proc.stdout


def open_uids(doc, host=None, checks=None):
    return sorted(f["uid"] for f in doc["findings"] if f["status"] == "FAIL" and (host is None or f["host"] == host)
                  and (checks is None or f["check_id"] in checks))


def test_limited_and_failed_dataset_runs_leave_findings_unverified_then_persisting(both):
    first, _out = inspect(both)
    started = first["run"]["started"]
    apsara_open = open_uids(first, "apsara-lab")
    assert apsara_open and first["run"]["status"] == "complete"

    limited, _out = inspect(both, "--limit", "zstack-lab")
    d = limited["delta"]
    assert limited["run"]["endpoints_covered"] == ["zstack-lab"] and limited["run"]["endpoints_not_in_run"] == ["apsara-lab"]
    assert not [r for r in d["resolved"] if r["host"] == "apsara-lab"]
    unverified = dict((u["uid"], u) for u in d["unverified"])
    assert sorted(unverified) == apsara_open
    assert {(u["reason"], u["first_seen"], u["last_status"]) for u in unverified.values()} == {("not_in_run", started, "FAIL")}

    both.lab.faults.update(fail_apis={"QueryPrimaryStorage": 1.0})
    try:
        failing, out = inspect(both)
    finally:
        both.lab.faults.update(fail_apis={})
    run = failing["run"]
    assert run["complete"] is True and run["status"] == "complete_with_collection_errors", run
    assert [(e["host"], e["dataset"]) for e in run["collection_errors"]] == [("zstack-lab", "primary_storages")]
    assert "complete with collection errors" in out
    errored = set(f["check_id"] for f in failing["findings"] if f["status"] == "ERROR" and f["host"] == "zstack-lab")
    storage_open = open_uids(first, "zstack-lab", errored)
    assert storage_open, "the demo world has open findings of the checks that need primary storages"
    fd = failing["delta"]
    assert sorted(u["uid"] for u in fd["unverified"]) == storage_open
    assert {u["reason"] for u in fd["unverified"]} == {"check_error"}
    assert not set(storage_open) & set(r["uid"] for r in fd["resolved"])
    # the Apsara findings, carried by the limited run, are persisting with the first run's first_seen
    assert set(apsara_open) <= set(fd["persisting"]) and not set(apsara_open) & set(fd["new"])
    assert {f["first_seen"] for f in failing["findings"] if f["uid"] in apsara_open} == {started}
    html = (both.reports / "inspection" / run["id"] / "report.html").read_text(encoding="utf-8")
    assert 'id="collection-errors"' in html

    full, _out = inspect(both)
    assert full["run"]["status"] == "complete" and full["delta"]["unverified"] == [] and full["carried"] == []
    assert set(apsara_open + storage_open) <= set(full["delta"]["persisting"])
    assert not set(apsara_open + storage_open) & set(full["delta"]["new"])
    assert {f["first_seen"] for f in full["findings"] if f["uid"] in apsara_open + storage_open} == {started}

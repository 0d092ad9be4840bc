"""AWX job slicing on the lab (tools/awx_slice_run.py): 40 endpoints (20 ZStack and 20 Apsara worlds, each on
its own ports), the inspection template sliced in 4 parallel ansible-runner jobs as AWX splits the inventory,
every slice recorded in one PostgreSQL store under one run id, and one report for the logical run."""

from __future__ import annotations

import json
import os

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import new_run_id

from tools import awx_jobs, awx_slice_run


def test_forty_endpoints_in_four_slices_make_one_report(pg_dsn, tmp_path):
    with awx_slice_run.Fleet(20, 20, str(tmp_path)) as fleet:
        inventory = awx_slice_run.fleet_inventory(fleet.info)
        hosts = sorted(h for g in inventory.values() for h in (g.get("hosts") or {}))
        assert len(hosts) == 40 and len(set(h["zstack_endpoint"] for h in inventory["zstack"]["hosts"].values())) == 20
        result = awx_slice_run.run_sliced(inventory, awx_slice_run.fleet_credentials(fleet.info, pg_dsn), 4, str(tmp_path / "run"),
                                          new_run_id(), exclude_pids=(fleet.proc.pid,))
    assert result["statuses"] == ["successful"] * 4, result

    store = awx_slice_run._open_store(pg_dsn)  # pylint: disable=protected-access
    try:
        slices = awx_slice_run.slice_documents(store, "inspection", "lab", result["run_id"])
        doc = awx_slice_run.logical_report(store, "inspection", "lab", result["run_id"])
    finally:
        store.close()
    # four parts of one run, each with the hosts AWX gives its slice: ordered by name, every 4th
    assert sorted(slices) == ["1", "2", "3", "4"]
    for n in range(1, 5):
        assert sorted(e["name"] for e in slices[str(n)]["endpoints"]) == hosts[n - 1::4]
    # one report: all 40 endpoints, every slice's findings once, summary and score computed for the whole run
    assert doc["run"]["id"] == result["run_id"] and doc["run"]["slices"] == 4
    assert doc["summary"]["endpoints"] == 40 and sorted(e["name"] for e in doc["endpoints"]) == hosts
    assert len(doc["findings"]) == sum(len(d["findings"]) for d in slices.values())
    assert len(set(f["uid"] for f in doc["findings"])) == len(doc["findings"])
    assert doc["run"]["status"] in ("complete", "complete_with_collection_errors"), doc["run"]["incomplete_reasons"]
    fails = sum(d["summary"]["by_status"].get("FAIL", 0) for d in slices.values())
    assert doc["summary"]["by_status"].get("FAIL", 0) == fails > 0
    written = awx_slice_run.render(doc, str(tmp_path / "report"))
    assert os.path.isfile(written["en"]["html"]) and os.path.isfile(written["zh_CN"]["html"])
    with open(written["en"]["json"], encoding="utf-8") as fh:
        assert json.load(fh)["summary"]["endpoints"] == 40


def test_slices_split_the_inventory_as_awx_does():
    inventory = {"all": {"vars": {"cloudops_site": "lab"}},
                 "zstack": {"vars": {"cloud_platform": "zstack"}, "hosts": dict(("z%02d" % n, {}) for n in range(6))},
                 "apsara": {"vars": {"cloud_platform": "apsara"}, "hosts": dict(("a%02d" % n, {}) for n in range(4))}}
    names = sorted(["z%02d" % n for n in range(6)] + ["a%02d" % n for n in range(4)])
    parts = [awx_jobs.slice_inventory(inventory, n, 4) for n in range(1, 5)]
    got = [sorted(set(parts[n]["zstack"]["hosts"]) | set(parts[n]["apsara"]["hosts"])) for n in range(4)]
    assert got == [names[0::4], names[1::4], names[2::4], names[3::4]]
    assert [len(g) for g in got] == [3, 3, 2, 2]
    assert all(p["zstack"]["vars"] == {"cloud_platform": "zstack"} and p["all"]["vars"]["cloudops_site"] == "lab" for p in parts)
    assert awx_jobs.slice_inventory(inventory, 1, 1) == inventory

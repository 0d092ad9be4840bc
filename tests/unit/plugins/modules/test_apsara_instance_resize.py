"""apsara_instance_resize on the lab's apsara_scaling world (shared/reference/scaling-api.md 3): pay-as-you-go stop /
ModifyInstanceSpec / start, a subscription upgrade with an API reboot, bad input with zero writes, idempotence, and the
fault matrix (the stop, the spec change, its async job, the start, sold out, a lost answer): apsara_change_rollback
returns the lab to its snapshot."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_change_rollback, apsara_disk_resize, apsara_instance_resize

from .test_apsara_vpc_support import fast_retries_fixture, run  # noqa: F401  pylint: disable=unused-import


@pytest.fixture
def slab():
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world="scaling", host="127.0.0.1", http_port=0, https_port=None, async_seconds=0.03) as lab:
        lab.faults.update(type_change_interval_seconds=0.5)
        yield lab


def writes(lab):
    return [w["name"] for w in lab.writes()]


def inst(lab, name):
    with lab.state.lock:
        return dict(next(i for i in lab.state.all("instance") if i["InstanceName"] == name))


# What a stop/start renews (StartTime) and what the lab keeps of a type change (its time, for the interval; a
# subscription's downgrades and order): no configuration a rollback restores.  StoppedMode is compared: a start resets it.
LAB_FACTS = ("StartTime", "_type_changed_at", "_downgrades", "_order_status")


def resources(snapshot):
    for table in snapshot.values():
        for rec in table.values() if isinstance(table, dict) else ():
            for key in LAB_FACTS:
                if isinstance(rec, dict):
                    rec.pop(key, None)
    return snapshot


def test_payg_stop_change_start_then_unchanged(slab, capsys, fast_retries):
    failed, result = run(apsara_instance_resize, slab, capsys, names=["scale-payg-01"], instance_type="ecs.c6.xlarge")
    assert not failed, result.get("msg")
    assert writes(slab) == ["StopInstance", "ModifyInstanceSpec", "StartInstance"]
    got = inst(slab, "scale-payg-01")
    assert (got["InstanceType"], got["Status"]) == ("ecs.c6.xlarge", "Running")
    rec = result["changes"][0]
    assert rec["status"] == "applied" and rec["after"]["restart"] is True
    assert result["journal"][0]["type"] == "instance_type" and result["journal"][0]["restore"]["type"] == "ecs.g6.large"
    failed, again = run(apsara_instance_resize, slab, capsys, names=["scale-payg-01"], instance_type="ecs.c6.xlarge")
    assert not failed and not again["changed"] and len(writes(slab)) == 3


def test_prepay_upgrade_and_check_mode(slab, capsys, fast_retries):
    failed, plan = run(apsara_instance_resize, slab, capsys, check_mode=True, tags={"env": "dev", "app": "scaling"},
                       instance_type="ecs.g6.xlarge")
    assert not failed, plan.get("msg")
    assert writes(slab) == [] and {c["status"] for c in plan["changes"]} == {"planned"}
    assert sorted(c["target"]["name"] for c in plan["changes"]) == ["scale-payg-01", "scale-prepay-01", "scale-src-01"]
    failed, result = run(apsara_instance_resize, slab, capsys, names=["scale-prepay-01"], instance_type="ecs.g6.xlarge")
    assert not failed, result.get("msg")
    assert writes(slab)[0] == "ModifyPrepayInstanceSpec"
    assert inst(slab, "scale-prepay-01")["InstanceType"] == "ecs.g6.xlarge"


@pytest.mark.parametrize("args, text", [
    (dict(names=["scale-payg-01"], instance_type="ecs.c6.xlarge", restart="never"), "restart is never"),
    (dict(names=["scale-payg-01"], instance_type="ecs.g6.4xlarge"), "not available"),
    (dict(names=["scale-payg-01"], instance_type="ecs.nope"), "unknown"),
    (dict(names=["nope"], instance_type="ecs.c6.xlarge"), "does not exist"),
    (dict(tags={"env": "dev"}, instance_type="ecs.c6.xlarge", max_targets=2), "more than max_targets"),
    (dict(names=["scale-prepay-01"], instance_type="ecs.c6.large"), "downgrade"),
], ids=["never", "sold-out", "unknown-type", "unknown-instance", "max-targets", "prepay-downgrade"])
def test_bad_input_zero_writes(slab, capsys, fast_retries, args, text):
    failed, result = run(apsara_instance_resize, slab, capsys, **args)
    assert failed and text in result["msg"], result["msg"]
    assert "nothing was changed" in result["msg"] and writes(slab) == [] and result["journal"] == []


PAYG = dict(names=["scale-payg-01"], instance_type="ecs.c6.xlarge")
MATRIX = [
    ("stop", PAYG, "fail_actions", {"StopInstance": 1.0}),
    ("spec-call", PAYG, "fail_actions", {"ModifyInstanceSpec": 1.0}),
    # an async failure leaves the old type: the poll ends at wait_timeout (kept short here)
    ("spec-job", dict(PAYG, wait_timeout=2), "fail_async", {"ModifyInstanceSpec": 1.0}),
    ("sold-out-at-call", PAYG, "exhaust_capacity", {"ModifyInstanceSpec": 1.0}),
    ("start", PAYG, "fail_actions", {"StartInstance#1": 1.0}),
    ("start-no-stock", PAYG, "exhaust_capacity", {"StartInstance#1": 1.0}),
    ("prepay-order", dict(names=["scale-prepay-01"], instance_type="ecs.g6.xlarge", wait_timeout=2), "fail_async",
     {"ModifyPrepayInstanceSpec": 1.0}),
]


@pytest.mark.parametrize("case, args, knob, value", MATRIX, ids=[m[0] for m in MATRIX])
def test_failure_at_each_step_is_rolled_back(slab, capsys, fast_retries, case, args, knob, value):
    before = resources(slab.snapshot())
    slab.faults.update(**{knob: value})
    failed, result = run(apsara_instance_resize, slab, capsys, **args)
    assert failed and result["journal"], (case, result.get("msg"))
    slab.faults.update(**{knob: {}})
    failed, undone = run(apsara_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert {c["status"] for c in undone["changes"]} == {"rolled_back"}
    assert resources(slab.snapshot()) == before


def test_lost_answers_change_once_and_roll_back(slab, capsys, fast_retries):
    before = resources(slab.snapshot())
    slab.faults.update(seed=5, lost_response_rate=0.4)
    failed, result = run(apsara_instance_resize, slab, capsys, retries=8, **PAYG)
    assert not failed, result.get("msg")
    assert writes(slab).count("ModifyInstanceSpec") >= 1 and inst(slab, "scale-payg-01")["InstanceType"] == "ecs.c6.xlarge"
    failed, undone = run(apsara_change_rollback, slab, capsys, retries=8, journal=result["journal"])
    assert not failed, undone.get("msg")
    slab.faults.update(lost_response_rate=0.0)
    assert resources(slab.snapshot()) == before


def disk_size(lab, name):
    with lab.state.lock:
        return next(d for d in lab.state.all("disk") if d["DiskName"] == name)["Size"]


def test_disk_growth_online_offline_irreversible(slab, capsys, fast_retries):
    failed, plan = run(apsara_disk_resize, slab, capsys, check_mode=True, disk="scale-payg-01-data2", size=150)
    assert not failed, plan.get("msg")
    rec = plan["changes"][0]
    assert writes(slab) == [] and rec["after"]["irreversible"] and rec["after"]["restart"] and "API reboot" in rec["title"]
    failed, online = run(apsara_disk_resize, slab, capsys, disk="scale-payg-01-data1", size=150)
    assert not failed, online.get("msg")
    assert writes(slab) == ["ResizeDisk"] and disk_size(slab, "scale-payg-01-data1") == 150 and online["journal"] == []
    failed, offline = run(apsara_disk_resize, slab, capsys, disk="scale-payg-01-data2", size=150)
    assert not failed, offline.get("msg")
    assert writes(slab)[1:] == ["ResizeDisk", "RebootInstance"] and offline["changes"][0]["after"]["mode"] == "offline"
    failed, again = run(apsara_disk_resize, slab, capsys, disk="scale-payg-01-data2", size=150)
    assert not failed and not again["changed"] and len(writes(slab)) == 3
    for args, text in ((dict(size=100), "cannot shrink"), (dict(size=2500), "more than"),
                       (dict(size=200, restart="never"), "restart is never")):
        failed, bad = run(apsara_disk_resize, slab, capsys, disk="scale-payg-01-data2", **args)
        assert failed and text in bad["msg"], bad["msg"]
    assert len(writes(slab)) == 3


def snapshots_of(lab, disk_name):
    with lab.state.lock:
        disk = next(d for d in lab.state.all("disk") if d["DiskName"] == disk_name)
        return [dict(s) for s in lab.state.all("snapshot") if s["SourceDiskId"] == disk["DiskId"]]


def test_snapshot_before_disk_growth_is_recorded_and_kept_by_rollback(slab, capsys, fast_retries):
    had = len(snapshots_of(slab, "scale-payg-01-data1"))
    failed, result = run(apsara_disk_resize, slab, capsys, disk="scale-payg-01-data1", size=150, snapshot=True)
    assert not failed, result.get("msg")
    assert writes(slab) == ["CreateSnapshot", "ResizeDisk"]
    taken = result["changes"][0]["after"]["snapshot"]
    assert [(j["type"], j["id"]) for j in result["journal"]] == [("disk_snapshot", taken["id"])]
    failed, undone = run(apsara_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert undone["changes"][0]["after"]["outcome"].startswith("kept") and len(writes(slab)) == 2
    assert len(snapshots_of(slab, "scale-payg-01-data1")) == had + 1 and disk_size(slab, "scale-payg-01-data1") == 150

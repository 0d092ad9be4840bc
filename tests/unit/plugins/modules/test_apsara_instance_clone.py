"""apsara_instance_clone on the lab's apsara_scaling world (shared/reference/scaling-api.md 3.5): RunInstances like the
source (image, type, vSwitch, security groups), idempotent by name, pre-checks with zero writes (no stock, too few free
IPs), and rollback by apsara_change_rollback (stop, DeleteInstance) back to the lab's snapshot; lost answers never make
a second instance."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_change_rollback, apsara_instance_clone

from .test_apsara_instance_resize import inst, resources, slab, writes  # noqa: F401  pylint: disable=unused-import
from .test_apsara_vpc_support import fast_retries_fixture, run  # noqa: F401  pylint: disable=unused-import


def named(lab, name):
    with lab.state.lock:
        return [dict(i) for i in lab.state.all("instance") if i["InstanceName"] == name]


def test_clones_like_the_source_then_unchanged_then_rolled_back(slab, capsys, fast_retries):
    before = resources(slab.snapshot())
    failed, plan = run(apsara_instance_clone, slab, capsys, check_mode=True, source="scale-src-01",
                       name_pattern="scale-app-{:02d}", count=2)
    assert not failed, plan.get("msg")
    assert writes(slab) == [] and [c["status"] for c in plan["changes"]] == ["planned"]
    failed, result = run(apsara_instance_clone, slab, capsys, source="scale-src-01", name_pattern="scale-app-{:02d}",
                         count=2)
    assert not failed, result.get("msg")
    assert writes(slab) == ["RunInstances", "RunInstances"]
    assert [j["type"] for j in result["journal"]] == ["instance_clone"] * 2
    src = inst(slab, "scale-src-01")
    for name in ("scale-app-01", "scale-app-02"):
        got = named(slab, name)
        assert len(got) == 1 and got[0]["Status"] == "Running"
        assert got[0]["ImageId"] == src["ImageId"] and got[0]["InstanceType"] == src["InstanceType"]
        assert got[0]["VpcAttributes"]["VSwitchId"] == src["VpcAttributes"]["VSwitchId"]
        assert got[0]["SecurityGroupIds"] == src["SecurityGroupIds"]
    failed, again = run(apsara_instance_clone, slab, capsys, source="scale-src-01", names=["scale-app-01", "scale-app-02"])
    assert not failed and not again["changed"] and len(writes(slab)) == 2
    assert {c["status"] for c in again["changes"]} == {"unchanged"}
    failed, undone = run(apsara_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert writes(slab)[2:] == ["StopInstance", "DeleteInstance"] * 2
    assert resources(slab.snapshot()) == before


def test_only_the_missing_names_are_made(slab, capsys, fast_retries):
    failed, first = run(apsara_instance_clone, slab, capsys, source="scale-src-01", names=["scale-app-02"])
    assert not failed, first.get("msg")
    failed, result = run(apsara_instance_clone, slab, capsys, source="scale-src-01", name_pattern="scale-app-{:02d}",
                         count=3)
    assert not failed, result.get("msg")
    assert writes(slab) == ["RunInstances"] * 3
    assert [(c["target"]["name"], c["status"]) for c in result["changes"]] == [
        ("scale-app-02", "unchanged"), ("scale-app-01, scale-app-03", "applied")]


@pytest.mark.parametrize("args, knob, text", [
    (dict(count=5), None, "free IP"),                                         # vsw-scale-small: /28
    (dict(count=1, instance_type="ecs.g6.4xlarge"), None, "no stock"),        # WithoutStock in cn-lab-1a
    (dict(count=1, instance_type="ecs.g6.8xlarge"), None, "no stock"),        # sold in cn-lab-1b only
    (dict(count=1), "twin", "clean up first"),
], ids=["ips", "sold-out", "other-zone", "duplicate-name"])
def test_bad_input_zero_writes(slab, capsys, fast_retries, args, knob, text):
    if knob == "twin":
        with slab.state.lock:
            for rec in list(slab.state.all("instance")):
                if rec["InstanceName"] in ("scale-payg-01", "scale-prepay-01"):
                    rec["InstanceName"] = "scale-app-01"
    failed, result = run(apsara_instance_clone, slab, capsys, source="scale-src-01", name_pattern="scale-app-{:02d}",
                         **args)
    assert failed and text in result["msg"], result["msg"]
    assert "nothing was changed" in result["msg"] and writes(slab) == [] and result["journal"] == []


CLONE = dict(source="scale-src-01", name_pattern="scale-app-{:02d}", count=2)
MATRIX = [
    ("clone-call", dict(CLONE), "fail_actions", {"RunInstances#2": 1.0}),
    ("clone-no-stock", dict(CLONE), "exhaust_capacity", {"RunInstances#2": 1.0}),
    ("clone-start-job", dict(CLONE, wait_timeout=5), "fail_async", {"RunInstances#2": 1.0}),
]


@pytest.mark.parametrize("case, args, knob, value", MATRIX, ids=[m[0] for m in MATRIX])
def test_failure_at_each_step_is_rolled_back(slab, capsys, fast_retries, case, args, knob, value):
    before = resources(slab.snapshot())
    slab.faults.update(**{knob: value})
    failed, result = run(apsara_instance_clone, slab, capsys, **args)
    assert failed and result["journal"], (case, result.get("msg"))
    slab.faults.update(**{knob: {}})
    failed, undone = run(apsara_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert resources(slab.snapshot()) == before, case
    assert not named(slab, "scale-app-01") and not named(slab, "scale-app-02")


def test_lost_answers_never_duplicate_a_clone(slab, capsys, fast_retries):
    before = resources(slab.snapshot())
    slab.faults.update(seed=3, lost_response_rate=0.5)
    failed, result = run(apsara_instance_clone, slab, capsys, retries=8, **CLONE)
    assert not failed, result.get("msg")
    assert len(named(slab, "scale-app-01")) == 1 and len(named(slab, "scale-app-02")) == 1
    failed, undone = run(apsara_change_rollback, slab, capsys, retries=8, journal=result["journal"])
    assert not failed, undone.get("msg")
    slab.faults.update(lost_response_rate=0.0)
    assert resources(slab.snapshot()) == before

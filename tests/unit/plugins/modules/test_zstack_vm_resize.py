"""zstack_vm_resize on the lab's scaling world (shared/reference/scaling-api.md 2): online, stop/start and stopped
resizes, the plan (restarts), bad input with zero writes, idempotence, and the fault matrix: a failure at the resize
call, the stop, the start, a half-applied resize and lost answers - zstack_change_rollback returns the lab to its
snapshot."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import (
    zstack_change_rollback, zstack_vm_clone, zstack_vm_resize, zstack_volume_resize)

from .module_runner import lab_args, run_module

GiB = 1024 ** 3
CHANGE = {"id": "CHG-SCALE-1", "ticket": "ITSM-11", "operator": "tester"}


@pytest.fixture
def slab(tmp_path, monkeypatch):
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    empty = tmp_path / "no-ca.pem"
    empty.write_text("", encoding="ascii")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-ca-dir"))
    with ZStackLab(world="scaling", job_seconds=0.01, https_port=None, prewarm=False) as lab:
        yield lab


def run(module, lab, capsys, check=False, **args):
    args = lab_args(lab, change=CHANGE, **args)
    if check:
        args["_ansible_check_mode"] = True
    return run_module(module, args, capsys)


def vm(lab, name):
    with lab.state.lock:
        return dict(next(v for v in lab.state.all("vm") if v["name"] == name))


# What the lab keeps of a VM's last boot (hot-plugs since, the max vCPU of that start): a stop/start of the
# rollback renews them as a real hypervisor does; they are no resource state the API shows.
BOOT_FACTS = ("_mem_hotplugs", "_max_vcpu_at_start", "_numa_at_start")


def resources(snapshot):
    for rec in snapshot.get("vm", {}).values():
        for key in BOOT_FACTS:
            rec.pop(key, None)
    return snapshot


def writes(lab):
    return [w["name"] for w in lab.writes()]


def test_online_grow_then_unchanged(slab, capsys):
    failed, result = run(zstack_vm_resize, slab, capsys, names=["scale-hot-01"], cpu=4, memory="8G", restart="never")
    assert not failed, result.get("msg")
    assert result["changed"] and writes(slab) == ["UpdateVmInstance"]
    rec = result["changes"][0]
    assert rec["status"] == "applied" and rec["after"]["restart"] is False and "online" in rec["title"]
    assert (rec["after"]["cpu"], rec["after"]["memory"], rec["after"]["state"]) == (4, 8 * GiB, "Running")
    assert result["journal"][0]["type"] == "vm_size" and result["journal"][0]["restore"]["cpu"] == 2
    failed, again = run(zstack_vm_resize, slab, capsys, names=["scale-hot-01"], cpu=4, memory="8G", restart="never")
    assert not failed and not again["changed"] and len(writes(slab)) == 1
    assert [c["status"] for c in again["changes"]] == ["unchanged"]


def test_plan_names_restarts_and_check_mode_writes_nothing(slab, capsys):
    failed, result = run(zstack_vm_resize, slab, capsys, check=True, cpu=4, memory="8G", names=[
        "scale-hot-01", "scale-cold-01", "scale-late-01", "scale-src-01", "scale-stopped-01"])
    assert not failed, result.get("msg")
    assert writes(slab) == [] and result["changed"]
    plan = dict((c["target"]["name"], c) for c in result["changes"])
    assert set(plan) == {"scale-hot-01", "scale-cold-01", "scale-late-01", "scale-src-01", "scale-stopped-01"}
    assert {c["status"] for c in plan.values()} == {"planned"}
    restarts = sorted(n for n, c in plan.items() if c["after"]["restart"])
    assert restarts == ["scale-cold-01", "scale-src-01"]                # numa off: stop, resize, start
    assert plan["scale-stopped-01"]["after"]["state"] == "Stopped" and not plan["scale-stopped-01"]["after"]["restart"]


def test_cold_vm_is_stopped_resized_and_started(slab, capsys):
    failed, result = run(zstack_vm_resize, slab, capsys, names=["scale-cold-01"], cpu=1, memory="2G")
    assert not failed, result.get("msg")
    assert writes(slab) == ["StopVmInstance", "UpdateVmInstance", "StartVmInstance"]
    after = vm(slab, "scale-cold-01")
    assert (after["cpuNum"], after["memorySize"], after["state"]) == (1, 2 * GiB, "Running")
    assert result["changes"][0]["after"]["restart"] is True


def test_stopped_vm_and_offering(slab, capsys):
    failed, result = run(zstack_vm_resize, slab, capsys, names=["scale-stopped-01", "scale-hot-01"],
                         instance_offering="c2m4-alt", restart="always", parallel=1)
    assert not failed, result.get("msg")
    assert writes(slab) == ["StopVmInstance", "ChangeInstanceOffering", "StartVmInstance", "ChangeInstanceOffering"]
    assert vm(slab, "scale-stopped-01")["state"] == "Stopped" and vm(slab, "scale-hot-01")["state"] == "Running"


@pytest.mark.parametrize("args, text", [
    (dict(names=["scale-cold-01"], cpu=4, restart="never"), "needs a stop/start"),
    (dict(names=["scale-hot-01"], cpu=2, memory="2G", restart="never"), "cannot shrink"),
    (dict(names=["scale-hot-01"], memory="4196M"), "128 MiB"),
    (dict(names=["scale-hot-01", "scale-cold-01"], cpu=40, memory="16G"), "free"),
    (dict(names=["nope-01"], cpu=2), "does not exist"),
    (dict(tag="env::dev", cpu=4, max_targets=3), "more than max_targets"),
    (dict(tag="no::such", cpu=4), "no VM matches"),
    (dict(names=["scale-hot-01"], instance_offering="nope"), "does not exist"),
    (dict(names=["scale-hot-01"], memory="lots"), "not a size"),
], ids=["never", "shrink-online", "align", "capacity", "unknown", "max-targets", "no-match", "offering", "memory"])
def test_bad_input_zero_writes(slab, capsys, args, text):
    failed, result = run(zstack_vm_resize, slab, capsys, **args)
    assert failed and text in result["msg"], result["msg"]
    assert "nothing was changed" in result["msg"] and writes(slab) == [] and result["journal"] == []


# (case, VM and args, failing API, n-th call, how, the VM's state after the failure)
MATRIX = [
    ("resize-call", dict(names=["scale-hot-01"], cpu=4, memory="8G"), "UpdateVmInstance", 1, "fail_apis"),
    ("resize-job", dict(names=["scale-hot-01"], cpu=4, memory="8G"), "UpdateVmInstance", 1, "fail_async"),
    ("half-applied", dict(names=["scale-hot-01"], cpu=4, memory="8G"), "UpdateVmInstance", 1, "half_apply_resize"),
    ("half-applied-offering", dict(names=["scale-hot-01"], instance_offering="c4m8"), "ChangeInstanceOffering", 1,
     "half_apply_resize"),
    ("stop", dict(names=["scale-cold-01"], cpu=1, memory="2G"), "StopVmInstance", 1, "fail_async"),
    ("start", dict(names=["scale-cold-01"], cpu=1, memory="2G"), "StartVmInstance", 1, "fail_async"),
    ("start-no-host", dict(names=["scale-cold-01"], cpu=1, memory="2G"), "StartVmInstance", 1, "exhaust_capacity"),
    ("numa-after-start", dict(names=["scale-late-01"], cpu=4, memory="8G"), "none", 1, "fail_apis"),
    ("second-vm", dict(names=["scale-cold-01", "scale-hot-01"], cpu=4, memory="8G"), "UpdateVmInstance", 2,
     "fail_apis"),
]


@pytest.mark.parametrize("case, args, api, nth, how", MATRIX, ids=[m[0] for m in MATRIX])
def test_failure_at_each_step_is_rolled_back(slab, capsys, case, args, api, nth, how):
    before = slab.snapshot()
    slab.faults.update(**{how: {"%s#%d" % (api, nth): 1.0}})
    failed, result = run(zstack_vm_resize, slab, capsys, **args)
    assert failed and result["journal"], (case, result.get("msg"))
    assert "failed" in [c["status"] for c in result["changes"]]
    slab.faults.update(**{how: {}})
    failed, undone = run(zstack_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert {c["status"] for c in undone["changes"]} == {"rolled_back"}
    assert resources(slab.snapshot()) == resources(before), case


def test_lost_answers_resize_once_and_roll_back(slab, capsys):
    before = slab.snapshot()
    slab.faults.update(seed=11, lost_response_rate=0.5)
    failed, result = run(zstack_vm_resize, slab, capsys, retries=8, names=["scale-cold-01", "scale-hot-01"], cpu=4,
                         memory="8G")
    assert not failed, result.get("msg")
    for name in ("scale-cold-01", "scale-hot-01"):
        got = vm(slab, name)
        assert (got["cpuNum"], got["memorySize"], got["state"]) == (4, 8 * GiB, "Running")
    failed, undone = run(zstack_change_rollback, slab, capsys, retries=8, journal=result["journal"])
    assert not failed, undone.get("msg")
    slab.faults.update(lost_response_rate=0.0)
    assert resources(slab.snapshot()) == resources(before)


def data_volume(lab, vm_name):
    with lab.state.lock:
        owner = next(v for v in lab.state.all("vm") if v["name"] == vm_name)
        return dict(next(v for v in lab.state.all("volume") if v.get("vmInstanceUuid") == owner["uuid"]
                         and v["type"] == "Data"))


def test_volume_growth_is_irreversible_and_grow_only(slab, capsys):
    vol = data_volume(slab, "scale-src-01")
    failed, plan = run(zstack_volume_resize, slab, capsys, check=True, vm="scale-src-01", volume=vol["uuid"], size="80G")
    assert not failed, plan.get("msg")
    rec = plan["changes"][0]
    assert writes(slab) == [] and rec["status"] == "planned" and rec["after"]["irreversible"] is True
    assert "irreversible" in rec["title"] and "file system" in rec["title"]
    failed, result = run(zstack_volume_resize, slab, capsys, vm="scale-src-01", volume=vol["uuid"], size="80G")
    assert not failed, result.get("msg")
    assert writes(slab) == ["ResizeDataVolume"] and data_volume(slab, "scale-src-01")["size"] == 80 * GiB
    assert result["journal"] == []
    failed, again = run(zstack_volume_resize, slab, capsys, vm="scale-src-01", volume=vol["uuid"], size="80G")
    assert not failed and not again["changed"] and len(writes(slab)) == 1
    failed, smaller = run(zstack_volume_resize, slab, capsys, vm="scale-src-01", size="1G")
    assert failed and "cannot shrink" in smaller["msg"] and len(writes(slab)) == 1
    failed, root = run(zstack_volume_resize, slab, capsys, vm="scale-stopped-01", size="200G")
    assert not failed, root.get("msg")
    assert writes(slab)[-1] == "ResizeRootVolume" and root["changes"][0]["after"]["mode"] == "offline"


def expunged(snapshot):
    """The snapshot as a rollback of clones must leave it: ExpungeVmInstance gives the root volume's size back to the
    primary storage and takes the NICs out of their security groups, so nothing is left out."""
    return resources(snapshot)


def vm_names(lab):
    with lab.state.lock:
        return [v["name"] for v in lab.state.all("vm")]


def test_clone_idempotent_by_name_and_rolled_back(slab, capsys):
    before = slab.snapshot()
    failed, plan = run(zstack_vm_clone, slab, capsys, check=True, source="scale-src-01", name_pattern="scale-app-{:02d}",
                       count=2)
    assert not failed and writes(slab) == [] and plan["changes"][0]["status"] == "planned", plan.get("msg")
    failed, result = run(zstack_vm_clone, slab, capsys, source="scale-src-01", names=["scale-app-01", "scale-app-02"])
    assert not failed, result.get("msg")
    assert writes(slab) == ["CloneVmInstance"] and [j["type"] for j in result["journal"]] == ["vm_clone"] * 2
    assert vm(slab, "scale-app-01")["state"] == "Running"
    failed, again = run(zstack_vm_clone, slab, capsys, source="scale-src-01", names=["scale-app-01", "scale-app-02"])
    assert not failed and not again["changed"] and len(writes(slab)) == 1
    assert vm_names(slab).count("scale-app-01") == 1
    failed, undone = run(zstack_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert expunged(slab.snapshot()) == expunged(before)


def test_clone_bad_input_and_failure(slab, capsys):
    failed, many = run(zstack_vm_clone, slab, capsys, source="scale-src-01", name_pattern="scale-app-{:02d}", count=6)
    assert failed and "free IP" in many["msg"] and writes(slab) == []
    before = slab.snapshot()
    slab.faults.update(fail_async={"CloneVmInstance#1": 1.0})
    failed, result = run(zstack_vm_clone, slab, capsys, source="scale-src-01", names=["scale-app-01"])
    assert failed and result["changes"][-1]["status"] == "failed"
    slab.faults.update(fail_async={})
    failed, undone = run(zstack_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert expunged(slab.snapshot()) == expunged(before) and "scale-app-01" not in vm_names(slab)


def snapshots_of(lab, volume_uuid):
    with lab.state.lock:
        return [dict(s) for s in lab.state.all("snapshot") if s["volumeUuid"] == volume_uuid]


def test_snapshot_before_growth_is_recorded_and_kept_by_rollback(slab, capsys):
    vol = data_volume(slab, "scale-src-01")
    had = len(snapshots_of(slab, vol["uuid"]))
    failed, plan = run(zstack_volume_resize, slab, capsys, check=True, vm="scale-src-01", volume=vol["uuid"], size="80G",
                       snapshot=True)
    assert not failed and writes(slab) == [] and plan["changes"][0]["after"]["snapshot"]["kept"], plan.get("msg")
    failed, result = run(zstack_volume_resize, slab, capsys, vm="scale-src-01", volume=vol["uuid"], size="80G",
                         snapshot=True)
    assert not failed, result.get("msg")
    assert writes(slab) == ["CreateVolumeSnapshot", "ResizeDataVolume"]
    taken = result["changes"][0]["after"]["snapshot"]
    assert [(j["type"], j["id"]) for j in result["journal"]] == [("volume_snapshot", taken["uuid"])]
    assert taken["name"] == "before-grow-CHG-SCALE-1-%s" % vol["name"]
    failed, undone = run(zstack_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert undone["changes"][0]["after"]["outcome"].startswith("kept")
    assert len(snapshots_of(slab, vol["uuid"])) == had + 1 and writes(slab) == ["CreateVolumeSnapshot", "ResizeDataVolume"]
    assert data_volume(slab, "scale-src-01")["size"] == 80 * GiB         # irreversible: still grown


def test_targets_run_in_parallel_and_a_failure_rolls_all_back(slab, capsys):
    slab.faults.update(job_seconds=0.2)
    before = slab.snapshot()
    failed, result = run(zstack_vm_resize, slab, capsys, names=["scale-cold-01", "scale-src-01"], cpu=1, memory="2G",
                         parallel=2)
    assert not failed, result.get("msg")
    order = writes(slab)
    # both stops went out before either start: the two VMs' jobs overlapped
    assert order.count("StopVmInstance") == 2 and order.index("StartVmInstance") > 1, order
    assert [c["target"]["name"] for c in result["changes"]] == ["scale-cold-01", "scale-src-01"]
    failed, undone = run(zstack_change_rollback, slab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    slab.reset_writes()
    slab.faults.update(fail_async={"StartVmInstance#2": 1.0})
    failed, broken = run(zstack_vm_resize, slab, capsys, names=["scale-cold-01", "scale-src-01"], cpu=1, memory="2G",
                         parallel=2)
    assert failed and sorted(c["status"] for c in broken["changes"]) == ["applied", "failed"], broken.get("msg")
    assert len(broken["journal"]) == 2 and writes(slab).count("StopVmInstance") == 2
    slab.faults.update(fail_async={})
    failed, undone = run(zstack_change_rollback, slab, capsys, journal=broken["journal"])
    assert not failed, undone.get("msg")
    assert resources(slab.snapshot()) == resources(before)


def test_clone_refused_when_the_primary_storage_is_full(slab, capsys):
    src = vm(slab, "scale-src-01")
    with slab.state.lock:
        root = slab.state.get("volume", src["rootVolumeUuid"])
        slab.state.get("ps", root["primaryStorageUuid"])["availableCapacity"] = root["size"]   # room for one copy
        slab.state.touch()
    failed, result = run(zstack_vm_clone, slab, capsys, source="scale-src-01", names=["scale-app-01", "scale-app-02"])
    assert failed and "primary storage" in result["msg"] and writes(slab) == [], result["msg"]
    failed, one = run(zstack_vm_clone, slab, capsys, check=True, source="scale-src-01", names=["scale-app-01"])
    assert not failed, one.get("msg")

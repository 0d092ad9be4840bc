"""The fault matrix of issue 11 (Reliability), both clouds: one scaling change - resize (a stop/start and an online
one), scale-out by two clones, disk growth with a snapshot first - run module by module as the role does (journals
joined), a failure injected at one step, then the rollback over the joined journal.  Every cell ends with the lab back
at its snapshot, except what the plan declared irreversible (the disk growth, and the snapshot taken before it, which
the rollback keeps); no clone name is ever made twice.

Cells (step x cloud): the stop, the resize call, the resize job, a half-applied resize (ZStack: CPU hot-plugged, memory
refused - ECS changes a type in one piece, so there is none), the start, the clone call, the clone job, the growth, and
lost answers over the whole change."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_change_rollback, apsara_disk_resize, apsara_instance_clone, apsara_instance_resize, zstack_change_rollback,
    zstack_vm_clone, zstack_vm_resize, zstack_volume_resize)

from . import test_apsara_instance_resize as aps
from . import test_zstack_vm_resize as zs
from .test_apsara_instance_resize import slab as apsara_lab  # noqa: F401  pylint: disable=unused-import
from .test_apsara_vpc_support import fast_retries_fixture  # noqa: F401  pylint: disable=unused-import
from .test_zstack_vm_resize import slab as zstack_lab  # noqa: F401  pylint: disable=unused-import

CLONES = ["scale-app-01", "scale-app-02"]
ZSTACK_CHANGE = [
    (zstack_vm_resize, dict(names=["scale-cold-01", "scale-hot-01"], cpu=4, memory="8G")),
    (zstack_vm_clone, dict(source="scale-src-01", names=CLONES)),
    (zstack_volume_resize, dict(vm="scale-hot-01", size="60G", snapshot=True)),
]
APSARA_CHANGE = [
    (apsara_instance_resize, dict(names=["scale-payg-01"], instance_type="ecs.c6.xlarge", wait_timeout=3)),
    (apsara_instance_clone, dict(source="scale-src-01", names=CLONES, wait_timeout=3)),
    (apsara_disk_resize, dict(disk="scale-payg-01-data1", size=200, snapshot=True)),
]

# (cell, knob, value, the step that fails: 0 resize, 1 clone, 2 growth; None: the change succeeds)
ZSTACK_MATRIX = [
    ("stop", "fail_async", {"StopVmInstance#1": 1.0}, 0),
    ("resize-call", "fail_apis", {"UpdateVmInstance#1": 1.0}, 0),
    ("resize-job", "fail_async", {"UpdateVmInstance#2": 1.0}, 0),
    ("half-applied", "half_apply_resize", {"UpdateVmInstance#1": 1.0}, 0),        # counted on Running calls
    ("start", "fail_async", {"StartVmInstance#1": 1.0}, 0),
    ("clone-call", "fail_apis", {"CloneVmInstance#1": 1.0}, 1),
    ("clone-job", "fail_async", {"CloneVmInstance#1": 1.0}, 1),
    ("growth", "exhaust_capacity", {"ResizeRootVolume#1": 1.0}, 2),
]
APSARA_MATRIX = [
    ("stop", "fail_actions", {"StopInstance#1": 1.0}, 0),
    ("resize-call", "fail_actions", {"ModifyInstanceSpec#1": 1.0}, 0),
    ("resize-job", "fail_async", {"ModifyInstanceSpec#1": 1.0}, 0),
    ("start", "fail_actions", {"StartInstance#1": 1.0}, 0),
    ("clone-call", "fail_actions", {"RunInstances#2": 1.0}, 1),
    ("clone-job", "fail_async", {"RunInstances#2": 1.0}, 1),
    ("growth", "exhaust_capacity", {"ResizeDisk#1": 1.0}, 2),
]


def run_change(run, steps):
    """The role's apply block: modules in order, journals joined; (index of the failed step or None, journal)."""
    journal = []
    for index, (module, args) in enumerate(steps):
        failed, result = run(module, **args)
        journal += result.get("journal") or []
        if failed:
            return index, journal, result.get("msg")
    return None, journal, None


def zstack_kept(snapshot, grown):
    """ZStack lab state a rollback must restore; after the growth step began, less what it made for good (the volume's
    size and storage use, the kept snapshot)."""
    snapshot = zs.resources(snapshot)
    if grown:
        snapshot.pop("snapshot", None)
        for rec in snapshot.get("volume", {}).values():
            rec.pop("size", None)
        for rec in snapshot.get("ps", {}).values():
            rec.pop("availableCapacity", None)
            rec.pop("availablePhysicalCapacity", None)
    return snapshot


def apsara_kept(snapshot, grown):
    snapshot = aps.resources(snapshot)
    if grown:
        snapshot.pop("snapshot", None)
        for rec in snapshot.get("disk", {}).values():
            rec.pop("Size", None)
            rec.pop("_guest_size", None)
    return snapshot


def names_of(lab, kind, field):
    with lab.state.lock:
        return [r[field] for r in lab.state.all(kind)]


def cell(lab, run, steps, rollback, kept, kind, field, knob, value, fails_at):
    before = lab.snapshot()
    lab.faults.update(**{knob: value})
    failed_at, journal, msg = run_change(run, steps)
    lab.faults.update(**{knob: {} if isinstance(value, dict) else 0.0})
    assert failed_at == fails_at, msg
    names = names_of(lab, kind, field)
    assert all(names.count(n) <= 1 for n in CLONES), names
    failed, undone = run(rollback, journal=journal)
    assert not failed, undone.get("msg")
    assert not {c["status"] for c in undone["changes"]} - {"rolled_back"}
    assert kept(lab.snapshot(), fails_at == 2) == kept(before, fails_at == 2)
    assert not set(CLONES) & set(names_of(lab, kind, field))


@pytest.mark.parametrize("case, knob, value, fails_at", ZSTACK_MATRIX, ids=[m[0] for m in ZSTACK_MATRIX])
def test_zstack_fault_matrix(zstack_lab, capsys, case, knob, value, fails_at):
    def run(module, **args):
        return zs.run(module, zstack_lab, capsys, **args)
    cell(zstack_lab, run, ZSTACK_CHANGE, zstack_change_rollback, zstack_kept, "vm", "name", knob, value, fails_at)


@pytest.mark.parametrize("case, knob, value, fails_at", APSARA_MATRIX, ids=[m[0] for m in APSARA_MATRIX])
def test_apsara_fault_matrix(apsara_lab, capsys, fast_retries, case, knob, value, fails_at):
    def run(module, **args):
        return aps.run(module, apsara_lab, capsys, **args)
    cell(apsara_lab, run, APSARA_CHANGE, apsara_change_rollback, apsara_kept, "instance", "InstanceName", knob, value,
         fails_at)


def lost_answers(lab, run, steps, rollback, kept, kind, field, growth_api, knob):
    """Lost answers over the whole change (each write applied, its answer lost, retried): every step still happens
    once; the growth then fails and the rollback restores the rest."""
    before = lab.snapshot()
    lab.faults.update(seed=7, lost_response_rate=0.35, **{knob: {growth_api + "#1": 1.0}})
    failed_at, journal, msg = run_change(run, [(m, dict(a, retries=8)) for m, a in steps])
    assert failed_at == 2, msg
    names = names_of(lab, kind, field)
    assert [names.count(n) for n in CLONES] == [1, 1], names
    failed, undone = run(rollback, journal=journal, retries=8)
    lab.faults.update(lost_response_rate=0.0)
    assert not failed, undone.get("msg")
    assert kept(lab.snapshot(), True) == kept(before, True)


def test_zstack_lost_answers(zstack_lab, capsys):
    def run(module, **args):
        return zs.run(module, zstack_lab, capsys, **args)
    lost_answers(zstack_lab, run, ZSTACK_CHANGE, zstack_change_rollback, zstack_kept, "vm", "name", "ResizeRootVolume",
                 "exhaust_capacity")


def test_apsara_lost_answers(apsara_lab, capsys, fast_retries):
    def run(module, **args):
        return aps.run(module, apsara_lab, capsys, **args)
    lost_answers(apsara_lab, run, APSARA_CHANGE, apsara_change_rollback, apsara_kept, "instance", "InstanceName",
                 "ResizeDisk", "exhaust_capacity")

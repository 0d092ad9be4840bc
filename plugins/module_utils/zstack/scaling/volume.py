# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Disk growth of ZStack volumes on the change engine (shared/reference/scaling-api.md 2.6): ResizeRootVolume /
ResizeDataVolume, grow only, online (Running VM) or offline (Stopped).  A volume cannot shrink back, so the step
is declared irreversible in the plan; the guest's partition and file system are not touched.  With `snapshot`, a
CreateVolumeSnapshot comes first (its uuid chosen here, so a lost answer cannot make two): recorded in the step's
`after` and journaled as `volume_snapshot`, which a rollback keeps - it is the way back for the data, for the
rollback window."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.resize import (
    ALLOWED_STATES, MiB, find_targets, memory_bytes)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import query_eq

GUEST_NOTE = ("irreversible (a volume cannot shrink); the guest must grow its partition and file system itself "
              "(growpart, then resize2fs or xfs_growfs)")
VOLUME_OPTIONS = dict(
    vm=dict(type="str", required=True),
    volume=dict(type="str", default="root"),
    size=dict(type="str", required=True),
    snapshot=dict(type="bool", default=False),
    snapshot_name=dict(type="str"),
)
SNAPSHOT_TYPE = "volume_snapshot"
KEPT = "kept: the snapshot taken before the irreversible growth is not deleted by a rollback"


def snapshot_label(run, params, what):
    return params.get("snapshot_name") or "before-grow-%s-%s" % (run.tracker.context.change_id or "change", what)


def volume_of(client, vm, ref):
    """The VM's root volume (`root`) or its data volume named `ref` (name or uuid)."""
    vols = query_eq(client, "/volumes", vmInstanceUuid=vm["uuid"])
    if ref == "root":
        found = [v for v in vols if v.get("type") == "Root"]
    else:
        found = [v for v in vols if v.get("type") == "Data" and ref in (v.get("uuid"), v.get("name"))]
    if len(found) != 1:
        raise InputError("volume %r of VM %s %s" % (ref, vm["name"], "does not exist" if not found else "is ambiguous"))
    return found[0]


def view(vol):
    return {"size": vol.get("size"), "type": vol.get("type"), "status": vol.get("status")}


def plan_growth(client, params, write, run=None):
    vm = find_targets(client, dict(names=[params["vm"]], tag=None, max_targets=1))[0]
    vol = volume_of(client, vm, params["volume"])
    size = memory_bytes(params["size"])
    check = Validation("%s %s" % (vm["name"], params["volume"]))
    ps = query_eq(client, "/primary-storage", uuid=vol.get("primaryStorageUuid"))
    free = ps[0].get("availableCapacity", 0) if ps else 0
    problems = [
        "a volume cannot shrink: %d MiB is smaller than its %d MiB" % (size // MiB, vol["size"] // MiB)
        if size < vol["size"] else None,
        "VM %s is %s (allowed: %s)" % (vm["name"], vm["state"], ", ".join(ALLOWED_STATES))
        if vm["state"] not in ALLOWED_STATES else None,
        "primary storage has %d MiB free, the growth needs %d MiB" % (free // MiB, (size - vol["size"]) // MiB)
        if size > vol["size"] and size - vol["size"] > free else None,
    ]
    check.expect("growth_allowed", problems, "grow only, VM %s, storage room" % vm["state"], "The growth is allowed",
                 u"扩容允许")
    check.raise_if_failed()
    before = view(vol)
    tgt = target("volume", "%s:%s" % (vm["name"], vol.get("name") or params["volume"]), vol["uuid"])
    if size == vol["size"]:
        return [Step("grow_volume", tgt, before=before, verify=lambda run: verify(client, vol["uuid"], size),
                     pre_checks=check.checks)]
    online = "online" if vm["state"] == "Running" else "offline"
    label = snapshot_label(run, params, vol.get("name") or vol["uuid"][:8]) if params.get("snapshot") else None
    after = dict(before, size=size, irreversible=True, mode=online)
    if label:
        after["snapshot"] = {"name": label, "kept": True}

    def apply(run, rec):
        taken = {}
        if label:
            made = run.create(rec, SNAPSHOT_TYPE, "/volumes/%s/volume-snapshots" % vol["uuid"],
                              {"name": label, "description": "taken before the disk growth of %s" % tgt["name"]},
                              "CreateVolumeSnapshot", label)[0]
            taken = {"snapshot": {"name": label, "uuid": made["uuid"], "kept": True}}
            rec["target"]["id"] = vol["uuid"]
        api = "ResizeRootVolume" if vol["type"] == "Root" else "ResizeDataVolume"
        path = "/volumes/resize/%s/actions" if vol["type"] == "Root" else "/volumes/data/resize/%s/actions"
        key = "resizeRootVolume" if vol["type"] == "Root" else "resizeDataVolume"
        write("PUT", path % vol["uuid"], {key: {"size": size}}, api)
        return dict(view(query_eq(client, "/volumes", uuid=vol["uuid"])[0]), irreversible=True, mode=online, **taken)

    title = "%s growth%s, %s" % (online, ", after snapshot %s (kept)" % label if label else "", GUEST_NOTE)
    return [Step("grow_volume", tgt, before=before, after=after, apply=apply, pre_checks=check.checks,
                 title=title, verify=lambda run: verify(client, vol["uuid"], size))]


def keep_snapshot(run, entry):
    """The undo of a snapshot before a growth: keep it (the growth itself cannot be undone; the snapshot is the
    way back for the data).  Only says whether it is still there."""
    found = query_eq(run.client, "/volume-snapshots", uuid=entry["id"])
    return KEPT if found else GONE


def verify(client, uuid, size):
    have = query_eq(client, "/volumes", uuid=uuid)
    got = have[0].get("size") if have else None
    check = Validation()
    check.expect("volume_size", [None if got == size else "size %s (wanted %s)" % (got, size)],
                 "%d MiB" % (size // MiB), "The volume has the planned size", u"云盘容量符合计划")
    return check.checks

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Disk growth of ZStack volumes on the change engine (shared/reference/scaling-api.md 2.6): ResizeRootVolume /
ResizeDataVolume, grow only, online (Running VM) or offline (Stopped).  A volume cannot shrink back, so the step
is declared irreversible in the plan and journals nothing; the guest's partition and file system are not touched."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.resize import (
    ALLOWED_STATES, MiB, find_targets, memory_bytes)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import query_eq

GUEST_NOTE = ("irreversible (a volume cannot shrink); the guest must grow its partition and file system itself "
              "(growpart, then resize2fs or xfs_growfs)")
VOLUME_OPTIONS = dict(
    vm=dict(type="str", required=True),
    volume=dict(type="str", default="root"),
    size=dict(type="str", required=True),
)


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


def plan_growth(client, params, write):
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
    after = dict(before, size=size, irreversible=True, mode=online)

    def apply(run, rec):
        api = "ResizeRootVolume" if vol["type"] == "Root" else "ResizeDataVolume"
        path = "/volumes/resize/%s/actions" if vol["type"] == "Root" else "/volumes/data/resize/%s/actions"
        key = "resizeRootVolume" if vol["type"] == "Root" else "resizeDataVolume"
        write("PUT", path % vol["uuid"], {key: {"size": size}}, api)
        return dict(view(query_eq(client, "/volumes", uuid=vol["uuid"])[0]), irreversible=True, mode=online)

    return [Step("grow_volume", tgt, before=before, after=after, apply=apply, pre_checks=check.checks,
                 title="%s growth, %s" % (online, GUEST_NOTE), verify=lambda run: verify(client, vol["uuid"], size))]


def verify(client, uuid, size):
    have = query_eq(client, "/volumes", uuid=uuid)
    got = have[0].get("size") if have else None
    check = Validation()
    check.expect("volume_size", [None if got == size else "size %s (wanted %s)" % (got, size)],
                 "%d MiB" % (size // MiB), "The volume has the planned size", u"云盘容量符合计划")
    return check.checks

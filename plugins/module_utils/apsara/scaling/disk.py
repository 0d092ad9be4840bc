# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Disk growth of Apsara ECS disks on the change engine (shared/reference/scaling-api.md 3.3): ResizeDisk, grow only,
`online` for cloud_efficiency / cloud_ssd / cloud_essd on a Running instance, else `offline`, which the guest sees only
after an API RebootInstance (done here when `restart` allows).  Irreversible: declared in the plan.  With `snapshot`,
a CreateSnapshot (with its ClientToken) comes first and is waited for (ResizeDisk refuses a disk whose snapshot is in
progress): recorded in the step's `after` and journaled as `disk_snapshot`, which a rollback keeps."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.resize import (
    ALLOWED_STATES, ECS, ecs, power, read_instance, settled)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE

ONLINE_CATEGORIES = ("cloud_efficiency", "cloud_ssd", "cloud_essd")
MAX_GIB = {"cloud": 2000}
DEFAULT_MAX_GIB = 32768
GUEST_NOTE = ("irreversible (a disk cannot shrink); the guest must grow its partition and file system itself "
              "(growpart, then resize2fs or xfs_growfs)")
DISK_OPTIONS = dict(
    disk=dict(type="str", required=True),
    size=dict(type="int", required=True),
    restart=dict(type="str", default="if_needed", choices=["never", "if_needed", "always"]),
    snapshot=dict(type="bool", default=False),
    snapshot_name=dict(type="str"),
)
SNAPSHOT_TYPE = "disk_snapshot"
KEPT = "kept: the snapshot taken before the irreversible growth is not deleted by a rollback"


def read_disk(client, ref):
    field = "DiskIds" if ref.startswith("d-") else "DiskName"
    found = client.call_all_pages(ECS, "DescribeDisks", {field: '["%s"]' % ref if field == "DiskIds" else ref})
    return [d for d in found if ref in (d.get("DiskId"), d.get("DiskName"))]


def view(disk):
    return {"size_gib": disk.get("Size"), "category": disk.get("Category"), "status": disk.get("Status")}


def plan_growth(run, params):
    client = run.client
    found = read_disk(client, params["disk"])
    if len(found) != 1:
        raise InputError("disk %r %s" % (params["disk"], "does not exist" if not found else "is ambiguous"))
    disk, size = found[0], params["size"]
    inst = read_instance(client, disk["InstanceId"]) if disk.get("InstanceId") else None
    state = inst["Status"] if inst else None
    online = disk["Category"] in ONLINE_CATEGORIES and state == "Running"
    reboot = state == "Running" and not online
    limit = MAX_GIB.get(disk["Category"], DEFAULT_MAX_GIB)
    check = Validation("disk %s" % (disk.get("DiskName") or disk["DiskId"]))
    check.expect("growth_allowed", [
        "a disk cannot shrink: %d GiB is smaller than its %d GiB" % (size, disk["Size"]) if size < disk["Size"] else None,
        "%d GiB is more than the %d GiB a %s disk can have" % (size, limit, disk["Category"]) if size > limit else None,
        "its instance is %s (allowed: %s)" % (state, ", ".join(ALLOWED_STATES))
        if inst is not None and state not in ALLOWED_STATES else None,
        "a %s disk grows offline and the guest sees it only after an API reboot, and restart is never" % disk["Category"]
        if reboot and params["restart"] == "never" and size > disk["Size"] else None,
    ], "grow only, within the category's maximum", "The growth is allowed", u"扩容允许")
    check.raise_if_failed()
    before = view(disk)
    tgt = target("disk", disk.get("DiskName") or disk["DiskId"], disk["DiskId"])
    if size == disk["Size"]:
        return [Step("grow_disk", tgt, before=before, verify=lambda r: verify(r, disk["DiskId"], size),
                     pre_checks=check.checks)]
    mode = "online" if online else "offline"
    after = dict(before, size_gib=size, irreversible=True, mode=mode, restart=reboot)
    label = None
    if params.get("snapshot"):
        label = params.get("snapshot_name") or "before-grow-%s-%s" % (run.tracker.context.change_id,
                                                                      disk.get("DiskName") or disk["DiskId"])
        after["snapshot"] = {"name": label, "kept": True}

    def apply(r, rec):
        taken = {"snapshot": dict(take_snapshot(r, rec, disk, label), name=label, kept=True)} if label else {}
        ecs(r, "ResizeDisk", {"DiskId": disk["DiskId"], "NewSize": size, "Type": mode, "ClientToken": r.token()})
        r.poll("disk %s size" % disk["DiskId"], lambda: (read_disk(client, disk["DiskId"]) or [None])[0],
               lambda d: d is not None and d["Size"] == size, describe=lambda d: d.get("Size"))
        if reboot:
            # an offline resize shows in the guest only after a reboot through the API, not one inside the guest
            settled(r, disk["InstanceId"])
            ecs(r, "RebootInstance", {"InstanceId": disk["InstanceId"]})
            power(r, disk["InstanceId"], "Running")
        return dict(view(read_disk(client, disk["DiskId"])[0]), irreversible=True, mode=mode, restart=reboot, **taken)

    title = "%s growth%s%s, %s" % (mode, " and an API reboot" if reboot else "",
                                   ", after snapshot %s (kept)" % label if label else "", GUEST_NOTE)
    return [Step("grow_disk", tgt, before=before, after=after, apply=apply, pre_checks=check.checks, title=title,
                 verify=lambda r: verify(r, disk["DiskId"], size))]


def verify(run, disk_id, size):
    found = read_disk(run.client, disk_id)
    got = found[0]["Size"] if found else None
    check = Validation()
    check.expect("disk_size", [None if got == size else "size %s GiB (wanted %s)" % (got, size)], "%d GiB" % size,
                 "The disk has the planned size", u"云盘容量符合计划")
    return check.checks


def read_snapshot(client, sid):
    found = client.call_all_pages(ECS, "DescribeSnapshots", {"SnapshotIds": '["%s"]' % sid})
    return next((x for x in found if x.get("SnapshotId") == sid), None)


def take_snapshot(run, rec, disk, label):
    """CreateSnapshot of the disk, journaled at once, waited for until accomplished; {"id": SnapshotId}."""
    token = run.token()
    run.intend(rec, SNAPSHOT_TYPE, name=label, token=token, action="CreateSnapshot")
    sid = ecs(run, "CreateSnapshot", {"DiskId": disk["DiskId"], "SnapshotName": label, "ClientToken": token,
                                      "Description": "taken before the disk growth"})["SnapshotId"]
    run.created(rec, SNAPSHOT_TYPE, sid, name=label)
    rec["target"]["id"] = disk["DiskId"]
    run.poll("snapshot %s" % sid, lambda: read_snapshot(run.client, sid), lambda x: x["Status"] == "accomplished",
             failed=lambda x: x["Status"] == "failed", describe=lambda x: "%s %s" % (x.get("Status"), x.get("Progress")))
    return {"id": sid}


def keep_snapshot(run, entry):
    """The undo of a snapshot before a growth: keep it (it is the way back for the data); say whether it is there."""
    return KEPT if read_snapshot(run.client, entry["id"]) is not None else GONE

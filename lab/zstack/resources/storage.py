"""Volumes, primary/backup storage (+ capacities), volume snapshots and volume backups."""
from __future__ import annotations

import json

from ...common import content
from .. import wire
from ..kinds import NESTED_CLASSES, kind, many, one
from ..routes import handler, query
from ..wire import argerr, operr
from .helpers import fetch as _get, updated

NESTED_CLASSES.update({
    "backupStorageRefs": "org.zstack.storage.backup.VolumeBackupBackupStorageRefInventory",
    "mons": "org.zstack.storage.ceph.primary.CephPrimaryStorageMonInventory",
    "pools": "org.zstack.storage.ceph.primary.CephPrimaryStoragePoolInventory",
})

_PS_CLASS = {"LocalStorage": "org.zstack.storage.primary.local.LocalStoragePrimaryStorageInventory",
             "Ceph": "org.zstack.storage.ceph.primary.CephPrimaryStorageInventory",
             "SharedBlock": "org.zstack.storage.primary.sharedblock.SharedBlockGroupPrimaryStorageInventory"}

kind("volume", "org.zstack.header.volume.VolumeInventory", resource_type="VolumeVO",
     joins={"vmInstance": one("vm", "vmInstanceUuid"), "primaryStorage": one("ps", "primaryStorageUuid"),
            "snapshot": many("snapshot", "volumeUuid"), "volumeBackup": many("backup", "volumeUuid")},
     extra_fields=("lastDetachDate", "lastAttachDate", "diskOfferingUuid", "rootImageUuid"))
kind("ps", "org.zstack.header.storage.primary.PrimaryStorageInventory", resource_type="PrimaryStorageVO",
     joins={"zone": one("zone", "zoneUuid"), "volume": many("volume", "primaryStorageUuid"),
            "cluster": ("cluster", lambda st, r: [c for c in (st.get("cluster", u) for u in r.get("attachedClusterUuids") or []) if c])})
kind("bs", "org.zstack.header.storage.backup.BackupStorageInventory", resource_type="BackupStorageVO",
     joins={"zone": ("zone", lambda st, r: [z for z in (st.get("zone", u) for u in r.get("attachedZoneUuids") or []) if z])})
kind("snapshot", "org.zstack.header.storage.snapshot.VolumeSnapshotInventory", resource_type="VolumeSnapshotVO",
     joins={"volume": one("volume", "volumeUuid"), "primaryStorage": one("ps", "primaryStorageUuid")})
kind("backup", "org.zstack.storage.backup.VolumeBackupInventory", resource_type="VolumeBackupVO",
     joins={"volume": one("volume", "volumeUuid"), "vmInstance": one("vm", "vmInstanceUuid")})

query("QueryVolume", "volume")
query("QueryPrimaryStorage", "ps")
query("QueryCephPrimaryStorage", "ps", where=lambda r: r.get("type") == "Ceph")
query("QuerySharedBlockGroupPrimaryStorage", "ps", where=lambda r: r.get("type") == "SharedBlock")
query("QueryLocalStorageResourceRef", "lsref")
query("QueryBackupStorage", "bs")
query("QueryImageStoreBackupStorage", "bs", where=lambda r: r.get("type") == "ImageStoreBackupStorage")
query("QueryVolumeSnapshot", "snapshot")
query("QueryVolumeBackup", "backup")
kind("lsref", "org.zstack.storage.primary.local.LocalStorageResourceRefInventory")


def _ps_filter(ctx):
    st = ctx.state
    pss = st.all("ps")
    ids, clusters, zones = ctx.list("primaryStorageUuids"), ctx.list("clusterUuids"), ctx.list("zoneUuids")
    if ids:
        return [p for p in pss if p["uuid"] in ids]
    if clusters:
        return [p for p in pss if set(p.get("attachedClusterUuids") or []) & set(clusters)]
    if zones:
        return [p for p in pss if p["zoneUuid"] in zones]
    if ctx.bool("all"):
        return pss
    raise argerr("zoneUuids, clusterUuids, primaryStorageUuids must have at least one be none-empty list, or all"
                 " is set to true")


@handler("GetPrimaryStorageCapacity")
def ps_capacity(ctx):
    sel = [p for p in _ps_filter(ctx) if p.get("state") != "Disabled"]
    keys = ("totalCapacity", "availableCapacity", "totalPhysicalCapacity", "availablePhysicalCapacity")
    out = {k: sum(p[k] for p in sel) for k in keys}
    out["success"] = True
    return out


@handler("GetBackupStorageCapacity")
def bs_capacity(ctx):
    st = ctx.state
    ids, zones = ctx.list("backupStorageUuids"), ctx.list("zoneUuids")
    if ids:
        sel = [b for b in st.all("bs") if b["uuid"] in ids]
    elif zones:
        sel = [b for b in st.all("bs") if set(b.get("attachedZoneUuids") or []) & set(zones)]
    elif ctx.bool("all"):
        sel = st.all("bs")
    else:
        raise argerr("zoneUuids, backupStorageUuids must have at least one be none-empty list, or all is set to true")
    return {"totalCapacity": sum(b["totalCapacity"] for b in sel),
            "availableCapacity": sum(b["availableCapacity"] for b in sel), "success": True}


@handler("GetLocalStorageHostDiskCapacity")
def local_host_capacity(ctx):
    st = ctx.state
    ps = st.get("ps", ctx.get("primaryStorageUuid"))
    if ps is None or ps["type"] != "LocalStorage":
        raise argerr(f"the primary storage[uuid:{ctx.get('primaryStorageUuid')}] is not a local primary storage")
    hosts = [h for c in ps.get("attachedClusterUuids") or [] for h in st.by("host", "clusterUuid", c)]
    if ctx.get("hostUuid"):
        hosts = [h for h in hosts if h["uuid"] == ctx.get("hostUuid")]
    n = max(len([h for c in ps.get("attachedClusterUuids") or [] for h in st.by("host", "clusterUuid", c)]), 1)
    invs = [{"hostUuid": h["uuid"], "totalCapacity": ps["totalCapacity"] // n,
             "availableCapacity": ps["availableCapacity"] // n,
             "totalPhysicalCapacity": ps["totalPhysicalCapacity"] // n,
             "availablePhysicalCapacity": ps["availablePhysicalCapacity"] // n} for h in hosts]
    return {"inventories": invs, "success": True}


# ---- helpers ----------------------------------------------------------------------------------
def _consume(ctx, ps_uuid, nbytes):
    ps = ctx.state.get("ps", ps_uuid)
    if ps is not None:
        ps["availableCapacity"] = max(ps["availableCapacity"] - nbytes, 0)
        ps["availablePhysicalCapacity"] = max(ps["availablePhysicalCapacity"] - nbytes, 0)


def _attached_vm(ctx, vol):
    return ctx.state.get("vm", vol.get("vmInstanceUuid"))


# ---- snapshots --------------------------------------------------------------------------------
@handler("CreateVolumeSnapshot", seconds=0.5)
def create_snapshot(ctx):
    st = ctx.state
    vol = _get(ctx, "volume", "volumeUuid", "VolumeVO")
    name = ctx.req("name")
    if vol["status"] != "Ready":
        raise operr(f"the volume[uuid:{vol['uuid']}] is not in status of Ready, current status is {vol['status']}")
    vm = _attached_vm(ctx, vol)
    if vm is not None and vm["state"] not in ("Running", "Stopped", "Paused"):
        raise operr(f"the vm[uuid:{vm['uuid']}] the volume attached to is in state[{vm['state']}], cannot take"
                    " a snapshot")
    existing = st.by("snapshot", "volumeUuid", vol["uuid"])
    parent = next((s for s in existing if s.get("latest")), None)
    for s in existing:
        s["latest"] = False
    ts = wire.now()
    size = max(int(vol["actualSize"] * 0.05), 1048576)
    uid = ctx.params.get("resourceUuid") or wire.new_uuid()
    snap = {"uuid": uid, "name": name, "description": ctx.get("description"),
            "type": "Storage" if (st.get("ps", vol["primaryStorageUuid"]) or {}).get("type") == "Ceph" else "Hypervisor",
            "volumeUuid": vol["uuid"], "treeUuid": parent["treeUuid"] if parent else wire.new_uuid(),
            "parentUuid": parent["uuid"] if parent else None, "primaryStorageUuid": vol["primaryStorageUuid"],
            "primaryStorageInstallPath": f"{vol.get('installPath', '/zstack_ps')}@{uid}",
            "volumeType": vol["type"], "format": vol["format"], "latest": True, "size": size,
            "state": "Enabled", "status": "Ready", "distance": (parent or {}).get("distance", 0) + 1 if parent else 1,
            "createDate": ts, "lastOpDate": ts, "_marker": marker_of("volume", vol)}
    st.add("snapshot", snap)
    _consume(ctx, vol["primaryStorageUuid"], size)
    return {"inventory": dict(snap)}


@handler("DeleteVolumeSnapshot")
def delete_snapshot(ctx):
    st = ctx.state
    snap = st.get("snapshot", ctx.get("uuid"))
    if snap is None:
        return {}
    children = list(st.by("snapshot", "parentUuid", snap["uuid"]))
    for c in children:
        c["parentUuid"] = snap.get("parentUuid")
    if snap.get("latest") and snap.get("parentUuid"):
        p = st.get("snapshot", snap["parentUuid"])
        if p:
            p["latest"] = True
    st.remove("snapshot", snap["uuid"])
    return {}


@handler("RevertVolumeFromSnapshot", seconds=0.8)
def revert_snapshot(ctx):
    st = ctx.state
    snap = _get(ctx, "snapshot", "uuid", "VolumeSnapshotVO")
    if snap["state"] != "Enabled":
        raise operr(f"volume snapshot[uuid:{snap['uuid']}] is disabled, cannot revert volume to it")
    vol = st.get("volume", snap["volumeUuid"])
    vm = _attached_vm(ctx, vol) if vol else None
    if vm is not None and vm["state"] != "Stopped":
        raise operr(f"unable to reset volume[uuid:{vol['uuid']}] to snapshot[uuid:{snap['uuid']}], the vm[uuid:"
                    f"{vm['uuid']}] volume attached to is not in Stopped state, current state is {vm['state']}")
    vol["_marker"] = marker_of("snapshot", snap)
    vol["lastOpDate"] = wire.now()
    st.touch()
    return {}


@handler("GetVolumeSnapshotSize")
def snapshot_size(ctx):
    snap = _get(ctx, "snapshot", "uuid", "VolumeSnapshotVO")
    return {"size": snap["size"], "actualSize": snap["size"]}


# ---- backups (premium) ------------------------------------------------------------------------
def _new_backup(ctx, vol, bs, name, group=None):
    ts = wire.now()
    uid = wire.new_uuid()
    vm = _attached_vm(ctx, vol)
    size = vol["actualSize"]
    b = {"uuid": uid, "name": name, "description": ctx.get("description"), "volumeUuid": vol["uuid"],
         "type": vol["type"], "state": "Enabled", "status": "Ready", "size": size,
         "metadata": '{"volume":{"uuid":"%s","size":%d,"format":"%s"}}' % (vol["uuid"], vol["size"], vol["format"]),
         "groupUuid": group, "mode": "full", "vmInstanceUuid": vm["uuid"] if vm else None,
         "backupStorageRefs": [{"volumeBackupUuid": uid, "backupStorageUuid": bs["uuid"],
                                "installPath": f"zstore://{bs['uuid']}/volume-backup/{uid}", "status": "Ready",
                                "createDate": ts, "lastOpDate": ts}],
         "createDate": ts, "lastOpDate": ts, "_marker": marker_of("volume", vol)}
    bs["availableCapacity"] = max(bs["availableCapacity"] - size, 0)
    ctx.state.add("backup", b)
    return b


@handler("CreateVolumeBackup", seconds=0.6)
def create_volume_backup(ctx):
    vol = _get(ctx, "volume", "volumeUuid", "VolumeVO")
    bs = _get(ctx, "bs", "backupStorageUuid", "BackupStorageVO")
    name = ctx.req("name")
    if bs["status"] != "Connected" or bs["state"] != "Enabled":
        raise operr(f"the backup storage[uuid:{bs['uuid']}] is not in Enabled/Connected state")
    return {"inventory": dict(_new_backup(ctx, vol, bs, name))}


@handler("CreateVmBackup", seconds=0.8)
def create_vm_backup(ctx):
    st = ctx.state
    root = _get(ctx, "volume", "rootVolumeUuid", "VolumeVO")
    bs = _get(ctx, "bs", "backupStorageUuid", "BackupStorageVO")
    name = ctx.req("name")
    group = wire.new_uuid()
    vols = [root] + [v for v in st.by("volume", "vmInstanceUuid", root.get("vmInstanceUuid")) if v["type"] == "Data"]
    return {"inventories": [dict(_new_backup(ctx, v, bs, name, group)) for v in vols]}


@handler("DeleteVolumeBackup")
def delete_volume_backup(ctx):
    b = ctx.state.get("backup", ctx.get("uuid"))
    if b is not None:
        for ref in b.get("backupStorageRefs") or []:
            bs = ctx.state.get("bs", ref["backupStorageUuid"])
            if bs:
                bs["availableCapacity"] = min(bs["availableCapacity"] + b["size"], bs["totalCapacity"])
        ctx.state.remove("backup", b["uuid"])
    return {}


@handler("RevertVolumeFromVolumeBackup", seconds=2.0)
def revert_from_backup(ctx):
    b = _get(ctx, "backup", "uuid", "VolumeBackupVO")
    vol = ctx.state.get("volume", b["volumeUuid"])
    if vol is None:
        raise operr(f"the volume[uuid:{b['volumeUuid']}] of the backup[uuid:{b['uuid']}] has been deleted")
    vm = _attached_vm(ctx, vol)
    if vm is not None and vm["state"] != "Stopped":
        raise operr(f"the vm[uuid:{vm['uuid']}] must be Stopped to revert volume[uuid:{vol['uuid']}] from a backup,"
                    f" current state is {vm['state']}")
    vol["_marker"] = marker_of("backup", b)
    vol["lastOpDate"] = wire.now()
    ctx.state.touch()
    return {}


# ---- test restores: a new data volume from a backup or a snapshot -------------------------------------
def marker_of(rec_kind: str, rec: dict) -> str:
    """The lab-internal content marker of a volume, snapshot or backup (see lab.common.content)."""
    m = rec.get("_marker")
    if m:
        return m
    return content.marker_for(rec["uuid"] if rec_kind == "volume" else rec.get("volumeUuid") or rec["uuid"])


def content_of(state, rid: str) -> dict | None:
    """``GET /_lab/content/<uuid>``: the marker of a volume (snapshot, backup) and what it was restored from."""
    with state.lock:
        for kind_name in ("volume", "snapshot", "backup"):
            rec = state.get(kind_name, rid)
            if rec is not None:
                return {"marker": marker_of(kind_name, rec), "source_marker": rec.get("_source_marker")}
    return None


def _backup_volume_size(b: dict) -> int:
    try:
        return int(json.loads(b.get("metadata") or "{}")["volume"]["size"])
    except (ValueError, KeyError, TypeError):
        return b["size"]


def _restore_begin(src_kind: str, field: str, vo: str):
    """Accept time of CreateDataVolumeFrom{VolumeBackup,VolumeSnapshot}: validate, then persist the new
    volume in status Creating (as VolumeVO is persisted before the flow runs) and reserve its capacity.
    Returns the rollback the dispatcher runs when the job fails: the flow's rollback deletes the
    VolumeVO and returns the capacity, so a failed restore leaves nothing behind."""
    def begin(ctx):
        st = ctx.state
        src = _get(ctx, src_kind, field, vo)
        name = ctx.req("name")
        if src.get("status") != "Ready" or src.get("state", "Enabled") != "Enabled":
            raise operr(f"the {'volume backup' if src_kind == 'backup' else 'volume snapshot'}[uuid:{src['uuid']}]"
                        f" is not Enabled/Ready, current status is {src.get('status')}")
        source_vol = st.get("volume", src.get("volumeUuid"))
        ps_uuid = ctx.get("primaryStorageUuid") or (src.get("primaryStorageUuid") if src_kind == "snapshot" else None) \
            or (source_vol or {}).get("primaryStorageUuid")
        ps = st.get("ps", ps_uuid)
        if ps is None:
            if ps_uuid:
                raise argerr(f"the resource[uuid:{ps_uuid}, type:PrimaryStorageVO] doesn't exist or has been deleted")
            raise argerr("primaryStorageUuid is required when the source volume has been deleted")
        vm = None
        if ctx.get("vmInstanceUuid"):
            vm = _get(ctx, "vm", "vmInstanceUuid", "VmInstanceVO")
        if source_vol is not None:
            size = source_vol["size"]
        else:
            size = _backup_volume_size(src) if src_kind == "backup" else src["size"]
        actual = src["size"]
        uid = ctx.params.get("resourceUuid") or wire.new_uuid()
        if st.get("volume", uid) is not None:
            raise argerr(f"the resource[uuid:{uid}] already exists")
        ts = wire.now()
        vol = {"uuid": uid, "name": name, "description": ctx.get("description"), "primaryStorageUuid": ps["uuid"],
               "vmInstanceUuid": None, "diskOfferingUuid": None, "rootImageUuid": None,
               "installPath": f"{ps.get('url', '/zstack_ps')}/dataVolumes/acct-lab/vol-{uid}/{uid}.qcow2",
               "type": "Data", "format": src.get("format") or (source_vol or {}).get("format", "qcow2"),
               "size": size, "actualSize": actual, "deviceId": None, "state": "Enabled", "status": "Creating",
               "isShareable": False, "createDate": ts, "lastOpDate": ts,
               **content.restored(marker_of(src_kind, src), bool(src.get("_corrupt"))),
               "_restored_from": src["uuid"]}
        st.add("volume", vol)
        _consume(ctx, ps["uuid"], actual)
        ctx.restore = (vol, vm)

        def rollback():
            _release(ctx.state, vol)
            ctx.state.remove("volume", vol["uuid"])
        return rollback
    return begin


def _restore_finish(ctx):
    vol, vm = ctx.restore
    if ctx.state.get("volume", vol["uuid"]) is not vol:
        raise operr(f"the volume[uuid:{vol['uuid']}] was deleted while it was being created")
    vol["status"] = "Ready"
    if vm is not None and ctx.state.get("vm", vm["uuid"]) is not None:
        vol["vmInstanceUuid"] = vm["uuid"]
        vol["deviceId"] = _next_device(ctx.state, vm)
        vol["lastAttachDate"] = wire.now()
    return updated(ctx, vol)


@handler("CreateDataVolumeFromVolumeBackup")
def restore_data_volume(ctx):
    return _restore_finish(ctx)


@handler("CreateDataVolumeFromVolumeSnapshot")
def restore_data_volume_from_snapshot(ctx):
    return _restore_finish(ctx)


restore_data_volume.begin = _restore_begin("backup", "backupUuid", "VolumeBackupVO")
restore_data_volume_from_snapshot.begin = _restore_begin("snapshot", "volumeSnapshotUuid", "VolumeSnapshotVO")
# their duration is the restore_seconds fault knob (default 1 s), not a job_seconds multiple
restore_data_volume.seconds_knob = restore_data_volume_from_snapshot.seconds_knob = "restore_seconds"


# ---- volumes ----------------------------------------------------------------------------------
def _next_device(st, vm):
    used = {v.get("deviceId") for v in st.by("volume", "vmInstanceUuid", vm["uuid"])}
    d = 1
    while d in used:
        d += 1
    return d


@handler("CreateDataVolume")
def create_data_volume(ctx):
    st = ctx.state
    name = ctx.req("name")
    size = ctx.get("diskSize")
    if ctx.get("diskOfferingUuid"):
        off = st.get("diskoffering", ctx.get("diskOfferingUuid"))
        size = (off or {}).get("diskSize", size)
    if not size:
        raise argerr("either diskOfferingUuid or diskSize must be set")
    ts = wire.now()
    uid = ctx.params.get("resourceUuid") or wire.new_uuid()
    vol = {"uuid": uid, "name": name, "description": ctx.get("description"),
           "primaryStorageUuid": ctx.get("primaryStorageUuid"), "vmInstanceUuid": None,
           "diskOfferingUuid": ctx.get("diskOfferingUuid"), "type": "Data", "format": "qcow2",
           "size": int(size), "actualSize": 0, "deviceId": None, "state": "Enabled",
           "status": "Ready" if ctx.get("primaryStorageUuid") else "NotInstantiated", "isShareable": False,
           "createDate": ts, "lastOpDate": ts}
    st.add("volume", vol)
    return {"inventory": dict(vol)}


def _release(st, vol):
    ps = st.get("ps", vol.get("primaryStorageUuid"))
    if ps:
        ps["availableCapacity"] = min(ps["availableCapacity"] + vol["actualSize"], ps["totalCapacity"])
        ps["availablePhysicalCapacity"] = min(ps["availablePhysicalCapacity"] + vol["actualSize"], ps["totalPhysicalCapacity"])


@handler("DeleteDataVolume")
def delete_data_volume(ctx):
    """Global config volume/deletionPolicy: Delay (the lab's default) or Never moves the volume to the
    recycle bin (status Deleted, detached, capacity still held) until ExpungeDataVolume; Direct expunges at once."""
    st = ctx.state
    vol = st.get("volume", ctx.get("uuid"))
    if vol is None or vol["status"] == "Deleted":
        return {}
    if vol["type"] == "Root":
        raise operr(f"the volume[uuid:{vol['uuid']}] is a root volume, it cannot be deleted")
    if vol["status"] == "Creating":
        raise operr(f"the volume[uuid:{vol['uuid']}] is in status of Creating, cannot delete it")
    if st.global_config("volume", "deletionPolicy", "Delay") == "Direct":
        _release(st, vol)
        st.remove("volume", vol["uuid"])
        return {}
    vol.update(status="Deleted", vmInstanceUuid=None, deviceId=None, lastOpDate=wire.now())
    st.touch()
    return {}


@handler("ExpungeDataVolume")
def expunge_data_volume(ctx):
    st = ctx.state
    vol = _get(ctx, "volume", "uuid", "VolumeVO")
    if vol["status"] != "Deleted":
        raise operr(f"the volume[uuid:{vol['uuid']}] is not in status of Deleted, current status is {vol['status']};"
                    " delete it before expunging it")
    _release(st, vol)
    st.remove("volume", vol["uuid"])
    return {}


@handler("AttachDataVolumeToVm")
def attach_volume(ctx):
    st = ctx.state
    vol = _get(ctx, "volume", "volumeUuid", "VolumeVO")
    vm = _get(ctx, "vm", "vmInstanceUuid", "VmInstanceVO")
    if vol["type"] != "Data":
        raise operr(f"the volume[uuid:{vol['uuid']}] is not a data volume")
    if vol.get("vmInstanceUuid"):
        raise operr(f"the data volume[uuid:{vol['uuid']}] is already attached to the vm[uuid:{vol['vmInstanceUuid']}]")
    if vm["state"] not in ("Running", "Stopped", "Paused"):
        raise operr(f"the vm[uuid:{vm['uuid']}] is in state[{vm['state']}], cannot attach a data volume")
    vol["vmInstanceUuid"] = vm["uuid"]
    vol["deviceId"] = _next_device(st, vm)
    vol["lastAttachDate"] = wire.now()
    return updated(ctx, vol)


@handler("DetachDataVolumeFromVm")
def detach_volume(ctx):
    vol = _get(ctx, "volume", "uuid", "VolumeVO")
    if vol["type"] != "Data":
        raise operr(f"the volume[uuid:{vol['uuid']}] is a root volume, it cannot be detached")
    vol["vmInstanceUuid"] = None
    vol["deviceId"] = None
    vol["lastDetachDate"] = wire.now()
    return updated(ctx, vol)

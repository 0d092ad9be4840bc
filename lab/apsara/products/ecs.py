"""ECS 2014-05-26: instances, disks, snapshots, auto-snapshot policies, images, security groups."""
from __future__ import annotations

import json

from ...common import content
from ..registry import action, page_numbers, paged, token_mode
from ..wire import ApiError, as_bool, incorrect_status, invalid, iso, json_list, missing, repeat_list, tags_filter, wrap
from .common import comma_ids, eq, eq_all, filters, match_name, public, rg_ok, tag_match, view

P = "ecs"


def _iid_not_found():
    return ApiError(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")


def _instance(ctx, iid):
    rec = ctx.state.get("instance", iid)
    if rec is None or not ctx.visible(rec):
        raise _iid_not_found()
    return rec


def _disk(ctx, did):
    return ctx.find("disk", did, "InvalidDiskId.NotFound", "disk")


def _eip_by_instance(ctx) -> dict:
    return ctx.memo("derived", "eip_by_instance", lambda: {
        e["InstanceId"]: e for e in ctx.state.all("eip") if e["InstanceType"] == "EcsInstance" and e["InstanceId"]})


def render_instance(rec, eips, copy=True) -> dict:
    eip = eips.get(rec["InstanceId"])
    out = public(rec) if copy else view(rec)
    out["EipAddress"] = ({"AllocationId": eip["AllocationId"], "IpAddress": eip["IpAddress"],
                          "Bandwidth": int(eip["Bandwidth"]), "InternetChargeType": eip["InternetChargeType"],
                          "IsSupportUnassociate": True}
                         if eip and eip["Status"] == "InUse" else
                         {"AllocationId": "", "IpAddress": "", "Bandwidth": 0, "InternetChargeType": "",
                          "IsSupportUnassociate": False})
    return out


# ---- regions / zones ------------------------------------------------------------------------------------
@action(P, "DescribeRegions")
def describe_regions(ctx):
    st = ctx.state
    return wrap("Regions", "Region", [{"RegionId": st.region_id, "LocalName": st.region_name, "Status": "available",
                                       "RegionEndpoint": f"ecs-internal.{st.domain}"}])


@action(P, "DescribeZones", required=("RegionId",))
def describe_zones(ctx):
    zones = []
    for z in ctx.state.zones:
        zones.append({"ZoneId": z["ZoneId"], "LocalName": z["LocalName"], "ZoneType": "AvailabilityZone",
                      "AvailableResourceCreation": {"ResourceTypes": ["Instance", "Disk", "VSwitch"]},
                      "AvailableDiskCategories": {"DiskCategories": ["cloud_efficiency", "cloud_ssd", "cloud_essd"]},
                      "AvailableInstanceTypes": {"InstanceTypes": ["ecs.g6.large", "ecs.g6.xlarge", "ecs.c6.large",
                                                                   "ecs.r6.xlarge"]},
                      "AvailableVolumeCategories": {"VolumeCategories": []},
                      "AvailableResources": {"ResourcesInfo": []}, "DedicatedHostGenerations": {"DedicatedHostGeneration": []},
                      "AvailableDedicatedHostTypes": {"DedicatedHostType": []}})
    return wrap("Zones", "Zone", zones)


# ---- instances ------------------------------------------------------------------------------------------
def _json_ids(params: dict, name: str, limit: int | None = None) -> set | None:
    """A JSON-array id filter (InstanceIds='["i-a"]'); None when absent, Invalid<name>.Malformed past limit."""
    ids = json_list(params, name)
    if ids is None:
        return None
    if limit is not None and len(ids) > limit:
        raise invalid(name, f"Invalid{name}.Malformed")
    return set(ids)


def _instance_ids(ctx) -> list:
    """InstanceId.N (repeatList), at most 100."""
    ids = repeat_list(ctx.params, "InstanceId")
    if len(ids) > 100:
        raise ApiError(403, "InvalidParameter.TooManyInstanceIds", "The number of instance IDs exceeds 100.")
    return ids


def _select_instances(ctx) -> list:
    p = ctx.params
    ids_set = _json_ids(p, "InstanceIds", 100)
    ips = json_list(p, "PrivateIpAddresses")
    lock = ctx.get("LockReason")
    sg = ctx.get("SecurityGroupId")
    vpc_tests = filters(ctx, ("VpcId", "VpcId"), ("VSwitchId", "VSwitchId"))
    tests = filters(ctx, ("ZoneId", "ZoneId"), ("Status", "Status"), ("InstanceChargeType", "InstanceChargeType"),
                    ("InternetChargeType", "InternetChargeType"), ("ImageId", "ImageId"), ("InstanceType", "InstanceType"),
                    ("InstanceTypeFamily", "InstanceTypeFamily"))
    name = ctx.get("InstanceName")
    wanted_tags = tags_filter(p)
    scoped = ctx.scoped("instance")
    if not (ids_set is not None or ips is not None or lock or sg or vpc_tests or tests or name or wanted_tags
            or ctx.get("ResourceGroupId")):
        return scoped      # the inspection's call: no filter at all
    items = []
    for r in scoped:
        if ids_set is not None and r["InstanceId"] not in ids_set:
            continue
        va = r["VpcAttributes"]
        if not (eq_all(va, vpc_tests) and eq_all(r, tests) and match_name(r["InstanceName"], name)
                and tag_match(r, wanted_tags)):
            continue
        if not rg_ok(ctx, r):
            continue
        if sg and sg not in r["SecurityGroupIds"]["SecurityGroupId"]:
            continue
        if lock and lock not in [x["LockReason"] for x in r["OperationLocks"]["LockReason"]]:
            continue
        if ips is not None and not set(ips) & set(va["PrivateIpAddress"]["IpAddress"]):
            continue
        items.append(r)
    return items


@action(P, "DescribeInstances", required=("RegionId",))
def describe_instances(ctx):
    items = ctx.results(lambda: _select_instances(ctx))
    chunk, meta = paged(ctx, items, 100, max_results=100)
    eips = _eip_by_instance(ctx)
    return {**meta, **wrap("Instances", "Instance",
                           ctx.encoded("instance", chunk, lambda r: render_instance(r, eips, copy=False), "InstanceId"))}


@action(P, "DescribeInstanceStatus", required=("RegionId",))
def describe_instance_status(ctx):
    want = set(_instance_ids(ctx))
    items = [r for r in ctx.scoped("instance") if (not want or r["InstanceId"] in want) and eq(r, "ZoneId", ctx.get("ZoneId"))]
    chunk, n, s, total = page_numbers(ctx, items, 50)
    return {"PageNumber": n, "PageSize": s, "TotalCount": total,
            **wrap("InstanceStatuses", "InstanceStatus", [{"InstanceId": r["InstanceId"], "Status": r["Status"]} for r in chunk])}


@action(P, "DescribeInstanceAttribute", required=("InstanceId",))
def describe_instance_attribute(ctx):
    r = _instance(ctx, ctx.get("InstanceId"))
    full = render_instance(r, _eip_by_instance(ctx))
    keep = ("Status", "SerialNumber", "CreationTime", "Description", "InstanceName", "InstanceNetworkType", "Memory",
            "ImageId", "ClusterId", "VlanId", "StoppedMode", "HostName", "InstanceId", "InstanceType",
            "InternetMaxBandwidthIn", "InternetMaxBandwidthOut", "RegionId", "InstanceChargeType", "IoOptimized", "Cpu",
            "ExpiredTime", "ZoneId", "InternetChargeType", "CreditSpecification", "SecurityGroupIds", "PublicIpAddress",
            "InnerIpAddress", "VpcAttributes", "EipAddress", "OperationLocks")
    out = {k: full[k] for k in keep}
    out["DedicatedHostAttribute"] = {"DedicatedHostId": "", "DedicatedHostName": ""}
    out["EnableJumboFrame"] = False
    return out


def _check_locks(r):
    reasons = [x["LockReason"] for x in r["OperationLocks"]["LockReason"]]
    if "security" in reasons:
        raise ApiError(403, "InstanceLockedForSecurity", "The specified operation is denied as your instance is locked "
                                                         "for security reasons.")
    if "financial" in reasons:
        raise ApiError(403, "InstanceExpiredOrInArrears", "The specified operation is denied as your prepay instance "
                                                          "is expired (prepay) or in arrears (afterpay).")


# called with an instance record when a start or an API reboot completes (ecs_scaling: a subscription's new
# type and an offline disk resize take effect then)
BOOT_HOOKS: list = []


def booted(state, rec):
    for hook in BOOT_HOOKS:
        hook(state, rec)


def _start(ctx, r):
    if ctx.state.busy("instance", r["InstanceId"]) or r["Status"] != "Stopped":
        raise incorrect_status()
    _check_locks(r)
    if ctx.faults.exhausted(ctx.action.name):      # the exhaust_capacity knob: the zone has no stock for it
        raise ApiError(403, "OperationDenied.NoStock", "The requested resource is sold out in the specified zone; try "
                                                       "other types of resources or other regions and zones.")
    prev = r["Status"]
    ctx.state.begin("instance", r["InstanceId"], ctx.action.name, ctx.seconds(), "Status", "Starting", "Running",
                    fail=ctx.fails(), fail_final="Stopped",
                    on_done=lambda rec: (rec.update(StartTime=iso(ctx.now, minutes=True), StoppedMode="Not-applicable"),
                                         booted(ctx.state, rec)))
    return prev


def _stop(ctx, r):
    if ctx.state.busy("instance", r["InstanceId"]) or r["Status"] != "Running":
        raise incorrect_status()
    _check_locks(r)
    prev = r["Status"]
    mode = ctx.get("StoppedMode", "KeepCharging")
    ctx.state.begin("instance", r["InstanceId"], ctx.action.name, ctx.seconds(), "Status", "Stopping", "Stopped",
                    fail=ctx.fails(), fail_final="Running", on_done=lambda rec: rec.update(StoppedMode=mode))
    return prev


@action(P, "StartInstance", required=("InstanceId",), write=True)
def start_instance(ctx):
    _start(ctx, _instance(ctx, ctx.get("InstanceId")))
    return {}


@action(P, "StopInstance", required=("InstanceId",), write=True)
def stop_instance(ctx):
    _stop(ctx, _instance(ctx, ctx.get("InstanceId")))
    return {}


@action(P, "RebootInstance", required=("InstanceId",), write=True)
def reboot_instance(ctx):
    r = _instance(ctx, ctx.get("InstanceId"))
    if ctx.state.busy("instance", r["InstanceId"]) or r["Status"] != "Running":
        raise incorrect_status()
    _check_locks(r)
    ctx.state.begin("instance", r["InstanceId"], ctx.action.name, ctx.seconds(), "Status", "Starting", "Running",
                    fail=ctx.fails(), fail_final="Stopped", on_done=lambda rec: booted(ctx.state, rec))
    return {}


def _batch(ctx, fn, current):
    ids = _instance_ids(ctx)
    if not ids:
        raise missing("InstanceId")
    recs = [_instance(ctx, i) for i in ids]
    out = []
    for r in recs:
        try:
            prev = fn(ctx, r)
            out.append({"InstanceId": r["InstanceId"], "Code": "200", "Message": "success",
                        "PreviousStatus": prev, "CurrentStatus": current})
        except ApiError as e:
            out.append({"InstanceId": r["InstanceId"], "Code": e.code, "Message": e.message,
                        "PreviousStatus": r["Status"], "CurrentStatus": r["Status"]})
    return wrap("InstanceResponses", "InstanceResponse", out)


@action(P, "StartInstances", required=("RegionId",), write=True)
def start_instances(ctx):
    return _batch(ctx, _start, "Starting")


@action(P, "StopInstances", required=("RegionId",), write=True)
def stop_instances(ctx):
    return _batch(ctx, _stop, "Stopping")


@action(P, "ModifyInstanceAttribute", required=("InstanceId",), write=True)
def modify_instance_attribute(ctx):
    r = _instance(ctx, ctx.get("InstanceId"))
    if ctx.get("DeletionProtection") is not None:
        r["DeletionProtection"] = as_bool(ctx.get("DeletionProtection"))
    for p, field in (("InstanceName", "InstanceName"), ("Description", "Description"), ("HostName", "HostName")):
        if ctx.get(p) is not None:
            r[field] = ctx.get(p)
    return {}


# ---- content markers (lab-internal, see lab.common.content) ------------------------------------------------
def marker_of(kind: str, rec: dict) -> str:
    m = rec.get("_marker")
    if m:
        return m
    return content.marker_for(rec["DiskId"] if kind == "disk" else rec.get("SourceDiskId") or rec["SnapshotId"])


def content_of(state, rid: str) -> dict | None:
    """``GET /_lab/content/<id>``: the marker of a disk (or snapshot) and what it was restored from."""
    with state.lock:
        state.advance()
        for kind_name in ("disk", "snapshot"):
            rec = state.get(kind_name, rid)
            if rec is not None:
                return {"marker": marker_of(kind_name, rec), "source_marker": rec.get("_source_marker")}
    return None


# ---- disks ----------------------------------------------------------------------------------------------
def render_disk(rec, copy=True) -> dict:
    out = public(rec) if copy else view(rec)
    attached = bool(rec["InstanceId"]) and rec["Status"] in ("In_use", "Detaching")
    att = [{"InstanceId": rec["InstanceId"], "Device": rec["Device"], "AttachedTime": rec["AttachedTime"]}] if attached else []
    out["Attachments"] = {"Attachment": att}
    out["MountInstances"] = {"MountInstance": [{"InstanceId": a["InstanceId"], "Device": a["Device"],
                                                "AttachedTime": a["AttachedTime"]} for a in att]}
    out["MountInstanceNum"] = len(att)
    return out


def _select_disks(ctx) -> list:
    p = ctx.params
    ids_set = _json_ids(p, "DiskIds", 100)
    dtype = ctx.get("DiskType")
    if dtype not in (None, "all", "system", "data"):
        raise ApiError(400, "InvalidDiskType.ValueNotSupported", "The specified disk type is not supported.")
    snap = ctx.get("SnapshotId")
    tests = filters(ctx, ("InstanceId", "InstanceId"), ("ZoneId", "ZoneId"), ("Category", "Category"), ("Status", "Status"),
                    ("AutoSnapshotPolicyId", "AutoSnapshotPolicyId"), ("DiskChargeType", "DiskChargeType"))
    name = ctx.get("DiskName")
    wanted_tags = tags_filter(p)
    flags = [(f, as_bool(ctx.get(f))) for f in ("Portable", "EnableAutoSnapshot", "DeleteWithInstance", "Encrypted")
             if ctx.get(f) is not None]
    scoped = ctx.scoped("disk")
    if ids_set is None and dtype in (None, "all") and not (snap or tests or name or wanted_tags or flags):
        return scoped      # the inspection's call: no filter at all
    items = []
    for r in scoped:
        if ids_set is not None and r["DiskId"] not in ids_set:
            continue
        if dtype in ("system", "data") and r["Type"] != dtype:
            continue
        if snap and r["SourceSnapshotId"] != snap:
            continue
        if not (eq_all(r, tests) and match_name(r["DiskName"], name) and tag_match(r, wanted_tags)):
            continue
        if all(r[f] == want for f, want in flags):
            items.append(r)
    return items


@action(P, "DescribeDisks", required=("RegionId",))
def describe_disks(ctx):
    items = ctx.results(lambda: _select_disks(ctx))
    chunk, meta = paged(ctx, items, 100, max_results=500)
    return {**meta, **wrap("Disks", "Disk", ctx.encoded("disk", chunk, lambda r: render_disk(r, copy=False), "DiskId"))}


@action(P, "CreateDisk", write=True)
def create_disk(ctx):
    def create():
        st = ctx.state
        snap_id = ctx.get("SnapshotId")
        snap = None
        if snap_id:
            snap = ctx.find("snapshot", snap_id, "InvalidSnapshotId.NotFound", "snapshot")
            if snap["Status"] != "accomplished":
                raise ApiError(403, "InvalidSnapshot.NotReady", "The specified snapshot has not completed yet.")
        size = ctx.int("Size", int(snap["SourceDiskSize"]) if snap else None, lo=1, hi=32768)
        if size is None:
            raise ApiError(400, "MissingSize", "Size is mandatory for this action.")
        if snap and size < int(snap["SourceDiskSize"]):
            raise ApiError(400, "InvalidDiskSize.TooSmall", "Specified disk size is less than the size of snapshot.")
        zone = ctx.get("ZoneId")
        if not zone:
            raise ApiError(400, "MissingZoneId", "ZoneId is mandatory for this action.")
        if zone not in [z["ZoneId"] for z in st.zones]:
            raise ApiError(404, "InvalidZoneId.NotFound", "The specified zone does not exist.")
        category = ctx.get("DiskCategory", "cloud_efficiency")
        if category not in ("cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd"):
            raise ApiError(400, "InvalidDiskCategory.ValueNotSupported", "The specified disk category is not supported.")
        did = st.new_id("d-")
        tags = [{"TagKey": k, "TagValue": v or ""} for k, v in tags_filter(ctx.params)]
        st.add("disk", did, {
            "DiskId": did, "DiskName": ctx.get("DiskName", ""), "Description": ctx.get("Description", ""),
            "RegionId": st.region_id, "ZoneId": zone, "Type": "data", "Category": category, "Size": size,
            "Status": "Creating", "InstanceId": "", "Device": "", "Portable": True, "DeleteWithInstance": False,
            "EnableAutoSnapshot": False, "AutoSnapshotPolicyId": "", "EnableAutomatedSnapshotPolicy": False,
            "DeleteAutoSnapshot": False, "Encrypted": as_bool(ctx.get("Encrypted"), False), "KMSKeyId": "",
            "DiskChargeType": "PostPaid", "ExpiredTime": "2099-12-31T15:59Z", "CreationTime": iso(ctx.now),
            "AttachedTime": "", "DetachedTime": "", "ImageId": "", "SourceSnapshotId": snap_id or "",
            "PerformanceLevel": ctx.get("PerformanceLevel", "PL1") if category == "cloud_essd" else "",
            "SerialNumber": did[2:], "IOPS": 4000, "IOPSRead": 2000, "IOPSWrite": 2000, "MultiAttach": "Disabled",
            "BdfId": "", "StorageSetId": "", "StorageSetPartitionNumber": 0, "ProductCode": "",
            "OperationLocks": {"OperationLock": []}, "Tags": {"Tag": tags}, **ctx.owner_fields()})
        seconds = ctx.seconds()
        if snap is not None:
            # a restore: the new disk reads back the snapshot's content marker (or another one when the
            # world planted the snapshot corrupt); it takes restore_seconds; the snapshot is only read
            st.get("disk", did).update(content.restored(marker_of("snapshot", snap), bool(snap.get("_corrupt"))),
                                       _restored_from=snap["SnapshotId"])
            seconds = ctx.faults.restore_seconds
        # a failed creation leaves no disk behind: ECS has no failed disk status, the disk is released
        st.begin("disk", did, ctx.action.name, seconds, "Status", "Creating", "Available",
                 fail=ctx.fails(), on_fail=lambda rec: st.remove("disk", rec["DiskId"]))
        return {"DiskId": did, "OrderId": ""}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "AttachDisk", required=("InstanceId", "DiskId"), write=True)
def attach_disk(ctx):
    st = ctx.state
    inst = _instance(ctx, ctx.get("InstanceId"))
    disk = _disk(ctx, ctx.get("DiskId"))
    if st.busy("disk", disk["DiskId"]) or disk["Status"] != "Available":
        raise incorrect_status("IncorrectDiskStatus", "disk")
    if inst["Status"] not in ("Running", "Stopped") or st.busy("instance", inst["InstanceId"]):
        raise incorrect_status()
    if disk["ZoneId"] != inst["ZoneId"]:
        raise ApiError(403, "InvalidDiskId.ZoneMismatch", "The specified disk and instance are not in the same zone.")
    used = {d["Device"] for d in st.all("disk") if d["InstanceId"] == inst["InstanceId"] and d["Status"] != "Available"}
    device = next("/dev/xvd" + c for c in "bcdefghijklmnopqrstuvwxyz" if "/dev/xvd" + c not in used)
    if ctx.get("DeleteWithInstance") is not None:
        disk["DeleteWithInstance"] = as_bool(ctx.get("DeleteWithInstance"))
    disk.update(InstanceId=inst["InstanceId"], Device=device)

    def done(rec):
        rec["AttachedTime"] = iso(ctx.now)

    def failed(rec):
        rec.update(InstanceId="", Device="")
    st.begin("disk", disk["DiskId"], ctx.action.name, ctx.seconds(), "Status", "Attaching", "In_use",
             fail=ctx.fails(), fail_final="Available", on_done=done, on_fail=failed)
    return {}


@action(P, "DetachDisk", required=("InstanceId", "DiskId"), write=True)
def detach_disk(ctx):
    st = ctx.state
    inst = _instance(ctx, ctx.get("InstanceId"))
    disk = _disk(ctx, ctx.get("DiskId"))
    if disk["InstanceId"] != inst["InstanceId"]:
        raise ApiError(403, "DependencyViolation", "The specified disk is not attached to the specified instance.")
    if disk["Type"] == "system":
        raise ApiError(403, "OperationDenied", "The system disk cannot be detached while the instance is running.")
    if st.busy("disk", disk["DiskId"]) or disk["Status"] != "In_use":
        raise incorrect_status("IncorrectDiskStatus", "disk")

    def done(rec):
        rec.update(InstanceId="", Device="", DetachedTime=iso(ctx.now))
    st.begin("disk", disk["DiskId"], ctx.action.name, ctx.seconds(), "Status", "Detaching", "Available",
             fail=ctx.fails(), fail_final="In_use", on_done=done)
    return {}


@action(P, "DeleteDisk", required=("DiskId",), write=True)
def delete_disk(ctx):
    disk = _disk(ctx, ctx.get("DiskId"))
    if ctx.state.busy("disk", disk["DiskId"]) or disk["Status"] != "Available":
        raise incorrect_status("IncorrectDiskStatus", "disk")
    ctx.state.remove("disk", disk["DiskId"])
    return {}


# ---- snapshots ------------------------------------------------------------------------------------------
def render_snapshot(ctx, rec, copy=True) -> dict:
    out = public(rec) if copy else view(rec)
    tx = rec.get("_tx")
    if tx is not None and rec["Status"] == "progressing":
        frac = tx.progress(ctx.now)
        out["Progress"] = f"{min(99, int(frac * 100))}%"
        out["RemainTime"] = max(0, int(tx.due - ctx.now))
    return out


def _select_snapshots(ctx) -> list:
    p = ctx.params
    ids_set = _json_ids(p, "SnapshotIds")
    status = ctx.get("Status", "all")
    if status not in ("progressing", "accomplished", "failed", "all"):
        raise ApiError(404, "InvalidStatus.NotFound", "The specified status does not exist.")
    stype = ctx.get("SnapshotType", "all")
    if stype not in ("auto", "user", "all", "copy"):
        raise ApiError(404, "InvalidSnapshotType.NotFound", "The specified snapshot type does not exist.")
    disks_of = None
    if ctx.get("InstanceId"):
        disks_of = {d["DiskId"] for d in ctx.state.all("disk") if d["InstanceId"] == ctx.get("InstanceId")}
    sdt = (ctx.get("SourceDiskType") or "").lower()
    tests = filters(ctx, ("SourceDiskId", "DiskId"), ("Usage", "Usage"))
    name = ctx.get("SnapshotName")
    wanted_tags = tags_filter(p)
    items = []
    for r in ctx.scoped("snapshot"):
        if ids_set is not None and r["SnapshotId"] not in ids_set:
            continue
        if status != "all" and r["Status"] != status:
            continue
        if stype != "all" and r["SnapshotType"] != stype:
            continue
        if disks_of is not None and r["SourceDiskId"] not in disks_of:
            continue
        if sdt and sdt != "all" and r["SourceDiskType"].lower() != sdt:
            continue
        if not (eq_all(r, tests) and match_name(r["SnapshotName"], name) and tag_match(r, wanted_tags)):
            continue
        items.append(r)
    items.sort(key=lambda r: r["CreationTime"], reverse=True)
    return items


@action(P, "DescribeSnapshots", required=("RegionId",))
def describe_snapshots(ctx):
    items = ctx.results(lambda: _select_snapshots(ctx))
    chunk, meta = paged(ctx, items, 100, max_results=100)
    # a snapshot in progress shows Progress / RemainTime as of now: never served from the render cache
    encoded = ctx.encoded("snapshot", chunk, lambda r: render_snapshot(ctx, r, copy=False), "SnapshotId",
                          volatile=lambda r: r.get("_tx") is not None)
    return {**meta, **wrap("Snapshots", "Snapshot", encoded)}


@action(P, "CreateSnapshot", required=("DiskId",), write=True)
def create_snapshot(ctx):
    def create():
        st = ctx.state
        disk = _disk(ctx, ctx.get("DiskId"))
        if disk["Status"] not in ("In_use", "Available"):
            raise incorrect_status("IncorrectDiskStatus", "disk")
        if any(s["SourceDiskId"] == disk["DiskId"] and s["Status"] == "progressing" for s in st.all("snapshot")):
            raise ApiError(403, "IncorrectDiskStatus.CreatingSnapshot", "A snapshot is being created for the disk.")
        retention = ctx.int("RetentionDays", None, lo=1, hi=65536)
        sid = st.new_id("s-")
        st.add("snapshot", sid, {
            "SnapshotId": sid, "SnapshotName": ctx.get("SnapshotName", ""), "Description": ctx.get("Description", ""),
            "Status": "progressing", "Progress": "0%", "CreationTime": iso(ctx.now), "LastModifiedTime": iso(ctx.now),
            "SourceDiskId": disk["DiskId"], "SourceDiskSize": str(disk["Size"]), "SourceDiskType": disk["Type"],
            "SourceStorageType": "disk", "RetentionDays": retention if retention is not None else -1, "RemainTime": 0,
            "Usage": "none", "SnapshotType": "user", "Encrypted": disk["Encrypted"], "Category": ctx.get("Category", "standard"),
            "InstantAccess": False, "InstantAccessRetentionDays": 0, "Available": False, "SnapshotSN": sid[2:],
            "ProductCode": "", "KMSKeyId": "", "SourceSnapshotId": "", "SourceRegionId": "",
            "SnapshotLinkId": "sl-" + disk["DiskId"][2:], "RegionId": st.region_id, "Tags": {"Tag": []},
            "_org": disk["_org"], "ResourceGroupId": disk["ResourceGroupId"], "_marker": marker_of("disk", disk)})

        def done(rec):
            rec.update(Progress="100%", Available=True, LastModifiedTime=iso(ctx.now + ctx.seconds(2.0)))

        def failed(rec):
            rec.update(Progress="0%")
        st.begin("snapshot", sid, ctx.action.name, ctx.seconds(2.0), "Status", "progressing", "accomplished",
                 fail=ctx.fails(), fail_final="failed", on_done=done, on_fail=failed)
        return {"SnapshotId": sid}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "DeleteSnapshot", required=("SnapshotId",), write=True)
def delete_snapshot(ctx):
    snap = ctx.find("snapshot", ctx.get("SnapshotId"), "InvalidSnapshotId.NotFound", "snapshot")
    if snap["Status"] == "progressing":
        raise ApiError(403, "IncorrectSnapshotStatus", "The snapshot is being created.")
    ctx.state.remove("snapshot", snap["SnapshotId"])
    return {}


# ---- auto snapshot policies -------------------------------------------------------------------------------
def _asp_disk_counts(ctx) -> dict:
    counts: dict = {}
    for d in ctx.state.all("disk"):
        if d["AutoSnapshotPolicyId"]:
            counts[d["AutoSnapshotPolicyId"]] = counts.get(d["AutoSnapshotPolicyId"], 0) + 1
    return counts


@action(P, "DescribeAutoSnapshotPolicyEx", required=("RegionId",))
def describe_asp(ctx):
    counts = ctx.memo("derived", "asp_disk_counts", lambda: _asp_disk_counts(ctx))
    wanted_tags = tags_filter(ctx.params)
    items = [r for r in ctx.scoped("asp") if eq(r, "AutoSnapshotPolicyId", ctx.get("AutoSnapshotPolicyId"))
             and match_name(r["AutoSnapshotPolicyName"], ctx.get("AutoSnapshotPolicyName")) and tag_match(r, wanted_tags)]
    chunk, n, s, total = page_numbers(ctx, items, 100)
    return {"PageNumber": n, "PageSize": s, "TotalCount": total,
            **wrap("AutoSnapshotPolicies", "AutoSnapshotPolicy",
                   [public(r, DiskNums=counts.get(r["AutoSnapshotPolicyId"], 0)) for r in chunk])}


def _json_array(ctx, name):
    raw = ctx.get(name)
    if raw is None:
        raise missing(name)
    try:
        val = json.loads(raw)
    except ValueError:
        raise ApiError(400, "ParameterInvalid", f"The specified parameter {name} is invalid.") from None
    if not isinstance(val, list) or not val:
        raise ApiError(400, "ParameterInvalid", f"The specified parameter {name} is invalid.")
    return [str(x) for x in val]


@action(P, "CreateAutoSnapshotPolicy", required=("regionId", "timePoints", "repeatWeekdays", "retentionDays"), write=True)
def create_asp(ctx):
    st = ctx.state
    points = _json_array(ctx, "timePoints")
    days = _json_array(ctx, "repeatWeekdays")
    if any(not x.isdigit() or not 0 <= int(x) <= 23 for x in points) or any(not x.isdigit() or not 1 <= int(x) <= 7 for x in days):
        raise ApiError(400, "ParameterInvalid", "The specified parameter timePoints or repeatWeekdays is invalid.")
    retention = ctx.int("retentionDays", lo=-1, hi=65536)
    pid = st.new_id("sp-")
    st.add("asp", pid, {
        "AutoSnapshotPolicyId": pid, "AutoSnapshotPolicyName": ctx.get("autoSnapshotPolicyName", ""),
        "TimePoints": json.dumps(points), "RepeatWeekdays": json.dumps(days), "RetentionDays": retention,
        "Status": "Normal", "RegionId": st.region_id, "CreationTime": iso(ctx.now, minutes=True),
        "EnableCrossRegionCopy": False, "TargetCopyRegions": "[]", "CopiedSnapshotsRetentionDays": -1,
        "VolumeNums": 0, "Type": "Custom", "Tags": {"Tag": []}, **ctx.owner_fields()})
    return {"AutoSnapshotPolicyId": pid}


@action(P, "ApplyAutoSnapshotPolicy", required=("regionId", "autoSnapshotPolicyId", "diskIds"), write=True)
def apply_asp(ctx):
    pol = ctx.state.get("asp", ctx.get("autoSnapshotPolicyId"))
    if pol is None or not ctx.visible(pol):
        raise ApiError(404, "ParameterInvalid", "The specified auto snapshot policy does not exist.")
    disks = [_disk(ctx, d) for d in _json_array(ctx, "diskIds")]
    for d in disks:
        d.update(AutoSnapshotPolicyId=pol["AutoSnapshotPolicyId"], EnableAutoSnapshot=True, EnableAutomatedSnapshotPolicy=True)
    return {}


@action(P, "CancelAutoSnapshotPolicy", required=("regionId", "diskIds"), write=True)
def cancel_asp(ctx):
    disks = [_disk(ctx, d) for d in _json_array(ctx, "diskIds")]
    for d in disks:
        d.update(AutoSnapshotPolicyId="", EnableAutoSnapshot=False, EnableAutomatedSnapshotPolicy=False)
    return {}


# ---- images / security groups -----------------------------------------------------------------------------
@action(P, "DescribeImages", required=("RegionId",))
def describe_images(ctx):
    ids = comma_ids(ctx, "ImageId")
    items = [r for r in ctx.scoped("image") if (not ids or r["ImageId"] in ids)
             and match_name(r["ImageName"], ctx.get("ImageName")) and eq(r, "OSType", ctx.get("OSType"))
             and eq(r, "ImageOwnerAlias", ctx.get("ImageOwnerAlias")) and eq(r, "Status", ctx.get("Status"))]
    chunk, n, s, total = page_numbers(ctx, items, 100)
    return {"PageNumber": n, "PageSize": s, "TotalCount": total, "RegionId": ctx.state.region_id,
            **wrap("Images", "Image", [public(r) for r in chunk])}


def _sg_ecs_count(ctx) -> dict:
    ecs_count: dict = {}
    for i in ctx.state.all("instance"):
        for g in i["SecurityGroupIds"]["SecurityGroupId"]:
            ecs_count[g] = ecs_count.get(g, 0) + 1
    return ecs_count


@action(P, "DescribeSecurityGroups", required=("RegionId",))
def describe_security_groups(ctx):
    p = ctx.params
    if token_mode(ctx) and (ctx.get("PageNumber") or ctx.get("PageSize")):
        raise ApiError(400, "NotSupported.PageNumberAndPageSize",
                       "The parameters PageNumber and PageSize are not supported together with NextToken or MaxResults.")
    ids_set = _json_ids(p, "SecurityGroupIds")
    ecs_count = ctx.memo("derived", "sg_ecs_count", lambda: _sg_ecs_count(ctx))
    wanted_tags = tags_filter(p)
    items = [r for r in ctx.scoped("sg") if (ids_set is None or r["SecurityGroupId"] in ids_set)
             and eq(r, "SecurityGroupId", ctx.get("SecurityGroupId")) and eq(r, "VpcId", ctx.get("VpcId"))
             and match_name(r["SecurityGroupName"], ctx.get("SecurityGroupName")) and tag_match(r, wanted_tags)]
    chunk, meta = paged(ctx, items, 100, max_results=100)
    return {"RegionId": ctx.state.region_id, **meta,
            **wrap("SecurityGroups", "SecurityGroup",
                   [public(r, EcsCount=ecs_count.get(r["SecurityGroupId"], 0),
                           AvailableInstanceAmount=2000 - ecs_count.get(r["SecurityGroupId"], 0)) for r in chunk])}


@action(P, "DescribeSecurityGroupAttribute", required=("SecurityGroupId", "RegionId"))
def describe_security_group_attribute(ctx):
    r = ctx.find("sg", ctx.get("SecurityGroupId"), "InvalidSecurityGroupId.NotFound", "security group")
    direction = ctx.get("Direction", "all")
    if direction not in ("all", "ingress", "egress"):
        raise invalid("Direction")
    perms = [public(x) for x in r["_rules"] if direction == "all" or x["Direction"] == direction]
    return {"SecurityGroupId": r["SecurityGroupId"], "SecurityGroupName": r["SecurityGroupName"],
            "Description": r["Description"], "VpcId": r["VpcId"], "RegionId": r["RegionId"],
            "InnerAccessPolicy": "Accept", **wrap("Permissions", "Permission", perms)}

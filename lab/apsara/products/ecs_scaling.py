"""ECS scaling (shared/reference/scaling-api.md section 3): ModifyInstanceSpec, ModifyPrepayInstanceSpec, ResizeDisk,
RunInstances with ClientToken, DescribeInstanceTypes, DescribeAvailableResource, DescribeResourcesModification.

Error codes and HTTP statuses come from each action's list in apsara-api-meta.json; RunInstances is not in the
catalog, so it answers the codes StartInstance / ModifyInstanceSpec list for the same conditions (noted below).
Instance types come from the world's ``instance_types`` ({id, cpu, memory GiB, zones: {zone: StatusCategory}});
a world without them offers every type its instances use (plus DescribeZones' list) in every zone, with stock.
"""
from __future__ import annotations

import ipaddress
import re

from ..registry import action
from ..wire import ApiError, as_bool, incorrect_status, invalid, iso, tags_filter, wrap
from ..world import disk_record, instance_record
from .ecs import BOOT_HOOKS, _check_locks, _disk, _instance
from .vpc import available_ips

P = "ecs"
GUEST_PATH = "/_lab/guest/"
# DescribeZones' own list (ecs.py) and its sizes, for worlds that do not list their types
_DEFAULT_TYPES = {"ecs.g6.large": (2, 8), "ecs.g6.xlarge": (4, 16), "ecs.c6.large": (2, 4), "ecs.r6.xlarge": (4, 32)}
_IN_STOCK = ("WithStock", "ClosedWithStock")
# ResizeDisk ranges (GiB) of the public cloud (scaling-api.md 3.3); online only for these categories
_DISK_RANGES = {"cloud": (5, 2000), "cloud_efficiency": (20, 32768), "cloud_ssd": (20, 32768), "cloud_essd": (20, 32768)}
_ONLINE_CATEGORIES = ("cloud_efficiency", "cloud_ssd", "cloud_essd")
_MISMATCH = "IdempotenceParamNotMatch"      # the ECS actions' own code (scaling-api.md 3.6)
DEFAULT_VCPU_QUOTA = 10000


# ---- the catalogue --------------------------------------------------------------------------------------
def catalogue(st) -> dict:
    """InstanceTypeId -> {"cpu", "memory" (GiB), "family", "zones": {ZoneId: StatusCategory}}."""
    listed = st.meta.get("instance_types") or []
    zones = [z["ZoneId"] for z in st.zones]
    if listed:
        return {t["id"]: {"cpu": int(t["cpu"]), "memory": float(t["memory"]), "family": t["id"].rsplit(".", 1)[0],
                          "zones": dict(t.get("zones") or {z: "WithStock" for z in zones})} for t in listed}
    sizes = dict(_DEFAULT_TYPES)
    for i in st.all("instance"):
        sizes.setdefault(i["InstanceType"], (i["Cpu"], i["Memory"] / 1024))
    return {tid: {"cpu": c, "memory": float(m), "family": tid.rsplit(".", 1)[0], "zones": {z: "WithStock" for z in zones}}
            for tid, (c, m) in sorted(sizes.items())}


def _status(category: str) -> str:
    return "Available" if category in _IN_STOCK else "SoldOut"


def _type_in_zone(ctx, itype: str, zone: str) -> dict:
    """The catalogue entry of a type the zone sells and has in stock, or the ECS error."""
    cat = catalogue(ctx.state)
    entry = cat.get(itype)
    if entry is None:
        raise ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType does not exist.")
    if zone not in entry["zones"]:
        raise ApiError(403, "InvalidInstanceType.ValueNotSupported",
                       "The specified InstanceType is not supported in the zone.")
    if entry["zones"][zone] not in _IN_STOCK or ctx.faults.exhausted(ctx.action.name):
        raise ApiError(403, "OperationDenied.NoStock",
                       "The requested resource is sold out in the specified zone; try other types of resources or "
                       "other regions and zones.")
    return entry


def _apply_type(rec, itype, entry):
    rec.update(InstanceType=itype, InstanceTypeFamily=entry["family"], Cpu=entry["cpu"], Memory=int(entry["memory"] * 1024))


def _vcpu_quota(ctx, extra: int):
    """Pay-as-you-go vCPUs of the region against the world's ``quotas.vcpus`` (QuotaExceed.ElasticQuota, 403)."""
    limit = int((ctx.state.meta.get("quotas") or {}).get("vcpus", DEFAULT_VCPU_QUOTA))
    used = sum(int(i["Cpu"]) for i in ctx.state.all("instance") if i["InstanceChargeType"] == "PostPaid")
    if used + extra > limit:
        raise ApiError(403, "QuotaExceed.ElasticQuota",
                       "The number of vCPUs assigned to the ECS instances has exceeded the quota in the zone.")


def _dry_run(ctx):
    if as_bool(ctx.get("DryRun"), False):
        raise ApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.")


@action(P, "DescribeInstanceTypes")
def describe_instance_types(ctx):
    wanted = {v for k, v in ctx.params.items() if k.startswith("InstanceTypes.")}
    family = ctx.get("InstanceTypeFamily")
    items = [{"InstanceTypeId": tid, "CpuCoreCount": e["cpu"], "MemorySize": e["memory"], "InstanceTypeFamily": e["family"],
              "GPUAmount": 0, "GPUSpec": "", "EniQuantity": 2, "NvmeSupport": "unsupported", "LocalStorageCategory": ""}
             for tid, e in catalogue(ctx.state).items()
             if (not wanted or tid in wanted) and (not family or e["family"] == family)]
    return {"NextToken": "", **wrap("InstanceTypes", "InstanceType", items)}


# ---- DescribeAvailableResource / DescribeResourcesModification (3.4) -------------------------------------
_DESTINATIONS = ("Zone", "IoOptimized", "InstanceType", "SystemDisk", "DataDisk", "Network", "DedicatedHost")


def _size_filter(ctx):
    cores, memory = ctx.get("Cores"), ctx.get("Memory")
    if ctx.get("InstanceType") and (cores or memory):
        raise ApiError(403, "InvalidParam.TypeAndCpuMem.Conflict", "InstanceType conflicts with Cores and Memory.")
    try:
        cores = int(cores) if cores else None
    except ValueError:
        raise ApiError(403, "InvalidParam.Cores", "The specified parameter Cores is not valid.") from None
    try:
        memory = float(memory) if memory else None
    except ValueError:
        raise ApiError(403, "InvalidParam.Memory", "The specified parameter Memory is not valid.") from None
    return lambda e: (cores is None or e["cpu"] == cores) and (memory is None or e["memory"] == memory)


def _zone_answer(st, zone, resources) -> dict:
    cats = [r["StatusCategory"] for res in resources for r in res["SupportedResources"]["SupportedResource"]]
    best = next((c for c in ("WithStock", "ClosedWithStock", "WithoutStock", "ClosedWithoutStock") if c in cats),
                "ClosedWithoutStock")
    return {"ZoneId": zone, "RegionId": st.region_id, "Status": _status(best), "StatusCategory": best,
            "AvailableResources": {"AvailableResource": resources}}


def _types_resource(types) -> dict:
    return {"Type": "InstanceType", "SupportedResources": {"SupportedResource": [
        {"Value": tid, "Status": _status(cat), "StatusCategory": cat} for tid, cat in types]}}


def _disk_resource(kind: str) -> dict:
    return {"Type": kind, "SupportedResources": {"SupportedResource": [
        {"Value": c, "Status": "Available", "StatusCategory": "WithStock", "Min": lo, "Max": hi, "Unit": "GiB"}
        for c, (lo, hi) in _DISK_RANGES.items() if c != "cloud"]}}


@action(P, "DescribeAvailableResource", required=("RegionId", "DestinationResource"))
def describe_available_resource(ctx):
    st = ctx.state
    dest = ctx.get("DestinationResource")
    if dest not in _DESTINATIONS:
        raise ApiError(404, "Invalid.DestinationResource", "The specified DestinationResource is not valid.")
    if ctx.get("InstanceChargeType") not in (None, "PrePaid", "PostPaid"):
        raise ApiError(400, "Invalid.InstanceChargeType", "The specified InstanceChargeType is not valid.")
    fits = _size_filter(ctx)
    cat = catalogue(st)
    zones = []
    for z in [z["ZoneId"] for z in st.zones if not ctx.get("ZoneId") or z["ZoneId"] == ctx.get("ZoneId")]:
        types = [(tid, e["zones"][z]) for tid, e in cat.items() if z in e["zones"] and fits(e)
                 and (not ctx.get("InstanceType") or tid == ctx.get("InstanceType"))]
        if not types:
            continue
        if dest == "InstanceType":
            resources = [_types_resource(types)]
        elif dest in ("SystemDisk", "DataDisk"):
            resources = [_disk_resource(dest)]
        else:
            best = _zone_answer(st, z, [_types_resource(types)])["StatusCategory"]
            resources = [{"Type": dest, "SupportedResources": {"SupportedResource": [
                {"Value": z if dest == "Zone" else "vpc", "Status": _status(best), "StatusCategory": best}]}}]
        zones.append(_zone_answer(st, z, resources))
    return wrap("AvailableZones", "AvailableZone", zones)


@action(P, "DescribeResourcesModification", required=("RegionId", "ResourceId", "DestinationResource"))
def describe_resources_modification(ctx):
    st = ctx.state
    rec = st.get("instance", ctx.get("ResourceId"))
    if rec is None or not ctx.visible(rec):
        raise ApiError(404, "InvalidResourceId.NotFound", "The specified ResourceId does not exist.")
    dest = ctx.get("DestinationResource")
    if dest not in ("InstanceType", "SystemDisk"):
        raise ApiError(404, "Invalid.DestinationResource", "The specified DestinationResource is not valid.")
    op = ctx.get("OperationType", "Upgrade")
    if op not in ("Upgrade", "Downgrade", "RenewDowngrade", "RenewModify"):
        raise ApiError(400, "Invalid.OperationType", "The specified OperationType is not valid.")
    fits = _size_filter(ctx)
    cpu, mem = rec["Cpu"], rec["Memory"] / 1024

    def allowed(tid, e):
        if tid == rec["InstanceType"] or not fits(e) or (ctx.get("InstanceType") and tid != ctx.get("InstanceType")):
            return False
        if op == "Upgrade":
            return e["cpu"] >= cpu and e["memory"] >= mem
        if op in ("Downgrade", "RenewDowngrade"):
            return e["cpu"] <= cpu and e["memory"] <= mem
        return True
    zones = [rec["ZoneId"]] if not as_bool(ctx.get("MigrateAcrossZone"), False) else [z["ZoneId"] for z in st.zones]
    out = []
    for z in zones:
        types = [(tid, e["zones"][z]) for tid, e in catalogue(st).items() if z in e["zones"] and allowed(tid, e)]
        resources = [_types_resource(types)] if dest == "InstanceType" else [_disk_resource("SystemDisk")]
        if types or dest == "SystemDisk":
            out.append(_zone_answer(st, z, resources))
    return wrap("AvailableZones", "AvailableZone", out)


# ---- ModifyInstanceSpec (3.1) -------------------------------------------------------------------------------
def _interval_check(ctx, rec):
    """At least type_change_interval_seconds (5 min) between two type changes. The reference gives the rule,
    not its code: OperationDenied is in the action's 403 list."""
    last = rec.get("_type_changed_at")
    if last is not None and ctx.now - last < ctx.faults.type_change_interval_seconds:
        raise ApiError(403, "OperationDenied", "The instance type of the specified instance cannot be modified again "
                                               "within 5 minutes of the last change.")


@action(P, "ModifyInstanceSpec", required=("InstanceId",), write=True)
def modify_instance_spec(ctx):
    rec = _instance(ctx, ctx.get("InstanceId"))
    itype = ctx.get("InstanceType")
    bandwidth = [k for k in ("InternetMaxBandwidthOut", "InternetMaxBandwidthIn") if ctx.get(k) is not None]
    if rec["InstanceChargeType"] != "PostPaid":
        raise ApiError(403, "ChargeTypeViolation", "The operation is not permitted due to charge type of the instance.")
    if itype and bandwidth:       # one kind of change per call
        raise ApiError(400, "InvalidParameter.Conflict", "The instance type and the bandwidth cannot be changed in "
                                                         "one request.")
    if not itype and not bandwidth:
        raise ApiError(400, "InvalidParameter", "Specify InstanceType or a bandwidth to change.")
    _check_locks(rec)

    def change():
        st = ctx.state
        if bandwidth:          # Running or Stopped, effective at once
            if rec["Status"] not in ("Running", "Stopped") or st.busy("instance", rec["InstanceId"]):
                raise incorrect_status()
            _dry_run(ctx)
            for k in bandwidth:
                rec[k] = ctx.int(k, lo=-1, hi=1000)
            return {}
        if st.busy("instance", rec["InstanceId"]) or rec["Status"] != "Stopped":
            raise ApiError(400, "InvalidInstanceStatus.NotStopped", "The current status of the instance does not "
                                                                    "support this operation; stop it first.")
        if itype == rec["InstanceType"]:
            raise ApiError(400, "InvalidParameter.Mismatch", "The specified InstanceType is the current one.")
        entry = _type_in_zone(ctx, itype, rec["ZoneId"])
        _interval_check(ctx, rec)
        _vcpu_quota(ctx, max(0, entry["cpu"] - rec["Cpu"]))
        _dry_run(ctx)
        rec["_type_changed_at"] = ctx.now
        # the type changes asynchronously (poll DescribeInstances until InstanceType is the target; 3.1)
        st.begin("instance", rec["InstanceId"], ctx.action.name, ctx.seconds(), "InstanceType", None, itype,
                 fail=ctx.fails(), on_done=lambda r: _apply_type(r, itype, entry),
                 on_fail=lambda r: r.pop("_type_changed_at", None))
        return {}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, change, _MISMATCH)


# ---- ModifyPrepayInstanceSpec (3.2) -------------------------------------------------------------------------
@action(P, "ModifyPrepayInstanceSpec", required=("InstanceId", "RegionId", "InstanceType"), write=True)
def modify_prepay_instance_spec(ctx):
    rec = _instance(ctx, ctx.get("InstanceId"))
    itype = ctx.get("InstanceType")
    op = ctx.get("OperatorType", "upgrade").lower()
    if rec["InstanceChargeType"] != "PrePaid":
        raise ApiError(400, "InvalidInstanceChargeType.ValueNotSupported", "The instance is not a subscription "
                                                                           "(PrePaid) instance.")
    if op not in ("upgrade", "downgrade"):
        raise invalid("OperatorType")

    def change():
        st = ctx.state
        if rec.get("_order_status") == "Processing":
            raise ApiError(400, "LastOrderProcessing", "The previous order is still processing, please try again later.")
        if rec["ExpiredTime"] and rec["ExpiredTime"] < iso(ctx.now, minutes=True):
            raise ApiError(403, "InvalidInstanceStatus", "The specified instance has expired.")
        if op == "downgrade" and rec["Status"] != "Stopped":
            raise ApiError(400, "InvalidStatus.NotStopped", "A downgrade needs the instance to be Stopped.")
        if st.busy("instance", rec["InstanceId"]) or rec["Status"] not in ("Running", "Stopped"):
            raise incorrect_status()
        entry = _type_in_zone(ctx, itype, rec["ZoneId"])
        bigger = entry["cpu"] >= rec["Cpu"] and entry["memory"] * 1024 >= rec["Memory"]
        smaller = entry["cpu"] <= rec["Cpu"] and entry["memory"] * 1024 <= rec["Memory"]
        if itype == rec["InstanceType"] or (op == "upgrade" and not bigger) or (op == "downgrade" and not smaller):
            raise ApiError(400, "InvalidInstanceType.ValueNotSupported",
                           f"The specified InstanceType is not a valid {op} of the current one.")
        if op == "downgrade" and int(rec.get("_downgrades", 0)) >= 3:      # older doc: at most three downgrades
            raise ApiError(400, "InstanceDowngrade.QuotaExceed", "The instance has been downgraded too many times.")
        if op == "downgrade":
            rec["_downgrades"] = int(rec.get("_downgrades", 0)) + 1
        reboot = as_bool(ctx.get("RebootWhenFinished"), False)

        def paid(r):
            # the new type takes effect at a start or an API reboot, not an OS reboot (3.2)
            r["_pending_spec"] = dict(entry, type=itype)
            if reboot and r["Status"] == "Running" and not st.busy("instance", r["InstanceId"]):
                st.begin("instance", r["InstanceId"], "RebootInstance", ctx.seconds(), "Status", "Starting", "Running",
                         on_done=lambda rr: _booted(st, rr))
        st.begin("instance", rec["InstanceId"], ctx.action.name, ctx.seconds(), "_order_status", "Processing", "Paid",
                 fail=ctx.fails(), fail_final="Failed", on_done=paid)
        return {"OrderId": str(20000000000000 + st.version)}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, change, _MISMATCH)


# ---- ResizeDisk (3.3) ---------------------------------------------------------------------------------------
def guest_size(disk) -> int:
    """What the guest sees: an offline resize shows after an API reboot (or the next start)."""
    return int(disk.get("_guest_size", disk["Size"]))


def _booted(st, rec):
    """A start or an API reboot completed: a subscription's new type and offline disk resizes take effect."""
    spec = rec.pop("_pending_spec", None)
    if spec is not None:
        _apply_type(rec, spec["type"], spec)
    for d in st.all("disk"):
        if d["InstanceId"] == rec["InstanceId"]:
            d.pop("_guest_size", None)


BOOT_HOOKS.append(_booted)


@action(P, "ResizeDisk", required=("DiskId", "NewSize"), write=True)
def resize_disk(ctx):
    disk = _disk(ctx, ctx.get("DiskId"))
    new_size = ctx.int("NewSize")
    kind = ctx.get("Type", "offline")
    if kind not in ("offline", "online"):
        raise ApiError(400, "InvalidParam.Type", "The specified parameter Type is not valid.")

    def resize():
        st = ctx.state
        if st.busy("disk", disk["DiskId"]) or disk["Status"] not in ("In_use", "Available"):
            raise incorrect_status("IncorrectDiskStatus", "disk")
        if any(s["SourceDiskId"] == disk["DiskId"] and s["Status"] == "progressing" for s in st.all("snapshot")):
            raise ApiError(403, "DiskCreatingSnapshot", "A snapshot is being created for the disk.")
        if new_size <= disk["Size"]:
            raise ApiError(403, "InvalidDiskSize.TooSmall", "The new size must be greater than the current size.")
        if new_size > _DISK_RANGES.get(disk["Category"], (0, 32768))[1]:
            raise ApiError(403, "InvalidDiskSize.TooLarge", "The new size exceeds the maximum of the disk category.")
        inst = st.get("instance", disk["InstanceId"]) if disk["InstanceId"] else None
        if inst is not None and (st.busy("instance", inst["InstanceId"]) or inst["Status"] not in ("Running", "Stopped")):
            raise incorrect_status()
        if kind == "online":
            if disk["Category"] not in _ONLINE_CATEGORIES:
                raise ApiError(403, "InvalidDiskCategory.NotSupported", "The disk category does not support online "
                                                                        "resizing.")
            if inst is not None and inst["Status"] != "Running":
                raise incorrect_status()
        if ctx.faults.exhausted(ctx.action.name):
            raise ApiError(400, "OperationDenied.NotEnoughCapacity", "The storage capacity of the zone is not enough.")
        if kind == "offline" and inst is not None and "_guest_size" not in disk:
            disk["_guest_size"] = disk["Size"]
        st.begin("disk", disk["DiskId"], ctx.action.name, ctx.seconds(), "Size", None, new_size, fail=ctx.fails(),
                 on_fail=lambda d: d.pop("_guest_size", None) if kind == "offline" else None)
        return {"OrderId": ""}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, resize, _MISMATCH)


def guest_view(state, disk_id: str):
    """``GET /_lab/guest/<disk id>``: the provisioned size and what the guest sees (lab-only, never an API field)."""
    with state.lock:
        state.advance()
        disk = state.get("disk", disk_id)
        if disk is None:
            return 404, {"error": f"no disk with id {disk_id!r}"}
        return 200, {"DiskId": disk_id, "Size": disk["Size"], "guest_size": guest_size(disk),
                     "pending_reboot": guest_size(disk) != disk["Size"]}


# ---- RunInstances (3.5) ----------------------------------------------------------------------------------
_NAME_PATTERN = re.compile(r"^(.*)\[(\d+),(\d+)\](.*)$")


def _names(base: str, n: int, unique: bool) -> list[str]:
    """``name_prefix[begin,bits]name_suffix`` counts up; UniqueSuffix appends 001, 002 ... when Amount > 1."""
    m = _NAME_PATTERN.match(base)
    if m:
        start, bits = int(m.group(2)), int(m.group(3))
        return [f"{m.group(1)}{start + i:0{bits}d}{m.group(4)}" for i in range(n)]
    if unique and n > 1:
        return [f"{base}{i + 1:03d}" for i in range(n)]
    return [base] * n


def _free_ips(st, sw, n) -> list[str]:
    used = {ip for i in st.all("instance") for ip in i["VpcAttributes"]["PrivateIpAddress"]["IpAddress"]}
    out = []
    for host in list(ipaddress.ip_network(sw["CidrBlock"]).hosts())[9:]:
        ip = str(host)
        if ip not in used:
            out.append(ip)
            if len(out) == n:
                break
    return out


@action(P, "RunInstances", required=("RegionId", "ImageId", "InstanceType", "VSwitchId"), write=True)
def run_instances(ctx):
    st = ctx.state
    amount = ctx.int("Amount", 1, lo=1, hi=100)
    min_amount = ctx.int("MinAmount", amount, lo=1, hi=amount)
    sw = ctx.find("vswitch", ctx.get("VSwitchId"), "InvalidVSwitchId.NotFound", "vSwitch")
    image = st.get("image", ctx.get("ImageId"))
    if image is None or not ctx.visible(image):
        raise ApiError(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.")
    sg_id = ctx.get("SecurityGroupId")
    # SecurityGroupIds.N (up to 5 groups) or SecurityGroupId, not both
    numbered = [(int(k.split(".", 1)[1]), v) for k, v in ctx.params.items()
                if k.startswith("SecurityGroupIds.") and k.split(".", 1)[1].isdigit()]
    sg_ids = [v for _n, v in sorted(numbered)]
    if sg_id and sg_ids:
        raise ApiError(400, "InvalidParameter.Conflict", "SecurityGroupId and SecurityGroupIds.N cannot both be set.")
    sg_ids = sg_ids or ([sg_id] if sg_id else [])
    for sid in sg_ids:
        ctx.find("sg", sid, "InvalidSecurityGroupId.NotFound", "security group")
    if ctx.get("ZoneId") and ctx.get("ZoneId") != sw["ZoneId"]:
        raise ApiError(400, "InvalidParameter", "The specified ZoneId is not the zone of the vSwitch.")
    charge = ctx.get("InstanceChargeType", "PostPaid")
    if charge not in ("PostPaid", "PrePaid"):
        raise ApiError(400, "InvalidInstanceChargeType.ValueNotSupported",
                       "The specified InstanceChargeType is not valid.")

    def run():
        itype = ctx.get("InstanceType")
        entry = _type_in_zone(ctx, itype, sw["ZoneId"])
        n = amount
        # quota and addresses may allow fewer than Amount: at least MinAmount, or the call fails
        if charge == "PostPaid":
            limit = int((st.meta.get("quotas") or {}).get("vcpus", DEFAULT_VCPU_QUOTA))
            used = sum(int(i["Cpu"]) for i in st.all("instance") if i["InstanceChargeType"] == "PostPaid")
            n = min(n, max(0, (limit - used) // entry["cpu"]))
            if n < min_amount:
                _vcpu_quota(ctx, min_amount * entry["cpu"])
        ips = _free_ips(st, sw, min(n, available_ips(ctx, sw)))
        if len(ips) < min_amount:
            # not in the catalog for RunInstances; the code the VPC product answers for a full vSwitch
            raise ApiError(400, "OperationFailed.VSwitchNoAvailableIp", "The vSwitch has no available IP address.")
        n = len(ips)
        _dry_run(ctx)
        names = _names(ctx.get("InstanceName", "launch-advisor"), n, as_bool(ctx.get("UniqueSuffix"), False))
        hosts = _names(ctx.get("HostName") or ctx.get("InstanceName", "iZ"), n, as_bool(ctx.get("UniqueSuffix"), False))
        tags = {"Tag": [{"TagKey": k, "TagValue": v or ""} for k, v in tags_filter(ctx.params)]}
        owner = ctx.owner_fields()
        ids = []
        for name, host, ip in zip(names, hosts, ips):
            iid = st.new_id("i-")
            rec = instance_record(st, iid, name, sw, ip, itype, entry["cpu"], int(entry["memory"] * 1024), image,
                                  charge, ctx.now - 60, "2099-12-31T15:59Z" if charge == "PostPaid" else
                                  iso(ctx.now + 30 * 86400, minutes=True), sg_ids, tags, owner,
                                  status="Pending", hostname=host, description=ctx.get("Description", ""),
                                  deletion_protection=as_bool(ctx.get("DeletionProtection"), False))
            rec["StartTime"] = ""
            st.add("instance", iid, rec)
            did = st.new_id("d-")
            st.add("disk", did, disk_record(
                st, did, ctx.get("SystemDisk.DiskName", ""), sw["ZoneId"], "system",
                ctx.get("SystemDisk.Category", "cloud_efficiency"), ctx.int("SystemDisk.Size", 40, lo=20, hi=2048),
                rec, "/dev/xvda", ctx.now, owner, image=image["ImageId"]))

            def started(r):
                r["StartTime"] = iso(ctx.now, minutes=True)

            def failed(r, did=did):
                st.remove("disk", did)
                st.remove("instance", r["InstanceId"])
            # Pending -> Running without a StartInstance (RunInstances, 3.5)
            st.begin("instance", iid, ctx.action.name, ctx.seconds(2.0), "Status", "Pending", "Running",
                     fail=ctx.fails(), on_done=started, on_fail=failed)
            ids.append(iid)
        return {"InstanceIdSets": {"InstanceIdSet": ids}, "OrderId": "", "TradePrice": 0.0}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, run, _MISMATCH)


# ---- DeleteInstance ----------------------------------------------------------------------------------------
# Alibaba Cloud DeleteInstance (2014-05-26): InstanceId, Force (release a Running instance), TerminateSubscription,
# DryRun.  Not in apsara-api-meta.json; the codes are the public API's: IncorrectInstanceStatus for a Running instance
# without Force (or one in transition), InvalidInstanceChargeType... for an unexpired subscription, the deletion
# protection refusal.  Disks with DeleteWithInstance go with it; the others are detached and kept; manual snapshots
# are kept.  The instance is gone from DescribeInstances at once.
@action(P, "DeleteInstance", required=("InstanceId",), write=True)
def delete_instance(ctx):
    st = ctx.state
    rec = _instance(ctx, ctx.get("InstanceId"))
    force = as_bool(ctx.get("Force"), False)
    if rec.get("DeletionProtection"):
        raise ApiError(403, "InvalidOperation.DeletionProtection", "The specified instance is protected from deletion; "
                                                                   "disable DeletionProtection first.")
    if rec["InstanceChargeType"] == "PrePaid" and rec["ExpiredTime"] > iso(ctx.now, minutes=True) and \
            not as_bool(ctx.get("TerminateSubscription"), False):
        raise ApiError(403, "ChargeTypeViolation", "The operation is not permitted due to charge type of the instance.")
    busy = st.busy("instance", rec["InstanceId"])
    if busy or rec["Status"] not in (("Stopped", "Running") if force else ("Stopped",)):
        raise ApiError(403, "IncorrectInstanceStatus", "The current status of the resource does not support this "
                                                       "operation.")
    _check_locks(rec)
    _dry_run(ctx)
    for disk in [d for d in st.all("disk") if d["InstanceId"] == rec["InstanceId"]]:
        if disk["DeleteWithInstance"]:
            st.remove("disk", disk["DiskId"])
        else:
            disk.update(InstanceId="", Device="", Status="Available", DetachedTime=iso(ctx.now))
    st.remove("instance", rec["InstanceId"])
    return {}

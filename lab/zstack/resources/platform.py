"""Management nodes, license, global/resource configs, tags, scheduler, and zwatch (alarms, metrics, events)."""
from __future__ import annotations

import datetime as _dt
import zlib
import json
import re
import time

from .. import wire
from ..kinds import NESTED_CLASSES, kind, many, one
from ..routes import handler, query
from ..wire import argerr
from .helpers import change_state, fetch as _get
from .network import _capacity_of

NESTED_CLASSES.update({
    "labels": "org.zstack.zwatch.alarm.AlarmLabelInventory",
    "actions": "org.zstack.zwatch.alarm.AlarmActionInventory",
})


def _refresh_heartbeat(rec):
    rec["heartBeat"] = wire.now() - _dt.timedelta(seconds=rec.get("_heartbeat_age_s", 2))
    return True


kind("mn", "org.zstack.header.managementnode.ManagementNodeInventory")
kind("globalconfig", "org.zstack.core.config.GlobalConfigInventory")
kind("resourceconfig", "org.zstack.resourceconfig.ResourceConfigInventory")
kind("systemtag", "org.zstack.header.tag.SystemTagInventory")
kind("usertag", "org.zstack.header.tag.UserTagInventory")
kind("schedjob", "org.zstack.header.core.scheduler.SchedulerJobInventory",
     joins={"history": many("schedhistory", "schedulerJobUuid")})
kind("schedtrigger", "org.zstack.header.core.scheduler.SchedulerTriggerInventory")
kind("schedhistory", "org.zstack.header.scheduler.SchedulerJobHistoryInventory",
     joins={"schedulerJob": one("schedjob", "schedulerJobUuid")})
kind("alarm", "org.zstack.zwatch.alarm.AlarmInventory")
kind("eventsub", "org.zstack.zwatch.alarm.EventSubscriptionInventory")
kind("diskoffering", "org.zstack.header.configuration.DiskOfferingInventory")

query("QueryManagementNode", "mn", where=_refresh_heartbeat, volatile=True)
query("QueryGlobalConfig", "globalconfig")
query("QueryResourceConfig", "resourceconfig")
query("QuerySystemTag", "systemtag")
query("QueryUserTag", "usertag")
query("QuerySchedulerJob", "schedjob")
query("QuerySchedulerTrigger", "schedtrigger")
query("QuerySchedulerJobHistory", "schedhistory")
query("QueryAlarm", "alarm")
query("QueryActiveAlarm", "alarm", where=lambda r: r.get("status") == "Alarm")
query("QueryEventSubscription", "eventsub")
query("QueryDiskOffering", "diskoffering")


# ---- license (no session needed) --------------------------------------------------------------
def license_inventory(state, lic):
    now = wire.now()
    exp = lic["_expires_at"]
    hosts = len(state.all("host"))
    inv = {"uuid": lic["uuid"], "user": lic.get("user"), "prodInfo": lic.get("prodInfo"),
           "licenseType": lic.get("licenseType", "Paid"), "cpuNum": lic.get("cpuNum"),
           "hostNum": lic.get("hostNum"), "vmNum": lic.get("vmNum"),
           "availableHostNum": None if lic.get("hostNum") is None else lic["hostNum"] - hosts,
           "availableCpuNum": None if lic.get("cpuNum") is None else lic["cpuNum"] - sum(h["cpuSockets"] for h in state.all("host")),
           "expiredDate": wire.fmt_iso_offset(exp), "issuedDate": wire.fmt_iso_offset(lic["_issued_at"]),
           "uploadDate": wire.fmt_iso_offset(lic["_issued_at"] + _dt.timedelta(hours=2)),
           "expired": exp <= now, "managementNodeUuid": lic.get("managementNodeUuid"),
           "licenseRequest": lic.get("licenseRequest"), "source": lic.get("source", "Platform")}
    if lic.get("name"):
        inv["name"] = lic["name"]
    if lic.get("modules"):
        inv["modules"] = lic["modules"]
    return inv


@handler("GetLicenseInfo")
def license_info(ctx):
    st = ctx.state
    return {"inventory": license_inventory(st, st.license),
            "additions": [license_inventory(st, a) for a in st.license_addons]}


@handler("GetLicenseAddOns")
def license_addons(ctx):
    return {"addons": [license_inventory(ctx.state, a) for a in ctx.state.license_addons]}


# ---- global / resource configuration -----------------------------------------------------------
_BOOL_CONFIGS = {("ha", "enable"), ("vm", "numa")}


def _validate_config(category, name, value):
    if (category, name) in _BOOL_CONFIGS and str(value).lower() not in ("true", "false"):
        raise argerr(f"the value[{value}] of global config[category:{category}, name:{name}] is not a boolean")
    if name.endswith("overProvisioning.ratio") or name.startswith("overProvisioning."):
        try:
            if float(value) <= 0:
                raise ValueError
        except ValueError:
            raise argerr(f"the value[{value}] of global config[category:{category}, name:{name}] must be a"
                         " positive number")


@handler("UpdateGlobalConfig")
def update_global_config(ctx):
    st = ctx.state
    cat, name = ctx.req("category"), ctx.req("name")
    rec = st.get("globalconfig", f"{cat}/{name}")
    if rec is None:
        raise argerr(f"unable to find GlobalConfig[category: {cat}, name: {name}]")
    value = str(ctx.get("value", ""))
    _validate_config(cat, name, value)
    rec["value"] = value
    st.touch()
    st.recompute_hosts()
    return {"inventory": dict(rec)}


_RTYPES = {"vm": "VmInstanceVO", "host": "HostVO", "cluster": "ClusterVO", "zone": "ZoneVO", "ps": "PrimaryStorageVO",
           "l3": "L3NetworkVO", "bs": "BackupStorageVO"}


def _resource_type(st, uuid):
    for k, vo in _RTYPES.items():
        if st.get(k, uuid):
            return vo
    return None


@handler("UpdateResourceConfig")
def update_resource_config(ctx):
    st = ctx.state
    cat, name, ru = ctx.req("category"), ctx.req("name"), ctx.req("resourceUuid")
    if st.get("globalconfig", f"{cat}/{name}") is None:
        raise argerr(f"unable to find GlobalConfig[category: {cat}, name: {name}]")
    rtype = _resource_type(st, ru)
    if rtype is None:
        raise argerr(f"unable to find resource[uuid:{ru}]")
    value = str(ctx.req("value"))
    _validate_config(cat, name, value)
    key = f"{ru}/{cat}/{name}"
    rec = st.get("resourceconfig", key)
    ts = wire.now()
    if rec is None:
        rec = {"_key": key, "uuid": wire.new_uuid(), "resourceUuid": ru, "resourceType": rtype, "category": cat,
               "name": name, "value": value, "createDate": ts, "lastOpDate": ts}
        st.tables["resourceconfig"][key] = rec
    rec["value"] = value
    rec["lastOpDate"] = ts
    st.touch()
    st.recompute_hosts()
    return {"inventory": dict(rec)}


@handler("GetResourceConfig")
def get_resource_config(ctx):
    st = ctx.state
    cat, name, ru = ctx.req("category"), ctx.req("name"), ctx.req("resourceUuid")
    g = st.get("globalconfig", f"{cat}/{name}")
    if g is None:
        raise argerr(f"unable to find GlobalConfig[category: {cat}, name: {name}]")
    eff = [dict(r) for r in st.all("resourceconfig") if r["resourceUuid"] == ru and r["category"] == cat and r["name"] == name]
    return {"value": eff[0]["value"] if eff else g["value"], "effectiveConfigs": eff}


# ---- tags --------------------------------------------------------------------------------------
@handler("CreateSystemTag")
def create_system_tag(ctx):
    st = ctx.state
    ru, rt, tag = ctx.req("resourceUuid"), ctx.req("resourceType"), ctx.req("tag")
    st.add_system_tag(ru, rt, tag)
    rec = [t for t in st.by("systemtag", "resourceUuid", ru) if t["tag"] == tag][-1]
    return {"inventory": dict(rec)}


@handler("CreateUserTag")
def create_user_tag(ctx):
    ts = wire.now()
    rec = {"uuid": wire.new_uuid(), "resourceUuid": ctx.req("resourceUuid"), "resourceType": ctx.req("resourceType"),
           "tag": ctx.req("tag"), "type": "User", "createDate": ts, "lastOpDate": ts}
    ctx.state.add("usertag", rec)
    return {"inventory": dict(rec)}


@handler("DeleteTag")
def delete_tag(ctx):
    ctx.state.remove("systemtag", ctx.get("uuid"))
    ctx.state.remove("usertag", ctx.get("uuid"))
    return {}


# ---- scheduler ----------------------------------------------------------------------------------
JOB_CLASSES = {
    "volumeBackup": "org.zstack.storage.backup.CreateVolumeBackupJob",
    "rootVolumeBackup": "org.zstack.storage.backup.CreateRootVolumeBackupJob",
    "vmBackup": "org.zstack.storage.backup.CreateVmBackupJob",
    "databaseBackup": "org.zstack.storage.backup.CreateDatabaseBackupJob",
    "volumeSnapshot": "org.zstack.storage.snapshot.CreateVolumeSnapshotJob",
    "volumeSnapshotGroup": "org.zstack.storage.snapshot.group.CreateVolumeSnapshotGroupJob",
    "startVm": "org.zstack.compute.vm.StartVmInstanceJob",
    "stopVm": "org.zstack.compute.vm.StopVmInstanceJob",
    "rebootVm": "org.zstack.compute.vm.RebootVmInstanceJob",
}


@handler("CreateSchedulerJob")
def create_scheduler_job(ctx):
    st = ctx.state
    name, target, typ = ctx.req("name"), ctx.req("targetResourceUuid"), ctx.req("type")
    if typ not in JOB_CLASSES:
        raise argerr(f"the lab supports scheduler job types {sorted(JOB_CLASSES)}, got {typ}")
    if not any(st.get(k, target) for k in ("volume", "vm")) and typ != "databaseBackup":
        raise argerr(f"the target resource[uuid:{target}] doesn't exist")
    ts = wire.now()
    params = ctx.get("parameters") or {}
    job = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
           "description": ctx.get("description"), "targetResourceUuid": target, "state": "Enabled",
           "jobClassName": JOB_CLASSES[typ], "jobType": typ,
           "jobData": json.dumps(dict(params, targetResourceUuid=target, name=name), separators=(",", ":")),
           "triggersUuid": [], "schedulerJobGroupUuids": [], "managementNodeUuid": _first_mn(st),
           "createDate": ts, "lastOpDate": ts}
    st.add("schedjob", job)
    return {"inventory": dict(job)}


def _first_mn(st):
    mns = st.all("mn")
    return mns[0]["uuid"] if mns else None


def _delete_linked(ctx, kind_name, other_kind, links):
    """Delete a scheduler job or trigger and drop its uuid from the other side's ``links`` lists."""
    st = ctx.state
    rec = st.remove(kind_name, ctx.get("uuid"))
    if rec:
        for other in st.all(other_kind):
            if rec["uuid"] in other[links]:
                other[links].remove(rec["uuid"])
    return {}


@handler("DeleteSchedulerJob")
def delete_scheduler_job(ctx):
    return _delete_linked(ctx, "schedjob", "schedtrigger", "jobsUuid")


@handler("CreateSchedulerTrigger")
def create_scheduler_trigger(ctx):
    name, stype = ctx.req("name"), ctx.req("schedulerType")
    if stype not in ("simple", "cron"):
        raise argerr(f"valid values of field[schedulerType] are [simple, cron], but got {stype}")
    if stype == "cron" and not ctx.get("cron"):
        raise argerr("cron must be set when schedulerType is cron")
    if stype == "simple" and not ctx.get("schedulerInterval"):
        raise argerr("schedulerInterval must be set when schedulerType is simple")
    ts = wire.now()
    start = ctx.get("startTime")
    trig = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
            "description": ctx.get("description"), "schedulerType": stype, "cron": ctx.get("cron"),
            "schedulerInterval": ctx.get("schedulerInterval"), "repeatCount": ctx.get("repeatCount"),
            "startTime": _dt.datetime.fromtimestamp(int(start) / (1000 if int(start) > 1e11 else 1)) if start else ts,
            "stopTime": None, "jobsUuid": [], "jobGroupsUuid": [], "createDate": ts, "lastOpDate": ts}
    ctx.state.add("schedtrigger", trig)
    return {"inventory": dict(trig)}


@handler("DeleteSchedulerTrigger")
def delete_scheduler_trigger(ctx):
    return _delete_linked(ctx, "schedtrigger", "schedjob", "triggersUuid")


def add_history(st, job, trigger_uuid, success, when, duration_s=120, error=None):
    hid = st.next_history_id()
    rec = {"_key": str(hid), "id": hid, "triggerUuid": trigger_uuid, "schedulerJobUuid": job["uuid"],
           "schedulerJobGroupUuid": None, "jobType": job.get("jobType"), "startTime": when,
           "executeTime": duration_s, "targetResourceUuid": job["targetResourceUuid"],
           "requestDump": job["jobData"],
           "resultDump": json.dumps({"success": True}) if success else json.dumps(
               {"success": False, "error": {"code": "SYS.1006", "description": "An operation failed",
                                            "details": error or "backup storage reported an error"}}),
           "success": success}
    st.tables["schedhistory"][rec["_key"]] = rec
    st.touch()
    return rec


@handler("AddSchedulerJobToSchedulerTrigger")
def add_job_to_trigger(ctx):
    st = ctx.state
    job = _get(ctx, "schedjob", "schedulerJobUuid", "SchedulerJobVO")
    trig = _get(ctx, "schedtrigger", "schedulerTriggerUuid", "SchedulerTriggerVO")
    if trig["uuid"] not in job["triggersUuid"]:
        job["triggersUuid"].append(trig["uuid"])
        trig["jobsUuid"].append(job["uuid"])
    ts = wire.now()
    if ctx.bool("triggerNow"):
        add_history(st, job, trig["uuid"], True, ts, 30)
    st.touch()
    return {"inventory": {"uuid": wire.new_uuid(), "schedulerJobUuid": job["uuid"],
                          "schedulerTriggerUuid": trig["uuid"], "createDate": ts, "lastOpDate": ts}}


@handler("RemoveSchedulerJobFromSchedulerTrigger")
def remove_job_from_trigger(ctx):
    st = ctx.state
    job = _get(ctx, "schedjob", "schedulerJobUuid", "SchedulerJobVO")
    trig = _get(ctx, "schedtrigger", "schedulerTriggerUuid", "SchedulerTriggerVO")
    if trig["uuid"] in job["triggersUuid"]:
        job["triggersUuid"].remove(trig["uuid"])
        trig["jobsUuid"].remove(job["uuid"])
    st.touch()
    return {}


@handler("ChangeSchedulerState")
def change_scheduler_state(ctx):
    job = _get(ctx, "schedjob", "uuid", "SchedulerJobVO")
    return change_state(ctx, job)


@handler("GetSchedulerExecutionReport")
def scheduler_report(ctx):
    st = ctx.state
    start = int(ctx.req("startTime"))
    start_s = start / 1000 if start > 1e11 else start
    unit = {"Hour": 3600, "Day": 86400, "Month": 86400 * 30}.get(ctx.req("intervalTimeUnit"))
    if unit is None:
        raise argerr("valid values of field[intervalTimeUnit] are [Hour, Day, Month]")
    n = int(ctx.req("range"))
    types = set(ctx.list("schedulerJobTypes"))
    succ, fail = [0] * n, [0] * n
    for h in st.all("schedhistory"):
        if types and h.get("jobType") not in types:
            continue
        i = int((h["startTime"].timestamp() - start_s) // unit)
        if 0 <= i < n:
            (succ if h["success"] else fail)[i] += 1
    return {"successRecords": succ, "failureRecords": fail, "partialSuccessRecords": [0] * n, "waitingRecords": [0] * n}


# ---- zwatch: alarms and alarm data -------------------------------------------------------------
@handler("ChangeAlarmState")
def change_alarm_state(ctx):
    a = _get(ctx, "alarm", "uuid", "AlarmVO")
    return change_state(ctx, a)


def _match_conditions(rec, conds):
    for c in conds:
        m = re.match(r"^([^!=<>]+)(!=|=)(.*)$", c)
        if not m:
            raise argerr(f"invalid condition[{c}], must be in format key=value or key!=value")
        k, op, v = m.groups()
        actual = str(rec.get(k.strip()))
        if (op == "=" and actual != v) or (op == "!=" and actual == v):
            return False
    return True


def _window(ctx, default_s=86400 * 7):
    now = time.time()
    end = ctx.get("endTime")
    start = ctx.get("startTime")
    end_s = float(end) if end is not None else now
    if end_s > 1e11:
        end_s /= 1000
    if start is not None:
        start_s = float(start)
        if start_s > 1e11:
            start_s /= 1000
    elif ctx.get("offsetAheadOfCurrentTime") is not None:
        start_s = now - float(ctx.get("offsetAheadOfCurrentTime"))
    else:
        start_s = end_s - default_s
    return start_s, end_s


def _recorded(ctx, table):
    """Rows of ``table`` (ms ``time``) in the call's window (default: a year) matching its conditions, newest first."""
    start_s, end_s = _window(ctx, 86400 * 365)
    rows = [r for r in ctx.state.all(table) if start_s * 1000 <= r["time"] <= end_s * 1000]
    rows = [r for r in rows if _match_conditions(r, ctx.list("conditions"))]
    rows.sort(key=lambda r: r["time"], reverse=True)
    return rows


def _page(ctx, rows):
    start = int(ctx.get("start", 0) or 0)
    limit = int(ctx.get("limit", 100) or 100)
    return [dict(r) for r in rows[start:start + limit]]


@handler("GetAlarmData")
def alarm_data(ctx):
    rows = _recorded(ctx, "alarmhistory")
    if ctx.bool("count"):
        return {"histories": [], "total": len(rows)}
    return {"histories": _page(ctx, rows), "total": len(rows)}


@handler("UpdateAlarmData")
def update_alarm_data(ctx):
    st = ctx.state
    mode = ctx.req("updateMode")
    status = ctx.get("readStatus", "Read")
    if status not in ("Read", "Unread"):
        raise argerr(f"valid values of field[readStatus] are [Read, Unread], but got {status}")
    if mode == "OnlyOne":
        rows = [h for h in st.all("alarmhistory") if h["dataUuid"] == ctx.req("dataUuid")]
    elif mode == "InRange":
        lo, hi = int(ctx.req("dataStartTime")), int(ctx.req("dataEndTime"))
        rows = [h for h in st.all("alarmhistory") if lo <= h["time"] <= hi]
    elif mode == "All":
        rows = st.all("alarmhistory")
    else:
        raise argerr(f"valid values of field[updateMode] are [OnlyOne, InRange, All], but got {mode}")
    for h in rows:
        h["readStatus"] = status
    st.touch()
    return {}


@handler("GetEventData")
def event_data(ctx):
    rows = _recorded(ctx, "event")
    return {"events": _page(ctx, rows), "total": len(rows)}


# ---- zwatch: metrics ---------------------------------------------------------------------------
def _pct(used, total):
    return round(100.0 * used / total, 2) if total else 0.0


def _host_labels(h):
    return {"HostUuid": h["uuid"]}


def _util(key, default=10.0):
    return lambda st, r: float((r.get("_util") or {}).get(key, default))


def _running(st, r):
    return r.get("state") == "Running"


def _user_vms(st):
    return [v for v in st.all("vm") if v.get("type") == "UserVm" and _running(st, v)]


def _routers(st):
    return [v for v in st.all("vm") if v.get("applianceVmType") in ("vpcvrouter", "VirtualRouter") and _running(st, v)]


def _connected_hosts(st):
    return [h for h in st.all("host") if h.get("status") == "Connected"]


def _l3_pct(st, l3):
    t, u = _capacity_of(st, [l3["uuid"]])
    return _pct(u, t)


# namespace -> metric -> (records fn, labels fn, value fn, jitter)
METRICS = {
    "ZStack/Host": {
        **{m: (_connected_hosts, _host_labels, _util("cpu"), 4.0)
           for m in ("CPUAverageUsedUtilization", "CPUAllUsedUtilization")},
        **{m: (_connected_hosts, _host_labels, _util("mem"), 1.5)
           for m in ("MemoryUsedInPercent", "MemoryUsedCapacityPerHostInPercent")},
        "MemoryFreeInPercent": (_connected_hosts, _host_labels, lambda st, r: 100 - _util("mem")(st, r), 1.5),
        "DiskRootUsedCapacityInPercent": (_connected_hosts, _host_labels, _util("disk", 30.0), 0.2),
        "DiskAllUsedCapacityInPercent": (_connected_hosts, _host_labels, _util("disk", 30.0), 0.2),
        "DiskXfsFragInPercent": (_connected_hosts, _host_labels, _util("frag", 3.0), 0.1),
        "NetworkAllInBytes": (_connected_hosts, _host_labels, _util("net_in", 2.0e7), 2.0e6),
        "NetworkAllOutBytes": (_connected_hosts, _host_labels, _util("net_out", 1.5e7), 2.0e6),
    },
    "ZStack/VM": {
        **{m: (_user_vms, lambda r: {"VMUuid": r["uuid"]}, _util("cpu"), 5.0)
           for m in ("CPUAverageUsedUtilization", "CPUAllUsedUtilization")},
        **{m: (_user_vms, lambda r: {"VMUuid": r["uuid"]}, _util("mem"), 2.0)
           for m in ("MemoryUsedInPercent", "OperatingSystemMemoryUsedPercent")},
        "DiskAllUsedCapacityInPercent": (_user_vms, lambda r: {"VMUuid": r["uuid"]}, _util("disk", 35.0), 0.2),
        "NetworkAllInBytes": (_user_vms, lambda r: {"VMUuid": r["uuid"]}, _util("net_in", 1.0e6), 2.0e5),
        "NetworkAllOutBytes": (_user_vms, lambda r: {"VMUuid": r["uuid"]}, _util("net_out", 8.0e5), 2.0e5),
    },
    "ZStack/VRouter": {
        **{m: (_routers, lambda r: {"VRouterUuid": r["uuid"]}, _util("cpu", 8.0), 2.0)
           for m in ("CPUAverageUsedUtilization", "CPUAllUsedUtilization")},
        "MemoryUsedInPercent": (_routers, lambda r: {"VRouterUuid": r["uuid"]}, _util("mem", 30.0), 1.0),
    },
    "ZStack/PrimaryStorage": {
        "UsedCapacityInPercent": (lambda st: st.all("ps"), lambda r: {"PrimaryStorageUuid": r["uuid"], "PrimaryStorageType": r["type"]},
                                  lambda st, r: _pct(r["totalCapacity"] - r["availableCapacity"], r["totalCapacity"]), 0.0),
        "UsedPhysicalCapacityInPercent": (lambda st: st.all("ps"), lambda r: {"PrimaryStorageUuid": r["uuid"], "PrimaryStorageType": r["type"]},
                                          lambda st, r: _pct(r["totalPhysicalCapacity"] - r["availablePhysicalCapacity"], r["totalPhysicalCapacity"]), 0.0),
        "AvailablePhysicalCapacityInPercent": (lambda st: st.all("ps"), lambda r: {"PrimaryStorageUuid": r["uuid"], "PrimaryStorageType": r["type"]},
                                               lambda st, r: _pct(r["availablePhysicalCapacity"], r["totalPhysicalCapacity"]), 0.0),
        "TotalUsedCapacityInPercent": (lambda st: [{"uuid": "total"}], lambda r: {},
                                       lambda st, r: _pct(sum(p["totalPhysicalCapacity"] - p["availablePhysicalCapacity"] for p in st.all("ps")),
                                                          sum(p["totalPhysicalCapacity"] for p in st.all("ps"))), 0.0),
    },
    "ZStack/BackupStorage": {
        "UsedCapacityInPercent": (lambda st: st.all("bs"), lambda r: {"BackupStorageUuid": r["uuid"], "BackupStorageType": r["type"]},
                                  lambda st, r: _pct(r["totalCapacity"] - r["availableCapacity"], r["totalCapacity"]), 0.0),
        "TotalUsedCapacityInPercent": (lambda st: [{"uuid": "total"}], lambda r: {},
                                       lambda st, r: _pct(sum(b["totalCapacity"] - b["availableCapacity"] for b in st.all("bs")),
                                                          sum(b["totalCapacity"] for b in st.all("bs"))), 0.0),
    },
    "ZStack/L3Network": {
        "UsedIPInPercent": (lambda st: [l for l in st.all("l3") if not l.get("system")],
                            lambda r: {"L3NetworkUuid": r["uuid"], "L3NetworkType": r["type"]}, _l3_pct, 0.0),
        "AvailableIPCount": (lambda st: [l for l in st.all("l3") if not l.get("system")],
                             lambda r: {"L3NetworkUuid": r["uuid"], "L3NetworkType": r["type"]},
                             lambda st, r: float(_capacity_of(st, [r["uuid"]])[0] - _capacity_of(st, [r["uuid"]])[1]), 0.0),
    },
    "ZStack/Volume": {
        "VolumeActualSizeInPercent": (lambda st: st.all("volume"), lambda r: {"VolumeUuid": r["uuid"]},
                                      lambda st, r: _pct(r["actualSize"], r["size"]), 0.0),
        "TotalVolumeSnapshotCount": (lambda st: [{"uuid": "total"}], lambda r: {},
                                     lambda st, r: float(len(st.all("snapshot"))), 0.0),
    },
}


def _label_filters(specs):
    out = []
    for s in specs:
        m = re.match(r"^([^!=~]+)(=~|!~|!=|=)(.*)$", s)
        if not m:
            raise argerr(f"invalid label[{s}], the format is key=value, key!=value, key=~regex or key!~regex")
        out.append(m.groups())
    return out


def _labels_match(labels, filters):
    for k, op, v in filters:
        actual = labels.get(k)
        if op == "=" and actual != v:
            return False
        if op == "!=" and actual == v:
            return False
        if op == "=~" and (actual is None or not re.fullmatch(v, actual)):
            return False
        if op == "!~" and actual is not None and re.fullmatch(v, actual):
            return False
    return True


def _jitter(uuid, t, amplitude):
    if not amplitude:
        return 0.0
    h = zlib.crc32(f"{uuid}:{t}".encode()) / 0xFFFFFFFF
    return (h * 2 - 1) * amplitude


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@handler("GetMetricData")
def metric_data(ctx):
    st = ctx.state
    ns, metric = ctx.req("namespace"), ctx.req("metricName")
    spec = METRICS.get(ns, {}).get(metric)
    if spec is None:
        return {"data": []}
    records_fn, labels_fn, value_fn, amp = spec
    period = int(ctx.get("period", 60) or 60)
    start_s, end_s = _window(ctx, 600)
    period = max(period, 1)
    first = int(start_s // period + 1) * period
    times = list(range(first, int(end_s) + 1, period))
    if len(times) > 120:          # keep answers small on wide windows
        step = len(times) // 120 + 1
        times = times[::step]
    if not times:
        times = [int(end_s)]
    filters = _label_filters(ctx.list("labels"))
    pct = metric.endswith(("Percent", "Utilization"))
    # encoded directly: {"data":[{"value":v,"time":t,"labels":{...}}, ...]} (a 10,000-VM metric
    # is ~50,000 points; the values are those of _jitter, computed with a running crc32)
    t_suffix = [(t, f":{t}".encode()) for t in times]
    parts = []
    add = parts.append
    crc32 = zlib.crc32
    for r in records_fn(st):
        labels = labels_fn(r)
        if not _labels_match(labels, filters):
            continue
        base = value_fn(st, r)
        tail = ',"labels":' + _JSON(wire.to_wire(labels)) + "}"
        seed = crc32(str(r.get("uuid")).encode()) if amp else 0
        for t, suffix in t_suffix:
            v = base + ((crc32(suffix, seed) / 0xFFFFFFFF) * 2 - 1) * amp if amp else base + 0.0
            if pct:
                v = min(max(v, 0.0), 100.0)
            add('{"value":' + repr(round(max(v, 0.0), 2)) + ',"time":' + str(t) + tail)
    return wire.RawJson(('{"data":[' + ",".join(parts) + "]}").encode("utf-8"))


@handler("GetAllMetricMetadata")
def metric_metadata(ctx):
    out = []
    for ns, metrics in METRICS.items():
        if ctx.get("namespace") and ctx.get("namespace") != ns:
            continue
        for name, (records_fn, labels_fn, _v, _a) in metrics.items():
            if ctx.get("name") and ctx.get("name") != name:
                continue
            sample = records_fn(ctx.state)
            out.append({"namespace": ns, "name": name,
                        "labelNames": sorted(labels_fn(sample[0]).keys()) if sample else [],
                        "driver": "prometheus"})
    return {"metrics": out}

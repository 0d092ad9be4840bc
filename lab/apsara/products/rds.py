"""RDS 2014-08-15: DB instances, backups (BackupStatus Success/Failed), backup policy, manual backups."""
from __future__ import annotations

import zlib

from ..registry import action, page_numbers, token_mode, tokens
from ..wire import ApiError, iso, parse_iso, wrap
from .common import comma_ids, eq, public, rg_ok

P = "rds"


def _db(ctx):
    return ctx.find("rds", ctx.get("DBInstanceId"), "InvalidDBInstanceId.NotFound", "DB instance")


@action(P, "DescribeDBInstances", required=("RegionId",))
def describe_db_instances(ctx):
    ids = comma_ids(ctx, "DBInstanceId")
    key = ctx.get("SearchKey")
    items = [r for r in ctx.scoped("rds") if (not ids or r["DBInstanceId"] in ids)
             and eq(r, "Engine", ctx.get("Engine")) and eq(r, "DBInstanceStatus", ctx.get("DBInstanceStatus"))
             and eq(r, "DBInstanceType", ctx.get("DBInstanceType")) and eq(r, "VpcId", ctx.get("VpcId"))
             and eq(r, "VSwitchId", ctx.get("VSwitchId")) and eq(r, "ZoneId", ctx.get("ZoneId"))
             and eq(r, "PayType", ctx.get("PayType")) and eq(r, "EngineVersion", ctx.get("EngineVersion"))
             and rg_ok(ctx, r)
             and (not key or key in r["DBInstanceId"] or key in r["DBInstanceDescription"])]
    if token_mode(ctx):
        chunk, nxt = tokens(ctx, items, 100, default=30)
        return {"NextToken": nxt, "PageRecordCount": len(chunk), "TotalRecordCount": len(items),
                **wrap("Items", "DBInstance", [public(r) for r in chunk])}
    chunk, n, _s, total = page_numbers(ctx, items, 100, default=30)
    return {"PageNumber": n, "PageRecordCount": len(chunk), "TotalRecordCount": total, "NextToken": "",
            **wrap("Items", "DBInstance", [public(r) for r in chunk])}


def _rds_time(ctx, name):
    v = ctx.get(name)
    if v is None:
        return None
    ts = parse_iso(v)
    if ts is None:
        raise ApiError(400, f"Invalid{name}.Format", f"Specified {name} is not valid.")
    return ts


@action(P, "DescribeBackups", required=("DBInstanceId",))
def describe_backups(ctx):
    db = _db(ctx)
    start, end = _rds_time(ctx, "StartTime"), _rds_time(ctx, "EndTime")
    items = [b for b in ctx.state.all("rds_backup") if b["DBInstanceId"] == db["DBInstanceId"]
             and eq(b, "BackupId", ctx.get("BackupId")) and eq(b, "BackupStatus", ctx.get("BackupStatus"))
             and eq(b, "BackupMode", ctx.get("BackupMode")) and eq(b, "BackupType", ctx.get("BackupType"))
             and (start is None or b["_start"] >= start) and (end is None or b["_start"] <= end)]
    items.sort(key=lambda b: b["_start"], reverse=True)
    chunk, n, _s, total = page_numbers(ctx, items, 1000, default=30)
    return {"PageNumber": str(n), "PageRecordCount": str(len(chunk)), "TotalRecordCount": str(total),
            "TotalEcsSnapshotSize": 0, **wrap("Items", "Backup", [public(b) for b in chunk])}


@action(P, "DescribeBackupPolicy", required=("DBInstanceId",))
def describe_backup_policy(ctx):
    db = _db(ctx)
    pol = dict(db["_policy"])
    window = pol["PreferredBackupTime"].split("-")[0]            # "18:00Z"
    hh, mm = int(window[:2]), int(window[3:5])
    day = int(ctx.now // 86400 * 86400)
    nxt = day + hh * 3600 + mm * 60
    if nxt <= ctx.now:
        nxt += 86400
    pol["PreferredNextBackupTime"] = iso(nxt, minutes=True)
    pol["EnablePitrProtection"] = False
    pol["PitrRetentionPeriod"] = 0
    return pol


@action(P, "CreateBackup", required=("DBInstanceId",), write=True)
def create_backup(ctx):
    st = ctx.state
    db = _db(ctx)
    if db["DBInstanceStatus"] != "Running":
        raise ApiError(403, "IncorrectDBInstanceState", "Current DB instance state does not support this operation.")
    if any(t["DBInstanceId"] == db["DBInstanceId"] for t in st.all("rds_task")):
        raise ApiError(400, "BackupJobExists", "The backup job already exists.")
    job = str(400000000 + zlib.crc32(f"{db['DBInstanceId']}/{ctx.now}".encode()) % 99999999)
    method = ctx.get("BackupMethod", "Physical")
    btype = ctx.get("BackupType", "FullBackup")
    st.add("rds_task", job, {"BackupJobId": job, "DBInstanceId": db["DBInstanceId"], "BackupStatus": "Uploading",
                             "BackupProgressStatus": "Uploading", "Process": "0", "JobMode": "Manual",
                             "TaskAction": "NormalBackupTask", "BackupId": "", "_start": ctx.now,
                             "_org": db["_org"], "ResourceGroupId": db["ResourceGroupId"]})
    fail = ctx.fails()

    def finish(rec):
        bid = str(100000000 + zlib.crc32(f"{job}/b".encode()) % 899999999)
        status = "Failed" if fail else "Success"
        st.add("rds_backup", bid, {
            "BackupId": bid, "DBInstanceId": db["DBInstanceId"], "BackupStatus": status,
            "BackupStartTime": iso(rec["_start"]), "BackupEndTime": iso(rec["_start"] + ctx.seconds()),
            "BackupType": btype, "BackupMode": "Manual", "BackupMethod": method,
            "BackupSize": 0 if fail else 2_167_808_000, "IsAvail": 0 if fail else 1, "BackupInitiator": "User",
            "BackupLocation": "", "BackupDownloadURL": "", "BackupIntranetDownloadURL": "", "HostInstanceID": "5882781",
            "StoreStatus": "Disabled", "MetaStatus": "OK", "ConsistentTime": int(rec["_start"]), "Checksum": "",
            "CopyOnlyBackup": "0", "StorageClass": "0", "Encryption": "{}",
            "BackupDownloadLinkByDB": {"BackupDownloadLinkByDB": []}, "BackupDBNames": "", "TotalBackupSize": 0,
            "BackupExtractionStatus": "", "BackupScale": "", "_start": rec["_start"], "_org": rec["_org"],
            "ResourceGroupId": rec["ResourceGroupId"]})
        st.remove("rds_task", job)
    st.begin("rds_task", job, ctx.action.name, ctx.seconds(2.0), "BackupStatus", "Uploading", None,
             on_done=finish)
    return {"BackupJobId": job}


@action(P, "DescribeBackupTasks", required=("DBInstanceId",))
def describe_backup_tasks(ctx):
    db = _db(ctx)
    out = []
    for t in ctx.state.all("rds_task"):
        if t["DBInstanceId"] != db["DBInstanceId"] or not eq(t, "BackupJobId", ctx.get("BackupJobId")):
            continue
        tx = t.get("_tx")
        rec = public(t)
        if tx is not None:
            rec["Process"] = str(min(99, int(tx.progress(ctx.now) * 100)))
        out.append(rec)
    return wrap("Items", "BackupJob", out)

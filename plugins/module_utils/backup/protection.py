# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The protection table: which resources are protected by which backup jobs or policies, how fresh
their newest good restore point is, how much history is kept, and how every job runs.  Pure.

Each platform is first reduced to one neutral model (zstack_model / apsara_model):

  subject  one row of the table: {ref, facts, policies: [policy uuid], jobs: [job uuid],
           points: [{when, good, record}], policy_kept_days}
           `points` are restore points: backup/snapshot records (record=True) and successful runs of
           a job that protects the subject (record=False: a VM backup leaves no volume-backup record
           the API lists, its run is the evidence).  RPO counts both; retention counts records only,
           or the policy's own retention where the API lists a window only (RDS backups).
  job      {uuid, name, policy, target, runs: [(when, success)], interval_hours, created, enabled}
  policy   the contract's policy row

A VM's (instance's) row stands for the VM and its root (system) volume; data volumes (disks) have
rows of their own.  Jobs protecting a whole VM (vmBackup) protect its data volumes too.
"""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.requirements import facts, rule_for, split_tag
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import (
    disk_ref,
    instance_ref,
    is_true,
    rds_ref,
    tag_pairs,
    weekday_gap_days,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara.backup import _weekdays
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import index_by, names_by_id, parse_date, to_bool
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack.backup import _interval_hours, _job_kind, _run_time
from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import age_days
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none, int_or_none, iso_utc

ROW_KEYS = ("resource", "required", "rule", "policies", "last_success", "rpo_hours", "age_hours", "retention_days",
            "retained", "status")
PROTECTED = ("ok", "stale", "failing")

# ZStack scheduler job classes (suffix of jobClassName) that protect data, and what they make.
ZSTACK_JOB_KINDS = {
    "CreateVolumeSnapshotJob": "snapshot",
    "CreateVolumeSnapshotGroupJob": "snapshot",
    "CreateVolumeBackupJob": "backup",
    "CreateRootVolumeBackupJob": "backup",
    "CreateVmBackupJob": "backup",
}


# -- dates ----------------------------------------------------------------------------------------

def hours_since(when, now):
    age = age_days(when, now)
    return None if age is None else round(age * 24.0, 1)


# -- job health -----------------------------------------------------------------------------------

def allowed_hours(interval_hours, thresholds):
    """How long a job may go without a run: daily (or unknown) schedules get daily_max_hours, others
    interval_factor times their interval."""
    if interval_hours is None or interval_hours == 24:
        return float(thresholds["daily_max_hours"])
    return round(float(thresholds["interval_factor"]) * interval_hours, 1)


def job_health(job, now, thresholds):
    """Last run, its result, failures in a row (newest first) and whether the job stopped running."""
    runs = sorted((r for r in job["runs"] if r[0] is not None), key=lambda r: r[0], reverse=True)
    failures = 0
    for _when, success in runs:
        if success:
            break
        failures += 1
    allowed = allowed_hours(job.get("interval_hours"), thresholds)
    last = runs[0][0] if runs else None
    since = hours_since(last if last is not None else job.get("created"), now)
    stale = bool(job.get("enabled", True)) and since is not None and since > allowed
    return {"uuid": job["uuid"], "name": job["name"], "policy": job["policy"], "target": job["target"],
            "last_run": iso_utc(last), "success": runs[0][1] if runs else None, "consecutive_failures": failures,
            "stale": stale, "hours_since": since, "allowed_hours": allowed, "enabled": bool(job.get("enabled", True))}


# -- rows -----------------------------------------------------------------------------------------

def protection_row(subject, rule, jobs_by_uuid, policy_names, now):
    """One row of the protection table (contract keys plus kept_days and failing_jobs for the checks)."""
    good = sorted((p["when"] for p in subject["points"] if p["good"] and p["when"] is not None), reverse=True)
    records = [p["when"] for p in subject["points"] if p["good"] and p["record"] and p["when"] is not None]
    last = good[0] if good else None
    age = hours_since(last, now)
    kept = subject.get("policy_kept_days")
    if kept is None:
        kept = round(max(age_days(w, now) for w in records), 1) if records else 0.0
    elif not good:
        kept = 0.0
    failing = [jobs_by_uuid[u]["name"] for u in subject["jobs"] if u in jobs_by_uuid and jobs_by_uuid[u]["success"] is False]
    if rule is None:
        status = "not_required"
    elif not subject["policies"]:
        status = "unprotected"
    elif failing:
        status = "failing"
    elif age is None or age > rule["rpo_hours"] or any(jobs_by_uuid[u]["stale"] for u in subject["jobs"] if u in jobs_by_uuid):
        status = "stale"
    else:
        status = "ok"
    return {"resource": subject["ref"], "required": rule is not None, "rule": rule["name"] if rule else None,
            "policies": [policy_names.get(u, u) for u in subject["policies"]], "last_success": iso_utc(last),
            "rpo_hours": rule["rpo_hours"] if rule else None, "age_hours": age,
            "retention_days": rule["retention_days"] if rule else None, "retained": len(records),
            "status": status, "kept_days": kept, "failing_jobs": failing}


def coverage(rows):
    required = [r for r in rows if r["required"]]
    protected = [r for r in required if r["status"] in PROTECTED]
    pct = round(100.0 * len(protected) / len(required), 1) if required else 100.0
    return {"required": len(required), "protected": len(protected), "pct": pct}


def build(model, rules, now, thresholds):
    """(rows, policies, jobs) from a platform model and the parsed rules."""
    jobs = [job_health(job, now, thresholds) for job in model["jobs"]]
    jobs_by_uuid = dict((j["uuid"], j) for j in jobs)
    last_by_policy = {}
    for job in jobs:
        if job["last_run"] and (job["policy"] not in last_by_policy or job["last_run"] > last_by_policy[job["policy"]]["last_run"]):
            last_by_policy[job["policy"]] = job
    policies = []
    for policy in model["policies"]:
        last = last_by_policy.get(policy["uuid"])
        policies.append(dict(policy, last_run=last["last_run"] if last else None,
                             last_result=None if last is None else ("success" if last["success"] else "failed")))
    names = dict((p["uuid"], p["name"]) for p in model["policies"])
    rows = [protection_row(s, rule_for(rules, s["facts"]), jobs_by_uuid, names, now) for s in model["subjects"]]
    return rows, policies, jobs


def public_row(row):
    return dict((k, row[k]) for k in ROW_KEYS)


def public_job(job):
    return dict((k, job[k]) for k in ("uuid", "name", "policy", "target", "last_run", "success", "consecutive_failures", "stale"))


def _subject(resource, fact):
    return {"ref": resource, "facts": fact, "policies": [], "jobs": [], "points": [], "policy_kept_days": None}


def _link(subject, policy_uuid, job_uuid):
    if policy_uuid not in subject["policies"]:
        subject["policies"].append(policy_uuid)
    if job_uuid not in subject["jobs"]:
        subject["jobs"].append(job_uuid)


# -- ZStack ---------------------------------------------------------------------------------------

def zstack_tags(user_tags):
    """{resourceUuid: {key: value}} from user tags ("env::prod" or "env=prod"; a bare tag has value "")."""
    result = {}
    for tag in user_tags or []:
        key, value = split_tag(tag.get("tag") or "")
        if key:
            result.setdefault(tag.get("resourceUuid"), {})[key] = value or ""
    return result


def cron_interval_hours(expression):
    """Quartz cron "s m h dom mon dow" -> 24 (daily) or 1 (hourly); None when it is anything else."""
    fields = str(expression or "").split()
    if len(fields) < 6 or fields[3] not in ("*", "?") or fields[4] != "*" or fields[5] not in ("*", "?"):
        return None
    if fields[2].isdigit():
        return 24.0
    if fields[2] == "*" and fields[1].isdigit():
        return 1.0
    return None


def _zstack_interval(job, triggers):
    interval = _interval_hours(job, triggers)
    if interval is not None:
        return interval
    crons = [cron_interval_hours(triggers.get(t, {}).get("cron")) for t in job.get("triggersUuid") or []]
    crons = [c for c in crons if c is not None]
    return min(crons) if crons else None


def _zstack_schedule(job, triggers):
    parts = []
    for trigger_uuid in job.get("triggersUuid") or []:
        trigger = triggers.get(trigger_uuid) or {}
        if trigger.get("schedulerType") == "cron":
            parts.append("cron %s" % trigger.get("cron"))
        elif float_or_none(trigger.get("schedulerInterval")):
            parts.append("every %g h" % (float_or_none(trigger.get("schedulerInterval")) / 3600.0))
    return "; ".join(parts) or "no trigger"


def _zstack_retention(job):
    try:
        job_data = json.loads(job.get("jobData") or "{}")
    except ValueError:
        job_data = {}
    value = job_data.get("retentionValue") or job_data.get("snapshotMaxNumber")
    if value in (None, ""):
        return "-"
    return "%s %s" % (value, str(job_data.get("retentionType") or "copies").lower())


def zstack_model(data, ctx):
    """The neutral model from the ZStack datasets (vms, volumes, clusters, user_tags, snapshots,
    volume_backups, scheduler_jobs, scheduler_triggers, scheduler_history)."""
    clusters = names_by_id(data["clusters"])
    tags = zstack_tags(data.get("user_tags"))
    subjects, by_uuid, owner_of = [], {}, {}
    vms = [vm for vm in data["vms"] if vm.get("type", "UserVm") == "UserVm"]
    for vm in vms:
        subject = _subject(ref("vm", vm), facts(vm.get("name"), tags.get(vm.get("uuid")), [clusters.get(vm.get("clusterUuid"))]))
        subjects.append(subject)
        by_uuid[vm.get("uuid")] = subject
        if vm.get("rootVolumeUuid"):
            owner_of[vm["rootVolumeUuid"]] = subject
    vm_by_uuid = index_by(vms)
    data_volumes_of = {}
    for volume in data["volumes"]:
        if volume.get("status") == "Deleted" or volume.get("uuid") in owner_of or volume.get("type") == "Root":
            continue
        vm = vm_by_uuid.get(volume.get("vmInstanceUuid")) or {}
        vm_fact = by_uuid[vm["uuid"]]["facts"] if vm else facts("")
        merged = dict(vm_fact["tags"])
        merged.update(tags.get(volume.get("uuid"), {}))
        subject = _subject(ref("volume", volume), facts(volume.get("name"), merged, vm_fact["groups"], vm.get("name")))
        subjects.append(subject)
        by_uuid[volume.get("uuid")] = subject
        owner_of[volume.get("uuid")] = subject
        if vm:
            data_volumes_of.setdefault(vm["uuid"], []).append(subject)
    for dataset in ("snapshots", "volume_backups"):
        for item in data[dataset]:
            subject = owner_of.get(item.get("volumeUuid"))
            if subject is not None:
                subject["points"].append({"when": parse_date(item.get("createDate"), ctx), "good": item.get("status") == "Ready",
                                          "record": True})
    triggers = index_by(data["scheduler_triggers"])
    runs = {}
    for entry in data["scheduler_history"]:
        runs.setdefault(entry.get("schedulerJobUuid"), []).append((parse_date(_run_time(entry), ctx), to_bool(entry.get("success"))))
    jobs, policies = [], []
    for job in data["scheduler_jobs"]:
        kind = ZSTACK_JOB_KINDS.get(_job_kind(job))
        if kind is None:
            continue
        target = job.get("targetResourceUuid")
        covered = [s for s in [by_uuid.get(target) or owner_of.get(target)] if s is not None]
        if target in by_uuid and covered[0]["ref"]["type"] == "vm" and _job_kind(job) == "CreateVmBackupJob":
            covered.extend(data_volumes_of.get(target, []))
        target_ref = covered[0]["ref"] if covered else {"type": "resource", "uuid": target or "-", "name": target or "-"}
        job_runs = runs.get(job.get("uuid"), [])
        for subject in covered:
            _link(subject, job["uuid"], job["uuid"])
            subject["points"].extend({"when": when, "good": True, "record": False} for when, success in job_runs if success)
        enabled = job.get("state") != "Disabled"
        jobs.append({"uuid": job["uuid"], "name": job.get("name") or job["uuid"], "policy": job["uuid"], "target": target_ref,
                     "runs": job_runs, "interval_hours": _zstack_interval(job, triggers),
                     "created": parse_date(job.get("createDate"), ctx), "enabled": enabled})
        policies.append({"uuid": job["uuid"], "name": job.get("name") or job["uuid"], "kind": kind,
                         "schedule": _zstack_schedule(job, triggers), "retention": _zstack_retention(job),
                         "targets": len(covered), "state": job.get("state") or "-"})
    return {"subjects": subjects, "jobs": jobs, "policies": policies, "groups": sorted(set(clusters.values()))}


# -- Apsara ---------------------------------------------------------------------------------------

def group_names(resource_groups):
    """{any spelling of a resource group's id: set(names it can be matched by)} from ASCM ListResourceGroup."""
    result = {}
    for group in resource_groups or []:
        names = set(str(v) for v in (group.get("resourceGroupName"), group.get("rsId")) if v)
        for key in (group.get("id"), group.get("rsId")):
            if key not in (None, ""):
                result[str(key)] = names
    return result


def _groups_of(item, groups):
    return groups.get(str(item.get("ResourceGroupId") or ""), set())


def _asp_row(policy):
    weekdays = ",".join(_weekdays(policy)) or "-"
    points = policy.get("TimePoints")
    return {"uuid": policy.get("AutoSnapshotPolicyId"), "name": policy.get("AutoSnapshotPolicyName") or policy.get("AutoSnapshotPolicyId"),
            "kind": "snapshot", "schedule": "weekdays %s at %s h" % (weekdays, ",".join(str(p) for p in _weekdays({"RepeatWeekdays": points})) or "-"),
            "retention": "forever" if int_or_none(policy.get("RetentionDays")) == -1 else "%s days" % policy.get("RetentionDays"),
            "targets": 0, "state": policy.get("Status") or "Normal"}


def apsara_model(data, ctx):
    """The neutral model from the Apsara datasets (instances, disks, snapshots, auto_snapshot_policies,
    rds_instances, rds_backups, rds_backup_policies, resource_groups)."""
    groups = group_names(data["resource_groups"])
    subjects, disk_subject = [], {}
    instances = {}
    for instance in data["instances"]:
        subject = _subject(instance_ref(instance), facts(instance.get("InstanceName"), tag_pairs(instance), _groups_of(instance, groups)))
        subjects.append(subject)
        instances[instance.get("InstanceId")] = subject
    for disk in data["disks"]:
        owner = instances.get(disk.get("InstanceId"))
        if owner is not None and disk.get("Type") == "system":
            disk_subject[disk.get("DiskId")] = owner
            continue
        merged = dict(owner["facts"]["tags"]) if owner else {}
        merged.update(tag_pairs(disk))
        owner_name = owner["ref"]["name"] if owner else None
        subject = _subject(disk_ref(disk), facts(disk.get("DiskName"), merged, _groups_of(disk, groups), owner_name))
        subjects.append(subject)
        disk_subject[disk.get("DiskId")] = subject
    policies = dict((p.get("AutoSnapshotPolicyId"), _asp_row(p)) for p in data["auto_snapshot_policies"])
    policy_items = index_by(data["auto_snapshot_policies"], "AutoSnapshotPolicyId")
    runs = {}
    for snapshot in data["snapshots"]:
        subject = disk_subject.get(snapshot.get("SourceDiskId"))
        when = parse_date(snapshot.get("CreationTime"), ctx)
        status = snapshot.get("Status")
        if subject is not None and status != "progressing":
            subject["points"].append({"when": when, "good": status == "accomplished", "record": True})
        if snapshot.get("SnapshotType", "auto") == "auto" and status in ("accomplished", "failed"):
            runs.setdefault(snapshot.get("SourceDiskId"), []).append((when, status == "accomplished"))
    jobs = []
    for disk in data["disks"]:
        policy_id = disk.get("AutoSnapshotPolicyId")
        if not policy_id or not is_true(disk.get("EnableAutoSnapshot", True)):
            continue
        policy = policies.setdefault(policy_id, {"uuid": policy_id, "name": policy_id, "kind": "snapshot", "schedule": "-",
                                                 "retention": "-", "targets": 0, "state": "unknown"})
        policy["targets"] += 1
        uuid = "%s/%s" % (policy_id, disk.get("DiskId"))
        _link(disk_subject[disk.get("DiskId")], policy_id, uuid)
        gap = weekday_gap_days(_weekdays(policy_items.get(policy_id, {})))
        jobs.append({"uuid": uuid, "name": "%s: %s" % (policy["name"], disk.get("DiskName") or disk.get("DiskId")), "policy": policy_id,
                     "target": disk_ref(disk), "runs": runs.get(disk.get("DiskId"), []), "interval_hours": 24.0 * gap if gap else None,
                     "created": parse_date(disk.get("AttachedTime") or disk.get("CreationTime"), ctx), "enabled": policy["state"] == "Normal"})
    policy_rows = list(policies.values())
    for instance in data["rds_instances"]:
        db_id = instance.get("DBInstanceId")
        subject = _subject(rds_ref(instance), facts(instance.get("DBInstanceDescription"), tag_pairs(instance), _groups_of(instance, groups)))
        subjects.append(subject)
        backup_runs = []
        for backup in data["rds_backups"].get(db_id) or []:
            when = parse_date(backup.get("BackupEndTime") or backup.get("BackupStartTime"), ctx)
            if backup.get("BackupStatus") in ("Success", "Failed"):
                backup_runs.append((when, backup.get("BackupStatus") == "Success"))
                subject["points"].append({"when": when, "good": backup.get("BackupStatus") == "Success", "record": True})
        policy = data["rds_backup_policies"].get(db_id)
        if not policy:
            continue
        uuid = "%s/backup-policy" % db_id
        _link(subject, uuid, uuid)
        subject["policy_kept_days"] = float_or_none(policy.get("BackupRetentionPeriod")) or 0.0
        period = policy.get("PreferredBackupPeriod") or ""
        gap = weekday_gap_days(_rds_weekdays(period))
        policy_rows.append({"uuid": uuid, "name": "%s backup policy" % (instance.get("DBInstanceDescription") or db_id), "kind": "rds_backup",
                            "schedule": "%s %s" % (period or "-", policy.get("PreferredBackupTime") or ""),
                            "retention": "%s days" % policy.get("BackupRetentionPeriod"), "targets": 1, "state": "Enabled"})
        jobs.append({"uuid": uuid, "name": "%s backup" % (instance.get("DBInstanceDescription") or db_id), "policy": uuid,
                     "target": subject["ref"], "runs": backup_runs, "interval_hours": 24.0 * gap if gap else None,
                     "created": parse_date(instance.get("CreateTime") or instance.get("CreationTime"), ctx), "enabled": True})
    all_groups = set()
    for names in groups.values():
        all_groups.update(names)
    return {"subjects": subjects, "jobs": jobs, "policies": policy_rows, "groups": sorted(all_groups)}


_DAYS = {"Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6, "Sunday": 7}


def _rds_weekdays(period):
    """RDS PreferredBackupPeriod ("Monday,Wednesday") -> ["1", "3"]."""
    return [str(_DAYS[d.strip()]) for d in str(period).split(",") if d.strip() in _DAYS]

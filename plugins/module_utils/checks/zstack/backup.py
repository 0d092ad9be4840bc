# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack backup checks: scheduled backup jobs, their history, volume backups, coverage."""

from __future__ import annotations

import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_days, age_hours, index_by, parse_date, to_bool
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack._common import vm_volumes
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none

_UUID = re.compile(r"[0-9a-f]{32}")


def _is_backup_job(job):
    return "backup" in str(job.get("jobClassName") or "").lower()


def _job_kind(job):
    return str(job.get("jobClassName") or "").rsplit(".", 1)[-1]


def _run_time(entry):
    return entry.get("startTime") or entry.get("executeTime")


def _latest_runs(history, ctx):
    """{schedulerJobUuid: newest history entry}."""
    latest = {}
    for entry in history:
        job_uuid = entry.get("schedulerJobUuid")
        when = parse_date(_run_time(entry), ctx)
        if not job_uuid or when is None:
            continue
        current = latest.get(job_uuid)
        if current is None or when > current[0]:
            latest[job_uuid] = (when, entry)
    return dict((uuid, pair[1]) for uuid, pair in latest.items())


def backup_job_last_failed(data, thresholds, ctx):
    latest = _latest_runs(data["scheduler_history"], ctx)
    for job in data["scheduler_jobs"]:
        entry = latest.get(job.get("uuid"))
        if not _is_backup_job(job) or entry is None:
            continue
        result = str(entry.get("resultDump") or "")[:200]
        yield Outcome(ref("scheduler_job", job), to_bool(entry.get("success")),
                      {"job_type": _job_kind(job), "last_run": _run_time(entry), "result": result or "-",
                       "target_uuid": job.get("targetResourceUuid")})


def _interval_hours(job, triggers):
    """Longest simple-trigger interval of the job in hours (cron triggers: None)."""
    hours = []
    for trigger_uuid in job.get("triggersUuid") or []:
        trigger = triggers.get(trigger_uuid) or {}
        seconds = float_or_none(trigger.get("schedulerInterval"))
        if trigger.get("schedulerType") == "simple" and seconds:
            hours.append(seconds / 3600.0)
    return max(hours) if hours else None


def backup_job_stale(data, thresholds, ctx):
    latest = _latest_runs(data["scheduler_history"], ctx)
    triggers = index_by(data["scheduler_triggers"])
    for job in data["scheduler_jobs"]:
        if not _is_backup_job(job) or job.get("state") != "Enabled":
            continue
        interval = _interval_hours(job, triggers)
        allowed = thresholds["max_hours"]
        if interval is not None:
            allowed = max(allowed, round(2 * interval, 1))
        entry = latest.get(job.get("uuid"))
        last_run = _run_time(entry) if entry else None
        since = age_hours(last_run, ctx) if entry else None
        if entry is None:
            created = age_hours(job.get("createDate"), ctx)
            passed = created is not None and created <= allowed
        else:
            passed = since is not None and since <= allowed
        yield Outcome(ref("scheduler_job", job), passed,
                      {"job_type": _job_kind(job), "last_run": last_run or "never", "hours_since": since,
                       "allowed_hours": allowed, "max_hours": thresholds["max_hours"]})


def backup_job_disabled(data, thresholds, ctx):
    for job in data["scheduler_jobs"]:
        if _is_backup_job(job):
            yield Outcome(ref("scheduler_job", job), job.get("state") != "Disabled",
                          {"job_type": _job_kind(job), "state": job.get("state"),
                           "target_uuid": job.get("targetResourceUuid")})


def volume_backup_failed(data, thresholds, ctx):
    for backup in data["volume_backups"]:
        age = age_days(backup.get("createDate"), ctx)
        if age is not None and age > thresholds["lookback_days"]:
            continue
        yield Outcome(ref("volume_backup", backup), backup.get("status") in thresholds["ok_statuses"],
                      {"status": backup.get("status"), "volume_uuid": backup.get("volumeUuid"),
                       "created": backup.get("createDate"), "lookback_days": thresholds["lookback_days"]})


def vm_without_backup_job(data, thresholds, ctx):
    targets = set()
    for job in data["scheduler_jobs"]:
        if _is_backup_job(job) and job.get("state") == "Enabled":
            targets.add(job.get("targetResourceUuid"))
            # Job groups and VM backups name their volumes inside jobData: collect every uuid there.
            targets.update(_UUID.findall(str(job.get("jobData") or "")))
    for vm in data["vms"]:
        if vm.get("state") != "Running":
            continue
        uuids = [vm.get("uuid")] + [v.get("uuid") for v in vm_volumes(vm, data, ctx) if v.get("uuid")]
        covered = [u for u in uuids if u in targets]
        yield Outcome(ref("vm", vm), bool(covered),
                      {"volumes": len(uuids) - 1, "protected_resources": len(covered)})


CHECKS = [
    Check(
        id="zstack_backup_job_last_failed",
        platform="zstack",
        pillar="backup",
        severity="critical",
        resource_type="scheduler_job",
        requires=("scheduler_jobs", "scheduler_history"),
        title=bilingual("Last run of a scheduled backup failed", "最后一次定时备份任务执行失败"),
        message=bilingual("Backup job {name} ({job_type}) failed on its last run at {last_run}: {result}",
                          "备份任务 {name}（{job_type}）最近一次执行（{last_run}）失败：{result}"),
        remediation=bilingual(
            "Read the failure in the job history (Backup Service > Scheduled Jobs > History), fix the cause (backup "
            "storage full or disconnected, VM or volume state, agent timeout), then run the backup manually once and "
            "confirm it succeeds. Until then the protected data has no fresh restore point.",
            "在「灾备服务 > 定时任务 > 执行历史」查看失败原因，处理后（备份服务器满或失联、云主机/云盘状态异常、agent 超时等）"
            "手动执行一次备份并确认成功。在此之前该数据没有新的可恢复点。"),
        func=backup_job_last_failed,
    ),
    Check(
        id="zstack_backup_job_stale",
        platform="zstack",
        pillar="backup",
        severity="high",
        resource_type="scheduler_job",
        requires=("scheduler_jobs", "scheduler_history", "scheduler_triggers"),
        title=bilingual("Scheduled backup has not run recently", "定时备份任务长时间未执行"),
        message=bilingual("Backup job {name} ({job_type}) last ran {last_run} ({hours_since} h ago, allowed {allowed_hours} h).",
                          "备份任务 {name}（{job_type}）最近执行时间 {last_run}（{hours_since} 小时前，允许 {allowed_hours} 小时）。"),
        remediation=bilingual(
            "The job is enabled but its trigger has not fired. Check the trigger's start/stop time and repeat count, "
            "that the management node was up at the scheduled time, and re-create the trigger if it has expired.",
            "任务已启用但触发器未触发。请检查触发器的开始/结束时间和重复次数，确认计划时间点管理节点正常运行；触发器已过期的请重新创建。"),
        thresholds={"max_hours": 26},
        func=backup_job_stale,
    ),
    Check(
        id="zstack_backup_job_disabled",
        platform="zstack",
        pillar="backup",
        severity="medium",
        resource_type="scheduler_job",
        requires=("scheduler_jobs",),
        title=bilingual("Scheduled backup job is disabled", "定时备份任务已停用"),
        message=bilingual("Backup job {name} ({job_type}) for {target_uuid} is {state}.",
                          "资源 {target_uuid} 的备份任务 {name}（{job_type}）状态为 {state}。"),
        remediation=bilingual(
            "Confirm with the data owner whether the backup was paused on purpose; if not, enable the job again. "
            "Delete jobs for retired resources instead of leaving them disabled.",
            "与数据负责人确认是否有意暂停备份；若非有意，请重新启用该任务。已下线资源的备份任务应删除而不是长期停用。"),
        func=backup_job_disabled,
    ),
    Check(
        id="zstack_volume_backup_failed",
        platform="zstack",
        pillar="backup",
        severity="high",
        resource_type="volume_backup",
        requires=("volume_backups",),
        title=bilingual("Recent volume backup is not usable", "近期云盘备份不可用"),
        message=bilingual("Backup {name} of volume {volume_uuid} (created {created}) has status {status}.",
                          "云盘 {volume_uuid} 的备份 {name}（创建于 {created}）状态为 {status}。"),
        remediation=bilingual(
            "Delete the broken backup, check the backup storage capacity and connectivity, and take a new backup of "
            "the volume; verify it by restoring to a test VM.",
            "删除异常备份，检查备份服务器容量与连通性后重新备份该云盘，并通过恢复到测试云主机验证备份有效。"),
        thresholds={"lookback_days": 7, "ok_statuses": ["Ready", "Creating"]},
        func=volume_backup_failed,
    ),
    Check(
        id="zstack_vm_without_backup_job",
        platform="zstack",
        pillar="backup",
        severity="medium",
        resource_type="vm",
        requires=("vms", "scheduler_jobs"),
        title=bilingual("Running VM has no scheduled backup", "运行中的云主机未配置定时备份"),
        message=bilingual("VM {name} and its {volumes} data/root volumes are not targeted by any enabled backup job.",
                          "云主机 {name} 及其 {volumes} 块云盘均未被任何已启用的备份任务覆盖。"),
        remediation=bilingual(
            "Agree the RPO with the owner and create a scheduled VM or volume backup to backup storage (Backup "
            "Service > Backup Jobs); snapshots on the same primary storage are not a backup.",
            "与业务负责人确认 RPO，在「灾备服务 > 备份任务」为其创建云主机或云盘定时备份到备份服务器；同一主存储上的快照不能替代备份。"),
        func=vm_without_backup_job,
    ),
]

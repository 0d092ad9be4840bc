# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack ApsaraDB RDS checks: instance state and locks, subscription expiry, backups and backup policy."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import NEVER, is_true, rds_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_hours, expiry_outcome, parse_date
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import int_or_none


def _engine(instance):
    return ("%s %s" % (instance.get("Engine") or "", instance.get("EngineVersion") or "")).strip() or "-"


def _sorted_backups(backups, ctx):
    """Backups newest first (by start time; unparsable times last)."""
    dated = []
    for backup in backups or []:
        when = parse_date(backup.get("BackupStartTime") or backup.get("BackupEndTime"), ctx)
        if when is not None:
            dated.append((when, backup))
    return [backup for _when, backup in sorted(dated, key=lambda pair: pair[0], reverse=True)]


def rds_not_running(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        status = instance.get("DBInstanceStatus")
        yield Outcome(rds_ref(instance), status == "Running", {"status": status, "engine": _engine(instance)})


def rds_locked(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        mode = instance.get("LockMode") or "Unlock"
        yield Outcome(rds_ref(instance), mode == "Unlock",
                      {"lock_mode": mode, "lock_reason": instance.get("LockReason") or "-", "engine": _engine(instance)})


def rds_expiring(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        if str(instance.get("PayType") or "").lower() != "prepaid":
            continue
        outcome = expiry_outcome(rds_ref(instance), instance.get("ExpireTime"), None, thresholds, ctx,
                                 {"engine": _engine(instance)})
        if outcome is not None:
            yield outcome


def rds_backup_last_failed(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        backups = _sorted_backups(data["rds_backups"].get(instance.get("DBInstanceId")), ctx)
        if not backups:
            continue
        latest = backups[0]
        yield Outcome(rds_ref(instance), latest.get("BackupStatus") != "Failed",
                      {"backup_id": latest.get("BackupId"), "started": latest.get("BackupStartTime"),
                       "status": latest.get("BackupStatus"), "mode": latest.get("BackupMode") or "-",
                       "backup_type": latest.get("BackupType") or "-"})


def rds_backup_stale(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        backups = _sorted_backups(data["rds_backups"].get(instance.get("DBInstanceId")), ctx)
        good = [b for b in backups if b.get("BackupStatus") == "Success"]
        if good:
            last = good[0].get("BackupEndTime") or good[0].get("BackupStartTime")
            hours = age_hours(last, ctx)
            passed = hours is not None and hours <= thresholds["max_hours"]
        else:
            last, hours = NEVER, None
            created = age_hours(instance.get("CreateTime") or instance.get("CreationTime"), ctx)
            passed = created is not None and created <= thresholds["max_hours"]
        yield Outcome(rds_ref(instance), passed,
                      {"last_success": last, "hours_since": hours, "max_hours": thresholds["max_hours"],
                       "failed_recent": len(backups) - len(good)})


def rds_backup_retention_short(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        policy = data["rds_backup_policies"].get(instance.get("DBInstanceId"))
        if not policy:
            continue
        days = int_or_none(policy.get("BackupRetentionPeriod"))
        yield Outcome(rds_ref(instance), days is not None and days >= thresholds["min_days"],
                      {"retention_days": days, "min_days": thresholds["min_days"],
                       "backup_period": policy.get("PreferredBackupPeriod") or "-"})


def rds_log_backup_disabled(data, thresholds, ctx):
    for instance in data["rds_instances"]:
        policy = data["rds_backup_policies"].get(instance.get("DBInstanceId"))
        if not policy:
            continue
        value = policy.get("EnableBackupLog", policy.get("BackupLog"))
        yield Outcome(rds_ref(instance), is_true(value),
                      {"enable_backup_log": value if value not in (None, "") else "-", "engine": _engine(instance)})


CHECKS = [
    Check(
        id="apsara_rds_not_running",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="rds_instance",
        requires=("rds_instances",),
        title=bilingual("RDS instance is not Running", "RDS 实例未处于运行中状态"),
        message=bilingual("RDS instance {name} ({uuid}, {engine}) is {status}.",
                          "RDS 实例 {name}（{uuid}，{engine}）当前状态为 {status}。"),
        remediation=bilingual(
            "Check the instance's task list and event log in the RDS console. Short states (Rebooting, "
            "DBInstanceClassChanging) should clear within the maintenance window; anything that lasts, or an instance "
            "that is stopped or in error, needs an Apsara Stack support ticket and a word with the application owner.",
            "在 RDS 控制台查看实例任务列表和事件日志。重启中、规格变更中等短暂状态应在运维窗口内恢复；持续异常、已停止或故障状态的实例请"
            "提交专有云工单并通知业务负责人。"),
        func=rds_not_running,
    ),
    Check(
        id="apsara_rds_locked",
        platform="apsara",
        pillar="availability",
        severity="critical",
        resource_type="rds_instance",
        requires=("rds_instances",),
        title=bilingual("RDS instance is locked", "RDS 实例被锁定"),
        message=bilingual("RDS instance {name} ({engine}) is locked: {lock_mode} ({lock_reason}).",
                          "RDS 实例 {name}（{engine}）已被锁定：{lock_mode}（{lock_reason}）。"),
        remediation=bilingual(
            "LockByDiskQuota means the storage is full and the instance is read-only: expand the storage or purge "
            "data/binlogs at once. LockByExpiration means the subscription expired: renew it. ManualLock is set by the "
            "operator: ask why before anything else.",
            "LockByDiskQuota 表示存储空间已满、实例只读：请立即扩容存储或清理数据/Binlog。LockByExpiration 表示包年包月已到期：请续费。"
            "ManualLock 为运营方手动锁定：请先向运营方确认原因。"),
        func=rds_locked,
    ),
    Check(
        id="apsara_rds_expiring",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="rds_instance",
        requires=("rds_instances",),
        title=bilingual("Subscription RDS instance expired or about to expire", "包年包月 RDS 实例已到期或即将到期"),
        message=bilingual("Subscription RDS instance {name} ({engine}) expires on {expired_date} ({days_left} days left; urgent "
                          "below {urgent_days}, warning below {warning_days}).",
                          "包年包月 RDS 实例 {name}（{engine}）到期时间 {expired_date}（剩余 {days_left} 天；少于 {urgent_days} 天为紧急，"
                          "少于 {warning_days} 天为预警）。"),
        remediation=bilingual(
            "Renew the instance (RDS console > Renew, or enable auto-renewal). An expired database is locked and stops "
            "serving the application, and is released with its backups after the retention period.",
            "请及时续费（RDS 控制台 > 续费，或开启自动续费）。数据库到期后会被锁定、业务中断，超过保留期后连同备份一起被释放。"),
        thresholds={"urgent_days": 15, "warning_days": 30},
        func=rds_expiring,
    ),
    Check(
        id="apsara_rds_backup_last_failed",
        platform="apsara",
        pillar="backup",
        severity="critical",
        resource_type="rds_instance",
        requires=("rds_instances", "rds_backups"),
        title=bilingual("Latest RDS backup failed", "RDS 最近一次备份失败"),
        message=bilingual("The latest backup {backup_id} of RDS instance {name} ({mode} {backup_type}, started {started}) is {status}.",
                          "RDS 实例 {name} 最近一次备份 {backup_id}（{mode} {backup_type}，开始于 {started}）状态为 {status}。"),
        remediation=bilingual(
            "Read the failure in RDS console > Backup and Restoration > Backup Tasks, fix the cause (storage full, "
            "long-running transaction or DDL lock, instance not Running), then start a manual backup (CreateBackup) and "
            "confirm it succeeds. Until then the database has no fresh restore point.",
            "在「RDS 控制台 > 备份恢复 > 备份任务」查看失败原因，处理后（存储空间满、长事务或 DDL 锁、实例状态异常等）手动发起一次备份"
            "（CreateBackup）并确认成功。在此之前数据库没有新的恢复点。"),
        func=rds_backup_last_failed,
    ),
    Check(
        id="apsara_rds_backup_stale",
        platform="apsara",
        pillar="backup",
        severity="high",
        resource_type="rds_instance",
        requires=("rds_instances", "rds_backups"),
        title=bilingual("RDS instance has no successful backup within the RPO", "RDS 实例在 RPO 内没有成功的备份"),
        message=bilingual("RDS instance {name} last backed up successfully at {last_success} ({hours_since} h ago, RPO {max_hours} h; "
                          "{failed_recent} unsuccessful backup(s) in the period).",
                          "RDS 实例 {name} 最近一次成功备份时间为 {last_success}（{hours_since} 小时前，RPO {max_hours} 小时；"
                          "期间有 {failed_recent} 次未成功备份）。"),
        remediation=bilingual(
            "Check the backup policy's backup days and window (DescribeBackupPolicy) against the agreed RPO, look for "
            "failed or skipped backups in the task list, and take a manual backup now; set the policy to back up daily "
            "if the RPO is a day.",
            "对照约定的 RPO 检查备份策略的备份周期与时间窗口（DescribeBackupPolicy），在备份任务中查找失败或跳过的备份，并立即手动备份一次；"
            "RPO 为一天的实例请将备份周期设置为每天。"),
        thresholds={"max_hours": 26},
        func=rds_backup_stale,
    ),
    Check(
        id="apsara_rds_backup_retention_short",
        platform="apsara",
        pillar="backup",
        severity="medium",
        resource_type="rds_instance",
        requires=("rds_instances", "rds_backup_policies"),
        title=bilingual("RDS backup retention is too short", "RDS 备份保留天数过短"),
        message=bilingual("RDS instance {name} keeps data backups for {retention_days} days (minimum {min_days}; backup days {backup_period}).",
                          "RDS 实例 {name} 的数据备份保留 {retention_days} 天（最少 {min_days} 天；备份周期 {backup_period}）。"),
        remediation=bilingual(
            "Raise the data backup retention to at least 7 days (ModifyBackupPolicy BackupRetentionPeriod), longer where "
            "audit or the business requires it, so a logical error found days later can still be restored.",
            "请将数据备份保留天数提高到至少 7 天（ModifyBackupPolicy BackupRetentionPeriod），审计或业务有要求的更长，确保几天后才发现的"
            "逻辑错误仍可恢复。"),
        thresholds={"min_days": 7},
        func=rds_backup_retention_short,
    ),
    Check(
        id="apsara_rds_log_backup_disabled",
        platform="apsara",
        pillar="backup",
        severity="medium",
        resource_type="rds_instance",
        requires=("rds_instances", "rds_backup_policies"),
        title=bilingual("RDS log backup is disabled", "RDS 日志备份未开启"),
        message=bilingual("RDS instance {name} ({engine}) has log backup disabled (EnableBackupLog {enable_backup_log}).",
                          "RDS 实例 {name}（{engine}）未开启日志备份（EnableBackupLog {enable_backup_log}）。"),
        remediation=bilingual(
            "Enable log backup (ModifyBackupPolicy EnableBackupLog=True). Without it the database can only be restored "
            "to the last full backup, not to a point in time just before an error.",
            "请开启日志备份（ModifyBackupPolicy EnableBackupLog=True）。未开启时只能恢复到最近一次全量备份，无法按时间点恢复到误操作之前。"),
        func=rds_log_backup_disabled,
    ),
]

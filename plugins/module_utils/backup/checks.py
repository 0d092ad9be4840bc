# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup-validation catalogue (pillar backup), one per platform, run by the inspection engine.

Validation checks read two computed datasets, not raw API items: `protection` (rows of
protection.build) and `backup_jobs` (its job health).  Coverage, RPO and retention yield one
outcome per resource a rule requires; job health one per backup job (or policy on a disk).
Ids are `<platform>_backup_*`, distinct from the inspection catalogue's ids.

Restore checks read what a restore-test run produced: `restore_tests` (one row per tested
resource, restore_test.Runner) and `restore_leftovers` (scratch resources of earlier runs).
Ids are `<platform>_restore_*`.  Both groups form one backup catalogue per platform, so one set
of site settings (thresholds, skips, mutes) serves the validation and the restore-test module.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref

NEVER = "never"
DATASETS = ("protection", "backup_jobs")
RESTORE_DATASETS = ("restore_tests", "restore_leftovers")
# Restore-test rows that judged a backup: planned (check mode) and not_run (time budget) rows did not.
JUDGED = ("passed", "failed", "error")

# Platform words for the remediation texts: (en, zh_CN).
_WHERE = {
    "zstack": ("a scheduled VM or volume backup job (Backup Service > Backup Jobs) or a volume snapshot job",
               "定时云主机/云盘备份任务（灾备服务 > 备份任务）或云盘快照任务"),
    "apsara": ("an automatic snapshot policy (ApplyAutoSnapshotPolicy) or, for RDS, a backup policy (ModifyBackupPolicy)",
               "自动快照策略（ApplyAutoSnapshotPolicy），RDS 则为备份策略（ModifyBackupPolicy）"),
}
# What a restore test restores from, per platform: (en, zh_CN) for the titles.
_RESTORED = {
    "zstack": ("a volume backup or snapshot", "云盘备份或快照"),
    "apsara": ("a disk snapshot", "云盘快照"),
}


def required_unprotected(data, thresholds, ctx):
    for row in data["protection"]:
        if row["required"]:
            yield Outcome(row["resource"], row["status"] != "unprotected",
                          {"rule": row["rule"], "rpo_hours": row["rpo_hours"], "policies": ", ".join(row["policies"]) or "-",
                           "resource_type": row["resource"]["type"]})


def _age_text(row):
    """How old the newest good restore point is, in both report languages."""
    if row["age_hours"] is None:
        return "does not exist", "不存在"
    return ("from %s is %s h old" % (row["last_success"], row["age_hours"]),
            "（%s）距今 %s 小时" % (row["last_success"], row["age_hours"]))


def rpo_exceeded(data, thresholds, ctx):
    # An unprotected resource is one finding (required_unprotected), not three.
    for row in data["protection"]:
        if row["required"] and row["status"] != "unprotected":
            age = row["age_hours"]
            age_en, age_zh = _age_text(row)
            yield Outcome(row["resource"], age is not None and age <= row["rpo_hours"],
                          {"rule": row["rule"], "rpo_hours": row["rpo_hours"], "age_hours": age, "age_text": age_en,
                           "age_text_zh": age_zh, "last_success": row["last_success"] or NEVER,
                           "resource_type": row["resource"]["type"]})


def retention_short(data, thresholds, ctx):
    for row in data["protection"]:
        if row["required"] and row["retention_days"] is not None and row["status"] != "unprotected":
            needed = max(0.0, row["retention_days"] - thresholds["slack_days"])
            yield Outcome(row["resource"], row["kept_days"] >= needed,
                          {"rule": row["rule"], "retention_days": row["retention_days"], "kept_days": row["kept_days"],
                           "retained": row["retained"], "resource_type": row["resource"]["type"]})


def job_failed(data, thresholds, ctx):
    for job in data["backup_jobs"]:
        if job["success"] is None:
            continue  # never ran: the stopped-job check judges it
        failures = job["consecutive_failures"]
        severity = "critical" if failures >= thresholds["critical_consecutive_failures"] else None
        yield Outcome(_job_ref(job), job["success"],
                      {"last_run": job["last_run"], "consecutive_failures": failures, "target": job["target"]["name"]},
                      severity=None if job["success"] else severity)


def job_stopped(data, thresholds, ctx):
    for job in data["backup_jobs"]:
        if job["enabled"]:
            yield Outcome(_job_ref(job), not job["stale"],
                          {"last_run": job["last_run"] or NEVER, "hours_since": job["hours_since"],
                           "allowed_hours": job["allowed_hours"], "target": job["target"]["name"]})


def _job_ref(job):
    return {"type": "backup_job", "uuid": job["uuid"], "name": job["name"]}


def _restore_evidence(row):
    """A restore-test row as evidence: what was restored, into what, and what the checks said."""
    backup = row["backup"] or {}
    return {"backup": row["backup"], "scratch": row["scratch"], "checks": row["checks"], "rto_seconds": row["rto_seconds"],
            "cleaned_up": row["cleaned_up"], "original_unchanged": row["original_unchanged"],
            "resource_type": row["source"]["type"], "backup_type": backup.get("type", "backup"),
            "backup_name": backup.get("name") or backup.get("uuid") or "-"}


def restore_failed(data, thresholds, ctx):
    for row in data["restore_tests"]:
        if row["status"] in JUDGED:
            evidence = _restore_evidence(row)
            evidence["reason"] = row["error"] or "verification failed"
            yield Outcome(row["source"], row["status"] == "passed", evidence)


def restore_rto_exceeded(data, thresholds, ctx):
    for row in data["restore_tests"]:
        if row["status"] in JUDGED and row["rto_seconds"] is not None:
            evidence = _restore_evidence(row)
            evidence["max_rto_seconds"] = thresholds["max_rto_seconds"]
            yield Outcome(row["source"], row["rto_seconds"] <= thresholds["max_rto_seconds"], evidence)


def restore_scratch_left(data, thresholds, ctx):
    # A scratch resource of this run (cleanup failed) or of an earlier one (not deleted) still exists.
    for row in data["restore_tests"]:
        scratch = row["scratch"]
        if scratch is not None and (scratch["uuid"] or not row["cleaned_up"]):
            ref = resource_ref(scratch["type"], scratch["uuid"] or scratch["name"], scratch["name"])
            yield Outcome(ref, row["cleaned_up"], {"resource_type": scratch["type"], "origin": "this run",
                                                   "origin_zh": "本次运行", "source": row["source"]["name"]})
    for item in data["restore_leftovers"]:
        yield Outcome(resource_ref(item["type"], item["uuid"], item["name"]), item["cleaned"],
                      {"resource_type": item["type"], "origin": "an earlier, interrupted run", "origin_zh": "此前中断的运行",
                       "created": item.get("created")})


def _maker(platform, group, datasets):
    """The Check constructor of one group of a platform's backup catalogue: ids `<platform>_<group>_<suffix>`, pillar backup."""
    def check(suffix, severity, resource_type, title, message, remediation, func, thresholds=None, requires=datasets):
        return Check(id="%s_%s_%s" % (platform, group, suffix), platform=platform, pillar="backup", severity=severity,
                     resource_type=resource_type, requires=requires, title=title, message=message, remediation=remediation,
                     func=func, thresholds=thresholds)
    return check


def validation_checks(platform):
    """The five backup-validation checks of one platform (the *_backup_validate module)."""
    where_en, where_zh = _WHERE[platform]
    check = _maker(platform, "backup", DATASETS)

    return [
        check("required_unprotected", "high", "resource",
              bilingual("Resource that requires protection has no backup job or policy", "需要保护的资源未配置任何备份任务或策略"),
              bilingual("{resource_type} {name} must be protected by rule {rule} (RPO {rpo_hours} h) but no backup job or policy covers it.",
                        "{resource_type} {name} 按规则 {rule} 需要保护（RPO {rpo_hours} 小时），但没有任何备份任务或策略覆盖它。"),
              bilingual("Protect it with %s that meets the rule's RPO and retention, then confirm a first backup completes." % where_en,
                        "请为其配置满足该规则 RPO 与保留要求的%s，并确认第一次备份成功完成。" % where_zh),
              required_unprotected),
        check("rpo_exceeded", "high", "resource",
              bilingual("Newest good backup or snapshot is older than the RPO", "最新有效备份或快照超出 RPO"),
              bilingual("{resource_type} {name}: the newest good backup or snapshot {age_text}; rule {rule} allows {rpo_hours} h.",
                        "{resource_type} {name}：最新有效备份或快照{age_text_zh}，规则 {rule} 要求不超过 {rpo_hours} 小时。"),
              bilingual("Find why no backup completed in time (failed or stopped job, schedule less frequent than the RPO, storage full), "
                        "take a backup now and align the schedule with the RPO.",
                        "请查明未按时完成备份的原因（任务失败或停止、执行周期大于 RPO、存储空间满等），立即手动备份一次，并使执行周期满足 RPO。"),
              rpo_exceeded),
        check("retention_short", "medium", "resource",
              bilingual("Backup history kept is shorter than required", "实际保留的备份历史短于要求"),
              bilingual("{resource_type} {name}: restore points reach back {kept_days} days ({retained} kept); rule {rule} requires {retention_days} days.",
                        "{resource_type} {name}：可恢复点最早为 {kept_days} 天前（共 {retained} 个），规则 {rule} 要求保留 {retention_days} 天。"),
              bilingual("Raise the retention of the job or policy to at least the required days and check that old backups are not deleted early "
                        "(retention count, storage clean-up, manual deletion).",
                        "请将任务或策略的保留期提高到不少于要求的天数，并确认旧备份没有被提前删除（保留个数、存储清理、人工删除等）。"),
              retention_short, thresholds={"slack_days": 1}),
        check("job_run_failed", "high", "backup_job",
              bilingual("Last run of a backup job or policy failed", "备份任务或策略最近一次执行失败"),
              bilingual("Backup job {name} (target {target}) failed on its last run at {last_run}; {consecutive_failures} failure(s) in a row.",
                        "备份任务 {name}（对象 {target}）最近一次执行（{last_run}）失败，已连续失败 {consecutive_failures} 次。"),
              bilingual("Read the failure of the last run, fix the cause (backup storage full or unreachable, resource state, quota), "
                        "run the backup once by hand and confirm it succeeds.",
                        "请查看最近一次执行的失败原因并处理（备份存储满或不可达、资源状态异常、配额不足等），手动执行一次备份并确认成功。"),
              job_failed, thresholds={"critical_consecutive_failures": 3}),
        check("job_stopped", "high", "backup_job",
              bilingual("Backup job or policy stopped running", "备份任务或策略已停止执行"),
              bilingual("Backup job {name} (target {target}) last ran {last_run} ({hours_since} h ago, allowed {allowed_hours} h).",
                        "备份任务 {name}（对象 {target}）最近执行时间 {last_run}（{hours_since} 小时前，允许 {allowed_hours} 小时）。"),
              bilingual("The job is enabled but does not run: check its trigger or schedule (expired, removed, wrong time zone), "
                        "the scheduler's node and the policy's state, then run it by hand once.",
                        "任务已启用但未执行：请检查触发器或执行计划（已过期、被移除、时区错误）、调度节点及策略状态，然后手动执行一次。"),
              job_stopped, thresholds={"daily_max_hours": 26, "interval_factor": 2}),
    ]


def restore_checks(platform):
    """The three restore-test checks of one platform (the *_restore_test module)."""
    what_en, what_zh = _RESTORED[platform]
    check = _maker(platform, "restore", ("restore_tests",))

    return [
        # The id keeps its first name (restore_test_failed): finding uids, and so report deltas, stay stable.
        check("test_failed", "high", "resource",
              bilingual("Restore test of %s failed" % what_en, "%s恢复测试失败" % what_zh),
              bilingual("Restore test of {resource_type} {name} from {backup_type} {backup_name} failed: {reason}",
                        "{resource_type}「{name}」从「{backup_name}」的恢复测试失败：{reason}"),
              bilingual("Find out why the backup cannot be restored (the API error or the failed check above), fix the backup job "
                        "and take a new backup, then run the restore test again. Check that no cloudops-restore- scratch resource is left.",
                        "查明备份无法恢复的原因（上面的接口错误或未通过的检查项），修复备份任务并重新备份，然后再次运行恢复测试；"
                        "并确认没有遗留名称以 cloudops-restore- 开头的临时资源。"),
              restore_failed),
        check("rto_exceeded", "medium", "resource",
              bilingual("Restore took longer than the RTO target", "恢复耗时超出 RTO 目标"),
              bilingual("Restoring {resource_type} {name} from {backup_type} {backup_name} took {rto_seconds} s; "
                        "the RTO target is {max_rto_seconds} s.",
                        "{resource_type}「{name}」从「{backup_name}」恢复耗时 {rto_seconds} 秒，RTO 目标为 {max_rto_seconds} 秒。"),
              bilingual("A real recovery will overrun the target too. Check the throughput between backup and primary storage and "
                        "the load on both, restore onto faster storage, or agree a realistic RTO and set max_rto_seconds to it.",
                        "真实恢复同样会超出目标。请检查备份存储与主存储之间的吞吐及两者负载，改为恢复到更快的存储，"
                        "或与业务确认切实可行的 RTO 并据此设置 max_rto_seconds。"),
              restore_rto_exceeded, thresholds={"max_rto_seconds": 3600}),
        check("scratch_left", "medium", "scratch_resource",
              bilingual("Scratch resource of a restore test was not deleted", "恢复测试的临时资源未被删除"),
              bilingual("Scratch {resource_type} {name} of {origin} still exists.",
                        "{origin_zh}的临时{resource_type}「{name}」仍然存在。"),
              bilingual("Delete it: run the restore test with cleanup_leftovers (the role does by default) or delete the "
                        "cloudops-restore- resource by hand. It uses storage and quota, and nothing else may carry that prefix.",
                        "请删除：以 cleanup_leftovers 运行恢复测试（角色默认如此），或手动删除该 cloudops-restore- 资源。"
                        "它占用存储与配额，且该前缀不得用于其他资源。"),
              restore_scratch_left, requires=RESTORE_DATASETS),
    ]


def catalogue(platform):
    """Every backup check of one platform: validation, then restore tests (report order)."""
    return validation_checks(platform) + restore_checks(platform)


ZSTACK_CHECKS = validation_checks("zstack")
APSARA_CHECKS = validation_checks("apsara")
ZSTACK_RESTORE_CHECKS = restore_checks("zstack")
APSARA_RESTORE_CHECKS = restore_checks("apsara")
ZSTACK_CATALOGUE = ZSTACK_CHECKS + ZSTACK_RESTORE_CHECKS
APSARA_CATALOGUE = APSARA_CHECKS + APSARA_RESTORE_CHECKS

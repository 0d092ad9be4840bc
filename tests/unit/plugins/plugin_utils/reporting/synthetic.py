# -*- coding: utf-8 -*-
"""Synthetic inspection results for report tests, the Chromium test and the benchmarks."""

from __future__ import annotations

import random

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    PILLARS,
    SEVERITIES,
    bilingual,
    new_finding,
    resource_ref,
    summarize,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "vm \"quoted\" 'single'",
    "line1\nline2\r\nline3",
    "pipe | and `code` and **bold** [x](javascript:alert(1))",
    "</script><script>alert(2)</script>",
    "<!-- <script>alert(3)</script>",
    "& &amp; &lt;tag&gt;",
    "\u2028sep\u2029",
    "虚拟机-测试-<b>粗体</b>",
    "]]><x/>\x01ctrl",
]


def checks(n=12):
    out = []
    for i in range(n):
        pillar = PILLARS[i % len(PILLARS)]
        sev = SEVERITIES[i % len(SEVERITIES)]
        out.append({"id": "zstack_check_%02d" % i,
                    "title": bilingual("Check %d <on> %s" % (i, pillar), "检查项 %d（%s）" % (i, pillar)),
                    "pillar": pillar, "severity": sev})
    return out


def inspection_result(endpoint="https://zstack.example:8080", n=100, hostile=False, seed=1, platform="zstack",
                      fail_rate=0.3, checks_list=None, with_error=True):
    rnd = random.Random(seed)
    cl = checks_list or checks()
    findings = []
    for i in range(n):
        check = cl[i % len(cl)]
        name = HOSTILE[i % len(HOSTILE)] if hostile and i % 3 == 0 else "vm-%05d" % i
        r = rnd.random()
        if with_error and i % 97 == 5:
            status = "ERROR"
        elif r < fail_rate:
            status = "FAIL"
        elif r < fail_rate + 0.05:
            status = "MUTED"
        else:
            status = "PASS"
        res = resource_ref("vm", "uuid-%s-%06d" % (seed, i), name)
        msg = bilingual("VM %s uses %d%% of <disk>" % (name, 50 + i % 50), "云主机 %s 磁盘使用率 %d%%" % (name, 50 + i % 50))
        rem = bilingual("Extend the disk of `%s` | or clean up." % check["id"], "扩容或清理 %s。" % check["id"])
        mute = {"reason": "accepted <risk>", "expires": "2099-01-01"} if status == "MUTED" else None
        findings.append(new_finding(platform, endpoint, check, status, res, msg, rem,
                                    evidence={"used_pct": 50 + i % 50, "note": name}, checked_at="2026-01-27T10:00:00Z", mute=mute))
    hosts = [{"name": (HOSTILE[i % len(HOSTILE)] if hostile and i % 4 == 0 else "host-%02d" % i), "uuid": "h%d" % i,
              "cpu_alloc_pct": 40 + (i * 7) % 60, "mem_alloc_pct": 30 + (i * 11) % 70} for i in range(8)]
    return {
        "report_kind": "inspection",
        "platform": platform,
        "endpoint": endpoint,
        "findings": findings,
        "summary": summarize(findings),
        "checks_run": cl,
        "capacity": {
            "hosts": hosts,
            "primary_storages": [{"name": "ps-%d" % i, "uuid": "ps%d" % i, "used_pct": 55 + i * 12, "physical_used_pct": 50 + i * 10}
                                 for i in range(3)],
            "backup_storages": [{"name": "bs-1", "uuid": "bs1", "used_pct": 71.5}],
            "l3_networks": [{"name": "l3-%d" % i, "uuid": "l3%d" % i, "used_pct": 20 + i * 25} for i in range(4)],
        },
        "inventory_counts": {"hosts": 8, "vms": n},
        "collection": {"api_calls": 42, "seconds": 1.5, "errors": {}},
        "changed": False,
    }


def build_doc(n=60, hostile=True, failed_endpoint=True, previous=None, run_id="20260127T100000Z-aaaaaa",
              started="2026-01-27T10:00:00Z"):
    """A full report document: two ok endpoints (one hostile) plus optionally a failed one."""
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder

    b = make_builder("inspection")
    b.add_result("zs-a", inspection_result(n=n, hostile=hostile, seed=1))
    b.add_result("zs-b<i>", inspection_result(endpoint="https://b.example", n=n // 2, seed=2))
    if failed_endpoint:
        b.add_failure("zs-down", {"msg": "connection refused </script><script>alert(9)</script>"}, task_name="inspect")
    return b.build({"id": run_id, "started": started, "playbook": "inspect.yml", "operator": "alice <ops>",
                    "ansible_version": "2.19.14", "collection_version": "0.1.0", "language": "en"}, previous)


# -- backup report material (contract: /docs/reports.md "Backup report") ----------------------
BACKUP_CHECKS = [
    {"id": "zstack_backup_unprotected", "title": bilingual("Required protection <missing>", "应保护资源「未保护」"),
     "pillar": "backup", "severity": "high"},
    {"id": "zstack_backup_job_failing", "title": bilingual("Backup job failing", "备份任务失败"), "pillar": "backup", "severity": "high"},
    {"id": "zstack_backup_rpo", "title": bilingual("Newest backup older than RPO", "最新备份超出 RPO"), "pillar": "backup",
     "severity": "medium"},
]
RESTORE_CHECK = {"id": "zstack_restore_test_failed", "title": bilingual("Restore test failed", "恢复演练失败"),
                 "pillar": "backup", "severity": "critical"}
SOURCE_HOSTILE = "<script>alert(1)</script>"


def _bk_finding(endpoint, check, status, res, platform="zstack"):
    msg = bilingual("%s: %s | `x` <b>" % (check["id"], res["name"]), "%s：%s" % (check["id"], res["name"]))
    rem = bilingual("Add a policy for **%s** [link](javascript:alert(1))" % res["name"], "为「%s」配置备份策略。" % res["name"])
    return new_finding(platform, endpoint, check, status, res, msg, rem, evidence={"name": res["name"]},
                       checked_at="2026-01-27T10:00:00Z")


def backup_validate_result(endpoint="https://zstack.example:8080", platform="zstack", hostile=True):
    """A *_backup_validate result: one row per protection status, one failing and one stale job."""
    names = [SOURCE_HOSTILE if hostile else "vm-prod-1", "vm-prod-2", "vol-db-1", "vm-prod-3", "vm-dev-1"]
    statuses = ["unprotected", "ok", "stale", "failing", "not_required"]
    protection, findings = [], []
    for i, (name, status) in enumerate(zip(names, statuses)):
        res = resource_ref("vm" if name.startswith(("vm", "<")) else "volume", "res-%d" % i, name)
        protection.append({"resource": res, "required": status != "not_required", "rule": None if status == "not_required" else "prod-daily",
                           "policies": [] if status == "unprotected" else ["daily-<snap>"],
                           "last_success": None if status == "unprotected" else "2026-01-2%dT01:00:00Z" % (i + 1),
                           "rpo_hours": None if status == "not_required" else 24, "age_hours": [None, 9.0, 80.5, 30.0, 2.0][i],
                           "retention_days": 7, "retained": [None, 7, 3, 2, 1][i], "status": status})
    findings.append(_bk_finding(endpoint, BACKUP_CHECKS[0], "FAIL", protection[0]["resource"], platform))
    findings.append(_bk_finding(endpoint, BACKUP_CHECKS[2], "FAIL", protection[2]["resource"], platform))
    findings.append(_bk_finding(endpoint, BACKUP_CHECKS[1], "FAIL", protection[3]["resource"], platform))
    findings.append(_bk_finding(endpoint, BACKUP_CHECKS[0], "PASS", protection[1]["resource"], platform))
    policies = [{"uuid": "p1", "name": "daily-<snap>", "kind": "snapshot", "schedule": "every 24h at 01:00", "retention": "7 snapshots",
                 "targets": 3, "state": "Enabled", "last_run": "2026-01-27T01:00:00Z", "last_result": "success"},
                {"uuid": "p2", "name": "weekly | backup", "kind": "backup", "schedule": "Sun 02:00", "retention": "4 backups",
                 "targets": 1, "state": "Enabled", "last_run": "2026-01-25T02:00:00Z", "last_result": "failed"}]
    jobs = [{"uuid": "j1", "name": "job-ok", "policy": "daily-<snap>", "target": protection[1]["resource"], "last_run": "2026-01-27T01:00:00Z",
             "success": True, "consecutive_failures": 0, "stale": False},
            {"uuid": "j2", "name": "job-<fail>", "policy": "weekly | backup", "target": protection[3]["resource"],
             "last_run": "2026-01-25T02:00:00Z", "success": False, "consecutive_failures": 3, "stale": False}]
    checks_run = BACKUP_CHECKS
    return {"report_kind": "backup", "platform": platform, "endpoint": endpoint, "changed": False, "findings": findings,
            "summary": summarize(findings), "checks_run": checks_run, "protection": protection, "policies": policies, "jobs": jobs,
            "coverage": {"required": 4, "protected": 3, "pct": 75.0},
            "collection": {"api_calls": 12, "seconds": 0.5, "errors": {}}}


def restore_test_result(endpoint="https://zstack.example:8080", platform="zstack", hostile=True):
    """A *_restore_test result: one passing and one failing restore test, one leftover."""
    src = resource_ref("vm", "res-0", SOURCE_HOSTILE if hostile else "vm-prod-1")
    vol = resource_ref("volume", "res-2", "vol-db-1")
    tests = [
        {"source": vol, "backup": {"type": "snapshot", "uuid": "s1", "name": "snap-1", "created": "2026-01-27T01:00:00Z"},
         "scratch": {"type": "volume", "uuid": "sc1", "name": "cloudops-restore-abcd1234-vol-db-1"}, "status": "passed",
         "checks": {"state": True, "size": True, "content": True}, "rto_seconds": 1.2, "cleaned_up": True, "error": None,
         "original_unchanged": True},
        {"source": src, "backup": {"type": "backup", "uuid": "b1", "name": "bk-<corrupt>", "created": "2026-01-26T01:00:00Z"},
         "scratch": {"type": "volume", "uuid": "sc2", "name": "cloudops-restore-abcd1234-%s" % src["name"]}, "status": "failed",
         "checks": {"state": True, "size": True, "content": False}, "rto_seconds": 2.8, "cleaned_up": True,
         "error": "content marker mismatch </script><script>alert(5)</script>", "original_unchanged": True},
    ]
    findings = [_bk_finding(endpoint, RESTORE_CHECK, "PASS", vol, platform), _bk_finding(endpoint, RESTORE_CHECK, "FAIL", src, platform)]
    findings[0]["uid"] = findings[0]["uid"] + "-pass"  # two results for one check: distinct uids as the module makes them
    return {"report_kind": "backup", "platform": platform, "endpoint": endpoint, "changed": True, "findings": findings,
            "summary": summarize(findings), "checks_run": [RESTORE_CHECK], "restore_tests": tests,
            "leftovers": [{"type": "volume", "uuid": "old1", "name": "cloudops-restore-00000000-vm-x", "created": "2026-01-20T00:00:00Z",
                           "cleaned": True}],
            "collection": {"api_calls": 9, "seconds": 4.0, "errors": {}}}


def build_backup_doc(restore=True, failed_restore_host=False, previous=None, run_id="20260127T100000Z-bbbbbb"):
    """A backup report: zs-a (validate + restore tests), zs-b (validate only), optionally a failed restore task."""
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder

    b = make_builder("backup")
    b.add_result("zs-a", backup_validate_result())
    if restore:
        b.add_result("zs-a", restore_test_result())
    b.add_result("zs-b", backup_validate_result(endpoint="https://b.example", hostile=False))
    if failed_restore_host:
        b.add_failure("zs-b", {"msg": "restore timed out <after 600 s>"}, task_name="restore test")
    return b.build({"id": run_id, "started": "2026-01-27T10:00:00Z", "playbook": "validate_backups.yml", "operator": "alice",
                    "ansible_version": "2.19.14", "collection_version": "0.1.0", "language": "en"}, previous)

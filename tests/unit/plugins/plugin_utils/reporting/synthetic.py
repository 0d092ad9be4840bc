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
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.model import ReportBuilder

    b = ReportBuilder("inspection")
    b.add_result("zs-a", inspection_result(n=n, hostile=hostile, seed=1))
    b.add_result("zs-b<i>", inspection_result(endpoint="https://b.example", n=n // 2, seed=2))
    if failed_endpoint:
        b.add_failure("zs-down", {"msg": "connection refused </script><script>alert(9)</script>"}, task_name="inspect")
    return b.build({"id": run_id, "started": started, "playbook": "inspect.yml", "operator": "alice <ops>",
                    "ansible_version": "2.19.14", "collection_version": "0.1.0", "language": "en"}, previous)

"""Scaling benchmarks (issue 11), printed numbers, never asserted against a clock.

Both labs at 20 ms injected latency with their default async durations, on the scaling bench worlds
(lab/worlds/scaling_bench.yml, apsara_scaling_bench.yml).  Each module runs in this process, as Ansible would run it on
the controller: a scale-out of 20 clones, and a resize of 50 VMs / instances with `parallel` 50 (their waits together;
ZStack also with `parallel` 1, a rolling change, for contrast), at the labs' default async durations and at five
times those.  Printed: wall seconds, API requests and writes the lab counted, the longest single async job the lab ran
for that change (times the jobs one target needs one after another: an ECS type change is stop, type, start), and two
ratios to it: the whole module (reads and pre-checks included) and its apply phase (first write to the end).  The goal
(issue 11): within 1.5x the longest job, i.e. the waits overlap instead of adding up.
"""

import io
import json
import sys
import time
from contextlib import redirect_stdout

import _paths  # noqa: F401  pylint: disable=unused-import

from ansible.module_utils.testing import patch_module_args
from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_instance_clone, apsara_instance_resize, zstack_vm_clone, zstack_vm_resize)

from lab.apsara import ApsaraLab
from lab.zstack import ZStackLab
from lab.zstack.routes import JOB_SECONDS

LATENCY_MS = 20
CHANGE = {"id": "CHG-BENCH-SCALING", "ticket": "BENCH", "operator": "bench"}
# Apsara transitions in units of async_seconds (lab/apsara/products: RunInstances Pending->Running takes 2)
APSARA_FACTORS = {"RunInstances": 2.0}


def run_module(module, args):
    out = io.StringIO()
    with patch_module_args(args), redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    return json.loads(out.getvalue())


def zstack_args(lab, **extra):
    return dict({"endpoint": lab.http_url, "account": lab.account, "password": lab.password, "change": CHANGE}, **extra)


def apsara_args(lab, **extra):
    return dict({"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret,
                 "region_id": lab.region_id, "organization_id": lab.organization_id, "endpoints": lab.endpoints,
                 "change": CHANGE}, **extra)


def zstack_job(lab, name):
    return lab.faults.job_seconds * JOB_SECONDS.get(name, 0.2) / 0.2


def apsara_job(lab, name):
    return lab.faults.async_seconds * APSARA_FACTORS.get(name, 1.0)


def measure(lab, module, args, job_of):
    lab.reset_stats()
    lab.reset_writes()
    t0, w0 = time.perf_counter(), time.time()
    result = run_module(module, args)
    wall, end = time.perf_counter() - t0, time.time()
    writes = lab.writes()
    longest = max([job_of(lab, w["name"]) for w in writes] or [0.0])
    apply_s = end - writes[0]["at"] if writes else 0.0
    return {"ok": not result.get("failed"), "msg": result.get("msg", ""), "wall": wall, "apply": apply_s,
            "requests": lab.stats()["requests"], "writes": len(writes), "longest": longest, "w0": w0}


def row(label, m, chain=1):
    """`chain`: how many async jobs one target needs one after another (an ECS type change: stop, type, start)."""
    longest = m["longest"] * chain
    ratio = m["wall"] / longest if longest else float("nan")
    apply_ratio = m["apply"] / longest if longest else float("nan")
    print("%-52s %-4s %6.2f s %5d req %4d writes  longest job %4.2f s x%d  wall/job %5.2fx  apply/job %5.2fx%s" % (
        label, "ok" if m["ok"] else "FAIL", m["wall"], m["requests"], m["writes"], m["longest"], chain, ratio, apply_ratio,
        "" if m["ok"] else "  " + m["msg"][:200]), flush=True)


def zstack_runs(job_seconds, rolling):
    with ZStackLab(world="scaling_bench", http_port=0, https_port=None, latency_ms=LATENCY_MS, prewarm=False,
                   job_seconds=job_seconds) as lab:
        tag = "(jobs x%g)" % (job_seconds / 0.2)
        row("zstack scale-out 20 clones %s" % tag, measure(lab, zstack_vm_clone, zstack_args(
            lab, source="bench-src-01", name_pattern="bench-app-{:02d}", count=20), zstack_job))
        row("zstack resize 50 VMs online, parallel 50 %s" % tag, measure(lab, zstack_vm_resize, zstack_args(
            lab, tag="bench::resize", max_targets=50, cpu=4, memory="8G", restart="never", parallel=50), zstack_job))
        if rolling:
            row("zstack resize 50 VMs online, parallel 1 %s" % tag, measure(lab, zstack_vm_resize, zstack_args(
                lab, tag="bench::resize", max_targets=50, cpu=6, memory="12G", restart="never", parallel=1), zstack_job))


def apsara_runs(async_seconds):
    with ApsaraLab(world="scaling_bench", http_port=0, https_port=None, latency_ms=LATENCY_MS,
                   async_seconds=async_seconds) as lab:
        lab.faults.update(type_change_interval_seconds=0.0)
        tag = "(transitions x%g)" % (async_seconds / 0.5)
        row("apsara scale-out 20 %s" % tag, measure(lab, apsara_instance_clone, apsara_args(
            lab, source="bench-ecs-src", name_pattern="bench-app-{:02d}", count=20), apsara_job))
        # a pay-as-you-go type change is a chain per instance: stop, the type's job, start
        row("apsara resize 50 instances, parallel 50 %s" % tag, measure(lab, apsara_instance_resize, apsara_args(
            lab, tags={"bench": "resize"}, max_targets=50, instance_type="ecs.c6.xlarge", parallel=50), apsara_job),
            chain=3)


def main():
    print("scaling change (%d ms latency) | status | seconds | API requests | writes | longest single async job | "
          "ratios" % LATENCY_MS)
    # the labs' default durations (sub-second jobs: the poll loop's doubling delays weigh), then five times longer
    zstack_runs(0.2, rolling=True)
    zstack_runs(1.0, rolling=False)
    apsara_runs(0.5)
    apsara_runs(2.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())

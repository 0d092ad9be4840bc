"""Backup benchmarks (issue 5), printed numbers, never asserted against a clock.

1. Backup validation (no restores) of the scale worlds with 20 ms injected latency: wall seconds,
   API calls (counted by the lab), peak RSS of the module process.
2. Restore tests of 10 sampled resources per cloud with 200 ms injected async latency (each restore
   takes 200 ms on the lab): total seconds, RTOs, and proof the scratch resources are gone (the
   lab's volumes / disks after the run equal those before).
"""

import json
import os
import subprocess
import sys

import _paths  # noqa: F401  pylint: disable=unused-import

from lab.apsara import ApsaraLab
from lab.zstack import ZStackLab

HERE = os.path.dirname(os.path.abspath(__file__))
ZSTACK_SCALE = {"hosts": 500, "vms": 10000, "volumes": 20000}
APSARA_SCALE = {"instances": 10000, "disks": 20000, "vswitches": 200}
EVERYTHING = [{"name": "all-daily", "match": {"name": "*"}, "rpo_hours": 24}]


def run(module, args):
    proc = subprocess.run([sys.executable, os.path.join(HERE, "module_worker.py"), module, json.dumps(args)],
                          capture_output=True, text=True, timeout=900, check=False)
    if proc.returncode:
        raise SystemExit("%s failed: %s" % (module, proc.stderr[-2000:]))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def zstack_args(lab, **extra):
    return dict({"endpoint": lab.http_url, "account": lab.account, "password": lab.password}, **extra)


def apsara_args(lab, **extra):
    return dict({"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret,
                 "region_id": lab.region_id, "endpoints": dict(lab.endpoints)}, **extra)


def zstack_volumes(lab):
    with lab.state.lock:
        return sorted(v["uuid"] for v in lab.state.all("volume"))


def apsara_disks(lab):
    with lab.state.lock:
        return sorted(d["DiskId"] for d in lab.state.all("disk"))


def validate(tag, lab, module, args):
    lab.reset_stats()
    result = run(module, args)
    print("[%s validate] %d resources, coverage %s, in %.2f s, %d API calls (lab counted), peak RSS %.1f MB%s"
          % (tag, result["protection_rows"], result.get("coverage"), result["seconds"], lab.stats()["requests"],
             result["peak_rss_mb"], ("; FAILED: " + result["msg"]) if result.get("failed") else ""))


def restore(tag, lab, module, args, inventory):
    before = inventory(lab)
    result = run(module, args)
    after = inventory(lab)
    rtos = [t["rto_seconds"] for t in result["restore_tests"] if t["rto_seconds"]]
    print("[%s restore] %d restore tests (%s) in %.2f s; RTO min/avg/max %.2f/%.2f/%.2f s; all cleaned up: %s; "
          "lab state after == before: %s%s"
          % (tag, len(result["restore_tests"]), ", ".join(sorted(set(t["status"] for t in result["restore_tests"]))),
             result["seconds"], min(rtos or [0]), sum(rtos) / max(1, len(rtos)), max(rtos or [0]),
             all(t["cleaned_up"] for t in result["restore_tests"]), before == after,
             ("; FAILED: " + result["msg"]) if result.get("failed") else ""))


def main():
    with ZStackLab(world="scale", http_port=0, https_port=None, scale=ZSTACK_SCALE) as zlab, \
            ApsaraLab(world="scale", http_port=0, https_port=None, scale=APSARA_SCALE) as alab:
        zlab.faults.update(latency_ms=20)
        alab.faults.update(latency_ms=20)
        validate("zstack", zlab, "zstack_backup_validate", zstack_args(zlab, backup_requirements=EVERYTHING))
        validate("apsara", alab, "apsara_backup_validate", apsara_args(alab, backup_requirements=EVERYTHING))

    with ZStackLab(world="demo", http_port=0, https_port=None, restore_seconds=0.2) as zlab, \
            ApsaraLab(world="demo", http_port=0, https_port=None, restore_seconds=0.2) as alab:
        restore("zstack", zlab, "zstack_restore_test", zstack_args(zlab, sample_size=10, source="volume_backup",
                                                                   content_probe_url=zlab.http_url + "/_lab/content/{id}"),
                zstack_volumes)
        restore("apsara", alab, "apsara_restore_test", apsara_args(alab, sample_size=10,
                                                                   content_probe_url=alab.http_url + "/_lab/content/{id}"),
                apsara_disks)


if __name__ == "__main__":
    main()

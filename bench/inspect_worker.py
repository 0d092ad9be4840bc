"""Client side of the inspection benchmarks, run in its own process so its peak RSS is its own.

usage: inspect_worker.py query|inspect '<json target>'
  target: {"platform": "zstack", "url": ..., "account": ..., "password": ...}
       or {"platform": "apsara", "endpoints": {...}, "access_key_id": ..., "access_key_secret": ..., "region_id": ...}
Prints one JSON line: seconds, api_calls, peak_rss_mb, and counts.
"""

import json
import sys
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import collect as apsara_collect
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import collect as zstack_collect
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue, zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient

WORKERS = 4


def peak_rss_mb():
    """VmHWM of this process.  Not getrusage: on Linux its ru_maxrss survives exec, so a worker
    forked from the (large) benchmark process would report the parent's size."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024.0, 1)
    return None


def build(target):
    if target["platform"] == "zstack":
        client = ZStackClient(target["url"], target["account"], target["password"], retries=8, base_delay=0.05)
        return client, zstack_catalogue.CHECKS, zstack_collect.Collector(client, workers=WORKERS), client.endpoint
    client = ApsaraClient(target["access_key_id"], target["access_key_secret"], target["region_id"],
                          endpoints=target["endpoints"], retries=8, base_delay=0.05)
    return client, apsara_catalogue.CHECKS, apsara_collect.Collector(client, workers=WORKERS), target["endpoints"]["ecs"]


def main():
    mode, target = sys.argv[1], json.loads(sys.argv[2])
    client, checks, collector, endpoint = build(target)
    started = time.monotonic()
    out = {"platform": target["platform"]}
    if mode == "query":
        vms = client.query_all("/vm-instances", ["type=UserVm"])
        out["items"] = len(vms)
    else:
        client.set_limits(max_concurrency=WORKERS)
        data, errors, _seconds = collector.collect(set(n for c in checks for n in c.requires))
        findings = evaluate(checks, data, target["platform"], endpoint, collect_errors=errors)
        out["findings"] = len(findings)
        out["summary"] = summarize(findings)["by_status"]
        out["errors"] = errors
        out["fingerprint"] = sorted((f["uid"], f["status"], f["check_id"]) for f in findings if f["status"] != "PASS")
    if hasattr(client, "close"):
        client.close()
    out["seconds"] = round(time.monotonic() - started, 3)
    out["api_calls"] = client.stats["api_calls"]
    out["retries"] = client.stats.get("retries", 0)
    out["relogins"] = client.stats.get("relogins", 0)
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

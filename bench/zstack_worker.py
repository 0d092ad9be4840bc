"""Client side of the ZStack benchmarks, run in its own process so its peak RSS is its own.

usage: zstack_worker.py query|inspect URL ACCOUNT PASSWORD [WORKERS]
Prints one JSON line: seconds, api_calls, peak_rss_mb, and counts.
"""

import json
import resource
import sys
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import ZStackClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack_collect import Collector


def main():
    mode, url, account, password = sys.argv[1:5]
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    client = ZStackClient(url, account, password, retries=8, base_delay=0.05)
    started = time.monotonic()
    out = {}
    if mode == "query":
        vms = client.query_all("/vm-instances", ["type=UserVm"])
        out["items"] = len(vms)
    else:
        client.set_limits(max_concurrency=workers)
        data, errors, _seconds = Collector(client, workers=workers).collect(
            set(n for c in zstack_catalogue.CHECKS for n in c.requires))
        findings = evaluate(zstack_catalogue.CHECKS, data, "zstack", client.endpoint, collect_errors=errors)
        out["findings"] = len(findings)
        out["summary"] = summarize(findings)["by_status"]
        out["errors"] = errors
        out["fingerprint"] = sorted((f["uid"], f["status"]) for f in findings if f["status"] != "PASS")
    client.close()
    out["seconds"] = round(time.monotonic() - started, 3)
    out["api_calls"] = client.stats["api_calls"]
    out["retries"] = client.stats["retries"]
    out["relogins"] = client.stats["relogins"]
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

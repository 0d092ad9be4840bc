"""ZStack benchmarks against the scale world (500 hosts, 10,000 VMs, 20,000 volumes).

1. Query all 10,000 VMs with 20 ms injected latency: wall seconds, API calls, peak RSS.
   API calls must equal pages + login + logout.
2. Full inspection of the scale world with 20 ms latency: wall seconds, calls, peak RSS, findings.
3. The same inspection under 10 % injected 5xx and a forced session expiry: findings must equal
   a clean run's.
Numbers are printed, never asserted against a clock.
"""

import json
import math
import os
import subprocess
import sys
import threading
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from lab.zstack import ZStackLab

HERE = os.path.dirname(os.path.abspath(__file__))
SCALE = {"hosts": 500, "vms": 10000, "volumes": 20000}


def worker(mode, lab, workers=4):
    cmd = [sys.executable, os.path.join(HERE, "zstack_worker.py"), mode, lab.http_url, lab.account, lab.password, str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=900)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    started = time.monotonic()
    with ZStackLab(world="scale", http_port=0, https_port=0, scale=SCALE) as lab:
        print("scale world ready in %.1f s: %s" % (time.monotonic() - started, SCALE))

        lab.faults.update(latency_ms=20)
        lab.reset_stats()
        query = worker("query", lab)
        pages = math.ceil(query["items"] / 1000.0)
        print("[query] %d VMs in %.2f s, %d API calls (pages %d + login + logout = %d; lab counted %d), peak RSS %.1f MB"
              % (query["items"], query["seconds"], query["api_calls"], pages, pages + 2, lab.stats()["requests"], query["peak_rss_mb"]))

        lab.reset_stats()
        clean = worker("inspect", lab)
        print("[inspect] %d findings in %.2f s, %d API calls, peak RSS %.1f MB, status %s, collection errors %s"
              % (clean["findings"], clean["seconds"], clean["api_calls"], clean["peak_rss_mb"], clean["summary"], clean["errors"] or "none"))
        print("[inspect] goal: <= 10 s on 2 cores, RSS <= 300 MB -> %s / %s"
              % ("met" if clean["seconds"] <= 10 else "NOT met", "met" if clean["peak_rss_mb"] <= 300 else "NOT met"))

        lab.faults.update(latency_ms=20, error_rate=0.10, seed=11)
        timer = threading.Timer(2.5, lab.expire_sessions)  # mid-run: after the worker has logged in
        timer.start()
        faulty = worker("inspect", lab)
        timer.cancel()
        lab.faults.update(latency_ms=0, error_rate=0.0)
        same = faulty["fingerprint"] == clean["fingerprint"] and not faulty["errors"]
        if faulty["errors"]:
            print("[faults] collection errors: %s" % faulty["errors"])
        print("[faults] 10%% 5xx + forced session expiry: %.2f s, %d calls, %d retries, %d re-logins; findings equal clean run: %s"
              % (faulty["seconds"], faulty["api_calls"], faulty["retries"], faulty["relogins"], same))


if __name__ == "__main__":
    main()

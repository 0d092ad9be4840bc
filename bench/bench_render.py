#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Render N synthetic findings (default 100,000) to JSON, HTML, Markdown and JUnit; print seconds
and sizes.  Goal: JSON + HTML + MD <= 5 s for 100,000 findings.

    .venv/bin/python bench/bench_render.py [--findings 100000] [--endpoints 4] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, ROOT)   # tests/ is a package: the synthetic results are tests.unit...
import conftest  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output  # noqa: E402
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import get, make_builder  # noqa: E402
from tests.unit.plugins.plugin_utils.reporting.synthetic import checks, inspection_result  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--findings", type=int, default=100000)
    ap.add_argument("--endpoints", type=int, default=4)
    ap.add_argument("--checks", type=int, default=60)
    ap.add_argument("--language", default="zh_CN")
    ap.add_argument("--out")
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="bench-render-")
    cl = checks(args.checks)
    per = args.findings // args.endpoints
    results = [inspection_result(endpoint="https://ep%d.example" % i, n=per, hostile=True, seed=i + 1, checks_list=cl)
               for i in range(args.endpoints)]
    t0, c0 = time.perf_counter(), time.process_time()
    b = make_builder("inspection")
    for i, r in enumerate(results):
        b.add_result("ep-%d" % i, r)
    doc = b.build({"id": "bench", "started": "2026-01-27T10:00:00Z", "playbook": "bench", "operator": "bench"})
    t_build, c_build = time.perf_counter() - t0, time.process_time() - c0
    print("findings: %d  endpoints: %d  checks: %d  language: %s" % (len(doc["findings"]), args.endpoints, args.checks, args.language))
    print("load average: %s (wall time suffers on a busy machine; cpu time does not)" % (os.getloadavg(),))
    print("%-8s %8s %8s %10s" % ("step", "wall s", "cpu s", "size MB"))
    print("%-8s %8.2f %8.2f" % ("build", t_build, c_build))
    total = ctotal = 0.0
    written = {}
    t_all = time.perf_counter()
    for fmt in ("json", "html", "md", "junit"):
        t0, c0 = time.perf_counter(), time.process_time()
        written[fmt] = path = os.path.join(out, output.FILENAMES[fmt])
        output.atomic_write(path, get("inspection").renderers[fmt](doc, args.language))
        dt, ct = time.perf_counter() - t0, time.process_time() - c0
        if fmt != "junit":
            total += dt
            ctotal += ct
        print("%-8s %8.2f %8.2f %10.1f  %s" % (fmt, dt, ct, os.path.getsize(path) / 1e6, path))
    print("json+html+md: wall %.2f s, cpu %.2f s (goal <= 5 s)%s" % (total, ctotal, "" if total <= 5 else "  (wall over goal)"))
    print("all four formats: wall %.2f s" % (time.perf_counter() - t_all))


if __name__ == "__main__":
    main()

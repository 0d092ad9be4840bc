#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""The monthly service report at scale (docs/service_report.md): a month of daily inspection runs of both scale worlds
(one scale inspection per cloud from the real collectors and checks, re-dated by tools/fill_store.py) plus the demo
backup runs, changes and events; then the report of the month (build from the store + zh_CN and en HTML, Markdown,
JSON and PDF) in a child process: wall time, peak memory (VmHWM), file sizes.  Printed numbers, no assertions.

    .venv/bin/python bench/bench_service_report.py [--days 30] [--no-pdf]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from bench_inspect import APSARA_SCALE, ZSTACK_SCALE

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import fill_store  # noqa: E402  pylint: disable=wrong-import-position,import-error

SITE_DIR = os.path.join(ROOT, "sites", "lab")


def child(dsn, out, pdf):
    """Render in this (child) process and print one JSON line: seconds, peak RSS, files."""
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import run  # pylint: disable=import-outside-toplevel

    started = time.monotonic()
    result = run.generate(dsn, "lab", SITE_DIR, "2026-11", out, pdf=pdf, operator="bench")
    seconds = time.monotonic() - started
    with open("/proc/self/status") as fh:
        peak = [int(line.split()[1]) / 1024.0 for line in fh if line.startswith("VmHWM:")][0]
    sizes = dict((k, os.path.getsize(v)) for k, v in result["files"].items())
    print(json.dumps({"seconds": round(seconds, 2), "peak_rss_mb": round(peak, 1), "sizes": sizes,
                      "missing": result["summary"]["missing"]}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("DSN", "OUT"))
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], not args.no_pdf)
        return
    tmp = tempfile.mkdtemp(prefix="bench-service-")
    try:
        t0 = time.monotonic()
        results = fill_store.lab_results("scale", scale=(ZSTACK_SCALE, APSARA_SCALE))
        findings = sum(len(r["findings"]) for _h, r in results)
        print("scale inspection of both clouds (real collectors and checks): %d findings in %.1f s"
              % (findings, time.monotonic() - t0), flush=True)
        dsn = "sqlite:///" + os.path.join(tmp, "store.sqlite3")
        t0 = time.monotonic()
        fill_store.fill(dsn, "lab", "2026-11", results=results, days=args.days)
        print("filled %d daily scale runs (+ backups, changes, events) into SQLite in %.1f s, store %.0f MB"
              % (args.days, time.monotonic() - t0, os.path.getsize(os.path.join(tmp, "store.sqlite3")) / 1e6), flush=True)
        cmd = [sys.executable, os.path.abspath(__file__), "--child", dsn, os.path.join(tmp, "reports")]
        if args.no_pdf:
            cmd.append("--no-pdf")
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
        if proc.returncode:
            raise SystemExit("report failed: %s" % proc.stderr[-2000:])
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        sizes = out["sizes"]
        print("monthly service report (build + zh_CN and en HTML, Markdown, JSON%s): %.1f s wall, peak RSS %.0f MB"
              % ("" if args.no_pdf else ", PDF", out["seconds"], out["peak_rss_mb"]))
        print("sizes: JSON %.0f KB, HTML zh_CN %.0f KB, en %.0f KB%s; sections without data: %s" % (
            sizes["json"] / 1024.0, sizes["html_zh_CN"] / 1024.0, sizes["html_en"] / 1024.0,
            "" if args.no_pdf else ", PDF zh_CN %.0f KB, en %.0f KB" % (sizes["pdf_zh_CN"] / 1024.0, sizes["pdf_en"] / 1024.0),
            ", ".join(out["missing"]) or "none"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

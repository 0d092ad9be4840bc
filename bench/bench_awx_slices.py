#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""AWX job slicing (docs/awx.md "Scale-out"): the inspection template over a fleet of lab endpoints (default 40:
20 ZStack and 20 Apsara worlds, each on its own ports), unsliced (one job) and sliced (4 parallel ansible-runner
jobs, the inventory split as AWX splits it), both into one PostgreSQL run store and one report per logical run.
Prints wall time, peak memory (the sum of the RSS of every process of the jobs), workers and endpoints per hour.
Printed numbers, no assertions.

    .venv/bin/python bench/bench_awx_slices.py [--endpoints 40] [--slices 4] [--forks N]

PostgreSQL: tests/conftest.py's throw-away server (Debian's postgresql); skipped with a line when absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

import _paths  # noqa: F401  pylint: disable=unused-import

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoints", type=int, default=40)
    ap.add_argument("--slices", type=int, default=4)
    ap.add_argument("--forks", type=int, default=None, help="forks per job (default: the job template's)")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from conftest import PostgresServer, _pg_bin  # pylint: disable=import-outside-toplevel,import-error
    import awx_slice_run  # pylint: disable=import-outside-toplevel,import-error

    bin_dir = _pg_bin()
    if bin_dir is None:
        print("awx slices: skipped (no initdb/pg_ctl: make setup-system installs Debian's postgresql)")
        return 0
    base = tempfile.mkdtemp(prefix="bench-pg-")
    os.chmod(base, 0o755)
    work = tempfile.mkdtemp(prefix="bench-awx-slices-")
    server = PostgresServer(bin_dir, base).start()
    try:
        results = awx_slice_run.bench(args.endpoints, args.slices, server.create_database("slices"), work, args.forks)
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    header = ("run", "endpoints", "jobs", "workers", "wall s", "peak PSS MB", "peak RSS MB", "endpoints/h", "report")
    print("%-9s %9s %5s %8s %7s %12s %12s %12s %8s" % header)
    for r in results:
        row = ("sliced" if r["slices"] > 1 else "unsliced", r["endpoints"], r["slices"], r["workers"], r["wall_s"], r["peak_pss_mb"],
               r["peak_rss_mb"], r["endpoints_per_hour"], "%d ep" % r["report_endpoints"])
        print("%-9s %9d %5d %8d %7.1f %12.1f %12.1f %12d %8s" % row)
        print("          %s; %.0f MB PSS per worker (peak PSS / (workers + one controller process per job))"
              % (", ".join(r["statuses"]), r["peak_pss_mb"] / (r["workers"] + r["slices"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

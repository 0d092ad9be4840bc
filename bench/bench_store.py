#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""The run store at scale (docs/store.md): one scale-world inspection run (both clouds) written into SQLite and
PostgreSQL, a month of daily runs (30 x both clouds) read back for one site, and the report callback's added wall
time per run (its end-of-run work with the store vs without it) as a ratio.  Printed numbers, no assertions.

    .venv/bin/python bench/bench_store.py [--days 30]

PostgreSQL: tests/conftest.py's throw-away server (Debian's postgresql; as the postgres user when root), skipped
with a line when the binaries are absent.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import sys
import tempfile
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from bench_inspect import APSARA_SCALE, ZSTACK_SCALE, apsara_target, zstack_target
from inspect_worker import build as build_client
from lab.apsara import ApsaraLab
from lab.zstack import ZStackLab

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.recorder import Recorder

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = "bench"


def module_result(target):
    """One endpoint's inspection result, as the module returns it (collect + evaluate in this process)."""
    client, checks, collector, endpoint = build_client(target)
    data, errors, _seconds = collector.collect(set(n for c in checks for n in c.requires))
    findings = evaluate(checks, data, target["platform"], endpoint, collect_errors=errors)
    if hasattr(client, "close"):
        client.close()
    return {"report_kind": "inspection", "platform": target["platform"], "endpoint": endpoint, "findings": findings,
            "summary": summarize(findings), "checks_run": [{"id": c.id} for c in checks], "collection": {"errors": errors}}


def run_facts(day):
    return {"id": "202612%02dT060000Z-be0c%02d" % (day, day), "started": "2026-12-%02dT06:00:00Z" % day,
            "playbook": "inspect.yml", "operator": "bench"}


def build_doc(results, day, previous=None):
    builder = kinds.make_builder("inspection")
    for host, result in results:
        builder.add_result(host, copy.deepcopy(result))
    return builder.build(run_facts(day), previous)


def timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def bench_database(name, dsn, doc, days):
    with RunStore(dsn) as store:
        seconds, _pk = timed(lambda: store.record_run(doc, SITE))
        print("%-10s write one scale run (both clouds, %d findings): %.2f s" % (name, len(doc["findings"]), seconds), flush=True)
        t0 = time.perf_counter()
        for day in range(2, days + 1):
            store.record_run(dict(doc, run=dict(doc["run"], **run_facts(day))), SITE)
        took = time.perf_counter() - t0
        print("%-10s write %d more daily runs: %.1f s (%.2f s/run)" % (name, days - 1, took, took / max(days - 1, 1)), flush=True)
        since, until = "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"
        listing, rows = timed(lambda: store.runs("inspection", SITE, since, until))
        reading, found = timed(lambda: store.period_findings("inspection", SITE, since, until))
        print("%-10s read a month for one site: %d run rows %.3f s, their %d open findings %.2f s" % (
            name, len(rows), listing, len(found), reading), flush=True)
        loading, _doc = timed(lambda: store.get_run(rows[0]["run_id"], "inspection"))
        print("%-10s load one run's whole report document (%d findings): %.2f s" % (name, len(doc["findings"]), loading), flush=True)


def callback_ratio(results, tmp, rounds):
    """The callback's end-of-run work per run: build + write the files (today) vs + the store (open, previous, record),
    as the callback does it (report.json's bytes stored as they are)."""
    reports = os.path.join(tmp, "ratio-reports")
    today, with_store = [], []
    for i in range(rounds):
        day = 10 + i
        t0 = time.perf_counter()
        doc = build_doc(results, day, output.find_previous(reports, "inspection"))
        output.write_report(doc, reports, "en", ["json", "html", "md", "junit"])
        today.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        recorder = Recorder("sqlite:///" + os.path.join(reports, "store.sqlite3"), reports, print)
        recorder.open()
        doc = build_doc(results, day, recorder.previous("inspection", SITE, run_facts(day)["id"], run_facts(day)["started"]))
        written = output.write_report(doc, reports, "en", ["json", "html", "md", "junit"])
        recorder.record(doc, SITE, json_path=written["json"])
        recorder.close()
        with_store.append(time.perf_counter() - t0)
    a, b = statistics.median(today), statistics.median(with_store)
    print("callback end-of-run work per scale run: files only %.2f s, files + SQLite store %.2f s, ratio %.2f" % (a, b, b / a))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    started = time.monotonic()
    with ZStackLab(world="scale", http_port=0, https_port=None, scale=ZSTACK_SCALE) as zlab, \
            ApsaraLab(world="scale", http_port=0, https_port=None, scale=APSARA_SCALE) as alab:
        results = [("zstack-scale", module_result(zstack_target(zlab))), ("apsara-scale", module_result(apsara_target(alab)))]
    print("scale inspection results (both clouds) in %.1f s" % (time.monotonic() - started), flush=True)
    doc = build_doc(results, 1)
    tmp = tempfile.mkdtemp(prefix="bench-store-")
    try:
        bench_database("sqlite", "sqlite:///" + os.path.join(tmp, "store.sqlite3"), doc, args.days)
        sys.path.insert(0, os.path.join(ROOT, "tests"))
        from conftest import PostgresServer, _pg_bin  # pylint: disable=import-outside-toplevel,import-error

        bin_dir = _pg_bin()
        if bin_dir is None:
            print("postgresql: skipped (no initdb/pg_ctl: make setup-system installs Debian's postgresql)")
        else:
            base = tempfile.mkdtemp(prefix="bench-pg-")
            os.chmod(base, 0o755)
            server = PostgresServer(bin_dir, base).start()
            try:
                bench_database("postgresql", server.create_database("bench"), doc, args.days)
            finally:
                server.stop()
                shutil.rmtree(base, ignore_errors=True)
        callback_ratio(results, tmp, args.rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

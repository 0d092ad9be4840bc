#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run store from the command line (docs/store.md).

    .venv/bin/python tools/store.py import [--site lab]            # reports/<kind>/<run>/report.json -> store (idempotent)
    .venv/bin/python tools/store.py list [--kind inspection] [--site lab] [--since 2026-12-01] [--limit 20]
    .venv/bin/python tools/store.py export <run-id> [--kind inspection] [--out run.json]
    .venv/bin/python tools/store.py render <run-id> --out DIR [--language zh_CN] [--formats html,md,junit]
    .venv/bin/python tools/store.py purge --older-than 400 [--site lab] [--kind inspection]
    .venv/bin/python tools/store.py version                         # the schema version (migrates an older one)

The store: --dsn, else CLOUDOPS_STORE_DSN, else SQLite in --reports (reports/store.sqlite3), as the report
callback picks it.  Exit codes: 0 done, 1 usage (or nothing found), 2 the store cannot be used.  The DSN's
password is never printed.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import sys


def _import_path():
    """Make the collection importable when run from a source checkout."""
    from collection_path import ensure_importable  # pylint: disable=import-outside-toplevel

    ensure_importable()


def parse_args(argv):
    p = argparse.ArgumentParser(description="The cloudops run store: import, list, export, render, purge.")
    p.add_argument("--dsn", help="the store (default: CLOUDOPS_STORE_DSN, else SQLite in --reports)")
    p.add_argument("--reports", default="reports", help="the reports folder (default: reports)")
    sub = p.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="record every reports/<kind>/<run-id>/report.json (again: no duplicates)")
    imp.add_argument("--site", help="the site to file them under (default: CLOUDOPS_SITE, else 'default')")
    lst = sub.add_parser("list", help="runs, newest first")
    lst.add_argument("--kind")
    lst.add_argument("--site")
    lst.add_argument("--since", help="ISO date or time (started >= since)")
    lst.add_argument("--until", help="ISO date or time (started < until)")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    for name, text in (("export", "print a run's report JSON"), ("render", "re-render a run's report files")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("run_id")
        cmd.add_argument("--kind")
        cmd.add_argument("--slice", dest="slice_id", help="a sliced run's part (default: the first)")
        cmd.add_argument("--out", "-o", required=name == "render", help="file (export) or directory (render)")
        if name == "render":
            cmd.add_argument("--language", "-l", default="en", choices=("en", "zh_CN"))
            cmd.add_argument("--formats", "-f", default="json,html,md,junit")
    prg = sub.add_parser("purge", help="delete runs older than the retention")
    prg.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    prg.add_argument("--kind")
    prg.add_argument("--site")
    sub.add_parser("version", help="the schema version")
    return p.parse_args(argv)


def import_reports(store, reports, site):
    """Record every report document under `reports`; returns (recorded, skipped paths)."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output

    done, skipped = 0, []
    for kind in sorted(kinds.KINDS):
        for path in sorted(glob.glob(os.path.join(reports, kind, "*", "report.json"))):
            if os.path.basename(os.path.dirname(path)) == "latest":
                continue
            try:
                doc = output.load_report(path)
            except (OSError, ValueError):
                skipped.append(path)
                continue
            store.record_run(doc, site)
            done += 1
    return done, skipped


def list_runs(store, args):
    rows = store.runs(args.kind, args.site, args.since, args.until, limit=args.limit)
    for r in rows:
        if args.json:
            print(json.dumps(dict((k, v) for k, v in r.items() if k not in ("summary", "endpoints", "id")), sort_keys=True))
        else:
            score = "" if r.get("score") is None else "%.1f" % r["score"]
            print("\t".join(str(x) for x in (r["started"], r["kind"], r["site"], r["run_id"] + ("/" + r["slice_id"] if r["slice_id"] else ""),
                                             r["status"], score, "" if r.get("open_findings") is None else r["open_findings"])))
    return 0


def fetch(store, args):
    doc = store.get_run(args.run_id, args.kind, args.slice_id)
    if doc is None:
        sys.stderr.write("store: no run %s%s in the store\n" % (args.run_id, " of kind %s" % args.kind if args.kind else ""))
    return doc


def main(argv=None):
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    _import_path()
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import iso_utc, utcnow
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as dsns
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.recorder import site_name

    reports = os.path.abspath(args.reports)
    dsn = dsns.resolve(args.dsn, reports)
    try:
        store = RunStore(dsn).open()
    except dsns.StoreError as exc:
        sys.stderr.write("store: %s\n" % exc)
        return 2
    try:
        if args.command == "import":
            site = site_name(args.site or os.environ.get("CLOUDOPS_SITE"), lambda text: sys.stderr.write("store: %s\n" % text))
            done, skipped = import_reports(store, reports, site)
            for path in skipped:
                sys.stderr.write("store: skipped %s (not a cloudops report)\n" % path)
            print("imported %d run(s) from %s into %s (site %s)" % (done, reports, store.shown, site))
            return 0
        if args.command == "list":
            return list_runs(store, args)
        if args.command == "version":
            print("%s schema %s" % (store.shown, store.schema_version()))
            return 0
        if args.command == "purge":
            before = iso_utc(utcnow() - datetime.timedelta(days=args.older_than))
            print("purged %d run(s) started before %s" % (store.purge(before, site=args.site, kind=args.kind), before))
            return 0
        doc = fetch(store, args)
        if doc is None:
            return 1
        if args.command == "export":
            text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            if args.out:
                output.atomic_write(args.out, text)
            else:
                sys.stdout.write(text)
            return 0
        written = output.render_to_dir(doc, args.out, args.language,
                                       output.normalize_formats([f for f in args.formats.split(",") if f.strip()]))
        for fmt, path in sorted(written.items()):
            print("%s\t%s" % (fmt, path))
        return 0
    except dsns.StoreError as exc:
        sys.stderr.write("store: %s\n" % exc)
        return 2
    except ValueError as exc:
        sys.stderr.write("store: %s\n" % exc)
        return 1
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())

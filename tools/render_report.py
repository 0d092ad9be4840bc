#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Re-render a stored report from its JSON alone (no cloud, no Ansible run).

    .venv/bin/python tools/render_report.py reports/inspection/<run>/report.json --language zh_CN
    .venv/bin/python tools/render_report.py report.json --out /tmp/zh --formats html,md,junit
    .venv/bin/python tools/render_report.py reports/backup/latest/report.json -l zh_CN

Any report kind (inspection, backup, change): the kind is read from the document and picks its
renderers (plugin_utils/reporting/kinds.py), so a backup report re-renders with its policy,
protection and restore-test tables and a change report with its steps.

Without --out the files are written next to report.json (report.json itself is not rewritten
unless `json` is in --formats and --out is another directory).
"""

from __future__ import annotations

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _import_path():
    """Make the collection importable when run from a source checkout."""
    # tools/ is sys.path[0] when a tool runs as a script
    from collection_path import ensure_importable  # pylint: disable=import-outside-toplevel

    ensure_importable()


def main(argv=None):
    """Command line entry point; returns the exit code."""
    _import_path()
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import LANGUAGES

    parser = argparse.ArgumentParser(description="Re-render a cloudops report from its report.json.")
    parser.add_argument("report", help="path to report.json")
    parser.add_argument("--language", "-l", default="en", choices=LANGUAGES)
    parser.add_argument("--out", "-o", help="output directory (default: the report's own directory)")
    parser.add_argument("--formats", "-f", default="html,md,junit",
                        help="comma-separated subset of json,html,md,junit (default: html,md,junit)")
    args = parser.parse_args(argv)

    try:
        doc = output.load_report(args.report)
        formats = output.normalize_formats([f for f in args.formats.split(",") if f.strip()])
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    out = args.out or os.path.dirname(os.path.abspath(args.report))
    if os.path.abspath(out) == os.path.dirname(os.path.abspath(args.report)) and "json" in formats:
        formats = [f for f in formats if f != "json"]
    written = output.render_to_dir(doc, out, args.language, formats)
    for fmt in formats:
        print("%s\t%s" % (fmt, written[fmt]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

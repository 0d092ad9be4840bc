# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""On-disk layout of reports (docs/reports.md):

    <output_dir>/<kind>/<run-id>/report.json  report.html  report.md  junit.xml
    <output_dir>/<kind>/latest          symlink to <run-id>/ (or a file holding the run id)
    <output_dir>/<kind>/index.json      runs, newest first, with score and counts
    <output_dir>/<kind>/index.html

Every file is written atomically (temp file in the same directory + os.replace).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import (
    render_change_html,
    render_change_junit,
    render_change_markdown,
    render_html,
    render_json,
    render_junit,
    render_markdown,
    view,
)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.change_model import change_index_entry

FORMATS = ("json", "html", "md", "junit")
FILENAMES = {"json": "report.json", "html": "report.html", "md": "report.md", "junit": "junit.xml"}
RENDERERS = {
    "json": render_json.render,
    "html": render_html.render,
    "md": render_markdown.render,
    "junit": render_junit.render,
}
# The change report has its own sections, so its own renderers (same files, same JSON).
CHANGE_RENDERERS = {
    "json": render_json.render,
    "html": render_change_html.render,
    "md": render_change_markdown.render,
    "junit": render_change_junit.render,
}
INDEX_KEEP = 1000


def renderers_for(kind):
    """{format: render(doc, language)} for a report kind."""
    return CHANGE_RENDERERS if kind == "change" else RENDERERS


def atomic_write(path, data):
    """Write text or bytes to `path` atomically."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def normalize_formats(formats):
    """Validate a list of formats (aliases: markdown -> md, xml -> junit)."""
    alias = {"markdown": "md", "xml": "junit", "htm": "html"}
    out = []
    for f in formats or FORMATS:
        f = alias.get(str(f).strip().lower(), str(f).strip().lower())
        if f not in FORMATS:
            raise ValueError("unknown report format %r, expected some of %s" % (f, ", ".join(FORMATS)))
        if f not in out:
            out.append(f)
    return out


def render_to_dir(doc, out_dir, language, formats=FORMATS):
    """Render `doc` in `language` into `out_dir`; returns {format: path}."""
    written = {}
    renderers = renderers_for(doc.get("kind"))
    try:
        for fmt in normalize_formats(formats):
            path = os.path.join(out_dir, FILENAMES[fmt])
            atomic_write(path, renderers[fmt](doc, language))
            written[fmt] = path
    finally:
        view.clear_cache()
    return written


def update_latest(kind_dir, run_id):
    """Point `<kind_dir>/latest` at the run directory (relative symlink; pointer file fallback)."""
    latest = os.path.join(kind_dir, "latest")
    tmp = os.path.join(kind_dir, ".latest-%s" % os.getpid())
    try:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.symlink(run_id, tmp, target_is_directory=True)
        if os.path.isdir(latest) and not os.path.islink(latest):
            shutil.rmtree(latest)
        os.replace(tmp, latest)
        return "symlink"
    except OSError:
        if os.path.lexists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if os.path.isdir(latest) and not os.path.islink(latest):
            shutil.rmtree(latest, ignore_errors=True)
        atomic_write(latest, run_id + "\n")
        return "pointer"


def index_entry(doc):
    """What the index keeps per run."""
    if doc.get("kind") == "change":
        return change_index_entry(doc)
    run = doc.get("run") or {}
    score = (doc.get("score") or {}).get("overall") or {}
    summary = doc.get("summary") or {}
    delta = doc.get("delta") or {}
    entry = {
        "id": run.get("id"),
        "started": run.get("started"),
        "ended": run.get("ended"),
        "complete": run.get("complete"),
        "playbook": run.get("playbook"),
        "operator": run.get("operator"),
        "score": score.get("score"),
        "band": score.get("band"),
        "score_delta": score.get("delta"),
        "endpoints": summary.get("endpoints"),
        "endpoints_failed": summary.get("endpoints_failed"),
        "total": summary.get("total"),
        "by_status": summary.get("by_status"),
        "fail_by_severity": summary.get("fail_by_severity"),
        "new": len(delta.get("new") or ()),
        "resolved": len(delta.get("resolved") or ()),
    }
    backup = doc.get("backup")
    if backup:
        # The headline numbers of a backup run, so the history shows coverage and restorability over time.
        tests = backup.get("restore_tests") or {}
        entry["backup"] = {"coverage_pct": (backup.get("coverage") or {}).get("pct"), "failed_jobs": (backup.get("jobs") or {}).get("failed"),
                           "rpo_breaches": backup.get("rpo_breaches"), "restore_passed": tests.get("passed"),
                           "restore_failed": (tests.get("failed") or 0) + (tests.get("error") or 0),
                           "rto_max": (tests.get("rto_seconds") or {}).get("max")}
    return entry


def update_index(kind_dir, doc, language):
    """Add this run to index.json (newest first) and re-render index.html."""
    path = os.path.join(kind_dir, "index.json")
    runs = []
    if os.path.isfile(path):
        try:
            with open(path, "r", encoding="utf-8") as fh:
                runs = json.load(fh).get("runs") or []
        except (OSError, ValueError):
            runs = []
    entry = index_entry(doc)
    runs = [r for r in runs if r.get("id") != entry["id"]]
    runs.append(entry)
    runs.sort(key=lambda r: (str(r.get("started") or ""), str(r.get("id") or "")), reverse=True)
    runs = runs[:INDEX_KEEP]
    index = {"schema_version": "1.0", "kind": doc.get("kind"), "runs": runs}
    atomic_write(path, json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    render_index = render_change_html.render_index if doc.get("kind") == "change" else render_html.render_index
    atomic_write(os.path.join(kind_dir, "index.html"), render_index(index, language))
    return path


def write_report(doc, output_dir, language, formats=FORMATS):
    """Write a report run: the formats, latest, index.  Returns {format: path, "dir": run dir}."""
    kind = doc["kind"]
    kind_dir = os.path.join(output_dir, kind)
    run_dir = os.path.join(kind_dir, doc["run"]["id"])
    formats = normalize_formats(formats)
    if "json" not in formats:
        formats = ["json"] + formats  # the source of truth is always written
    written = render_to_dir(doc, run_dir, language, formats)
    update_latest(kind_dir, doc["run"]["id"])
    update_index(kind_dir, doc, language)
    written["dir"] = run_dir
    return written

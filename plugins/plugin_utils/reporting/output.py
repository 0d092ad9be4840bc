# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""On-disk layout of reports (docs/reports.md):

    <output_dir>/<kind>/<run-id>/report.json  report.html  report.md  junit.xml
    <output_dir>/<kind>/latest          symlink to <run-id>/ (or a file holding the run id)
    <output_dir>/<kind>/index.json      runs, newest first, with score and counts
    <output_dir>/<kind>/index.html

Every file is written atomically (temp file in the same directory + os.replace).  What differs per
report kind (renderers, index entry, history page, what a report.json must hold) is in kinds.py.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, view

FORMATS = ("json", "html", "md", "junit")
FILENAMES = {"json": "report.json", "html": "report.html", "md": "report.md", "junit": "junit.xml"}
INDEX_KEEP = 1000


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
    renderers = kinds.get(doc.get("kind")).renderers
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


def index_runs(kind_dir):
    """The runs of `<kind_dir>/index.json`, newest first; [] when it is missing or unreadable."""
    try:
        with open(os.path.join(kind_dir, "index.json"), "r", encoding="utf-8") as fh:
            return json.load(fh).get("runs") or []
    except (OSError, ValueError, AttributeError):
        return []


def update_index(kind_dir, doc, language):
    """Add this run to index.json (newest first) and re-render index.html."""
    path = os.path.join(kind_dir, "index.json")
    runs = index_runs(kind_dir)
    kind = kinds.get(doc.get("kind"))
    entry = kind.index_entry(doc)
    runs = [r for r in runs if r.get("id") != entry["id"]]
    runs.append(entry)
    runs.sort(key=lambda r: (str(r.get("started") or ""), str(r.get("id") or "")), reverse=True)
    runs = runs[:INDEX_KEEP]
    index = {"schema_version": "1.0", "kind": doc.get("kind"), "runs": runs}
    atomic_write(path, json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    atomic_write(os.path.join(kind_dir, "index.html"), kind.render_index(index, language))
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


# -- finding the previous run -------------------------------------------------------------
def load_report(path):
    """Load a report document; raise ValueError if it is not one."""
    with open(path, "r", encoding="utf-8") as fh:
        doc = json.load(fh)
    kind = kinds.KINDS.get(doc.get("kind")) if isinstance(doc, dict) else None
    if kind is None or "schema_version" not in doc or not kind.is_document(doc):
        raise ValueError("%s is not a cloudops report document" % path)
    return doc


def latest_report_path(output_dir, kind):
    """Path of the latest run's report.json of `kind` (symlink, pointer file or index), or None."""
    base = os.path.join(output_dir, kind)
    latest = os.path.join(base, "latest")
    if os.path.isdir(latest):
        candidate = os.path.join(latest, "report.json")
        if os.path.isfile(candidate):
            return candidate
    elif os.path.isfile(latest):
        with open(latest, "r", encoding="utf-8") as fh:
            run_id = fh.read().strip()
        candidate = os.path.join(base, run_id, "report.json")
        if run_id and os.sep not in run_id and os.path.isfile(candidate):
            return candidate
    for r in index_runs(base):
        candidate = os.path.join(base, str(r.get("id")), "report.json")
        if os.path.isfile(candidate):
            return candidate
    return None


def find_previous(output_dir, kind):
    """The previous run's document of `kind`, or None (missing or unreadable: no delta)."""
    path = latest_report_path(output_dir, kind)
    if not path:
        return None
    try:
        return load_report(path)
    except (OSError, ValueError):
        return None

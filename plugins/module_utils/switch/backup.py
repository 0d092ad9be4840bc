# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Configuration backups of a switch: one folder per run, the previous run's copy found by sorting run ids.

Layout: <base>/<run id>/<switch>/running.cfg, saved.cfg, diff.txt (against the previous backup of that switch).
Run ids sort by time (run_facts), so "previous" is the greatest run id below this one that has the switch.
Texts arrive masked (switch/mask.py); nothing here ever sees a secret in clear.
The previous configuration can also come from the run store (the role's lookup reads it, the module gets it as an
option): it wins over the folder, which a throw-away AWX container never has; `source` says which one was used.
"""

from __future__ import annotations

import hashlib
import os
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.collect import config_body, config_diff

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_DIFF_LINES = 200


def safe_name(name):
    return _SAFE.sub("_", name or "switch").strip("._") or "switch"


def _write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    os.chmod(tmp, 0o600)      # masked, still the site's network design
    os.replace(tmp, path)


def previous_backup(base, name, run_id):
    """(run id, running text) of the newest earlier backup of `name`, or (None, None)."""
    if not os.path.isdir(base):
        return None, None
    for run in sorted(os.listdir(base), reverse=True):
        if run >= run_id:
            continue
        path = os.path.join(base, run, safe_name(name), "running.cfg")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                return run, handle.read()
    return None, None


def sha256(text):
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def backup(base, run_id, name, running, saved, stored=None, captured_at=None):
    """Write this run's backup and its diff against the previous one; what the report and the result show.

    `stored`: the newest configuration the run store holds for this switch ({run_id, text}, masked), preferred
    over the folder's previous backup.  The result carries both texts (masked) for the store.
    """
    folder = os.path.join(base, run_id, safe_name(name))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if stored and stored.get("text") is not None and stored.get("run_id") and stored["run_id"] != run_id:
        previous_run, previous, source = str(stored["run_id"]), stored["text"], "run_store"
    else:
        previous_run, previous = previous_backup(base, name, run_id)
        source = "backup_folder" if previous_run else None
    _write(os.path.join(folder, "running.cfg"), running or "")
    _write(os.path.join(folder, "saved.cfg"), saved or "")
    where = "run store, run " if source == "run_store" else ""
    diff = config_diff(previous, running, "%s (%s%s)" % (name, where, previous_run), "%s (%s)" % (name, run_id)) if previous_run else []
    _write(os.path.join(folder, "diff.txt"), "\n".join(diff) if diff else
           ("no earlier backup" if not previous_run else "no change since %s" % previous_run))
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return {"path": folder, "run_id": run_id, "previous_run_id": previous_run, "changed": bool(diff),
            "added_lines": sum(1 for line in changed if line.startswith("+")),
            "removed_lines": sum(1 for line in changed if line.startswith("-")),
            "diff": diff[:MAX_DIFF_LINES], "diff_truncated": len(diff) > MAX_DIFF_LINES,
            "running_lines": len(config_body(running)), "previous_source": source, "captured_at": captured_at,
            "running": running or "", "saved": saved or "", "running_sha256": sha256(running), "saved_sha256": sha256(saved)}

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What one run does with the store, and what it does when the store cannot be used.

The report callback and tools/run_change.py use a Recorder: open (and flush what earlier runs left pending),
the previous run for the delta, record this run.  It never raises: a store that cannot be used (wrong DSN,
database down, schema newer than the code, disk full) is reported loudly through `warn`, the delta falls back
to the report folders, and the run's records go to a pending file in the reports folder
(`.store-pending/`) that the next run that reaches a store writes there first.  Recording is idempotent
(run id, kind, slice), so a pending record flushed twice is still one run.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import re

import yaml

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as dsns
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as event_store
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.extract import DEFAULT_SITE

PENDING_DIR = ".store-pending"
# Kinds whose builder gets the store itself (events merge into it and read acks back), not the previous run.
STORE_CONTEXT_KINDS = ("events", "incident")
SITE_VAR = "cloudops_site"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def site_name(value, warn=None):
    """The site a run is filed under: the inventory's `cloudops_site`, else "default" (with a warning)."""
    text = str(value).strip() if value is not None else ""
    if text:
        return text[:128]
    if warn:
        warn("no site named (set %s in the inventory, e.g. group_vars/all.yml): runs are filed under %r"
             % (SITE_VAR, DEFAULT_SITE))
    return DEFAULT_SITE


def inventory_site(inventories):
    """The `cloudops_site` an inventory directory names in group_vars/all (plain YAML; vaulted files are skipped).

    For the tools, which have no play to ask; the callback reads it from the play's variables.
    """
    for inventory in inventories or ():
        base = inventory if os.path.isdir(inventory) else os.path.dirname(inventory)
        group_vars = os.path.join(base, "group_vars")
        files = [os.path.join(group_vars, "all" + ext) for ext in (".yml", ".yaml")]
        files += sorted(glob.glob(os.path.join(group_vars, "all", "*.y*ml")))
        for path in files:
            try:
                with open(path, "r", encoding="utf-8") as fh:
                    data = yaml.safe_load(fh)
            except (OSError, yaml.YAMLError):
                continue
            if isinstance(data, dict) and data.get(SITE_VAR):
                return str(data[SITE_VAR])
    return None


def read_bytes(path):
    """A file's bytes, or None when there is no path or it cannot be read (the document is serialized then)."""
    if not path:
        return None
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def pending_dir(reports_dir):
    return os.path.join(os.path.abspath(os.path.expanduser(reports_dir or "reports")), PENDING_DIR)


def write_pending(reports_dir, doc, site, slice_id=""):
    """Keep a run's records for the next flush; returns the file."""
    run_id = str((doc.get("run") or {}).get("id"))
    name = _UNSAFE.sub("_", "%s-%s-%s" % (doc.get("kind"), run_id, slice_id or "whole")) + ".json.gz"
    path = os.path.join(pending_dir(reports_dir), name)
    body = json.dumps({"site": site, "slice_id": slice_id or "", "doc": doc}, ensure_ascii=False, default=str)
    output.atomic_write(path, gzip.compress(body.encode("utf-8"), 1))
    return path


def pending_files(reports_dir):
    return sorted(glob.glob(os.path.join(pending_dir(reports_dir), "*.json.gz")))


def read_pending(path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


class Recorder(object):
    """One run's use of the store.  `warn(text)` says loudly what went wrong (never a password)."""

    def __init__(self, dsn, reports_dir, warn):
        self.dsn = dsn
        self.reports_dir = reports_dir
        self.warn = warn
        self.store = None
        self.error = None
        self.flushed = 0

    def _failed(self, exc, what):
        self.error = dsns.scrub(str(exc), self.dsn)
        self.warn("run store unusable, %s: %s" % (what, self.error))

    def open(self):
        """Connect (migrating an older schema) and flush pending records; False when the store cannot be used."""
        try:
            self.store = RunStore(self.dsn).open()
        except StoreError as exc:
            self._failed(exc, "the reports are still written and the delta comes from the report folders")
            return False
        self.flush()
        return True

    def close(self):
        if self.store is not None:
            self.store.close()
            self.store = None

    def flush(self):
        """Record every pending run into the store, oldest file first; returns how many."""
        for path in pending_files(self.reports_dir):
            try:
                item = read_pending(path)
            except (OSError, ValueError) as exc:
                self.warn("run store: pending file %s unreadable, left in place: %s" % (path, exc))
                continue
            try:
                self.store.record_run(item["doc"], item.get("site"), item.get("slice_id") or "")
                event_store.merge_document(self.store, item["doc"], item.get("site"))
            except StoreError as exc:
                self._failed(exc, "pending records stay in %s" % pending_dir(self.reports_dir))
                return self.flushed
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass      # another run flushed it at the same moment: recording is idempotent
            self.flushed += 1
        return self.flushed

    def previous(self, kind, site, run_id, started, slice_id=""):
        """The previous run's document: from the store, or from the report folders when the store is unusable."""
        if self.store is not None and kind in STORE_CONTEXT_KINDS:
            return event_store.StoreContext(self.store, site)     # events are merged, not compared with a run
        if self.store is not None:
            try:
                return self.store.previous_run(kind, site, run_id=run_id, started=started, slice_id=slice_id)
            except StoreError as exc:
                self._failed(exc, "the delta comes from the report folders")
        return output.find_previous(output_dir=self.reports_dir, kind=kind)

    def record(self, doc, site, slice_id="", json_path=None):
        """Record the run; on failure keep it pending.  Returns True when it is in the store.

        `json_path`: the report.json just written for `doc`, stored as it is (a scale run is not serialized twice).
        """
        if self.store is not None:
            try:
                self.store.record_run(doc, site, slice_id, report_json=read_bytes(json_path))
                event_store.merge_document(self.store, doc, site)
                return True
            except StoreError as exc:
                self._failed(exc, "the run's records are kept for the next run")
        try:
            path = write_pending(self.reports_dir, doc, site, slice_id)
        except OSError as exc:
            self.warn("run store: could not keep the %s run %s pending either: %s"
                      % (doc.get("kind"), (doc.get("run") or {}).get("id"), exc))
            return False
        self.warn("run store: the %s run %s is kept in %s; the next run that reaches the store records it"
                  % (doc.get("kind"), (doc.get("run") or {}).get("id"), path))
        return False

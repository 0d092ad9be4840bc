# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The persisted journal: what a change is about to write and what it wrote, outside the task result.

The task result carries the journal only when the module exits.  A module process killed between an API
call and its exit (Ctrl-C, SIGTERM, a job_timeout kill) leaves resources no result names; the next run
would adopt them as "unchanged" and a rollback would not know them.  So every write is journaled here
*before* it is issued (an `intent`: type, name, keys, the id when the client chooses it, the ClientToken,
and `not_before`, the time the step began), and its `result` (the journal entry with the id) right after.
A rollback that meets an intent without a result looks the resource up (by id, or by name and creation
time) and undoes it only when exactly one resource matches.

One append-only file per change and endpoint, on the machine the change modules run on (the controller:
they run on localhost): `$CLOUDOPS_JOURNAL_DIR/<change id>/<platform>-<endpoint hash>.jsonl`, default
`~/.cloudops/journals`; the directories 0700, the file 0600, one JSON object per line, fsync'd.  Lines
hold ids, names and keys, never credentials.  CLOUDOPS_JOURNAL_DIR=off turns it off.  A change without an
id (`unnamed-change`) is never persisted: unrelated runs would share one file.

Tagging the resources with the change id was the other choice: neither cloud can tag everything a change
makes (route entries, SNAT entries, router interfaces, DNS and service attachments), so the journal file
is the one mechanism for every type; tags could later add a second witness where an API has them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid

JOURNAL_DIR_ENV = "CLOUDOPS_JOURNAL_DIR"
DEFAULT_DIR = os.path.join("~", ".cloudops", "journals")
UNNAMED = "unnamed-change"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def journal_dir():
    """The base directory, or None when persisting is turned off."""
    value = os.environ.get(JOURNAL_DIR_ENV)
    if value is not None and value.strip().lower() in ("", "off", "none", "false", "0"):
        return None
    return os.path.expanduser(value or DEFAULT_DIR)


def entry_key(entry):
    """What identifies one undo: op, type, id and the keys (an attachment's id is its parent's)."""
    return json.dumps([entry.get("op"), entry.get("type"), entry.get("id"), entry.get("keys") or {}], sort_keys=True)


class JournalFile(object):
    """The append-only journal of one change on one endpoint."""

    def __init__(self, path):
        self.path = path

    @classmethod
    def for_change(cls, change_id, platform, endpoint):
        """The file of a change, or None (persisting off, or a change without an id)."""
        base = journal_dir()
        if base is None or not change_id or change_id == UNNAMED:
            return None
        digest = hashlib.sha256(("%s %s" % (platform, endpoint)).encode("utf-8")).hexdigest()[:16]
        name = _SAFE.sub("_", change_id)[:120].strip(".") or "_"      # never "." or ".."
        return cls(os.path.join(base, name, "%s-%s.jsonl" % (platform, digest)))

    # -- writing -----------------------------------------------------------------------------------
    def _append(self, line):
        folder = os.path.dirname(self.path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for path in (folder, os.path.dirname(folder)):
            os.chmod(path, 0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (json.dumps(line, sort_keys=True, default=str) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def intent(self, fields):
        """Before a write: returns the intent's key (its result names it)."""
        key = uuid.uuid4().hex
        self._append(dict(fields, kind="intent", key=key))
        return key

    def result(self, key, entry):
        """Right after the write: the journal entry (None key: a write without an intent, e.g. adopted)."""
        self._append({"kind": "result", "key": key, "entry": entry})

    def delivered(self, refs):
        """The module exited and its task result carried these intents and entries (their keys): the role's
        rollback gets them from there.  What stays open is what only an interrupted process left."""
        if refs:
            self._append({"kind": "delivered", "refs": sorted(refs)})

    def undone(self, entry):
        """A rollback undid (or found gone) what `entry` names: later rollbacks leave it out."""
        self._append({"kind": "undone", "ref": entry_key(entry)})

    # -- reading -----------------------------------------------------------------------------------
    def lines(self):
        try:
            with open(self.path, encoding="utf-8") as handle:
                raw = handle.read().splitlines()
        except FileNotFoundError:
            return []
        out = []
        for text in raw:
            try:
                line = json.loads(text)
            except ValueError:
                continue          # a line cut short by a kill mid-write: the intent before it still counts
            if isinstance(line, dict):
                out.append(line)
        return out

    def open_entries(self):
        """What an interrupted run of the change wrote (no task result carried it) and no rollback has undone
        yet, oldest first: journal entries (results) and, for intents without a result, the intent itself
        (`kind: intent`, maybe without an id)."""
        lines = self.lines()
        results = dict((l.get("key"), l.get("entry")) for l in lines if l.get("kind") == "result" and l.get("key"))
        undone = set(l.get("ref") for l in lines if l.get("kind") == "undone")
        delivered = set(r for l in lines if l.get("kind") == "delivered" for r in l.get("refs") or ())
        out, seen = [], set()
        for line in lines:
            if line.get("kind") == "intent":
                item = results.get(line.get("key")) or line
            elif line.get("kind") == "result" and not line.get("key"):
                item = line.get("entry")
            else:
                continue
            if not isinstance(item, dict) or (line.get("key") or entry_key(item)) in delivered:
                continue
            ref = entry_key(item) if item.get("id") else line.get("key")
            if ref in seen or ref in undone:
                continue
            seen.add(ref)
            out.append(item)
        return out

    def created(self, rtype, rid=None, name=None):
        """The open create entry or intent of this change for a resource (by id, else by name), or None."""
        for item in self.open_entries():
            if item.get("op") != "create" or item.get("type") != rtype:
                continue
            if (rid and item.get("id") == rid) or (name and item.get("name") == name and not item.get("id")):
                return item
        return None

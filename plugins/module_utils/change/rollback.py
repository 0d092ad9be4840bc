# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one rollback of a change journal, for both clouds: order, refusals, counts and summary.

Policy, decided here once:

- Order: the journal list is the truth.  A role joins the journals of several tasks oldest first (each
  task numbers its entries from 1, so `seq` is not unique and is never used to order); the undo runs
  newest first, i.e. the reversed list.  Nobody renumbers.
- Refusal before any call: an entry of another platform or endpoint, a malformed entry (not a mapping,
  no type or id, an unknown op, a type this platform cannot undo, missing keys) fails the whole rollback
  naming every such entry, and nothing is touched: a journal meant for another endpoint must never be
  "half undone" here.
- Best effort once started: a failed undo is recorded `rollback_failed` and the older entries still run
  (a dangling route must not keep a peering alive).
- "Already gone" is decided by each undo from the API's own not-found answer; any other error (wrong
  credentials, throttling, a malformed id) makes that undo `rollback_failed` with the error shown.
- Result: `rolled_back`, `rollback_failed`, `total` counts and a one-line `summary` the role prints.

A platform supplies an `UndoTable`: journal type -> undo(run, entry), for creates and for modifies.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import JOURNAL_OPS

GONE = "already gone"


class UndoTable(object):
    """A platform's undo functions: `created[type]` deletes what a create entry names, `modified[type]` puts a
    modify entry's `restore` back; `required_keys[type]` are the entry keys an undo needs."""

    def __init__(self, platform, created, modified=None, required_keys=None):
        self.platform = platform
        self.created = dict(created)
        self.modified = dict(modified or {})
        self.required_keys = dict(required_keys or {})

    def find(self, entry):
        table = self.created if entry.get("op") == "create" else self.modified
        return table.get(entry.get("type"))


def _label(entry):
    if not isinstance(entry, dict):
        return "journal entry %r" % (entry,)
    return "journal entry %s (%s %s %s)" % (entry.get("seq"), entry.get("op"), entry.get("type"), entry.get("id"))


def journal_problems(journal, table, same_endpoint):
    """Why `journal` cannot be rolled back here, one text per refused entry ([] when it can).

    `same_endpoint(text)` tells whether an entry's endpoint is this module's (platforms normalise URLs)."""
    if not isinstance(journal, (list, tuple)):
        return ["the journal is not a list"]
    problems = []
    for entry in journal:
        label = _label(entry)
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("type"):
            problems.append("%s is malformed: it has no type or id" % label)
            continue
        if entry.get("platform") != table.platform:
            problems.append("%s belongs to platform %s, not %s" % (label, entry.get("platform"), table.platform))
            continue
        if not entry.get("endpoint") or not same_endpoint(entry["endpoint"]):
            problems.append("%s belongs to endpoint %s, not this one" % (label, entry.get("endpoint")))
            continue
        if entry.get("op") not in JOURNAL_OPS:
            problems.append("%s has op %r (known: %s)" % (label, entry.get("op"), ", ".join(JOURNAL_OPS)))
            continue
        if table.find(entry) is None:
            known = sorted(table.created if entry["op"] == "create" else table.modified)
            problems.append("%s has a type this module cannot undo for op %s (known: %s)" % (
                label, entry["op"], ", ".join(known) or "none"))
            continue
        missing = [k for k in table.required_keys.get(entry["type"], ()) if k not in (entry.get("keys") or {})]
        if missing:
            problems.append("%s lacks keys %s" % (label, ", ".join(missing)))
    return problems


def rollback_journal(tracker, journal, undo):
    """Undo a journal (a list, oldest first) newest first; one `rollback_<type>` record per entry.

    `undo(entry)` deletes what a `create` entry names or puts back a `modify` entry's `restore`, and waits
    until that is done; it returns a short outcome text ("deleted", "restored", GONE, ...) or raises.  In
    check mode nothing is called and every entry is `planned`.  Returns the counts (see `summary`).
    """
    done, failed = set(), set()
    for entry in reversed(list(journal or ())):
        target = {"type": entry.get("type"), "id": entry.get("id"), "name": entry.get("name")}
        rec = tracker.begin("rollback_%s" % entry.get("type"), target,
                            before={"exists": True, "op": entry.get("op"), "id": entry.get("id")})
        rec["rollback_of"] = entry.get("record_uid")
        if tracker.check_mode:
            tracker.planned(rec, after={"exists": entry.get("op") != "create", "op": "undo"})
            continue
        try:
            outcome = undo(entry)
        except Exception as exc:  # pylint: disable=broad-except
            tracker.rollback_failed(rec, "could not undo %s %s: %s" % (entry.get("type"), entry.get("id"), exc))
            failed.add(entry.get("record_uid"))
            continue
        tracker.rolled_back(rec, after={"exists": entry.get("op") != "create", "outcome": outcome or "undone"})
        done.add(entry.get("record_uid"))
    return summary(tracker, done, failed)


def summary(tracker, done=(), failed=()):
    """Counts and the one-line text of a rollback run (the role prints it as it is)."""
    records = tracker.records
    undone = [r for r in records if r["status"] == "rolled_back"]
    broken = [r for r in records if r["status"] == "rollback_failed"]
    planned = [r for r in records if r["status"] == "planned"]
    total = len(records)
    if not total:
        text = "nothing to roll back (the journal is empty)"
    elif tracker.check_mode:
        text = "would undo %d resource change(s), newest first" % len(planned)
    elif broken:
        text = "ROLLBACK FAILED: %d of %d undo step(s) failed (%s); clean up by hand, see the change report" % (
            len(broken), total, "; ".join(r["error"] for r in broken))
    else:
        gone = len([r for r in undone if (r["after"] or {}).get("outcome") == GONE])
        text = "rolled back: %d of %d resource change(s) undone, newest first%s" % (
            len(undone), total, " (%d already gone)" % gone if gone else "")
    return {"rolled_back_uids": sorted(set(done) - set(failed)), "failed_uids": sorted(set(failed)),
            "ok": not broken, "rolled_back": len(undone), "rollback_failed": len(broken), "total": total,
            "summary": text,
            "changed": bool(planned) or any((r["after"] or {}).get("outcome") != GONE for r in undone)}

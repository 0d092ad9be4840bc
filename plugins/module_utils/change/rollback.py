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
- Only what the change made (issue 18): before a create entry is undone, the live resource is matched to it:
  its name (the entry's `resource_name` or `name`), its keys, and its creation: the stamp the API answered at
  create time (`created`, compared as is) or, where the API gives an absolute time, not earlier than the
  entry's `not_before` (the step's start, less CLOCK_SKEW_S).  A resource with a creation stamp and an entry
  that can be compared with neither is refused too.  A mismatch is `rollback_failed` with the reason; nothing
  is deleted.
- Persisted journal (change/journal_file.py): the rollback also undoes what the change's journal file holds
  and the task journal lacks (an interrupted run), oldest first before the task journal; an intent without
  a result is looked up (`resolve`): undone when exactly one resource matches, refused when several do.
- Unusable endpoint (wrong credentials, unreachable): every entry is recorded `rollback_failed` with that
  error (`not_undone`), so the report says exactly what was not undone.
- Result: `rolled_back`, `rollback_failed`, `total` counts and a one-line `summary` the role prints.

A platform supplies an `UndoTable`: journal type -> undo(run, entry), for creates and for modifies; and for
the matching, `identify[type](run, entry)` -> None (gone) or the live resource as {name, created, created_at,
keys}, and `resolve[type](run, intent)` -> the live resources an intent without an id may have created.
"""

from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import JOURNAL_OPS

GONE = "already gone"
NEVER_CREATED = "never created (the write was interrupted before the cloud made it)"
CLOCK_SKEW_S = 300      # controller and cloud clocks may differ by this much


class Refused(Exception):
    """The live resource does not match its journal entry: not undone."""


def _as_time(value):
    """An ISO 8601 text (our own `not_before`) as an aware datetime, else None."""
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def made_after(live, not_before):
    """Whether a live resource's creation time is not earlier than `not_before` (None: cannot tell)."""
    created, bound = _as_time(live.get("created_at")), _as_time(not_before)
    if created is None or bound is None:
        return None
    return created >= bound - datetime.timedelta(seconds=CLOCK_SKEW_S)


def mismatch(entry, live, vouched=False):
    """Why the live resource is not the one `entry` names (None: it is).  `vouched`: the id was chosen by the
    change itself (its persisted intent), so only the name is compared."""
    label = "%s %s" % (entry.get("type"), entry.get("id"))
    expected = entry.get("resource_name") or entry.get("name")
    if expected and live.get("name") is not None and live["name"] != expected:
        return "%s is named %r, the journal says %r" % (label, live["name"], expected)
    for key, value in sorted((live.get("keys") or {}).items()):
        want = (entry.get("keys") or {}).get(key)
        if want is not None and value is not None and str(want) != str(value):
            return "%s has %s %s, the journal says %s" % (label, key, value, want)
    if vouched or not (live.get("created") or live.get("created_at")):
        return None
    if entry.get("created"):
        if live.get("created") and str(live["created"]) != str(entry["created"]):
            return "%s was created at %s, the journal says %s" % (label, live["created"], entry["created"])
        return None
    after = made_after(live, entry.get("not_before"))
    if after is None:
        return "%s has a creation time (%s) the journal entry cannot be matched with" % (
            label, live.get("created") or live.get("created_at"))
    if not after:
        return "%s was created at %s, before this change's step began (%s)" % (label, live.get("created") or
                                                                               live.get("created_at"), entry["not_before"])
    return None


def matched_undo(table, run, entry, vouched=False):
    """The undo of `entry` after its live resource was matched to it; Refused (nothing touched) when not."""
    identify = table.identify.get(entry.get("type")) if entry.get("op") == "create" else None
    if identify is not None:
        live = identify(run, entry)
        if live is None:
            return GONE
        reason = mismatch(entry, live, vouched)
        if reason:
            raise Refused("refused, this change did not make it: %s" % reason)
    return table.find(entry)(run, entry)


def resolve(table, run, intent):
    """The journal entry of an intent without a result: the one live resource it made, None when it made none;
    Refused when several match (a person must look).  Candidates are created after the intent's `not_before`
    where the API tells."""
    finder = table.resolve.get(intent.get("type"))
    if finder is None:
        raise Refused("refused: an interrupted %s write cannot be looked up on this platform" % intent.get("type"))
    found = []
    for item in finder(run, intent):
        if made_after(item, intent.get("not_before")) is not False:
            found.append(item)
    if not found:
        return None
    if len(found) > 1:
        raise Refused("refused: %d resources match the interrupted %s write %r (%s); clean up by hand" % (
            len(found), intent.get("type"), intent.get("name"), ", ".join(str(i["id"]) for i in found)))
    entry = dict((k, v) for k, v in intent.items() if k not in ("kind", "key"))
    entry["id"] = found[0]["id"]
    entry["keys"] = dict(entry.get("keys") or {}, **(found[0].get("id_keys") or {}))
    return entry


class UndoTable(object):
    """A platform's undo functions: `created[type]` deletes what a create entry names, `modified[type]` puts a
    modify entry's `restore` back; `required_keys[type]` are the entry keys an undo needs."""

    def __init__(self, platform, created, modified=None, required_keys=None, identify=None, resolve=None):
        self.platform = platform
        self.created = dict(created)
        self.modified = dict(modified or {})
        self.required_keys = dict(required_keys or {})
        self.identify = dict(identify or {})
        self.resolve = dict(resolve or {})

    @classmethod
    def combined(cls, *tables):
        """One table undoing what each of `tables` (one platform's: VPC, scaling, ...) undoes; later ones win."""
        merged = cls(tables[0].platform, {})
        for table in tables:
            for name in ("created", "modified", "required_keys", "identify", "resolve"):
                getattr(merged, name).update(getattr(table, name))
        return merged

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


def not_undone(tracker, journal, reason):
    """The endpoint cannot be used (wrong credentials, unreachable): every entry is `rollback_failed` with that
    reason, newest first, also in check mode, so the report names exactly what was not undone."""
    failed = set()
    for entry in reversed(list(journal or ())):
        entry = entry if isinstance(entry, dict) else {}
        target = {"type": entry.get("type"), "id": entry.get("id"), "name": entry.get("name")}
        rec = tracker.begin("rollback_%s" % entry.get("type"), target,
                            before={"exists": True, "op": entry.get("op"), "id": entry.get("id")})
        rec["rollback_of"] = entry.get("record_uid")
        tracker.rollback_failed(rec, "not undone: %s" % reason)
        failed.add(entry.get("record_uid"))
    out = summary(tracker, (), failed)
    if out["total"]:
        out["summary"] = "ROLLBACK FAILED: none of %d journal entr%s undone, the endpoint could not be used (%s): %s" % (
            out["total"], "y was" if out["total"] == 1 else "ies were", reason, "; ".join(
                "%s %s" % (r["target"]["type"], r["target"]["id"] or r["target"]["name"]) for r in tracker.records))
    else:
        out["summary"] = "ROLLBACK FAILED: the endpoint could not be used (%s); the journal is empty" % reason
    out["ok"] = False
    return out


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

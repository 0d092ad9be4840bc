# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Change records and the undo journal: what every change module returns (docs/changes.md).

A change module applies one declarative item (a VPC, a peering, internet access, ...) as a
sequence of steps.  Each step becomes a change record (before, after, diff, status, timings,
checks); each resource the step *created* or *modified* goes into the undo journal, so that a
later rollback (the role's rescue) undoes exactly what this change did, in reverse order, and
never touches anything that existed before.

Nothing here talks to a cloud: the per-cloud modules do the calls and use this to record them.
"""

from __future__ import annotations

import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (  # noqa: F401  pylint: disable=unused-import
    CHANGE_SCHEMA_VERSION, CHANGE_STATUSES, CHECK_STATUSES, JOURNAL_OPS, change_uid, check_result, new_change_record)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import default_operator
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_ms as utcnow


def change_argument_spec(waits=False, **options):
    """The options of a change module: `change` (keep in step with the cloudops.privatecloud.change doc
    fragment), `wait_timeout` when the module waits for the cloud, and the module's own `options`."""
    spec = dict(change=dict(type="dict", default={}, options=dict(
        id=dict(type="str"), ticket=dict(type="str"), operator=dict(type="str"), title=dict(type="str"),
        window=dict(type="dict"))))
    if waits:
        spec["wait_timeout"] = dict(type="int", default=600)
    spec.update(options)
    return spec


def _flatten(value, prefix, out):
    if isinstance(value, dict):
        for k in sorted(value):
            _flatten(value[k], "%s.%s" % (prefix, k) if prefix else str(k), out)
    else:
        out[prefix] = value
    return out


def field_diff(before, after):
    """What changed between two resource states, as a sorted list of {path, before, after}.

    Nested dicts are flattened to dotted paths; lists compare whole (route lists and the like are
    small and their order is meaningful on the wire).  None before = the resource did not exist.
    """
    b = _flatten(before or {}, "", {})
    a = _flatten(after or {}, "", {})
    out = []
    for path in sorted(set(a) | set(b)):
        if b.get(path) != a.get(path) or (path in a) != (path in b):
            out.append({"path": path, "before": b.get(path), "after": a.get(path)})
    return out


def ansible_diff(before, after, label):
    """The --diff payload Ansible prints for one step (dicts render as JSON in the default callback)."""
    return {"before": before or {}, "after": after or {}, "before_header": "%s (before)" % label,
            "after_header": "%s (after)" % label}


class ChangeContext(object):
    """What the role passes to every change module (option `change`): id, ticket, operator, window."""

    def __init__(self, params=None):
        params = params or {}
        self.change_id = params.get("id") or "unnamed-change"
        self.ticket = params.get("ticket")
        self.operator = params.get("operator") or default_operator()
        self.window = params.get("window")
        self.title = params.get("title")

    def as_dict(self):
        return {"id": self.change_id, "ticket": self.ticket, "operator": self.operator, "window": self.window,
                "title": self.title}


class ChangeTracker(object):
    """Collects the change records and the undo journal of one module run.

    Usage in a module::

        tracker = ChangeTracker(ctx, "apsara", endpoint, check_mode=module.check_mode)
        step = tracker.begin("create_vpc", {"type": "vpc", "id": None, "name": "vpc-prod"}, before=None)
        ... call the API ...
        tracker.created(step, "vpc", vpc_id, keys={"RegionId": region}, name="vpc-prod")
        tracker.finish(step, after={...}, post_checks=[check_result(...)])

    On an exception: ``tracker.fail(step, error)`` then ``module.fail_json(msg, **tracker.result())``
    so the role's rescue gets the journal of what was created before the failure.
    """

    def __init__(self, context, platform, endpoint, check_mode=False):
        self.context = context if isinstance(context, ChangeContext) else ChangeContext(context)
        self.platform = platform
        self.endpoint = endpoint
        self.check_mode = check_mode
        self.records = []
        self.journal = []
        self._t0 = {}

    # -- steps ---------------------------------------------------------------------------------
    def begin(self, action, target, before=None, pre_checks=None, title=None):
        """Open a step.  `target` is {type, id, name}; `before` its state now (None = absent)."""
        rec = new_change_record(self.context.as_dict(), self.platform, self.endpoint, len(self.records) + 1, action,
                                target, before=before, status="failed",      # until finish() says otherwise
                                check_mode=self.check_mode, pre_checks=pre_checks, title=title, started_at=utcnow())
        self._t0[rec["seq"]] = time.monotonic()
        self.records.append(rec)
        return rec

    def _close(self, rec):
        rec["ended_at"] = utcnow()
        rec["duration_s"] = round(time.monotonic() - self._t0.pop(rec["seq"], time.monotonic()), 3)

    def finish(self, rec, after=None, post_checks=None, changed=True):
        """Close a step: applied (or planned in check mode) when it changed something, else unchanged."""
        rec["after"] = after
        rec["diff"] = field_diff(rec["before"], after)
        rec["post_checks"] = list(post_checks or [])
        if not changed:
            rec["status"] = "unchanged"
        else:
            rec["status"] = "planned" if self.check_mode else "applied"
        self._close(rec)
        return rec

    def unchanged(self, rec):
        """Close a step whose target already is in the desired state."""
        return self.finish(rec, after=rec["before"], changed=False)

    def fail(self, rec, error, after=None, post_checks=None):
        rec["status"] = "failed"
        rec["error"] = str(error)
        rec["after"] = after
        rec["diff"] = field_diff(rec["before"], after) if after is not None else []
        if post_checks is not None:
            rec["post_checks"] = list(post_checks)
        self._close(rec)
        return rec

    # -- journal -------------------------------------------------------------------------------
    def created(self, rec, rtype, rid, keys=None, name=None):
        """Journal a resource this change created: rollback deletes it (and only it)."""
        return self._journal(rec, "create", rtype, rid, keys, name, None)

    def modified(self, rec, rtype, rid, restore, keys=None, name=None):
        """Journal an attribute change: rollback puts `restore` (the attributes before) back."""
        return self._journal(rec, "modify", rtype, rid, keys, name, restore)

    def _journal(self, rec, op, rtype, rid, keys, name, restore):
        if self.check_mode:
            return None          # nothing was created, nothing to undo
        entry = {"seq": len(self.journal) + 1, "op": op, "type": rtype, "id": rid, "name": name,
                 "keys": dict(keys or {}), "platform": self.platform, "endpoint": self.endpoint,
                 "change_id": self.context.change_id, "record_uid": rec["uid"]}
        if restore is not None:
            entry["restore"] = restore
        self.journal.append(entry)
        rec["journal_seqs"].append(entry["seq"])
        return entry

    # -- result --------------------------------------------------------------------------------
    @property
    def changed(self):
        return any(r["status"] in ("applied", "planned") for r in self.records)

    def diff(self, label):
        """One --diff for the whole module run: target states before and after, keyed by step."""
        before, after = {}, {}
        for r in self.records:
            if r["status"] in ("applied", "planned", "failed"):
                key = "%02d %s %s" % (r["seq"], r["action"], r["target"].get("name") or r["target"].get("id") or "")
                before[key] = r["before"]
                after[key] = r["after"]
        return ansible_diff(before, after, label)

    def result(self):
        """Keys every change module returns (also in fail_json): the report callback reads them."""
        return {"report_kind": "change", "platform": self.platform, "endpoint": self.endpoint,
                "change": self.context.as_dict(), "changes": self.records, "journal": self.journal}


def rollback_journal(tracker, journal, undo):
    """Undo a journal (a list, oldest first) newest first; one `rollback_<type>` record per entry.

    `undo(entry)` deletes what a `create` entry names or puts back a `modify` entry's `restore`,
    and waits until that is done; it returns a short outcome text ("deleted", "restored",
    "already gone", ...) or raises.  Only journal entries are touched: anything that existed
    before the change is never in a journal.  Best effort: a failed undo is recorded as
    `rollback_failed` and the rest still runs (a dangling route must not keep a peering alive).
    In check mode nothing is called and every entry is `planned`.

    Returns {"rolled_back_uids": record uids all of whose entries were undone,
    "failed_uids": record uids with an entry that could not be undone, "ok": bool}.
    """
    done, failed = set(), set()
    # The list order is the truth: a role joins the journals of several tasks (each numbered
    # from 1), oldest first, so newest first is simply the reversed list.
    for entry in reversed(list(journal or ())):
        target = {"type": entry.get("type"), "id": entry.get("id"), "name": entry.get("name")}
        rec = tracker.begin("rollback_%s" % entry.get("type"), target,
                            before={"exists": True, "op": entry.get("op"), "id": entry.get("id")})
        rec["rollback_of"] = entry.get("record_uid")
        if tracker.check_mode:
            tracker.finish(rec, after={"exists": entry.get("op") != "create", "op": "undo"})
            continue
        try:
            outcome = undo(entry)
        except Exception as exc:  # pylint: disable=broad-except
            tracker.fail(rec, "could not undo %s %s: %s" % (entry.get("type"), entry.get("id"), exc))
            rec["status"] = "rollback_failed"
            failed.add(entry.get("record_uid"))
            continue
        tracker.finish(rec, after={"exists": entry.get("op") != "create", "outcome": outcome or "undone"})
        rec["status"] = "rolled_back"
        done.add(entry.get("record_uid"))
    return {"rolled_back_uids": sorted(done - failed), "failed_uids": sorted(failed), "ok": not failed}

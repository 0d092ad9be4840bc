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
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import rollback_journal  # noqa: F401  pylint: disable=unused-import
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
        if not changed:
            return self._closed(rec, "unchanged", after, post_checks)
        return self._closed(rec, "planned" if self.check_mode else "applied", after, post_checks)

    # -- the statuses a step ends in (records.CHANGE_STATUSES): callers never write rec["status"] --
    def applied(self, rec, after=None, post_checks=None):
        return self._closed(rec, "applied", after, post_checks)

    def planned(self, rec, after=None):
        """A step check mode would apply: nothing was called."""
        return self._closed(rec, "planned", after, None)

    def unchanged(self, rec, post_checks=None):
        """Close a step whose target already is in the desired state."""
        return self._closed(rec, "unchanged", rec["before"], post_checks)

    def failed(self, rec, error, after=None, post_checks=None):
        rec["error"] = str(error)
        rec["after"] = after
        rec["diff"] = field_diff(rec["before"], after) if after is not None else []
        if post_checks is not None:
            rec["post_checks"] = list(post_checks)
        rec["status"] = "failed"
        self._close(rec)
        return rec

    fail = failed

    def not_started(self, action, target, before=None, pre_checks=None, title=None, reason=None):
        """A step that never ran because an earlier one failed: recorded, so the report shows it."""
        rec = self.begin(action, target, before=before, pre_checks=pre_checks, title=title)
        self._closed(rec, "not_started", before, None)
        if reason:
            rec["reason"] = reason
        return rec

    def rolled_back(self, rec, after):
        return self._closed(rec, "rolled_back", after, None)

    def rollback_failed(self, rec, error):
        self.failed(rec, error)
        rec["status"] = "rollback_failed"
        return rec

    def _closed(self, rec, status, after, post_checks):
        rec["after"] = after
        rec["diff"] = field_diff(rec["before"], after)
        rec["post_checks"] = list(post_checks or [])
        rec["status"] = status
        self._close(rec)
        return rec

    # -- journal -------------------------------------------------------------------------------
    def created(self, rec, rtype, rid, keys=None, name=None, **extra):
        """Journal a resource this change created: rollback deletes it (and only it).  `extra`: what the rollback
        matches the live resource with besides id and name (`resource_name` when the cloud's name differs from
        the step's, `created`: the creation stamp the API answered)."""
        return self._journal(rec, "create", rtype, rid, keys, name, None, extra)

    def modified(self, rec, rtype, rid, restore, keys=None, name=None):
        """Journal an attribute change: rollback puts `restore` (the attributes before) back."""
        return self._journal(rec, "modify", rtype, rid, keys, name, restore)

    def _journal(self, rec, op, rtype, rid, keys, name, restore, extra=None):
        if self.check_mode:
            return None          # nothing was created, nothing to undo
        # not_before: when the step began; a rollback refuses a resource the API says was created earlier
        entry = {"seq": len(self.journal) + 1, "op": op, "type": rtype, "id": rid, "name": name,
                 "keys": dict(keys or {}), "platform": self.platform, "endpoint": self.endpoint,
                 "change_id": self.context.change_id, "record_uid": rec["uid"], "not_before": rec["started_at"]}
        entry.update((k, v) for k, v in (extra or {}).items() if v is not None)
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
            if r["status"] in ("applied", "planned", "failed", "rolled_back", "rollback_failed"):
                key = "%02d %s %s" % (r["seq"], r["action"], r["target"].get("name") or r["target"].get("id") or "")
                before[key] = r["before"]
                after[key] = r["after"]
        return ansible_diff(before, after, label)

    def result(self):
        """Keys every change module returns (also in fail_json): the report callback reads them."""
        return {"report_kind": "change", "platform": self.platform, "endpoint": self.endpoint,
                "change": self.context.as_dict(), "changes": self.records, "journal": self.journal}

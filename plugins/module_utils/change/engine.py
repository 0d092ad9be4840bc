# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one change engine both clouds run (the NAPALM idea: plan, apply, verify, undo).

A change module *plans* first: it reads what exists, validates its input (every problem is a FAIL
pre-check; any FAIL raises `InputError` before a single write) and returns `Step`s, each with the
state before and the state it would leave (after), an `apply` that makes it so (None: already so) and
a `verify` that reads the outcome back.  What a step creates or modifies it journals through
`Runner.created`/`Runner.modified`: that journal entry is its undo, carried out later by the
platform's undo table (change/rollback.py).  The `Runner` then records every step through the
ChangeTracker: unchanged, planned (check mode), applied, or failed; after a failure the remaining
steps are recorded `not_started` and `StepFailed` is raised with the records so far.

Platform-neutral: no client is imported; a platform hands in its client and reads.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.journal_file import entry_key
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import check_result


class InputError(Exception):
    """The input cannot be applied (bad CIDR, unknown reference, a conflict): raised before any write.

    `problems` are the texts, `checks` the pre-check results that failed it (when the planner kept them).
    """

    def __init__(self, problems, checks=None):
        self.problems = list(problems) if isinstance(problems, (list, tuple)) else [problems]
        self.message = "; ".join(str(p) for p in self.problems)
        self.checks = list(checks or [])
        super(InputError, self).__init__(self.message)


class StepFailed(Exception):
    """A step failed after it may have written: `record` is its change record, `error` the cause."""

    def __init__(self, error, record=None):
        super(StepFailed, self).__init__(str(error))
        self.error = error
        self.record = record


class Validation(object):
    """Collects the pre-checks of one item; `raise_if_failed` stops before any write, naming every FAIL
    (after the item's `label`, when it has one; else each FAIL is one problem of the InputError)."""

    def __init__(self, label=None):
        self.label = label
        self.checks = []

    def check(self, check_id, passed, message, title_en, title_zh, skipped=False):
        self.checks.append(check_result(check_id, passed, message, title_en, title_zh, skipped=skipped))
        return passed

    def expect(self, check_id, problems, ok_message, title_en, title_zh):
        """One check from a list of problem texts (None entries ignored): PASS saying `ok_message` when there
        are none, else FAIL listing them."""
        problems = [p for p in problems if p]
        return self.check(check_id, not problems, "; ".join(problems) if problems else ok_message, title_en, title_zh)

    @property
    def failures(self):
        return failures(self.checks)

    def raise_if_failed(self):
        messages = [c["message"] for c in self.failures]
        if messages and self.label:
            raise InputError("%s: %s" % (self.label, "; ".join(messages)), self.checks)
        if messages:
            raise InputError(messages, self.checks)


def failures(checks):
    return [c for c in checks or () if c["status"] == "FAIL"]


def target(rtype, name, rid=None):
    return {"type": rtype, "id": rid, "name": name}


class Step(object):
    """One change step: plan (`before`, `after`), `apply(run, rec)` -> state after (None apply = already so),
    `verify(run)` -> post-checks; its undo is what `apply` journals (run.created / run.modified)."""

    def __init__(self, action, target, before=None, after=None, apply=None, verify=None, pre_checks=None, title=None):
        self.action = action
        self.target = dict(target)
        self.before = before
        self.after = after if after is not None else before
        self.apply = apply
        self.verify = verify
        self.pre_checks = list(pre_checks or [])
        self.title = title        # a text or {en, zh_CN} the report shows under the action (e.g. why this mode)

    @property
    def changed(self):
        return self.apply is not None


class Runner(object):
    """Runs planned steps against one client: records, journal, check mode and the wait budget."""

    def __init__(self, client, tracker, wait_timeout=600, journal_file=None):
        self.client = client
        self.tracker = tracker
        self.wait_timeout = wait_timeout or 600
        self.journal_file = journal_file      # change/journal_file.py: intents and results outside the task result
        self._intents = {}
        self._written = []                    # this run's intent keys and keyless entries, for `delivered`

    @property
    def check_mode(self):
        return self.tracker.check_mode

    def intend(self, rec, rtype, name=None, keys=None, rid=None, op="create", **extra):
        """Before a write: persist what it will create or modify (type, name, keys, the id when the client
        chooses it, a ClientToken or lookup fields in `extra`), so a process killed before `created` leaves a
        trace the rollback can follow.  A no-op without a journal file (check mode, no change id)."""
        if self.journal_file is None or self.check_mode:
            return None
        fields = dict(extra, op=op, type=rtype, id=rid, name=name, keys=dict(keys or {}), record_uid=rec["uid"],
                      not_before=rec["started_at"], platform=self.tracker.platform, endpoint=self.tracker.endpoint,
                      change_id=self.tracker.context.change_id)
        key = self.journal_file.intent(fields)
        self._intents[(rec["uid"], rtype)] = key
        self._written.append(key)
        return key

    def _persist(self, rec, entry):
        if entry is not None and self.journal_file is not None:
            key = self._intents.pop((rec["uid"], entry["type"]), None)
            self.journal_file.result(key, entry)
            if key is None:
                self._written.append(entry_key(entry))
        return entry

    def delivered(self):
        """The module is exiting with its journal in the task result: what this run persisted is the role's."""
        if self.journal_file is not None:
            self.journal_file.delivered(self._written)
            self._written = []

    def created(self, rec, rtype, rid, keys=None, name=None, **extra):
        """Journal a resource this step created, right after the create call (a failing wait still leaves it
        in the journal for the rollback), and name it in the step's target."""
        rec["target"]["id"] = rid
        return self._persist(rec, self.tracker.created(rec, rtype, rid, keys=keys, name=name, **extra))

    def modified(self, rec, rtype, rid, restore, keys=None, name=None):
        return self._persist(rec, self.tracker.modified(rec, rtype, rid, restore, keys=keys, name=name))

    def adopt(self, rec):
        """An unchanged step whose resource this same change created in an earlier, interrupted run: journal
        it again, so this run's rollback undoes it too (a re-run never adopts what the change made silently)."""
        tgt = rec["target"]
        made = self.journal_file.created(tgt.get("type"), tgt.get("id"), tgt.get("name")) if self.journal_file else None
        if made is None or not (made.get("id") or tgt.get("id")):
            return None
        extra = dict((k, made[k]) for k in ("resource_name", "created") if made.get(k))
        entry = self._persist(rec, self.tracker.created(rec, made["type"], made.get("id") or tgt["id"],
                                                        keys=made.get("keys"), name=made.get("name"), **extra))
        if entry is not None:
            entry["not_before"] = made.get("not_before") or entry["not_before"]
            rec["adopted"] = True
        return entry

    def run(self, steps):
        """Record and apply every step in order.  Raises StepFailed after recording the failure."""
        steps = list(steps)
        for index, step in enumerate(steps):
            rec = self.tracker.begin(step.action, step.target, before=step.before, pre_checks=step.pre_checks,
                                     title=step.title)
            try:
                self._one(step, rec)
            except Exception as err:  # pylint: disable=broad-except
                # whatever went wrong, the records and the journal so far must reach the role's rollback
                if rec["ended_at"] is None:
                    self.tracker.failed(rec, err)
                self.not_started(steps[index + 1:])
                raise StepFailed(err, rec)

    def _one(self, step, rec):
        if not step.changed:
            if not self.check_mode:
                self.adopt(rec)
            self.verified(rec, rec["before"], self._verify(step), changed=False)
        elif self.check_mode:
            self.tracker.planned(rec, after=step.after)
        else:
            after = step.apply(self, rec)
            self.verified(rec, after, self._verify(step))

    def verified(self, rec, after, post_checks, changed=True):
        """Close a step with its post-checks; a FAIL post-check fails the step (it did not reach its state)."""
        failed = failures(post_checks)
        if failed:
            self.tracker.failed(rec, "post-check failed: %s" % "; ".join(c["message"] for c in failed), after=after,
                                post_checks=post_checks)
            raise StepFailed(rec["error"], rec)
        if after and isinstance(after, dict) and after.get("id") and not rec["target"].get("id"):
            rec["target"]["id"] = after["id"]
        if not changed:
            return self.tracker.unchanged(rec, post_checks)
        return self.tracker.finish(rec, after=after, post_checks=post_checks)

    def _verify(self, step):
        if step.verify is None or self.check_mode:
            return []
        return step.verify(self)

    def not_started(self, steps):
        for step in steps:
            self.tracker.not_started(step.action, step.target, before=step.before, pre_checks=step.pre_checks,
                                     title=step.title)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change module template (the `OpenStackModule.run()` idea): `run()` does client, tracker, plan, run,
outcome and exit, with one error path; a module subclasses it and implements the hooks.

    class VpcNetwork(ZStackChange):           # the platform's subclass sets module_class, platform, reader
        def plan(self, reader, run): ...       # reads and validation only -> [Step]
        def outcome(self, reader, run): ...    # the module's own return keys, after the run

Failures, all through `fail()` with the change records and the journal so far (the role's rescue rolls
back from them): `InputError` (nothing was written; the failed pre-checks and problems are returned),
`StepFailed` (a step failed; later steps are `not_started`), and the platform's API error while reading.

`RollbackModule` is the same template for the rollback modules (change/rollback.py decides the policy).
"""

from __future__ import annotations

import copy

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import InputError, Runner, StepFailed
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.journal_file import JournalFile, entry_key
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.planned import PlannedResources
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import (
    NEVER_CREATED, journal_problems, matched_undo, not_undone, resolve, rollback_journal)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker, change_argument_spec


def apply_argument_spec(item_spec):
    """Options of an apply module: its item's, `change`, `wait_timeout` and `context_spec`.

    The item's options are copied: the pre-checks validate spec items with the same definitions, and
    argument parsing must not change them underneath."""
    return change_argument_spec(waits=True, context_spec=dict(type="dict"), **copy.deepcopy(item_spec))


class ChangeModule(object):
    """Base of every change module.  Platform subclasses set `module_class` (a core.module.CloudModule) and
    `platform`, and may override `reader()` and `runner()`; modules implement `plan()` and `outcome()`."""

    module_class = None
    platform = None
    runner_class = Runner
    title = None            # how the --diff names the module's item ("VPC router"), before the value of `name_option`
    name_option = "name"

    def __init__(self, argument_spec, **kwargs):
        self.module = self.module_class(argument_spec=argument_spec, supports_check_mode=True, **kwargs)
        self.params = self.module.params
        self.tracker = None
        self.run_ = None

    # -- hooks ---------------------------------------------------------------------------------
    def label(self):
        """How the --diff names this module run."""
        if self.title is None:
            return self.__class__.__name__
        return "%s %s" % (self.title, self.params[self.name_option])

    def reader(self, client, run):
        """What the planners read through (cached reads, the planned registry); the client by default."""
        del run
        return client

    def runner(self, client, tracker):
        run = self.runner_class(client, tracker, self.params.get("wait_timeout") or 600)
        if not self.module.check_mode:
            run.journal_file = self.journal_file(tracker)
        return run

    def journal_file(self, tracker):
        """The change's persisted journal on this endpoint (change/journal_file.py), None without a change id."""
        return JournalFile.for_change((self.params.get("change") or {}).get("id"), self.platform, tracker.endpoint)

    def prepare(self, reader, run, planned):
        """Check mode only, with option context_spec: register in `planned` what earlier items would create."""

    def plan(self, reader, run):
        """The steps (reads and validation only); InputError when the input cannot be applied."""
        raise NotImplementedError

    def execute(self, reader, run, steps):
        """Run the planned steps (a module with its own step sequence may override)."""
        run.run(steps)

    def outcome(self, reader, run):
        """The module's own return keys after the run."""
        del reader, run
        return {}

    # -- the template --------------------------------------------------------------------------
    def new_tracker(self, client):
        return ChangeTracker(self.params.get("change") or {}, self.platform, self.module.endpoint_label(client),
                             check_mode=self.module.check_mode)

    def planned_registry(self):
        return PlannedResources()

    def run(self):
        client = self.module.ready_client()
        self.tracker = self.new_tracker(client)
        run = self.run_ = self.runner(client, self.tracker)
        run.planned = self.planned_registry()
        error_type = self.module.error_type
        stage = "reading the current state failed"
        try:
            reader = self.reader(client, run)
            if self.module.check_mode and self.params.get("context_spec"):
                run.planned.active = True
                self.prepare(reader, run, run.planned)
            steps = self.plan(reader, run)
            stage = None
            self.execute(reader, run, steps)
            stage = "reading the final state failed"
            result = self.outcome(reader, run) or {}
        except InputError as err:
            return self.fail("invalid input, nothing was changed: %s" % err.message, pre_checks=err.checks,
                             problems=err.problems)
        except StepFailed as failed:
            rec = failed.record or {"action": "?", "target": {}}
            return self.fail("step %s %s failed: %s" % (rec["action"], rec["target"].get("name"), failed.error),
                             error=failed.error)
        except error_type as err:
            return self.fail("%s: %s" % (stage, err) if stage else str(err), error=err)
        return self.exit(result)

    def result(self):
        result = dict(self.tracker.result(), changed=self.tracker.changed)
        result["diff"] = self.tracker.diff(self.label())
        return result

    def exit(self, result):
        out = self.result()
        out.update(result)
        self.delivered()
        return self.module.exit_json(**out)

    def delivered(self):
        if self.run_ is not None:
            self.run_.delivered()

    def fail(self, msg, error=None, **extra):
        """The one failure path: fail_json with the change records and journal (and the API's error fields)."""
        for rec in self.tracker.records if self.tracker else ():
            if rec["ended_at"] is None:         # a step an unexpected error interrupted
                self.tracker.failed(rec, msg)
        out = self.result() if self.tracker else {}
        out["changed"] = bool(self.tracker and self.tracker.journal)
        out.update(extra)
        self.delivered()
        if isinstance(error, self.module.error_type):
            out["error"] = error.to_dict()
        self.module.close()
        self.module._api_calls(out)  # pylint: disable=protected-access
        return self.module.module.fail_json(msg=msg, **out)


class RollbackModule(ChangeModule):
    """Base of the rollback modules: refuse a journal this module may not touch, undo newest first, return
    the counts and the summary, fail when an undo failed.  Platforms set `undo_table` and `same_endpoint()`."""

    undo_table = None

    def __init__(self):
        super(RollbackModule, self).__init__(
            change_argument_spec(waits=True, journal=dict(type="list", elements="dict", required=True)))

    def label(self):
        return "rollback"

    def same_endpoint(self, client, endpoint):
        """Whether a journal entry's endpoint is the one this module talks to."""
        return endpoint == self.tracker.endpoint

    def undo(self, run, vouched=()):
        """The `undo(entry)` the rollback calls: an intent without a result resolved to what it made, the live
        resource matched to its entry (change/rollback.py), then the undo table's function; what was undone
        is marked in the journal file, so a later rollback leaves it out."""
        def undo(entry):
            original = entry
            if entry.get("kind") == "intent" and not entry.get("id"):
                entry = resolve(self.undo_table, run, entry)
                if entry is None:
                    self._mark_undone(run, original)
                    return NEVER_CREATED
            outcome = matched_undo(self.undo_table, run, entry, vouched=entry_key(entry) in vouched)
            self._mark_undone(run, original)
            return outcome
        return undo

    @staticmethod
    def _mark_undone(run, entry):
        if run.journal_file is not None:
            run.journal_file.undone(entry)

    def merged_journal(self, journal_file, journal):
        """(persisted entries the task journal lacks + the task journal, ids the change chose itself)."""
        persisted = journal_file.open_entries() if journal_file is not None else []
        given = set(entry_key(e) for e in journal if isinstance(e, dict))
        extra = [e for e in persisted if self.undo_table.find(e) is not None and
                 (e.get("kind") == "intent" and not e.get("id") or entry_key(e) not in given)]
        # an intent with an id the client chose (ZStack resourceUuid): that id cannot name an older resource
        vouched = set(entry_key(e) for e in persisted if e.get("kind") == "intent" and e.get("id"))
        return extra + list(journal), vouched

    def run(self):
        client = self.module.client()
        journal = self.params["journal"]
        empty = {"rolled_back_uids": [], "failed_uids": [], "rolled_back": 0, "rollback_failed": 0,
                 "total": len(journal or [])}
        try:
            self.module.check_ready(client)
        except self.module.error_type as err:
            return self.not_ready(client, journal, err)
        self.tracker = self.new_tracker(client)
        run = self.run_ = self.runner(client, self.tracker)
        run.journal_file = self.journal_file(self.tracker)
        problems = journal_problems(journal, self.undo_table, lambda endpoint: self.same_endpoint(client, endpoint))
        if problems:
            return self.fail("the journal cannot be rolled back here, nothing was touched: %s" % "; ".join(problems),
                             problems=problems, summary="REFUSED: %d journal entr%s cannot be rolled back here" % (
                                 len(problems), "y" if len(problems) == 1 else "ies"), **empty)
        journal, vouched = self.merged_journal(run.journal_file, journal)
        outcome = rollback_journal(self.tracker, journal, self.undo(run, vouched))
        result = dict((k, v) for k, v in outcome.items() if k != "ok")
        if not outcome["ok"]:
            return self.fail(outcome["summary"], **result)
        return self.exit(result)

    def not_ready(self, client, journal, err):
        """Wrong credentials or an unusable endpoint: nothing was undone, and every entry says so."""
        try:
            endpoint = self.module.endpoint_label(client)
        except self.module.error_type:
            endpoint = None
        self.tracker = ChangeTracker(self.params.get("change") or {}, self.platform, endpoint,
                                     check_mode=self.module.check_mode)
        if endpoint is not None and isinstance(journal, list):
            journal = self.merged_journal(self.journal_file(self.tracker), journal)[0]
        outcome = not_undone(self.tracker, journal, err)
        result = dict((k, v) for k, v in outcome.items() if k != "ok")
        return self.fail(outcome["summary"], error=err, **result)

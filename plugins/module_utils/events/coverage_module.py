# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The alarm coverage module for either cloud: audit, present (the change template), rollback (the rollback
template on the same module).  A cloud hands in its module class, runner, audit, plan and undo table."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.module import ChangeModule, RollbackModule, apply_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import coverage

OPTIONS = dict(state=dict(type="str", choices=["audit", "present", "rollback"], default="audit"),
               baseline=dict(type="list", elements="dict", default=[]),
               journal=dict(type="list", elements="dict", default=[]))


class CoverageModule(ChangeModule):
    """Subclasses set module_class, platform, runner_class, cloud, and `ops` (audit(client, baseline),
    plan(client, baseline, run), UNDO_TABLE)."""

    cloud = None
    ops = None

    def __init__(self):
        super(CoverageModule, self).__init__(apply_argument_spec(OPTIONS))
        self.baseline = []

    def label(self):
        return "alarm coverage"

    def plan(self, reader, run):
        return self.ops.plan(reader, self.baseline, run)

    def outcome(self, reader, run):
        return self.ops.audit(reader, self.baseline)

    def main(self):
        params = self.params
        if params["state"] == "rollback":
            return self.rollback()
        try:
            self.baseline = coverage.validate(params["baseline"], self.cloud)
        except ValueError as err:
            self.module.fail_json(msg="baseline: %s; nothing was read or written" % err)
        if params["state"] == "present":
            return self.run()
        client = self.module.ready_client()
        try:
            found = self.ops.audit(client, self.baseline)
        except self.module.error_type as err:
            self.module.fail_error(err)
        return self.module.exit_json(changed=False, **found)

    def rollback(self):
        """The rollback template with this cloud's undo table, on the module already parsed."""
        undo = _Rollback.__new__(_Rollback)
        undo.module, undo.params, undo.tracker, undo.run_ = self.module, self.params, None, None
        undo.module_class, undo.platform, undo.runner_class = self.module_class, self.platform, self.runner_class
        undo.undo_table = self.ops.UNDO_TABLE
        return undo.run()


class _Rollback(RollbackModule):
    """Built by CoverageModule.rollback (no argument parsing of its own)."""

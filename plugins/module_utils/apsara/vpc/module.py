# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change module template (change/module.py) on Apsara Stack: reads, step bodies and the undo table
are Apsara's; client, tracker, failures, diff and the rollback policy are the engine's."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import PLATFORM, ChangeRun
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import Planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.precheck import planned_before
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.undo import UNDO_TABLE
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.module import (
    ChangeModule, RollbackModule, apply_argument_spec)


class ApsaraChange(ChangeModule):
    """An Apsara apply module: `item_spec` (its options), `section` (its key in a change spec) and `planner`
    (planner(run, params) of its module_utils: reads and validation only -> (steps, outcome), where
    outcome(run) gives the module's own keys after the run)."""

    module_class = ApsaraModule
    platform = PLATFORM
    runner_class = ChangeRun
    item_spec = {}
    section = None

    def __init__(self):
        super(ApsaraChange, self).__init__(apply_argument_spec(self.item_spec))
        self.own = None

    def planned_registry(self):
        return Planned()

    def prepare(self, reader, run, planned):
        run.planned = planned_before(run.client, self.params["context_spec"], self.section, self.params)

    def plan(self, reader, run):
        steps, self.own = self.planner(run, self.params)
        return steps

    @staticmethod
    def planner(run, params):
        raise NotImplementedError

    def outcome(self, reader, run):
        return self.own(run)


class ApsaraRollback(RollbackModule):
    """apsara_vpc_rollback: Apsara's undo table; a journal entry is this module's when its endpoint label (region
    and ECS endpoint) is the one this module talks to."""

    module_class = ApsaraModule
    platform = PLATFORM
    runner_class = ChangeRun
    undo_table = UNDO_TABLE

    def result(self):
        # `skipped` is kept for one release: foreign entries are now refused, so nothing is ever skipped
        return dict(super(ApsaraRollback, self).result(), skipped=[])

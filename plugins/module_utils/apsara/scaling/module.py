# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change module template (change/module.py) for Apsara scaling: the resize module and the neutral rollback,
whose undo table is the VPC table plus the scaling entries (one rollback for every Apsara change journal)."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.clone import (
    CLONE_OPTIONS, CLONE_RULES, CLONE_TYPE, identify, plan_clones, resolve, undo_clone)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.disk import (
    DISK_OPTIONS, SNAPSHOT_TYPE, keep_snapshot, plan_growth)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.resize import (
    RESIZE_OPTIONS, RESIZE_RULES, TYPE, find_targets, plan_resize, undo_type, view)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import PLATFORM, ChangeRun
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.module import ApsaraRollback
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.undo import UNDO_TABLE as VPC_UNDO
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.module import ChangeModule, apply_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import UndoTable
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollout import PARALLEL_OPTION, Rollout

SCALING_UNDO = UndoTable(PLATFORM, created={CLONE_TYPE: undo_clone, SNAPSHOT_TYPE: keep_snapshot}, modified={TYPE: undo_type},
                         identify={CLONE_TYPE: identify}, resolve={CLONE_TYPE: resolve})
UNDO_TABLE = UndoTable.combined(VPC_UNDO, SCALING_UNDO)


class RolloutRun(Rollout, ChangeRun):
    """Apsara's change runner, its targets `parallel` at a time (change/rollout.py)."""


class InstanceResize(ChangeModule):
    """apsara_instance_resize: one step per target instance (plan in scaling/resize.py)."""

    module_class = ApsaraModule
    platform = PLATFORM
    runner_class = RolloutRun

    def __init__(self):
        super(InstanceResize, self).__init__(apply_argument_spec(dict(RESIZE_OPTIONS, **PARALLEL_OPTION)), **RESIZE_RULES)

    def runner(self, client, tracker):
        run = super(InstanceResize, self).runner(client, tracker)
        run.parallel = self.params["parallel"]
        return run

    def label(self):
        return "instance resize %s" % ", ".join(self.params["names"] or ["tags %s" % self.params.get("tags")])

    def plan(self, reader, run):
        return plan_resize(run, self.params)

    def outcome(self, reader, run):
        if run.check_mode:
            return {"instances": [dict(r["after"] or r["before"] or {}, name=r["target"]["name"], id=r["target"]["id"])
                                  for r in self.tracker.records]}
        return {"instances": [dict(view(i), name=i["InstanceName"], id=i["InstanceId"])
                              for i in find_targets(reader, self.params)]}


class DiskGrowth(ChangeModule):
    """apsara_disk_resize: one irreversible step (plan in scaling/disk.py)."""

    module_class = ApsaraModule
    platform = PLATFORM
    runner_class = ChangeRun

    def __init__(self):
        super(DiskGrowth, self).__init__(apply_argument_spec(DISK_OPTIONS))

    def label(self):
        return "disk %s" % self.params["disk"]

    def plan(self, reader, run):
        return plan_growth(run, self.params)

    def outcome(self, reader, run):
        rec = self.tracker.records[-1]
        return {"disk": dict(rec["after"] or rec["before"] or {}, id=rec["target"]["id"])}


class InstanceClone(ChangeModule):
    """apsara_instance_clone: the existing clones unchanged, one RunInstances per missing name (scaling/clone.py)."""

    module_class = ApsaraModule
    platform = PLATFORM
    runner_class = ChangeRun

    def __init__(self):
        super(InstanceClone, self).__init__(apply_argument_spec(CLONE_OPTIONS), **CLONE_RULES)

    def label(self):
        return "clones of %s" % self.params["source"]

    def plan(self, reader, run):
        return plan_clones(run, self.params)

    def outcome(self, reader, run):
        return {"clones": [dict(r["after"] or r["before"] or {}, name=r["target"]["name"], id=r["target"]["id"])
                           for r in self.tracker.records]}


class ChangeRollback(ApsaraRollback):
    """apsara_change_rollback: every Apsara change journal (VPC and scaling)."""

    undo_table = UNDO_TABLE

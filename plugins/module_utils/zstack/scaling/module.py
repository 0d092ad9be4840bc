# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change module template (change/module.py) for ZStack scaling: the resize module and the neutral rollback,
whose undo table is the VPC table plus the scaling entries (one rollback for every ZStack change journal)."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.module import ChangeModule, apply_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import UndoTable
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollout import PARALLEL_OPTION, Rollout
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.clone import (
    CLONE_OPTIONS, CLONE_RULES, CLONE_TYPE, identify, plan_clones, undo_clone)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.resize import (
    RESIZE_OPTIONS, RESIZE_RULES, VM_TYPE, find_targets, plan_resize, size_of, undo_size)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.volume import (
    SNAPSHOT_TYPE, VOLUME_OPTIONS, keep_snapshot, plan_growth)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import PLATFORM, ChangeRun
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.module import ZStackRollback
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.undo import UNDO_TABLE as VPC_UNDO

SCALING_UNDO = UndoTable(PLATFORM, created={CLONE_TYPE: undo_clone, SNAPSHOT_TYPE: keep_snapshot},
                         modified={VM_TYPE: undo_size},
                         identify={CLONE_TYPE: identify})
UNDO_TABLE = UndoTable.combined(VPC_UNDO, SCALING_UNDO)


class RolloutRun(Rollout, ChangeRun):
    """ZStack's change runner, its targets `parallel` at a time (change/rollout.py)."""


class VmResize(ChangeModule):
    """zstack_vm_resize: one step per target VM (plan in scaling/resize.py)."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = RolloutRun

    def __init__(self):
        super(VmResize, self).__init__(apply_argument_spec(dict(RESIZE_OPTIONS, **PARALLEL_OPTION)), **RESIZE_RULES)

    def runner(self, client, tracker):
        run = super(VmResize, self).runner(client, tracker)
        run.parallel = self.params["parallel"]
        return run

    def label(self):
        return "VM resize %s" % ", ".join(self.params["names"] or ["tag %s" % self.params.get("tag")])

    def plan(self, reader, run):
        return plan_resize(reader, self.params, run.write)

    def outcome(self, reader, run):
        if run.check_mode:
            return {"vms": [dict(r["after"] or r["before"] or {}, name=r["target"]["name"], uuid=r["target"]["id"])
                            for r in self.tracker.records]}
        return {"vms": [dict(size_of(vm), name=vm["name"], uuid=vm["uuid"]) for vm in find_targets(reader, self.params)]}


class VolumeGrowth(ChangeModule):
    """zstack_volume_resize: one irreversible step (plan in scaling/volume.py)."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = ChangeRun

    def __init__(self):
        super(VolumeGrowth, self).__init__(apply_argument_spec(VOLUME_OPTIONS))

    def label(self):
        return "volume %s of %s" % (self.params["volume"], self.params["vm"])

    def plan(self, reader, run):
        return plan_growth(reader, self.params, run.write, run)

    def outcome(self, reader, run):
        rec = self.tracker.records[-1]
        return {"volume": dict(rec["after"] or rec["before"] or {}, uuid=rec["target"]["id"])}


class VmClone(ChangeModule):
    """zstack_vm_clone: the existing clones unchanged, the missing ones in one CloneVmInstance (scaling/clone.py)."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = ChangeRun

    def __init__(self):
        super(VmClone, self).__init__(apply_argument_spec(CLONE_OPTIONS), **CLONE_RULES)

    def label(self):
        return "clones of %s" % self.params["source"]

    def plan(self, reader, run):
        return plan_clones(reader, self.params, run.write)

    def outcome(self, reader, run):
        return {"clones": [dict(r["after"] or r["before"] or {}, name=r["target"]["name"], uuid=r["target"]["id"])
                           for r in self.tracker.records]}


class ChangeRollback(ZStackRollback):
    """zstack_change_rollback: every ZStack change journal (VPC and scaling)."""

    undo_table = UNDO_TABLE

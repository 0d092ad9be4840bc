# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change module template (change/module.py) on ZStack: what a ZStack VPC module supplies is its
reads (VpcReader), its planners, and the undo table; the engine does the rest."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.module import (
    ChangeModule, RollbackModule, apply_argument_spec)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import change_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import normalize_endpoint
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import PLATFORM, ChangeRun, VpcReader
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.precheck import precheck, precheck_record, prime
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.undo import UNDO_TABLE


class ZStackChange(ChangeModule):
    """A ZStack apply module: `options` (its item's options), `rules`, `section` (its key in a change spec);
    `plan(reader, run)` and `final(reader, check_mode)` are the module's own."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = ChangeRun
    options = {}
    rules = {}
    section = None

    def __init__(self):
        super(ZStackChange, self).__init__(apply_argument_spec(self.options), **self.rules)

    def reader(self, client, run):
        return VpcReader(client, run.planned)

    def prepare(self, reader, run, planned):
        prime(reader, self.params["context_spec"], self.section, self.params)

    def outcome(self, reader, run):
        reader.forget()
        return self.final(reader, run.check_mode)

    def final(self, reader, check_mode):
        """The module's own return keys, read after the run (the reader's cache dropped)."""
        raise NotImplementedError


class ZStackRollback(RollbackModule):
    """zstack_vpc_rollback: ZStack's undo table; a bare host in a journal's endpoint means http://host:8080."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = ChangeRun
    undo_table = UNDO_TABLE

    def same_endpoint(self, client, endpoint):
        return normalize_endpoint(endpoint) == normalize_endpoint(client.endpoint)


class ZStackPrecheck(ChangeModule):
    """zstack_vpc_precheck: every item of the spec through its apply planner, in check mode; zero writes."""

    module_class = ZStackModule
    platform = PLATFORM
    runner_class = ChangeRun

    def __init__(self):
        super(ZStackPrecheck, self).__init__(change_argument_spec(spec=dict(type="dict", required=True)))

    def label(self):
        return "VPC change pre-check"

    def run(self):
        client = self.module.ready_client()
        self.tracker = self.new_tracker(client)
        try:
            checks, plan = precheck(VpcReader(client), self.params["spec"], self.tracker.context, client.endpoint)
        except self.module.error_type as err:
            return self.fail("reading the current state failed: %s" % err, error=err)
        failed = precheck_record(self.tracker, checks)
        if failed:
            return self.fail("%d pre-check(s) failed: %s" % (len(failed), "; ".join(c["message"] for c in failed)),
                             pre_checks=checks, plan=plan)
        return self.exit({"pre_checks": checks, "plan": plan, "changed": False})

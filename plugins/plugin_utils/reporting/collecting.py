# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How task results become report material: the one set of rules for every way a report is collected.

The report callback (plugins/callback/report.py) applies them to live task results, and
runner_events.py to ansible-runner's stored job events when the callback never finished, so both
say the same about the same run.  Here: which results are report material, which report kind a
failed task belongs to, what of a failed result is kept, how failures reach the builders, and
the run facts both take from outside the results (run id, operator, collection version).
"""

from __future__ import annotations

import json
import os
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import default_operator
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import RUN_ID_ENV
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.builders import make_builder

# A failed task whose module name ends like this would have produced report material of that kind.
REPORT_ACTION_SUFFIXES = (("_inspect", "inspection"), ("_backup_validate", "backup"), ("_restore_test", "backup"),
                          ("_change", "change"))
# Modules and actions of the change report, by name: a crashed one returns no report_kind.
CHANGE_ACTIONS = frozenset(("change_window", "apsara_vpc_precheck", "apsara_vpc", "apsara_vpc_peering", "apsara_nat_gateway",
                            "apsara_route_entry", "apsara_vpc_rollback", "zstack_vpc_precheck", "zstack_vpc_router",
                            "zstack_vpc_network", "zstack_vpc_peering", "zstack_eip", "zstack_vpc_route", "zstack_vpc_rollback"))
# Extra vars in which AWX / Tower name the user who launched the job.
OPERATOR_VARS = ("awx_user_name", "tower_user_name")
RUN_ID_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6,32}$")
# What is kept of a failed result that is not change material (no module args, no stdout beyond the error).
FAILURE_KEYS = ("msg", "message", "exception", "stderr", "module_stderr", "platform", "endpoint")
NO_HOSTS_REASON = "play stopped early: no hosts remaining (all hosts failed or any_errors_fatal)"


def kind_of_action(action):
    """The report kind a task of module/action `action` produces (for failed results without report_kind), or None."""
    action = action or ""
    if action.rsplit(".", 1)[-1] in CHANGE_ACTIONS:
        return "change"
    for suffix, kind in REPORT_ACTION_SUFFIXES:
        if action.endswith(suffix):
            return kind
    return None


def run_id_from_env():
    """CLOUDOPS_RUN_ID when it is a report run id (tools/run_change.py sets one so runner and report agree).

    The sessions callback puts a bare uuid there when nothing set it; that is not a sortable run id, so it is ignored.
    """
    value = os.environ.get(RUN_ID_ENV) or ""
    return value if RUN_ID_RE.match(value) else None


def operator_from_vars(extra_vars):
    """The operator AWX names in the extra vars, or None."""
    for key in OPERATOR_VARS:
        if (extra_vars or {}).get(key):
            return str(extra_vars[key])
    return None


def operator_name(extra_vars=None):
    """The operator AWX names in the extra vars, else the OS user."""
    return operator_from_vars(extra_vars) or default_operator()


def collection_version():
    """Version from MANIFEST.json (installed) or galaxy.yml (source tree), else "unknown"."""
    # plugins/plugin_utils/reporting/<this file> -> the collection root
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    try:
        with open(os.path.join(root, "MANIFEST.json"), "r", encoding="utf-8") as fh:
            return json.load(fh)["collection_info"]["version"]
    except (OSError, ValueError, KeyError):
        pass
    try:
        with open(os.path.join(root, "galaxy.yml"), "r", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("version:"):
                    return line.split(":", 1)[1].strip().strip("'\"")
    except OSError:
        pass
    return "unknown"


class Collector(object):
    """Report material of one run, by kind.

    Ok results with report_kind go to their kind's builder.  A failed change task goes to the
    change builder at once, whole and in order (its records sit between the steps before it and
    the rollback); other failures are kept small and handed to the builders by finish(): to their
    kind's as the failed report task, to every builder as a remark.  Not thread-safe: the
    callback holds its lock around every call.
    """

    def __init__(self, factory=make_builder):
        self._factory = factory
        self.builders = {}
        self.failures = []      # (host, small result, unreachable, task name, kind), kinds other than change
        self.reasons = []
        self.failed_hosts = set()

    def builder(self, kind):
        b = self.builders.get(kind)
        if b is None:
            b = self.builders[kind] = self._factory(kind)
        return b

    def reason(self, text):
        if text not in self.reasons:
            self.reasons.append(text)

    def has_material(self):
        return bool(self.builders or self.failures)

    def add_ok(self, host, result):
        kind = result.get("report_kind")
        if kind and isinstance(kind, str):
            self.builder(kind).add_result(host, result)

    def add_failure(self, host, result, action, task_name, unreachable=False, ignore_errors=False, item=False):
        """A failed or unreachable result of module `action` (a loop's item when `item`)."""
        kind = result.get("report_kind") if isinstance(result.get("report_kind"), str) else None
        kind = kind or kind_of_action(action)
        if item and not (result.get("report_kind") or kind):
            return  # a failed item counts only when it is report material
        if ignore_errors and kind is None:
            return
        if not item and kind is not None and isinstance(result.get("results"), list):
            return  # a looped report task: its items were recorded one by one
        self.failed_hosts.add(host)
        if kind == "change":
            self.builder(kind).add_failure(host, result, unreachable=unreachable, task_name=task_name)
            return
        small = dict((k, result[k]) for k in FAILURE_KEYS if k in result)
        self.failures.append((host, small, unreachable, task_name, kind))

    def finish(self, kinds=None):
        """Hand the kept failures to the builders; returns the builders.

        `kinds`: report kinds that must exist even without material (a change report for a change
        killed before its first step).
        """
        for kind in kinds or ():
            self.builder(kind)
        for host, small, unreachable, name, kind in self.failures:
            if kind is not None:
                self.builder(kind).add_failure(host, small, unreachable=unreachable, task_name=name, report_task=True)
        for host, small, unreachable, name, kind in self.failures:
            if kind is None:
                for b in self.builders.values():
                    b.add_failure(host, small, unreachable=unreachable, task_name=name, report_task=False)
        self.failures = []
        return self.builders

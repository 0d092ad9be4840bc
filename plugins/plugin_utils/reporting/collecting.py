# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How task results become report material: the one set of rules for every way a report is collected.

The report callback (plugins/callback/report.py) applies them to live task results, and
runner_events.py to ansible-runner's stored job events when the callback never finished, so both
say the same about the same run.  Here: which results are report material, which report kind a
failed task belongs to, what of a failed result is kept, how failures reach the builders, and
the collection version both put in the run facts (run id and operator: module_utils/run_facts.py).
Which kinds exist and how a result is recognised is the registry's (kinds.py).
"""

from __future__ import annotations

import json
import os

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds

# What is kept of a failed result that is not kept whole (no module args, no stdout beyond the error).
FAILURE_KEYS = ("msg", "message", "exception", "stderr", "module_stderr", "platform", "endpoint")
NO_HOSTS_REASON = "play stopped early: no hosts remaining (all hosts failed or any_errors_fatal)"


def still_running_reason(host, task_name):
    """The incomplete reason for a task that was running on `host` when the run ended."""
    return "%s: task %r was still running when the run ended; what it did is not recorded" % (host, task_name)


def kind_of_failure(result, action):
    """The report kind of a failed or unreachable result: its own report_kind, else the one its module documents."""
    return kinds.kind_of_result(result) or kinds.documented_kind(action)


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

    Ok results with a registered report_kind go to their kind's builder.  A failed task of a kind that
    keeps failed results whole (change) goes to its builder at once, in order (its records sit between
    the steps before it and the rollback); other failures are kept small and handed to the builders by finish(): to their
    kind's as the failed report task, to every builder as a remark.  Not thread-safe: the
    callback holds its lock around every call.
    """

    def __init__(self, factory=kinds.make_builder):
        self._factory = factory
        self.builders = {}
        self.failures = []      # (host, small result, unreachable, task name, kind), kinds other than change
        self.reasons = []
        self.failed_hosts = set()
        self.running = {}       # (host, task uuid) -> task name: started on that host and not ended yet

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

    def task_started(self, host, task_uuid, name):
        self.running[(host, task_uuid)] = name

    def task_ended(self, host, task_uuid):
        self.running.pop((host, task_uuid), None)

    def still_running(self):
        """(host, task name) of every task that started on a host and never ended: what an interruption cut."""
        return [(host, name) for (host, _uuid), name in self.running.items()]

    def add_ok(self, host, result):
        kind = kinds.kind_of_result(result)
        if kind is not None:
            self.builder(kind).add_result(host, result)

    def add_failure(self, host, result, action, task_name, unreachable=False, ignore_errors=False, item=False):
        """A failed or unreachable result of module `action` (a loop's item when `item`)."""
        kind = kind_of_failure(result, action)
        if item and kind is None:
            return  # a failed item counts only when it is report material
        if ignore_errors and kind is None:
            return
        if not item and kind is not None and isinstance(result.get("results"), list):
            return  # a looped report task: its items were recorded one by one
        self.failed_hosts.add(host)
        if kind is not None and kinds.get(kind).failed_results_whole:
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

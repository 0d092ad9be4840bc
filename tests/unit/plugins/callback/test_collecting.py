# -*- coding: utf-8 -*-
"""plugin_utils/reporting/collecting.py: the collection rules the report callback and the job-events rebuild share.

The parity test feeds the same task results to the callback (as Ansible would) and to
runner_events.EventCollector (as runner stores them) and asserts the same documents come out.
"""
from __future__ import annotations

import json
import os

import pytest

from ansible_collections.cloudops.privatecloud.plugins.callback import report
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import collecting, runner_events

from ..plugin_utils import change_synthetic as cs
from ..plugin_utils.reporting import synthetic as syn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


@pytest.mark.parametrize("result,action,kind", [
    ({"report_kind": "backup", "msg": "x"}, "cloudops.privatecloud.zstack_inspect", "backup"),   # the result's own key first
    ({"msg": "crashed"}, "cloudops.privatecloud.zstack_vpc_rollback", "change"),   # else what the module documents
    ({"msg": "crashed"}, "change_window", "change"),
    ({"msg": "crashed"}, "cloudops.privatecloud.apsara_inspect", "inspection"),
    ({"msg": "crashed"}, "cloudops.privatecloud.zstack_restore_test", "backup"),
    ({"msg": "crashed"}, "cloudops.privatecloud.zstack_backup_validate", "backup"),
    ({"report_kind": "nonsense"}, "ansible.builtin.fail", None),
    ({}, "x_restore_test", None),                 # a name alone says nothing
    ({}, "ansible.builtin.fail", None),
    ({}, None, None),
])
def test_kind_of_failure(result, action, kind):
    assert collecting.kind_of_failure(result, action) == kind


def test_collection_version_from_the_source_tree():
    with open(os.path.join(ROOT, "galaxy.yml"), "r", encoding="utf-8") as fh:
        version = [line.split(":", 1)[1].strip() for line in fh if line.startswith("version:")][0]
    assert collecting.collection_version() == version != "unknown"


# -- the callback and the events rebuild agree ---------------------------------------------------------
class _Host(object):
    def __init__(self, name):
        self.name = name

    def get_name(self):
        return self.name


class _Task(object):
    def __init__(self, action):
        self.action = action


class _Result(object):
    """What the callback gets from Ansible: host, task (with its action), task_name, result."""

    def __init__(self, host, task_name, action, res):
        self.host, self.task_name, self.task, self.result = _Host(host), task_name, _Task(action), res


def _script():
    """(callback method, ignore_errors, host, task, action, result): every route a result can take."""
    failed = cs.apply_result(upto=3, fail_at=2)
    return [
        ("v2_runner_on_ok", False, "zs-a", "inspect", "cloudops.privatecloud.zstack_inspect", syn.inspection_result(n=12)),
        ("v2_runner_on_failed", False, "zs-b", "inspect", "cloudops.privatecloud.zstack_inspect",
         {"msg": "connection refused", "invocation": {"module_args": {"password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}},
          "endpoint": "https://127.0.0.2:1"}),
        ("v2_runner_on_unreachable", False, "zs-c", "rt", "cloudops.privatecloud.zstack_restore_test", {"msg": "unreachable"}),
        ("v2_runner_on_failed", False, "zs-d", "probe", "ansible.builtin.uri", {"msg": "probe failed", "stderr": "e"}),
        ("v2_runner_on_failed", True, "zs-d", "ignored", "ansible.builtin.uri", {"msg": "ignored"}),
        ("v2_runner_on_ok", False, "ap-a", "pre", "cloudops.privatecloud.apsara_vpc_precheck", cs.plan_result()),
        ("v2_runner_item_on_ok", False, "ap-a", "apply", "cloudops.privatecloud.apsara_vpc", dict(cs.apply_result(upto=1), item="a")),
        ("v2_runner_item_on_failed", False, "ap-a", "apply", "cloudops.privatecloud.apsara_vpc", dict(failed, item="b")),
        ("v2_runner_item_on_failed", False, "ap-a", "loop", "ansible.builtin.command", {"msg": "not material", "item": "c"}),
        ("v2_runner_on_failed", False, "ap-a", "apply", "cloudops.privatecloud.apsara_vpc",
         {"results": [failed], "failed": True, "msg": "One or more items failed"}),
        ("v2_runner_on_async_failed", False, "ap-a", "rb", "cloudops.privatecloud.apsara_vpc_rollback", {"msg": "crashed"}),
        ("v2_runner_on_ok", False, "ap-a", "secret", "cloudops.privatecloud.apsara_vpc", {"censored": "hidden"}),
    ]


def _event(method, ignore_errors, host, task, action, res):
    data = {"host": host, "task": task, "task_action": action, "res": res}
    if method == "v2_runner_on_failed":
        data["ignore_errors"] = ignore_errors   # runner records it on runner_on_failed only
    return {"event": method[len("v2_"):], "event_data": data}


def _docs(builders):
    run = {"id": "20261127T140000Z-abcdef", "started": "2026-11-27T14:00:00Z", "ended": "2026-11-27T14:05:00Z",
           "operator": "alice", "incomplete_reasons": [], "notes": []}
    return dict((kind, json.dumps(b.build(run, None), sort_keys=True)) for kind, b in builders.items())


def test_callback_and_job_events_collect_the_same_material():
    script = _script()
    cb = report.CallbackModule()
    cb._done = True  # pylint: disable=protected-access
    for method, ignore_errors, host, task, action, res in script:
        result = _Result(host, task, action, res)
        if method == "v2_runner_on_failed":
            cb.v2_runner_on_failed(result, ignore_errors=ignore_errors)
        else:
            getattr(cb, method)(result)
    cb.v2_playbook_on_no_hosts_remaining()
    material = cb._material  # pylint: disable=protected-access
    events = [_event(*step) for step in script] + [{"event": "playbook_on_no_hosts_remaining", "event_data": {}}]
    collector = runner_events.EventCollector().add_events(events)

    assert collector.reasons == material.reasons == [collecting.NO_HOSTS_REASON]
    assert collector.failed_hosts == material.failed_hosts == {"zs-b", "zs-c", "zs-d", "ap-a"}
    # kept small: the error, never the module args
    assert ("zs-b", {"msg": "connection refused", "endpoint": "https://127.0.0.2:1"}, False, "inspect", "inspection") \
        in material.failures
    assert [f[3] for f in material.failures] == ["inspect", "rt", "probe"]   # not the ignored one, not the item
    assert collector.failures == material.failures
    built = _docs(material.finish())
    assert sorted(built) == ["backup", "change", "inspection"]
    assert built == _docs(collector.finish())
    change = json.loads(built["change"])
    assert [e["task"] for e in change["targets"][0]["errors"]] == ["apply", "rb"]
    assert [s["status"] for s in change["targets"][0]["steps"]] == ["applied", "applied", "failed", "not_started"]

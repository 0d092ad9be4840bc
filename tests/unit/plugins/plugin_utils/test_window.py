# -*- coding: utf-8 -*-
"""plugin_utils/window.py: the change window rules as pure functions of their arguments and `now`."""
from __future__ import annotations

import datetime

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import CHANGE_STATUSES, new_change_record
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import window

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)          # 22:00 in Asia/Shanghai
SPEC = {"start": "2026-11-27 21:00", "end": "2026-11-28 01:00", "timezone": "Asia/Shanghai", "ticket": "ITSM-1"}
HOSTS = ["zs-a", "zs-b", "ap-c"]


def at(hours):
    return NOW + datetime.timedelta(hours=hours)


def task_vars(batch=None, **extra):
    tv = {"ansible_play_hosts_all": HOSTS, "ansible_play_batch": batch or HOSTS, "inventory_hostname": (batch or HOSTS)[0],
          "hostvars": dict((h, {"cloud_platform": "apsara" if h.startswith("ap") else "zstack"}) for h in HOSTS)}
    tv.update(extra)
    return tv


def args(**extra):
    a = {"change": {"id": "CHG-1", "title": "t"}, "window": dict(SPEC)}
    a.update(extra)
    return a


@pytest.mark.parametrize("hours,state", [(-2, "not_yet_open"), (0, "open"), (2.99, "open"), (3, "closed"), (5, "closed")])
def test_evaluate_states_at_the_edges(hours, state):
    parsed = window.parse_window(SPEC)
    out = window.evaluate(parsed, at(hours))
    assert out["state"] == state and out["timezone"] == "Asia/Shanghai" and out["ticket"] == "ITSM-1"
    assert out["start"] == "2026-11-27T21:00:00+08:00" and out["end"] == "2026-11-28T01:00:00+08:00"
    assert out["remaining_s"] == int((parsed["end"] - at(hours)).total_seconds())
    assert ("opens_in_s" in out) is (state == "not_yet_open")


def test_override_only_matters_outside_the_window():
    parsed = window.parse_window(SPEC)
    assert window.evaluate(parsed, at(0), override=True, override_reason="r")["state"] == "open"
    closed = window.evaluate(parsed, at(4), override=True, override_reason="incident INC-9")
    assert closed["state"] == "overridden" and closed["override_reason"] == "incident INC-9"
    assert window.evaluate(parsed, at(4), override=False, override_reason="ignored")["override_reason"] is None


def test_edge_texts_name_local_time_and_distance():
    parsed = window.parse_window(SPEC)
    assert window.window_edge("CHG-1", parsed, at(-2)) == \
        "change window for CHG-1 opens at 2026-11-27 21:00 (Asia/Shanghai), in 1 h"
    assert window.refusal_message("CHG-1", parsed, at(3.5)).startswith(
        "change window for CHG-1 closed at 2026-11-28 01:00 (Asia/Shanghai), 30 min ago; set override: true")


@pytest.mark.parametrize("batch,first,remaining", [
    (HOSTS, True, HOSTS), (["zs-a"], True, HOSTS), (["zs-b"], False, ["zs-b", "ap-c"]), (["ap-c"], False, ["ap-c"])])
def test_batch_position(batch, first, remaining):
    assert window.batch_position(task_vars(batch)) == (first, remaining)
    assert window.batch_position({}) == (True, [])


def test_open_window_lets_the_change_start_and_names_the_operator():
    out = window.check(args(), task_vars(awx_user_name="awx-bob"), at(1))
    assert out["changes"] == [] and not out.get("failed") and out["end_play"] is False
    assert out["change"] == {"id": "CHG-1", "ticket": "ITSM-1", "operator": "awx-bob", "window": out["window"], "title": "t"}
    assert out["report_kind"] == "change" and "open until 2026-11-28 01:00 (Asia/Shanghai), 2 h left" in out["msg"]


def test_refusal_records_are_the_one_change_record_shape():
    out = window.check(args(operator="alice"), task_vars(), at(-2))
    assert out["failed"] is True and [r["target"]["name"] for r in out["changes"]] == HOSTS
    rec = out["changes"][2]
    assert rec["status"] == "not_started" and rec["status"] in CHANGE_STATUSES and rec["reason"] == out["msg"]
    assert rec["platform"] == "apsara" and rec["started_at"] is None and rec["pre_checks"][0]["status"] == "FAIL"
    same = new_change_record(out["change"], "apsara", None, 1, "start_change", {"type": "host", "id": "ap-c", "name": "ap-c"})
    assert set(rec) == set(same) | {"reason"} and rec["uid"] == same["uid"]


def test_deadline_between_batches_ends_the_play_for_the_rest():
    out = window.check(args(), task_vars(["zs-b"]), at(4))
    assert out["end_play"] is True and not out.get("failed")
    assert [r["target"]["name"] for r in out["changes"]] == ["zs-b", "ap-c"]
    assert set(r["reason"] for r in out["changes"]) == {window.DEADLINE_REASON}


def test_check_mode_is_a_dry_run_outside_the_window():
    out = window.check(args(), task_vars(), at(-2), check_mode=True)
    assert not out.get("failed") and out["changes"] == [] and out["msg"].startswith("check mode: change window for CHG-1 opens")


@pytest.mark.parametrize("extra,message", [
    ({"change": {"title": "no id"}}, "change.id is required"),
    ({"override": True}, "override_reason is required"),
    ({"window": None}, "window is required"),
])
def test_invalid_input_fails_with_the_field_named(extra, message):
    out = window.check(args(**extra), task_vars(), at(0))
    assert out["failed"] is True and message in out["msg"] and out["changes"] == []


def test_window_from_the_change_spec_when_the_option_is_empty():
    out = window.check({"change": {"id": "CHG-2", "window": dict(SPEC)}, "window": {"start": None, "end": None}},
                       task_vars(), at(1))
    assert out["window"]["state"] == "open"


def test_may_start_is_the_same_rule_for_tools():
    assert window.may_start(SPEC, False, False, "CHG-1", at(1)) is None
    assert window.may_start(SPEC, True, False, "CHG-1", at(5)) is None      # override
    assert window.may_start(SPEC, False, True, "CHG-1", at(5)) is None      # dry run
    assert window.may_start(SPEC, False, False, None, at(5)).startswith("change window for this change closed")
    with pytest.raises(window.WindowError):
        window.may_start({"start": "tonight"}, False, False, "CHG-1", at(0))

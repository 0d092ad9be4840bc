# -*- coding: utf-8 -*-
"""The change_window action plugin: window parsing, the first-batch refusal, override, the deadline
between serial batches, check mode.  Windows are computed around the real now."""
from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail
from ansible.playbook.task import Task

from ansible_collections.cloudops.privatecloud.plugins.action import change_window as cw
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import window

TZ = "Asia/Shanghai"
HOSTS = ["zs-a", "zs-b", "ap-c"]


def local(delta_s, tz=TZ, fmt="%Y-%m-%d %H:%M:%S"):
    """Wall-clock time in `tz`, `delta_s` from now, without an offset."""
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta_s)
    return now.astimezone(window.parse_timezone(tz)).strftime(fmt)


def action(args, check_mode=False):
    """A real ActionModule around a real Task (check mode set as the strategy would)."""
    task = Task()
    task.args = args
    task.check_mode = check_mode
    task.async_val = 0
    return cw.ActionModule(task, mock.MagicMock(), mock.MagicMock(check_mode=check_mode), loader=None, templar=None,
                           shared_loader_obj=None)


def task_vars(batch=None, **extra):
    batch = batch or HOSTS
    tv = {"ansible_play_hosts_all": HOSTS, "ansible_play_batch": batch, "inventory_hostname": batch[0],
          "hostvars": dict((h, {"cloud_platform": "apsara" if h.startswith("ap") else "zstack"}) for h in HOSTS)}
    tv.update(extra)
    return tv


def args(start, end, tz=TZ, **extra):
    a = {"change": {"id": "CHG-1", "ticket": "ITSM-1", "title": "test change"}, "window": {"start": start, "end": end, "timezone": tz}}
    a.update(extra)
    return a


def run(a, tv=None, check_mode=False):
    return action(a, check_mode).run(task_vars=tv or task_vars())


# -- parsing -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("2026-11-27 22:00", "2026-11-27T22:00:00+08:00"),
    ("2026-11-27 22:00:30", "2026-11-27T22:00:30+08:00"),
    ("2026-11-27T22:00:00", "2026-11-27T22:00:00+08:00"),
    ("2026-11-27T14:00:00Z", "2026-11-27T22:00:00+08:00"),
    ("2026-11-27T23:00:00+09:00", "2026-11-27T22:00:00+08:00"),
])
def test_time_formats(text, expected):
    tz = window.parse_timezone(TZ)
    assert window.parse_time(text, tz, "start").astimezone(tz).isoformat() == expected


def test_yaml_timestamp_and_dst_gap():
    ny = window.parse_timezone("America/New_York")
    naive = datetime.datetime(2026, 11, 27, 22, 0)
    assert window.parse_time(naive, ny, "start").utcoffset() == datetime.timedelta(hours=-5)
    with pytest.raises(window.WindowError, match=r"window.start 2026-03-08 02:30 does not exist in America/New_York"):
        window.parse_time("2026-03-08 02:30", ny, "start")


@pytest.mark.parametrize("spec,field", [
    ({}, "window is required"),
    ({"start": "2026-11-27 22:00", "end": "2026-11-28 02:00"}, "window.timezone is required"),
    ({"start": "2026-11-27 22:00", "end": "2026-11-28 02:00", "timezone": "Mars/Olympus"}, "window.timezone 'Mars/Olympus'"),
    ({"end": "2026-11-28 02:00", "timezone": TZ}, "window.start is required"),
    ({"start": "2026-11-27 22:00", "timezone": TZ}, "window.end is required"),
    ({"start": "tonight", "end": "2026-11-28 02:00", "timezone": TZ}, "window.start 'tonight' is not a time"),
    ({"start": "2026-11-27", "end": "2026-11-28 02:00", "timezone": TZ}, "window.start '2026-11-27' is not a time"),
    ({"start": "2026-11-27 25:00", "end": "2026-11-28 02:00", "timezone": TZ}, "window.start '2026-11-27 25:00' is not a valid time"),
    ({"start": "2026-11-28 02:00", "end": "2026-11-27 22:00", "timezone": TZ}, r"window.end \(2026-11-27 22:00\) must be after"),
])
def test_invalid_window_names_the_field(spec, field):
    result = run({"change": {"id": "CHG-1"}, "window": spec})
    assert result["failed"] is True and result["report_kind"] == "change"
    assert re.search(field, result["msg"]), result["msg"]
    assert "window" not in result and result["changes"] == []


def test_change_id_and_override_reason_required():
    assert run({"change": {"title": "x"}, "window": {"start": local(-60), "end": local(3600), "timezone": TZ}})["msg"].startswith(
        "change.id is required")
    result = run(args(local(3600), local(7200), override=True))
    assert result["failed"] and result["msg"].startswith("override_reason is required")


def test_unknown_option_and_misspelled_window_key_fail():
    with pytest.raises(AnsibleActionFail, match="timezome"):
        run({"change": {"id": "C"}, "window": {"start": local(-60), "end": local(60), "timezome": TZ}})
    with pytest.raises(AnsibleActionFail, match="missing required arguments: change"):
        run({"window": {"start": local(-60), "end": local(60), "timezone": TZ}})


# -- deciding ----------------------------------------------------------------------------------
def test_open_window_returns_change_for_modules():
    result = run(args(local(-3600), local(2 * 3600)), task_vars(awx_user_name="alice"))
    assert not result.get("failed") and result["end_play"] is False and result["changes"] == []
    w = result["window"]
    assert w["state"] == "open" and w["timezone"] == TZ and w["end"].endswith("+08:00")
    assert 7190 <= w["remaining_s"] <= 7200 and w["override"] is False
    assert result["change"] == {"id": "CHG-1", "ticket": "ITSM-1", "title": "test change", "operator": "alice", "window": w}
    assert result["targets"] == HOSTS and result["report_kind"] == "change" and result["changed"] is False
    assert "open until" in result["msg"]


def test_operator_option_wins_and_window_from_change():
    a = {"change": {"id": "CHG-9", "window": {"start": local(-60), "end": local(600), "timezone": "UTC"}}, "operator": "bob"}
    result = run(a, task_vars(tower_user_name="carol"))
    assert result["change"]["operator"] == "bob" and result["window"]["timezone"] == "UTC"
    assert run(dict(a, operator=None), task_vars(tower_user_name="carol"))["change"]["operator"] == "carol"


def test_not_yet_open_in_first_batch_refuses_with_records_for_every_host():
    result = run(args(local(2 * 3600 + 5 * 60 + 30), local(5 * 3600)), task_vars(batch=["zs-a"]))
    assert result["failed"] is True and result["window"]["state"] == "not_yet_open"
    assert "change window for CHG-1 opens at" in result["msg"] and "(Asia/Shanghai), in 2 h 5 min" in result["msg"]
    assert "set override: true and override_reason" in result["msg"]
    recs = result["changes"]
    assert [r["target"] for r in recs] == [{"type": "host", "id": h, "name": h} for h in HOSTS]
    assert set(r["status"] for r in recs) == {"not_started"} and [r["platform"] for r in recs] == ["zstack", "zstack", "apsara"]
    assert recs[0]["reason"] == result["msg"] and recs[0]["pre_checks"][0]["status"] == "FAIL"
    assert recs[0]["change_id"] == "CHG-1" and recs[0]["ticket"] == "ITSM-1" and len(set(r["uid"] for r in recs)) == 3


def test_closed_in_first_batch_refuses():
    result = run(args(local(-5 * 3600), local(-70 * 60)))
    assert result["failed"] and result["window"]["state"] == "closed" and result["window"]["remaining_s"] < 0
    assert "closed at" in result["msg"] and "1 h 10 min ago" in result["msg"] and len(result["changes"]) == 3


def test_override_proceeds_and_records_reason():
    result = run(args(local(-5 * 3600), local(-3600), override=True, override_reason="INC-42 outage"))
    assert not result.get("failed") and result["end_play"] is False and result["changes"] == []
    assert result["window"]["state"] == "overridden" and result["window"]["override"] is True
    assert result["window"]["override_reason"] == "INC-42 outage" and result["override_reason"] == "INC-42 outage"
    assert any("override" in w for w in result["warnings"])


def test_later_batch_after_deadline_ends_play_for_this_and_later_batches():
    result = run(args(local(-3 * 3600), local(-30)), task_vars(batch=["zs-b"]))
    assert not result.get("failed") and result["end_play"] is True
    assert [r["target"]["name"] for r in result["changes"]] == ["zs-b", "ap-c"]
    assert set(r["reason"] for r in result["changes"]) == {window.DEADLINE_REASON}
    assert "before this batch started" in result["warnings"][0] and "2 host(s) not started" in result["msg"]


def test_later_batch_inside_window_goes_on():
    result = run(args(local(-60), local(3600)), task_vars(batch=["ap-c"]))
    assert not result.get("failed") and result["end_play"] is False and result["changes"] == []


def test_check_mode_outside_window_is_a_dry_run_not_a_refusal():
    result = run(args(local(3600), local(7200)), check_mode=True)
    assert not result.get("failed") and result["window"]["state"] == "not_yet_open" and result["end_play"] is False
    assert "dry run goes ahead" in result["warnings"][0]


def test_human_duration():
    assert [window.human_duration(s) for s in (45, 300, 7500, 7200, 3 * 86400 + 7200, 86400)] == [
        "45 s", "5 min", "2 h 5 min", "2 h", "3 d 2 h", "1 d"]


def test_a_change_naming_a_host_not_in_the_inventory_is_refused_even_in_check_mode():
    """Issue 18 item 8: a host of the change file missing from the inventory was skipped without a word."""
    tv = task_vars(groups={"all": list(HOSTS)})
    for check_mode in (False, True):
        result = run(args(local(-3600), local(3600), hosts=list(HOSTS) + ["zs-typo"]), tv, check_mode=check_mode)
        assert result["failed"] is True and result["refused"] is True
        assert "names host(s) not in the inventory: zs-typo" in result["msg"]
        assert [r["target"]["name"] for r in result["changes"]] == HOSTS
        assert set(r["status"] for r in result["changes"]) == {"not_started"}
    assert not run(args(local(-3600), local(3600), hosts=list(HOSTS)), tv).get("failed")
    assert window.unknown_hosts(None, tv) == []

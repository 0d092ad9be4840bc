"""zstack_events and apsara_events run in-process (patch_module_args) against the labs; bad periods fail first."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_events, zstack_events
from lab.apsara import ApsaraLab

from .module_runner import lab_args, run_module


@pytest.fixture(scope="module")
def alab():
    with ApsaraLab(world="apsara_alarms", https_port=None) as lab:
        yield lab


def apsara_args(lab, **extra):
    args = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
            "organization_id": lab.organization_id, "endpoints": lab.endpoints}
    args.update(extra)
    return args


def test_zstack_events_of_a_day(zstack_lab, capsys):
    failed, result = run_module(zstack_events, lab_args(zstack_lab, days=1), capsys)
    assert not failed, result
    assert result["report_kind"] == "events" and result["platform"] == "zstack" and result["changed"] is False
    names = sorted((e["rule_name"], e["status"]) for e in result["events"])
    assert ("ps-usage-high", "open") in names and ("vm-cpu-high", "recovered") in names
    assert result["summary"]["events"] == len(result["events"]) and result["api_calls"] >= 3
    assert all(len(e["event_id"]) == 32 and e["endpoint"] == result["endpoint"] for e in result["events"])


@pytest.mark.parametrize("args, text", [
    (dict(until="2099-01-01T00:00:00Z"), "future"),
    (dict(days=400), "longer than 365"),
    (dict(since="last tuesday"), "ISO 8601"),
])
def test_a_bad_period_fails_before_any_request(fresh_lab, capsys, args, text):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_events, lab_args(fresh_lab, **args), capsys)
    assert failed and text in result["msg"] and result["report_kind"] == "events"
    assert fresh_lab.stats()["requests"] == 0


def test_apsara_events_of_a_month(alab, capsys):
    failed, result = run_module(apsara_events, apsara_args(alab, days=30), capsys)
    assert not failed, result
    sources = sorted(set(e["source"] for e in result["events"]))
    assert sources == ["alert_history", "system_event"] and result["skipped"] == []
    assert result["period"]["until"] > result["period"]["since"]


def test_apsara_bad_period_fails_before_any_request(alab, capsys):
    alab.reset_stats()
    failed, result = run_module(apsara_events, apsara_args(alab, since="2026-12-02T00:00:00Z", until="2026-12-01T00:00:00Z"),
                                capsys)
    assert failed and "before" in result["msg"]
    assert alab.stats()["requests"] == 0


def test_a_bad_time_zone_fails_before_any_request(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_events, lab_args(fresh_lab, time_zone="Mars/Olympus", holidays=["1.1."]), capsys)
    assert failed and "IANA" in result["msg"] and "YYYY-MM-DD" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0

# -*- coding: utf-8 -*-
"""The event model: stable ids, priorities as data, pairing recoveries, the collection period."""
from __future__ import annotations

import datetime

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import model, period

NOW = datetime.datetime(2026, 12, 7, 12, 0, 0, tzinfo=datetime.timezone.utc)


def test_the_id_is_stable_and_names_every_part():
    one = model.event_id("zstack", "https://zs:8443/", "a1", "vm-1", "2026-12-07T08:00:00Z")
    assert one == model.event_id("zstack", "https://zs:8443", "a1", "vm-1", "2026-12-07T08:00:00Z") and len(one) == 32
    for other in (("apsara", "https://zs:8443", "a1", "vm-1", "2026-12-07T08:00:00Z"),
                  ("zstack", "https://zs2:8443", "a1", "vm-1", "2026-12-07T08:00:00Z"),
                  ("zstack", "https://zs:8443", "a2", "vm-1", "2026-12-07T08:00:00Z"),
                  ("zstack", "https://zs:8443", "a1", "vm-2", "2026-12-07T08:00:00Z"),
                  ("zstack", "https://zs:8443", "a1", "vm-1", "2026-12-07T08:00:01Z")):
        assert model.event_id(*other) != one


@pytest.mark.parametrize("cloud, severity, priority", [
    ("zstack", "Emergent", "P1"), ("zstack", "Important", "P2"), ("zstack", "Normal", "P3"), ("zstack", "Other", "P4"),
    ("apsara", "CRITICAL", "P1"), ("apsara", "P3", "P2"), ("apsara", "info", "P3"),
    ("apsara", "SystemFailure.Reboot", "P1"), ("apsara", "SystemMaintenance.Reboot", "P3"), ("apsara", None, "P4"),
])
def test_priority_mapping(cloud, severity, priority):
    assert model.priority_of(cloud, severity) == priority


def test_a_custom_mapping_is_data():
    assert model.priority_of("zstack", "Normal", {"zstack": {"Normal": "P2"}}) == "P2"


def ev(start, resource="vm-1"):
    return model.make_event("zstack", "e", "alarm_record", "a1", resource, start, "Important")


def test_pairing_closes_each_episode_with_the_next_recovery_and_keeps_an_earlier_one():
    rec = [model.make_recovery("zstack", "e", "a1", "vm-1", t) for t in
           ("2026-12-07T07:00:00Z", "2026-12-07T08:30:00Z", "2026-12-07T10:30:00Z")]
    events, left = model.pair([ev("2026-12-07T10:00:00Z"), ev("2026-12-07T08:00:00Z"), ev("2026-12-07T11:00:00Z")], rec)
    assert [(e["alert_time"][11:16], e["status"], (e["recovered_time"] or "")[11:16]) for e in events] == [
        ("08:00", "recovered", "08:30"), ("10:00", "recovered", "10:30"), ("11:00", "open", "")]
    assert [r["recovered_time"][11:16] for r in left] == ["07:00"]


def test_an_event_needs_its_time_and_a_known_cloud():
    with pytest.raises(ValueError):
        model.make_event("aws", "e", "x", "r", "vm", "2026-12-07T08:00:00Z", "P1")
    with pytest.raises(ValueError):
        model.make_event("zstack", "e", "x", "r", "vm", None, "P1")


def test_times():
    assert model.iso_from_ms(1796630400000) == "2026-12-07T08:00:00Z" and model.iso_from_ms("x") is None
    assert model.iso_text("2026-12-07T08:00:00.000Z") == "2026-12-07T08:00:00Z"
    assert model.iso_text("2026-12-07T16:00:00+08:00") == "2026-12-07T08:00:00Z"


def test_period_checks_before_any_call():
    start, end = period.resolve(days=7, now=NOW)
    assert (end - start).days == 7 and end == NOW
    for kwargs, text in ((dict(until="2026-12-08T00:00:00Z"), "future"), (dict(since="2026-12-07T13:00:00Z", until="2026-12-07T12:00:00Z"), "before"),
                         (dict(days=400), "longer"), (dict(since="yesterday"), "ISO 8601"), (dict(), "days > 0"),
                         (dict(since="2025-11-01T00:00:00Z", until="2025-11-02T00:00:00Z"), "days ago")):
        with pytest.raises(ValueError, match=text):
            period.resolve(now=NOW, **kwargs)


def test_windows_cover_without_overlap():
    assert period.windows(0, 35, 10) == [(0, 10), (11, 21), (22, 32), (33, 35)]
    assert period.windows(5, 5, 10) == []

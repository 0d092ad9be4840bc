# -*- coding: utf-8 -*-
"""The response SLA on constructed timelines, exact figures (site in Asia/Shanghai, UTC+8; 2026-12-07 is a Monday)."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import sla

TZ = "Asia/Shanghai"


def ev(eid, priority, alert, ack=None, first_seen=None, recovered=None):
    return {"event_id": eid, "priority": priority, "alert_time": alert, "first_seen": first_seen or alert,
            "recovered_time": recovered, "acks": [{"acked_at": ack}] if ack else []}


# local time in the comments
EVENTS = [
    # Fri 17:55 -> Mon 09:03 (a weekend): 5 min Friday + 3 min Monday under 5x8
    ev("A", "P2", "2026-12-04T09:55:00Z", "2026-12-07T01:03:00Z", "2026-12-04T09:57:00Z", "2026-12-04T10:25:00Z"),
    # Tue 17:58 -> Wed 09:09 (a night): 2 + 9 = 11 min > 10
    ev("B", "P2", "2026-12-08T09:58:00Z", "2026-12-09T01:09:00Z"),
    # P1 on Sat 10:00 -> Mon 09:04: the clock starts Monday 09:00, 4 min < 5
    ev("C", "P1", "2026-12-05T02:00:00Z", "2026-12-07T01:04:00Z"),
    # P1 on Wed 23:00 -> Thu 09:06: 6 min > 5
    ev("D", "P1", "2026-12-09T15:00:00Z", "2026-12-10T01:06:00Z"),
    # Mon 10:00 -> 10:07 in working hours: 7 min on both clocks
    ev("E", "P3", "2026-12-07T02:00:00Z", "2026-12-07T02:07:00Z"),
    # Mon 17:50, not acknowledged by Mon 20:00 (the period's end): 10 min on the 5x8 clock (not over), 130 min 7x24
    ev("F", "P2", "2026-12-07T09:50:00Z"),
]
NOW = "2026-12-07T12:00:00Z"


def by_id(figures):
    return dict((f["event_id"], f) for f in figures["events_figures"])


def test_5x8_counts_only_working_hours_across_a_night_and_a_weekend():
    got = by_id(sla.period_figures(EVENTS, "5x8", TZ, now=NOW))
    assert {k: got[k]["time_to_acknowledge_seconds"] for k in "ABCDE"} == {"A": 480, "B": 660, "C": 240, "D": 360, "E": 420}
    assert {k: got[k]["breach"] for k in "ABCDEF"} == {"A": False, "B": True, "C": False, "D": True, "E": False, "F": False}
    assert (got["A"]["target_seconds"], got["C"]["target_seconds"]) == (600, 300)


def test_7x24_counts_the_wall_clock():
    got = by_id(sla.period_figures(EVENTS, "7x24", TZ, now=NOW))
    assert {k: got[k]["time_to_acknowledge_seconds"] for k in "ABCDE"} == {
        "A": 227280, "B": 54660, "C": 169440, "D": 36360, "E": 420}
    assert [k for k in "ABCDEF" if got[k]["breach"]] == ["A", "B", "C", "D", "F"]


def test_period_share_and_breaches():
    five = sla.period_figures(EVENTS, "5x8", TZ, now=NOW)
    assert (five["events"], five["acknowledged"], five["within_target"], five["share_within_target"]) == (6, 5, 3, 0.5)
    assert [b["event_id"] for b in five["breaches"]] == ["B", "D"]
    assert five["by_priority"] == {"P1": {"events": 2, "within_target": 1, "breaches": 1},
                                   "P2": {"events": 3, "within_target": 1, "breaches": 1},
                                   "P3": {"events": 1, "within_target": 1, "breaches": 0}}
    assert five["median_time_to_acknowledge_seconds"] == 420
    full = sla.period_figures(EVENTS, "7x24", TZ, now=NOW)
    assert (full["within_target"], len(full["breaches"])) == (1, 5)
    assert full["share_within_target"] == pytest.approx(1 / 6.0)


def test_detect_and_recover_are_wall_clock():
    got = by_id(sla.period_figures(EVENTS, "5x8", TZ, now=NOW))["A"]
    assert (got["time_to_detect_seconds"], got["time_to_recover_seconds"]) == (120, 1800)


def test_a_holiday_does_not_count_and_the_first_ack_is_the_one():
    event = ev("H", "P2", "2026-12-31T09:55:00Z", "2027-01-04T01:02:00Z")    # Thu 17:55 -> Mon 09:02, Fri 1 Jan off
    event["acks"].append({"acked_at": "2027-01-04T05:00:00Z"})
    assert sla.event_figures(event, "5x8", TZ, holidays=["2027-01-01"])["time_to_acknowledge_seconds"] == 420
    assert sla.event_figures(event, "5x8", TZ)["time_to_acknowledge_seconds"] == 420 + 9 * 3600


def test_no_events_has_no_share_and_bad_input_is_refused():
    assert sla.period_figures([], "5x8", TZ)["share_within_target"] is None
    with pytest.raises(sla.SlaError, match="unknown service tier"):
        sla.period_figures(EVENTS, "6x7", TZ)
    with pytest.raises(sla.SlaError, match="unknown time zone"):
        sla.service_seconds("2026-12-07T00:00:00Z", "2026-12-07T10:00:00Z", sla.TIERS["5x8"], "Mars/Olympus")
    with pytest.raises(sla.SlaError, match="without a zone"):
        sla.service_seconds("2026-12-07T00:00:00", "2026-12-07T10:00:00Z", sla.TIERS["7x24"])

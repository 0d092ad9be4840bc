# -*- coding: utf-8 -*-
"""Events, acks, resolutions and incidents in the run store, on real SQLite and PostgreSQL (tests/conftest.py)."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import model
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore

from .test_store import store_dsn  # noqa: F401  pylint: disable=unused-import

ZS = "https://zs.lab.invalid:8080"


@pytest.fixture
def store(store_dsn):  # noqa: F811  pylint: disable=redefined-outer-name
    with RunStore(store_dsn) as s:
        yield s


def alarm(rule="alarm-cpu", resource="vm-1", start="2026-12-07T08:00:00Z", recovered=None, level="Emergent"):
    return model.make_event("zstack", ZS, "alarm_record", rule, resource, start, level, recovered_time=recovered,
                            rule_name=rule, metric="CPUAverageUsedUtilization", value=93.5, threshold=80)


def test_an_event_seen_twice_is_one_event_and_its_recovery_closes_it(store):
    first = ev.merge(store, "acme", [alarm()], seen_at="2026-12-07T08:02:00Z", run_id="r1")
    assert first == {"new": 1, "seen": 0, "recovered": 0}
    again = ev.merge(store, "acme", [alarm(recovered="2026-12-07T08:30:00Z")], seen_at="2026-12-07T08:40:00Z", run_id="r2")
    assert again == {"new": 0, "seen": 1, "recovered": 1}
    rows = ev.events_in(store, "acme", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z")
    assert len(rows) == 1
    row = rows[0]
    assert (row["first_seen"], row["last_seen"], row["status"], row["recovered_time"]) == (
        "2026-12-07T08:02:00Z", "2026-12-07T08:40:00Z", "recovered", "2026-12-07T08:30:00Z")
    assert (row["first_run_id"], row["last_run_id"], row["priority"]) == ("r1", "r2", "P1")
    # seen once more without the recovery (an older window): stays recovered
    ev.merge(store, "acme", [alarm()], seen_at="2026-12-07T09:00:00Z")
    assert ev.get_event(store, "acme", row["event_id"])["status"] == "recovered"


def test_a_recovery_without_its_start_closes_the_open_event_of_its_rule_and_resource(store):
    ev.merge(store, "acme", [alarm(start="2026-12-07T08:00:00Z"), alarm(resource="vm-2")], seen_at="2026-12-07T08:05:00Z")
    rec = model.make_recovery("zstack", ZS, "alarm-cpu", "vm-1", "2026-12-07T09:00:00Z")
    early = model.make_recovery("zstack", ZS, "alarm-cpu", "vm-2", "2026-12-07T07:00:00Z")   # before it began: no match
    counts = ev.merge(store, "acme", [], [rec, early], seen_at="2026-12-07T09:05:00Z")
    assert counts["recovered"] == 1
    by_resource = dict((e["resource_id"], e) for e in ev.events_in(store, "acme"))
    assert by_resource["vm-1"]["status"] == "recovered" and by_resource["vm-1"]["recovered_time"] == "2026-12-07T09:00:00Z"
    assert by_resource["vm-2"]["status"] == "open"


def test_the_period_holds_events_still_open_from_before_and_sites_are_apart(store):
    ev.merge(store, "acme", [alarm(start="2026-11-30T23:00:00Z"),
                             alarm(resource="vm-2", start="2026-11-30T20:00:00Z", recovered="2026-11-30T21:00:00Z"),
                             alarm(resource="vm-3", start="2026-12-02T01:00:00Z")], seen_at="2026-12-02T02:00:00Z")
    ev.merge(store, "other", [alarm(resource="vm-9", start="2026-12-02T01:00:00Z")], seen_at="2026-12-02T02:00:00Z")
    got = [e["resource_id"] for e in ev.events_in(store, "acme", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    assert got == ["vm-1", "vm-3"]


def test_ack_and_resolve_record_who_when_how_and_an_unknown_event_writes_nothing(store):
    ev.merge(store, "acme", [alarm()], seen_at="2026-12-07T08:02:00Z")
    eid = alarm()["event_id"]
    got = ev.ack(store, "acme", eid, "alice", acked_at="2026-12-07T08:04:00Z", ticket="INC-1", note="looking",
                 cloud_acked=True)
    assert [(a["acked_by"], a["acked_at"], a["ticket"], a["cloud_acked"]) for a in got["acks"]] == [
        ("alice", "2026-12-07T08:04:00Z", "INC-1", True)]
    got = ev.resolve(store, "acme", eid, "bob", cause="runaway batch job", action="job stopped",
                     resolved_at="2026-12-07T08:31:00Z")
    assert [(r["resolved_by"], r["cause"], r["action"]) for r in got["resolutions"]] == [
        ("bob", "runaway batch job", "job stopped")]
    with pytest.raises(ev.EventError, match="unknown event"):
        ev.ack(store, "acme", "f" * 32, "alice")
    with pytest.raises(ev.EventError, match="unknown event"):
        ev.ack(store, "other-site", eid, "alice")
    with pytest.raises(ev.EventError, match="missing cause"):
        ev.resolve(store, "acme", eid, "bob", cause="", action="x")
    assert len(ev.get_event(store, "acme", eid)["acks"]) == 1 and len(ev.get_event(store, "acme", eid)["resolutions"]) == 1


def test_an_incident_from_events_keeps_its_timeline_and_bad_input_writes_nothing(store):
    ev.merge(store, "acme", [alarm(), alarm(resource="vm-2")], seen_at="2026-12-07T08:02:00Z")
    ids = [alarm()["event_id"], alarm(resource="vm-2")["event_id"]]
    with pytest.raises(ev.EventError, match="no event ids"):
        ev.open_incident(store, "acme", "INC-7", "CPU storm", [], "alice")
    with pytest.raises(ev.EventError, match="unknown event"):
        ev.open_incident(store, "acme", "INC-7", "CPU storm", ids + ["0" * 32], "alice")
    assert ev.get_incident(store, "INC-7") is None
    inc = ev.open_incident(store, "acme", "INC-7", "CPU storm", ids, "alice", opened_at="2026-12-07T08:06:00Z",
                           priority="P1", evidence={"hosts": ["host-1"]})
    assert [e["resource_id"] for e in inc["events"]] == ["vm-1", "vm-2"] and inc["evidence"] == {"hosts": ["host-1"]}
    with pytest.raises(ev.EventError, match="exists already"):
        ev.open_incident(store, "acme", "INC-7", "again", ids, "alice")
    ev.add_timeline(store, "INC-7", "action", "bob", "batch job stopped", at="2026-12-07T08:20:00Z")
    done = ev.close_incident(store, "INC-7", "bob", "runaway batch job", ["cap the job's CPU"], at="2026-12-07T09:00:00Z")
    assert [(t["at"], t["entry"]) for t in done["timeline"]] == [
        ("2026-12-07T08:06:00Z", "opened"), ("2026-12-07T08:20:00Z", "action"), ("2026-12-07T09:00:00Z", "closed")]
    assert done["status"] == "closed" and done["follow_ups"] == ["cap the job's CPU"]
    assert [i["incident_id"] for i in ev.incidents_in(store, "acme", "2026-12-01T00:00:00Z")] == ["INC-7"]
    with pytest.raises(ev.EventError, match="closed already"):
        ev.close_incident(store, "INC-7", "bob", "x")


def test_an_event_without_its_alert_time_is_refused_before_any_write(store):
    bad = dict(alarm(), alert_time=None)
    with pytest.raises(ev.EventError):
        ev.merge(store, "acme", [alarm(resource="vm-5"), bad])
    assert ev.events_in(store, "acme") == []

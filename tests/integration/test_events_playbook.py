"""playbooks/collect_events.yml with the report callback: both clouds -> run store -> events report; a second run
merges (no duplicates) and shows an acknowledgement recorded in between (playbooks/ack_event.yml)."""
from __future__ import annotations

import json

import pytest
from conftest import Runner  # pylint: disable=import-error

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore


def latest(runner):
    return json.loads((runner.reports / "events" / "latest" / "report.json").read_text(encoding="utf-8"))


def test_collect_events_twice_and_the_store_keeps_one_event_each(runner):
    dsn = "sqlite:///%s" % (runner.reports / "store.sqlite3")
    proc = runner.playbook("playbooks/collect_events.yml", "-e", "events_days=30", "-e", "cloudops_site=acme",
                           "-e", "cloudops_service_tier=5x8", "-e", "cloudops_time_zone=Asia/Shanghai")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "cloudops report [events]" in proc.stdout
    doc = latest(runner)
    clouds = sorted(set(e["cloud"] for e in doc["events"]))
    assert clouds == ["apsara", "zstack"] and doc["store"]["used"] and doc["sla_policy"]["service_tier"] == "5x8"
    with RunStore(dsn) as store:
        stored = ev.events_in(store, "acme")
        assert len(stored) == len(doc["events"]) == doc["store"]["merged"]["new"]
        first = stored[0]["event_id"]
    proc = runner.playbook("playbooks/collect_events.yml", "-e", "events_days=30", "-e", "cloudops_site=acme")
    assert proc.returncode == 0, proc.stdout[-3000:]
    doc2 = latest(runner)
    assert doc2["store"]["merged"]["new"] == 0 and doc2["store"]["merged"]["seen"] == len(doc["events"])
    with RunStore(dsn) as store:
        assert len(ev.events_in(store, "acme")) == len(doc["events"])
        assert [r["kind"] for r in store.runs(site="acme")] == ["events", "events"]
    assert first in set(e["event_id"] for e in doc2["events"])


@pytest.fixture
def own_runner(fresh_lab, apsara_lab, tmp_path):
    """A private ZStack lab: the ack sends AckAlarmData, which marks the alarm read, and the shared demo world's
    unread alarm is a finding the inspection tests expect (tests run in parallel on one session lab per worker)."""
    return Runner(fresh_lab, tmp_path, apsara_lab)


def test_ack_and_resolve_through_the_playbook(own_runner):
    runner = own_runner
    dsn = "sqlite:///%s" % (runner.reports / "store.sqlite3")
    site = ("-e", "cloudops_site=acme")
    proc = runner.playbook("playbooks/collect_events.yml", "-e", "events_days=7", *site)
    assert proc.returncode == 0, proc.stdout[-3000:]
    doc = latest(runner)
    zs = next(e for e in doc["events"] if e["cloud"] == "zstack" and e["rule_name"] == "ps-usage-high")
    ap = next(e for e in doc["events"] if e["cloud"] == "apsara")
    # unknown event: a clear error, nothing written
    proc = runner.playbook("playbooks/ack_event.yml", "-e", "event_id=" + "0" * 32, "-e", "acked_by=alice", *site)
    assert proc.returncode != 0 and "unknown event" in proc.stdout
    # check mode: the diff, nothing written, no AckAlarmData
    proc = runner.playbook("playbooks/ack_event.yml", "--check", "--diff", "-e", "event_id=" + zs["event_id"],
                           "-e", "acked_by=alice", "-e", "ticket=INC-7", *site)
    assert proc.returncode == 0, proc.stdout[-3000:]
    with RunStore(dsn) as store:
        assert ev.get_event(store, "acme", zs["event_id"])["acks"] == []
    assert runner.lab.state.all("alertack") == []
    proc = runner.playbook("playbooks/ack_event.yml", "-e", "event_id=" + zs["event_id"], "-e", "acked_by=alice",
                           "-e", "ticket=INC-7", "-e", json.dumps({"cause": "snapshots not expired", "fix": "expired snapshots deleted"}),
                           *site)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert [a["alertDataUuid"] for a in runner.lab.state.all("alertack")] == [zs["cloud_ref"]]
    proc = runner.playbook("playbooks/ack_event.yml", "-e", "event_id=" + ap["event_id"], "-e", "acked_by=bob", *site)
    assert proc.returncode == 0, proc.stdout[-3000:]
    again = runner.playbook("playbooks/ack_event.yml", "-e", "event_id=" + ap["event_id"], "-e", "acked_by=bob", *site)
    assert again.returncode == 0 and "changed=0" in again.stdout
    with RunStore(dsn) as store:
        got = ev.get_event(store, "acme", zs["event_id"])
        assert [(a["acked_by"], a["ticket"], a["cloud_acked"]) for a in got["acks"]] == [("alice", "INC-7", True)]
        assert [(r["cause"], r["action"]) for r in got["resolutions"]] == [("snapshots not expired", "expired snapshots deleted")]
        assert [(a["acked_by"], a["cloud_acked"]) for a in ev.get_event(store, "acme", ap["event_id"])["acks"]] == [("bob", False)]
    proc = runner.playbook("playbooks/collect_events.yml", "-e", "events_days=7", *site)
    doc = latest(runner)
    shown = next(e for e in doc["events"] if e["event_id"] == zs["event_id"])
    assert shown["acks"][0]["acked_by"] == "alice" and shown["sla"]["acknowledged"]


def test_an_incident_from_events_of_both_clouds_with_evidence_and_its_report(runner):
    site = ("-e", "cloudops_site=acme")
    assert runner.playbook("playbooks/collect_events.yml", "-e", "events_days=7", *site).returncode == 0
    doc = latest(runner)
    zs = next(e for e in doc["events"] if e["cloud"] == "zstack" and e["rule_name"] == "ps-usage-high")
    ap = next(e for e in doc["events"] if e["cloud"] == "apsara" and e["source"] == "alert_history")
    # no events, or an unknown one: a clear error, nothing written
    proc = runner.playbook("playbooks/incident.yml", "-e", json.dumps({"incident_event_ids": [], "incident_title": "x"}), *site)
    assert proc.returncode != 0
    proc = runner.playbook("playbooks/incident.yml", "-e", json.dumps({"incident_event_ids": ["f" * 32], "incident_title": "x"}),
                           *site)
    assert proc.returncode != 0 and "unknown event" in proc.stdout
    with RunStore("sqlite:///%s" % (runner.reports / "store.sqlite3")) as store:
        assert ev.incidents_in(store, "acme") == []          # nothing written (the run's report says incomplete)
    proc = runner.playbook("playbooks/incident.yml", "-e", json.dumps({
        "incident_event_ids": [zs["event_id"], ap["event_id"]], "incident_title": "PS-LOCAL-A full, app-03 memory",
        "incident_id": "INC-1", "incident_impact": "ERP slow"}), *site)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "cloudops report [incident] INC-1 P1 open" in proc.stdout
    report = json.loads((runner.reports / "incident" / "latest" / "report.json").read_text(encoding="utf-8"))
    evidence = report["incident"]["evidence"]
    assert set(evidence) >= {"zstack-lab", "apsara-lab", "recent_changes", "taken_at"}
    assert evidence["apsara-lab"]["instances"][0]["InstanceName"] == "app-03"
    assert "PS-LOCAL-A" in [p["name"] for p in evidence["zstack-lab"]["primary_storages"]]
    assert [t["entry"] for t in report["timeline"]][:3] == ["alert", "alert", "opened"] or "opened" in [t["entry"] for t in report["timeline"]]
    proc = runner.playbook("playbooks/incident.yml", "-e", json.dumps({
        "incident_state": "close", "incident_id": "INC-1", "incident_root_cause": "expired snapshots never deleted",
        "incident_follow_ups": ["retention policy"]}), *site)
    assert proc.returncode == 0, proc.stdout[-3000:]
    report = json.loads((runner.reports / "incident" / "latest" / "report.json").read_text(encoding="utf-8"))
    assert report["incident"]["status"] == "closed" and report["timeline"][-1]["entry"] in ("closed", "recovered")
    page = (runner.reports / "incident" / "latest" / "report.html").read_text(encoding="utf-8")
    assert "expired snapshots never deleted" in page and "retention policy" in page


def test_the_make_demo_lines(runner):
    """The lines the integrator adds to `make demo`: audit, the event list with SLA figures, one incident."""
    site = ("-e", "cloudops_site=acme")
    assert runner.playbook("playbooks/alarm_coverage.yml", *site).returncode == 0
    proc = runner.playbook("playbooks/collect_events.yml", "-e", "events_days=30", *site)
    assert proc.returncode == 0 and "cloudops report [events]" in proc.stdout
    proc = runner.playbook("playbooks/incident.yml", "-e", "incident_pick=open_p1", "-e",
                           json.dumps({"incident_title": "Demo: the open P1 alarms", "incident_impact": "demo"}), *site)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    report = json.loads((runner.reports / "incident" / "latest" / "report.json").read_text(encoding="utf-8"))
    assert report["incident"]["priority"] == "P1" and report["events"]
    assert {"alert", "opened"} <= set(t["entry"] for t in report["timeline"])

# -*- coding: utf-8 -*-
"""The `incident` report kind: timeline merged from the record and the events, SLA figures, every renderer."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import model
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore


@pytest.fixture
def incident(tmp_path):
    with RunStore("sqlite:///%s" % (tmp_path / "s.sqlite3")) as store:
        e1 = model.make_event("zstack", "https://zs", "alarm_record", "a1", "vm-1", "2026-12-07T08:00:00Z", "Emergent",
                              rule_name="vm-cpu-high", recovered_time="2026-12-07T08:40:00Z")
        e2 = model.make_event("apsara", "cn-lab-1", "alert_history", "r1", "i-1", "2026-12-07T08:02:00Z", "P3",
                              rule_name="<b>mem</b>")
        ev.merge(store, "acme", [e1, e2], seen_at="2026-12-07T08:03:00Z")
        ev.ack(store, "acme", e1["event_id"], "alice", acked_at="2026-12-07T08:04:00Z", ticket="INC-9")
        ev.open_incident(store, "acme", "INC-9", "CPU storm", [e1["event_id"], e2["event_id"]], "alice",
                         opened_at="2026-12-07T08:05:00Z", priority="P1", evidence={"hosts": [{"name": "kvm-a-02"}]})
        ev.resolve(store, "acme", e1["event_id"], "bob", "batch job", "job stopped", resolved_at="2026-12-07T08:30:00Z")
        ev.note_incidents(store, "acme", e1["event_id"], "action", "bob", "batch job: job stopped", "2026-12-07T08:30:00Z")
        yield ev.close_incident(store, "INC-9", "bob", "runaway batch job", ["cap batch CPU"], at="2026-12-07T09:00:00Z")


def build(incident):
    b = kinds.make_builder("incident")
    b.add_result("localhost", {"report_kind": "incident", "incident": incident,
                               "sla_policy": {"service_tier": "7x24", "time_zone": "UTC", "holidays": []}})
    return b.build({"id": "r1", "started": "2026-12-07T09:00:05Z"}, None)


def test_the_timeline_and_the_figures(incident):
    doc = build(incident)
    assert [(t["at"][11:16], t["entry"]) for t in doc["timeline"]] == [
        ("08:00", "alert"), ("08:02", "alert"), ("08:04", "acknowledged"), ("08:05", "opened"), ("08:30", "action"),
        ("08:40", "recovered"), ("09:00", "closed")]
    by = dict((e["cloud"], e) for e in doc["events"])
    assert by["zstack"]["sla"]["time_to_acknowledge_seconds"] == 240 and not by["zstack"]["sla"]["breach"]
    assert by["apsara"]["sla"]["breach"]          # never acknowledged, 58 min until the close
    assert doc["summary"]["breaches"] == 1 and doc["summary"]["outage_seconds"] is None
    assert [a["action"] for a in doc["actions"]] == ["job stopped", "batch job: job stopped"]


@pytest.mark.parametrize("language, word", [("en", "Incident report"), ("zh_CN", "故障报告")])
def test_every_renderer(incident, tmp_path, language, word):
    written = output.write_report(build(incident), str(tmp_path), language)
    page = open(written["html"], encoding="utf-8").read()
    assert word in page and "runaway batch job" in page and "&lt;b&gt;mem&lt;/b&gt;" in page and "<b>mem" not in page
    assert "cap batch CPU" in open(written["md"], encoding="utf-8").read()
    junit = ET.fromstring(open(written["junit"], encoding="utf-8").read())
    assert (junit.get("tests"), junit.get("failures")) == ("2", "1")
    assert kinds.get("incident").is_document(json.load(open(written["json"], encoding="utf-8")))
    assert "INC-9 P1 closed" in kinds.get("incident").console_lines(build(incident))[0]


def test_evidence_reads_as_tables_of_what_the_apis_said(tmp_path):
    """Datasets as tables with the cloud's own columns, the recent changes newest first with their targets spelled
    out (the store keeps a step's target as JSON text), an empty dataset said in words; nothing as raw JSON."""
    evidence = {"taken_at": "2026-12-07T08:05:00Z",
                "zstack-lab": {"vpc_routers": [{"name": "vpc-router-db", "status": "Disconnected"}], "vms": []},
                "recent_changes": [
                    {"started": "2026-12-07T07:00:00Z", "change_id": "CHG-1", "host": "zstack-lab", "action": "create_vpc",
                     "target": json.dumps({"id": "vpc-1", "name": "vpc-shared", "type": "vpc"}), "status": "applied",
                     "ticket": "T-1"},
                    {"started": "2026-12-07T07:30:00Z", "change_id": "CHG-2", "host": "zstack-lab", "action": "resize",
                     "target": json.dumps({"id": "vm-9", "name": "app-01", "type": "vm"}), "status": "rolled_back",
                     "ticket": "T-2"}]}
    with RunStore("sqlite:///%s" % (tmp_path / "s.sqlite3")) as store:
        e1 = model.make_event("zstack", "https://zs", "alarm_record", "a1", "vm-1", "2026-12-07T08:00:00Z", "Emergent")
        ev.merge(store, "acme", [e1], seen_at="2026-12-07T08:01:00Z")
        inc = ev.open_incident(store, "acme", "INC-1", "router down", [e1["event_id"]], "alice",
                               opened_at="2026-12-07T08:05:00Z", priority="P1", evidence=evidence)
    written = output.write_report(build(inc), str(tmp_path / "out"), "en")
    page = open(written["html"], encoding="utf-8").read()
    evidence_part = page[page.index("Evidence at opening"):]
    assert "<h3>zstack-lab: vpc_routers</h3>" in evidence_part and "<th>status</th>" in evidence_part
    assert "<td>Disconnected</td>" in evidence_part
    assert "<h3>zstack-lab: vms</h3><p>none</p>" in evidence_part
    assert evidence_part.index("app-01 (vm vm-9)") < evidence_part.index("vpc-shared (vpc vpc-1)")   # newest first
    assert "{&quot;" not in evidence_part and '{"' not in evidence_part
    md = open(written["md"], encoding="utf-8").read()
    assert "### Changes of the last days (run store)" in md and "| 2026-12-07T07:30:00Z | CHG-2 |" in md

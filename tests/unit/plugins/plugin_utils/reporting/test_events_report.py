# -*- coding: utf-8 -*-
"""The `events` report kind end to end without a playbook: results -> builder (store context) -> files -> store.

A second run sees the same events once, an acknowledgement recorded in between shows in its SLA figures, and the
renderers write every format in both languages."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import model
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.recorder import Recorder

ZS = "https://zs.lab.invalid:8443"


def result(events, collected_at, tier="7x24"):
    return {"report_kind": "events", "platform": "zstack", "endpoint": ZS, "collected_at": collected_at,
            "period": {"since": "2026-12-07T00:00:00Z", "until": "2026-12-07T12:00:00Z"}, "events": events,
            "recoveries": [], "sla_policy": {"service_tier": tier, "time_zone": "Asia/Shanghai", "holidays": []},
            "summary": {"events": len(events)}}


def episode(resource, start, level="Emergent", recovered=None):
    return model.make_event("zstack", ZS, "alarm_record", "alarm-1", resource, start, level, rule_name="vm-cpu-high",
                            recovered_time=recovered, metric="ZStack/VM/CPUAverageUsedUtilization", value=97, threshold=90)


def run_once(tmp_path, run_id, results, warn=None):
    rec = Recorder("sqlite:///%s" % (tmp_path / "store.sqlite3"), str(tmp_path), warn or (lambda text: None))
    rec.open()
    b = kinds.make_builder("events")
    for host, res in results:
        b.add_result(host, res)
    previous = rec.previous("events", "acme", run_id, "2026-12-07T12:00:00Z")
    doc = b.build({"id": run_id, "started": "2026-12-07T12:00:00Z", "ended": "2026-12-07T12:00:09Z"}, previous)
    written = output.write_report(doc, str(tmp_path / "reports"), "zh_CN")
    assert rec.record(doc, "acme", json_path=written["json"])
    return rec, doc, written


def test_two_runs_merge_and_an_ack_in_between_shows_in_the_sla(tmp_path):
    first = [episode("vm-1", "2026-12-07T08:00:00Z"), episode("vm-2", "2026-12-07T07:00:00Z", "Important")]
    rec, doc, _w = run_once(tmp_path, "r1", [("zs-a", result(first, "2026-12-07T08:03:00Z"))])
    assert doc["store"]["merged"] == {"new": 2, "seen": 0, "recovered": 0}
    assert [e["sla"]["time_to_detect_seconds"] for e in doc["events"]] == [3780, 180]
    # an engineer acknowledges vm-1 at 08:04 (4 min: within the P1 target of 5 min); vm-2 stays unacknowledged
    ev.ack(rec.store, "acme", first[0]["event_id"], "alice", acked_at="2026-12-07T08:04:00Z", ticket="INC-1")
    rec.close()
    again = [episode("vm-1", "2026-12-07T08:00:00Z", recovered="2026-12-07T08:30:00Z"), first[1]]
    rec, doc, written = run_once(tmp_path, "r2", [("zs-a", result(again, "2026-12-07T12:00:00Z"))])
    assert doc["store"]["merged"] == {"new": 0, "seen": 2, "recovered": 1}
    by = dict((e["resource_id"], e) for e in doc["events"])
    assert by["vm-1"]["sla"]["time_to_acknowledge_seconds"] == 240 and by["vm-1"]["sla"]["within_target"]
    assert by["vm-1"]["first_seen"] == "2026-12-07T08:03:00Z" and by["vm-1"]["status"] == "recovered"
    assert by["vm-2"]["sla"]["breach"] and not by["vm-2"]["sla"]["acknowledged"]        # 5 h unacknowledged
    assert doc["summary"]["breaches"] == 1 and doc["sla"]["share_within_target"] == 0.5
    assert [r["run_id"] for r in rec.store.runs("events", "acme")] == ["r2", "r1"]
    rec.close()
    html_text = open(written["html"], encoding="utf-8").read()
    assert "事件清单" in html_text and "alice" in html_text and "INC-1" in html_text and "<script" not in html_text
    junit = ET.fromstring(open(written["junit"], encoding="utf-8").read())
    assert (junit.get("tests"), junit.get("failures")) == ("2", "1")
    assert json.load(open(written["json"], encoding="utf-8"))["kind"] == "events"
    assert "响应 SLA" in open(written["md"], encoding="utf-8").read()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_renderer_and_the_index(tmp_path, language):
    b = kinds.make_builder("events")
    b.add_result("zs-a", result([episode("<script>x</script>", "2026-12-07T08:00:00Z")], "2026-12-07T08:01:00Z", "5x8"))
    b.add_failure("ap-a", {"msg": "InvalidAccessKeyId.NotFound", "platform": "apsara"})
    doc = b.build({"id": "r9", "started": "2026-12-07T12:00:00Z"}, None)
    assert doc["run"]["status"] == "incomplete" and doc["store"]["used"] is False
    written = output.write_report(doc, str(tmp_path), language)
    page = open(written["html"], encoding="utf-8").read()
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert kinds.get("events").is_document(json.load(open(written["json"], encoding="utf-8")))
    index = json.load(open(str(tmp_path / "events" / "index.json"), encoding="utf-8"))
    assert index["runs"][0]["events"] == 1
    assert "[events] 1 event(s), 1 open" in kinds.get("events").console_lines(doc)[0]


def test_a_store_that_cannot_be_used_keeps_the_events_for_the_flush(tmp_path):
    warnings = []
    bad = Recorder("postgresql://u:pw@127.0.0.1:1/none", str(tmp_path), warnings.append)
    assert not bad.open()
    b = kinds.make_builder("events")
    b.add_result("zs-a", result([episode("vm-1", "2026-12-07T08:00:00Z")], "2026-12-07T08:02:00Z"))
    doc = b.build({"id": "r5", "started": "2026-12-07T12:00:00Z"}, bad.previous("events", "acme", "r5", None))
    assert doc["store"]["used"] is False and not bad.record(doc, "acme")
    good = Recorder("sqlite:///%s" % (tmp_path / "store.sqlite3"), str(tmp_path), warnings.append)
    assert good.open() and good.flushed == 1
    assert [e["first_seen"] for e in ev.events_in(good.store, "acme")] == ["2026-12-07T08:02:00Z"]
    good.close()

"""playbooks/collect_events.yml with the report callback: both clouds -> run store -> events report; a second run
merges (no duplicates) and shows an acknowledgement recorded in between (playbooks/ack_event.yml)."""
from __future__ import annotations

import json

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

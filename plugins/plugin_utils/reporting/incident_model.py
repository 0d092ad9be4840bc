# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `incident` report kind: the 《故障报告》 of one incident (docs/events.md).

Material: the incident action's result (the incident as the run store has it: events with acks and resolutions,
the evidence snapshot, the recorded timeline).  The report's timeline merges what we recorded (opened, actions,
closed) with what the events say (each alert, each acknowledgement, each recovery), in time order; the SLA figures
of its events are plugin_utils/sla.py's.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import sla

SCHEMA_VERSION = "1.0"


def timeline(incident):
    """Recorded entries and the events' own moments, oldest first (duplicates of one moment kept once)."""
    out = [dict(t, source="recorded") for t in incident.get("timeline") or ()]
    recorded = set((t["at"], t["entry"]) for t in out)
    for e in incident.get("events") or ():
        label = "%s %s %s" % (e.get("priority") or "", e.get("rule_name") or e.get("rule_id"), e.get("resource_name") or e.get("resource_id"))
        out.append({"at": e["alert_time"], "entry": "alert", "actor": e.get("cloud"), "text": label, "source": "event"})
        for a in e.get("acks") or ():
            if (a["acked_at"], "acknowledged") not in recorded:
                out.append({"at": a["acked_at"], "entry": "acknowledged", "actor": a["acked_by"],
                            "text": "%s%s" % (label, " (%s)" % a["ticket"] if a.get("ticket") else ""), "source": "event"})
        if e.get("recovered_time"):
            out.append({"at": e["recovered_time"], "entry": "recovered", "actor": e.get("recover_source"), "text": label,
                        "source": "event"})
    order = {"alert": 0, "opened": 1, "acknowledged": 2, "action": 3, "note": 4, "recovered": 5, "closed": 6}
    return sorted(out, key=lambda t: (t["at"], order.get(t["entry"], 9)))


class IncidentReportBuilder(object):
    """One incident per run (the last result wins: open, then notes, then close)."""

    kind = "incident"

    def __init__(self):
        self.incident = None
        self.policy = {"service_tier": "7x24", "time_zone": "UTC", "holidays": []}
        self.host = None
        self.incomplete_reasons = []

    def add_result(self, host, result):
        if isinstance(result.get("incident"), dict):
            self.incident = result["incident"]
            self.host = host
        if isinstance(result.get("sla_policy"), dict):
            self.policy = dict(self.policy, **result["sla_policy"])

    def add_failure(self, host, result, unreachable=False, task_name=None, report_task=True):  # pylint: disable=unused-argument
        self.incomplete_reasons.append("%s: %s" % (host, str((result or {}).get("msg") or "failed").splitlines()[0][:300]))

    def add_reason(self, reason):
        if reason not in self.incomplete_reasons:
            self.incomplete_reasons.append(reason)

    def build(self, run, previous=None):  # pylint: disable=unused-argument
        incident = dict(self.incident or {"incident_id": None, "events": [], "timeline": [], "evidence": {}, "follow_ups": []})
        now = incident.get("closed_at") or run.get("ended") or utcnow_iso()
        figures = sla.period_figures(incident.get("events") or [], self.policy["service_tier"], self.policy["time_zone"],
                                     self.policy.get("holidays") or (), now=now)
        per_event = dict((f["event_id"], f) for f in figures.pop("events_figures"))
        events = [dict(e, sla=per_event.get(e["event_id"])) for e in incident.get("events") or ()]
        actions = [dict(r, event_id=e["event_id"]) for e in events for r in e.get("resolutions") or ()]
        actions += [{"resolved_by": t["actor"], "resolved_at": t["at"], "action": t["text"], "cause": None}
                    for t in incident.get("timeline") or () if t["entry"] == "action"]
        reasons = list(self.incomplete_reasons) + list(run.get("incomplete_reasons") or ())
        if self.incident is None:
            reasons.append("no incident in this run")
        alerts = [e["alert_time"] for e in events]
        recovered = [e.get("recovered_time") for e in events]
        duration = None
        if alerts and all(recovered):
            duration = sla.service_seconds(min(alerts), max(recovered), sla.TIERS["7x24"])
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "run": {"id": run["id"], "started": run.get("started"), "ended": run.get("ended") or utcnow_iso(),
                    "complete": not reasons, "status": "incomplete" if reasons else "complete", "incomplete_reasons": reasons,
                    "playbook": run.get("playbook"), "operator": run.get("operator"), "language": run.get("language") or "en"},
            "incident": {k: incident.get(k) for k in ("incident_id", "site", "title", "priority", "status", "opened_at",
                                                      "opened_by", "closed_at", "summary", "impact", "root_cause",
                                                      "follow_ups", "evidence")},
            "events": events,
            "timeline": timeline(dict(incident, events=events)),
            "actions": sorted(actions, key=lambda a: str(a.get("resolved_at"))),
            "sla": figures,
            "sla_policy": self.policy,
            "summary": {"events": len(events), "priority": incident.get("priority"), "status": incident.get("status"),
                        "breaches": len(figures["breaches"]), "outage_seconds": duration,
                        "first_alert": min(alerts) if alerts else None},
        }


def is_document(doc):
    return doc.get("kind") == "incident" and "incident" in doc and "timeline" in doc


def index_entry(doc):
    run, inc = doc.get("run") or {}, doc.get("incident") or {}
    return {"id": run.get("id"), "started": run.get("started"), "ended": run.get("ended"), "complete": run.get("complete"),
            "status": run.get("status"), "playbook": run.get("playbook"), "incident_id": inc.get("incident_id"),
            "title": inc.get("title"), "priority": inc.get("priority"), "incident_status": inc.get("status"),
            "events": (doc.get("summary") or {}).get("events")}


def console_lines(doc):
    inc = doc["incident"]
    return ["cloudops report [incident] %s %s %s: %s, %d event(s), %d timeline entr%s, %d SLA breach(es)" % (
        inc.get("incident_id"), inc.get("priority"), inc.get("status"), inc.get("title"), len(doc["events"]),
        len(doc["timeline"]), "y" if len(doc["timeline"]) == 1 else "ies", doc["summary"]["breaches"])]

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `events` report kind: the period's event list (《事件清单》) with the response SLA (docs/events.md).

Material: zstack_events / apsara_events results (events, recoveries, period, sla_policy).  At build time the
callback's store context (run store reachable) merges them into the store and gives back the period's events as
stored, with the acknowledgements and resolutions engineers recorded; without a store the report shows the
collected events only and says so (the events are merged when the run's pending record is flushed).  The SLA
figures are plugin_utils/sla.py's, on the policy the results carry.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import sla

SCHEMA_VERSION = "1.0"
PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2, "P4": 3}


class EventsReportBuilder(object):
    """Collects events results per host; build() merges through the store context and computes the SLA."""

    kind = "events"

    def __init__(self):
        self.endpoints = []
        self.events = {}
        self.recoveries = []
        self.periods = []
        self.policies = []
        self.collected_at = []
        self.incomplete_reasons = []

    def add_result(self, host, result):
        self.endpoints.append({"name": host, "platform": result.get("platform"), "endpoint": result.get("endpoint"),
                               "status": "ok", "summary": result.get("summary") or {}, "skipped": result.get("skipped") or [],
                               "api_calls": result.get("api_calls")})
        for event in result.get("events") or ():
            if isinstance(event, dict) and event.get("event_id"):
                self.events[event["event_id"]] = dict(event, host=host)
        self.recoveries.extend(r for r in result.get("recoveries") or () if isinstance(r, dict))
        if isinstance(result.get("period"), dict):
            self.periods.append(result["period"])
        if isinstance(result.get("sla_policy"), dict):
            self.policies.append(result["sla_policy"])
        if result.get("collected_at"):
            self.collected_at.append(result["collected_at"])

    def add_failure(self, host, result, unreachable=False, task_name=None, report_task=True):
        message = str((result or {}).get("msg") or "failed")
        self.incomplete_reasons.append("%s: %s%s" % (host, "unreachable: " if unreachable else "", message.splitlines()[0][:300]))
        if report_task:
            self.endpoints.append({"name": host, "platform": (result or {}).get("platform"), "endpoint": (result or {}).get("endpoint"),
                                   "status": "failed", "error": message[:1000], "summary": {}, "skipped": []})

    def add_reason(self, reason):
        if reason not in self.incomplete_reasons:
            self.incomplete_reasons.append(reason)

    def _period(self, run):
        since = min((p["since"] for p in self.periods if p.get("since")), default=None)
        until = max((p["until"] for p in self.periods if p.get("until")), default=None)
        return {"since": since, "until": until or run.get("ended") or utcnow_iso()}

    def _policy(self):
        tiers = sorted(set(p.get("service_tier") for p in self.policies if p.get("service_tier")))
        zones = sorted(set(p.get("time_zone") for p in self.policies if p.get("time_zone")))
        holidays = sorted(set(d for p in self.policies for d in p.get("holidays") or ()))
        # one site, one policy: the strictest tier wins if hosts disagree (7x24 counts more minutes)
        return {"service_tier": "7x24" if "7x24" in tiers or not tiers else tiers[0],
                "time_zone": zones[0] if zones else "UTC", "holidays": holidays}

    def build(self, run, previous=None):
        period = self._period(run)
        policy = self._policy()
        collected = sorted(self.events.values(), key=lambda e: (e["alert_time"], e["event_id"]))
        seen_at = min(self.collected_at) if self.collected_at else run.get("started") or utcnow_iso()
        store = {"used": False, "merged": None}
        events = [dict(e, first_seen=e.get("first_seen") or seen_at, acks=[], resolutions=[]) for e in collected]
        merge = getattr(previous, "merge_events", None)
        if merge is not None:
            try:
                counts = merge(collected, self.recoveries, seen_at, run.get("id"))
                events = previous.period_events(period["since"], period["until"])
                store = {"used": True, "merged": counts}
            except Exception as exc:  # pylint: disable=broad-except
                # the store failed under us: the report still shows what was collected (merged on the flush)
                store = {"used": False, "merged": None, "error": str(exc)[:500]}
        figures = sla.period_figures(events, policy["service_tier"], policy["time_zone"], policy["holidays"],
                                     now=period["until"])
        per_event = dict((f["event_id"], f) for f in figures.pop("events_figures"))
        for e in events:
            e["sla"] = per_event.get(e["event_id"])
        events.sort(key=lambda e: (e["alert_time"], PRIORITY_ORDER.get(e.get("priority"), 9), e["event_id"]))
        reasons = list(self.incomplete_reasons) + [r for r in run.get("incomplete_reasons") or () if r not in self.incomplete_reasons]
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "run": {"id": run["id"], "started": run.get("started"), "ended": run.get("ended") or utcnow_iso(),
                    "complete": not reasons, "status": "incomplete" if reasons else "complete",
                    "incomplete_reasons": reasons, "playbook": run.get("playbook"), "operator": run.get("operator"),
                    "ansible_version": run.get("ansible_version"), "collection_version": run.get("collection_version"),
                    "language": run.get("language") or "en"},
            "period": period,
            "sla_policy": policy,
            "endpoints": sorted(self.endpoints, key=lambda e: (str(e["name"]), str(e.get("endpoint")))),
            "events": events,
            "recoveries": self.recoveries,
            "sla": figures,
            "store": store,
            "summary": {"events": len(events), "open": sum(1 for e in events if e.get("status") == "open"),
                        "breaches": len(figures["breaches"]), "share_within_target": figures["share_within_target"],
                        "by_priority": figures["by_priority"]},
        }


def is_document(doc):
    return doc.get("kind") == "events" and "events" in doc and "sla" in doc


def index_entry(doc):
    run = doc.get("run") or {}
    summary = doc.get("summary") or {}
    return {"id": run.get("id"), "started": run.get("started"), "ended": run.get("ended"), "complete": run.get("complete"),
            "status": run.get("status"), "playbook": run.get("playbook"), "period": doc.get("period"),
            "events": summary.get("events"), "open": summary.get("open"), "breaches": summary.get("breaches"),
            "share_within_target": summary.get("share_within_target")}


def console_lines(doc):
    s = doc["summary"]
    share = "n/a" if s.get("share_within_target") is None else "%.0f %%" % (100.0 * s["share_within_target"])
    line = "cloudops report [events] %d event(s), %d open, SLA %s within target (%s), %d breach(es), period %s .. %s" % (
        s["events"], s["open"], share, doc["sla_policy"]["service_tier"], s["breaches"], doc["period"].get("since"),
        doc["period"].get("until"))
    lines = [line]
    if not doc["store"]["used"]:
        lines.append("cloudops report [events] run store unusable: acknowledgements not shown, events kept pending")
    return lines

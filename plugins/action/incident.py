# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Incidents (故障应急, docs/events.md); documentation in plugins/modules/incident.py.

state=events reads the events an incident would be opened from (unknown ones fail, nothing written); state=open
opens it with the evidence the playbook gathered and the recent changes of the site from the run store; note and
close add to its timeline.  open / note / close return `report_kind: incident` with the incident as the store has
it, so the report callback writes the 《故障报告》.
"""

from __future__ import annotations

import datetime
import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import operator_name
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev

from ansible_collections.cloudops.privatecloud.plugins.action.event_ack import StoreAction, site_of

ARGUMENT_SPEC = {
    "state": {"type": "str", "choices": ["events", "open", "note", "close"], "default": "open"},
    "incident_id": {"type": "str"},
    "title": {"type": "str"},
    "event_ids": {"type": "list", "elements": "str", "default": []},
    "pick": {"type": "str", "choices": ["open_p1", "open"]},
    "pick_days": {"type": "int", "default": 30},
    "priority": {"type": "str", "choices": ["P1", "P2", "P3", "P4"]},
    "summary": {"type": "str"},
    "impact": {"type": "str"},
    "evidence": {"type": "dict", "default": {}},
    "changes_days": {"type": "int", "default": 7},
    "entry": {"type": "str", "choices": ["acknowledged", "action", "recovered", "note"], "default": "note"},
    "text": {"type": "str"},
    "root_cause": {"type": "str"},
    "follow_ups": {"type": "list", "elements": "str", "default": []},
    "actor": {"type": "str"},
    "at": {"type": "str"},
    "site": {"type": "str"},
    "store_dsn": {"type": "str", "no_log": True},
    "output_dir": {"type": "str"},
    "service_tier": {"type": "str", "choices": ["5x8", "7x24"], "default": "7x24"},
    "time_zone": {"type": "str", "default": "UTC"},
}
PRIORITY_ORDER = ("P1", "P2", "P3", "P4")


def recent_changes(store, site, days, now):
    """The change steps of the site's change runs of the last `days` days: what may have caused the incident."""
    since = (now - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for run in store.runs("change", site, since=since):
        doc = store.get_run(run["run_id"], "change") or {}
        change = doc.get("change") or {}
        for target in doc.get("targets") or ():
            for step in target.get("steps") or ():
                out.append({"run_id": run["run_id"], "started": run["started"], "status": step.get("status"),
                            "change_id": change.get("id"), "ticket": change.get("ticket"), "host": target.get("name"),
                            "action": step.get("action"), "target": json.dumps(step.get("target"), sort_keys=True, default=str)[:300]})
    return out[:200]


class ActionModule(StoreAction):
    """events | open | note | close."""

    argument_spec = ARGUMENT_SPEC

    def work(self, store, args, task_vars):
        return getattr(self, "_" + args["state"])(store, args, task_vars)

    @staticmethod
    def _events_of(store, site, ids):
        if not ids:
            raise ev.EventError("an incident needs at least one event id: nothing written")
        found, unknown = [], []
        for event_id in ids:
            event = ev.get_event(store, site, event_id)
            (found.append(event) if event else unknown.append(event_id))
        if unknown:
            raise ev.EventError("unknown event(s) at site %s: %s; nothing written" % (site, ", ".join(unknown)))
        return found

    def _events(self, store, args, task_vars):
        site = site_of(args, task_vars)
        ids = list(args["event_ids"])
        if not ids and args.get("pick"):
            # the demo's and the on-call's shortcut: the open (P1) events of the last days, newest first
            since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=args["pick_days"]))
            found = [e for e in ev.events_in(store, site, since.strftime("%Y-%m-%dT%H:%M:%SZ")) if e["status"] == "open"
                     and (args["pick"] == "open" or e.get("priority") == "P1")]
            ids = [e["event_id"] for e in sorted(found, key=lambda e: e["alert_time"], reverse=True)]
            if not ids:
                raise ev.EventError("no %s event in the last %d days at site %s: nothing to open an incident from"
                                    % (args["pick"].replace("_", " "), args["pick_days"], site))
        events = self._events_of(store, site, ids)
        by_cloud = {}
        for e in events:
            by_cloud.setdefault(e["cloud"], []).append(e["resource_id"])
        return {"changed": False, "events": events, "resources": by_cloud, "event_ids": [e["event_id"] for e in events]}

    def _report(self, incident, args, changed, extra=None):
        out = {"changed": changed, "report_kind": "incident", "incident": incident,
               "sla_policy": {"service_tier": args["service_tier"], "time_zone": args["time_zone"], "holidays": []}}
        out.update(extra or {})
        return out

    def _open(self, store, args, task_vars):
        site = site_of(args, task_vars)
        events = self._events_of(store, site, args["event_ids"])
        if not str(args.get("title") or "").strip():
            raise ev.EventError("an incident needs a title: nothing written")
        now = datetime.datetime.now(datetime.timezone.utc)
        incident_id = args.get("incident_id") or "INC-%s-%s" % (now.strftime("%Y%m%d-%H%M%S"), events[0]["event_id"][:6])
        existing = ev.get_incident(store, incident_id)
        if existing is not None:
            if sorted(e["event_id"] for e in existing["events"]) == sorted(set(args["event_ids"])):
                return self._report(existing, args, False, {"msg": "incident %s is open already" % incident_id})
            raise ev.EventError("incident %s exists with other events: nothing written" % incident_id)
        priority = args.get("priority") or min((e.get("priority") or "P4" for e in events), key=PRIORITY_ORDER.index)
        evidence = dict(args["evidence"] or {})
        evidence["recent_changes"] = recent_changes(store, site, args["changes_days"], now)
        evidence["taken_at"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self._task.check_mode:
            return {"changed": True, "msg": "check mode: would open %s (%s) from %d event(s)" % (incident_id, priority, len(events)),
                    "events": events}
        incident = ev.open_incident(store, site, incident_id, args["title"], args["event_ids"],
                                    args.get("actor") or operator_name(task_vars), opened_at=args.get("at"),
                                    priority=priority, summary=args.get("summary"), impact=args.get("impact"),
                                    evidence=evidence)
        return self._report(incident, args, True)

    def _note(self, store, args, task_vars):
        if not args.get("incident_id") or not str(args.get("text") or "").strip():
            raise ev.EventError("a timeline entry needs incident_id and text: nothing written")
        if self._task.check_mode:
            return {"changed": True, "msg": "check mode: would add a %s entry" % args["entry"]}
        incident = ev.add_timeline(store, args["incident_id"], args["entry"], args.get("actor") or operator_name(task_vars),
                                   args["text"], args.get("at"))
        return self._report(incident, args, True)

    def _close(self, store, args, task_vars):
        if not args.get("incident_id") or not str(args.get("root_cause") or "").strip():
            raise ev.EventError("closing an incident needs incident_id and root_cause: nothing written")
        current = ev.get_incident(store, args["incident_id"])
        if current is None:
            raise ev.EventError("unknown incident %s: nothing written" % args["incident_id"])
        if current["status"] == "closed":
            return self._report(current, args, False, {"msg": "incident %s is closed already" % args["incident_id"]})
        if self._task.check_mode:
            return {"changed": True, "msg": "check mode: would close %s" % args["incident_id"]}
        incident = ev.close_incident(store, args["incident_id"], args.get("actor") or operator_name(task_vars),
                                     args["root_cause"], args["follow_ups"], args.get("at"))
        return self._report(incident, args, True)

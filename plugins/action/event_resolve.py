# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record how an event was resolved (cause and action); documentation in plugins/modules/event_resolve.py.

On the controller, against the run store only (neither cloud keeps a cause or an action).  An unknown event, or an
empty cause or action, fails with nothing written; the same resolution again is unchanged; check mode shows the diff.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import operator_name
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev

from ansible_collections.cloudops.privatecloud.plugins.action.event_ack import COMMON, StoreAction, site_of

ARGUMENT_SPEC = dict(COMMON, **{
    "resolved_by": {"type": "str"},
    "resolved_at": {"type": "str"},
    "cause": {"type": "str", "required": True},
    "action": {"type": "str", "required": True},
})


class ActionModule(StoreAction):
    """Record a resolution."""

    argument_spec = ARGUMENT_SPEC

    def work(self, store, args, task_vars):
        site = site_of(args, task_vars)
        for name in ("cause", "action"):
            if not str(args.get(name) or "").strip():
                raise ev.EventError("%s must not be empty: nothing written" % name)
        event = ev.get_event(store, site, args["event_id"])
        if event is None:
            raise ev.EventError("unknown event %s at site %s: nothing written" % (args["event_id"], site))
        who = args.get("resolved_by") or operator_name(task_vars)
        when = args.get("resolved_at") or utcnow_iso()
        if ev.parse_time(when) is None:
            raise ev.EventError("resolved_at %r is not an ISO 8601 time with a zone" % when)
        if any(r["cause"] == args["cause"] and r["action"] == args["action"] for r in event["resolutions"]):
            return {"changed": False, "event": event, "msg": "this resolution is recorded already"}
        planned = {"resolved_by": who, "resolved_at": when, "cause": args["cause"], "action": args["action"],
                   "ticket": args.get("ticket")}
        diff = {"before": {"resolutions": event["resolutions"]}, "after": {"resolutions": event["resolutions"] + [planned]}}
        if self._task.check_mode:
            return {"changed": True, "diff": diff, "event": event, "msg": "check mode: would record the resolution"}
        done = ev.resolve(store, site, event["event_id"], who, args["cause"], args["action"], resolved_at=when,
                          ticket=args.get("ticket"))
        ev.note_incidents(store, site, event["event_id"], "action", who, "%s: %s" % (args["cause"], args["action"]), when)
        return {"changed": True, "diff": diff, "event": done}

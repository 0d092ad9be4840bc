# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Acknowledge an event (docs/events.md); documentation in plugins/modules/event_ack.py.

On the controller: the event is read from the run store first (an unknown event fails, nothing written); a ZStack
event is acknowledged on the cloud too (AckAlarmData, by the event_ack module with the event's alarm and data
uuids) before the store records who, when and the ticket.  The clouds keep no person (ZStack keeps an account
uuid, CMS nothing), so the store's row is the record.  Check mode: the diff, no write, no cloud call.
"""

from __future__ import annotations

import os

from ansible.plugins.action import ActionBase

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import operator_name
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as dsns
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError

ZSTACK_OPTIONS = {
    "endpoint": {"type": "str"},
    "account": {"type": "str"},
    "password": {"type": "str", "no_log": True},
    "access_key_id": {"type": "str"},
    "access_key_secret": {"type": "str", "no_log": True},
    "validate_certs": {"type": "bool", "default": True},
    "ca_path": {"type": "str"},
    "timeout": {"type": "int", "default": 30},
}
COMMON = {
    "event_id": {"type": "str", "required": True},
    "site": {"type": "str"},
    "store_dsn": {"type": "str", "no_log": True},
    "output_dir": {"type": "str"},
    "ticket": {"type": "str"},
}
ARGUMENT_SPEC = dict(COMMON, **{
    "acked_by": {"type": "str"},
    "acked_at": {"type": "str"},
    "note": {"type": "str"},
    "cloud_ack": {"type": "bool", "default": True},
    "ack_period_s": {"type": "int", "default": 3600},
    "zstack": {"type": "dict", "options": ZSTACK_OPTIONS},
})


def store_for(args):
    """The open run store the callback uses (store_dsn, else CLOUDOPS_STORE_DSN, else SQLite in the reports dir)."""
    out_dir = args.get("output_dir") or os.environ.get("CLOUDOPS_REPORT_DIR") or "reports"
    dsn = dsns.resolve(args.get("store_dsn"), os.path.abspath(os.path.expanduser(out_dir)))
    return RunStore(dsn).open(), dsn


def site_of(args, task_vars):
    return str(args.get("site") or task_vars.get("cloudops_site") or os.environ.get("CLOUDOPS_SITE") or "default")


class StoreAction(ActionBase):
    """A controller action on the run store (event_ack, event_resolve, incident): the arguments checked, the store
    opened, `work(store, args, task_vars)`, a StoreError or EventError a clear failure without the password."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    argument_spec = {}

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(StoreAction, self).run(tmp, task_vars)
        del tmp
        dummy, args = self.validate_argument_spec(argument_spec=self.argument_spec)
        dsn = None
        try:
            store, dsn = store_for(args)
            try:
                result.update(self.work(store, args, task_vars))
            finally:
                store.close()
        except (StoreError, ev.EventError) as err:
            result.update(failed=True, msg=dsns.scrub(str(err), dsn) if dsn else str(err))
        return result

    def work(self, store, args, task_vars):
        raise NotImplementedError


class ActionModule(StoreAction):
    """Record an acknowledgement (and AckAlarmData on ZStack)."""

    argument_spec = ARGUMENT_SPEC

    def work(self, store, args, task_vars):
        site = site_of(args, task_vars)
        event = ev.get_event(store, site, args["event_id"])
        if event is None:
            raise ev.EventError("unknown event %s at site %s: nothing written (collect the events first, or check the id)"
                                % (args["event_id"], site))
        who = args.get("acked_by") or operator_name(task_vars)
        when = args.get("acked_at") or utcnow_iso()
        if ev.parse_time(when) is None:
            raise ev.EventError("acked_at %r is not an ISO 8601 time with a zone" % when)
        same = [a for a in event["acks"] if a["acked_by"] == who and (a.get("ticket") or None) == (args.get("ticket") or None)]
        before = {"acks": event["acks"]}
        if same:
            return {"changed": False, "event": event, "cloud_ack": False,
                    "msg": "already acknowledged by %s (ticket %s)" % (who, args.get("ticket"))}
        planned = {"acked_by": who, "acked_at": when, "ticket": args.get("ticket"), "note": args.get("note")}
        cloud = event["cloud"] == "zstack" and args["cloud_ack"] and bool(event.get("cloud_ref"))
        diff = {"before": before, "after": {"acks": event["acks"] + [dict(planned, cloud_acked=cloud)]}}
        if self._task.check_mode:
            return {"changed": True, "diff": diff, "event": event, "cloud_ack": cloud,
                    "msg": "check mode: would record the acknowledgement%s" % (" and AckAlarmData" if cloud else "")}
        cloud_result = None
        if cloud:
            if not (args.get("zstack") or {}).get("endpoint"):
                raise ev.EventError("a ZStack event is acknowledged on the cloud too (AckAlarmData): give zstack.endpoint and "
                                    "its credentials, or cloud_ack: false; nothing written")
            module_args = {"event_id": event["event_id"], "zstack": args["zstack"], "alarm_uuid": event["rule_id"],
                           "alert_data_uuid": event["cloud_ref"], "resource_uuid": event.get("resource_id"),
                           "event_endpoint": event.get("endpoint"), "ack_period_s": args["ack_period_s"]}
            cloud_result = self._execute_module(module_name="cloudops.privatecloud.event_ack", module_args=module_args,
                                                task_vars=task_vars)
            if cloud_result.get("failed"):
                return {"failed": True, "msg": "AckAlarmData failed, nothing recorded: %s" % cloud_result.get("msg"),
                        "error": cloud_result.get("error")}
        acked = ev.ack(store, event["site"], event["event_id"], who, acked_at=when, ticket=args.get("ticket"),
                       note=args.get("note"), via="playbook", cloud_acked=cloud)
        ev.note_incidents(store, event["site"], event["event_id"], "acknowledged", who,
                          "acknowledged %s%s" % (event.get("rule_name") or event["event_id"],
                                                 " (ticket %s)" % args["ticket"] if args.get("ticket") else ""), when)
        out = {"changed": True, "diff": diff, "event": acked, "cloud_ack": cloud}
        if cloud_result is not None:
            out["ack_inventory"] = cloud_result.get("inventory")
        return out

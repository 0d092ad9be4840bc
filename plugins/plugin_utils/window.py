# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change window rules (docs/changes.md, "Window"): parsing, open or not, override, the deadline between batches.

Pure functions of their arguments and `now`, no cloud and no Ansible objects: the change_window action
plugin is glue around check(), and tools/run_change.py refuses a run early with exactly the same rules.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import check_result, new_change_record
from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import (
    OPERATOR_VARS,
    default_operator,
    operator_from_vars,
)

# 'YYYY-MM-DD HH:MM[:SS]' and ISO 8601 (extended or basic) with a time part; a bare date is
# refused because "end: 2026-11-28" would silently mean midnight.
_TIME_RE = re.compile(r"^\d{4}-?\d{2}-?\d{2}[T ]\d{2}(:?\d{2})")
WINDOW_STATES = ("open", "not_yet_open", "closed", "overridden")
WINDOW_ACTION = "start_change"
DEADLINE_REASON = "deadline passed before this batch started"


class WindowError(ValueError):
    """A missing or invalid window field; the message names the field."""


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def parse_timezone(name):
    """An IANA time zone (zoneinfo); WindowError naming window.timezone otherwise."""
    if not name or not isinstance(name, str):
        raise WindowError("window.timezone is required (an IANA name such as Asia/Shanghai)")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise WindowError("window.timezone %r is not a known IANA time zone (%s)" % (name, exc)) from None


def parse_time(value, tz, field):
    """An aware datetime from an ISO 8601 text, 'YYYY-MM-DD HH:MM[:SS]' or a YAML timestamp.

    Without an offset the time is wall-clock time in `tz`; a wall-clock time that does not exist
    there (skipped by a daylight saving change) is refused rather than shifted silently.
    """
    if value is None or value == "":
        raise WindowError("window.%s is required (for example '2026-11-27 22:00' or '2026-11-27T22:00:00+08:00')" % field)
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, str) and _TIME_RE.match(value.strip()):
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise WindowError("window.%s %r is not a valid time: %s" % (field, value, exc)) from None
    else:
        raise WindowError("window.%s %r is not a time; use ISO 8601 ('2026-11-27T22:00:00', optional offset) or "
                          "'YYYY-MM-DD HH:MM[:SS]'" % (field, value))
    if parsed.tzinfo is None:
        local = parsed.replace(tzinfo=tz)
        if local.astimezone(datetime.timezone.utc).astimezone(tz).replace(tzinfo=None) != parsed:
            raise WindowError("window.%s %s does not exist in %s (skipped by a daylight saving change)" % (field, value, tz.key))
        return local
    return parsed


def given(window):
    """A window dict with at least one value (argument validation fills absent keys with None)."""
    return isinstance(window, dict) and any(v not in (None, "") for v in window.values())


def parse_window(window):
    """Validate the window option: {start, end, timezone, ticket?} -> dict with aware datetimes."""
    if not given(window):
        raise WindowError("window is required: a dict with start, end and timezone")
    tz = parse_timezone(window.get("timezone"))
    start = parse_time(window.get("start"), tz, "start")
    end = parse_time(window.get("end"), tz, "end")
    if end <= start:
        raise WindowError("window.end (%s) must be after window.start (%s)" % (local_text(end, tz), local_text(start, tz)))
    return {"start": start, "end": end, "tz": tz, "timezone": tz.key, "ticket": window.get("ticket")}


def local_text(when, tz):
    """'2026-11-27 22:00' (seconds only when not zero) in `tz`."""
    local = when.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def human_duration(seconds):
    """'2 h 5 min', '3 d 4 h', '45 s': how far away a window edge is."""
    seconds = int(abs(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return "%d d %d h" % (days, hours) if hours else "%d d" % days
    if hours:
        return "%d h %d min" % (hours, minutes) if minutes else "%d h" % hours
    if minutes:
        return "%d min" % minutes
    return "%d s" % secs


def evaluate(parsed, now=None, override=False, override_reason=None):
    """The `window` return value: start/end/now as ISO 8601 with offset, state, seconds left."""
    now = now or utc_now()
    tz = parsed["tz"]
    if now < parsed["start"]:
        state = "not_yet_open"
    elif now >= parsed["end"]:
        state = "closed"
    else:
        state = "open"
    if override and state != "open":
        state = "overridden"
    out = {"start": parsed["start"].astimezone(tz).isoformat(), "end": parsed["end"].astimezone(tz).isoformat(),
           "timezone": parsed["timezone"], "state": state,
           "remaining_s": int((parsed["end"] - now).total_seconds()),
           "now": now.astimezone(tz).replace(microsecond=0).isoformat(),
           "override": bool(override), "override_reason": override_reason if override else None}
    if parsed.get("ticket"):
        out["ticket"] = parsed["ticket"]
    if now < parsed["start"]:
        out["opens_in_s"] = int((parsed["start"] - now).total_seconds())
    return out


def window_edge(change_id, parsed, now):
    """'change window for CHG-1 opens at <local> (<tz>), in 2 h 5 min' (or 'closed at ..., 5 min ago')."""
    tz = parsed["tz"]
    if now < parsed["start"]:
        edge = "opens at %s (%s), in %s" % (local_text(parsed["start"], tz), parsed["timezone"],
                                            human_duration((parsed["start"] - now).total_seconds()))
    else:
        edge = "closed at %s (%s), %s ago" % (local_text(parsed["end"], tz), parsed["timezone"],
                                              human_duration((now - parsed["end"]).total_seconds()))
    return "change window for %s %s" % (change_id, edge)


def refusal_message(change_id, parsed, now):
    """Why the change may not start now, and how to start it anyway."""
    return "%s; set override: true and override_reason to start anyway" % window_edge(change_id, parsed, now)


def _platform_of(hostvars, host):
    """The host's cloud_platform for the report; None when it cannot be read."""
    try:
        value = hostvars[host].get("cloud_platform")
    except Exception:  # pylint: disable=broad-except
        return None
    return value if isinstance(value, str) else None


def not_started_records(change, hosts, hostvars, reason, check_mode):
    """One `start_change` record per host, status not_started, with the window check as a failed pre-check.

    `reason` is the additive field the report shows for such steps; a step that never started has no timings.
    """
    records = []
    for host in hosts:
        rec = new_change_record(change, _platform_of(hostvars, host), None, 1, WINDOW_ACTION,
                                {"type": "host", "id": host, "name": host}, status="not_started", check_mode=check_mode,
                                pre_checks=[check_result("change_window", False, reason, "Change window", "变更窗口")])
        rec["reason"] = reason
        records.append(rec)
    return records


def batch_position(task_vars):
    """(first_batch, hosts of this batch and every later batch) from the play's magic variables."""
    all_hosts = list(task_vars.get("ansible_play_hosts_all") or ())
    batch = list(task_vars.get("ansible_play_batch") or ())
    if not all_hosts or not batch:
        return True, batch or all_hosts
    indexes = [all_hosts.index(h) for h in batch if h in all_hosts]
    first = min(indexes) if indexes else 0
    return first == 0, all_hosts[first:]


def _operator(args, change, task_vars):
    """The option, the change's operator, AWX's user (a string task var), else the OS user."""
    awx = dict((k, v) for k, v in task_vars.items() if k in OPERATOR_VARS and isinstance(v, str))
    return args.get("operator") or change.get("operator") or operator_from_vars(awx) or default_operator()


def check(args, task_vars, now, check_mode=False):
    """The whole decision for validated action arguments at `now`: the change_window task result.

    Open: go on.  Overridden: go on, with the reason as a warning.  Outside the window in check mode: a dry
    run goes ahead.  Otherwise the first batch (or a window not open yet) is refused with a not_started record
    per play host; a later serial batch after the deadline ends the play cleanly, what ran so far stays.
    """
    all_hosts = list(task_vars.get("ansible_play_hosts_all") or ())
    out = {"changed": False, "report_kind": "change", "changes": [], "end_play": False, "targets": all_hosts,
           "platform": task_vars.get("cloud_platform") if isinstance(task_vars.get("cloud_platform"), str) else None}
    change = args.get("change") or {}
    override = bool(args.get("override"))
    reason = (args.get("override_reason") or "").strip()
    try:
        if not change.get("id"):
            raise WindowError("change.id is required (the change ticket's number, for example CHG-2026-1127-01)")
        if override and not reason:
            raise WindowError("override_reason is required when override is true (it goes into the change report)")
        # the change spec may carry its window (docs/changes.md); the option wins
        parsed = parse_window(args.get("window") if given(args.get("window")) else change.get("window"))
    except WindowError as exc:
        out.update(failed=True, msg=str(exc))
        return out
    unknown = unknown_hosts(args.get("hosts"), task_vars)
    if unknown:
        # A host the change names that is not in the inventory would be skipped without a word (Ansible only warns
        # that a host pattern matched nothing): refused before anything starts, even in check mode.
        context = {"id": change["id"], "ticket": change.get("ticket"), "operator": _operator(args, change, task_vars),
                   "title": change.get("title")}
        out.update(failed=True, refused=True, change=context, msg="change %s names host(s) not in the inventory: %s; "
                   "nothing was started (check the change file's hosts against the inventory)" % (change["id"], ", ".join(unknown)))
        out["changes"] = not_started_records(context, all_hosts or [task_vars.get("inventory_hostname")],
                                             task_vars.get("hostvars") or {}, out["msg"], check_mode)
        return out
    window = evaluate(parsed, now, override, reason or None)
    change_id = change["id"]
    context = {"id": change_id, "ticket": change.get("ticket") or parsed.get("ticket"), "operator": _operator(args, change, task_vars),
               "window": window, "title": change.get("title")}
    out.update(window=window, change=context, override=override, override_reason=reason or None)
    first_batch, remaining_hosts = batch_position(task_vars)
    hostvars = task_vars.get("hostvars") or {}
    if window["state"] == "overridden":
        out["msg"] = "change window for %s is %s; started anyway by override: %s" % (
            change_id, "not open yet" if now < parsed["start"] else "closed", reason)
        out.setdefault("warnings", []).append(out["msg"])
    elif window["state"] == "open":
        out["msg"] = "change window for %s is open until %s (%s), %s left" % (
            change_id, local_text(parsed["end"], parsed["tz"]), parsed["timezone"], human_duration(window["remaining_s"]))
    elif check_mode:
        # A dry run changes nothing, and change boards want its output before the window opens.
        out["msg"] = "check mode: %s" % window_edge(change_id, parsed, now)
        out.setdefault("warnings", []).append(out["msg"] + " - the dry run goes ahead, a real run would be refused")
    elif first_batch or window["state"] == "not_yet_open":
        out["msg"] = refusal_message(change_id, parsed, now)
        out["failed"] = True
        out["changes"] = not_started_records(context, all_hosts or [task_vars.get("inventory_hostname")], hostvars,
                                             out["msg"], check_mode)
    else:
        msg = "change window for %s closed at %s (%s) before this batch started: ending the play, %d host(s) not started" % (
            change_id, local_text(parsed["end"], parsed["tz"]), parsed["timezone"], len(remaining_hosts))
        out.update(msg=msg, end_play=True,
                   changes=not_started_records(context, remaining_hosts, hostvars, DEADLINE_REASON, check_mode))
        out.setdefault("warnings", []).append(msg)
    return out


def unknown_hosts(hosts, task_vars):
    """The hosts a change names that the inventory does not have, sorted ([] when `hosts` is not given)."""
    known = set((task_vars.get("groups") or {}).get("all") or ()) | set(task_vars.get("hostvars") or ())
    return sorted(set(str(h) for h in hosts or ()) - known)


def may_start(window, override, check_mode, change_id, now=None):
    """None when a change with this window may start now (open, overridden, or a dry run), else the refusal.

    tools/run_change.py asks this before it starts the runner; WindowError for a bad window.
    """
    now = now or utc_now()
    parsed = parse_window(window)
    if check_mode or evaluate(parsed, now, override)["state"] in ("open", "overridden"):
        return None
    return refusal_message(change_id or "this change", parsed, now)

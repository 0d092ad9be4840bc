# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-runner job events -> report material, for runs the report callback never finished.

When ansible-playbook is killed (runner's job_timeout or a cancel send SIGKILL to its process
group) the report callback cannot write.  Runner has by then stored every event its awx_display
callback emitted under `artifacts/<ident>/job_events/`; each result event carries the module
result (`event_data.res`), the host and the task.  This module reads them back and replays them
into the report builders the callback uses, with the callback's rules (collecting.py: which results
are report material, which failures belong to a report kind), so a rebuilt report
says what a finished one would have said about the steps that finished - and is marked
incomplete with the reason and the tasks that were still running.  tools/run_change.py calls
load_events() and rebuild_reports(), and prints a line per event with task_result().

Results of `no_log` tasks arrive censored (`{"censored": ...}`, no report_kind) and are never
report material.  Nothing here talks to a cloud.
"""

from __future__ import annotations

import glob
import json
import os

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds as report_kinds
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.collecting import (
    NO_HOSTS_REASON,
    Collector,
    collection_version,
    still_running_reason,
)

EVENTS_DIR = "job_events"
OK_EVENTS = ("runner_on_ok", "runner_item_on_ok")
FAILED_EVENTS = ("runner_on_failed", "runner_item_on_failed", "runner_on_async_failed")
# Events that end a task on a host (a loop's items end with the task's own runner_on_ok/failed).
FINAL_EVENTS = ("runner_on_ok", "runner_on_failed", "runner_on_skipped", "runner_on_unreachable", "runner_on_async_failed")


# -- reading --------------------------------------------------------------------------------------
def _counter(path):
    name = os.path.basename(path)
    try:
        return int(name.split("-", 1)[0])
    except ValueError:
        return -1


def load_events(artifact_dir):
    """Every stored event of one runner run, in emission order.

    Complete events are `<counter>-<uuid>.json`.  A `<uuid>-partial.json` left behind is an event
    the callback wrote just before the kill and runner never paired with its stdout: its data is
    whole, so it is kept too (after the numbered ones, by creation time).  Unreadable files (a
    write cut by the kill) are skipped.
    """
    directory = os.path.join(artifact_dir, EVENTS_DIR)
    numbered, partial = [], []
    for path in glob.glob(os.path.join(directory, "*.json")):
        try:
            with open(path, "r", encoding="utf-8") as fh:
                event = json.load(fh)
        except (OSError, ValueError):
            continue
        if not isinstance(event, dict):
            continue
        if path.endswith("-partial.json"):
            partial.append(event)
        elif _counter(path) >= 0:
            numbered.append((_counter(path), event))
    numbered.sort(key=lambda pair: pair[0])
    partial.sort(key=lambda e: str(e.get("created") or ""))
    return [e for _n, e in numbered] + partial


def _data(event):
    return event.get("event_data") or {}


def task_name(event):
    """The task's name as the report callback names it (TaskResult.task_name: the name, else the action)."""
    data = _data(event)
    return data.get("task") or data.get("task_action") or ""


def task_label(event):
    """`role : task` for a console line (short role name), else the task."""
    role = _data(event).get("role")
    return "%s : %s" % (role, task_name(event)) if role else task_name(event)


def task_action(event):
    data = _data(event)
    return data.get("resolved_action") or data.get("task_action") or ""


def item_label(event):
    """A looped result's item label, shortened for one console line (None outside loops)."""
    res = _data(event).get("res") or {}
    if "_ansible_item_label" in res:
        label = res["_ansible_item_label"]
    elif "item" in res:
        label = res["item"]
    else:
        return None
    if isinstance(label, dict):
        label = label.get("name") or label.get("id") or json.dumps(label, sort_keys=True, default=str)
    text = str(label)
    return text if len(text) <= 60 else text[:57] + "..."


def task_result(event):
    """One task result as {host, task, status, changed, item}, or None for other events (and loop summaries).

    status: ok, changed, failed, ignored (failed with ignore_errors), skipped, unreachable; the
    progress line and the tests read it.
    """
    name = event.get("event")
    data = _data(event)
    res = data.get("res") or {}
    if name in ("runner_on_ok", "runner_on_failed") and isinstance(res.get("results"), list):
        return None  # a loop's summary: its items were one result each
    if name in OK_EVENTS:
        status = "changed" if res.get("changed") else "ok"
    elif name in FAILED_EVENTS:
        status = "ignored" if data.get("ignore_errors") else "failed"
    elif name in ("runner_on_skipped", "runner_item_on_skipped"):
        status = "skipped"
    elif name == "runner_on_unreachable":
        status = "unreachable"
    else:
        return None
    return {"host": data.get("host"), "task": task_name(event), "status": status,
            "changed": bool(res.get("changed")), "item": item_label(event) if name.startswith("runner_item") else None}


def in_flight(events):
    """(host, task name) of every task that started on a host and never ended: what the kill cut."""
    return EventCollector().add_events(events).still_running()


def playbook_finished(events):
    """True when ansible-playbook reached its final stats (the report callback then wrote)."""
    return any(e.get("event") == "playbook_on_stats" for e in events)


# -- replaying into report builders -----------------------------------------------------------------
class EventCollector(Collector):
    """The report callback's collection rules (collecting.Collector), fed from job events."""

    def add_event(self, event):
        name = event.get("event")
        data = _data(event)
        res = data.get("res") if isinstance(data.get("res"), dict) else {}
        host = data.get("host")
        if name == "runner_on_start":
            self.task_started(host, data.get("task_uuid"), task_name(event))
        elif name in FINAL_EVENTS:
            self.task_ended(host, data.get("task_uuid"))
        if name in OK_EVENTS:
            self.add_ok(host, res)
        elif name in FAILED_EVENTS or name == "runner_on_unreachable":
            # runner puts ignore_errors on runner_on_failed only, as the callback's v2_runner_on_failed gets it
            self.add_failure(host, res, task_action(event), task_name(event), unreachable=name == "runner_on_unreachable",
                             ignore_errors=bool(data.get("ignore_errors")), item=name == "runner_item_on_failed")
        elif name == "playbook_on_no_hosts_remaining":
            self.reason(NO_HOSTS_REASON)

    def add_events(self, events):
        for event in events:
            self.add_event(event)
        return self


def journals(events):
    """Per host, the undo journal entries of change results that were not rolled back.

    What a killed change leaves applied: the role's rescue never ran, so an operator undoes these
    with the platform's *_vpc_rollback module (option journal).  Oldest first and renumbered in
    that order, as role vpc_change does: each module numbers its own journal from 1, and the
    rollback undoes by seq, newest first.
    """
    entries, rolled_back = {}, set()
    for event in events:
        if event.get("event") not in OK_EVENTS + FAILED_EVENTS:
            continue
        res = _data(event).get("res") or {}
        if report_kinds.kind_of_result(res) != "change":
            continue
        host = _data(event).get("host")
        rolled_back.update(res.get("rolled_back_uids") or ())
        for entry in res.get("journal") or ():
            if isinstance(entry, dict):
                entries.setdefault(host, []).append(entry)
    out = {}
    for host, items in entries.items():
        seen, keep = set(), []
        for entry in items:
            # the same step of a change is the same entry even when a later result re-stamps it
            # (not_before is the time the step was seen starting, which differs across results)
            key = (entry.get("record_uid"), entry.get("op"), entry.get("type"), entry.get("id")) \
                if entry.get("record_uid") else json.dumps(entry, sort_keys=True, default=str)
            if key in seen or entry.get("record_uid") in rolled_back:
                continue
            seen.add(key)
            keep.append(dict(entry, seq=len(keep) + 1))
        if keep:
            out[host] = keep
    return out


def change_endpoints(events):
    """Per host, (platform, endpoint) of its change results: where the change's persisted journal of that host is."""
    out = {}
    for event in events:
        res = _data(event).get("res") or {}
        if event.get("event") in OK_EVENTS + FAILED_EVENTS and report_kinds.kind_of_result(res) == "change" \
                and res.get("platform") and res.get("endpoint"):
            out[_data(event).get("host")] = (res["platform"], res["endpoint"])
    return out


# -- rebuilding ---------------------------------------------------------------------------------------
def previous_report(output_dir, kind, run_id):
    """The newest earlier run's document of `kind` (never this run's own partial report), or None."""
    for entry in output.index_runs(os.path.join(output_dir, kind)):
        rid = str(entry.get("id"))
        if rid == run_id or os.sep in rid:
            continue
        try:
            return output.load_report(os.path.join(output_dir, kind, rid, "report.json"))
        except (OSError, ValueError):
            continue
    return None


def rebuild_reports(events, run, output_dir, kinds=("change",), language="en", formats=output.FORMATS,
                    factory=report_kinds.make_builder, previous=None):
    """Build and write the reports of `kinds` from job events; returns {kind: (doc, written)}.

    `run` is the callback's run dict (id, started, playbook, operator, check_mode, ...).  Its
    `incomplete_reasons` say why the run was cut short (e.g. "killed by job_timeout after 30 s");
    tasks still running then are added to them (what they did is in no record).  Each kind then
    takes the run as the callback gives it (kinds.py, run_for: a change report that was not cut short
    keeps the other remarks as notes).  `previous(kind)` gives the previous run's document (the run store's,
    tools/run_change.py); without it the report folders are read.
    """
    collector = EventCollector(factory).add_events(events)
    for host, name in collector.still_running():
        collector.reason(still_running_reason(host, name))
    builders = collector.finish(kinds)
    run = dict(run)
    run.setdefault("ended", utcnow_iso())
    run.setdefault("collection_version", collection_version())
    run.setdefault("language", language)
    cut_short = bool(run.get("incomplete_reasons"))
    reasons = list(run.get("incomplete_reasons") or ())
    run["incomplete_reasons"] = reasons + [r for r in collector.reasons if r not in reasons]
    out = {}
    for kind in kinds:
        before = previous(kind) if previous else previous_report(output_dir, kind, run["id"])
        doc = builders[kind].build(report_kinds.get(kind).run_for(run, cut_short), before)
        out[kind] = (doc, output.write_report(doc, output_dir, language, formats))
    return out

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change report document (kind `change`, docs/reports.md "Change report").

ChangeReportBuilder takes the results of change modules, the window check, the pre-checks and
the rollbacks (docs/changes.md), per inventory host, in the order they happened, and builds one
document: header (change, window, outcome), targets with their steps, the planned / changed /
rolled back / failed / not started sections and counts.  The callback feeds it live; after a
killed run tools/run_change.py feeds it results rebuilt from ansible-runner's job events:

    builder = kinds.make_builder("change")             # reporting/kinds.py
    builder.add_result(host, result)                   # each ok result, in order
    builder.add_failure(host, result, task_name=name)  # each failed / unreachable result, in order
    builder.incomplete_reasons.append("killed by job_timeout after 30 s")
    doc = builder.build(run, previous)                 # then output.write_report(doc, out_dir, language)

Nothing here talks to a cloud, and nothing but the documented keys of a result is kept.
"""

from __future__ import annotations

import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    CHANGE_SCHEMA_VERSION,
    CHANGE_STATUSES,
    new_change_record,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.model import _error_text, run_state

CHANGE_REPORT_SCHEMA_VERSION = "1.0"
OUTCOMES = ("success", "unchanged", "dry_run", "failed", "rolled_back", "rollback_failed", "refused", "partial", "incomplete")
TARGET_STATUSES = ("rollback_failed", "rolled_back", "failed", "refused", "not_started", "changed", "planned", "unchanged")
# When one step is reported twice in a run (a failed task and its rescue, a verify re-run in check
# mode, the window check of every host of a batch), the most telling status wins.
STATUS_RANK = {"not_started": 0, "unchanged": 1, "planned": 2, "applied": 3, "rolled_back": 3, "failed": 4, "rollback_failed": 5}
# Defence in depth: records never carry credentials, but a value under such a key is masked anyway.
SECRET_KEY = re.compile(r"pass(word|wd|phrase)|secret|token|private_?key|credential", re.IGNORECASE)
MASK = "********"
# The action of the window check's records (plugin_utils/window.py, which reporting may not import).
WINDOW_ACTION = "start_change"
NOT_REACHED = "not started: the change stopped before this step"
CUT_SHORT = "no result: the run stopped before this step finished"


def redact(value, key=""):
    """A copy of `value` with every value under a secret-looking key masked."""
    if key and SECRET_KEY.search(str(key)) and value not in (None, "", {}, []):
        return MASK
    if isinstance(value, dict):
        return dict((k, redact(v, k)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value


def _redact_diff(diff):
    out = []
    for d in diff or ():
        if not isinstance(d, dict):
            continue
        d = redact(d)
        last = str(d.get("path") or "").rsplit(".", 1)[-1]
        if SECRET_KEY.search(last):
            d["before"] = MASK if d.get("before") is not None else None
            d["after"] = MASK if d.get("after") is not None else None
        out.append(d)
    return out


def hidden(result):
    """A result Ansible censored (no_log): never report material."""
    return bool(result.get("_ansible_no_log")) or "censored" in result


def step_kind(rec):
    """window (the window check's not_started records), rollback (an undo step) or step."""
    if rec.get("action") == WINDOW_ACTION:
        return "window"
    if rec.get("rollback_of") or str(rec.get("action") or "").startswith("rollback_"):
        return "rollback"
    return "step"


def _journal_key(entry):
    """What identifies a journal entry: the step that wrote it and the resource change it names."""
    return (entry.get("record_uid"), entry.get("op"), entry.get("type"), str(entry.get("id")), entry.get("endpoint"))


class ChangeReportBuilder(object):
    """Aggregates change material per inventory host and builds the change document."""

    kind = "change"

    def __init__(self):
        self.incomplete_reasons = []   # the run was cut short: killed, cancelled, callback never finished
        self._targets = {}             # host -> target entry
        self._records = {}             # uid -> record (with host)
        self._order = []               # record uids in arrival order
        self._plan = []                # plan entries (with host), in order
        self._plan_uids = set()
        self._rolled_back = set()
        self._rollback_failed = set()
        self._changes = []             # change contexts, first of each id
        self._window = None
        self._refusal = None
        self._deadline = None
        self._play_hosts = []

    # -- collecting ------------------------------------------------------------------------
    def _target(self, host, result=None):
        t = self._targets.get(host)
        if t is None:
            t = self._targets[host] = {"name": host, "platform": None, "endpoint": None, "errors": [], "warnings": [],
                                       "pre_checks": [], "journal": []}
        result = result or {}
        for key in ("platform", "endpoint"):
            if not t[key] and isinstance(result.get(key), str) and result.get(key):
                t[key] = result[key]
        return t

    def add_result(self, host, result):
        """Add one ok result carrying `report_kind: change` for inventory host `host`."""
        if isinstance(result, dict) and not hidden(result):
            self._ingest(host, result)

    def add_failure(self, host, result, unreachable=False, task_name=None, report_task=True):
        """Record a failed or unreachable task of `host`.

        A change task's failed result (`report_kind: change`) still carries its records and
        journal: they are taken in like an ok result.  Any failure is listed on the host with
        its message; `report_task=False` (a task of no report kind) only adds that message.
        """
        result = result if isinstance(result, dict) else {}
        if hidden(result):
            result = {"msg": "the task failed; its output is hidden by no_log"}
        elif report_task and result.get("report_kind") == self.kind:
            self._ingest(host, result, failed=True)
        target = self._target(host, result)
        target["errors"].append({"task": task_name, "message": _error_text(result), "unreachable": bool(unreachable)})

    def add_reason(self, reason):
        """Mark the run incomplete (cut short) for a reason not tied to one host."""
        if reason not in self.incomplete_reasons:
            self.incomplete_reasons.append(reason)

    def _ingest(self, host, result, failed=False):
        target = self._target(host, result)
        change = result.get("change")
        if isinstance(change, dict) and change.get("id") and not any(c["id"] == change["id"] for c in self._changes):
            self._changes.append(dict((k, change.get(k)) for k in ("id", "ticket", "title", "operator")))
        self._take_window(result, failed or bool(result.get("failed")))
        for h in result.get("targets") or ():
            if isinstance(h, str) and h not in self._play_hosts:
                self._play_hosts.append(h)
        for w in result.get("warnings") or ():
            if isinstance(w, str) and w not in target["warnings"]:
                target["warnings"].append(w)
        for c in result.get("pre_checks") or ():
            c = redact(c) if isinstance(c, dict) else None
            if c is not None and c not in target["pre_checks"]:
                target["pre_checks"].append(c)
        for p in result.get("plan") or ():
            if isinstance(p, dict) and p.get("uid") and p["uid"] not in self._plan_uids:
                self._plan_uids.add(p["uid"])
                self._plan.append({"uid": p["uid"], "host": host, "action": p.get("action"), "target": redact(p.get("target") or {}),
                                   "platform": p.get("platform") or target["platform"], "endpoint": p.get("endpoint") or target["endpoint"],
                                   "change_id": p.get("change_id")})
        for rec in result.get("changes") or ():
            if isinstance(rec, dict) and rec.get("uid"):
                self._take_record(host, rec)
        for entry in result.get("journal") or ():
            if isinstance(entry, dict):
                entry = redact(entry)
                # the same entry may come in the results of two tasks (each stamps its own not_before)
                if _journal_key(entry) not in set(_journal_key(j) for j in target["journal"]):
                    target["journal"].append(entry)
        self._rolled_back.update(u for u in result.get("rolled_back_uids") or () if isinstance(u, str))
        self._rollback_failed.update(u for u in result.get("failed_uids") or () if isinstance(u, str))

    def _take_window(self, result, failed):
        window = result.get("window")
        if failed and result.get("refused") and self._refusal is None:
            # refused before the window was looked at: the change names hosts the inventory does not have
            self._refusal = {"state": (window or {}).get("state") if isinstance(window, dict) else None,
                             "message": _error_text(result), "at": (window or {}).get("now") if isinstance(window, dict) else None}
        if not isinstance(window, dict) or not window.get("start"):
            return
        if self._window is None or (window.get("state") == "overridden" and self._window.get("state") != "overridden"):
            self._window = dict((k, window.get(k)) for k in ("start", "end", "timezone", "state", "remaining_s", "now",
                                                             "override", "override_reason", "ticket"))
        if failed and window.get("state") in ("not_yet_open", "closed") and self._refusal is None:
            self._refusal = {"state": window.get("state"), "message": _error_text(result), "at": window.get("now")}
        if result.get("end_play") and self._deadline is None:
            self._deadline = {"at": window.get("now"), "message": _error_text(result),
                              "hosts": [r.get("target", {}).get("name") for r in result.get("changes") or () if isinstance(r, dict)]}

    def _take_record(self, host, rec):
        rec = redact(dict(rec))
        rec["diff"] = _redact_diff(rec.get("diff"))
        rec["kind"] = step_kind(rec)
        # The window check reports for every host of the play: its records belong to the host they name.
        rec["host"] = (rec.get("target") or {}).get("name") or host if rec["kind"] == "window" else host
        self._target(rec["host"])
        old = self._records.get(rec["uid"])
        if old is None:
            self._order.append(rec["uid"])
        elif STATUS_RANK.get(old.get("status"), 0) > STATUS_RANK.get(rec.get("status"), 0):
            return
        self._records[rec["uid"]] = rec

    # -- building --------------------------------------------------------------------------
    def _final_records(self):
        """Records with the rollback outcome applied: the original action stays, its status says what became of it."""
        out = {}
        undone_by = {}
        for uid in self._order:
            rec = self._records[uid]
            if rec["kind"] == "rollback" and rec.get("rollback_of"):
                undone_by.setdefault(rec["rollback_of"], []).append(uid)
        for uid in self._order:
            rec = dict(self._records[uid])
            if rec["kind"] == "step":
                if uid in self._rollback_failed:
                    rec["original_status"], rec["status"] = rec.get("status"), "rollback_failed"
                elif uid in self._rolled_back:
                    rec["original_status"], rec["status"] = rec.get("status"), "rolled_back"
                if uid in undone_by:
                    rec["rolled_back_by"] = undone_by[uid]
            out[uid] = rec
        return out

    def _steps_of(self, host, records, cut_short):
        """A host's steps: window records, its steps and never-started planned steps, then the undo steps."""
        mine = [records[u] for u in self._order if records[u]["host"] == host]
        main = [r for r in mine if r["kind"] != "rollback"]
        reason = CUT_SHORT if cut_short else NOT_REACHED
        for p in self._plan:
            if p["host"] == host and p["uid"] not in records:
                # the record the step would have opened (the same constructor as the tracker's), under the plan's uid
                change = next((c for c in self._changes if c["id"] == p.get("change_id")), {"id": p.get("change_id")})
                rec = new_change_record(change, p.get("platform"), p.get("endpoint"), None, p.get("action"), p.get("target"),
                                        status="not_started", check_mode=None)
                rec.update(uid=p["uid"], reason=reason, host=host, kind="plan")
                main.append(rec)
        return main + [r for r in mine if r["kind"] == "rollback"]

    @staticmethod
    def _target_status(target, steps, refused):
        statuses = set(s["status"] for s in steps)
        if "rollback_failed" in statuses:
            return "rollback_failed"
        if "rolled_back" in statuses:
            return "rolled_back"
        if refused and statuses <= {"not_started"}:
            return "refused"
        if "failed" in statuses or target["errors"]:
            return "failed"
        if statuses and statuses <= {"not_started"}:
            return "not_started"
        if "applied" in statuses:
            return "changed"
        if "planned" in statuses:
            return "planned"
        return "unchanged"

    def _outcome(self, steps, targets, incomplete, check_mode):
        statuses = set(s["status"] for s in steps)
        originals = set(s.get("original_status") for s in steps)
        reasons = []
        if incomplete:
            status = "incomplete"
            reasons.extend(incomplete)
        elif self._refusal and not statuses & {"applied", "failed", "rolled_back", "rollback_failed"}:
            status = "refused"
            reasons.append(self._refusal["message"])
        elif "rollback_failed" in statuses:
            status = "rollback_failed"
        elif "rolled_back" in statuses:
            status = "rolled_back"
        elif "failed" in statuses or "failed" in originals or any(t["status"] == "failed" for t in targets):
            status = "failed"
        elif self._deadline:
            status = "partial"
            reasons.append(self._deadline["message"])
        elif check_mode:
            status = "dry_run"
        elif "applied" in statuses:
            status = "success"
        else:
            status = "unchanged"
        for t in targets:
            for e in t["errors"]:
                text = "%s: %s" % (t["name"], e["message"].splitlines()[0][:300] if e["message"] else "")
                if text not in reasons and status not in ("refused",):
                    reasons.append(text)
        return {"status": status, "reasons": reasons}

    @staticmethod
    def _check_mode(run, records):
        """A dry run: --check (run.check_mode), or every step record says check mode (check_mode: true on the tasks)."""
        if run.get("check_mode"):
            return True
        modes = [r.get("check_mode") for r in records.values() if r["kind"] == "step"]
        return bool(modes) and all(modes)

    def build(self, run, previous=None):  # pylint: disable=unused-argument
        """The change document.  `run` holds id, started, ended, playbook, operator, versions, language,
        check_mode (true for --check; else from the records), incomplete_reasons (the run was cut short) and notes (other
        run-level remarks); `previous` is accepted for the common builder interface and not used."""
        incomplete = list(self.incomplete_reasons)
        for r in run.get("incomplete_reasons") or ():
            if r not in incomplete:
                incomplete.append(r)
        records = self._final_records()
        check_mode = self._check_mode(run, records)
        hosts = list(self._targets)
        for h in self._play_hosts:
            if h not in self._targets:
                hosts.append(h)
        targets, steps = [], []
        for host in sorted(hosts, key=lambda h: (self._play_hosts.index(h) if h in self._play_hosts else len(self._play_hosts), h)):
            t = self._targets.get(host) or {"name": host, "platform": None, "endpoint": None, "errors": [], "warnings": [],
                                            "pre_checks": [], "journal": []}
            t = dict(t)
            # each journal entry says whether the rollback undid it (what is left to undo by hand otherwise)
            t["journal"] = [dict(j, undone=j.get("record_uid") in self._rolled_back and j.get("record_uid") not in self._rollback_failed)
                            for j in t["journal"]]
            t_steps = self._steps_of(host, records, bool(incomplete))
            if host not in self._targets:
                t["not_reached"] = True
            for s in t_steps:
                t["platform"] = t["platform"] or s.get("platform")
                t["endpoint"] = t["endpoint"] or s.get("endpoint")
            t["status"] = self._target_status(t, t_steps, bool(self._refusal))
            if host not in self._targets and not t_steps:
                t["status"] = "not_started"
            for i, s in enumerate(t_steps):
                s["position"] = i + 1   # the step's place on its target (seq restarts with every task)
            t["steps"] = t_steps
            starts = [s["started_at"] for s in t_steps if s.get("started_at")]
            ends = [s["ended_at"] for s in t_steps if s.get("ended_at")]
            t["started_at"] = min(starts) if starts else None
            t["ended_at"] = max(ends) if ends else None
            t["duration_s"] = round(sum(s.get("duration_s") or 0 for s in t_steps), 3)
            targets.append(t)
            steps.extend(t_steps)
        outcome = self._outcome(steps, targets, incomplete, check_mode)
        change_steps = [s for s in steps if s["kind"] != "rollback"]
        undo_steps = [s for s in steps if s["kind"] == "rollback"]
        by_status = dict((k, 0) for k in CHANGE_STATUSES)
        for s in change_steps:
            by_status[s["status"]] = by_status.get(s["status"], 0) + 1
        checks = {"PASS": 0, "FAIL": 0, "SKIPPED": 0}
        for t in targets:
            for c in t["pre_checks"] + [c for s in t["steps"] for c in (s.get("pre_checks") or []) + (s.get("post_checks") or [])]:
                if c.get("status") in checks:
                    checks[c["status"]] += 1
        status_of = dict((s["uid"], s["status"]) for s in steps)
        planned = [dict(p, status=status_of.get(p["uid"], "not_started")) for p in self._plan]
        first = self._changes[0] if self._changes else {}
        window = dict(self._window or {})
        run_doc = {
            "id": run["id"], "started": run.get("started"), "ended": run.get("ended") or utcnow_iso(),
            "complete": not incomplete, "incomplete_reasons": incomplete, "notes": list(run.get("notes") or ()),
            "playbook": run.get("playbook"), "operator": run.get("operator"), "ansible_version": run.get("ansible_version"),
            "collection_version": run.get("collection_version"), "language": run.get("language") or "en", "check_mode": check_mode,
        }
        return {
            "schema_version": CHANGE_REPORT_SCHEMA_VERSION,
            "records_schema_version": CHANGE_SCHEMA_VERSION,
            "kind": "change",
            "run": run_doc,
            "change": {
                "ids": [c["id"] for c in self._changes], "id": first.get("id"),
                "ticket": first.get("ticket") or window.get("ticket"), "title": first.get("title"),
                "operator": first.get("operator") or run.get("operator"),
                "window": window or None, "refusal": self._refusal, "deadline": self._deadline,
            },
            "outcome": outcome,
            "summary": {
                "steps": len(change_steps), "by_status": by_status,
                "rollback_steps": {"total": len(undo_steps), "rolled_back": sum(1 for s in undo_steps if s["status"] == "rolled_back"),
                                   "rollback_failed": sum(1 for s in undo_steps if s["status"] == "rollback_failed")},
                "targets": len(targets),
                "targets_by_status": dict((k, sum(1 for t in targets if t["status"] == k)) for k in TARGET_STATUSES),
                "planned": len(planned), "checks": checks,
                "duration_s": round(sum(s.get("duration_s") or 0 for s in steps), 3),
            },
            "targets": targets,
            "planned": planned,
            "sections": {
                "changed": [s["uid"] for s in change_steps if s["status"] in ("applied", "planned")],
                "rolled_back": [s["uid"] for s in change_steps if s["status"] in ("rolled_back", "rollback_failed")],
                "rollback_steps": [s["uid"] for s in undo_steps],
                "failed": [s["uid"] for s in steps if "failed" in (s["status"], s.get("original_status")) or s["status"] == "rollback_failed"],
                "not_started": [s["uid"] for s in change_steps if s["status"] == "not_started"],
            },
        }


def change_index_entry(doc):
    """What index.json keeps per change run: the change, its outcome and the step counts."""
    run = doc.get("run") or {}
    change = doc.get("change") or {}
    summary = doc.get("summary") or {}
    return {
        "id": run.get("id"), "started": run.get("started"), "ended": run.get("ended"), "complete": run.get("complete"),
        "playbook": run.get("playbook"), "operator": run.get("operator"), "check_mode": run.get("check_mode"),
        "change_ids": list(change.get("ids") or ()), "ticket": change.get("ticket"), "title": change.get("title"),
        "outcome": (doc.get("outcome") or {}).get("status"), "window_state": (change.get("window") or {}).get("state"),
        "targets": summary.get("targets"), "steps": summary.get("steps"), "by_status": summary.get("by_status"),
    }


def is_document(doc):
    """A change report document (what load_report accepts for this kind)."""
    return "targets" in doc


def run_for(run, interrupted):
    """The run as the change builder takes it.  A failed change is a complete run (its records say what
    failed), so only an interruption makes it incomplete; the run's other remarks become notes."""
    reasons = list(run.get("incomplete_reasons") or ())
    notes = list(run.get("notes") or ())
    if interrupted:
        return dict(run, incomplete_reasons=reasons, notes=notes)
    return dict(run, incomplete_reasons=[], notes=notes + [r for r in reasons if r not in notes])


def console_lines(doc):
    """Console line of the change report: the outcome and the step counts."""
    change = doc["change"]
    counts = doc["summary"]["by_status"]
    window = change.get("window") or {}
    return ["cloudops report [change] %s: outcome %s%s - %s; window %s; run %s" % (
        ", ".join(change.get("ids") or ()) or "-", doc["outcome"]["status"], " (dry run)" if doc["run"]["check_mode"] else "",
        ", ".join("%d %s" % (n, k.replace("_", " ")) for k, n in counts.items() if n) or "no steps",
        window.get("state") or "not checked", run_state(doc))]

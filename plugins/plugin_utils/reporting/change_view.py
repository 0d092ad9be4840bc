# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The language-specific view of a change document, shared by its HTML and Markdown renderers.

Plain data only (strings and numbers); escaping is the renderers' job.
"""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import CHANGE_STATUSES
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import pick, tr

VALUE_CHARS = 300        # a before/after cell longer than this is cut (report.json has it whole)
DIFF_ROWS = 60           # diff rows shown per step
# How a status looks: good, bad, warn (rolled back / refused / partial), na (not started, unchanged), plan.
STATUS_CLS = {"applied": "good", "unchanged": "na", "planned": "plan", "failed": "bad", "rolled_back": "warn",
              "rollback_failed": "bad", "not_started": "na"}
TARGET_CLS = {"changed": "good", "unchanged": "na", "planned": "plan", "failed": "bad", "rolled_back": "warn",
              "rollback_failed": "bad", "refused": "warn", "not_started": "na"}
OUTCOME_CLS = {"success": "good", "unchanged": "good", "dry_run": "plan", "failed": "bad", "rolled_back": "warn",
               "rollback_failed": "bad", "refused": "warn", "partial": "warn", "incomplete": "bad"}


def value_text(value):
    """A before/after value as one line of text: strings as is, the rest as compact JSON."""
    if value is None:
        return "-"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS - 1] + "\u2026"


def target_label(target):
    """`name (type)` of a step's target; its id when it has no name."""
    target = target or {}
    name = target.get("name") or target.get("id") or "-"
    return "%s (%s)" % (name, target["type"]) if target.get("type") else str(name)


def _checks(checks, lang):
    return [{"id": c.get("id") or "", "status": c.get("status") or "", "label": tr("chk." + str(c.get("status")), lang),
             "title": pick(c.get("title"), lang) or c.get("id") or "", "message": c.get("message") or ""}
            for c in checks or () if isinstance(c, dict)]


def _step(s, lang, by_uid):
    status = s.get("status") or ""
    diff = [d for d in s.get("diff") or () if isinstance(d, dict)]
    pre, post = _checks(s.get("pre_checks"), lang), _checks(s.get("post_checks"), lang)
    fails = sum(1 for c in pre + post if c["status"] == "FAIL")
    undone = by_uid.get(s.get("rollback_of")) or {}
    return {
        "uid": s.get("uid") or "", "host": s.get("host") or "", "seq": s.get("position") or "", "task_seq": "" if s.get("seq") is None else s.get("seq"),
        "kind": s.get("kind") or "step", "action": s.get("action") or "", "title": pick(s.get("title"), lang) or "",
        "target": target_label(s.get("target")), "target_id": (s.get("target") or {}).get("id") or "",
        "status": status, "status_label": tr("st." + status, lang) if status in CHANGE_STATUSES else status,
        "cls": STATUS_CLS.get(status, "na"),
        "original": tr("chg.original", lang, status=tr("st." + s["original_status"], lang)) if s.get("original_status") else "",
        "undone_by": tr("chg.undone_by", lang, n=len(s["rolled_back_by"])) if s.get("rolled_back_by") else "",
        "rollback_of": tr("chg.rollback_of", lang, action=undone.get("action") or "", target=target_label(undone.get("target")))
        if undone else "",
        "started": s.get("started_at") or "", "ended": s.get("ended_at") or "",
        "duration": "" if s.get("duration_s") is None else "%.3f" % float(s["duration_s"]),
        "error": s.get("error") or "", "reason": s.get("reason") or "",
        "check_mode": bool(s.get("check_mode")),
        "diff": [{"path": d.get("path") or "", "before": value_text(d.get("before")), "after": value_text(d.get("after"))}
                 for d in diff[:DIFF_ROWS]],
        "diff_total": len(diff),
        "diff_more": tr("chg.more_diff", lang, n=len(diff) - DIFF_ROWS) if len(diff) > DIFF_ROWS else "",
        "pre_checks": pre, "post_checks": post,
        "checks_text": "%d/%d" % (sum(1 for c in pre + post if c["status"] == "PASS"), len(pre + post)) if pre + post else "",
        "checks_fail": fails,
        "has_details": bool(diff or pre or post or s.get("error") or s.get("reason")),
    }


def _window(doc, lang):
    w = (doc.get("change") or {}).get("window") or {}
    if not w:
        return None
    state = w.get("state") or ""
    return {"start": w.get("start") or "", "end": w.get("end") or "", "timezone": w.get("timezone") or "", "state": state,
            "state_label": tr("win." + state, lang) if state else "", "override": bool(w.get("override")),
            "override_reason": w.get("override_reason") or "", "now": w.get("now") or "",
            "cls": {"open": "good", "overridden": "warn"}.get(state, "bad")}


def build(doc, lang):
    """The view dict of a change document in `lang`."""
    change = doc.get("change") or {}
    summary = doc.get("summary") or {}
    outcome = doc.get("outcome") or {}
    run = doc.get("run") or {}
    all_steps = [s for t in doc.get("targets") or () for s in t.get("steps") or ()]
    by_uid = dict((s.get("uid"), s) for s in all_steps)
    rows = dict((s.get("uid"), _step(s, lang, by_uid)) for s in all_steps)
    targets = []
    for t in doc.get("targets") or ():
        status = t.get("status") or ""
        targets.append({
            "name": t.get("name") or "", "platform": tr("platform." + t["platform"], lang) if t.get("platform") else "",
            "endpoint": t.get("endpoint") or "", "status": status, "status_label": tr("tgt." + status, lang),
            "cls": TARGET_CLS.get(status, "na"), "not_reached": bool(t.get("not_reached")),
            "errors": ["%s%s: %s" % ("%s %r " % (tr("chg.task", lang), e.get("task")) if e.get("task") else "",
                                     tr("chg.unreachable", lang) if e.get("unreachable") else tr("res.failed", lang), e.get("message") or "")
                       for e in t.get("errors") or ()],
            "warnings": list(t.get("warnings") or ()), "pre_checks": _checks(t.get("pre_checks"), lang),
            "steps": [rows[s.get("uid")] for s in t.get("steps") or ()],
            "journal": [{"op": tr("jnl." + str(j.get("op")), lang), "type": j.get("type") or "", "id": j.get("id") or "",
                         "name": j.get("name") or "", "undone": tr("yes", lang) if j.get("undone") else tr("no", lang)}
                        for j in t.get("journal") or ()],
            "started": t.get("started_at") or "", "ended": t.get("ended_at") or "",
            "duration": "%.3f" % float(t.get("duration_s") or 0),
        })
    sections = doc.get("sections") or {}
    by_status = summary.get("by_status") or {}
    rb = summary.get("rollback_steps") or {}
    checks = summary.get("checks") or {}
    ostatus = outcome.get("status") or ""
    deadline = change.get("deadline") or None
    return {
        "ids": ", ".join(change.get("ids") or ()) or change.get("id") or "-",
        "ticket": change.get("ticket") or "-", "title": change.get("title") or "", "operator": change.get("operator") or run.get("operator") or "",
        "window": _window(doc, lang),
        "refusal": (change.get("refusal") or {}).get("message") or "",
        "deadline": tr("chg.deadline", lang, at=deadline.get("at") or "", n=len(deadline.get("hosts") or ())) if deadline else "",
        "check_mode": bool(run.get("check_mode")),
        "outcome": {"status": ostatus, "label": tr("out." + ostatus, lang), "cls": OUTCOME_CLS.get(ostatus, "na"),
                    "reasons": list(outcome.get("reasons") or ())},
        "counts": [{"status": k, "label": tr("st." + k, lang), "count": by_status.get(k, 0), "cls": STATUS_CLS[k]}
                   for k in CHANGE_STATUSES],
        "counts_line": tr("chg.counts", lang, steps=summary.get("steps", 0), targets=summary.get("targets", 0)),
        "rollback_line": tr("chg.rollback_counts", lang, ok=rb.get("rolled_back", 0), failed=rb.get("rollback_failed", 0))
        if rb.get("total") else "",
        "checks_line": tr("chg.checks_counts", lang, PASS=checks.get("PASS", 0), FAIL=checks.get("FAIL", 0),
                          SKIPPED=checks.get("SKIPPED", 0)),
        "targets": targets,
        "planned": [{"host": p.get("host") or "", "action": p.get("action") or "", "target": target_label(p.get("target")),
                     "status": p.get("status") or "", "status_label": tr("st." + str(p.get("status")), lang),
                     "cls": STATUS_CLS.get(p.get("status"), "na"), "uid": p.get("uid") or ""} for p in doc.get("planned") or ()],
        "sections": [
            {"key": key, "title": tr(title, lang), "rows": [rows[u] for u in sections.get(key) or () if u in rows]}
            for key, title in (("changed", "sec.chg_changed_dry" if run.get("check_mode") else "sec.chg_changed"),
                               ("failed", "sec.chg_failed"), ("rolled_back", "sec.chg_rolled_back"),
                               ("rollback_steps", "sec.chg_rollback_steps"), ("not_started", "sec.chg_not_started"))
        ],
        "notes": list(run.get("notes") or ()),
    }

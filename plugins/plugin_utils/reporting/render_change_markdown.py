# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.md of the change report: for the change ticket, chat and mail.

Bounded: at most MAX_STEPS step rows per table and MAX_DIFF before/after rows per step
(report.json has everything).  Every data value goes through cell()/inline() like the other kinds.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import change_view
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import title_for, tr
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_markdown import _table, cell, incomplete_banner, inline

MAX_STEPS = 300
MAX_DIFF = 20


def _step_cells(s, with_host):
    status = s["status_label"] + ((" (%s)" % s["original"]) if s["original"] else "")
    detail = "; ".join(x for x in (s["error"], s["reason"], s["undone_by"], s["rollback_of"]) if x)
    row = [cell(s["host"])] if with_host else []
    return row + [cell(s["seq"]), cell(s["action"]), cell(s["target"]),
                  ("**%s**" % cell(status)) if s["cls"] == "bad" else cell(status), cell(s["duration"]), cell(s["checks_text"]),
                  cell(detail)]


def _steps(out, rows, lang, with_host):
    headers = ([tr("col.host", lang)] if with_host else []) + [tr(k, lang) for k in (
        "col.seq", "col.action", "col.change_target", "col.status", "col.duration", "col.step_checks", "col.detail")]
    out.extend(_table(headers, [_step_cells(s, with_host) for s in rows[:MAX_STEPS]]))
    if len(rows) > MAX_STEPS:
        out.append("")
        out.append(inline(tr("msg.more", lang, n=len(rows) - MAX_STEPS)))
    out.append("")


def _diffs(out, rows, lang):
    """Before/after of the steps that changed (or would), and every failed check."""
    for s in rows[:MAX_STEPS]:
        failed_checks = [c for c in s["pre_checks"] + s["post_checks"] if c["status"] == "FAIL"]
        if not s["diff"] and not failed_checks:
            continue
        out.append("**%s %s %s** · %s" % (cell(s["seq"]), cell(s["action"]), cell(s["target"]), cell(s["status_label"])))
        out.append("")
        if s["diff"]:
            out.extend(_table([tr("col.field", lang), tr("col.before", lang), tr("col.after", lang)],
                              [[cell(d["path"]), cell(d["before"]), cell(d["after"])] for d in s["diff"][:MAX_DIFF]]))
            if s["diff_total"] > MAX_DIFF:
                out.append("")
                out.append(inline(tr("chg.more_diff", lang, n=s["diff_total"] - MAX_DIFF)))
            out.append("")
        for c in failed_checks:
            out.append("- %s %s: %s" % (cell(c["label"]), cell(c["title"]), cell(c["message"])))
        if failed_checks:
            out.append("")


def _header(out, doc, v, lang):
    run = doc["run"]
    out.append("# %s%s" % (inline(title_for("change", lang)), (" (%s)" % inline(tr("chg.dry_label", lang))) if v["check_mode"] else ""))
    out.append("")
    out.append("%s: %s · %s: %s · %s: %s · %s: `%s` · %s: %s · %s: %s" % (
        tr("chg.id", lang), cell(v["ids"]), tr("chg.ticket", lang), cell(v["ticket"]), tr("run.operator", lang), cell(v["operator"]),
        tr("run.id", lang), inline(run["id"]).replace("`", ""), tr("run.started", lang), cell(run.get("started")),
        tr("run.ended", lang), cell(run.get("ended"))))
    out.append("")
    if v["title"]:
        out.append("%s: %s" % (tr("chg.title", lang), cell(v["title"])))
        out.append("")
    incomplete_banner(out, run, lang)
    if v["check_mode"]:
        out.append("> **%s**" % inline(tr("chg.dry_run", lang)))
        out.append("")
    out.append("## %s: %s" % (tr("chg.outcome", lang), inline(v["outcome"]["label"])))
    out.append("")
    for r in v["outcome"]["reasons"]:
        out.append("- %s" % cell(r))
    if v["outcome"]["reasons"]:
        out.append("")
    out.extend(_table([c["label"] for c in v["counts"]], [[str(c["count"]) for c in v["counts"]]]))
    out.append("")
    out.append(inline(" · ".join(x for x in (v["counts_line"], v["rollback_line"], v["checks_line"]) if x)))
    out.append("")
    w = v["window"]
    out.append("## %s" % tr("chg.window", lang))
    out.append("")
    if w:
        out.append("%s → %s (%s) · %s: %s" % (cell(w["start"]), cell(w["end"]), cell(w["timezone"]), tr("chg.window_state", lang),
                                              cell(w["state_label"])))
        if w["override"]:
            out.append("")
            out.append("**%s** · %s: %s" % (tr("chg.override", lang), tr("chg.override_reason", lang), cell(w["override_reason"])))
    else:
        out.append(tr("chg.window_none", lang))
    for key, text in (("chg.refusal", v["refusal"]), ("out.partial", v["deadline"])):
        if text:
            out.append("")
            out.append("> **%s**: %s" % (tr(key, lang), cell(text)))
    for n in v["notes"]:
        out.append("")
        out.append("> %s: %s" % (tr("chg.notes", lang), cell(n)))
    out.append("")


def render(doc, language="en"):
    """Render the change report's Markdown text."""
    lang = language
    v = change_view.build(doc, lang)
    out = []
    _header(out, doc, v, lang)
    out.append("## %s" % tr("sec.chg_targets", lang))
    out.append("")
    for t in v["targets"]:
        out.append("### %s · %s" % (inline(t["name"]), inline(t["status_label"])))
        out.append("")
        where = " · ".join(x for x in (t["platform"], t["endpoint"]) if x)
        if where:
            out.append(cell(where))
            out.append("")
        if t["not_reached"]:
            out.append(tr("chg.not_reached", lang))
            out.append("")
        for e in t["errors"]:
            out.append("- **%s**" % cell(e))
        for w in t["warnings"]:
            out.append("- %s" % cell(w))
        if t["errors"] or t["warnings"]:
            out.append("")
        failed_pre = [c for c in t["pre_checks"] if c["status"] == "FAIL"]
        if t["pre_checks"]:
            out.append("%s: %d/%d %s" % (tr("chg.pre_checks", lang), len(t["pre_checks"]) - len(failed_pre), len(t["pre_checks"]),
                                         tr("chk.PASS", lang)))
            for c in failed_pre:
                out.append("- %s %s: %s" % (cell(c["label"]), cell(c["title"]), cell(c["message"])))
            out.append("")
        if t["steps"]:
            _steps(out, t["steps"], lang, False)
            _diffs(out, t["steps"], lang)
    out.append("## %s" % tr("sec.chg_planned", lang))
    out.append("")
    if v["planned"]:
        out.extend(_table([tr("col.host", lang), tr("col.action", lang), tr("col.change_target", lang), tr("col.status", lang)],
                          [[cell(p["host"]), cell(p["action"]), cell(p["target"]), cell(p["status_label"])] for p in v["planned"][:MAX_STEPS]]))
    else:
        out.append(tr("chg.none", lang))
    out.append("")
    for sec in v["sections"]:
        out.append("## %s (%d)" % (inline(sec["title"]), len(sec["rows"])))
        out.append("")
        if sec["rows"]:
            _steps(out, sec["rows"], lang, True)
        else:
            out.append(tr("chg.none", lang))
            out.append("")
    run = doc["run"]
    out.append("---")
    out.append("%s · %s %s · %s %s · schema %s" % (
        tr("msg.generated", lang), tr("run.collection", lang), cell(run.get("collection_version")),
        tr("run.ansible", lang), cell(run.get("ansible_version")), cell(doc.get("schema_version"))))
    return "\n".join(out) + "\n"

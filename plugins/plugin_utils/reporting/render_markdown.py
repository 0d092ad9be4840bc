# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.md: the summary for chat and mail.

Bounded in size: the open findings table stops at MAX_ROWS rows (report.html / report.json
hold everything).  Every data value goes through cell()/inline(), which neutralise table
pipes, code spans, HTML and link syntax.
"""

from __future__ import annotations

import re

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import view
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import pick, title_for, tr

MAX_ROWS = 500
MAX_DELTA_ROWS = 50
_SPECIAL = re.compile(r"([\\`*_\[\]|#!~])")
# Everything str.splitlines() breaks on, plus other control characters: folded in table cells.
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def inline(value):
    """Escape a data value for Markdown text (no HTML, no formatting, no links)."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return text


def cell(value):
    """Escape a data value for a Markdown table cell (also folds newlines)."""
    return _BREAKS.sub("<br>", inline(value))


def _row(values):
    return "| " + " | ".join(values) + " |"


def _table(headers, rows):
    out = [_row(headers), _row(["---"] * len(headers))]
    out.extend(_row(r) for r in rows)
    return out


def _fmt_delta(value):
    if value is None:
        return ""
    return ("+%.1f" % value) if value > 0 else ("%.1f" % value)


def _score_line(doc, v, lang, key):
    o = v["overall"]
    score_text = tr("score.na", lang) if o["score"] is None else "%.1f" % o["score"]
    line = "**%s: %s / 100 — %s**" % (tr(key, lang), score_text, o["band_label"])
    if o["delta"] is not None:
        line += " (%s %s %s)" % (o["arrow"], _fmt_delta(o["delta"]), tr("score.vs_prev", lang))
    elif not doc.get("delta", {}).get("previous_run_id"):
        line += " (%s)" % tr("score.first_run", lang)
    return line


def _top_risks(out, v, lang):
    """Top risks grouped by check, with remediation."""
    if v["top_risks"]:
        out.extend(_table(["#", tr("col.severity", lang), tr("col.endpoint", lang), tr("col.check", lang),
                           tr("col.resource", lang), tr("col.message", lang), tr("col.remediation", lang)],
                          [[str(i + 1), r["severity_label"], cell(r["host"]), cell(r["title"]), cell(r["resource_label"]),
                            cell(r["message"]), cell(r["remediation"])] for i, r in enumerate(v["top_risks"])]))
    else:
        out.append(tr("msg.no_open", lang))
    out.append("")


def _inspection_summary(out, doc, v, lang):
    """Executive summary of an inspection report: score, pillars, severities, top risks."""
    o = v["overall"]
    out.append("## %s" % tr("sec.summary", lang))
    out.append("")
    out.append(_score_line(doc, v, lang, "score.overall"))
    if o["capped"]:
        out.append("")
        out.append("_%s_" % inline(tr("score.capped", lang)))
    if len(v["platforms"]) > 1:
        out.append("")
        out.append("%s: %s" % (tr("score.by_platform", lang), "; ".join(
            "%s %s (%s)" % (p["label"], tr("score.na", lang) if p["score"] is None else "%.1f" % p["score"], p["band_label"])
            for p in v["platforms"])))
    out.append("")
    out.append(inline(v["summary_line"]))
    out.append("")
    out.extend(_table([tr("col.pillar", lang), tr("col.score", lang), tr("col.band", lang), tr("col.delta", lang),
                       tr("col.fail", lang), tr("col.pass", lang), tr("col.error", lang), tr("col.muted", lang)],
                      [[p["label"], "" if p["score"] is None else "%.1f" % p["score"], p["band_label"],
                        (p["arrow"] + " " + _fmt_delta(p["delta"])) if p["delta"] is not None else "",
                        str(p["fail"]), str(p["pass"]), str(p["error"]), str(p["muted"])] for p in v["pillars"]]))
    out.append("")
    out.append("### %s" % tr("sec.severity", lang))
    out.append("")
    out.extend(_table([s["label"] for s in v["severity_counts"]], [[str(s["count"]) for s in v["severity_counts"]]]))
    out.append("")
    out.append("### %s" % tr("sec.top_risks", lang))
    out.append("")
    _top_risks(out, v, lang)


def _backup_summary(out, doc, v, lang):
    """Executive summary of the backup report: score, coverage, jobs, RPO, restore tests, leftovers."""
    k = v["backup"]["kpis"]
    out.append("## %s" % tr("sec.summary", lang))
    out.append("")
    out.append(_score_line(doc, v, lang, "bk.score"))
    if v["overall"]["capped"]:
        out.append("")
        out.append("_%s_" % inline(tr("score.capped", lang)))
    out.append("")
    out.append(inline(v["summary_line"]))
    out.append("")
    out.extend(_table([tr("bk.coverage", lang), tr("bk.failed_jobs", lang), tr("bk.rpo_breaches", lang), tr("bk.restore", lang),
                       tr("bk.rto", lang), tr("bk.leftovers", lang)],
                      [[cell("%s (%s)" % (k["coverage"], k["coverage_sub"])), cell("%d (%s)" % (k["failed_jobs"], k["stale_jobs_sub"])),
                        str(k["rpo_breaches"]), cell(k["restore_sub"] + ((" · " + k["planned_sub"]) if k["planned_sub"] else "")),
                        cell(k["rto_sub"]), cell(k["leftovers_sub"])]]))
    if k["not_cleaned"]:
        out.append("")
        out.append("> **%s**" % inline(k["not_cleaned"]))
    out.append("")
    out.append("### %s" % tr("sec.bk_coverage", lang))
    out.append("")
    out.extend(_table([tr("col.endpoint", lang), tr("col.platform", lang), tr("col.required", lang), tr("col.protected", lang),
                       tr("col.coverage", lang)],
                      [[cell(c["name"]), cell(c["platform"]), str(c["required"]), str(c["protected"]), cell(c["pct_text"])]
                       for c in v["backup"]["coverage_rows"]]))
    out.append("")


def _section(out, title, headers, rows, empty, lang):
    out.append("## %s" % title)
    out.append("")
    if rows:
        out.extend(_table(headers, rows[:MAX_ROWS]))
        if len(rows) > MAX_ROWS:
            out.append("")
            out.append(inline(tr("msg.more", lang, n=len(rows) - MAX_ROWS)))
    else:
        out.append(tr(empty, lang))
    out.append("")


def _backup_sections(out, b, lang):
    """Policy table, protection per resource, failed jobs, restore tests and leftovers."""
    ep = [tr("col.endpoint", lang)] if b["multi"] else []

    def pre(row):
        return [cell(row["endpoint"])] if b["multi"] else []

    _section(out, tr("sec.bk_policies", lang),
             ep + [tr(c, lang) for c in ("col.name", "col.kind", "col.schedule", "col.retention", "col.targets", "col.state",
                                         "col.last_run", "col.last_result")],
             [pre(p) + [cell(p["name"]), cell(p["kind"]), cell(p["schedule"]), cell(p["retention"]), cell(p["targets"]),
                        cell(p["state"]), cell(p["last_run"]), cell(p["last_result"])] for p in b["policies"]], "bk.no_rows", lang)
    _section(out, tr("sec.bk_protection", lang),
             ep + [tr(c, lang) for c in ("col.resource", "col.rule", "col.policies", "col.last_success", "col.age_rpo",
                                         "col.retained", "col.status")],
             [pre(r) + [cell(r["resource"]), cell(r["rule"]), cell(r["policies"]), cell(r["last_success"]),
                        ("**%s**" % cell(r["age_rpo"])) if r["breach"] else cell(r["age_rpo"]), cell(r["retained"]),
                        ("**%s**" % cell(r["status_label"])) if r["order"] < 3 else cell(r["status_label"])] for r in b["protection"]],
             "bk.no_rows", lang)
    _section(out, tr("sec.bk_jobs", lang),
             ep + [tr(c, lang) for c in ("col.job", "col.policy", "col.target", "col.last_run", "col.last_result", "col.consecutive",
                                         "col.stale")],
             [pre(j) + [cell(j["name"]), cell(j["policy"]), cell(j["target"]), cell(j["last_run"]), cell(j["result"]),
                        str(j["consecutive"]), cell(j["stale"])] for j in b["jobs"]], "bk.no_failed_jobs", lang)
    _section(out, tr("sec.bk_restore", lang),
             ep + [tr(c, lang) for c in ("col.source", "col.backup_used", "col.scratch", "col.status", "col.checks", "col.rto",
                                         "col.cleaned", "col.original", "col.error_msg")],
             [pre(r) + [cell(r["source"]), cell(r["backup"]), cell(r["scratch"]),
                        ("**%s**" % cell(r["status_label"])) if r["order"] < 2 else cell(r["status_label"]),
                        cell(" / ".join(c["text"] for c in r["checks"])), cell(r["rto"]), cell(r["cleaned"]), cell(r["original"]),
                        cell(r["error"])] for r in b["restores"]], "bk.no_restore", lang)
    _section(out, tr("sec.bk_leftovers", lang),
             ep + [tr(c, lang) for c in ("col.resource", "col.created", "col.cleaned")],
             [pre(x) + [cell(x["label"]), cell(x["created"]), cell(x["cleaned"])] for x in b["leftovers"]], "bk.no_leftovers", lang)


def incomplete_banner(out, run, lang):
    """The incomplete-run quote with its reasons (nothing for a complete run)."""
    if not run.get("complete"):
        out.append("> **%s**" % inline(tr("run.incomplete", lang)))
        for r in run.get("incomplete_reasons") or ():
            out.append("> - %s" % cell(r))
        out.append("")


def status_banner(out, doc, v, lang):
    """The incomplete-run quote, or the collection errors of a run complete with them; then what was carried unverified."""
    run = doc["run"]
    notes = v["run_notes"]
    incomplete_banner(out, run, lang)
    if run.get("complete") and notes["status"] == "complete_with_collection_errors":
        out.append("> **%s**" % inline(notes["label"]))
        out.extend("> - %s" % cell(r) for r in notes["collection_errors"])
        out.append("")
    for text in (notes["not_in_run"], notes["carried"]):
        if text:
            out.append("> %s" % cell(text))
    if notes["not_in_run"] or notes["carried"]:
        out.append("")


def render(doc, language="en"):
    """Render the Markdown text."""
    lang = language
    v = view.build(doc, lang)
    run = doc["run"]
    out = ["# %s" % inline(title_for(doc.get("kind", ""), lang)), ""]
    out.append("%s: `%s` · %s: %s · %s: %s · %s: %s" % (
        tr("run.id", lang), run["id"], tr("run.started", lang), cell(run.get("started")),
        tr("run.operator", lang), cell(run.get("operator")), tr("run.playbook", lang), cell(run.get("playbook"))))
    out.append("")
    status_banner(out, doc, v, lang)

    if v.get("backup"):
        _backup_summary(out, doc, v, lang)
        _backup_sections(out, v["backup"], lang)
        out.append("## %s" % tr("sec.bk_findings", lang))
        out.append("")
        _top_risks(out, v, lang)
    else:
        _inspection_summary(out, doc, v, lang)

    d = v["delta"]
    out.append("## %s" % tr("sec.delta", lang))
    out.append("")
    if not d["previous_run_id"]:
        out.append(inline(tr("msg.first_run", lang)))
        out.append("")
    else:
        out.append("%s: `%s`" % (tr("run.previous", lang), inline(d["previous_run_id"]).replace("`", "")))
        out.append("")
    out.append("%s: %d · %s: %d · %s: %d · %s: %d" % (
        tr("sec.new", lang), len(d["new"]), tr("sec.resolved", lang), len(d["resolved"]),
        tr("sec.persisting", lang), d["persisting_count"], tr("sec.unverified", lang), len(d["unverified"])))
    out.append("")
    for key, rows in (("sec.new", d["new"]), ("sec.resolved", d["resolved"]), ("sec.unverified", d["unverified"])):
        if not rows:
            continue
        out.append("### %s" % tr(key, lang))
        out.append("")
        out.extend(_table([tr("col.severity", lang), tr("col.endpoint", lang), tr("col.check", lang), tr("col.resource", lang)],
                          [[r["severity_label"], cell(r["host"]), cell(r["title"]), cell(r["resource_label"])]
                           for r in rows[:MAX_DELTA_ROWS]]))
        if len(rows) > MAX_DELTA_ROWS:
            out.append("")
            out.append(inline(tr("msg.more", lang, n=len(rows) - MAX_DELTA_ROWS)))
        out.append("")

    out.append("## %s" % tr("sec.endpoints", lang))
    out.append("")
    out.extend(_table([tr("col.endpoint", lang), tr("col.platform", lang), tr("col.url", lang), tr("col.status", lang),
                       tr("col.fail", lang), tr("col.error_msg", lang)],
                      [[cell(e["name"]), cell(e.get("platform")), cell(e.get("endpoint")),
                        ("**%s**" % e["status_label"]) if e["status"] == "failed" else e["status_label"],
                        str(e["fail"]), cell(e.get("error") or "; ".join(e.get("warnings") or ()))] for e in v["endpoints"]]))
    out.append("")

    open_rows = [f for f in doc.get("findings") or () if f.get("status") in ("FAIL", "ERROR")]
    out.append("## %s (%s / %s)" % (tr("sec.findings", lang), tr("status.FAIL", lang), tr("status.ERROR", lang)))
    out.append("")
    if open_rows:
        out.extend(_table([tr("col.status", lang), tr("col.severity", lang), tr("col.pillar", lang), tr("col.endpoint", lang),
                           tr("col.check_id", lang), tr("col.resource", lang), tr("col.message", lang)],
                          [[tr("status." + f["status"], lang), tr("sev." + str(f.get("severity")), lang),
                            tr("pillar." + str(f.get("pillar")), lang), cell(f.get("host")), cell(f.get("check_id")),
                            cell(view.resource_label(f)), cell(pick(f.get("message"), lang))] for f in open_rows[:MAX_ROWS]]))
        if len(open_rows) > MAX_ROWS:
            out.append("")
            out.append(inline(tr("msg.more", lang, n=len(open_rows) - MAX_ROWS)))
    else:
        out.append(tr("msg.no_open", lang))
    out.append("")
    out.append("---")
    out.append("%s · %s %s · %s %s · schema %s" % (
        tr("msg.generated", lang), tr("run.collection", lang), cell(run.get("collection_version")),
        tr("run.ansible", lang), cell(run.get("ansible_version")), cell(doc.get("schema_version"))))
    return "\n".join(out) + "\n"

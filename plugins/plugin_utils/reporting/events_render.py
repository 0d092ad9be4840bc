# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTML (self-contained), Markdown and JUnit of the `events` report; the history page of its runs.

JUnit: one <testcase> per event (classname = cloud, name = priority rule resource); an SLA breach is a <failure>,
an event not yet acknowledged but within target is <skipped>.  Every text is escaped; nothing loads from outside.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.events_text import duration, t
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_junit import clean_text, close_suite, document

CSS = ("body{font-family:-apple-system,'Segoe UI','Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:2em;color:#222}"
       "table{border-collapse:collapse;margin:1em 0;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;"
       "font-size:13px;vertical-align:top}th{background:#f3f3f3}.P1{color:#b00020;font-weight:bold}.P2{color:#c05600}"
       ".breach{background:#fde8e8}.kpi{display:inline-block;margin:0 2em 1em 0}.kpi b{font-size:22px;display:block}"
       ".note{color:#666}th{white-space:nowrap}.events td:last-child{word-break:break-all;font-family:monospace;font-size:11px;"
       "}.evidence{font-size:12px}h3{margin:1.2em 0 0;font-size:15px}")


def esc(value):
    return html.escape("" if value is None else str(value), quote=True)


def share_text(share):
    return "-" if share is None else "%.1f %%" % (100.0 * share)


def resource_label(e):
    return e.get("resource_name") or e.get("resource_id") or "-"


def ack_of(e, lang):
    acks = e.get("acks") or []
    if not acks:
        return t("not_acked", lang), ""
    first = acks[0]
    return "%s %s" % (first.get("acked_by"), first.get("acked_at")), first.get("ticket") or ""


def resolution_of(e):
    res = (e.get("resolutions") or [])
    return " / ".join("%s: %s" % (r.get("cause"), r.get("action")) for r in res) if res else ""


def page(title, body, lang):
    return ("<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title><style>%s</style></head>"
            "<body>%s</body></html>\n" % ("zh-CN" if lang == "zh_CN" else "en", esc(title), CSS, body))


class Link(object):
    """A table cell that links to a run's report (the history pages)."""

    def __init__(self, text, href):
        self.text, self.href = text, href

    def html(self):
        return '<a href="%s">%s</a>' % (esc(self.href), esc(self.text))


def cell(value):
    return value.html() if isinstance(value, Link) else esc(value)


def table(headers, rows, row_classes=None, css_class=None):
    attrs = ' class="%s"' % css_class if css_class else ""
    out = ["<table%s><thead><tr>%s</tr></thead><tbody>" % (attrs, "".join("<th>%s</th>" % esc(h) for h in headers))]
    for n, row in enumerate(rows):
        cls = (row_classes or [None] * len(rows))[n]
        out.append("<tr%s>%s</tr>" % (' class="%s"' % cls if cls else "", "".join("<td>%s</td>" % cell(c) for c in row)))
    out.append("</tbody></table>")
    return "".join(out)


def event_rows(events, lang):
    rows, classes = [], []
    for e in events:
        s = e.get("sla") or {}
        who, ticket = ack_of(e, lang)
        rows.append([e.get("priority"), e.get("cloud"), e.get("rule_name") or e.get("rule_id"), resource_label(e),
                     e.get("metric") or "", e.get("alert_time"), t("st." + str(e.get("status")), lang),
                     duration(s.get("time_to_detect_seconds"), lang), duration(s.get("time_to_acknowledge_seconds"), lang),
                     duration(s.get("target_seconds"), lang), duration(s.get("time_to_recover_seconds"), lang), who, ticket,
                     resolution_of(e), e.get("event_id")])
        classes.append("breach" if s.get("breach") else None)
    return rows, classes


EVENT_HEADERS = ("col.priority", "col.cloud", "col.rule", "col.resource", "col.metric", "col.alert", "col.status", "col.ttd",
                 "col.tta", "col.target", "col.ttr", "col.ack", "col.ticket", "col.resolution", "col.id")


def render_html(doc, language="en"):
    lang = language
    s, figures, period = doc["summary"], doc["sla"], doc["period"]
    body = ["<h1>%s</h1>" % esc(t("title.events", lang)),
            "<p>%s: %s &ndash; %s &middot; %s: %s &middot; %s: %s &middot; %s: %s</p>" % (
                esc(t("period", lang)), esc(period.get("since")), esc(period.get("until")), esc(t("tier", lang)),
                esc(doc["sla_policy"]["service_tier"]), esc(t("tz", lang)), esc(doc["sla_policy"]["time_zone"]),
                esc(t("run", lang)), esc(doc["run"]["id"]))]
    if not doc["run"].get("complete"):
        body.append("<p class=\"P1\">%s: %s</p>" % (esc(t("incomplete", lang)), esc("; ".join(doc["run"]["incomplete_reasons"]))))
    body.append("<h2>%s</h2>" % esc(t("sla", lang)))
    for key, value in (("events", s["events"]), ("acknowledged", figures["acknowledged"]), ("within", figures["within_target"]),
                       ("share", share_text(figures["share_within_target"])), ("breaches", s["breaches"]),
                       ("median_tta", duration(figures["median_time_to_acknowledge_seconds"], lang))):
        body.append("<div class=\"kpi\"><b>%s</b>%s</div>" % (esc(value), esc(t(key, lang))))
    body.append("<p class=\"note\">%s</p>" % esc(t("store_note" if doc["store"]["used"] else "store_missing", lang)))
    body.append("<h3>%s</h3>" % esc(t("by_priority", lang)))
    body.append(table([t("col.priority", lang), t("events", lang), t("within", lang), t("breaches", lang)],
                      [[p, v["events"], v["within_target"], v["breaches"]] for p, v in sorted(s["by_priority"].items())]))
    body.append("<h2>%s</h2>" % esc(t("breaches", lang)))
    breach_ids = set(b["event_id"] for b in figures["breaches"])
    breached = [e for e in doc["events"] if e["event_id"] in breach_ids]
    if breached:
        rows, classes = event_rows(breached, lang)
        body.append(table([t(h, lang) for h in EVENT_HEADERS], rows, classes, css_class="events"))
    else:
        body.append("<p>%s</p>" % esc(t("no_breaches", lang)))
    body.append("<h2>%s</h2>" % esc(t("event_list", lang)))
    if doc["events"]:
        rows, classes = event_rows(doc["events"], lang)
        body.append(table([t(h, lang) for h in EVENT_HEADERS], rows, classes, css_class="events"))
    else:
        body.append("<p>%s</p>" % esc(t("no_events", lang)))
    body.append("<h2>%s</h2>" % esc(t("endpoints", lang)))
    body.append(table(["host", "platform", "endpoint", "status", "events"],
                      [[e["name"], e.get("platform"), e.get("endpoint"), e["status"], (e.get("summary") or {}).get("events", "-")]
                       for e in doc["endpoints"]]))
    return page(t("title.events", lang), "".join(body), lang)


def md_cell(value):
    return str("" if value is None else value).replace("|", "\\|").replace("\n", " ")


def md_table(headers, rows):
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(out)


def render_md(doc, language="en"):
    lang = language
    s, figures, period = doc["summary"], doc["sla"], doc["period"]
    head = "%s: %s – %s · %s: %s · %s: %s · %s: %s" % (
        t("period", lang), period.get("since"), period.get("until"), t("tier", lang), doc["sla_policy"]["service_tier"],
        t("tz", lang), doc["sla_policy"]["time_zone"], t("run", lang), doc["run"]["id"])
    out = ["# %s" % t("title.events", lang), "", head, ""]
    if not doc["run"].get("complete"):
        out += ["**%s**: %s" % (t("incomplete", lang), "; ".join(doc["run"]["incomplete_reasons"])), ""]
    out += ["## %s" % t("sla", lang), "",
            md_table([t(k, lang) for k in ("events", "acknowledged", "within", "share", "breaches", "median_tta")],
                     [[s["events"], figures["acknowledged"], figures["within_target"], share_text(figures["share_within_target"]),
                       s["breaches"], duration(figures["median_time_to_acknowledge_seconds"], lang)]]), "",
            "_%s_" % t("store_note" if doc["store"]["used"] else "store_missing", lang), "",
            "## %s" % t("breaches", lang), ""]
    breach_ids = set(b["event_id"] for b in figures["breaches"])
    breached = [e for e in doc["events"] if e["event_id"] in breach_ids]
    out += [md_table([t(h, lang) for h in EVENT_HEADERS], event_rows(breached, lang)[0]) if breached else t("no_breaches", lang), ""]
    out += ["## %s" % t("event_list", lang), ""]
    out += [md_table([t(h, lang) for h in EVENT_HEADERS], event_rows(doc["events"], lang)[0]) if doc["events"]
            else t("no_events", lang), ""]
    return "\n".join(out) + "\n"


def render_junit(doc, language="en"):
    lang = language
    suites = ET.Element("testsuites", name=clean_text("%s %s" % (t("title.events", lang), doc["run"]["id"])))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    by_cloud = {}
    for e in doc["events"]:
        by_cloud.setdefault(e.get("cloud") or "unknown", []).append(e)
    for cloud in sorted(by_cloud):
        suite = ET.SubElement(suites, "testsuite", name=clean_text("%s %s" % (t("sla", lang), cloud)))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for e in by_cloud[cloud]:
            s = e.get("sla") or {}
            case = ET.SubElement(suite, "testcase", classname=clean_text(cloud), name=clean_text(
                "%s %s %s %s" % (e.get("priority"), e.get("rule_name") or e.get("rule_id"), resource_label(e), e.get("alert_time"))))
            counts["tests"] += 1
            if s.get("breach"):
                message = "%s: %s > %s" % (t("breaches", lang), duration(s.get("time_to_acknowledge_seconds"), lang)
                                           if s.get("acknowledged") else t("not_acked", lang), duration(s.get("target_seconds"), lang))
                ET.SubElement(case, "failure", type="sla_breach", message=clean_text(message)).text = clean_text(e["event_id"])
                counts["failures"] += 1
            elif not s.get("acknowledged"):
                ET.SubElement(case, "skipped", message=clean_text(t("not_acked", lang)))
                counts["skipped"] += 1
        close_suite(suite, counts, totals)
    for e in doc["endpoints"]:
        if e["status"] == "failed":
            suite = ET.SubElement(suites, "testsuite", name=clean_text(e["name"]))
            case = ET.SubElement(suite, "testcase", classname=clean_text(e["name"]), name="events")
            ET.SubElement(case, "error", message=clean_text(str(e.get("error"))[:500]))
            close_suite(suite, {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}, totals)
    return document(suites, totals)


def render_index(index, language="en"):
    lang = language
    rows = [[Link(r.get("id"), "%s/report.html" % r.get("id")), r.get("started"), (r.get("period") or {}).get("since"),
             (r.get("period") or {}).get("until"),
             r.get("events"), r.get("open"), r.get("breaches"), share_text(r.get("share_within_target"))]
            for r in index.get("runs") or ()]
    body = "<h1>%s</h1>%s" % (esc(t("title.events", lang)), table(
        [t("run", lang), "started", t("period", lang), "", t("events", lang), t("st.open", lang), t("breaches", lang),
         t("share", lang)], rows))
    return page(t("title.events", lang), body, lang)

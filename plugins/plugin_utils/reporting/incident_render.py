# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTML (self-contained), Markdown and JUnit of the `incident` report (《故障报告》); the history page.

Sections: summary, impact, timeline, related events with SLA figures, root cause, actions, follow-ups, evidence.
JUnit: one <testcase> per event, an SLA breach is a <failure>; an incident still open is one <skipped> case.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.events_render import (
    EVENT_HEADERS, Link, esc, event_rows, md_table, page, resource_label, table)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.events_text import duration, t
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_junit import clean_text, close_suite, document


def _text(value, lang):
    return value if value else t("pending", lang)


CHANGE_COLUMNS = ("started", "change_id", "host", "action", "target", "status", "ticket")
RECENT_CHANGES_SHOWN = 50


def _scalar(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)[:200]
    return "-" if value in (None, "") else value


def _target_label(target):
    """A change step's target (stored as JSON text): name (type id)."""
    if isinstance(target, str):
        try:
            target = json.loads(target)
        except ValueError:
            return target
    if not isinstance(target, dict):
        return _scalar(target)
    name, rtype, rid = target.get("name"), target.get("type"), target.get("id")
    return "%s (%s%s)" % (name or rid or "-", rtype or "", " %s" % rid if rid and rid != name else "")


def _records_table(items):
    """A list of records as (headers, rows): the columns are the keys, in the order they first appear."""
    headers = []
    for item in items:
        for key in item:
            if key not in headers:
                headers.append(key)
    return headers, [[_scalar(item.get(h)) for h in headers] for item in items]


def _evidence_blocks(evidence, lang):
    """The evidence as (heading, headers, rows) blocks: per endpoint and dataset, then the recent changes.

    Tables of the records as collected (the cloud's own field names), so an engineer reads what the
    API said at opening; the recent changes, newest first, with their targets spelled out."""
    evidence = evidence or {}
    blocks = []
    for host in sorted(k for k, v in evidence.items() if isinstance(v, dict)):
        for dataset in sorted(evidence[host]):
            items = evidence[host][dataset]
            heading = "%s: %s" % (host, dataset)
            if isinstance(items, list) and items and all(isinstance(i, dict) for i in items):
                blocks.append((heading,) + _records_table(items))
            elif isinstance(items, list):
                blocks.append((heading, None, ", ".join(str(i) for i in items) if items else t("none", lang)))
            else:
                blocks.append((heading, None, str(_scalar(items))))
    changes = sorted(evidence.get("recent_changes") or (), key=lambda c: str(c.get("started")), reverse=True)
    rows = [[_target_label(c.get(k)) if k == "target" else _scalar(c.get(k)) for k in CHANGE_COLUMNS]
            for c in changes[:RECENT_CHANGES_SHOWN]]
    note = t("recent_changes_cut", lang) % (RECENT_CHANGES_SHOWN, len(changes)) if len(changes) > RECENT_CHANGES_SHOWN else ""
    blocks.append((t("recent_changes", lang) + note, [t("chg." + k, lang) for k in CHANGE_COLUMNS], rows)
                  if rows else (t("recent_changes", lang), None, t("none", lang)))
    return blocks


def _evidence_html(evidence, lang):
    out = ["<p>%s: %s</p>" % (esc(t("taken_at", lang)), esc((evidence or {}).get("taken_at") or "-"))]
    for heading, headers, rows in _evidence_blocks(evidence, lang):
        out.append("<h3>%s</h3>" % esc(heading))
        out.append(table(headers, rows, css_class="evidence") if headers is not None else "<p>%s</p>" % esc(rows))
    return "".join(out)


def _evidence_md(evidence, lang):
    out = ["%s: %s" % (t("taken_at", lang), (evidence or {}).get("taken_at") or "-"), ""]
    for heading, headers, rows in _evidence_blocks(evidence, lang):
        out += ["### %s" % heading, "", md_table(headers, rows) if headers is not None else rows, ""]
    return out


def _timeline_headers(lang):
    return ["UTC", t("tl.col.entry", lang), t("tl.col.actor", lang), t("tl.col.detail", lang)]


def _timeline_rows(doc, lang):
    return [[x["at"], t("tl." + x["entry"], lang), x.get("actor") or "", x.get("text") or ""] for x in doc["timeline"]]


def _action_rows(doc):
    return [[a.get("resolved_at"), a.get("resolved_by"), a.get("cause") or "", a.get("action")] for a in doc["actions"]]


def render_html(doc, language="en"):
    lang = language
    inc, s = doc["incident"], doc["summary"]
    head = "%s %s" % (t("title.incident", lang), inc.get("incident_id") or "")
    body = ["<h1>%s</h1>" % esc(head), "<h2>%s</h2>" % esc(inc.get("title")),
            table([t("incident_id", lang), t("col.priority", lang), t("status", lang), t("opened", lang), t("closed", lang),
                   t("events", lang), t("col.ttr", lang)],
                  [[inc.get("incident_id"), inc.get("priority"), inc.get("status"), "%s (%s)" % (inc.get("opened_at"), inc.get("opened_by")),
                    inc.get("closed_at") or "-", s["events"], duration(s.get("outage_seconds"), lang)]])]
    for key, value in (("summary", inc.get("summary")), ("impact", inc.get("impact"))):
        body.append("<h2>%s</h2><p>%s</p>" % (esc(t(key, lang)), esc(_text(value, lang))))
    body.append("<h2>%s</h2>" % esc(t("timeline", lang)))
    body.append(table(_timeline_headers(lang), _timeline_rows(doc, lang)))
    body.append("<h2>%s</h2>" % esc(t("related", lang)))
    rows, classes = event_rows(doc["events"], lang)
    body.append(table([t(h, lang) for h in EVENT_HEADERS], rows, classes, css_class="events"))
    body.append("<p>%s: %s &middot; %s: %d</p>" % (
        esc(t("tier", lang)), esc(doc["sla_policy"]["service_tier"]), esc(t("breaches", lang)), s["breaches"]))
    body.append("<h2>%s</h2><p>%s</p>" % (esc(t("root_cause", lang)), esc(_text(inc.get("root_cause"), lang))))
    body.append("<h2>%s</h2>" % esc(t("actions", lang)))
    body.append(table(["UTC", t("col.ack", lang), t("root_cause", lang), t("actions", lang)], _action_rows(doc))
                if doc["actions"] else "<p>%s</p>" % esc(t("pending", lang)))
    body.append("<h2>%s</h2>" % esc(t("follow_ups", lang)))
    follow = inc.get("follow_ups") or []
    body.append("<ul>%s</ul>" % "".join("<li>%s</li>" % esc(f) for f in follow) if follow else "<p>%s</p>" % esc(t("pending", lang)))
    body.append("<h2>%s</h2>" % esc(t("evidence", lang)))
    body.append(_evidence_html(inc.get("evidence"), lang))
    return page(head, "".join(body), lang)


def render_md(doc, language="en"):
    lang = language
    inc, s = doc["incident"], doc["summary"]
    out = ["# %s %s" % (t("title.incident", lang), inc.get("incident_id") or ""), "", "## %s" % inc.get("title"), "",
           md_table([t("col.priority", lang), t("status", lang), t("opened", lang), t("closed", lang), t("events", lang),
                     t("col.ttr", lang)],
                    [[inc.get("priority"), inc.get("status"), inc.get("opened_at"), inc.get("closed_at") or "-", s["events"],
                      duration(s.get("outage_seconds"), lang)]]), ""]
    for key, value in (("summary", inc.get("summary")), ("impact", inc.get("impact"))):
        out += ["## %s" % t(key, lang), "", _text(value, lang), ""]
    out += ["## %s" % t("timeline", lang), "", md_table(_timeline_headers(lang), _timeline_rows(doc, lang)), ""]
    out += ["## %s" % t("related", lang), "", md_table([t(h, lang) for h in EVENT_HEADERS], event_rows(doc["events"], lang)[0]), ""]
    out += ["## %s" % t("root_cause", lang), "", _text(inc.get("root_cause"), lang), ""]
    out += ["## %s" % t("actions", lang), "", md_table(["UTC", "", "", ""], _action_rows(doc)) if doc["actions"] else t("pending", lang), ""]
    out += ["## %s" % t("follow_ups", lang), ""] + (["- %s" % f for f in inc.get("follow_ups") or []] or [t("pending", lang)]) + [""]
    out += ["## %s" % t("evidence", lang), ""] + _evidence_md(inc.get("evidence"), lang)
    return "\n".join(out) + "\n"


def render_junit(doc, language="en"):
    lang = language
    inc = doc["incident"]
    suites = ET.Element("testsuites", name=clean_text("%s %s" % (t("title.incident", lang), inc.get("incident_id"))))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite = ET.SubElement(suites, "testsuite", name=clean_text(str(inc.get("incident_id"))))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for e in doc["events"]:
        case = ET.SubElement(suite, "testcase", classname=clean_text(str(e.get("cloud"))), name=clean_text(
            "%s %s %s" % (e.get("priority"), e.get("rule_name") or e.get("rule_id"), resource_label(e))))
        counts["tests"] += 1
        if (e.get("sla") or {}).get("breach"):
            ET.SubElement(case, "failure", type="sla_breach", message=clean_text(t("breaches", lang)))
            counts["failures"] += 1
    if inc.get("status") != "closed":
        case = ET.SubElement(suite, "testcase", classname="incident", name=clean_text(str(inc.get("title"))))
        ET.SubElement(case, "skipped", message=clean_text(t("st.open", lang)))
        counts["tests"] += 1
        counts["skipped"] += 1
    close_suite(suite, counts, totals)
    return document(suites, totals)


def render_index(index, language="en"):
    lang = language
    rows = [[Link(r.get("incident_id"), "%s/report.html" % r.get("id")), r.get("priority"), r.get("incident_status"),
             r.get("title"), r.get("started"), r.get("events")]
            for r in index.get("runs") or ()]
    body = "<h1>%s</h1>%s" % (esc(t("title.incident", lang)), table(
        [t("incident_id", lang), t("col.priority", lang), t("status", lang), "", t("run", lang), t("events", lang)], rows))
    return page(t("title.incident", lang), body, lang)

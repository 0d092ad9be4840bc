# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html and index.html: one self-contained file each (inline CSS/JS/SVG, nothing fetched).

Jinja2 with autoescape on for every template; data is never marked safe.  The only Markup made
here is the JSON data island, which json_island() escapes for the <script> context itself
(every <, >, & becomes a \\u escape, so no `</script>` or `<!--` can appear in it), and the
page's own script (a static template, no data).  The client-side code renders table rows with
textContent only.  The Content-Security-Policy allows that one script by its sha256 hash, never
'unsafe-inline'; control characters from the data are dropped from the page (render_junit.clean_text).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS, SEVERITIES
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import view
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import pick, title_for, tr
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_junit import clean_text

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
STATUSES = ("FAIL", "ERROR", "MUTED", "PASS")
_ENV = None
_JS_KEYS = ("flt.all", "flt.search", "flt.shown", "flt.page", "flt.prev", "flt.next", "flt.reset", "flt.page_size",
            "flt.delta", "delta.new", "delta.persisting", "col.status", "col.severity", "col.pillar", "col.endpoint",
            "col.check", "col.resource", "col.message", "col.remediation", "col.evidence", "col.first_seen",
            "msg.no_findings", "col.check_id")


def environment():
    """The shared Jinja2 environment (autoescape on for every template)."""
    global _ENV  # pylint: disable=global-statement
    if _ENV is None:
        _ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return _ENV


def page_script():
    """(the page's inline script, its CSP source 'sha256-...'): the hash covers exactly the text between the tags."""
    script = "\n" + environment().get_template("_report_script.js.j2").render()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(script), "sha256-%s" % digest  # nosec - a static template of this collection, no data in it


def json_island(obj):
    """JSON for a <script type="application/json"> element, safe against breaking out of it."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # nosec - escaped for the script context above, parsed with JSON.parse


def findings_island(doc, lang):
    """The compact findings table the page's script renders (one array per finding)."""
    hosts = []
    host_idx = {}
    texts = []
    text_idx = {}
    checks = []
    check_idx = {}

    def intern(value):
        i = text_idx.get(value)
        if i is None:
            i = text_idx[value] = len(texts)
            texts.append(value)
        return i

    delta = doc.get("delta") or {}
    new = set(delta.get("new") or ())
    persisting = set(delta.get("persisting") or ())
    sev_i = dict((s, i) for i, s in enumerate(SEVERITIES))
    st_i = dict((s, i) for i, s in enumerate(STATUSES))
    pil_i = dict((p, i) for i, p in enumerate(PILLARS))
    rows = []
    append = rows.append
    # Compact PASS findings carry no title: the endpoint's check catalogue has it (records.new_pass).
    titles = {}
    for endpoint in doc.get("endpoints") or ():
        for check in endpoint.get("checks_run") or ():
            titles.setdefault(check.get("id"), check.get("title"))
    for f in doc.get("findings") or ():
        host = f.get("host") or f.get("endpoint") or ""
        h = host_idx.get(host)
        if h is None:
            h = host_idx[host] = len(hosts)
            hosts.append(host)
        cid = f.get("check_id") or ""
        c = check_idx.get(cid)
        if c is None:
            c = check_idx[cid] = len(checks)
            checks.append([cid, pick(f.get("title") or titles.get(cid), lang)])
        res = f.get("resource") or {}
        uid = f.get("uid")
        msg = f.get("message")
        msg = (msg.get(lang) or msg.get("en") or "") if isinstance(msg, dict) else pick(msg, lang)
        rem = f.get("remediation")
        rem = (rem.get(lang) or rem.get("en") or "") if isinstance(rem, dict) else pick(rem, lang)
        r = text_idx.get(rem)
        if r is None:
            r = intern(rem)
        append([h, c, sev_i.get(f.get("severity"), 4), st_i.get(f.get("status"), 0), pil_i.get(f.get("pillar"), 0),
                res.get("type") or "", str(res.get("name") or ""), str(res.get("uuid") or ""), msg, r,
                1 if uid in new else (2 if uid in persisting else 0), f.get("evidence") or 0, f.get("first_seen") or "", uid or ""])
    return {
        "hosts": hosts, "checks": checks, "texts": texts, "rows": rows,
        "sev": [tr("sev." + s, lang) for s in SEVERITIES], "sevKeys": list(SEVERITIES),
        "status": [tr("status." + s, lang) for s in STATUSES], "statusKeys": list(STATUSES),
        "pillar": [tr("pillar." + p, lang) for p in PILLARS],
        "i18n": dict((k, tr(k, lang)) for k in _JS_KEYS),
    }


def render(doc, language="en"):
    """Render report.html."""
    lang = language
    v = view.build(doc, lang)
    tpl = environment().get_template("report.html.j2")
    script, script_hash = page_script()
    return clean_text(tpl.render(doc=doc, run=doc["run"], v=v, lang=lang, t=lambda k, **kw: tr(k, lang, **kw),
                                 title=title_for(doc.get("kind", ""), lang), island=json_island(findings_island(doc, lang)),
                                 html_lang="zh-CN" if lang == "zh_CN" else "en", script=script, script_hash=script_hash))


def render_index(index, language="en"):
    """Render index.html (list of runs, newest first)."""
    lang = language
    tpl = environment().get_template("index.html.j2")
    keys = ("id", "started", "complete", "score", "band", "score_delta", "endpoints", "endpoints_failed", "by_status",
            "fail_by_severity", "new", "resolved", "operator")
    runs = [dict((k, r.get(k)) for k in keys) for r in index.get("runs") or () if isinstance(r, dict)]
    return clean_text(tpl.render(index=index, runs=runs, lang=lang, t=lambda k, **kw: tr(k, lang, **kw),
                                 title="%s · %s" % (title_for(index.get("kind") or "", lang), tr("title.index", lang)),
                                 sevs=SEVERITIES, html_lang="zh-CN" if lang == "zh_CN" else "en"))

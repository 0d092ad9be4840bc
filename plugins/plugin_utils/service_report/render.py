# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renderings of the service report document: self-contained HTML (inline CSS and SVG, CSP default-src 'none'),
Markdown, and the PDF the customer signs (headless Chromium --print-to-pdf of the HTML; the CJK font is the
system's, embedded by Chromium as a subset)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile

from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import charts, texts

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
SEVERITIES = ("critical", "high", "medium", "low", "info")
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


class RenderError(RuntimeError):
    """A rendering that could not be made (no Chromium for the PDF)."""


def digest(doc):
    """sha256 of the document without its version, digest and confirmation: what a confirmation names."""
    body = dict((k, v) for k, v in doc.items() if k not in ("version", "digest", "confirmation", "generated"))
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _env():
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=ChainableUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _view(doc):
    import datetime  # pylint: disable=import-outside-toplevel

    period = dict(doc["period"])
    period["last_day"] = (datetime.date.fromisoformat(period["end"]) - datetime.timedelta(days=1)).isoformat()
    res = doc["sections"]["resources"]
    ok = res.get("status") == "ok"
    return dict(doc, period=period, version=doc.get("version"), digest=doc.get("digest"),
                confirmation=doc.get("confirmation")), {
        "score": charts.line(res.get("score_by_day") or []) if ok else None,
        "capacity": charts.bars([dict(p, label="%s: %s" % (p["host"], p["pool"])) for p in res.get("capacity") or []],
                                "label", "used_pct") if ok else None,
        "findings": charts.pairs(res.get("findings_by_day") or []) if ok else None}


def local_time(value, timezone):
    """A stored time (UTC or with an offset) as site-local 'YYYY-MM-DD HH:MM'; anything else as it is."""
    import datetime  # pylint: disable=import-outside-toplevel
    import zoneinfo  # pylint: disable=import-outside-toplevel

    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    return moment.astimezone(zoneinfo.ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def render_html(doc, language="zh_CN"):
    view, chart_data = _view(doc)
    env = _env()
    env.filters["local"] = lambda v: local_time(v, doc["period"]["timezone"]) if v else v
    template = env.get_template("service.html.j2")
    return template.render(doc=view, charts=chart_data, lang=language, severities=SEVERITIES,
                           t=lambda key: texts.t(key, language), note=lambda n: texts.note(n, language),
                           pick=lambda v: texts.pick(v, language), h=lambda n: texts.column(n, language))


def _md(value):
    text = "" if value is None else str(value)
    for ch in "\\|`*_[]#!~<>&":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def render_markdown(doc, language="zh_CN"):
    """For chat and mail: the summary and one line per section (the tables stay in HTML and PDF)."""
    def t(key):
        return texts.t(key, language)

    s = doc["summary"]
    lines = ["# %s (%s) %s %s" % (t("title"), t(doc["report_type"]), _md(doc["site"]), _md(doc["period"]["label"])), "",
             "| | |", "|---|---|",
             "| %s | %s |" % (t("customer"), _md(doc.get("customer"))),
             "| %s | %s |" % (t("score"), _md(s.get("score"))),
             "| %s | %s |" % (t("open_risks"), _md(s.get("open_risks"))),
             "| %s | %s |" % (t("sla_met"), t("yes") if s.get("sla_met") else t("no") if s.get("sla_met") is False else t("unknown")),
             "| %s | %s %s |" % (t("cost_total"), _md(s.get("cost_total")), _md(s.get("cost_currency"))),
             "| %s | %d |" % (t("changes"), len(s.get("changes") or [])), ""]
    for key in texts.SECTIONS:
        sec = doc["sections"][key]
        if sec.get("status") != "ok":
            lines.append("- **%s**: %s: %s" % (t(key), t(sec["status"]), _md(texts.note(sec.get("note"), language))))
        else:
            lines.append("- **%s**: %s" % (t(key), _md(_one_line(key, sec, language))))
    lines += ["", "%s: %s" % (t("signoff"), _md((doc.get("confirmation") or {}).get("confirmed_by") or t("pending")))]
    return "\n".join(lines) + "\n"


LINES = {
    "resources": {"en": "{runs} runs on {days} days", "zh_CN": "巡检 {runs} 次，覆盖 {days} 天"},
    "problems": {"en": "{total} (open {open})", "zh_CN": "共 {total} 个（未关闭 {open} 个）"},
    "events": {"en": "{total} events", "zh_CN": "共 {total} 个事件"},
    "risks": {"en": "open {open}, new {new}, resolved {resolved}", "zh_CN": "未关闭 {open}，新增 {new}，解决 {resolved}"},
    "backup": {"en": "coverage {coverage} %, RPO breaches {rpo}, restore tests {passed}/{tests}",
               "zh_CN": "覆盖率 {coverage} %，RPO 超标 {rpo}，恢复演练 {passed}/{tests} 通过"},
    "cost": {"en": "{total} {currency} ({methods})", "zh_CN": "{total} {currency}（{methods}）"},
    "sla": {"en": "{met}/{events} within target ({target} min)", "zh_CN": "{met}/{events} 达标（目标 {target} 分钟）"},
}


def _one_line(key, sec, language="en"):
    if key == "plan":
        return "%s, %s" % (sec["plan"]["tier"], ", ".join(sec["plan"]["scope"].get("endpoints") or []))
    if key == "requirements":
        return ", ".join("%s %d" % kv for kv in sorted(sec["by_status"].items()))
    values = {
        "resources": lambda: {"runs": sec["runs"], "days": sec["days_with_runs"]},
        "problems": lambda: {"total": sec["total"], "open": sec["open"]},
        "events": lambda: {"total": sec["total"]},
        "risks": lambda: {"open": sec["open"], "new": sec["new_in_period"], "resolved": sec["resolved_in_period"]},
        "backup": lambda: {"coverage": (sec.get("coverage_last") or {}).get("pct"), "rpo": sec["rpo_breaches"],
                           "passed": sec["restore_passed"], "tests": len(sec["restore_tests"])},
        "cost": lambda: {"total": sec["total"], "currency": sec["currency"],
                         "methods": ", ".join(texts.t(m, language) for m in sorted(set(r["method"] for r in sec["rows"])))},
        "sla": lambda: {"met": sec["met"], "events": sec["events"], "target": sec["target_minutes"]},
    }
    return LINES[key][language].format(**values[key]())


def chromium():
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def print_pdf(html_path, pdf_path, timeout=120):
    """HTML -> PDF with headless Chromium (no network: the page's CSP forbids every fetch)."""
    binary = chromium()
    if binary is None:
        raise RenderError("no Chromium for the PDF (make setup-system installs it): the HTML and Markdown are written")
    profile = tempfile.mkdtemp(prefix="svc-pdf-")
    tmp = pdf_path + ".tmp"
    try:
        proc = subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--user-data-dir=" + profile, "--no-pdf-header-footer", "--print-to-pdf=" + tmp,
                               "file://" + os.path.abspath(html_path)],
                              capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode or not os.path.exists(tmp):
            raise RenderError("chromium could not print %s: %s" % (html_path, (proc.stderr or "")[-400:]))
        os.replace(tmp, pdf_path)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        if os.path.exists(tmp):
            os.unlink(tmp)
    return pdf_path


def render_index(versions, plan, language, acceptance=False, owed=()):
    """The site's report index (confirmed / pending per version) or, with `acceptance`, the acceptance report (验收报告):
    for every period the contract owes (`owed`, plus any other period reported) its confirmed version, else its newest
    (pending), else a row saying no report was delivered."""
    rows = versions
    if acceptance:
        latest = {}
        for v in versions:
            if v["confirmation"] or v["period"] not in latest or not latest[v["period"]]["confirmation"]:
                latest[v["period"]] = v
        for label in owed:
            latest.setdefault(label, {"period": label, "version": None, "generated": None, "digest": None,
                                      "confirmation": None, "missing": True})
        rows = [latest[p] for p in sorted(latest)]
    template = _env().get_template("index.html.j2")
    return template.render(rows=rows, plan=plan, acceptance=acceptance, lang=language,
                           t=lambda key: texts.t(key, language),
                           all_confirmed=bool(rows) and all(r["confirmation"] for r in rows))

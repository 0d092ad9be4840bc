# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The language-specific view of a report document, shared by the HTML and Markdown renderers.

Plain data only (strings and numbers); escaping is the renderers' job.
"""

from __future__ import annotations

import math

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS, SEVERITIES
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import pick, tr

TOP_RISKS = 10
DELTA_ROWS = 100
CHART_ROWS = 30
# Capacity charts: (key in capacity, field, label key, default warning %, default critical %)
CHARTS = (
    ("hosts", "cpu_alloc_pct", "cap.host_cpu", 80, 90),
    ("hosts", "mem_alloc_pct", "cap.host_mem", 80, 90),
    ("primary_storages", "used_pct", "cap.primary_storage", 80, 90),
    ("backup_storages", "used_pct", "cap.backup_storage", 80, 90),
    ("l3_networks", "used_pct", "cap.l3", 80, 90),
)
# SVG geometry of a chart (viewBox units)
SVG_W = 600
SVG_LABEL = 190
SVG_BAR = 340
SVG_ROW = 22
SVG_TOP = 18


def arrow(delta):
    """An arrow for a score change."""
    if delta is None:
        return ""
    if delta > 0:
        return "\u25b2"
    if delta < 0:
        return "\u25bc"
    return "\u25c6"


def resource_label(f):
    """`name (type)` of a finding's resource; the uuid when it has no name."""
    res = f.get("resource") or {}
    name = res.get("name") or res.get("uuid") or "-"
    rtype = res.get("type")
    return "%s (%s)" % (name, rtype) if rtype else str(name)


def _pillars(doc, lang):
    score = doc.get("score") or {}
    out = []
    for p in PILLARS:
        s = (score.get("pillars") or {}).get(p) or {}
        out.append({
            "key": p, "label": tr("pillar." + p, lang), "score": s.get("score"), "band": s.get("band", "none"),
            "band_label": tr("band." + s.get("band", "none"), lang), "delta": s.get("delta"), "arrow": arrow(s.get("delta")),
            "capped": s.get("capped"), "pass": s.get("pass", 0), "fail": s.get("fail", 0), "error": s.get("error", 0),
            "muted": s.get("muted", 0), "open_critical": s.get("open_critical", 0),
        })
    return out


def _top_risks(findings, lang, limit=TOP_RISKS):
    groups = {}
    order = []
    for f in findings:
        if f.get("status") != "FAIL":
            continue
        cid = f.get("check_id")
        g = groups.get(cid)
        if g is None:
            g = groups[cid] = {"first": f, "count": 0, "hosts": set(), "worst": f.get("severity")}
            order.append(cid)
        g["count"] += 1
        g["hosts"].add(f.get("host") or "")
        if SEVERITIES.index(f.get("severity", "info")) < SEVERITIES.index(g["worst"] or "info"):
            g["worst"] = f.get("severity")
    ranked = sorted(order, key=lambda c: (SEVERITIES.index(groups[c]["worst"] or "info"), -groups[c]["count"], str(c)))
    out = []
    for cid in ranked[:limit]:
        g = groups[cid]
        f = g["first"]
        out.append({
            "check_id": cid, "severity": g["worst"], "severity_label": tr("sev." + str(g["worst"]), lang),
            "pillar_label": tr("pillar." + str(f.get("pillar")), lang), "title": pick(f.get("title"), lang),
            "count": g["count"], "host": ", ".join(sorted(g["hosts"])), "resource_label": resource_label(f)
            + ((" +%d" % (g["count"] - 1)) if g["count"] > 1 else ""),
            "message": pick(f.get("message"), lang), "remediation": pick(f.get("remediation"), lang),
        })
    return out


def _stub_row(f, lang, now=None):
    return {
        "uid": f.get("uid"), "severity": f.get("severity"), "severity_label": tr("sev." + str(f.get("severity")), lang),
        "pillar_label": tr("pillar." + str(f.get("pillar")), lang), "host": f.get("host") or f.get("endpoint") or "",
        "check_id": f.get("check_id"), "title": pick(f.get("title"), lang), "resource_label": resource_label(f),
        "message": pick(f.get("message"), lang), "first_seen": f.get("first_seen") or "",
        "now": now if now is None else (tr("status." + now, lang) if now in ("PASS", "MUTED", "ERROR") else tr("delta.absent", lang)),
    }


def _delta(doc, by_uid, lang):
    d = doc.get("delta") or {}
    new = [_stub_row(by_uid[u], lang) for u in d.get("new") or () if u in by_uid]
    pers = [_stub_row(by_uid[u], lang) for u in (d.get("persisting") or ())[:DELTA_ROWS] if u in by_uid]
    return {
        "previous_run_id": d.get("previous_run_id"),
        "new": new,
        "resolved": [_stub_row(s, lang, s.get("now")) for s in d.get("resolved") or ()],
        "persisting": pers,
        "persisting_count": len(d.get("persisting") or ()),
        "unverified": [_stub_row(s, lang, s.get("now")) for s in d.get("unverified") or ()],
    }


def _endpoints(doc, lang):
    out = []
    for e in doc.get("endpoints") or ():
        summary = e.get("summary") or {}
        coll = e.get("collection") or {}
        counts = e.get("inventory_counts") or {}
        out.append({
            "name": e.get("name"), "platform": e.get("platform") or "", "endpoint": e.get("endpoint") or "",
            "status": e.get("status"), "status_label": tr("ep." + str(e.get("status")), lang), "error": e.get("error") or "",
            "warnings": list(e.get("warnings") or ()), "fail": (summary.get("by_status") or {}).get("FAIL", 0),
            "total": summary.get("total", 0), "checks": len(e.get("checks_run") or ()),
            "inventory": ", ".join("%s %s" % (k, counts[k]) for k in sorted(counts)),
            "api_calls": coll.get("api_calls", ""), "seconds": coll.get("seconds", ""),
        })
    return out


def _checks_by_pillar(doc, lang):
    checks = {}
    for e in doc.get("endpoints") or ():
        for c in e.get("checks_run") or ():
            cid = c.get("id")
            if cid not in checks:
                checks[cid] = {"id": cid, "title": pick(c.get("title"), lang), "pillar": c.get("pillar"),
                               "severity": c.get("severity"), "PASS": 0, "FAIL": 0, "ERROR": 0, "MUTED": 0, "endpoints": 0}
            checks[cid]["endpoints"] += 1
    for f in doc.get("findings") or ():
        cid = f.get("check_id")
        c = checks.get(cid)
        if c is None:
            c = checks[cid] = {"id": cid, "title": pick(f.get("title"), lang), "pillar": f.get("pillar"),
                               "severity": f.get("severity"), "PASS": 0, "FAIL": 0, "ERROR": 0, "MUTED": 0, "endpoints": 0}
        st = f.get("status")
        if st in c:
            c[st] += 1
    out = []
    for p in PILLARS:
        rows = [c for c in checks.values() if c["pillar"] == p]
        if not rows:
            continue
        rows.sort(key=lambda c: (-(c["FAIL"] > 0), SEVERITIES.index(c["severity"]) if c["severity"] in SEVERITIES else 9, str(c["id"])))
        for c in rows:
            c["severity_label"] = tr("sev." + str(c["severity"]), lang)
        out.append({"key": p, "label": tr("pillar." + p, lang), "checks": rows})
    return out


def _num(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _charts(doc, lang):
    multi = len(doc.get("endpoints") or ()) > 1
    out = []
    for key, field, label, warn_default, crit_default in CHARTS:
        rows = []
        warn, crit = warn_default, crit_default
        for e in doc.get("endpoints") or ():
            cap = e.get("capacity") or {}
            th = (cap.get("thresholds") or {}).get(key + "." + field) or {}
            warn = _num(th.get("warning")) or warn
            crit = _num(th.get("critical")) or crit
            for item in cap.get(key) or ():
                value = _num(item.get(field))
                if value is None:
                    continue
                name = str(item.get("name") or item.get("uuid") or "-")
                rows.append({"label": ("%s / %s" % (e.get("name"), name)) if multi else name, "value": value})
        if not rows:
            continue
        rows.sort(key=lambda r: -r["value"])
        hidden = max(0, len(rows) - CHART_ROWS)
        rows = rows[:CHART_ROWS]
        scale_max = max(100.0, max(r["value"] for r in rows))
        for i, r in enumerate(rows):
            r["y"] = SVG_TOP + i * SVG_ROW
            r["w"] = round(SVG_BAR * min(r["value"], scale_max) / scale_max, 1)
            r["cls"] = "crit" if r["value"] >= crit else ("warn" if r["value"] >= warn else "ok")
            r["text"] = "%.1f%%" % r["value"]
            r["short"] = r["label"] if len(r["label"]) <= 30 else r["label"][:28] + "\u2026"
        out.append({
            "key": key + "." + field, "title": tr(label, lang), "rows": rows, "hidden": hidden,
            "hidden_text": tr("cap.more", lang, n=hidden) if hidden else "",
            "height": SVG_TOP + len(rows) * SVG_ROW + 8, "width": SVG_W, "label_w": SVG_LABEL, "bar_w": SVG_BAR,
            "warn": warn, "crit": crit,
            "warn_x": round(SVG_LABEL + SVG_BAR * warn / scale_max, 1), "crit_x": round(SVG_LABEL + SVG_BAR * crit / scale_max, 1),
            "threshold_label": tr("cap.threshold", lang),
        })
    return out


_CACHE = {}


def build(doc, lang):
    """The view dict for `doc` in `lang` (the last one is cached: HTML and Markdown share it)."""
    key = (id(doc), lang, doc.get("run", {}).get("id"), len(doc.get("findings") or ()))
    cached = _CACHE.get("last")
    if cached is not None and cached[0] == key and cached[1] is doc:
        return cached[2]
    result = _build(doc, lang)
    _CACHE["last"] = (key, doc, result)
    return result


def _platforms(doc, lang):
    """Overall score per platform, shown when a report covers more than one cloud."""
    rows = []
    for name, score in sorted(((doc.get("score") or {}).get("platforms") or {}).items()):
        overall = score.get("overall") or {}
        rows.append({"name": name, "label": tr("platform." + name, lang), "score": overall.get("score"),
                     "band": overall.get("band", "none"), "band_label": tr("band." + overall.get("band", "none"), lang),
                     "delta": overall.get("delta"), "arrow": arrow(overall.get("delta"))})
    return rows


def clear_cache():
    """Forget the cached view (and with it the reference to the document)."""
    _CACHE.clear()


def _build(doc, lang):
    findings = doc.get("findings") or []
    by_uid = dict((f.get("uid"), f) for f in findings)
    score = (doc.get("score") or {}).get("overall") or {}
    summary = doc.get("summary") or {}
    fail_sev = summary.get("fail_by_severity") or {}
    pillars = _pillars(doc, lang)
    return {
        "overall": {"score": score.get("score"), "band": score.get("band", "none"),
                    "band_label": tr("band." + score.get("band", "none"), lang), "delta": score.get("delta"),
                    "arrow": arrow(score.get("delta")), "capped": score.get("capped"), "previous": score.get("previous")},
        "pillars": pillars,
        "platforms": _platforms(doc, lang),
        "severity_counts": [{"key": s, "label": tr("sev." + s, lang), "count": fail_sev.get(s, 0)} for s in SEVERITIES],
        "summary_line": tr("msg.summary_line", lang, endpoints=summary.get("endpoints", 0), checks=summary.get("checks", 0),
                           fail=(summary.get("by_status") or {}).get("FAIL", 0), critical=fail_sev.get("critical", 0)),
        "top_risks": _top_risks(findings, lang),
        "delta": _delta(doc, by_uid, lang),
        "endpoints": _endpoints(doc, lang),
        "by_pillar": _checks_by_pillar(doc, lang),
        "charts": _charts(doc, lang),
        "coverage": (doc.get("score") or {}).get("coverage") or {"errors": 0, "error_checks": []},
    }

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The language-specific view of a report document, shared by the HTML and Markdown renderers.

Plain data only (strings and numbers); escaping is the renderers' job.
"""

from __future__ import annotations

import math

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS, SEVERITIES
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.backup_model import PROTECTION_ORDER
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


def _now_label(stub, lang):
    """What a resolved / unverified entry is now: a status, "no longer reported", or "not re-checked (why)"."""
    now = stub.get("now")
    if now in ("PASS", "MUTED", "ERROR"):
        return tr("status." + now, lang)
    if stub.get("reason"):
        return "%s (%s)" % (tr("delta.unverified", lang), tr("why." + stub["reason"], lang))
    return tr("delta.absent", lang)


def _stub_row(f, lang, now=None):
    return {
        "uid": f.get("uid"), "severity": f.get("severity"), "severity_label": tr("sev." + str(f.get("severity")), lang),
        "pillar_label": tr("pillar." + str(f.get("pillar")), lang), "host": f.get("host") or f.get("endpoint") or "",
        "check_id": f.get("check_id"), "title": pick(f.get("title"), lang), "resource_label": resource_label(f),
        "message": pick(f.get("message"), lang), "first_seen": f.get("first_seen") or "",
        "now": now if now is None else _now_label(f, lang),
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


# -- backup report ---------------------------------------------------------------------------
RESTORE_ORDER = {"failed": 0, "error": 1, "planned": 2, "passed": 3}
# RPO chart: bars are age / RPO; the scale stops at RPO_SCALE_MAX x the target so one resource
# that has not been backed up for a year does not flatten every other bar.
RPO_SCALE_MAX = 4.0


def ref_label(ref):
    """`name (type)` of a {type, uuid, name} reference; "-" for none."""
    if not isinstance(ref, dict) or not ref:
        return "-"
    name = ref.get("name") or ref.get("uuid") or "-"
    return "%s (%s)" % (name, ref["type"]) if ref.get("type") else str(name)


def _fmt(value, spec="%.1f"):
    v = _num(value) if not isinstance(value, bool) else None
    return "-" if v is None else spec % v


def _yes_no(value, lang):
    if value is None:
        return tr("skipped", lang)
    return tr("yes", lang) if value else tr("no", lang)


def _check_cls(value):
    return "na" if value is None else ("ok" if value else "bad")


def _rpo_chart(rows, lang):
    bars = []
    for r in rows:
        age, rpo = _num(r["age_hours"]), _num(r["rpo_hours"])
        if age is None or rpo is None or rpo <= 0:
            continue
        bars.append({"label": r["label"], "ratio": age / rpo, "age": age, "rpo": rpo})
    if not bars:
        return None
    bars.sort(key=lambda b: -b["ratio"])
    hidden = max(0, len(bars) - CHART_ROWS)
    bars = bars[:CHART_ROWS]
    scale = min(RPO_SCALE_MAX, max(1.5, max(b["ratio"] for b in bars) * 1.05))
    for i, b in enumerate(bars):
        b["y"] = SVG_TOP + i * SVG_ROW
        b["w"] = round(SVG_BAR * min(b["ratio"], scale) / scale, 1)
        b["cls"] = "crit" if b["ratio"] > 1 else ("warn" if b["ratio"] > 0.8 else "ok")
        b["text"] = "%.1f h / %.0f h" % (b["age"], b["rpo"])
        b["short"] = b["label"] if len(b["label"]) <= 30 else b["label"][:28] + "\u2026"
    return {"title": tr("sec.bk_rpo_chart", lang), "rows": bars, "hidden": hidden,
            "hidden_text": tr("bk.chart_more", lang, n=hidden) if hidden else "",
            "height": SVG_TOP + len(bars) * SVG_ROW + 8, "width": SVG_W + 40, "label_w": SVG_LABEL, "bar_w": SVG_BAR,
            "target_x": round(SVG_LABEL + SVG_BAR / scale, 1), "target_label": tr("bk.chart_target", lang)}


def _backup(doc, lang):
    """Plain rows for the backup report's own sections (kind `backup`)."""
    eps = doc.get("endpoints") or []
    multi = len(eps) > 1

    def where(e, text):
        return ("%s / %s" % (e.get("name"), text)) if multi else text

    summary = doc.get("backup") or {}
    cov = summary.get("coverage") or {}
    tests = summary.get("restore_tests") or {}
    rto = tests.get("rto_seconds") or {}
    lo = summary.get("leftovers") or {}
    jobs_sum = summary.get("jobs") or {}
    kpis = {
        "coverage": _fmt(cov.get("pct")) + ("%" if cov.get("pct") is not None else ""),
        "coverage_cls": "ok" if cov.get("pct") is None or cov.get("pct") >= 100 else ("warn" if cov.get("pct") >= 90 else "bad"),
        "coverage_sub": tr("bk.coverage_sub", lang, protected=cov.get("protected", 0), required=cov.get("required", 0)),
        "failed_jobs": jobs_sum.get("failed", 0),
        "stale_jobs_sub": tr("bk.stale_jobs", lang, n=jobs_sum.get("stale", 0)),
        "rpo_breaches": summary.get("rpo_breaches", 0),
        "restore_passed": tests.get("passed", 0), "restore_failed": tests.get("failed", 0) + tests.get("error", 0),
        "restore_total": tests.get("total", 0),
        "restore_sub": tr("bk.restore_sub", lang, passed=tests.get("passed", 0), failed=tests.get("failed", 0) + tests.get("error", 0)),
        "planned_sub": tr("bk.planned", lang, n=tests.get("planned", 0)) if tests.get("planned") else "",
        "rto": _fmt(rto.get("avg")) + (" s" if rto.get("avg") is not None else ""),
        "rto_sub": tr("bk.rto_sub", lang, min=_fmt(rto.get("min")), avg=_fmt(rto.get("avg")), max=_fmt(rto.get("max")))
        if rto.get("avg") is not None else tr("bk.none", lang),
        "leftovers_found": lo.get("found", 0), "leftovers_cleaned": lo.get("cleaned", 0),
        "leftovers_sub": tr("bk.leftovers_sub", lang, found=lo.get("found", 0), cleaned=lo.get("cleaned", 0)),
        "not_cleaned": tr("bk.not_cleaned", lang, n=tests.get("not_cleaned_up", 0)) if tests.get("not_cleaned_up") else "",
    }
    coverage_rows = []
    for e in eps:
        c = (cov.get("by_endpoint") or {}).get(e.get("name")) or {}
        coverage_rows.append({"name": e.get("name"), "platform": e.get("platform") or "", "required": c.get("required", 0),
                              "protected": c.get("protected", 0), "pct": c.get("pct"),
                              "pct_text": _fmt(c.get("pct")) + ("%" if c.get("pct") is not None else "")})
    policies, protection, jobs, restores, leftovers = [], [], [], [], []
    for e in eps:
        for p in e.get("policies") or ():
            result = p.get("last_result")
            policies.append({"endpoint": e.get("name"), "name": str(p.get("name") or p.get("uuid") or "-"), "kind": p.get("kind") or "",
                             "schedule": p.get("schedule") or "", "retention": p.get("retention") or "",
                             "targets": p.get("targets") if p.get("targets") is not None else "", "state": p.get("state") or "",
                             "last_run": p.get("last_run") or tr("bk.never", lang),
                             "last_result": tr("res." + result, lang) if result in ("success", "failed") else "-",
                             "result_cls": {"success": "ok", "failed": "bad"}.get(result, "na")})
        for r in e.get("protection") or ():
            status = r.get("status") or ""
            age, rpo = _num(r.get("age_hours")), _num(r.get("rpo_hours"))
            label = ref_label(r.get("resource"))
            protection.append({
                "endpoint": e.get("name"), "label": where(e, label), "resource": label, "rule": r.get("rule") or "-",
                "policies": ", ".join(str(x) for x in r.get("policies") or ()) or "-",
                "last_success": r.get("last_success") or tr("bk.never", lang),
                "age_hours": age, "rpo_hours": rpo, "age_rpo": "%s / %s" % (_fmt(age), _fmt(rpo, "%.0f")),
                "breach": age is not None and rpo is not None and age > rpo,
                "retained": "%s / %s" % ("-" if r.get("retained") is None else r.get("retained"),
                                         "-" if r.get("retention_days") is None else r.get("retention_days")),
                "status": status, "status_label": tr("prot." + status, lang) if status in PROTECTION_ORDER else status,
                "order": PROTECTION_ORDER.get(status, 5),
            })
        for j in e.get("jobs") or ():
            if j.get("success") is not False and not j.get("stale"):
                continue
            jobs.append({"endpoint": e.get("name"), "name": str(j.get("name") or j.get("uuid") or "-"), "policy": j.get("policy") or "-",
                         "target": ref_label(j.get("target")), "last_run": j.get("last_run") or tr("bk.never", lang),
                         "result": tr("res.failed", lang) if j.get("success") is False else "-",
                         "consecutive": j.get("consecutive_failures") or 0, "stale": tr("yes", lang) if j.get("stale") else tr("no", lang)})
        for t in e.get("restore_tests") or ():
            status = t.get("status") or ""
            checks = t.get("checks") or {}
            backup = t.get("backup") or {}
            restores.append({
                "endpoint": e.get("name"), "source": ref_label(t.get("source")), "backup": ref_label(backup),
                "backup_created": backup.get("created") or "", "scratch": ref_label(t.get("scratch")),
                "status": status, "status_label": tr("rt." + status, lang) if status in RESTORE_ORDER else status,
                "checks": [{"key": k, "label": tr("col.state", lang) if k == "state" else k, "text": _yes_no(checks.get(k), lang),
                            "cls": _check_cls(checks.get(k))} for k in ("state", "size", "content")],
                "rto": _fmt(t.get("rto_seconds")), "cleaned": _yes_no(t.get("cleaned_up"), lang),
                "cleaned_cls": "ok" if t.get("cleaned_up") or not t.get("scratch") else "bad",
                "original": _yes_no(t.get("original_unchanged"), lang), "error": t.get("error") or "",
                "order": RESTORE_ORDER.get(status, 4),
            })
        for x in e.get("leftovers") or ():
            leftovers.append({"endpoint": e.get("name"), "label": ref_label(x), "uuid": x.get("uuid") or "", "created": x.get("created") or "",
                              "cleaned": _yes_no(x.get("cleaned"), lang), "cleaned_cls": "ok" if x.get("cleaned") else "bad"})
    protection.sort(key=lambda r: (r["order"], -(r["age_hours"] or 0) / (r["rpo_hours"] or 1), str(r["endpoint"]), r["resource"]))
    jobs.sort(key=lambda r: (-r["consecutive"], str(r["endpoint"]), r["name"]))
    restores.sort(key=lambda r: (r["order"], str(r["endpoint"]), r["source"]))
    return {"kpis": kpis, "coverage_rows": coverage_rows, "policies": policies, "protection": protection, "jobs": jobs,
            "restores": restores, "leftovers": leftovers, "rpo_chart": _rpo_chart(protection, lang), "multi": multi}


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


def run_notes(doc, lang):
    """The run's status as the headers show it: its label, the datasets that failed, what was carried unverified."""
    run = doc.get("run") or {}
    status = run.get("status") or ("complete" if run.get("complete") else "incomplete")
    cov = (doc.get("score") or {}).get("coverage") or {}
    carried = None
    if cov.get("carried"):
        carried = tr("run.carried", lang, n=cov["carried"], open=cov.get("carried_open", 0),
                     endpoints=", ".join(cov.get("unverified_endpoints") or ()))
    return {
        "status": status,
        "label": tr("run." + status, lang),
        "short": tr("state." + status, lang),
        "collection_errors": [tr("run.collection_error", lang, host=e.get("host"), dataset=e.get("dataset"), message=e.get("message"))
                              for e in run.get("collection_errors") or ()],
        "carried": carried,
        "not_in_run": tr("run.not_in_run", lang, endpoints=", ".join(run["endpoints_not_in_run"]))
        if run.get("endpoints_not_in_run") else None,
    }


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
        "run_notes": run_notes(doc, lang),
        "backup": _backup(doc, lang) if doc.get("backup") else None,
    }

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service report document (运维服务报告) of a site and period, from the run store and the site data only.

Sections, in order: summary, plan, resources, problems, events, risks, requirements, backup, cost, sla, signoff.
Each section has `status`: `ok`, or `no_source` / `no_runs` with `note` saying what is missing — a section is never
an empty table that reads as "nothing happened".  Report documents are read one at a time (a scale run is large).
"""

from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
try:
    import sqlalchemy as sa
except ImportError:  # ansible-test's import sanity has no sqlalchemy; the store checks its requirements first
    sa = None

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import sla
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import cost as costs
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import docread
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import ledger
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report.period import local_day, previous
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import db

SCHEMA = "1.0"
SEVERITIES = ("critical", "high", "medium", "low", "info")
PILLARS = ("availability", "capacity", "security", "backup", "operations", "cost")


def _t(iso):
    return datetime.datetime.fromisoformat(str(iso).replace("Z", "+00:00"))


def _hours(a, b):
    return round((_t(b) - _t(a)).total_seconds() / 3600.0, 2)


def _none(status, note):
    return {"status": status, "note": note}


# -- reading the inspection runs of the period (one document at a time) ----------------------------------------
def _blob(store, pk):
    with store.engine.connect() as conn:
        return conn.execute(sa.select(db.RUNS.c.report).where(db.RUNS.c.id == pk)).scalar()


def inspection_heads(store, site, period):
    """Per run of the period, oldest first: id, started, local day, score, status and its endpoints (counts, capacity,
    status) - from the runs table and each document's head only (a scale document is never parsed whole here).
    The slices of one run are one run."""
    rows = sorted(store.runs("inspection", site, period["since"], period["until"]), key=lambda r: (r["started"], r["id"]))
    runs, pks = {}, {}
    for row in rows:
        doc = docread.head(_blob(store, row["id"]))
        run = runs.get(row["run_id"])
        if run is None:
            run = runs[row["run_id"]] = {"id": row["run_id"], "started": row["started"], "score": row["score"],
                                         "day": local_day(row["started"], period["timezone"]), "status": row["status"],
                                         "endpoints": []}
            pks[row["run_id"]] = []
        pks[row["run_id"]].append(row["id"])
        run["endpoints"].extend({"name": e.get("name"), "platform": e.get("platform"), "status": e.get("status"),
                                 "inventory_counts": e.get("inventory_counts") or {}, "capacity": e.get("capacity") or {}}
                                for e in doc.get("endpoints") or [])
    ordered = sorted(runs.values(), key=lambda r: r["started"])
    return ordered, (pks[ordered[-1]["id"]] if ordered else [])


def read_inspections(store, site, period):
    """The period's runs (inspection_heads) and, of the last run, its open and muted findings, pillar scores and
    capacity (its findings array walked one element at a time)."""
    runs, last_pks = inspection_heads(store, site, period)
    if not runs:
        return runs, None
    findings, pillars = [], {}
    for pk in last_pks:
        kept, tail = docread.open_part(_blob(store, pk))
        findings.extend(kept)
        pillars.update(dict((k, (v or {}).get("score")) for k, v in ((tail.get("score") or {}).get("pillars") or {}).items()))
    return runs, {"findings": findings, "pillars": pillars,
                  "capacity": dict((e["name"], e["capacity"]) for e in runs[-1]["endpoints"])}


def _daily(runs):
    """The last run of each local day: {day: run}."""
    days = {}
    for run in runs:
        days[run["day"]] = run
    return days


def open_uids_by_run(store, site, period):
    """{run id: set of open (FAIL) finding uids} of the period's inspection runs: two columns only (a scale month is
    over a million rows), every slice of a run together."""
    runs, findings = db.RUNS, db.FINDINGS
    query = sa.select(runs.c.run_id, findings.c.uid).select_from(findings.join(runs, findings.c.run_pk == runs.c.id))
    query = query.where(runs.c.kind == "inspection", runs.c.site == site, runs.c.started >= period["since"],
                        runs.c.started < period["until"], findings.c.status == "FAIL")
    out = {}
    with store.engine.connect() as conn:
        for run_id, uid in conn.execute(query):
            out.setdefault(run_id, set()).add(uid)
    return out


def _opened_closed(open_by_run, runs):
    """Findings opened and closed per day: a uid open in a run and not in the previous one is opened that day; open
    in the previous run and absent in this one is closed (a run that could not verify it keeps it open: carried)."""
    opened, closed, before = {}, {}, None
    for run in runs:
        now = open_by_run.get(run["id"], set())
        if before is not None:
            opened[run["day"]] = opened.get(run["day"], 0) + len(now - before)
            closed[run["day"]] = closed.get(run["day"], 0) + len(before - now)
        before = now
    return opened, closed


def resources_section(open_by_run, runs, final):
    if not runs:
        return _none("no_runs", "no inspection run of this site in the period: no health score, counts or capacity")
    daily = _daily(runs)
    opened, closed = _opened_closed(open_by_run, runs)
    availability = {}
    for run in runs:
        for ep in run["endpoints"]:
            a = availability.setdefault(ep["name"], {"platform": ep["platform"], "runs": 0, "ok": 0})
            a["runs"] += 1
            a["ok"] += 1 if ep["status"] == "ok" else 0
    for a in availability.values():
        a["pct"] = round(100.0 * a["ok"] / a["runs"], 1)
    pools = []
    for host, cap in sorted(final["capacity"].items()):
        for key, label in (("primary_storages", "primary storage"), ("backup_storages", "backup storage"),
                           ("l3_networks", "L3 IPs"), ("vswitches", "vSwitch IPs"), ("disks_by_category", "disk in use")):
            for row in cap.get(key) or []:
                pct = row.get("used_pct", row.get("in_use_pct"))
                if pct is not None:
                    pools.append({"host": host, "pool": "%s %s" % (label, row.get("name") or row.get("category")), "used_pct": pct})
        hosts = cap.get("hosts") or []
        if hosts:
            pools.append({"host": host, "pool": "hosts CPU allocated (avg)",
                          "used_pct": round(sum(h.get("cpu_alloc_pct") or 0 for h in hosts) / len(hosts), 1)})
            pools.append({"host": host, "pool": "hosts memory allocated (avg)",
                          "used_pct": round(sum(h.get("mem_alloc_pct") or 0 for h in hosts) / len(hosts), 1)})
    latest = runs[-1]
    return {"status": "ok", "runs": len(runs), "days_with_runs": len(daily),
            "score_by_day": [{"day": d, "score": daily[d]["score"]} for d in sorted(daily)],
            "counts": dict((e["name"], e["inventory_counts"]) for e in latest["endpoints"]),
            "capacity": sorted(pools, key=lambda p: -p["used_pct"])[:30],
            "findings_by_day": [{"day": d, "opened": opened.get(d, 0), "closed": closed.get(d, 0)} for d in sorted(daily)],
            "availability": [dict(v, endpoint=k) for k, v in sorted(availability.items())]}


def risks_section(open_by_run, runs, final):
    if not runs:
        return _none("no_runs", "no inspection run of this site in the period: open risks unknown")
    open_ = [f for f in final["findings"] if f["status"] == "FAIL"]
    muted = [f for f in final["findings"] if f["status"] == "MUTED"]
    grid = dict((p, dict((s, 0) for s in SEVERITIES)) for p in PILLARS)
    for f in open_:
        grid.setdefault(f.get("pillar") or "operations", dict((s, 0) for s in SEVERITIES))[f.get("severity") or "info"] += 1
    first_ids = open_by_run.get(runs[0]["id"], set())
    last_ids = open_by_run.get(runs[-1]["id"], set())          # carried (unverified) ones stay open, as in the store
    rank = dict((s, i) for i, s in enumerate(SEVERITIES))
    oldest = sorted(open_, key=lambda f: (f.get("first_seen") or "9", rank.get(f.get("severity"), 9)))[:10]
    top = sorted(open_, key=lambda f: (rank.get(f.get("severity"), 9), f.get("first_seen") or "9"))[:10]

    def brief(f):
        res = f.get("resource") or {}
        return {"uid": f.get("uid"), "check_id": f.get("check_id"), "title": f.get("title"), "severity": f.get("severity"),
                "pillar": f.get("pillar"), "host": f.get("host"), "resource": res.get("name") or res.get("uuid"),
                "first_seen": f.get("first_seen"), "remediation": f.get("remediation")}
    return {"status": "ok", "open": len(open_), "by_pillar_severity": grid,
            "new_in_period": len(last_ids - first_ids), "resolved_in_period": len(first_ids - last_ids),
            "oldest": [brief(f) for f in oldest], "top": [brief(f) for f in top],
            "mutes": [dict(brief(f), reason=(f.get("mute") or {}).get("reason"), expires=(f.get("mute") or {}).get("expires"))
                      for f in muted],
            "pillar_scores": final["pillars"],
            "score_trend": [{"day": r["day"], "score": r["score"]} for r in runs]}


# -- registers ---------------------------------------------------------------------------------------------------
def problems_section(site_data, period):
    reg = site_data.get("problems")
    if reg is None:
        return _none("no_source", "no problem register for this site (sites/<site>/problems.yml, .csv or .xlsx)")
    since, until = _t(period["since"]), _t(period["until"])
    rows = []
    for row in reg["rows"]:
        opened = _t(row["opened"])
        done = _t(row["resolved"]) if row.get("resolved") else None
        if opened >= until or (done is not None and done < since):
            continue
        rows.append(dict(row, hours_to_resolve=_hours(row["opened"], row["resolved"]) if done else None))
    resolved = [r["hours_to_resolve"] for r in rows if r["hours_to_resolve"] is not None]
    return {"status": "ok", "source": reg["source"], "rows": rows, "total": len(rows),
            "open": sum(1 for r in rows if r["status"] in ("open", "in_progress")),
            "avg_hours_to_resolve": round(sum(resolved) / len(resolved), 2) if resolved else None,
            "note": None if rows else "no problem of the register was open in the period"}


def requirements_section(site_data, period):
    reg = site_data.get("requirements")
    if reg is None:
        return _none("no_source", "no requirements register for this site (sites/<site>/requirements.yml, .csv or .xlsx)")
    until = _t(period["until"])
    rows = [r for r in reg["rows"] if _t(r["opened"]) < until]
    by_status = {}
    for r in rows:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    return {"status": "ok", "source": reg["source"], "rows": rows, "by_status": by_status}


# -- events and SLA --------------------------------------------------------------------------------------------
def read_events(store, site, period):
    """The period's events with acks and resolutions (run store schema 0004), or None when the store has no events."""
    try:
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return events.events_in(store, site, period["since"], period["until"])


def events_section(events):
    if events is None:
        return _none("no_source", "this run store has no events source (events and acknowledgements, schema 0004)")
    if not events:
        return {"status": "ok", "rows": [], "total": 0, "note": "no alarm event was recorded for this site in the period"}
    rows = []
    for e in events:
        ack = (e.get("acks") or [None])[0]
        res = (e.get("resolutions") or [None])[0]
        rows.append({"event_id": e["event_id"], "priority": e.get("priority"), "severity": e.get("severity"),
                     "cloud": e.get("cloud"), "rule": e.get("rule_name"), "resource": e.get("resource_name") or e.get("resource_id"),
                     "alert_time": e["alert_time"], "status": e["status"], "recovered_time": e.get("recovered_time"),
                     "acked_by": ack and ack["acked_by"], "acked_at": ack and ack["acked_at"],
                     "handling": res and "%s / %s" % (res["cause"], res["action"]), "resolved_by": res and res["resolved_by"]})
    by_priority = {}
    for r in rows:
        by_priority[r["priority"] or "-"] = by_priority.get(r["priority"] or "-", 0) + 1
    return {"status": "ok", "rows": rows, "total": len(rows), "by_priority": by_priority}


def sla_section(events, plan, period):
    """The response SLA on the tier's clock (plugin_utils/sla.py: 5x8 counts working hours only, P1 has its own
    target); an unacknowledged event breaches once its waiting time at the period's end passes the target."""
    tier = sla.tier_of(plan["tier"])
    targets = dict(tier["ack_target_minutes"])
    default = float((plan.get("sla") or {}).get("response_minutes") or targets["default"])
    targets["default"] = default
    tier = dict(tier, ack_target_minutes=targets)
    base = {"tier": plan["tier"], "target_minutes": default,
            "targets": dict((k, v) for k, v in sorted(targets.items()) if k != "default"),
            "hours": tier.get("hours")}
    if events is None:
        return dict(_none("no_source", "no events source in this run store: the response SLA cannot be measured"), **base)
    figures = sla.period_figures(events, plan["tier"], plan["timezone"], holidays=plan.get("holidays") or (),
                                 now=period["until"], tiers={plan["tier"]: tier})
    acked_by = dict((e["event_id"], (e.get("acks") or [{}])[0].get("acked_by")) for e in events)
    alert = dict((e["event_id"], e["alert_time"]) for e in events)
    tta = [f["time_to_acknowledge_seconds"] / 60.0 for f in figures["events_figures"]
           if f["time_to_acknowledge_seconds"] is not None]
    breaches = []
    for f in figures["breaches"]:
        minutes = None if f["time_to_acknowledge_seconds"] is None else round(f["time_to_acknowledge_seconds"] / 60.0, 1)
        breaches.append({"event_id": f["event_id"], "priority": f["priority"], "alert_time": alert[f["event_id"]],
                         "minutes": minutes, "target_minutes": round(f["target_seconds"] / 60.0, 1),
                         "reason": "late" if f["acknowledged"] else "not_acknowledged", "acked_by": acked_by[f["event_id"]]})
    total = figures["events"]
    return dict(base, status="ok", events=total, met=figures["within_target"],
                met_pct=round(100.0 * figures["share_within_target"], 1) if total else None,
                avg_minutes=round(sum(tta) / len(tta), 1) if tta else None,
                median_minutes=round(figures["median_time_to_acknowledge_seconds"] / 60.0, 1) if tta else None,
                max_minutes=round(max(tta), 1) if tta else None, breaches=breaches, sla_met=not breaches,
                by_priority=figures["by_priority"], note=None if total else "no event in the period: nothing to respond to")


# -- backup ----------------------------------------------------------------------------------------------------
def backup_section(store, site, period, plan):
    docs = 0
    coverage, rpo, tests = [], [], []
    for doc in store.documents("backup", site, period["since"], period["until"]):
        docs += 1
        b = doc.get("backup") or {}
        if (b.get("coverage") or {}).get("pct") is not None:
            coverage.append({"day": local_day((doc.get("run") or {}).get("started"), period["timezone"]),
                             "pct": b["coverage"]["pct"], "required": b["coverage"].get("required"),
                             "protected": b["coverage"].get("protected")})
        rpo.append(b.get("rpo_breaches") or 0)
        for ep in doc.get("endpoints") or []:
            for t in ep.get("restore_tests") or []:
                src = t.get("source") if isinstance(t.get("source"), dict) else {}
                tests.append({"host": ep.get("name"), "resource": src.get("name") or src.get("id"), "status": t.get("status"),
                              "rto_seconds": t.get("rto_seconds"),
                              "day": local_day((doc.get("run") or {}).get("started"), period["timezone"])})
    out = {"policy": plan.get("backup_policy") or []}
    if not docs:
        out.update(_none("no_runs", "no backup validation or restore test run of this site in the period"))
        return out
    rtos = [t["rto_seconds"] for t in tests if isinstance(t["rto_seconds"], (int, float))]
    out.update({"status": "ok", "runs": docs, "coverage_last": coverage[-1] if coverage else None,
                "coverage_min_pct": min(c["pct"] for c in coverage) if coverage else None,
                "rpo_breaches": rpo[-1], "rpo_breach_days": sum(1 for n in rpo if n), "restore_tests": tests,
                "restore_passed": sum(1 for t in tests if t["status"] == "passed"),
                "rto_max_seconds": max(rtos) if rtos else None,
                "rto_avg_seconds": round(sum(rtos) / len(rtos), 3) if rtos else None})
    return out


# -- cost ------------------------------------------------------------------------------------------------------
def _run_counts(store, site, p):
    return [{"started": r["started"], "endpoints": r["endpoints"]} for r in inspection_heads(store, site, p)[0]]


def cost_section(store, site, period, runs, final, site_data):
    prices = site_data.get("prices")
    collections = ledger.costs(store, site, period["since"], period["until"])
    if not runs and not collections:
        return _none("no_runs", "no inspection run (inventory snapshots) and no billing collection in the period")
    rows = costs.period_cost([{"started": r["started"], "endpoints": r["endpoints"]} for r in runs],
                             period["since"], period["until"], prices, collections)
    before = previous(period)
    prev_runs = _run_counts(store, site, before)
    prev_rows = costs.period_cost(prev_runs, before["since"], before["until"], prices,
                                  ledger.costs(store, site, before["since"], before["until"])) if prev_runs else []
    prev_total = dict((r["host"], r["total"]) for r in prev_rows)
    for r in rows:
        r["previous_total"] = prev_total.get(r["host"])
        r["change_pct"] = (round(100.0 * (r["total"] - r["previous_total"]) / r["previous_total"], 1)
                           if r["total"] is not None and r["previous_total"] else None)
    hours = period["days"] * 24.0
    idle = costs.savings([f for f in (final or {}).get("findings", []) if f.get("pillar") == "cost" and f["status"] == "FAIL"],
                         prices, hours)
    currency = sorted(set(r["currency"] for r in rows if r["currency"]))
    return {"status": "ok", "rows": rows, "currency": currency[0] if len(currency) == 1 else ", ".join(currency),
            "total": round(sum(r["total"] for r in rows if r["total"] is not None), 2),
            "previous_period": before["label"],
            "previous_total": round(sum(v for v in prev_total.values() if v is not None), 2) if prev_rows else None,
            "missing_prices": sorted(set(k for r in rows for k in r["missing"])),
            "idle": idle, "idle_saving": round(sum(i["saving"] or 0 for i in idle), 2),
            "price_source": prices and prices["source"]}


# -- changes (for the summary) ---------------------------------------------------------------------------------
def changes_in(store, site, period):
    rows = store.runs("change", site, period["since"], period["until"])
    return [{"run_id": r["run_id"], "started": r["started"], "status": r["status"], "playbook": r["playbook"],
             "operator": r["operator"]} for r in reversed(rows)]


# -- the document ----------------------------------------------------------------------------------------------
def build(store, site, site_data, period, operator=None):
    plan = site_data["plan"]
    runs, final = read_inspections(store, site, period)
    open_by_run = open_uids_by_run(store, site, period) if runs else {}
    events = read_events(store, site, period)
    sections = {
        "plan": {"status": "ok", "plan": plan},
        "resources": resources_section(open_by_run, runs, final),
        "problems": problems_section(site_data, period),
        "events": events_section(events),
        "risks": risks_section(open_by_run, runs, final),
        "requirements": requirements_section(site_data, period),
        "backup": backup_section(store, site, period, plan),
        "cost": cost_section(store, site, period, runs, final, site_data),
        "sla": sla_section(events, plan, period),
    }
    changes = changes_in(store, site, period)
    risks = sections["risks"]
    summary = {"score": runs[-1]["score"] if runs else None,
               "score_first": runs[0]["score"] if runs else None,
               "inspection_runs": len(runs),
               "open_risks": risks.get("open"), "top_risks": (risks.get("top") or [])[:5],
               "sla_met": sections["sla"].get("sla_met"), "sla_met_pct": sections["sla"].get("met_pct"),
               "changes": changes, "cost_total": sections["cost"].get("total"),
               "cost_currency": sections["cost"].get("currency"),
               "problems_open": sections["problems"].get("open"),
               "missing": [k for k, s in sections.items() if s.get("status") != "ok"]}
    return {"schema_version": SCHEMA, "kind": "service_report", "site": site, "customer": plan.get("customer"),
            "tier": plan["tier"], "report_type": "weekly" if period["kind"] == "week" else "monthly" if period["kind"] == "month" else "range",
            "period": period, "generated": utcnow_iso(), "generated_by": operator, "summary": summary,
            "sections": sections, "signoff": {"customer": plan.get("customer"), "contacts": plan.get("contacts") or []}}

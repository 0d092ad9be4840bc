# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cost of a period per endpoint: the billing API's collection when there is one for exactly the period
(method billing_api), else the site price table x the inventory counts of the period's inspection runs
(method price_table: each run's counts are held until the next run; the first run also covers the hours before
it, so the error bound is one run interval per change).  A counted resource kind without a price is listed as
missing, never costed at 0."""

from __future__ import annotations

import datetime

# inventory_counts key (both clouds) -> price table kind
COUNT_KINDS = {"vms": "vm", "instances": "vm", "volumes": "volume", "disks": "volume", "snapshots": "snapshot",
               "eips": "eip", "rds_instances": "rds", "slb_load_balancers": "slb", "nat_gateways": "nat",
               "vpc_routers": "vpc_router"}
# finding resource type -> price table kind (the saving of an idle resource)
RESOURCE_KINDS = {"vm": "vm", "instance": "vm", "volume": "volume", "disk": "volume", "eip": "eip", "snapshot": "snapshot"}


def _t(iso):
    return datetime.datetime.fromisoformat(str(iso).replace("Z", "+00:00"))


def usage(runs, since, until):
    """{host: {kind: count-hours}} from inspection runs [{started, endpoints[{name, platform, inventory_counts}]}],
    oldest first: each run's counts held from its start (the period start for the first) to the next run."""
    out, platforms = {}, {}
    lo, hi = _t(since), _t(until)
    for i, run in enumerate(runs):
        begin = lo if i == 0 else max(lo, _t(run["started"]))
        end = hi if i + 1 == len(runs) else min(hi, _t(runs[i + 1]["started"]))
        hours = max(0.0, (end - begin).total_seconds() / 3600.0)
        for ep in run["endpoints"]:
            platforms[ep["name"]] = ep.get("platform")
            held = out.setdefault(ep["name"], {})
            for key, count in (ep.get("inventory_counts") or {}).items():
                if key in COUNT_KINDS and count:
                    kind = COUNT_KINDS[key]
                    held[kind] = held.get(kind, 0.0) + count * hours
    return out, platforms


def price_table_cost(held, prices):
    """{by_kind{kind: {quantity, unit, price, amount}}, total, missing[kinds]} of one endpoint's count-hours."""
    by_kind, missing = {}, []
    for kind, quantity in sorted(held.items()):
        row = prices["prices"].get(kind)
        if row is None:
            missing.append(kind)
            continue
        by_kind[kind] = {"quantity": round(quantity, 2), "unit": row["unit"], "price": row["price"],
                         "amount": round(quantity * row["price"], 2)}
    return {"by_kind": by_kind, "total": round(sum(r["amount"] for r in by_kind.values()), 2), "missing": missing}


def period_cost(runs, since, until, prices, collections):
    """[{host, platform, method, currency, total, by_kind|by_category, missing}] and the site total per currency."""
    held, platforms = usage(runs, since, until)
    collected = dict((c["host"], c) for c in collections or ())
    rows = []
    for host in sorted(set(held) | set(collected)):
        if host in collected:
            c = collected[host]
            detail = c["detail"]
            rows.append({"host": host, "platform": c["cloud"], "method": "billing_api", "currency": c.get("currency"),
                         "total": round(c.get("total") or 0.0, 2), "by_kind": dict(
                             (k, {"amount": round(v, 2)}) for k, v in sorted((detail.get("by_category") or {}).items())),
                         "missing": [], "warnings": detail.get("warnings_text") or [],
                         "top_resources": (detail.get("resources") or [])[:10]})
        elif prices is None:
            rows.append({"host": host, "platform": platforms.get(host), "method": "none", "currency": None, "total": None,
                         "by_kind": {}, "missing": sorted(held[host]),
                         "warnings": ["no billing collection for the period and no price table (sites/<site>/prices.yml)"]})
        else:
            cost = price_table_cost(held[host], prices)
            rows.append(dict(cost, host=host, platform=platforms.get(host), method="price_table",
                             currency=prices["currency"], warnings=[]))
    return rows


def savings(findings, prices, hours):
    """Idle or oversized resources (open cost findings) with what removing them saves over `hours` at the table price."""
    out = []
    for f in findings:
        res = f.get("resource") or {}
        kind = RESOURCE_KINDS.get(str(res.get("type") or ""))
        price = (prices or {}).get("prices", {}).get(kind) if kind else None
        out.append({"check_id": f.get("check_id"), "host": f.get("host"), "resource": res.get("name") or res.get("id"),
                    "resource_type": res.get("type"), "severity": f.get("severity"), "title": f.get("title"),
                    "saving": round(price["price"] * hours, 2) if price else None,
                    "basis": ("%s x %.0f h" % (kind, hours)) if price else "no price for this resource type"})
    return sorted(out, key=lambda r: -(r["saving"] or 0))

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Service reports, customer confirmations and cost collections in the run store (schema 0005).

    add_report(store, site, period, since, until, digest, ...)  -> version (1, 2, ... per site and period)
    confirm(store, site, period, confirmed_by, version=None, ...) -> the confirmation (the newest version by default)
    reports(store, site)                                         -> every version with its confirmation, if any
    put_cost(store, site, host, cloud, result, since, until)     -> one cost collection (replaced on a re-run)
    costs(store, site, since, until)                             -> the collections that cover the period
"""

from __future__ import annotations

import json

try:
    import sqlalchemy as sa
except ImportError:  # ansible-test's import sanity has no sqlalchemy; the store checks its requirements first
    sa = None

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso


class LedgerError(ValueError):
    """Bad input to a ledger write (unknown report, already confirmed): nothing was written."""


def _t(name, *columns):
    return sa.table(name, *(sa.column(c) for c in columns)) if sa is not None else None


REPORTS = _t("service_reports", "id", "site", "period", "version", "since", "until", "language", "generated",
             "generated_by", "digest", "summary")
CONFIRMATIONS = _t("report_confirmations", "id", "site", "period", "version", "digest", "confirmed_by", "confirmed_at",
                   "channel", "note", "recorded", "recorded_by")
COSTS = _t("cost_collections", "id", "site", "host", "cloud", "method", "since", "until", "currency", "total",
           "collected", "detail")


def _rows(store, query):
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def add_report(store, site, period, since, until, digest, language=None, generated_by=None, summary=None):
    """Record a new version of the period's report; returns its version number."""
    with store._write() as conn, conn.begin():  # pylint: disable=protected-access  # the store's write lock
        last = conn.execute(sa.select(sa.func.max(REPORTS.c.version)).where(
            REPORTS.c.site == site, REPORTS.c.period == period)).scalar() or 0
        conn.execute(sa.insert(REPORTS).values(
            site=site, period=period, version=last + 1, since=since, until=until, language=language, generated=utcnow_iso(),
            generated_by=generated_by, digest=digest, summary=json.dumps(summary or {}, ensure_ascii=False, default=str)))
        return last + 1


def reports(store, site, period=None):
    """Every report version of a site (oldest first), each with `confirmation` (dict) or None."""
    query = sa.select(REPORTS).where(REPORTS.c.site == site)
    if period:
        query = query.where(REPORTS.c.period == period)
    out = _rows(store, query.order_by(REPORTS.c.since, REPORTS.c.period, REPORTS.c.version))
    confirmations = dict(((c["period"], c["version"]), c) for c in _rows(
        store, sa.select(CONFIRMATIONS).where(CONFIRMATIONS.c.site == site)))
    for row in out:
        row.pop("id")
        row["summary"] = json.loads(row["summary"] or "{}")
        row["confirmation"] = confirmations.get((row["period"], row["version"]))
    return out


def confirm(store, site, period, confirmed_by, version=None, confirmed_at=None, channel=None, note=None, recorded_by=None,
            check_mode=False):
    """Record that `confirmed_by` confirmed a report version (the newest by default); returns (changed, confirmation).

    Confirming the same version again by the same person changes nothing; another person, or a version that does not
    exist, is a LedgerError before any write."""
    if not str(confirmed_by or "").strip():
        raise LedgerError("confirmed_by is required: the name of the customer's person who confirmed the report")
    versions = reports(store, site, period)
    if not versions:
        raise LedgerError("site %s has no service report for period %s: render it first (playbooks/service_report.yml)"
                          % (site, period))
    chosen = versions[-1] if version is None else next((v for v in versions if v["version"] == int(version)), None)
    if chosen is None:
        raise LedgerError("site %s period %s has no report version %s (versions: %s)" % (
            site, period, version, ", ".join(str(v["version"]) for v in versions)))
    done = chosen["confirmation"]
    if done:
        if done["confirmed_by"] == confirmed_by:
            return False, done
        raise LedgerError("%s period %s version %d was already confirmed by %s at %s" % (
            site, period, chosen["version"], done["confirmed_by"], done["confirmed_at"]))
    row = {"site": site, "period": period, "version": chosen["version"], "digest": chosen["digest"],
           "confirmed_by": confirmed_by, "confirmed_at": confirmed_at or utcnow_iso(), "channel": channel, "note": note,
           "recorded": utcnow_iso(), "recorded_by": recorded_by}
    if not check_mode:
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            conn.execute(sa.insert(CONFIRMATIONS).values(**row))
    return True, row


def put_cost(store, site, host, cloud, result, since, until):
    """Keep one billing-API collection for a period (a re-run of the same period replaces it)."""
    key = (COSTS.c.site == site) & (COSTS.c.host == host) & (COSTS.c.since == since) & (COSTS.c.until == until)
    with store._write() as conn, conn.begin():  # pylint: disable=protected-access
        conn.execute(sa.delete(COSTS).where(key))
        conn.execute(sa.insert(COSTS).values(
            site=site, host=host, cloud=cloud, method=result.get("method") or "billing_api", since=since, until=until,
            currency=result.get("currency"), total=result.get("total"), collected=utcnow_iso(),
            detail=json.dumps(result, ensure_ascii=False, default=str)))


def costs(store, site, since, until):
    """The cost collections of a site that cover [since, until) exactly, newest collection per host."""
    rows = _rows(store, sa.select(COSTS).where(COSTS.c.site == site, COSTS.c.since == since, COSTS.c.until == until)
                 .order_by(COSTS.c.host, COSTS.c.collected))
    out = {}
    for row in rows:
        row["detail"] = json.loads(row["detail"] or "{}")
        row.pop("id")
        out[row["host"]] = row
    return [out[h] for h in sorted(out)]

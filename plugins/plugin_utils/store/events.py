# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Events, acknowledgements, resolutions and incidents in the run store (schema 0004, docs/events.md).

    merge(store, site, events, recoveries, seen_at, run_id)    one row per (site, event id); recovery closes it
    events_in(store, site, since, until)                       a period's events with their acks and resolutions
    get_event / ack / resolve                                  what the clouds do not keep: who, when, how
    open_incident / add_timeline / close_incident / get_incident / incidents_in

`store` is an open RunStore.  Every write checks its input first and writes nothing on bad input (an unknown
event, an incident with no events): EventError says why.  Database errors are StoreErrors without the password.
"""

from __future__ import annotations

import json

try:
    import sqlalchemy as sa
    from sqlalchemy import exc as sa_exc
except ImportError:  # the controller requirements are missing; RunStore.open says so first
    sa = sa_exc = None

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import describe
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError

EVENT_COLUMNS = ("event_id", "site", "cloud", "endpoint", "host", "source", "rule_id", "rule_name", "resource_type",
                 "resource_id", "resource_name", "metric", "severity", "priority", "status", "alert_time", "first_seen",
                 "last_seen", "recovered_time", "recover_source", "value", "threshold", "cloud_ref", "first_run_id",
                 "last_run_id", "detail")
ACK_COLUMNS = ("event_pk", "acked_by", "acked_at", "ticket", "note", "via", "cloud_acked", "recorded")
RESOLUTION_COLUMNS = ("event_pk", "resolved_by", "resolved_at", "cause", "action", "ticket", "recorded")
INCIDENT_COLUMNS = ("incident_id", "site", "title", "priority", "status", "opened_at", "opened_by", "closed_at",
                    "summary", "impact", "root_cause", "follow_ups", "evidence")
TIMELINE_ENTRIES = ("opened", "acknowledged", "action", "recovered", "closed", "note")
_LIMITS = {"endpoint": 512, "host": 255, "rule_id": 255, "rule_name": 255, "resource_id": 255, "resource_name": 255,
           "metric": 255, "resource_type": 64, "source": 64, "severity": 32, "cloud_ref": 255}
CHUNK = 500


class EventError(ValueError):
    """Bad input to an event write (unknown event, no events, wrong field): nothing was written."""


def _t(name, columns):
    return sa.table(name, *(sa.column(c) for c in ("id",) + columns))


if sa is not None:
    EVENTS = _t("events", EVENT_COLUMNS)
    ACKS = _t("event_acks", ACK_COLUMNS)
    RESOLUTIONS = _t("event_resolutions", RESOLUTION_COLUMNS)
    INCIDENTS = _t("incidents", INCIDENT_COLUMNS)
    INCIDENT_EVENTS = sa.table("incident_events", sa.column("id"), sa.column("incident_pk"), sa.column("event_pk"))
    TIMELINE = sa.table("incident_timeline", sa.column("id"), sa.column("incident_pk"), sa.column("at"),
                        sa.column("entry"), sa.column("actor"), sa.column("text"))


def _guard(store, work):
    try:
        return work()
    except sa_exc.SQLAlchemyError as exc:
        raise StoreError(describe(exc, store.dsn)) from None


def _row(event, site, seen_at, run_id):
    row = dict((c, event.get(c)) for c in EVENT_COLUMNS if c in event)
    for key, limit in _LIMITS.items():
        if row.get(key) is not None:
            row[key] = str(row[key])[:limit]
    row.update(site=site, first_seen=seen_at, last_seen=seen_at, first_run_id=run_id, last_run_id=run_id,
               status="recovered" if event.get("recovered_time") else "open",
               detail=json.dumps(event, sort_keys=True, default=str, ensure_ascii=False))
    return row


def _check_events(events):
    for event in events:
        for key in ("event_id", "cloud", "alert_time"):
            if not event.get(key):
                raise EventError("an event without %s cannot be stored: %r" % (key, dict(event)))


def merge(store, site, events, recoveries=(), seen_at=None, run_id=None):
    """Merge one collection's events into the store; returns {"new", "seen", "recovered"} counts.

    An event already stored is seen again (last_seen); an open one that now carries its recovery is closed with it
    (a stored recovery is never reopened).  A `recovery` (model.make_recovery) closes the newest open event of its
    rule and resource that began no later than it.
    """
    events = list(events)
    _check_events(events)
    seen_at = seen_at or utcnow_iso()
    counts = {"new": 0, "seen": 0, "recovered": 0}

    def work():
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            unique = dict((e["event_id"], e) for e in events)
            ids = sorted(unique)
            known = {}
            for start in range(0, len(ids), CHUNK):
                query = sa.select(EVENTS.c.id, EVENTS.c.event_id, EVENTS.c.status).where(
                    EVENTS.c.site == site, EVENTS.c.event_id.in_(ids[start:start + CHUNK]))
                known.update((r.event_id, r) for r in conn.execute(query))
            fresh = [_row(unique[i], site, seen_at, run_id) for i in ids if i not in known]
            if fresh:
                conn.execute(sa.insert(EVENTS), fresh)
            counts["new"] = len(fresh)
            seen = [{"pk": known[i].id} for i in ids if i in known]
            if seen:
                conn.execute(sa.update(EVENTS).where(EVENTS.c.id == sa.bindparam("pk")).values(
                    last_seen=seen_at, last_run_id=run_id), seen)
            counts["seen"] = len(seen)
            closing = [{"pk": known[i].id, "rt": unique[i]["recovered_time"], "rs": unique[i].get("recover_source") or "api"}
                       for i in ids if i in known and known[i].status == "open" and unique[i].get("recovered_time")]
            if closing:
                conn.execute(sa.update(EVENTS).where(EVENTS.c.id == sa.bindparam("pk")).values(
                    status="recovered", recovered_time=sa.bindparam("rt"), recover_source=sa.bindparam("rs")), closing)
            counts["recovered"] = len(closing)
            for rec in recoveries:
                query = sa.select(EVENTS.c.id).where(
                    EVENTS.c.site == site, EVENTS.c.cloud == rec["cloud"], EVENTS.c.endpoint == rec["endpoint"],
                    EVENTS.c.rule_id == rec["rule_id"], EVENTS.c.resource_id == rec["resource_id"],
                    EVENTS.c.status == "open", EVENTS.c.alert_time <= rec["recovered_time"])
                pk = conn.execute(query.order_by(EVENTS.c.alert_time.desc()).limit(1)).scalar()
                if pk is not None:
                    conn.execute(sa.update(EVENTS).where(EVENTS.c.id == pk).values(
                        status="recovered", recovered_time=rec["recovered_time"],
                        recover_source=rec.get("recover_source") or "api", last_seen=seen_at, last_run_id=run_id))
                    counts["recovered"] += 1
        return counts
    return _guard(store, work)


def _read(store, query):
    def work():
        with store.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
    return _guard(store, work)


def _event_dict(row):
    out = dict(row)
    out.pop("detail", None)
    return out


def _attach(store, rows):
    """Each event row with its acks and resolutions (oldest first), without the store's own keys."""
    pks = [r["id"] for r in rows]
    acks, resolutions = {}, {}
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start:start + CHUNK]
        for table, into, order in ((ACKS, acks, ACKS.c.acked_at), (RESOLUTIONS, resolutions, RESOLUTIONS.c.resolved_at)):
            for r in _read(store, sa.select(table).where(table.c.event_pk.in_(chunk)).order_by(order, table.c.id)):
                pk = r.pop("event_pk")
                r.pop("id")
                into.setdefault(pk, []).append(r)
    out = []
    for row in rows:
        event = _event_dict(row)
        pk = event.pop("id")
        event["acks"] = acks.get(pk, [])
        event["resolutions"] = resolutions.get(pk, [])
        out.append(event)
    return out


def events_in(store, site, since=None, until=None, cloud=None):
    """The events of a period at a site, oldest first: begun before `until` and not recovered before `since`
    (an alarm still open from the last period is part of this one), each with its acks and resolutions."""
    query = sa.select(EVENTS).where(EVENTS.c.site == site)
    if until:
        query = query.where(EVENTS.c.alert_time < until)
    if since:
        query = query.where(sa.or_(EVENTS.c.alert_time >= since, EVENTS.c.recovered_time.is_(None),
                                   EVENTS.c.recovered_time >= since))
    if cloud:
        query = query.where(EVENTS.c.cloud == cloud)
    return _attach(store, _read(store, query.order_by(EVENTS.c.alert_time, EVENTS.c.resource_id, EVENTS.c.event_id)))


def get_event(store, site, event_id):
    """One event with its acks and resolutions, or None."""
    rows = _read(store, sa.select(EVENTS).where(EVENTS.c.site == site, EVENTS.c.event_id == str(event_id)))
    return _attach(store, rows)[0] if rows else None


def _event_pks(store, site, event_ids):
    ids = [str(i) for i in event_ids or () if str(i or "").strip()]
    if not ids:
        raise EventError("no event ids given")
    rows = _read(store, sa.select(EVENTS.c.id, EVENTS.c.event_id).where(EVENTS.c.site == site, EVENTS.c.event_id.in_(ids)))
    found = dict((r["event_id"], r["id"]) for r in rows)
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise EventError("unknown event(s) at site %s: %s (collect the events first, or check the id)"
                         % (site, ", ".join(unknown)))
    return [found[i] for i in ids]


def _required(**values):
    empty = sorted(k for k, v in values.items() if not str(v or "").strip())
    if empty:
        raise EventError("missing %s" % ", ".join(empty))


def ack(store, site, event_id, acked_by, acked_at=None, ticket=None, note=None, via="playbook", cloud_acked=False):
    """Record who acknowledged an event and when; EventError (nothing written) for an unknown event."""
    _required(acked_by=acked_by)
    pk = _event_pks(store, site, [event_id])[0]
    row = {"event_pk": pk, "acked_by": str(acked_by)[:128], "acked_at": acked_at or utcnow_iso(),
           "ticket": ticket, "note": note, "via": via, "cloud_acked": bool(cloud_acked), "recorded": utcnow_iso()}

    def work():
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            conn.execute(sa.insert(ACKS).values(**row))
    _guard(store, work)
    return get_event(store, site, event_id)


def resolve(store, site, event_id, resolved_by, cause, action, resolved_at=None, ticket=None):
    """Record the cause and the action that resolved an event; EventError (nothing written) on bad input."""
    _required(resolved_by=resolved_by, cause=cause, action=action)
    pk = _event_pks(store, site, [event_id])[0]
    row = {"event_pk": pk, "resolved_by": str(resolved_by)[:128], "resolved_at": resolved_at or utcnow_iso(),
           "cause": cause, "action": action, "ticket": ticket, "recorded": utcnow_iso()}

    def work():
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            conn.execute(sa.insert(RESOLUTIONS).values(**row))
    _guard(store, work)
    return get_event(store, site, event_id)


# -- incidents -------------------------------------------------------------------------------------------------------
def open_incident(store, site, incident_id, title, event_ids, opened_by, opened_at=None, priority=None, summary=None,
                  impact=None, evidence=None):
    """Open an incident from one or more stored events (its timeline starts with `opened`); returns it.

    EventError, nothing written: no events, an unknown event, an incident id already used."""
    _required(incident_id=incident_id, title=title, opened_by=opened_by)
    pks = _event_pks(store, site, event_ids)
    if get_incident(store, incident_id) is not None:
        raise EventError("incident %s exists already" % incident_id)
    opened_at = opened_at or utcnow_iso()
    row = {"incident_id": str(incident_id)[:64], "site": site, "title": str(title)[:512], "priority": priority,
           "status": "open", "opened_at": opened_at, "opened_by": opened_by, "summary": summary, "impact": impact,
           "follow_ups": "[]", "evidence": json.dumps(evidence or {}, sort_keys=True, default=str, ensure_ascii=False)}

    def work():
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            ipk = conn.execute(sa.insert(INCIDENTS).values(**row).returning(INCIDENTS.c.id)).scalar()
            conn.execute(sa.insert(INCIDENT_EVENTS), [{"incident_pk": ipk, "event_pk": pk} for pk in sorted(set(pks))])
            conn.execute(sa.insert(TIMELINE).values(incident_pk=ipk, at=opened_at, entry="opened", actor=opened_by,
                                                    text=title))
    _guard(store, work)
    return get_incident(store, incident_id)


def _incident_pk(store, incident_id):
    rows = _read(store, sa.select(INCIDENTS.c.id, INCIDENTS.c.status).where(INCIDENTS.c.incident_id == str(incident_id)))
    if not rows:
        raise EventError("unknown incident %s" % incident_id)
    return rows[0]


def add_timeline(store, incident_id, entry, actor, text, at=None):
    """Add a timeline entry (acknowledged, action, recovered, note, ...)."""
    if entry not in TIMELINE_ENTRIES:
        raise EventError("timeline entry %r, expected one of %s" % (entry, ", ".join(TIMELINE_ENTRIES)))
    pk = _incident_pk(store, incident_id)["id"]

    def work():
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            conn.execute(sa.insert(TIMELINE).values(incident_pk=pk, at=at or utcnow_iso(), entry=entry, actor=actor,
                                                    text=text))
    _guard(store, work)
    return get_incident(store, incident_id)


def close_incident(store, incident_id, actor, root_cause, follow_ups=(), at=None):
    """Close an incident with its root cause and follow-ups (a timeline `closed` entry)."""
    _required(actor=actor, root_cause=root_cause)
    found = _incident_pk(store, incident_id)
    if found["status"] == "closed":
        raise EventError("incident %s is closed already" % incident_id)
    at = at or utcnow_iso()

    def work():
        with store._write() as conn, conn.begin():  # pylint: disable=protected-access
            conn.execute(sa.update(INCIDENTS).where(INCIDENTS.c.id == found["id"]).values(
                status="closed", closed_at=at, root_cause=root_cause, follow_ups=json.dumps(list(follow_ups))))
            conn.execute(sa.insert(TIMELINE).values(incident_pk=found["id"], at=at, entry="closed", actor=actor,
                                                    text=root_cause))
    _guard(store, work)
    return get_incident(store, incident_id)


def _incident_dict(store, row):
    out = dict(row)
    pk = out.pop("id")
    for key, empty in (("follow_ups", []), ("evidence", {})):
        out[key] = json.loads(out[key]) if out.get(key) else empty
    links = _read(store, sa.select(INCIDENT_EVENTS.c.event_pk).where(INCIDENT_EVENTS.c.incident_pk == pk))
    rows = _read(store, sa.select(EVENTS).where(EVENTS.c.id.in_([r["event_pk"] for r in links])).order_by(
        EVENTS.c.alert_time, EVENTS.c.resource_id)) if links else []
    out["events"] = _attach(store, rows)
    timeline = _read(store, sa.select(TIMELINE.c.at, TIMELINE.c.entry, TIMELINE.c.actor, TIMELINE.c.text).where(
        TIMELINE.c.incident_pk == pk).order_by(TIMELINE.c.at, TIMELINE.c.id))
    out["timeline"] = timeline
    return out


def get_incident(store, incident_id):
    """An incident with its events (acks, resolutions) and timeline, or None."""
    rows = _read(store, sa.select(INCIDENTS).where(INCIDENTS.c.incident_id == str(incident_id)))
    return _incident_dict(store, rows[0]) if rows else None


def incidents_in(store, site, since=None, until=None):
    """The incidents opened in a period at a site, oldest first, each whole."""
    query = sa.select(INCIDENTS).where(INCIDENTS.c.site == site)
    if since:
        query = query.where(INCIDENTS.c.opened_at >= since)
    if until:
        query = query.where(INCIDENTS.c.opened_at < until)
    return [_incident_dict(store, r) for r in _read(store, query.order_by(INCIDENTS.c.opened_at))]


# -- the report callback's view ----------------------------------------------------------------------------------
class StoreContext(dict):
    """What Recorder.previous hands the `events` builder when the store is usable: an empty previous document that
    can merge this run's events and read the period back with acks (the reporting layer never imports the store)."""

    def __init__(self, store, site):
        dict.__init__(self)
        self.store = store
        self.site = site
        self.merged = None

    def merge_events(self, collected, recoveries, seen_at, run_id):
        self.merged = merge(self.store, self.site, collected, recoveries, seen_at, run_id)
        return self.merged

    def period_events(self, since, until):
        return events_in(self.store, self.site, since, until)


def merge_document(store, doc, site):
    """Merge an events report's events into the store when its build could not (the store was unusable then)."""
    if doc.get("kind") != "events" or (doc.get("store") or {}).get("used"):
        return None
    run = doc.get("run") or {}
    events = [e for e in doc.get("events") or () if isinstance(e, dict) and e.get("event_id")]
    seen = min((e.get("first_seen") for e in events if e.get("first_seen")), default=run.get("started"))
    return merge(store, site, events, doc.get("recoveries") or (), seen, run.get("id"))


def parse_time(text):
    """Our UTC text of an ISO 8601 time with a zone, or None."""
    import datetime  # pylint: disable=import-outside-toplevel
    try:
        when = datetime.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def note_incidents(store, site, event_id, entry, actor, text, at=None):
    """Add a timeline entry to every open incident the event belongs to (an ack or a resolution of one of its
    events is part of the incident's story); returns the incident ids."""
    rows = _read(store, sa.select(INCIDENTS.c.incident_id).select_from(
        INCIDENTS.join(INCIDENT_EVENTS, INCIDENT_EVENTS.c.incident_pk == INCIDENTS.c.id).join(
            EVENTS, INCIDENT_EVENTS.c.event_pk == EVENTS.c.id)).where(
        EVENTS.c.site == site, EVENTS.c.event_id == str(event_id), INCIDENTS.c.status == "open"))
    for row in rows:
        add_timeline(store, row["incident_id"], entry, actor, text, at)
    return [r["incident_id"] for r in rows]

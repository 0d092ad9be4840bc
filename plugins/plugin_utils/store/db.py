# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RunStore: the one interface to the run store, on SQLite or PostgreSQL (SQLAlchemy Core, Alembic schema).

    store = RunStore(dsn).open()          # connects, migrates an older schema, refuses a newer one
    store.record_run(doc, site, slice_id="")
    store.previous_run("inspection", site, run_id=..., started=...)
    store.runs(kind, site, since, until)  store.period_findings(...)  store.documents(...)  store.finding_history(uid)
    store.open_findings(kind, site)       store.get_run(run_id, kind)  store.purge(before)

A run is keyed by (run id, kind, slice id): recording it again replaces it (one transaction), so a retry, a
flushed pending record or two writers of the same run never leave two.  Every error is a StoreError whose text
never holds the DSN's password.  Events and acknowledgements get their own tables and methods here later.
"""

from __future__ import annotations

import json
import os
import zlib

try:
    import sqlalchemy as sa
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.pool import NullPool
    HAS_SQLALCHEMY = True
except ImportError:  # the controller requirements (requirements.txt) are missing
    HAS_SQLALCHEMY = False

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as dsns
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import extract
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
# The schema this code writes; every revision it knows, oldest first (a test keeps them equal to migrations/).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD = REVISIONS[-1]
BUSY_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 10
WRITE_ATTEMPTS = 3
PG_MIGRATION_LOCK = 0x636c6f7564  # pg_advisory_xact_lock key: one migrator at a time
RUN_COLUMNS = ("id", "run_id", "kind", "slice_id", "site", "started", "ended", "operator", "playbook", "status",
               "complete", "check_mode", "score", "open_findings", "endpoints", "summary", "report", "recorded")
FINDING_COLUMNS = ("run_pk", "uid", "check_id", "severity", "status", "platform", "host", "endpoint", "resource_type",
                   "resource_id", "resource_name", "first_seen", "verified")
CHANGE_COLUMNS = ("run_pk", "uid", "host", "action", "step_kind", "status", "record")
BACKUP_COLUMNS = ("run_pk", "host", "endpoint", "resource_type", "resource_id", "resource_name", "status", "rto_seconds")
CONFIG_COLUMNS = ("run_pk", "run_id", "site", "host", "kind", "sha256", "text", "captured_at")
# Columns a run listing returns (the report itself is loaded on demand).
LISTED = tuple(c for c in RUN_COLUMNS if c != "report")


def _table(name, columns):
    return sa.table(name, *(sa.column(c) for c in columns))


if HAS_SQLALCHEMY:
    RUNS = _table("runs", RUN_COLUMNS)
    FINDINGS = _table("findings", ("id",) + FINDING_COLUMNS)
    CHANGES = _table("change_records", ("id",) + CHANGE_COLUMNS)
    BACKUPS = _table("backup_results", ("id",) + BACKUP_COLUMNS)
    CONFIGS = _table("switch_configs", ("id",) + CONFIG_COLUMNS)
    CHILDREN = ((FINDINGS, extract.finding_rows), (CHANGES, extract.change_rows), (BACKUPS, extract.backup_rows),
                (CONFIGS, extract.switch_config_rows))


def pack(doc, text=None):
    """The stored form of a report: its JSON, zlib.  `text`: that JSON already serialized (report.json's bytes)."""
    if text is None:
        text = json.dumps(doc, ensure_ascii=False, default=str)
    return zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, 1)


def unpack(blob):
    return json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))


def describe(exc, dsn):
    """A StoreError message for a database error: what went wrong in words, the driver's text, no password."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    if "disk is full" in low or "no space left" in low or "disk i/o error" in low or "file too large" in low:
        what = "disk full or not writable"
    elif "password authentication failed" in low or "authentication" in low:
        what = "login refused"
    elif "connection refused" in low or "could not connect" in low or "timeout" in low or "unable to open" in low:
        what = "database unreachable"
    elif "does not exist" in low:
        what = "database missing"
    else:
        what = "database error"
    return dsns.scrub("run store %s: %s: %s" % (dsns.mask(dsn), what, text), dsn)


class RunStore(object):
    """Runs, their findings, change records and restore tests in one database."""

    def __init__(self, dsn, busy_timeout_s=BUSY_TIMEOUT_S, connect_timeout_s=CONNECT_TIMEOUT_S):
        self.dsn = dsn
        self.shown = dsns.mask(dsn)
        self.dialect = dsns.dialect(dsn)          # StoreError on a DSN of another kind
        self.busy_timeout_s = busy_timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.engine = None

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        self.close()

    # -- connecting ----------------------------------------------------------------------------
    def open(self, migrate=True):
        """Connect and bring the schema to HEAD (or only check it when `migrate` is false)."""
        if not HAS_SQLALCHEMY:
            raise StoreError("the run store needs sqlalchemy, alembic and psycopg (pip install -r requirements.txt)")
        url = dsns.sqlalchemy_url(self.dsn)
        try:
            if self.dialect == "sqlite":
                path = dsns.sqlite_path(self.dsn)
                if path:
                    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
                self.engine = sa.create_engine(url, poolclass=NullPool, connect_args={"timeout": self.busy_timeout_s})
                sa.event.listen(self.engine, "connect", self._sqlite_connect)
                sa.event.listen(self.engine, "begin", self._sqlite_begin)
            else:
                self.engine = sa.create_engine(url, poolclass=NullPool, connect_args={
                    "connect_timeout": self.connect_timeout_s, "application_name": "cloudops.privatecloud"})
            if migrate:
                self.migrate()
            else:
                self.check_schema()
        except StoreError:
            self.close()
            raise
        except Exception as exc:  # pylint: disable=broad-except
            self.close()
            raise StoreError(describe(exc, self.dsn)) from None
        return self

    def _sqlite_connect(self, dbapi_conn, _record):
        # Transactions are ours (BEGIN below), WAL lets readers work beside the one writer.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = %d" % int(self.busy_timeout_s * 1000))
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @staticmethod
    def _sqlite_begin(conn):
        # A writer takes the write lock at BEGIN: two writers queue on the busy timeout instead of one
        # failing when its read lock cannot be upgraded.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("cloudops_write") else "BEGIN")

    def close(self):
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def _write(self):
        return self.engine.connect().execution_options(cloudops_write=True)

    # -- schema --------------------------------------------------------------------------------
    @staticmethod
    def _version(conn):
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def _known(self, version):
        if version is not None and version not in REVISIONS:
            raise StoreError("run store %s: its schema version %s is newer than this code knows (up to %s): upgrade "
                             "the collection (or point it at another store)" % (self.shown, version, HEAD))
        return version

    def schema_version(self):
        with self.engine.connect() as conn:
            return self._version(conn)

    def check_schema(self):
        return self._known(self.schema_version())

    def migrate(self, revision="head"):
        """Upgrade to `revision` (default HEAD) under the migration lock; a newer schema is refused."""
        with self._write() as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
            current = self._known(self._version(conn))
            target = HEAD if revision == "head" else revision
            if current is not None and REVISIONS.index(current) >= REVISIONS.index(target):
                return current
            # pylint: disable=import-outside-toplevel
            from alembic import command
            from alembic.config import Config

            cfg = Config()
            cfg.set_main_option("script_location", MIGRATIONS)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            return target

    # -- writing -------------------------------------------------------------------------------
    def record_run(self, doc, site, slice_id="", report_json=None):
        """Record (or replace) one run with its findings, change records and restore tests; returns its row id.

        `report_json`: the document as already serialized (the written report.json), not serialized again.
        """
        row = extract.run_row(doc, site, slice_id)
        row.update(report=pack(doc, report_json), recorded=utcnow_iso())
        children = [(table, [dict(r, **extract.run_keys(table.name, row)) for r in rows(doc)]) for table, rows in CHILDREN]
        last = None
        for _attempt in range(WRITE_ATTEMPTS):
            try:
                return self._replace(row, children)
            except sa_exc.IntegrityError as exc:
                last = exc        # another writer inserted the same run between our read and insert: replace it
            except sa_exc.SQLAlchemyError as exc:
                raise StoreError(describe(exc, self.dsn)) from None
        raise StoreError(describe(last, self.dsn))

    def _replace(self, row, children):
        key = (RUNS.c.run_id == row["run_id"]) & (RUNS.c.kind == row["kind"]) & (RUNS.c.slice_id == row["slice_id"])
        with self._write() as conn, conn.begin():
            pk = conn.execute(sa.select(RUNS.c.id).where(key)).scalar()
            if pk is None:
                pk = conn.execute(sa.insert(RUNS).values(**row).returning(RUNS.c.id)).scalar()
            else:
                conn.execute(sa.update(RUNS).where(RUNS.c.id == pk).values(**row))
                for table, _rows in children:
                    conn.execute(sa.delete(table).where(table.c.run_pk == pk))
            for table, rows in children:
                if rows:
                    conn.execute(sa.insert(table), [dict(r, run_pk=pk) for r in rows])
            return pk

    def purge(self, before, site=None, kind=None):
        """Delete the runs started before `before` (ISO time); returns how many."""
        where = self._where(kind, site, None, None) + [RUNS.c.started < before]
        with self._write() as conn, conn.begin():
            pks = [r[0] for r in conn.execute(sa.select(RUNS.c.id).where(*where))]
            for start in range(0, len(pks), 500):
                chunk = pks[start:start + 500]
                for table, _rows in CHILDREN:
                    conn.execute(sa.delete(table).where(table.c.run_pk.in_(chunk)))
                conn.execute(sa.delete(RUNS).where(RUNS.c.id.in_(chunk)))
            return len(pks)

    # -- reading -------------------------------------------------------------------------------
    def _read(self, query):
        try:
            with self.engine.connect() as conn:
                return [dict(r._mapping) for r in conn.execute(query)]
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(describe(exc, self.dsn)) from None

    @staticmethod
    def _where(kind, site, since, until):
        where = []
        for column, value in ((RUNS.c.kind, kind), (RUNS.c.site, site)):
            if value is not None:
                where.append(column == value)
        if since:
            where.append(RUNS.c.started >= since)
        if until:
            where.append(RUNS.c.started < until)
        return where

    def runs(self, kind=None, site=None, since=None, until=None, limit=None):
        """Run rows (no report), newest first; `since` <= started < `until` (ISO times)."""
        query = sa.select(*(RUNS.c[c] for c in LISTED)).where(*self._where(kind, site, since, until))
        query = query.order_by(RUNS.c.started.desc(), RUNS.c.id.desc())
        return self._read(query.limit(limit) if limit else query)

    def documents(self, kind=None, site=None, since=None, until=None):
        """The report documents of a period, oldest first, one at a time (a scale run's document is large)."""
        query = sa.select(RUNS.c.id).where(*self._where(kind, site, since, until)).order_by(RUNS.c.started, RUNS.c.id)
        for row in self._read(query):
            blob = self._read(sa.select(RUNS.c.report).where(RUNS.c.id == row["id"]))
            if blob:
                yield unpack(blob[0]["report"])

    def period_findings(self, kind, site, since=None, until=None, statuses=("FAIL",)):
        """The findings (FAIL by default) of every run of a period at a site, with their run: what a weekly or
        monthly report reads for trends and first-seen dates without loading the report documents."""
        columns = [RUNS.c.run_id, RUNS.c.slice_id, RUNS.c.started] + [FINDINGS.c[c] for c in FINDING_COLUMNS if c != "run_pk"]
        query = sa.select(*columns).select_from(FINDINGS.join(RUNS, FINDINGS.c.run_pk == RUNS.c.id))
        query = query.where(*self._where(kind, site, since, until)).where(FINDINGS.c.status.in_(statuses))
        return self._read(query.order_by(RUNS.c.started, RUNS.c.id, FINDINGS.c.uid))

    def get_run(self, run_id, kind=None, slice_id=None):
        """The report document of a run (its first slice unless `slice_id`), or None."""
        query = sa.select(RUNS.c.report).where(RUNS.c.run_id == run_id, *self._where(kind, None, None, None))
        if slice_id is not None:
            query = query.where(RUNS.c.slice_id == slice_id)
        rows = self._read(query.order_by(RUNS.c.slice_id).limit(1))
        return unpack(rows[0]["report"]) if rows else None

    def previous_run(self, kind, site, run_id=None, started=None, slice_id=""):
        """The newest other run of `kind` at `site` (same slice) that started no later than `started`, or None.

        Its document is the last verified state per endpoint and check even when that run was interrupted, limited
        or lost a dataset: what it did not verify it carries (`carried`, reporting/delta.py) with the status and run
        of the last verification, so the newest run is the merge of the last runs that verified each part.
        """
        query = sa.select(RUNS.c.report).where(*self._where(kind, site, None, None)).where(RUNS.c.slice_id == (slice_id or ""))
        if run_id:
            query = query.where(RUNS.c.run_id != run_id)
        if started:
            query = query.where(RUNS.c.started <= started)
        rows = self._read(query.order_by(RUNS.c.started.desc(), RUNS.c.id.desc()).limit(1))
        return unpack(rows[0]["report"]) if rows else None

    def finding_history(self, uid, site=None):
        """Every run (at `site`) a finding was not PASS in, oldest first: run id, kind, site, started, status, severity,
        first seen, and whether that run verified it (false: carried with its last verified status)."""
        query = sa.select(RUNS.c.run_id, RUNS.c.kind, RUNS.c.site, RUNS.c.started, FINDINGS.c.status, FINDINGS.c.severity,
                          FINDINGS.c.first_seen, FINDINGS.c.host, FINDINGS.c.resource_name, FINDINGS.c.verified)
        query = query.select_from(FINDINGS.join(RUNS, FINDINGS.c.run_pk == RUNS.c.id)).where(FINDINGS.c.uid == uid)
        if site is not None:
            query = query.where(RUNS.c.site == site)
        return self._read(query.order_by(RUNS.c.started, RUNS.c.id))

    def open_findings(self, kind, site):
        """The open (FAIL) findings of the newest run of `kind` at `site`, every slice of it (`verified` false: not looked
        at again by that run, open when last verified)."""
        latest = self.runs(kind, site, limit=1)
        if not latest:
            return []
        columns = [FINDINGS.c[c] for c in FINDING_COLUMNS if c != "run_pk"] + [RUNS.c.slice_id]
        query = sa.select(*columns).select_from(FINDINGS.join(RUNS, FINDINGS.c.run_pk == RUNS.c.id))
        query = query.where(RUNS.c.run_id == latest[0]["run_id"], RUNS.c.kind == kind, FINDINGS.c.status == "FAIL")
        return self._read(query.order_by(FINDINGS.c.uid))

    def latest_switch_config(self, site, host, kind="running", exclude_run_id=None):
        """The newest stored configuration of switch `host` at `site`: {run_id, sha256, text, captured_at}, or None."""
        query = sa.select(CONFIGS.c.run_id, CONFIGS.c.sha256, CONFIGS.c.text, CONFIGS.c.captured_at)
        query = query.where(CONFIGS.c.site == site, CONFIGS.c.host == host, CONFIGS.c.kind == kind)
        if exclude_run_id:
            query = query.where(CONFIGS.c.run_id != exclude_run_id)
        rows = self._read(query.order_by(CONFIGS.c.captured_at.desc(), CONFIGS.c.id.desc()).limit(1))
        return rows[0] if rows else None

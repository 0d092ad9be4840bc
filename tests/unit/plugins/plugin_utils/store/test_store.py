# -*- coding: utf-8 -*-
"""The run store against a real SQLite file and a real PostgreSQL server (tests/conftest.py starts it)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import db, dsn as dsns, recorder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError

from .. import change_synthetic as cs
from ..reporting.synthetic import build_backup_doc, inspection_result
from ..test_change_model import HOST as CHANGE_HOST, build as build_change

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 5))
SECRET = "pg-Secret-4711"


def run_id(day, suffix="a0a0a0"):
    return "202612%02dT060000Z-%s" % (day, suffix)


def inspection_doc(day, previous=None, seed=1, suffix="a0a0a0", n=40):
    b = kinds.make_builder("inspection")
    b.add_result("zs-a", inspection_result(n=n, seed=seed))
    b.add_result("ap-a", inspection_result(endpoint="https://ap.example", platform="apsara", n=n // 2, seed=seed + 1))
    return b.build({"id": run_id(day, suffix), "started": "2026-12-%02dT06:00:00Z" % day, "playbook": "inspect.yml",
                    "operator": "alice"}, previous)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_dsn(request, tmp_path):
    if request.param == "sqlite":
        return "sqlite:///%s" % (tmp_path / "reports" / "store.sqlite3")
    return request.getfixturevalue("pg_dsn")


@pytest.fixture
def store(store_dsn):
    with RunStore(store_dsn) as s:
        yield s


# -- DSNs and passwords -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, shown", [
    ("postgresql://ops:s3cr%40t@db:5432/runs", "postgresql://ops:***@db:5432/runs"),
    ("postgres://ops:pw@db/runs?sslmode=require", "postgres://ops:***@db/runs?sslmode=require"),
    ("host=db user=ops password='p w' dbname=runs", "host=db user=ops password=*** dbname=runs"),
    ("postgresql://db/runs?user=ops&password=pw", "postgresql://db/runs?user=ops&password=***"),
    ("sqlite:////var/reports/store.sqlite3", "sqlite:////var/reports/store.sqlite3"),
])
def test_a_dsn_is_shown_without_its_password(text, shown):
    assert dsns.mask(text) == shown


def test_dsn_order_option_env_default(monkeypatch, tmp_path):
    monkeypatch.delenv(dsns.DSN_ENV, raising=False)
    assert dsns.resolve(None, str(tmp_path)) == "sqlite:///%s/store.sqlite3" % tmp_path
    monkeypatch.setenv(dsns.DSN_ENV, "postgresql://a:b@h/d")
    assert dsns.resolve("", str(tmp_path)) == "postgresql://a:b@h/d"
    assert dsns.resolve("sqlite:///x.db", str(tmp_path)) == "sqlite:///x.db"


@pytest.mark.parametrize("bad", ["mysql://u:%s@h/d" % SECRET, "postgresql:%s@h" % SECRET, "", "just-a-name"])
def test_a_wrong_dsn_is_a_clear_error_without_the_password(bad):
    with pytest.raises(StoreError) as err:
        RunStore(bad).open()
    assert "expected sqlite:///<path> or postgresql://" in str(err.value) and SECRET not in str(err.value)


def test_a_database_that_is_down_is_a_clear_error(postgres_server):
    import socket  # pylint: disable=import-outside-toplevel

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]           # nothing listens here once closed
    with pytest.raises(StoreError) as err:
        RunStore("postgresql://ops:%s@127.0.0.1:%d/runs" % (SECRET, port), connect_timeout_s=3).open()
    assert "database unreachable" in str(err.value) and SECRET not in str(err.value), err.value
    assert "postgresql://ops:***@127.0.0.1:%d/runs" % port in str(err.value)


def test_a_wrong_password_is_refused_and_never_shown(postgres_server):
    wrong = postgres_server.dsn(password="Wrong-" + SECRET)
    with pytest.raises(StoreError) as err:
        RunStore(wrong).open()
    assert "login refused" in str(err.value) and SECRET not in str(err.value), err.value


# -- recording and reading ----------------------------------------------------------------------------------------
def test_record_and_query_runs(store):
    first = inspection_doc(1)
    store.record_run(first, "acme")
    second = inspection_doc(2, previous=store.previous_run("inspection", "acme", run_id=run_id(2), started="2026-12-02T06:00:00Z"))
    assert second["delta"]["previous_run_id"] == run_id(1)
    store.record_run(second, "acme")
    store.record_run(second, "acme")                         # again: replaced, never two
    store.record_run(inspection_doc(3, suffix="b1b1b1"), "other-site")
    assert [r["run_id"] for r in store.runs("inspection", "acme")] == [run_id(2), run_id(1)]
    assert [r["run_id"] for r in store.runs(site="acme", since="2026-12-02T00:00:00Z")] == [run_id(2)]
    assert store.runs(until="2026-12-01T00:00:00Z") == []
    assert [d["run"]["id"] for d in store.documents("inspection", "acme")] == [run_id(1), run_id(2)]
    month = store.period_findings("inspection", "acme", "2026-12-01", "2027-01-01")
    assert len(month) == sum(1 for d in (first, second) for f in d["findings"] if f["status"] == "FAIL")
    assert {f["run_id"] for f in month} == {run_id(1), run_id(2)}
    assert store.get_run(run_id(2), "inspection") == json.loads(json.dumps(second))
    assert store.previous_run("inspection", "acme", run_id=run_id(2), started="2026-12-02T06:00:00Z")["run"]["id"] == run_id(1)
    assert store.previous_run("inspection", "nowhere") is None
    row = store.runs("inspection", "acme")[0]
    assert row["status"] == "complete" and row["open_findings"] == second["summary"]["by_status"]["FAIL"]
    assert json.loads(row["summary"]) == kinds.get("inspection").index_entry(second)
    assert {e["name"] for e in json.loads(row["endpoints"])} == {"zs-a", "ap-a"}
    open_now = store.open_findings("inspection", "acme")
    assert sorted(f["uid"] for f in open_now) == sorted(f["uid"] for f in second["findings"] if f["status"] == "FAIL")
    uid = open_now[0]["uid"]
    history = store.finding_history(uid, site="acme")
    assert [h["run_id"] for h in history] == [run_id(1), run_id(2)]
    # first_seen comes from the previous run in the store
    assert {h["first_seen"] for h in history} == {"2026-12-01T06:00:00Z"}
    assert store.purge("2026-12-02T00:00:00Z", site="acme") == 1
    assert [r["run_id"] for r in store.runs("inspection", "acme")] == [run_id(2)]
    assert store.finding_history(uid, site="acme")[0]["run_id"] == run_id(2)
    assert len(store.finding_history(uid)) == 2          # every site


def test_change_records_and_restore_tests_are_kept(store):
    change = build_change(lambda b: b.add_result(CHANGE_HOST, cs.apply_result()))
    store.record_run(change, "acme")
    backup = build_backup_doc()
    store.record_run(backup, "acme")
    rows = store._read(db.sa.select(db.CHANGES.c.uid, db.CHANGES.c.status))      # pylint: disable=protected-access
    assert len(rows) == sum(len(t["steps"]) for t in change["targets"]) and rows
    tests = store._read(db.sa.select(db.BACKUPS.c.status, db.BACKUPS.c.rto_seconds))  # pylint: disable=protected-access
    assert len(tests) == sum(len(e.get("restore_tests") or ()) for e in backup["endpoints"]) and tests
    assert store.runs("change")[0]["status"] == change["outcome"]["status"]


def test_the_written_report_json_is_stored_as_it_is(store, tmp_path):
    doc = inspection_doc(6)
    written = output.write_report(doc, str(tmp_path / "r"), "en", ["json"])
    rec = recorder.Recorder(store.dsn, str(tmp_path / "r"), print)
    rec.store = store
    assert rec.record(doc, "acme", json_path=written["json"]) is True
    assert store.get_run(run_id(6)) == json.loads(open(written["json"], encoding="utf-8").read())


def test_slices_of_one_run_are_parts_of_it(store):
    doc = inspection_doc(4)
    store.record_run(doc, "acme", slice_id="1")
    store.record_run(doc, "acme", slice_id="2")
    store.record_run(doc, "acme", slice_id="2")
    assert sorted(r["slice_id"] for r in store.runs("inspection", "acme")) == ["1", "2"]
    assert store.previous_run("inspection", "acme", run_id="x", slice_id="2")["run"]["id"] == run_id(4)


# -- schema -------------------------------------------------------------------------------------------------
def test_the_revisions_are_the_migrations():
    from alembic.config import Config  # pylint: disable=import-outside-toplevel
    from alembic.script import ScriptDirectory  # pylint: disable=import-outside-toplevel

    cfg = Config()
    cfg.set_main_option("script_location", db.MIGRATIONS)
    script = ScriptDirectory.from_config(cfg)
    assert script.get_heads() == [db.HEAD]
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(db.REVISIONS)


def test_migrations_from_empty_and_from_the_previous_version(store_dsn):
    old = RunStore(store_dsn)
    old.open(migrate=False)
    assert old.schema_version() is None
    old.migrate("0001")
    assert old.schema_version() == "0001"
    with old.engine.begin() as conn:     # a run written by the previous schema's code
        conn.execute(db.sa.insert(db.RUNS).values(**dict(
            db.extract.run_row(inspection_doc(5), "acme"), report=db.pack(inspection_doc(5)), recorded="2026-12-05T07:00:00Z")))
    old.close()
    with RunStore(store_dsn) as new:
        assert new.schema_version() == db.HEAD
        assert new.get_run(run_id(5))["run"]["id"] == run_id(5)
        new.record_run(build_change(lambda b: b.add_result(CHANGE_HOST, cs.apply_result())), "acme")
        assert len(new.runs()) == 2


def limited_doc(day, previous, hosts=("zs-a", "ap-a")):
    """inspection_doc's run with only `hosts` in it (ansible-playbook --limit)."""
    b = kinds.make_builder("inspection")
    if "zs-a" in hosts:
        b.add_result("zs-a", inspection_result(n=40, seed=1))
    if "ap-a" in hosts:
        b.add_result("ap-a", inspection_result(endpoint="https://ap.example", platform="apsara", n=20, seed=2))
    return b.build({"id": run_id(day), "started": "2026-12-%02dT06:00:00Z" % day}, previous)


def test_a_limited_run_carries_what_it_did_not_verify_and_the_next_run_compares_with_the_last_verified_state(store):
    def previous(day):
        return store.previous_run("inspection", "acme", run_id=run_id(day), started="2026-12-%02dT06:00:00Z" % day)

    first = inspection_doc(1)
    store.record_run(first, "acme")
    limited = limited_doc(2, previous(2), hosts=("zs-a",))
    store.record_run(limited, "acme")
    ap_open = sorted(f["uid"] for f in first["findings"] if f["host"] == "ap-a" and f["status"] == "FAIL")
    assert ap_open and sorted(u["uid"] for u in limited["delta"]["unverified"]) == ap_open
    assert not any(r["host"] == "ap-a" for r in limited["delta"]["resolved"])
    # the store keeps them as the limited run's open findings, not verified by it
    rows = dict((f["uid"], f) for f in store.open_findings("inspection", "acme"))
    assert {rows[u]["verified"] for u in ap_open} == {False}
    assert {rows[u]["first_seen"] for u in ap_open} == {"2026-12-01T06:00:00Z"}
    assert [h["verified"] for h in store.finding_history(ap_open[0], site="acme")] == [True, False]
    full = limited_doc(3, previous(3))
    assert full["delta"]["previous_run_id"] == run_id(2)
    assert set(ap_open) <= set(full["delta"]["persisting"]) and not set(ap_open) & set(full["delta"]["new"])
    assert {f["first_seen"] for f in full["findings"] if f["uid"] in ap_open} == {"2026-12-01T06:00:00Z"}
    store.record_run(full, "acme")
    assert [h["verified"] for h in store.finding_history(ap_open[0], site="acme")] == [True, False, True]


def test_a_run_with_collection_errors_is_stored_with_its_status(store):
    b = kinds.make_builder("inspection")
    res = inspection_result(n=20)
    res["collection"] = {"api_calls": 1, "seconds": 0.1, "errors": {"primary_storages": "HTTP 503"}}
    b.add_result("zs-a", res)
    store.record_run(b.build({"id": run_id(9), "started": "2026-12-09T06:00:00Z"}), "acme")
    row = store.runs("inspection", "acme")[0]
    assert row["status"] == "complete_with_collection_errors" and row["complete"]


def test_migration_0003_from_0002_keeps_the_findings_verified(store_dsn):
    old = RunStore(store_dsn)
    old.open(migrate=False)
    old.migrate("0002")
    assert old.schema_version() == "0002"
    doc = inspection_doc(5)
    columns_0002 = [c for c in db.FINDING_COLUMNS if c != "verified"]
    with old.engine.begin() as conn:     # a run and its findings as the 0002 code wrote them
        pk = conn.execute(db.sa.insert(db.RUNS).values(**dict(
            db.extract.run_row(doc, "acme"), report=db.pack(doc), recorded="2026-12-05T07:00:00Z")).returning(db.RUNS.c.id)).scalar()
        rows = [dict((k, v) for k, v in r.items() if k in columns_0002) for r in db.extract.finding_rows(doc)]
        conn.execute(db.sa.insert(db.sa.table("findings", *(db.sa.column(c) for c in columns_0002))),
                     [dict(r, run_pk=pk) for r in rows])
    old.close()
    with RunStore(store_dsn) as new:
        assert new.schema_version() == db.HEAD
        open_now = new.open_findings("inspection", "acme")
        assert open_now and {f["verified"] for f in open_now} == {True}
        new.record_run(limited_doc(6, new.previous_run("inspection", "acme", run_id=run_id(6))), "acme")
        assert len(new.runs()) == 2


def test_a_schema_newer_than_the_code_is_refused(store):
    with store.engine.begin() as conn:
        conn.execute(db.sa.text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreError) as err:
        RunStore(store.dsn).open()
    assert "schema version 0099 is newer than this code knows (up to %s)" % db.HEAD in str(err.value)
    assert SECRET not in str(err.value)


# -- real failures: disk full, concurrency -------------------------------------------------------------------------
WRITER = textwrap.dedent('''\
    import json, os, resource, signal, sys, time
    sys.path.insert(0, %(root)r)
    from tools.collection_path import ensure_importable
    ensure_importable()
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError
    dsn, docs_file, start_at, limit = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    with open(docs_file) as fh:
        docs = json.load(fh)
    store = RunStore(dsn).open()
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)     # a write past the limit fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    while time.time() < start_at:
        time.sleep(0.001)
    try:
        for doc in docs:
            store.record_run(doc, "acme", doc.get("slice", ""))
    except StoreError as exc:
        print("STORE-ERROR " + str(exc))
        sys.exit(3)
    print("OK %%d" %% len(docs))
''')


def writer(tmp_path, name, dsn, docs, start_at, limit=0):
    script = tmp_path / "writer.py"
    script.write_text(WRITER % {"root": ROOT})
    docs_file = tmp_path / ("%s.json" % name)
    docs_file.write_text(json.dumps(docs))
    return subprocess.Popen([sys.executable, str(script), dsn, str(docs_file), str(start_at), str(limit)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_disk_full_is_a_clear_error_and_the_store_stays_whole(tmp_path):
    path = tmp_path / "store.sqlite3"
    dsn = "sqlite:///%s" % path
    with RunStore(dsn) as s:
        s.record_run(inspection_doc(1), "acme")
    size = max(os.path.getsize(str(path)), os.path.getsize(str(path) + "-wal") if os.path.exists(str(path) + "-wal") else 0)
    big = [inspection_doc(2, n=3000, seed=7)]
    proc = writer(tmp_path, "big", dsn, big, 0, limit=size + 8192)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, out + err
    # the file size limit is EFBIG to SQLite (disk I/O error); ENOSPC is "database or disk is full": both read so
    assert "disk full or not writable: disk I/O error" in out, out
    with RunStore(dsn) as s:
        assert [r["run_id"] for r in s.runs()] == [run_id(1)]      # the failed run left nothing half-written


def test_two_writers_at_the_same_moment_lose_and_duplicate_nothing(store_dsn, tmp_path):
    RunStore(store_dsn).open().close()
    shared = inspection_doc(9, suffix="5a5a5a")
    mine = [dict(inspection_doc(10 + i, suffix="aaaa%02d" % i, n=20), slice="") for i in range(8)]
    theirs = [dict(inspection_doc(10 + i, suffix="bbbb%02d" % i, n=20), slice="") for i in range(8)]
    start_at = time.time() + 2.0
    procs = [writer(tmp_path / "", "w1", store_dsn, [shared] + mine, start_at),
             writer(tmp_path / "", "w2", store_dsn, [shared] + theirs, start_at)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with RunStore(store_dsn) as s:
        ids = [r["run_id"] for r in s.runs("inspection", "acme")]
    assert sorted(ids) == sorted(set([shared["run"]["id"]] + [d["run"]["id"] for d in mine + theirs]))
    assert len(ids) == 17


def test_two_runs_migrating_an_empty_database_at_once(store_dsn, tmp_path):
    start_at = time.time() + 2.0
    procs = [writer(tmp_path, "m%d" % i, store_dsn, [inspection_doc(20 + i, suffix="cccc%02d" % i, n=10)], start_at) for i in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with RunStore(store_dsn) as s:
        assert s.schema_version() == db.HEAD and len(s.runs()) == 2


# -- the recorder: the store down, the records pending, flushed by the next run ---------------------------------------
def test_an_unusable_store_keeps_the_records_for_the_next_run(tmp_path, store_dsn):
    reports = str(tmp_path / "reports")
    said = []
    first = inspection_doc(1)
    output.write_report(first, reports, "en", ["json"])
    down = recorder.Recorder("postgresql://ops:%s@127.0.0.1:9/runs" % SECRET, reports, said.append)
    assert down.open() is False
    assert down.previous("inspection", "acme", run_id(2), "2026-12-02T06:00:00Z")["run"]["id"] == run_id(1)  # folders
    second = inspection_doc(2)
    assert down.record(second, "acme") is False
    assert len(recorder.pending_files(reports)) == 1
    assert said and all(SECRET not in s for s in said) and any("kept in" in s for s in said), said
    up = recorder.Recorder(store_dsn, reports, said.append)
    assert up.open() is True and up.flushed == 1
    assert recorder.pending_files(reports) == []
    assert [r["run_id"] for r in up.store.runs()] == [run_id(2)]
    up.close()


def test_site_names():
    said = []
    assert recorder.site_name(" acme ", said.append) == "acme" and not said
    assert recorder.site_name(None, said.append) == "default" and "cloudops_site" in said[0]
    assert recorder.inventory_site([os.path.join(ROOT, "inventories", "lab")]) == "lab"
    assert recorder.inventory_site([os.path.join(ROOT, "inventories", "example")]) == "example-customer"


# -- tools/run_change.py: a report rebuilt from job events is recorded too -------------------------------------------
def test_run_change_records_a_rebuilt_report(tmp_path, monkeypatch):
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import run_change  # pylint: disable=import-outside-toplevel,import-error

    monkeypatch.delenv(dsns.DSN_ENV, raising=False)
    monkeypatch.delenv("CLOUDOPS_SITE", raising=False)
    said = []
    reports = str(tmp_path / "reports")

    def rebuilt(rid, started):
        change_run = run_change.ChangeRun.__new__(run_change.ChangeRun)
        change_run.reports_dir, change_run.inventories = reports, [os.path.join(ROOT, "inventories", "lab")]
        change_run.run_id, change_run.started = rid, started
        change_run.args = type("Args", (), {"language": "en"})()
        change_run.progress = type("Progress", (), {"say": staticmethod(said.append)})()
        run = {"id": rid, "started": started, "playbook": "change_vpc.yml", "operator": "bob",
               "incomplete_reasons": ["killed by job_timeout after 30 s"], "notes": []}
        return change_run.rebuild([], run)[0]

    rebuilt(run_id(1, "c0c0c0"), "2026-12-01T06:00:00Z")
    second = rebuilt(run_id(2, "c1c1c1"), "2026-12-02T06:00:00Z")
    with RunStore(dsns.default_dsn(reports)) as s:
        rows = s.runs("change", "lab")
        assert [r["run_id"] for r in rows] == [run_id(2, "c1c1c1"), run_id(1, "c0c0c0")] and rows[0]["status"] == "incomplete"
        assert s.get_run(run_id(2, "c1c1c1"), "change") == json.loads(json.dumps(second))
    assert not said, said          # the lab inventory names its site; the store was reachable

"""The run store under real ansible-playbook runs against the lab: SQLite by default, a real PostgreSQL, two
runs writing at once, and a store that cannot be reached (docs/store.md)."""

import json
import os
import socket
import subprocess
import sys
import time

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STORE_TOOL = os.path.join(ROOT, "tools", "store.py")
PASSWORD = "pg-Secret-4711"          # tests/conftest.py's PostgreSQL password


def inspect(runner, env, site_var=True):
    args = ["-e", "cloudops_site=acme"] if site_var else []
    proc = runner.playbook("playbooks/inspect.yml", *args, extra_env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def latest(runner):
    with open(os.path.join(str(runner.reports), "inspection", "latest", "report.json")) as fh:
        return json.load(fh)


def all_output(runner, *procs):
    chunks = [p.stdout + p.stderr for p in procs]
    for base, _dirs, files in os.walk(str(runner.reports)):
        for name in files:
            with open(os.path.join(base, name), "rb") as fh:
                chunks.append(fh.read().decode("utf-8", "replace"))
    return "\n".join(chunks)


def tool(runner, *args, env=None):
    cmd = [sys.executable, STORE_TOOL, "--reports", str(runner.reports)] + list(args)
    return subprocess.run(cmd, cwd=ROOT, env=runner.env(env), capture_output=True, text=True, timeout=120, check=False)


def test_sqlite_by_default_the_delta_comes_from_the_store(runner):
    # the site as an inventory names it: group_vars/all.yml beside the inventory
    (runner.tmp / "group_vars").mkdir(parents=True)
    (runner.tmp / "group_vars" / "all.yml").write_text("cloudops_site: acme\n")
    proc = inspect(runner, {}, site_var=False)
    assert "no site named" not in proc.stdout + proc.stderr
    first = latest(runner)
    store_file = runner.reports / "store.sqlite3"
    assert store_file.is_file()
    # Without the first run's folder and index, only the store knows it.
    kind_dir = runner.reports / "inspection"
    for name in ("latest", "index.json"):
        os.unlink(str(kind_dir / name))
    os.rename(str(kind_dir / first["run"]["id"]), str(runner.tmp / "moved-away"))
    proc = inspect(runner, {})
    second = latest(runner)
    assert second["delta"]["previous_run_id"] == first["run"]["id"], second["delta"]
    assert second["delta"]["persisting"] and not second["delta"]["new"]
    opened = [f for f in second["findings"] if f["status"] == "FAIL"]
    assert opened and all(f["first_seen"] == first["run"]["started"] for f in opened)
    assert "score" in proc.stdout
    with RunStore("sqlite:///%s" % store_file) as store:
        rows = store.runs("inspection", "acme")
        assert [r["run_id"] for r in rows] == [second["run"]["id"], first["run"]["id"]]
        assert {json.loads(r["endpoints"])[0]["platform"] for r in rows} <= {"zstack", "apsara"}

    listed = tool(runner, "list", "--kind", "inspection")
    assert listed.returncode == 0 and first["run"]["id"] in listed.stdout and "acme" in listed.stdout, listed.stderr
    again = tool(runner, "import", "--site", "acme")           # idempotent: still two runs
    assert again.returncode == 0 and "imported 1 run(s)" in again.stdout, again.stdout + again.stderr
    assert len(tool(runner, "list", "--json").stdout.splitlines()) == 2
    exported = tool(runner, "export", first["run"]["id"])
    assert exported.returncode == 0 and json.loads(exported.stdout) == first
    out = runner.tmp / "rendered"
    rendered = tool(runner, "render", first["run"]["id"], "--out", str(out), "--language", "zh_CN")
    assert rendered.returncode == 0, rendered.stderr
    assert "巡检报告" in (out / "report.html").read_text(encoding="utf-8") and (out / "junit.xml").is_file()
    assert tool(runner, "export", "20000101T000000Z-000000").returncode == 1
    purged = tool(runner, "purge", "--older-than", "0")
    assert purged.returncode == 0 and "purged 2 run(s)" in purged.stdout


def test_postgresql_two_runs_at_once_and_the_delta(runner, pg_dsn):
    env = {"CLOUDOPS_STORE_DSN": pg_dsn}
    inspect(runner, env)
    first = latest(runner)
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(runner.inventory),
           "playbooks/inspect.yml", "-e", "cloudops_site=acme"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=runner.env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _attempt in range(2)]
    done = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], done
    assert not (runner.reports / "store.sqlite3").exists()
    with RunStore(pg_dsn) as store:
        rows = store.runs("inspection", "acme")
        assert len(rows) == 3 and len(set(r["run_id"] for r in rows)) == 3
        later = [store.get_run(r["run_id"]) for r in rows if r["run_id"] != first["run"]["id"]]
    ids = set(r["run_id"] for r in rows)
    for doc in later:
        # the first run, or the other one of the pair when that one finished (and was recorded) first
        assert doc["delta"]["previous_run_id"] in ids - {doc["run"]["id"]}, doc["delta"]
        assert doc["delta"]["persisting"]
    assert PASSWORD not in "\n".join(out + err for out, err in done)


def test_an_unreachable_store_keeps_the_files_and_the_records(runner, postgres_server, pg_dsn):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = "postgresql://postgres:%s@127.0.0.1:%d/runs" % (PASSWORD, port)
    proc = inspect(runner, {"CLOUDOPS_STORE_DSN": down})
    doc = latest(runner)
    assert (runner.reports / "inspection" / doc["run"]["id"] / "report.html").is_file()
    assert "run store unusable" in proc.stdout + proc.stderr and "database unreachable" in proc.stdout + proc.stderr
    pending = list((runner.reports / ".store-pending").iterdir())
    assert len(pending) == 1
    assert PASSWORD not in all_output(runner, proc)
    time.sleep(1)                                 # the next run id must sort after
    again = inspect(runner, {"CLOUDOPS_STORE_DSN": pg_dsn})
    assert "1 pending run record(s) written to the run store" in again.stdout
    assert not list((runner.reports / ".store-pending").iterdir())
    with RunStore(pg_dsn) as store:
        assert [r["run_id"] for r in store.runs("inspection", "acme")] == [latest(runner)["run"]["id"], doc["run"]["id"]]
    assert latest(runner)["delta"]["previous_run_id"] == doc["run"]["id"]
    assert postgres_server.port != port

"""Switch configurations in the run store (schema 0006): the module's masked configurations are stored with the run,
the switch_previous_config lookup reads the newest one back, and switch_inspect compares with it when the backup
folder is gone (an AWX container).  SQLite and a real PostgreSQL, the lab switches over SSH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import db
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore

from ...module_utils.switch.conftest import make_client, own_switches  # noqa: F401  pylint: disable=unused-import
from ...modules.test_switch_inspect import _run, args_for

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 5))
SWITCH = "CSW-H3C-02"
# The lab world's secrets (lab/worlds/switches_demo.yml): login password, local-user cipher, SNMP community.
SECRETS = ("LabSwitch#2026", "LabHashNotASecret", "LabCommunityCipher")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_dsn(request, tmp_path):
    if request.param == "sqlite":
        return "sqlite:///%s" % (tmp_path / "store" / "store.sqlite3")
    return request.getfixturevalue("pg_dsn")


PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.copy:
        content: "{{ query('cloudops.privatecloud.switch_previous_config', switch) | to_json }}"
        dest: "{{ out }}"
"""


def lookup(dsn, site="acme", host=SWITCH, reports_dir=None):
    """The lookup as a play runs it (ansible.cfg's collection path): DSN from CLOUDOPS_STORE_DSN like the callback."""
    work = tempfile.mkdtemp()
    try:
        play, out = os.path.join(work, "play.yml"), os.path.join(work, "out.json")
        with open(play, "w", encoding="utf-8") as fh:
            fh.write(PLAY)
        env = dict(os.environ, CLOUDOPS_SITE=site)
        env.pop("CLOUDOPS_STORE_DSN", None)
        if dsn:
            env["CLOUDOPS_STORE_DSN"] = dsn
        if reports_dir:
            env["CLOUDOPS_REPORT_DIR"] = reports_dir
        proc = subprocess.run([os.path.join(ROOT, ".venv", "bin", "ansible-playbook"), "-i", "localhost,", "-c", "local",
                               play, "-e", "switch=%s" % host, "-e", "out=%s" % out,
                               "-e", "ansible_python_interpreter=%s" % sys.executable],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        assert "pg-Secret" not in proc.stdout + proc.stderr
        with open(out, encoding="utf-8") as fh:
            return json.load(fh)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def record(store, results, run_id, started):
    builder = kinds.make_builder("inspection")
    for name, result in results.items():
        builder.add_result(name, result)
    doc = builder.build({"id": run_id, "started": started, "playbook": "inspect.yml", "operator": "alice"})
    store.record_run(doc, "acme")
    return doc


def test_migration_0006_from_0005(store_dsn):
    old = RunStore(store_dsn)
    old.open(migrate=False)
    old.migrate("0005")
    assert lookup(store_dsn) == []            # a store older than switch configurations: nothing, no error
    old.close()
    with RunStore(store_dsn) as new:
        assert new.schema_version() == "0006" == db.HEAD
        assert new.latest_switch_config("acme", SWITCH) is None


def test_no_store_is_nothing_and_never_created(tmp_path):
    path = tmp_path / "reports" / "store.sqlite3"
    assert lookup("sqlite:///%s" % path) == []
    assert not path.exists()
    assert lookup(None, reports_dir=str(tmp_path / "reports")) == []
    assert not path.exists()


def test_the_stored_configuration_is_the_next_runs_baseline_without_the_backup_folder(own_switches, store_dsn, tmp_path):
    folder = tmp_path / "first"
    first = _run(args_for(own_switches, SWITCH, backup_dir=str(folder), run_id="20261207T220000Z-cccccc"))
    backup = first["config_backup"]
    assert backup["previous_source"] is None and "sysname %s" % SWITCH in backup["running"]
    # DSW-CE-01 carries the world's local-user cipher and SNMP community
    secrets = _run(args_for(own_switches, "DSW-CE-01", backup_dir=str(folder), run_id="20261207T220000Z-cccccc"))
    with RunStore(store_dsn) as store:
        record(store, {SWITCH: first, "DSW-CE-01": secrets}, "20261207T220000Z-cccccc", "2026-12-07T22:00:00Z")
        rows = store._read(db.sa.select(db.CONFIGS))            # pylint: disable=protected-access
        assert sorted((r["host"], r["kind"], r["site"], r["run_id"]) for r in rows) == sorted(
            (host, kind, "acme", "20261207T220000Z-cccccc") for host in (SWITCH, "DSW-CE-01") for kind in ("running", "saved"))
        stored_text = " ".join(r["text"] for r in rows) + " ".join(str(d) for d in store.documents())
        assert "local-user" in stored_text and "snmp-agent community" in stored_text
        for secret in SECRETS:
            assert secret not in stored_text
    shutil.rmtree(str(folder))                                  # the next job runs in a fresh container

    previous = lookup(store_dsn)
    assert [p["run_id"] for p in previous] == ["20261207T220000Z-cccccc"] and previous[0]["text"] == backup["running"]
    assert lookup(store_dsn, site="other") == [] and lookup(store_dsn, host="CSW-S-01") == []
    assert lookup(store_dsn, host="DSW-CE-01")[0]["text"] == secrets["config_backup"]["running"]

    with make_client(own_switches, SWITCH) as client:
        client.send_config(["vlan 77"])
    second = _run(args_for(own_switches, SWITCH, backup_dir=str(tmp_path / "second"), run_id="20261208T220000Z-dddddd",
                           previous_config=previous[0]))
    assert second["config_backup"]["previous_source"] == "run_store"
    assert second["config_backup"]["previous_run_id"] == "20261207T220000Z-cccccc"
    finding = next(f for f in second["findings"] if f["check_id"] == "switch_config_changed")
    assert finding["status"] == "FAIL" and "+vlan 77" in finding["evidence"]["diff"]
    assert any("run store" in line for line in finding["evidence"]["diff"][:2])

    with RunStore(store_dsn) as store:
        record(store, {SWITCH: second}, "20261208T220000Z-dddddd", "2026-12-08T22:00:00Z")
    assert lookup(store_dsn)[0]["run_id"] == "20261208T220000Z-dddddd"
    with RunStore(store_dsn) as store:                          # purging a run takes its configurations with it
        store.purge("2026-12-08T00:00:00Z")
        assert len(store._read(db.sa.select(db.CONFIGS))) == 2  # pylint: disable=protected-access
    assert lookup(store_dsn, host="DSW-CE-01") == []

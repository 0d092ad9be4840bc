# -*- coding: utf-8 -*-
"""One run, one id: the sessions and report callbacks (whichever starts first names the run) and
tools/run_change.py's preset id all end up as the same sortable CLOUDOPS_RUN_ID."""
from __future__ import annotations

import os

import pytest

from ansible_collections.cloudops.privatecloud.plugins.callback import report, sessions
from ansible_collections.cloudops.privatecloud.plugins.module_utils import run_facts
from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import RUN_ID_ENV


@pytest.fixture(autouse=True)
def session_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDOPS_SESSION_DIR", str(tmp_path / "sessions"))


def report_run_id(cb):
    return cb._run_id  # pylint: disable=protected-access


def test_new_run_id_is_sortable_and_from_the_start_time():
    rid = run_facts.new_run_id("2026-11-27T14:00:00Z")
    assert run_facts.RUN_ID_RE.match(rid) and rid.startswith("20261127T140000Z-")
    assert run_facts.RUN_ID_RE.match(run_facts.new_run_id())


@pytest.mark.parametrize("first,second", [(sessions.CallbackModule, report.CallbackModule),
                                          (report.CallbackModule, sessions.CallbackModule)])
def test_whichever_callback_starts_first_names_the_run_for_both(first, second):
    a, b = first(), second()
    run_id = os.environ[RUN_ID_ENV]
    assert run_facts.RUN_ID_RE.match(run_id)
    cbs = dict((type(cb).__module__.rsplit(".", 1)[-1], cb) for cb in (a, b))
    assert report_run_id(cbs["report"]) == cbs["sessions"].store.run_id == run_id
    assert cbs["sessions"]._owner is True  # pylint: disable=protected-access   # named in this process: its sessions


def test_a_preset_run_id_is_kept_and_left_to_its_owner(monkeypatch):
    monkeypatch.setenv(RUN_ID_ENV, "20261127T140000Z-abcdef")   # tools/run_change.py names the run
    monkeypatch.setenv(run_facts.RUN_OWNER_ENV, "20261127T140000Z-abcdef")   # ... and ends its sessions
    s, r = sessions.CallbackModule(), report.CallbackModule()
    assert s.store.run_id == report_run_id(r) == os.environ[RUN_ID_ENV] == "20261127T140000Z-abcdef"
    assert s._owner is False  # pylint: disable=protected-access


def test_a_preset_run_id_without_an_owner_is_the_callbacks_to_end(monkeypatch):
    monkeypatch.setenv(RUN_ID_ENV, "20261127T140000Z-abcdef")   # set by hand: nobody else logs out
    monkeypatch.delenv(run_facts.RUN_OWNER_ENV, raising=False)
    s = sessions.CallbackModule()
    assert s.store.run_id == "20261127T140000Z-abcdef" and s._owner is True  # pylint: disable=protected-access


def test_a_preset_value_that_is_no_run_id_stays_for_the_sessions_only(monkeypatch):
    monkeypatch.setenv(RUN_ID_ENV, "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    s, r = sessions.CallbackModule(), report.CallbackModule()
    assert s.store.run_id == os.environ[RUN_ID_ENV] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert run_facts.RUN_ID_RE.match(report_run_id(r)) and run_facts.run_id_from_env() is None


def test_operator_awx_first_then_the_os_user(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    assert run_facts.operator_from_vars({"tower_user_name": "tw", "awx_user_name": "aw"}) == "aw"
    assert run_facts.operator_from_vars({"awx_user_name": "", "tower_user_name": "tw"}) == "tw"
    assert run_facts.operator_from_vars(None) is None
    assert run_facts.operator_name({"awx_user_name": 7}) == "7"
    assert run_facts.operator_name({}) == "os-user"


def test_run_id_from_env(monkeypatch):
    monkeypatch.setenv(RUN_ID_ENV, "20261127T140000Z-abcdef")
    assert run_facts.run_id_from_env() == "20261127T140000Z-abcdef"
    monkeypatch.setenv(RUN_ID_ENV, "0f1e2d3c4b5a69788796a5b4c3d2e1f0")   # not a run id: someone else's value
    assert run_facts.run_id_from_env() is None


@pytest.mark.parametrize("plugin", [report, sessions])
def test_callback_documentation_is_valid_yaml(plugin):
    import yaml  # pylint: disable=import-outside-toplevel

    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc["name"] in ("report", "sessions") and any("run id" in d or "run's one id" in d for d in doc["description"])

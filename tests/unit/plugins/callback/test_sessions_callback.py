# -*- coding: utf-8 -*-
"""The sessions callback and tools/run_change.py log a run's ZStack sessions out through one
SessionStore.logout_all, against the lab."""
from __future__ import annotations

import importlib.util
import os
import socket

import pytest

from ansible_collections.cloudops.privatecloud.plugins.callback import sessions
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import RUN_ID_ENV, SessionStore
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


@pytest.fixture
def session_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDOPS_SESSION_DIR", str(tmp_path / "sessions"))
    monkeypatch.setenv(RUN_ID_ENV, "placeholder")  # restored after the test, whatever the callback sets
    return tmp_path / "sessions"


def closed_port_url():
    """An endpoint on loopback where nothing listens: its logout fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return "http://127.0.0.1:%d" % port


def open_sessions(lab, store):
    """One session on the lab's HTTP and one on its HTTPS endpoint (two entries), as module processes leave them."""
    for url, ca_path in ((lab.http_url, None), (lab.https_url, lab.ca_file)):
        ZStackClient(url, lab.account, lab.password, ca_path=ca_path, retries=0, session_store=store).login()


def test_callback_logs_out_its_runs_sessions_once_and_says_which_failed(fresh_lab, session_dir, monkeypatch):
    monkeypatch.delenv(RUN_ID_ENV)
    cb = sessions.CallbackModule()
    run_id = os.environ[RUN_ID_ENV]   # set by the callback: it owns the run
    store, other = SessionStore(run_id), SessionStore("another-run")
    open_sessions(fresh_lab, store)
    open_sessions(fresh_lab, other)
    dead = closed_port_url()
    store.put(dead, "admin", {"session": "0" * 32, "validate_certs": True, "ca_path": None})
    said = []
    monkeypatch.setattr(cb._display, "vvv", said.append)  # pylint: disable=protected-access
    assert fresh_lab.stats()["sessions"] == 4 and len(store.entries()) == 3

    cb.v2_playbook_on_stats(None)
    assert fresh_lab.stats()["sessions"] == 2 and fresh_lab.stats()["logouts"] == 2
    assert store.entries() == [] and len(other.entries()) == 2      # another run's sessions are its own
    assert said == ["cloudops sessions: logout from %s failed; the session expires on its own" % dead]
    kept = [os.path.basename(path) for path, entry in other.entries()]
    assert sorted(os.listdir(str(session_dir))) == sorted(kept + [name + ".lock" for name in kept])   # ours, locks too, gone
    cb.logout_all()   # at exit: nothing left to do
    assert fresh_lab.stats()["logouts"] == 2


def load_run_change():
    spec = importlib.util.spec_from_file_location("run_change_under_test", os.path.join(ROOT, "tools", "run_change.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_preset_run_id_is_left_to_run_change(fresh_lab, session_dir, monkeypatch):
    monkeypatch.setenv(RUN_ID_ENV, "20261127T140000Z-abcdef")   # tools/run_change.py names the run
    monkeypatch.setenv("CLOUDOPS_RUN_OWNER", "20261127T140000Z-abcdef")   # ... and says it logs them out
    cb = sessions.CallbackModule()
    store = SessionStore("20261127T140000Z-abcdef")
    open_sessions(fresh_lab, store)
    cb.v2_playbook_on_stats(None)
    assert fresh_lab.stats()["sessions"] == 2 and len(store.entries()) == 2   # not the callback's to end

    load_run_change().logout_sessions("20261127T140000Z-abcdef")
    assert fresh_lab.stats()["sessions"] == 0 and store.entries() == []
    assert os.listdir(str(session_dir)) == []


def test_a_run_id_preset_without_an_owner_is_logged_out_by_the_callback(fresh_lab, session_dir, monkeypatch):
    """Issue 18 item 8: CLOUDOPS_RUN_ID set by hand (or a CI job) left the run's sessions logged in."""
    monkeypatch.setenv(RUN_ID_ENV, "20261127T140000Z-abcdef")
    monkeypatch.delenv("CLOUDOPS_RUN_OWNER", raising=False)
    cb = sessions.CallbackModule()
    store = SessionStore("20261127T140000Z-abcdef")
    open_sessions(fresh_lab, store)
    cb.v2_playbook_on_stats(None)
    assert fresh_lab.stats()["sessions"] == 0 and store.entries() == []
    # an owner marker for another run id claims nothing
    monkeypatch.setenv("CLOUDOPS_RUN_OWNER", "20261127T150000Z-fedcba")
    assert sessions.CallbackModule()._owner is True  # pylint: disable=protected-access

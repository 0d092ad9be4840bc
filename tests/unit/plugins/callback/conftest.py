# -*- coding: utf-8 -*-
"""Every test starts without a run id: a callback made in the test process names the run in os.environ,
and that id must not reach the next test's ansible-playbook (one run, one id)."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import RUN_ID_ENV


@pytest.fixture(autouse=True)
def no_run_id(monkeypatch):
    monkeypatch.delenv(RUN_ID_ENV, raising=False)

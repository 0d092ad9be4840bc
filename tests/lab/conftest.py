"""Fixtures for the lab's own tests. They speak raw HTTP (http.client), never the collection's client."""
from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for p in (ROOT, HERE):
    if p not in sys.path:
        sys.path.insert(0, p)

from lab.zstack import ZStackLab  # noqa: E402
from zstack_raw import Raw  # noqa: E402


@pytest.fixture(scope="session")
def lab():
    with ZStackLab(world="demo", job_seconds=0.05) as lab:
        yield lab


@pytest.fixture
def fresh_lab():
    """A private demo lab for tests that change state or knobs."""
    with ZStackLab(world="demo", job_seconds=0.05, https_port=None) as lab:
        yield lab


@pytest.fixture
def client(lab):
    c = Raw(lab.http_url)
    c.login(lab.account, lab.password)
    yield c


@pytest.fixture
def admin(fresh_lab):
    c = Raw(fresh_lab.http_url)
    c.login(fresh_lab.account, fresh_lab.password)
    return c

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


# ---- lab switches (lab/switches): SSH on ephemeral loopback ports, driven by unmodified netmiko ----------
SWITCH_USER, SWITCH_PASSWORD = "netops", "LabSwitch#2026"


@pytest.fixture(scope="session")
def switch_lab():
    """The demo switches, shared: tests on it only read (or restore what they change)."""
    from lab.switches import SwitchLab
    with SwitchLab(world="switches_demo") as lab:
        yield lab


@pytest.fixture
def fresh_switch_lab():
    """A private demo switch lab for tests that change configuration or fault knobs."""
    from lab.switches import SwitchLab
    with SwitchLab(world="switches_demo") as lab:
        yield lab


@pytest.fixture
def switch_connect():
    """connect(lab, name, **kw) -> a netmiko connection (device type from the switch), closed afterwards."""
    from netmiko import ConnectHandler
    opened = []

    def connect(lab, name, **kw):
        dev = lab.device(name)
        params = dict(device_type=dev.vendor.kind, host="127.0.0.1", port=dev.port, username=SWITCH_USER,
                      password=SWITCH_PASSWORD, fast_cli=True, conn_timeout=10)
        params.update(kw)
        conn = ConnectHandler(**params)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        # close the transport only: disconnect()'s config-mode check costs netmiko's 2 s quiet read on
        # Huawei; tests that are about disconnecting call disconnect() themselves
        try:
            conn.paramiko_cleanup()
        except Exception:          # a test may have dropped the session on purpose
            pass

"""Lab switches for the switch client's tests (ephemeral loopback ports)."""
from __future__ import annotations

import pytest

USER, PASSWORD = "netops", "LabSwitch#2026"


@pytest.fixture(scope="module")
def switches():
    from lab.switches import SwitchLab  # pylint: disable=import-outside-toplevel
    with SwitchLab(world="switches_demo") as lab:
        yield lab


@pytest.fixture
def own_switches():
    """A private lab for tests that set fault knobs."""
    from lab.switches import SwitchLab  # pylint: disable=import-outside-toplevel
    with SwitchLab(world="switches_demo") as lab:
        yield lab


def make_client(lab, name, **kw):
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import SwitchClient
    dev = lab.device(name)
    params = dict(host="127.0.0.1", port=dev.port, device_type=dev.vendor.kind, username=USER, password=PASSWORD,
                  conn_timeout=5, auth_timeout=5, banner_timeout=5, read_timeout=10)
    params.update(kw)
    return SwitchClient(**params)

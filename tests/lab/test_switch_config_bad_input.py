"""Bad input against the lab switches: a VLAN out of range, an unknown interface, shutting the management interface,
a raw line that drives the session, an unreachable switch: a clear error and not one line sent (the lab's write log)."""
from __future__ import annotations

import socket

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import switch_config
from test_switch_config_support import KINDS, config_writes, run_switch_module, state, switch_args

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_bad_input_sends_nothing(switch_lab, capsys, kind):
    lab, k = switch_lab, KINDS[kind]
    name = k["switch"]
    before = state(lab, name)
    lab.reset_writes()
    failed, res = run_switch_module(switch_config, switch_args(
        lab, name, vlans=[{"id": 5000}], interfaces=[{"name": "Ethernet9/9/9", "description": "x"},
                                                     {"name": k["mgmt"], "shutdown": True}],
        lines=[{"lines": ["save"]}]), capsys)
    assert failed
    assert res["msg"].startswith("invalid input, nothing was changed: ")
    assert "VLAN 5000 is outside 1-4094" in res["msg"]
    assert "interface 'Ethernet9/9/9' does not exist on this switch" in res["msg"]
    assert "interface %s is the management interface: it may not be shut down" % k["mgmt"] in res["msg"]
    assert "line 'save' is refused" in res["msg"]
    assert res["pre_checks"][0]["status"] == "FAIL"
    assert res["changes"] == [] and res["journal"] == [] and res["changed"] is False
    assert config_writes(lab, name) == []                    # not one line sent
    assert state(lab, name) == before


def test_unreachable_switch_fails_before_anything(capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]          # nothing listens here once the socket is closed
    failed, res = run_switch_module(switch_config, {
        "switch_host": "127.0.0.1", "switch_port": port, "switch_username": "netops", "switch_password": "LabSwitch#2026",
        "device_type": "huawei", "conn_timeout": 3, "vlans": [{"id": 40}]}, capsys)
    assert failed
    assert res["error"]["kind"] == "unreachable", res
    assert "LabSwitch#2026" not in str(res)


def test_wrong_password_is_auth_and_masked(switch_lab, capsys):
    failed, res = run_switch_module(switch_config, dict(switch_args(switch_lab, "CSW-S-02"), switch_password="Wrong#Secret1",
                                                        vlans=[{"id": 40}]), capsys)
    assert failed
    assert res["error"]["kind"] == "auth"
    assert "Wrong#Secret1" not in str(res)

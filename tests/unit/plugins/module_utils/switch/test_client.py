"""The switch client against the lab switches with unmodified netmiko: show, parse, config, error kinds, secrets."""
from __future__ import annotations

import socket
import time

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import (
    SwitchClient,
    SwitchError,
    client_params,
    option_problems,
)
from tests.unit.plugins.module_utils.switch.conftest import PASSWORD, make_client


def _assert_no_secret(err):
    for text in (str(err), repr(err.to_dict()), err.device_output or ""):
        assert PASSWORD not in text


@pytest.mark.parametrize("name, model", [("DSW-CE-01", "CE6881-48S6CQ"), ("CSW-S-01", "S5735-S48T4X Routing Switch")])
def test_show_and_parse_on_huawei(switches, name, model):
    with make_client(switches, name) as client:
        text = client.send_show("display version")
        assert "Huawei Versatile Routing Platform" in text
        rows = client.send_show("display version", use_textfsm=True)
        assert rows[0]["model"] == model
        assert client.prompt == "<%s>" % name


def test_show_and_parse_on_comware(switches):
    with make_client(switches, "CSW-H3C-01") as client:
        rows = client.send_show("display interface brief", use_textfsm=True)
        assert {r["interface"] for r in rows} >= {"FGE1/0/49"}
        # a command without a template (and not on the ntc allow-list) is not parsed rather than mis-parsed
        assert client.send_show("display current-configuration", use_textfsm=False).rstrip().endswith("return")


def test_ce_interface_brief_parses_through_the_client(switches):
    """The CE legend fails the bare ntc template (reference 2.4); the client drops the legend lines."""
    with make_client(switches, "DSW-CE-01") as client:
        rows = client.send_show("display interface brief", use_textfsm=True)
    by = {r["interface"]: r for r in rows}
    assert by["10GE1/0/4"]["phy"] == "down"


def test_wrong_password_is_auth_and_never_shows_the_password(switches):
    client = make_client(switches, "CSW-S-01", password="Wrong#Secret-123")
    with pytest.raises(SwitchError) as info:
        client.open()
    assert info.value.kind == "auth"
    assert "Wrong#Secret-123" not in str(info.value) and "Wrong#Secret-123" not in repr(info.value.to_dict())


def test_closed_port_is_unreachable_quickly():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()                      # nothing listens there now
    client = SwitchClient(host="127.0.0.1", port=port, device_type="huawei", username="netops", password=PASSWORD,
                          conn_timeout=3)
    started = time.monotonic()
    with pytest.raises(SwitchError) as info:
        client.open()
    assert info.value.kind == "unreachable" and time.monotonic() - started < 10
    _assert_no_secret(info.value)


def test_a_port_that_never_speaks_ssh_is_unreachable_or_timeout():
    """A listener that accepts and stays silent (a firewall's tarpit, a wrong port): bounded by the timeouts."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    try:
        client = SwitchClient(host="127.0.0.1", port=srv.getsockname()[1], device_type="hp_comware", username="netops",
                              password=PASSWORD, conn_timeout=2, banner_timeout=2, auth_timeout=2)
        started = time.monotonic()
        with pytest.raises(SwitchError) as info:
            client.open()
        assert info.value.kind in ("unreachable", "timeout") and time.monotonic() - started < 15
        _assert_no_secret(info.value)
    finally:
        srv.close()


def test_rejected_display_command_is_classified(switches):
    with make_client(switches, "DSW-CE-01") as client:
        with pytest.raises(SwitchError) as info:
            client.send_show("display no-such-thing")
    assert info.value.kind == "rejected_command" and info.value.command == "display no-such-thing"
    assert "Error:" in info.value.message


def test_rejected_config_line_names_the_line_and_what_went_before(own_switches):
    lines = ["vlan batch 41", "interface GigabitEthernet0/0/1", "port default vlan 5000"]
    with make_client(own_switches, "CSW-S-01") as client:
        with pytest.raises(SwitchError) as info:
            client.send_config(lines)
    err = info.value
    assert err.kind == "rejected_command" and err.command == "port default vlan 5000"
    assert err.sent == lines[:2]
    results = [w["params"]["result"] for w in own_switches.writes() if w["name"] == "CSW-S-01"]
    assert "rejected" in results


def test_rejected_line_on_comware(own_switches):
    with make_client(own_switches, "CSW-H3C-01") as client:
        with pytest.raises(SwitchError) as info:
            client.send_config(["vlan 42", "no-such-command here"])
    assert info.value.kind == "rejected_command" and info.value.command == "no-such-command here"
    assert info.value.sent == ["vlan 42"]
    assert "%" in info.value.message


def test_slow_device_is_a_timeout(own_switches):
    own_switches.faults_for("CSW-S-02").update(latency_ms=0)
    with make_client(own_switches, "CSW-S-02", read_timeout=1) as client:
        own_switches.faults_for("CSW-S-02").update(latency_ms=3000)
        with pytest.raises(SwitchError) as info:
            client.send_show("display version")
        client._drop()                    # pylint: disable=protected-access
    assert info.value.kind == "timeout"


def test_dropped_session_is_connection_lost(own_switches):
    own_switches.faults_for("CSW-H3C-02").update(drop_on={"^vlan 43$": 1.0})
    with make_client(own_switches, "CSW-H3C-02") as client:
        with pytest.raises(SwitchError) as info:
            client.send_config(["vlan 43"])
    assert info.value.kind in ("connection_lost", "timeout")


def test_scrub_masks_password_and_secret():
    client = SwitchClient(host="h.invalid", device_type="huawei", username="u", password="p@ss-Word", secret="en-Secret")
    assert client.scrub("x p@ss-Word y en-Secret") == "x ******** y ********"
    assert "p@ss-Word" not in repr(client) and "p@ss-Word" not in repr(vars(client).get("host"))


def test_option_problems_and_params():
    params = dict(switch_host="", switch_port=70000, switch_username="u", switch_password="p", device_type="cisco_ios",
                  conn_timeout=0)
    problems = "; ".join(option_problems(params))
    assert "device_type" in problems and "switch_port" in problems and "conn_timeout" in problems
    assert "switch_host" in problems and "p" not in problems.split()
    good = client_params(dict(switch_host="a.invalid", switch_username="u", switch_password="p", device_type="huawei"))
    assert good["port"] == 22 and good["read_timeout"] == 30


def test_unknown_device_type_is_refused_before_connecting():
    with pytest.raises(SwitchError) as info:
        SwitchClient(host="a.invalid", device_type="cisco_ios", username="u", password="p")
    assert info.value.kind == "invalid_option"


def test_commit_on_vrpv8_through_the_client(own_switches):
    with make_client(own_switches, "DSW-CE-02") as client:
        client.send_config(["vlan batch 44"])
        client.commit(label="t44")
        assert "vlan batch" in client.send_show("display current-configuration | include vlan batch")
        assert "44" in client.send_show("display current-configuration | include vlan batch")
    results = [w["params"]["result"] for w in own_switches.writes() if w["name"] == "DSW-CE-02"]
    assert any(r.startswith("committed") for r in results)


class _ForeignDevice(object):
    """What netmiko returns when the login worked but the box is not a VRP/Comware switch (a Cisco-style prompt)."""

    closed = False

    def __init__(self, **params):
        self.params = params

    def find_prompt(self):
        return "core-router#"

    def paramiko_cleanup(self):
        _ForeignDevice.closed = True


def test_foreign_prompt_is_unexpected_prompt_and_the_session_is_closed():
    client = SwitchClient(host="127.0.0.1", port=2222, device_type="huawei", username="netops", password=PASSWORD,
                          connect_handler=_ForeignDevice)
    with pytest.raises(SwitchError) as info:
        client.open()
    assert info.value.kind == "unexpected_prompt" and "core-router#" in info.value.message
    assert _ForeignDevice.closed
    _assert_no_secret(info.value)


def test_connect_passes_timeouts_and_never_a_session_log():
    seen = {}

    class Capture(_ForeignDevice):
        def __init__(self, **params):
            seen.update(params)
            super(Capture, self).__init__(**params)

        def find_prompt(self):
            return "<CSW-X>"

    client = SwitchClient(host="127.0.0.1", port=2222, device_type="hp_comware", username="netops", password=PASSWORD,
                          conn_timeout=3, auth_timeout=4, banner_timeout=5, connect_handler=Capture)
    client.open()
    assert (seen["conn_timeout"], seen["auth_timeout"], seen["banner_timeout"]) == (3, 4, 5)
    assert seen["session_log"] is None and seen["port"] == 2222 and "secret" not in seen
    assert client.prompt == "<CSW-X>"
    client._drop()                  # pylint: disable=protected-access

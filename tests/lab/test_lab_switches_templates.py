"""The lab switches' outputs parse with the ntc-templates 9.3.0 templates real output is parsed with.

Templates that exist for these platforms and commands (index of the installed package):
huawei_vrp: display version, interface brief, interface description, vlan (+ vlan brief), port vlan, device,
lldp neighbor (detail), ntp status, startup; hp_comware: display interface brief, vlan all, vlan brief,
lldp neighbor-information list, clock, device manuinfo. Everything else (cpu, memory, fan, power, stp,
alarms, current-configuration) has no template there (shared/reference/switch-cli.md §2.1).
"""
from __future__ import annotations

import re

import pytest
from ntc_templates.parse import parse_output
from textfsm.parser import TextFSMError

HUAWEI = ["display version", "display interface description", "display vlan", "display vlan brief",
          "display port vlan", "display device", "display lldp neighbor", "display startup"]
COMWARE = ["display interface brief", "display vlan all", "display vlan brief",
           "display lldp neighbor-information list", "display clock", "display device manuinfo"]


@pytest.fixture(scope="module")
def outputs(switch_lab):
    from netmiko import ConnectHandler
    from conftest import SWITCH_PASSWORD, SWITCH_USER
    got = {}
    for name, cmds in (("DSW-CE-01", HUAWEI + ["display interface brief", "display ntp status"]),
                       ("CSW-S-01", HUAWEI + ["display interface brief"]), ("CSW-H3C-01", COMWARE)):
        dev = switch_lab.device(name)
        conn = ConnectHandler(device_type=dev.vendor.kind, host="127.0.0.1", port=dev.port, username=SWITCH_USER,
                              password=SWITCH_PASSWORD, fast_cli=True)
        for c in cmds:
            got[name, c] = conn.send_command(c)
        conn.paramiko_cleanup()
    return got


@pytest.mark.parametrize("name", ["DSW-CE-01", "CSW-S-01"])
@pytest.mark.parametrize("command", HUAWEI)
def test_huawei_outputs_parse(outputs, name, command):
    rows = parse_output(platform="huawei_vrp", command=command, data=outputs[name, command])
    assert rows


@pytest.mark.parametrize("command", COMWARE)
def test_comware_outputs_parse(outputs, command):
    assert parse_output(platform="hp_comware", command=command, data=outputs["CSW-H3C-01", command])


def test_parsed_values_follow_the_state(outputs):
    ver = parse_output(platform="huawei_vrp", command="display version", data=outputs["DSW-CE-01", "display version"])
    assert ver[0]["vrp_version"] == "8.180" and ver[0]["model"] == "CE6881-48S6CQ"
    ports = parse_output(platform="huawei_vrp", command="display port vlan",
                         data=outputs["DSW-CE-01", "display port vlan"])
    uplink = next(r for r in ports if r["interface"] == "10GE1/0/1")
    assert uplink["link_type"] == "trunk" and uplink["trunk_vlan_list"] == ["10", "20", "30"]
    lldp = parse_output(platform="huawei_vrp", command="display lldp neighbor",
                        data=outputs["DSW-CE-01", "display lldp neighbor"])
    assert {r["local_interface"] for r in lldp} == {"10GE1/0/1", "10GE1/0/2", "40GE1/0/1"}   # 40GE1/0/2 missing
    ntp = parse_output(platform="huawei_vrp", command="display ntp status",
                       data=outputs["DSW-CE-01", "display ntp status"])
    assert ntp[0]["clock_status"] == "synchronized"
    brief = parse_output(platform="huawei_vrp", command="display interface brief",
                         data=outputs["CSW-S-01", "display interface brief"])
    assert {r["interface"]: r["phy"] for r in brief}["GigabitEthernet0/0/3"] == "down"
    h3c = parse_output(platform="hp_comware", command="display interface brief",
                       data=outputs["CSW-H3C-01", "display interface brief"])
    up = next(r for r in h3c if r["interface"] == "FGE1/0/49")
    assert up["type"] == "T" and up["link"] == "UP"
    lst = parse_output(platform="hp_comware", command="display lldp neighbor-information list",
                       data=outputs["CSW-H3C-01", "display lldp neighbor-information list"])
    assert lst == [{"local_interface": "FGE1/0/49", "chassis_id": "00e0-fc22-0001", "neighbor_interface": "10GE1/0/2",
                    "neighbor_name": "DSW-CE-01"}]


def test_ce_interface_brief_fails_the_template_like_a_real_ce(outputs):
    """The CE legend has lines the template does not know ((p), (c), (sd), "utility rate"): real CE output
    fails it too (reference §2.4). Dropping the legend lines makes it parse."""
    data = outputs["DSW-CE-01", "display interface brief"]
    with pytest.raises(TextFSMError):
        parse_output(platform="huawei_vrp", command="display interface brief", data=data)
    kept = "\n".join(ln for ln in data.splitlines() if not re.match(r"^(\(\w+\)|\S+down|PHY|InUti)", ln))
    rows = parse_output(platform="huawei_vrp", command="display interface brief", data=kept)
    by = {r["interface"]: r for r in rows}
    assert by["10GE1/0/4"]["phy"] == "down" and by["10GE1/0/8"]["phy"] == "*down"

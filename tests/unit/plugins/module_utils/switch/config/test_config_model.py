"""Parsing `display current-configuration` into the model, VLAN lists, secret masking."""
import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.mask import MASK, mask_line, mask_text
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.syntax import syntax_for
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.tree import RunningConfig, parse_tree
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.vlans import VlanError, parse_vlans, vlan_text
from tests.unit.plugins.module_utils.switch.config.samples import CE, COMWARE, VRP5


def test_vlan_lists():
    assert parse_vlans("10 20 to 22 30") == {10, 20, 21, 22, 30}
    assert parse_vlans([30, "40-42"]) == {30, 40, 41, 42}
    assert parse_vlans(7) == {7}
    assert vlan_text({10, 20, 21, 22, 30}) == "10 20 to 22 30"
    assert vlan_text({10, 11}) == "10 11"          # two neighbours stay two numbers, as the devices print them
    for bad in ("5000", 0, "20 to 10", "ten", "10 to"):
        with pytest.raises(VlanError):
            parse_vlans(bad)


def test_huawei_ce_model():
    rc = RunningConfig(syntax_for("huawei_vrpv8"), CE)
    assert sorted(rc.vlans) == [1, 10, 20, 30, 100, 110]
    assert rc.vlans[10] == {"name": "mgmt"}
    trunk = rc.interfaces["10GE1/0/1"]
    assert (trunk.mode, trunk.trunk_vlans, trunk.description) == ("trunk", {10, 20, 30}, "to-CSW-S-01")
    assert rc.interfaces["10GE1/0/3"].state() == {
        "description": "server-db-01", "link_type": "access", "access_vlan": 20, "trunk_vlans": "", "trunk_pvid": None,
        "shutdown": False}
    assert rc.routes == ["0.0.0.0 0.0.0.0 192.0.2.1"]
    assert rc.has_route("0.0.0.0 0 192.0.2.1")     # a mask length is the same route
    assert rc.interface_name("10ge1/0/5") == "10GE1/0/5"
    assert rc.interface_name("10GE9/0/9") is None
    assert rc.address_owner("192.0.2.61") == "Vlanif10"


def test_vrp5_short_names():
    rc = RunningConfig(syntax_for("huawei"), VRP5)
    assert rc.interface_name("GE0/0/3") == "GigabitEthernet0/0/3"
    assert rc.interface_name("XGE0/0/1") == "XGigabitEthernet0/0/1"
    assert rc.interfaces["GigabitEthernet0/0/1"].access_vlan == 10


def test_comware_globals_are_not_children():
    """Comware indents global lines too: after `#` an indented line is global, not part of the last view."""
    sections, globals_ = parse_tree(COMWARE)
    assert "ip route-static 10.8.0.0 16 192.0.2.1" in globals_
    assert sections["interface M-GigabitEthernet0/0/0"] == ["ip address 192.0.2.31 255.255.255.0"]
    rc = RunningConfig(syntax_for("hp_comware"), COMWARE)
    assert rc.interfaces["FortyGigE1/0/49"].trunk_vlans == {10, 20, 21, 22, 30}
    assert rc.interfaces["Ten-GigabitEthernet1/0/1"].access_vlan == 20
    assert rc.interface_name("XGE1/0/2") == "Ten-GigabitEthernet1/0/2"
    assert rc.has_route("10.8.0.0 255.255.0.0 192.0.2.1")


def test_secrets_are_masked():
    assert mask_line(" local-user netops password irreversible-cipher $1c$LabHashNotASecret$") == \
        " local-user netops password irreversible-cipher %s" % MASK
    assert mask_line("snmp-agent community read cipher %^%#LabCommunityCipher%^%#") == \
        "snmp-agent community read cipher %s" % MASK
    assert mask_line("snmp-agent community write private") == "snmp-agent community write %s" % MASK
    assert mask_line("description key-server uplink") == "description key-server uplink"
    text = mask_text(CE)
    assert "LabHashNotASecret" not in text and "LabCommunityCipher" not in text


def test_unknown_kind():
    with pytest.raises(ValueError):
        syntax_for("cisco_ios")
    assert syntax_for("huawei_vrpv8_ssh").two_stage

"""Bad input and the guards: every problem is a PlanError before any line exists."""
import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.plan import PlanError, plan
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.syntax import syntax_for
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.tree import RunningConfig
from tests.unit.plugins.module_utils.switch.config.samples import CE, COMWARE


def problems(config, desired, guards=None, kind="huawei_vrpv8"):
    with pytest.raises(PlanError) as err:
        plan(RunningConfig(syntax_for(kind), config), desired, guards)
    return err.value.problems


def test_vlan_out_of_range_and_unknown_interface():
    got = problems(CE, {"vlans": [{"id": 5000}],
                        "interfaces": [{"name": "10GE9/0/9", "description": "x"}, {"name": "10GE1/0/1", "trunk_vlans": "4095"}]})
    assert got[0] == "VLAN 5000: VLAN 5000 is outside 1-4094"
    assert got[1].startswith("interface '10GE9/0/9' does not exist on this switch (known: 10GE1/0/1, 10GE1/0/3")
    assert got[2] == "interface 10GE1/0/1 trunk_vlans: VLAN 4095 is outside 1-4094"


def test_management_interface_cannot_be_shut():
    assert problems(CE, {"interfaces": [{"name": "MEth0/0/0", "shutdown": True}]}) == [
        "interface MEth0/0/0 is the management interface: it may not be shut down"]
    assert problems(COMWARE, {"interfaces": [{"name": "MGE0/0/0", "shutdown": True}]}, kind="hp_comware") == [
        "interface M-GigabitEthernet0/0/0 is the management interface: it may not be shut down"]


def test_own_path_vlan_cannot_be_removed():
    guards = {"session_host": "192.0.2.61"}     # the session comes in on Vlanif10
    got = problems(CE, {"vlans": [{"id": 10, "state": "absent"}],
                        "interfaces": [{"name": "10GE1/0/1", "trunk_vlans": [10], "trunk_vlans_mode": "remove"},
                                       {"name": "Vlanif10", "shutdown": True}]}, guards)
    assert "VLAN 10 carries this session's own path (protected): it may not be removed" in got
    assert "interface 10GE1/0/1: VLAN 10 carries this session's own path (protected): it may not be taken off the trunk" in got
    assert "interface Vlanif10 is the interface of this session's own path (192.0.2.61): it may not be shut down" in got
    assert problems(CE, {"interfaces": [{"name": "10GE1/0/1", "trunk_vlans": "20 30", "trunk_vlans_mode": "exact"}]},
                    {"protected_vlans": ["10"]}) == [
        "interface 10GE1/0/1: VLAN 10 carries this session's own path (protected): it may not be taken off the trunk"]


def test_vlan_in_use_and_missing_access_vlan():
    got = problems(CE, {"vlans": [{"id": 20, "state": "absent"}], "interfaces": [{"name": "10GE1/0/5", "access_vlan": 99}]})
    assert "interface 10GE1/0/5: access VLAN 99 does not exist and this change does not create it" in got
    assert "VLAN 20 is still on 10GE1/0/1, 10GE1/0/3: take it off those ports in this change before removing it" in got
    assert problems(CE, {"vlans": [{"id": 1, "state": "absent"}]}) == ["VLAN 1 is the default VLAN and cannot be removed"]


def test_injection_and_session_commands_refused():
    got = problems(CE, {"interfaces": [{"name": "10GE1/0/5", "description": "x\nundo vlan 10"}],
                        "lines": [{"lines": ["save"]}, {"lines": ["sysname X"]},
                                  {"parents": "interface MEth0/0/0", "lines": ["undo ip address"]}]})
    assert "interface 10GE1/0/5 description has a control character or line break (it would send another command)" in got
    assert "line 'save' is refused: it controls the session or the device; switch_config does that itself" in got
    assert "line 'sysname X' is refused: it renames the switch (netmiko finds the prompt by the name)" in got
    assert "line 'undo ip address' under interface MEth0/0/0 is refused: that is the management interface" in got
    assert problems(CE, {"lines": [{"lines": ["snmp-agent community write private-Community1"]}]}) == [
        "line 'snmp-agent community write ******' is refused: it carries a secret (password, community or key)"]


def test_access_needs_access_port():
    assert problems(CE, {"interfaces": [{"name": "10GE1/0/1", "access_vlan": 20}]}) == [
        "interface 10GE1/0/1: access_vlan needs link_type access (the port is trunk)"]

"""Plans per vendor: the exact lines to send and to undo, set-aware trunk lists, idempotence."""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.plan import plan
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.state import (
    apply_candidate, restore_lines, state_problems)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.syntax import syntax_for
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.tree import RunningConfig
from tests.unit.plugins.module_utils.switch.config.samples import CE, COMWARE, VRP5


def sends(sections):
    return [(s.name, s.send, s.undo) for s in sections if s.changed]


def test_ce_vlan_trunk_access_description():
    rc = RunningConfig(syntax_for("huawei_vrpv8"), CE)
    got = plan(rc, {"vlans": [{"id": 40, "name": "app"}],
                    "interfaces": [{"name": "10GE1/0/1", "trunk_vlans": [40]},
                                   {"name": "10GE1/0/5", "link_type": "access", "access_vlan": 40,
                                    "description": "server-app-03"}]})
    assert sends(got) == [
        ("VLAN 40", ["vlan 40", "name app", "quit"], ["undo vlan 40"]),
        ("10GE1/0/1", ["interface 10GE1/0/1", "port trunk allow-pass vlan 40", "quit"],
         ["interface 10GE1/0/1", "undo port trunk allow-pass vlan 40", "quit"]),
        ("10GE1/0/5", ["interface 10GE1/0/5", "description server-app-03", "port default vlan 40", "quit"],
         ["interface 10GE1/0/5", "undo description", "undo port default vlan", "quit"]),
    ]


def test_vrp5_same_change():
    rc = RunningConfig(syntax_for("huawei"), VRP5)
    got = plan(rc, {"vlans": [{"id": 40}],
                    "interfaces": [{"name": "XGE0/0/1", "trunk_vlans": "40"}, {"name": "GE0/0/3", "access_vlan": 40, "description": "x"}]})
    assert sends(got) == [
        ("VLAN 40", ["vlan 40", "quit"], ["undo vlan 40"]),
        ("XGigabitEthernet0/0/1", ["interface XGigabitEthernet0/0/1", "port trunk allow-pass vlan 40", "quit"],
         ["interface XGigabitEthernet0/0/1", "undo port trunk allow-pass vlan 40", "quit"]),
        ("GigabitEthernet0/0/3", ["interface GigabitEthernet0/0/3", "description x", "port default vlan 40", "quit"],
         ["interface GigabitEthernet0/0/3", "undo description", "undo port default vlan", "quit"]),
    ]


def test_comware_uses_permit_and_access():
    rc = RunningConfig(syntax_for("hp_comware"), COMWARE)
    got = plan(rc, {"vlans": [{"id": 40, "name": "app"}],
                    "interfaces": [{"name": "FortyGigE1/0/49", "trunk_vlans": [40, 41], "description": "uplink"},
                                   {"name": "Ten-GigabitEthernet1/0/2", "access_vlan": 40}]})
    assert sends(got) == [
        ("VLAN 40", ["vlan 40", "name app", "quit"], ["undo vlan 40"]),
        ("FortyGigE1/0/49", ["interface FortyGigE1/0/49", "description uplink", "port trunk permit vlan 40 41", "quit"],
         ["interface FortyGigE1/0/49", "description uplink-DSW-CE-01", "undo port trunk permit vlan 40 41", "quit"]),
        ("Ten-GigabitEthernet1/0/2", ["interface Ten-GigabitEthernet1/0/2", "port access vlan 40", "quit"],
         ["interface Ten-GigabitEthernet1/0/2", "undo port access vlan", "quit"]),
    ]


def test_trunk_is_set_aware():
    """Adding VLAN 30 where 10 20 30 already are sends nothing; exact removes only the extra ones, never the line."""
    rc = RunningConfig(syntax_for("huawei_vrpv8"), CE)
    assert sends(plan(rc, {"interfaces": [{"name": "10GE1/0/1", "trunk_vlans": [30]}]})) == []
    got = plan(rc, {"interfaces": [{"name": "10GE1/0/1", "trunk_vlans": "20 40", "trunk_vlans_mode": "exact"}]})
    assert got[0].send == ["interface 10GE1/0/1", "port trunk allow-pass vlan 40", "undo port trunk allow-pass vlan 10 30",
                           "quit"]
    assert got[0].undo == ["interface 10GE1/0/1", "port trunk allow-pass vlan 10 30", "undo port trunk allow-pass vlan 40",
                           "quit"]
    got = plan(rc, {"interfaces": [{"name": "10GE1/0/1", "trunk_vlans": [20], "trunk_vlans_mode": "remove"}]})
    assert got[0].send == ["interface 10GE1/0/1", "undo port trunk allow-pass vlan 20", "quit"]


def test_link_type_change_clears_vlan_settings_first():
    rc = RunningConfig(syntax_for("huawei"), VRP5)
    got = plan(rc, {"interfaces": [{"name": "GE0/0/1", "link_type": "trunk", "trunk_vlans": [10, 20]}]})
    assert got[0].send == ["interface GigabitEthernet0/0/1", "undo port default vlan", "port link-type trunk",
                           "port trunk allow-pass vlan 10 20", "quit"]
    assert got[0].undo == ["interface GigabitEthernet0/0/1", "undo port trunk allow-pass vlan 10 20", "port link-type access",
                           "port default vlan 10", "quit"]


def test_shutdown_route_vlan_removal_and_raw_lines():
    rc = RunningConfig(syntax_for("huawei_vrpv8"), CE)
    got = plan(rc, {"vlans": [{"id": 110, "state": "absent"}],
                    "interfaces": [{"name": "10GE1/0/5", "shutdown": True}],
                    "routes": [{"destination": "10.9.0.0", "mask": "16", "next_hop": "192.0.2.1"},
                               {"destination": "0.0.0.0", "mask": "0.0.0.0", "next_hop": "192.0.2.1", "state": "absent"}],
                    "lines": [{"parents": "interface 10GE1/0/5", "lines": ["stp edged-port enable"]}]})
    assert sends(got) == [
        ("10GE1/0/5", ["interface 10GE1/0/5", "shutdown", "quit"], ["interface 10GE1/0/5", "undo shutdown", "quit"]),
        ("ip route-static 10.9.0.0 16 192.0.2.1", ["ip route-static 10.9.0.0 16 192.0.2.1"],
         ["undo ip route-static 10.9.0.0 16 192.0.2.1"]),
        ("ip route-static 0.0.0.0 0.0.0.0 192.0.2.1", ["undo ip route-static 0.0.0.0 0.0.0.0 192.0.2.1"],
         ["ip route-static 0.0.0.0 0.0.0.0 192.0.2.1"]),
        ("interface 10GE1/0/5", ["interface 10GE1/0/5", "stp edged-port enable", "quit"],
         ["interface 10GE1/0/5", "undo stp edged-port enable", "quit"]),
        ("VLAN 110", ["undo vlan 110"], ["vlan 110", "quit"]),     # removals last
    ]


def test_second_run_plans_nothing():
    """The configuration after the change (as the device would print it) makes the same plan send nothing."""
    after = CE.replace(" port trunk allow-pass vlan 10 20 30", " port trunk allow-pass vlan 10 20 30 40").replace(
        "vlan batch 10 20 30 100 110", "vlan batch 10 20 30 40 100 110\n#\nvlan 40\n name app").replace(
        "interface 10GE1/0/5\n", "interface 10GE1/0/5\n description server-app-03\n port default vlan 40\n")
    rc = RunningConfig(syntax_for("huawei_vrpv8"), after)
    desired = {"vlans": [{"id": 40, "name": "app"}],
               "interfaces": [{"name": "10GE1/0/1", "trunk_vlans": [40]},
                              {"name": "10GE1/0/5", "link_type": "access", "access_vlan": 40, "description": "server-app-03"}]}
    assert sends(plan(rc, desired)) == []


def test_candidate_changes_and_verify():
    """The VRPv8 candidate's +/- lines applied to running give the planned states; restore lines go back."""
    syn = syntax_for("huawei_vrpv8")
    rc = RunningConfig(syn, CE)
    secs = plan(rc, {"interfaces": [{"name": "10GE1/0/1", "trunk_vlans": [40]}]})
    changes = "#\ninterface 10GE1/0/1\n- port trunk allow-pass vlan 10 20 30\n+ port trunk allow-pass vlan 10 20 30 40\n#"
    predicted = apply_candidate(syn, CE, changes)
    entries = [s.entry() for s in secs]
    assert state_problems(predicted, entries) == []
    assert state_problems(rc, entries) == ["10GE1/0/1: is access_vlan=None, description=to-CSW-S-01, link_type=trunk, "
                                           "shutdown=False, trunk_pvid=None, trunk_vlans=10 20 30, expected access_vlan=None, "
                                           "description=to-CSW-S-01, link_type=trunk, shutdown=False, trunk_pvid=None, "
                                           "trunk_vlans=10 20 30 40"]
    assert restore_lines(predicted, entries[0]) == ["interface 10GE1/0/1", "undo port trunk allow-pass vlan 40", "quit"]
    assert restore_lines(rc, entries[0]) == []       # already as before: nothing to send

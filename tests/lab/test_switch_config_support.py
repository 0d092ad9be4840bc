"""Support of the switch_config lab tests (no tests here): run the module in-process against a lab switch, read the write log."""
from __future__ import annotations

from tests.unit.plugins.modules.module_runner import run_module

USER, PASSWORD = "netops", "LabSwitch#2026"

# One switch per kind, and what a typical change touches on it (VLAN add, trunk add, access port, description).
KINDS = {
    "huawei_vrpv8": {"switch": "DSW-CE-01", "trunk": "10GE1/0/1", "access": "10GE1/0/5", "mgmt": "MEth0/0/0",
                     "trunk_line": "port trunk allow-pass vlan 10 20 30 40", "access_line": "port default vlan 40"},
    "huawei": {"switch": "CSW-S-01", "trunk": "XGigabitEthernet0/0/1", "access": "GigabitEthernet0/0/3", "mgmt": "MEth0/0/1",
               "trunk_line": "port trunk allow-pass vlan 10 20 30 40", "access_line": "port default vlan 40"},
    "hp_comware": {"switch": "CSW-H3C-01", "trunk": "FortyGigE1/0/49", "access": "Ten-GigabitEthernet1/0/2",
                   "mgmt": "M-GigabitEthernet0/0/0", "trunk_line": "port trunk permit vlan 10 20 to 30 40",
                   "access_line": "port access vlan 40"},
}


def switch_args(lab, name, **extra):
    dev = lab.device(name)
    args = {"switch_host": "127.0.0.1", "switch_port": dev.port, "switch_username": USER, "switch_password": PASSWORD,
            "device_type": dev.vendor.kind, "change": {"id": "CHG-TEST-SW", "ticket": "ITSM-1"}}
    args.update(extra)
    return args


def typical_change(kind):
    k = KINDS[kind]
    return {"vlans": [{"id": 40, "name": "app"}],
            "interfaces": [{"name": k["trunk"], "trunk_vlans": [40]},
                           {"name": k["access"], "link_type": "access", "access_vlan": 40, "description": "server-app-03"}]}


def run_switch_module(module, args, capsys, check_mode=False):
    """(failed, result) of one in-process module run (the unit tests' runner), in check mode when asked."""
    return run_module(module, dict(args, _ansible_check_mode=True) if check_mode else args, capsys)


def state(lab, name):
    snap = lab.device(name).snapshot()
    return {"running": snap["running"], "saved": snap["saved"]}


def config_writes(lab, name):
    """Write-log entries of one switch: configuration lines, commits, rollbacks, saves."""
    return [w["params"] for w in lab.writes() if w.get("name") == name]

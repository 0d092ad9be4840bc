"""Unmodified netmiko against the lab switches: connect, show, configuration sets (commit on VRPv8), save.

netmiko's own fixed delays (2 s quiet-period reads in the config-mode checks) dominate these tests'
time; each device type runs one configuration set only.
"""
from __future__ import annotations

import pytest

HUAWEI_ERRORS = r"^\s*Error\s*:"
COMWARE_ERRORS = r"^\s*% (?:Unrecognized|Ambiguous|Wrong parameter|Incomplete|Too many)"


@pytest.mark.parametrize("name,prompt", [("DSW-CE-01", "<DSW-CE-01>"), ("CSW-S-01", "<CSW-S-01>"),
                                         ("CSW-H3C-01", "<CSW-H3C-01>")])
def test_connect_and_show(switch_lab, switch_connect, name, prompt):
    conn = switch_connect(switch_lab, name)
    assert conn.base_prompt == name
    assert conn.find_prompt() == prompt
    out = conn.send_command("display version")
    assert ("Huawei Versatile Routing Platform" in out) or ("H3C Comware Software" in out)
    cur = conn.send_command("display current-configuration")
    assert f"sysname {name}" in cur and cur.rstrip().endswith("return")
    # abbreviations, as operators type them
    assert conn.send_command("dis cur") == cur


def test_vrpv8_config_set_commit_save(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    dev = lab.device("DSW-CE-01")
    conn = switch_connect(lab, "DSW-CE-01")
    out = conn.send_config_set(["vlan 40", "quit", "interface 10GE1/0/1", "port trunk allow-pass vlan 40"],
                               error_pattern=HUAWEI_ERRORS)
    assert "[*DSW-CE-01-10GE1/0/1]" in out                  # pending candidate, still in config mode
    assert "allow-pass vlan 10 20 30 40" not in dev.running_text()      # nothing applied before commit
    out = conn.commit()
    assert "[~DSW-CE-01" in out and conn.find_prompt() == "<DSW-CE-01>"
    assert "port trunk allow-pass vlan 10 20 30 40" in dev.running_text()     # added, 10-30 kept
    assert dev.unsaved()
    out = conn.save_config()
    assert "Info: Save the configuration successfully." in out
    assert not dev.unsaved()
    assert [w["params"]["result"] for w in lab.writes()][-2:] == ["committed 1000000002", "saved"]   # 1000000001: the world


def test_vrp5_config_set_applies_at_once_and_saves(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    dev = lab.device("CSW-S-02")
    assert dev.unsaved()                                    # planted: unsaved running configuration
    conn = switch_connect(lab, "CSW-S-02")
    out = conn.send_config_set(["interface GigabitEthernet0/0/3", "port link-type access", "port default vlan 30",
                                "description new-server"], error_pattern=HUAWEI_ERRORS)
    assert out.rstrip().endswith("<CSW-S-02>")
    assert "interface GigabitEthernet0/0/3\n description new-server\n port link-type access\n port default vlan 30" \
        in dev.running_text()
    out = conn.save_config()
    assert "Configuration file had been saved successfully" in out
    assert not dev.unsaved()
    assert conn.send_command("display saved-configuration").count("new-server") == 1


def test_comware_config_set_and_save_force(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    dev = lab.device("CSW-H3C-02")
    conn = switch_connect(lab, "CSW-H3C-02")
    conn.send_config_set(["interface FortyGigE1/0/49", "port trunk permit vlan 40", "undo port trunk permit vlan 25"],
                         error_pattern=COMWARE_ERRORS)
    assert " port trunk permit vlan 10 20 to 24 26 to 30 40" in dev.running_text()
    out = conn.save_config()
    assert "Saved the current configuration to mainboard device successfully." in out
    assert conn.find_prompt() == "[CSW-H3C-02]"             # netmiko's save_config leaves system view
    assert not dev.unsaved()


def test_rejected_line_raises_with_error_pattern(fresh_switch_lab, switch_connect):
    from netmiko.exceptions import ConfigInvalidException
    lab = fresh_switch_lab
    conn = switch_connect(lab, "CSW-H3C-01")
    before = lab.snapshot()["CSW-H3C-01"]
    with pytest.raises(ConfigInvalidException):
        conn.send_config_set(["interface Ten-GigabitEthernet1/0/2", "port access vlan 5000"],
                             error_pattern=COMWARE_ERRORS)
    assert lab.snapshot()["CSW-H3C-01"] == before

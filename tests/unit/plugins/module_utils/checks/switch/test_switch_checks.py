"""The switch checks as pure functions over collector-shaped data (no switch needed): each one passes on a healthy
switch and fails on the fault it names; thresholds are data; texts exist in both languages."""

import datetime
import re
import string

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import switch_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch.names import short_ifname

NOW = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.timezone.utc)
CJK = re.compile("[\u4e00-\u9fff]")


def healthy():
    return {
        "device": {"name": "SW1", "model": "CE6881", "version": "V300", "device_type": "huawei_vrpv8"},
        "fans": [{"id": "FAN1", "slot": "1", "status": "Normal", "ok": True}],
        "power": [{"id": "PWR1", "slot": "1", "state": "Supply", "present": True, "ok": True}],
        "cpu": {"cpu_pct": 20.0}, "memory": {"memory_pct": 40.0},
        "interfaces": [{"name": "40GE1/0/1", "phy": "up", "in_errors": 0, "out_errors": 0, "description": "uplink-core"},
                       {"name": "10GE1/0/3", "phy": "down", "in_errors": 0, "out_errors": 0, "description": "server"}],
        "errdown": [], "alarms": [],
        "stp": [{"instance": "0", "port": "40GE1/0/1", "role": "ROOT", "state": "forwarding"},
                {"instance": "0", "port": "10GE1/0/3", "role": "DESI", "state": "forwarding"}],
        "temperature": [{"id": "1 CPU", "current_c": 45.0, "warning_c": 95.0, "critical_c": 100.0, "status": "NORMAL"},
                        {"id": "1 Outlet-1(LSW)", "current_c": 36.0, "warning_c": 58.0, "critical_c": None, "status": "NORMAL"}],
        "stp_tc": [{"instance": "CIST", "bridge": "32768.00e0-fc00-0001", "tc_received": 15, "tc_count": 19,
                    "seconds_since_last_tc": 3 * 86400, "last_tc_port": "10GE1/0/3"}],
        "ntp": {"synchronized": True, "status": "synchronized", "stratum": 3, "reference": "192.0.2.1"},
        "lldp": [{"local_interface": "40GE1/0/1", "neighbor": "core-1", "neighbor_port": "100GE1/0/1", "chassis_id": "x"}],
        "config": {"unsaved": False, "unsaved_diff": []},
        "config_backup": {},
        "site": {"expected_lldp": {"40GE1/0/1": {"system": "core-1", "port": "100GE1/0/1"}}, "uplinks": [],
                 "stp_root_bridge": False},
    }


def fails(data, thresholds=None, mutes=None):
    findings = evaluate(switch_catalogue.CHECKS, data, "switch", "SW1 (127.0.0.1:22, huawei_vrpv8)",
                        thresholds=thresholds, mutes=mutes, now=NOW)
    assert not [f for f in findings if f["status"] == "ERROR"], [f for f in findings if f["status"] == "ERROR"]
    return dict(((f["check_id"], f["resource"]["name"]), f) for f in findings if f["status"] in ("FAIL", "MUTED"))


def test_a_healthy_switch_passes_everything():
    assert fails(healthy()) == {}


@pytest.mark.parametrize("change, key", [
    (lambda d: d["fans"].append({"id": "FAN2", "slot": "1", "status": "Abnormal", "ok": False}), ("switch_fan_failed", "SW1 FAN2")),
    (lambda d: d["power"].append({"id": "PWR2", "slot": "1", "state": "NotSupply", "present": True, "ok": False}),
     ("switch_power_failed", "SW1 PWR2")),
    (lambda d: d["cpu"].update(cpu_pct=85.0), ("switch_cpu_high", "SW1")),
    (lambda d: d["memory"].update(memory_pct=95.0), ("switch_memory_high", "SW1")),
    (lambda d: d["alarms"].append({"id": "0x1-1", "name": "hwFanInvalid", "level": "Critical", "description": "x",
                                   "raised": "2026-12-01"}), ("switch_alarm_active", "SW1 0x1-1")),
    (lambda d: d["errdown"].append({"interface": "10GE1/0/3", "cause": "bpdu-protection"}),
     ("switch_interface_errdown", "SW1 10GE1/0/3")),
    (lambda d: d["interfaces"][1].update(in_errors=12), ("switch_interface_errors", "SW1 10GE1/0/3")),
    (lambda d: d["interfaces"][0].update(phy="down"), ("switch_uplink_down", "SW1 40GE1/0/1")),
    (lambda d: d["stp"][1].update(state="discarding"), ("switch_stp_port_blocked", "SW1 10GE1/0/3")),
    (lambda d: d["stp"][0].update(role="DESI"), ("switch_stp_unexpected_root", "SW1 MSTI0")),
    (lambda d: d["temperature"][0].update(current_c=96.0), ("switch_temperature_high", "SW1 1 CPU")),
    (lambda d: d["stp_tc"][0].update(seconds_since_last_tc=23), ("switch_stp_topology_change", "SW1 CIST")),
    (lambda d: d["stp_tc"][0].update(tc_received=19824), ("switch_stp_topology_change", "SW1 CIST")),
    (lambda d: d["lldp"].clear(), ("switch_lldp_neighbor_missing", "SW1 40GE1/0/1")),
    (lambda d: d["lldp"][0].update(neighbor="core-2"), ("switch_lldp_neighbor_mismatch", "SW1 40GE1/0/1")),
    (lambda d: d["ntp"].update(synchronized=False, status="unsynchronized", stratum=16), ("switch_ntp_unsynchronized", "SW1")),
    (lambda d: d["config"].update(unsaved=True, unsaved_diff=["--- saved", "+++ running", "+vlan batch 40"]),
     ("switch_config_unsaved", "SW1")),
    (lambda d: d.update(config_backup={"previous_run_id": "r1", "changed": True, "added_lines": 1, "removed_lines": 0,
                                       "diff": ["--- a", "+++ b", "+vlan 9"]}), ("switch_config_changed", "SW1")),
], ids=lambda v: v[0] if isinstance(v, tuple) else "")
def test_each_check_fails_on_its_fault_only(change, key):
    data = healthy()
    change(data)
    found = fails(data)
    assert key in found
    finding = found[key]
    assert CJK.search(finding["message"]["zh_CN"]) and "{" not in finding["message"]["en"] + finding["message"]["zh_CN"]
    if key[0] != "switch_alarm_active":        # a fan alarm comes with the fan: nothing else here
        assert list(found) == [key]


def test_every_check_in_the_catalogue_is_exercised_above():
    ids = set(c.id for c in switch_catalogue.CHECKS)
    assert len(ids) == len(switch_catalogue.CHECKS) == 17
    assert all(c.platform == "switch" and c.id.startswith("switch_") for c in switch_catalogue.CHECKS)
    fields = {}
    for check in switch_catalogue.CHECKS:
        # the catalogue-wide rules of the clouds' catalogues (checks/test_catalogue_rules.py)
        for lang in ("en", "zh_CN"):
            fields[lang] = set(n for _t, n, _s, _c in string.Formatter().parse(check.message[lang]) if n)
        assert fields["en"] == fields["zh_CN"] and "name" in fields["en"], check.id
        for label in ("title", "message", "remediation"):
            text = getattr(check, label)
            assert CJK.search(text["zh_CN"]) and not CJK.search(text["en"]), (check.id, label)
        assert len(check.remediation["en"]) >= 60, check.id
        assert all(re.match(r"^[a-z][a-z0-9_]*$", name) for name in check.thresholds), check.id


def test_thresholds_are_data():
    data = healthy()
    data["cpu"]["cpu_pct"] = 85.0
    assert fails(data)[("switch_cpu_high", "SW1")]["severity"] == "medium"
    assert fails(data, thresholds={"switch_cpu_high": {"medium_pct": 90, "high_pct": 95}}) == {}
    data = healthy()
    data["interfaces"][1]["in_errors"] = 12
    assert fails(data, thresholds={"switch_interface_errors": {"max_errors_count": 100}}) == {}
    data = healthy()
    data["interfaces"].append({"name": "GE0/0/9", "phy": "down", "in_errors": 0, "out_errors": 0, "description": "to-fw"})
    assert ("switch_uplink_down", "SW1 GE0/0/9") in fails(data)                         # `to-` is an uplink by default
    assert fails(data, thresholds={"switch_uplink_down": {"uplink_description_pattern": "^uplink"}}) == {}


def test_stp_topology_change_limits_are_data():
    data = healthy()
    data["stp_tc"][0].update(seconds_since_last_tc=30 * 60, tc_count=None, last_tc_port=None)   # Comware: no own count
    finding = fails(data)[("switch_stp_topology_change", "SW1 CIST")]
    assert finding["evidence"]["minutes_since_last_tc"] == 30.0 and finding["evidence"]["last_tc_port"] == "-"
    assert fails(data, thresholds={"switch_stp_topology_change": {"recent_tc_minutes": 15}}) == {}
    data["stp_tc"][0].update(seconds_since_last_tc=None, tc_received=None)                  # nothing shown: no finding
    assert fails(data) == {}


def test_temperature_uses_the_device_limits_then_the_defaults():
    data = healthy()
    data["temperature"][0].update(current_c=96.0)
    assert fails(data)[("switch_temperature_high", "SW1 1 CPU")]["severity"] == "high"          # past Major (95)
    data["temperature"][0].update(current_c=100.0)
    assert fails(data)[("switch_temperature_high", "SW1 1 CPU")]["severity"] == "critical"      # at Fatal (100)
    # VRP5 prints only Upper (the alarm limit): warn `warning_margin_c` below it
    data = healthy()
    data["temperature"] = [{"id": "slot 0", "current_c": 59.0, "warning_c": None, "critical_c": 63.0, "status": "Normal"}]
    finding = fails(data)[("switch_temperature_high", "SW1 slot 0")]
    assert finding["severity"] == "high" and finding["evidence"]["warning_c"] == 58.0
    assert fails(data, thresholds={"switch_temperature_high": {"warning_margin_c": 2}}) == {}
    # no limit shown at all: the thresholds' defaults
    data["temperature"] = [{"id": "slot 0", "current_c": 65.0, "warning_c": None, "critical_c": None, "status": None}]
    finding = fails(data)[("switch_temperature_high", "SW1 slot 0")]
    assert finding["evidence"]["limits"] == "default" and finding["severity"] == "high"
    assert fails(data, thresholds={"switch_temperature_high": {"warning_c": 70, "critical_c": 80}}) == {}


def test_alarm_level_maps_to_severity_and_can_be_muted():
    data = healthy()
    data["alarms"].append({"id": "0x2-7", "name": "linkDown", "level": "Warning", "description": "", "raised": "-"})
    finding = fails(data)[("switch_alarm_active", "SW1 0x2-7")]
    assert finding["severity"] == "low"
    muted = fails(data, mutes=[{"check": "switch_alarm_active", "resource": "SW1 0x2-*", "reason": "known",
                                "expires": "2027-01-31"}])
    assert muted[("switch_alarm_active", "SW1 0x2-7")]["status"] == "MUTED"


def test_planned_root_and_long_names_in_the_plan():
    data = healthy()
    data["stp"] = [p for p in data["stp"] if p["role"] != "ROOT"]
    data["site"]["stp_root_bridge"] = True
    data["site"]["expected_lldp"] = {"FortyGigE1/0/53": {"system": "core-1"}}
    data["lldp"][0]["local_interface"] = "FGE1/0/53"
    data["interfaces"][0]["name"] = "FGE1/0/53"            # the uplink the plan names in its long form
    assert fails(data) == {}


@pytest.mark.parametrize("name, short", [("XGigabitEthernet0/0/1", "XGE0/0/1"), ("Ten-GigabitEthernet1/0/49", "XGE1/0/49"),
                                         ("GigabitEthernet0/0/1", "GE0/0/1"), ("10GE1/0/1", "10GE1/0/1"),
                                         ("FortyGigE1/0/53", "FGE1/0/53"), ("MEth0/0/0", "MEth0/0/0"), ("eth2", "eth2")])
def test_interface_names_compare_in_one_form(name, short):
    assert short_ifname(name) == short

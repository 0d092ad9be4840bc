"""The `stp_tc` and `temperature` datasets from the lab switches: the three vendors' outputs normalised to one shape
(seconds since the last TC, the device's own temperature limits)."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.collect import SwitchCollector
from tests.unit.plugins.module_utils.switch.conftest import make_client


def collect(lab, name, *datasets):
    with make_client(lab, name) as client:
        data, errors, _seconds = SwitchCollector(client).collect(set(datasets))
    assert errors == {}
    return data


def test_stp_counters_per_vendor(own_switches):
    own_switches.faults_for("DSW-CE-01").update(flap_ports=["10GE1/0/1"])
    ce = collect(own_switches, "DSW-CE-01", "stp_tc", "interfaces")["stp_tc"]    # `interfaces` (read first) flaps it
    assert len(ce) == 1 and ce[0]["instance"] == "CIST" and ce[0]["tc_count"] > 6 and ce[0]["tc_received"] == 5
    assert ce[0]["seconds_since_last_tc"] < 60 and ce[0]["last_tc_port"] == "10GE1/0/1"
    vrp = collect(own_switches, "CSW-S-01", "stp_tc")["stp_tc"][0]
    assert vrp["seconds_since_last_tc"] >= 30 * 86400 - 5 and vrp["tc_count"] == 6 and vrp["last_tc_port"] is None
    h3c = collect(own_switches, "CSW-H3C-02", "stp_tc")["stp_tc"][0]
    assert h3c["tc_received"] == 1204 and h3c["tc_count"] is None and 240 <= h3c["seconds_since_last_tc"] < 600


def test_temperature_sensors_carry_the_device_limits(own_switches):
    own_switches.device("CSW-S-01").temperature = 61
    ce = collect(own_switches, "DSW-CE-01", "temperature")["temperature"]
    assert [s["id"] for s in ce] == ["1 Outlet-1(LSW)", "1 Intake-1(LSW)", "1 CPU", "1 LSW"]
    assert ce[0]["critical_c"] is None and ce[2] == {"id": "1 CPU", "current_c": 45.0, "warning_c": 95.0,
                                                     "critical_c": 100.0, "status": "NORMAL"}
    vrp = collect(own_switches, "CSW-S-01", "temperature")["temperature"]
    assert vrp == [{"id": "slot 0", "current_c": 61.0, "warning_c": None, "critical_c": 63.0, "status": "Normal"}]
    h3c = collect(own_switches, "CSW-H3C-01", "temperature")["temperature"]
    assert h3c[2] == {"id": "1 hotspot 1", "current_c": 44.0, "warning_c": 86.0, "critical_c": 100.0, "status": None}

"""Fault knobs, planted problems, snapshot and the serve entry point of the lab switches."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest

ANY_PROMPT = r"[>\]]\s*$"


def cmd(conn, line, expect=ANY_PROMPT):
    return conn.send_command(line, expect_string=expect, strip_prompt=False)


def test_planted_problems(switch_lab, switch_connect):
    ce = switch_connect(switch_lab, "DSW-CE-01")
    assert "bpdu-protection" in cmd(ce, "display error-down recovery")
    assert "40GE1/0/2" not in cmd(ce, "display lldp neighbor brief")
    assert "uplink-cloud-2" in cmd(ce, "display interface description")
    ce2 = switch_connect(switch_lab, "DSW-CE-02")
    assert "clock status: unsynchronized" in cmd(ce2, "display ntp status")
    s1 = switch_connect(switch_lab, "CSW-S-01")
    assert "Abnormal" in cmd(s1, "display fan") and "hwFanInvalid" in cmd(s1, "display alarm active")
    h3c = switch_connect(switch_lab, "CSW-H3C-01")
    assert "93% in last 5 seconds" in cmd(h3c, "display cpu-usage")
    assert switch_lab.device("CSW-S-02").unsaved()
    h3c2 = switch_connect(switch_lab, "CSW-H3C-02")
    stp = cmd(h3c2, "display stp")
    assert " TC or TCN received  : 1204" in stp and re.search(r"Time since last TC  : 0 days 0h:[4-9]m:\d+s", stp)
    assert re.search(r"Time since last TC  :[1-9]\d* days ", cmd(s1, "display stp"))      # the others: weeks ago
    assert [n for n, d in switch_lab.devices.items() if d.unsaved()] == ["CSW-S-02"]


def test_fail_commands_refuses_the_line_and_changes_nothing(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    lab.faults_for("CSW-S-01").update(fail_commands={"allow-pass": 1.0})
    before = lab.snapshot()
    conn = switch_connect(lab, "CSW-S-01")
    cmd(conn, "system-view")
    cmd(conn, "interface XGigabitEthernet0/0/1")
    out = cmd(conn, "port trunk allow-pass vlan 40")
    assert "Error: Wrong parameter found at '^' position." in out
    assert lab.snapshot() == before
    assert lab.writes()[-1]["params"]["result"] == "failed"


def test_dropped_session_mid_change_discards_the_candidate(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    lab.faults_for("DSW-CE-01").update(drop_on={"^commit": 1.0})
    before = lab.snapshot()
    conn = switch_connect(lab, "DSW-CE-01")
    cmd(conn, "system-view")
    cmd(conn, "vlan 60")
    with pytest.raises(Exception):
        conn.send_command("commit", expect_string=ANY_PROMPT, read_timeout=2)
    time.sleep(0.2)
    assert lab.snapshot() == before               # never committed, candidate gone with the session
    assert [w["params"]["result"] for w in lab.writes()][-3:] == ["candidate", "dropped", "discarded"]
    lab.faults_for("DSW-CE-01").update(drop_on={})
    again = switch_connect(lab, "DSW-CE-01")
    cmd(again, "system-view")
    assert cmd(again, "").strip() == "[~DSW-CE-01]"


def test_slow_device(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    conn = switch_connect(lab, "CSW-H3C-02")
    t = time.monotonic()
    cmd(conn, "display version")
    fast = time.monotonic() - t
    lab.faults_for("CSW-H3C-02").update(latency_ms=400)
    t = time.monotonic()
    cmd(conn, "display version")
    assert time.monotonic() - t >= fast + 0.35


def test_fan_power_failure_and_flapping_port(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    lab.faults_for("DSW-CE-02").update(fan_failed=["FAN1"], power_failed=["PWR2"], flap_ports=["10GE1/0/1"])
    conn = switch_connect(lab, "DSW-CE-02")
    assert "Abnormal" in cmd(conn, "display device fan")
    assert "NotSupply" in cmd(conn, "display device power")
    alarms = cmd(conn, "display alarm active")
    assert "hwFanInvalid" in alarms and "hwPowerInvalid" in alarms and "10GE1/0/1" in alarms
    states = set()
    for _attempt in range(2):
        line = next(ln for ln in cmd(conn, "display interface brief").splitlines() if ln.startswith("10GE1/0/1 "))
        states.add(line.split()[1])
    assert states == {"up", "down"}
    # each flap is a topology change: the bridge's own TC count grows and `Time since last TC` starts again
    stp = cmd(conn, "display stp")
    assert re.search(r"Number of TC        :(\d+)", stp).group(1) == "8"            # 6 from the world + 2 flaps
    assert "Time since last TC  :0 days 0h:0m:" in stp and "Last TC occurred    :10GE1/0/1" in stp


def test_temperature_outputs_follow_the_world(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    for name in ("DSW-CE-01", "CSW-S-01", "CSW-H3C-01"):
        lab.device(name).temperature = 70
    ce = cmd(switch_connect(lab, "DSW-CE-01"), "display device temperature all")
    assert re.search(r"^\s+--\s+CPU\s+NORMAL\s+95\s+100\s+77$", ce, re.M)
    vrp = cmd(switch_connect(lab, "CSW-S-01"), "display temperature all")
    assert re.search(r"^ 0\s+NA\s+NA\s+Abnormal\s+70\s+0\s+4\s+63\s+59$", vrp, re.M)
    h3c = cmd(switch_connect(lab, "CSW-H3C-01"), "display environment")
    assert re.search(r"^1\s+hotspot 1\s+76\s+-5\s+86\s+100\s+NA$", h3c, re.M)


def test_snapshot_and_write_log(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    snap = lab.snapshot()
    assert set(snap) == set(lab.devices) and snap["CSW-S-02"]["running"] != snap["CSW-S-02"]["saved"]
    assert not snap["DSW-CE-01"]["running"].startswith("!")        # no changing header lines
    conn = switch_connect(lab, "CSW-H3C-02")
    cmd(conn, "system-view")
    cmd(conn, "vlan 90")
    w = lab.writes()[-1]
    assert w["name"] == "CSW-H3C-02" and w["params"]["line"] == "vlan 90" and w["params"]["result"] == "applied"
    assert "password" not in json.dumps(lab.writes()).lower()


def test_serve_entry_point(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-m", "lab.switches", "serve", "--world", "switches_demo",
                             "--state-dir", str(tmp_path), "--host", "127.0.0.1"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("switches ready"), line
        info = json.loads((tmp_path / "switches.json").read_text())
        assert info["switches"]["DSW-CE-01"]["device_type"] == "huawei_vrpv8"
        assert info["username"] == "netops" and all(s["port"] for s in info["switches"].values())
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not (tmp_path / "switches.json").exists()

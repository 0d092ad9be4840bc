"""Switch change benchmark: a 10-line change (VLAN with a name, trunk add, access port with a description) on each
lab switch kind through switch_config in its own process (as AnsiballZ runs it), unmodified netmiko: wall seconds of
the change (read, plan, apply, verify, save) and of the second, unchanged run, and the lines the lab received.
Printed numbers, never asserted against a clock: netmiko's own quiet-period reads (2 s per Huawei config-mode
check, about 2 s per Comware line with error_pattern) dominate, the lab answers in milliseconds.

    .venv/bin/python bench/bench_switch_change.py
"""

import json
import os
import subprocess
import sys
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from lab.switches import SwitchLab

HERE = os.path.dirname(os.path.abspath(__file__))
USER, PASSWORD = "netops", "LabSwitch#2026"
# kind -> switch, trunk port, access port of the demo world
SWITCHES = {"huawei_vrpv8": ("DSW-CE-01", "10GE1/0/2", "10GE1/0/6"),
            "huawei": ("CSW-S-02", "XGigabitEthernet0/0/1", "GigabitEthernet0/0/5"),
            "hp_comware": ("CSW-H3C-02", "FortyGigE1/0/49", "Ten-GigabitEthernet1/0/5")}


def change(lab, kind):
    name, trunk, access = SWITCHES[kind]
    return {"switch_host": "127.0.0.1", "switch_port": lab.ports[name], "switch_username": USER, "switch_password": PASSWORD,
            "device_type": kind, "change": {"id": "BENCH-SW"},
            # 3 + 3 + 4 lines: vlan 41 / name bench / quit; interface / trunk add / quit; interface / description / access / quit
            "vlans": [{"id": 41, "name": "bench"}],
            "interfaces": [{"name": trunk, "trunk_vlans": [41]},
                           {"name": access, "access_vlan": 41, "description": "bench-server"}]}


def run(args):
    started = time.monotonic()
    proc = subprocess.run([sys.executable, os.path.join(HERE, "module_worker.py"), "switch_config", json.dumps(args)],
                          capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        result = {"failed": True, "msg": proc.stderr[-500:]}
    return wall, result


def main():
    # "logged": the configuration lines the lab's write log shows (view entries and `quit` are not logged)
    print("%-14s %6s %10s %12s %10s  %s" % ("kind", "logged", "change s", "unchanged s", "module s", "outcome"))
    with SwitchLab(world="switches_demo") as lab:
        for kind in sorted(SWITCHES):
            lab.reset_writes()
            wall, result = run(change(lab, kind))
            lines = [w for w in lab.writes() if w["name"] == SWITCHES[kind][0]
                     and w["params"]["result"] in ("applied", "candidate")]
            again, second = run(change(lab, kind))
            outcome = "failed: %s" % result.get("msg") if result.get("failed") else (
                "changed, then unchanged" if result.get("changed") and not second.get("changed") else "unexpected")
            print("%-14s %6d %10.2f %12.2f %10.2f  %s" % (kind, len(lines), wall, again, result.get("seconds") or 0, outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())

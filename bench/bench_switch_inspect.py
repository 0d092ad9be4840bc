"""Switch inspection benchmark: 20 lab switches (the demo world's six kinds, cloned), unmodified netmiko.

  1. playbooks/inspect.yml -e inspection_hosts=switches with --forks 20 (one host per switch, as the daily run does):
     wall seconds, and per switch the module's own collection seconds (from the report);
  2. the same collection in-process, one switch after the other, with time.sleep counted: the share of each
     switch's time that is netmiko's own waiting - its fixed delays (sleeps of 0.1 s and more: session preparation,
     the quiet periods of read_channel_timing / check_config_mode) and its polling sleeps (shorter ones) - versus
     the rest (SSH, the lab's answers, parsing).
Numbers are printed, never asserted against a clock. The lab answers in milliseconds, so what remains is the
client's and netmiko's own cost.
"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import time

import _paths  # noqa: F401  pylint: disable=unused-import
import yaml

from lab.switches import SwitchLab
from lab.switches import world as switch_world

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import switch_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import SwitchClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.collect import SwitchCollector

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
COUNT = 20
FORKS = 20
USER, PASSWORD = "netops", "LabSwitch#2026"
FIXED_SLEEP = 0.1          # seconds: a sleep this long is one of netmiko's fixed delays, shorter ones are polling


def world(count):
    """The demo world's switches cloned up to `count`, each clone with its own name (and sysname)."""
    spec = switch_world.load("switches_demo")
    base = spec["switches"]
    spec["switches"] = []
    for index in range(count):
        sw = copy.deepcopy(base[index % len(base)])
        sw["name"] = "%s-%02d" % (sw["name"], index + 1)
        spec["switches"].append(sw)
    return spec


def inventory(lab, path):
    hosts = {}
    for name, dev in sorted(lab.devices.items()):
        hosts[name] = {"ansible_host": "127.0.0.1", "ansible_port": lab.ports[name], "switch_device_type": dev.vendor.kind}
    doc = {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
           "switches": {"hosts": hosts, "vars": {"cloud_platform": "switch", "switch_username": USER,
                                                 "switch_password": PASSWORD}}}
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(doc, handle)


def playbook_run(lab, tmp):
    inv = os.path.join(tmp, "hosts.yml")
    inventory(lab, inv)
    reports = os.path.join(tmp, "reports")
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), CLOUDOPS_REPORT_DIR=reports,
               CLOUDOPS_SESSION_DIR=os.path.join(tmp, "sessions"), ANSIBLE_NOCOLOR="1",
               PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    env.pop("CLOUDOPS_RUN_ID", None)
    started = time.monotonic()
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", inv, "playbooks/inspect.yml", "-e",
                           "inspection_hosts=switches", "--forks", str(FORKS)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=1800, check=False)
    wall = time.monotonic() - started
    if proc.returncode:
        raise SystemExit("playbook failed:\n%s\n%s" % (proc.stdout[-3000:], proc.stderr[-3000:]))
    with open(os.path.join(reports, "inspection", "latest", "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    seconds = sorted(e.get("collection", {}).get("seconds") or 0 for e in report["endpoints"])
    fails = sum(1 for f in report["findings"] if f["status"] == "FAIL")
    return wall, seconds, fails, len(report["endpoints"])


class SleepMeter(object):
    """Counts time.sleep while active (netmiko waits with time.sleep: fixed delays and read loops)."""

    def __init__(self):
        self.fixed = 0.0
        self.polling = 0.0
        self._real = time.sleep

    def __enter__(self):
        def sleep(seconds):
            if seconds >= FIXED_SLEEP:
                self.fixed += seconds
            else:
                self.polling += seconds
            self._real(seconds)
        time.sleep = sleep
        return self

    def __exit__(self, *exc):
        time.sleep = self._real
        return False


def in_process(lab):
    wanted = set(name for c in switch_catalogue.CHECKS for name in c.requires) - {"site", "config_backup"}
    rows = []
    for name, dev in sorted(lab.devices.items()):
        started = time.monotonic()
        with SleepMeter() as meter:
            with SwitchClient("127.0.0.1", dev.vendor.kind, USER, PASSWORD, port=lab.ports[name]) as client:
                _data, errors, _seconds = SwitchCollector(client).collect(wanted)
        wall = time.monotonic() - started
        rows.append((dev.vendor.kind, wall, meter.fixed, meter.polling, errors))
    return rows


def main():
    started = time.monotonic()
    with SwitchLab(world=world(COUNT)) as lab, tempfile.TemporaryDirectory() as tmp:
        print("%d lab switches ready in %.1f s" % (len(lab.devices), time.monotonic() - started), flush=True)
        wall, seconds, fails, endpoints = playbook_run(lab, tmp)
        print("[playbook, --forks %d] %d switches inspected in %.1f s wall (%d FAIL findings); per-switch collection "
              "min %.2f / median %.2f / max %.2f s"
              % (FORKS, endpoints, wall, fails, seconds[0], seconds[len(seconds) // 2], seconds[-1]))
        rows = in_process(lab)
        total = sum(r[1] for r in rows)
        fixed = sum(r[2] for r in rows)
        polling = sum(r[3] for r in rows)
        print("[in-process, serial] %d switches in %.1f s: netmiko's waiting %.1f s (%.0f %%) = fixed delays %.1f s (%.0f %%) "
              "+ polling sleeps %.1f s (%.0f %%); the rest (SSH, lab, parsing) %.1f s (%.0f %%)"
              % (len(rows), total, fixed + polling, 100 * (fixed + polling) / total, fixed, 100 * fixed / total, polling,
                 100 * polling / total, total - fixed - polling, 100 * (total - fixed - polling) / total))
        for kind in sorted(set(r[0] for r in rows)):
            mine = [r for r in rows if r[0] == kind]
            wall_k = sum(r[1] for r in mine) / len(mine)
            fixed_k = sum(r[2] for r in mine) / len(mine)
            poll_k = sum(r[3] for r in mine) / len(mine)
            print("  %-13s per switch %.2f s: fixed delays %.2f s (%.0f %%), polling %.2f s" % (
                kind, wall_k, fixed_k, 100 * fixed_k / wall_k, poll_k))
        errors = [r[4] for r in rows if r[4]]
        print("  collection errors: %s" % (errors or "none"))


if __name__ == "__main__":
    main()

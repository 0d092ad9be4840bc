"""Switch worlds (``lab/worlds/switches_*.yml``): the switches, their configuration in the device's own
syntax, the operational state and the planted problems.

    users: [{name, password}]                 # every switch's local users (a switch may add its own)
    switches:
      - name: DSW-CE-01
        kind: huawei_vrpv8 | huawei | hp_comware
        model, software, cpu, memory, temperature, uptime_days, password_change_prompt
        ports: ["10GE1/0/1-8", "40GE1/0/1-2", MEth0/0/0]      # ranges expand on the last number
        config: |                             # display current-configuration syntax; '#' ends a view
        unsaved: |                            # applied after the saved configuration was taken
        raw: [[lines...]]                     # verbatim sections (local users, SNMP communities)
        port_state: {name: {phy, errdown, in_errors, out_errors, speed, lldp: {system, port, chassis}, stp_role, stp_state}}
        fans: [{id, status}]; power: [{id, status}]; alarms: [{severity, name, text}]
        ntp: {synchronized, stratum}
        stp: {tc_count, tc_received, last_tc_seconds, last_tc_port, bridge, root}   # `display stp` counters
        faults: {knob: value}                 # SwitchFaults knobs
"""
from __future__ import annotations

import os
import re

from lab.common import worldspec

from .device import Device, IfConf, PortState
from .shell import apply_line
from .vendors import vendor

WORLDS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "worlds")


def world_path(name: str) -> str:
    if os.path.sep in name or name.endswith((".yml", ".yaml")):
        return name
    return os.path.join(WORLDS, f"{name}.yml")


def expand_ports(items) -> list[str]:
    out = []
    for item in items or []:
        m = re.match(r"^(.*?)(\d+)-(\d+)$", str(item))
        if m:
            out += [f"{m.group(1)}{n}" for n in range(int(m.group(2)), int(m.group(3)) + 1)]
        else:
            out.append(str(item))
    return out


def apply_text(dev: Device, cfg, text: str):
    ctx = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line == "#" or line == "return":
            ctx = None
            continue
        if not raw.startswith(" "):       # a top-level line leaves any view
            ctx = None
        ctx = apply_line(dev, cfg, ctx, line)


def load(name: str) -> dict:
    return worldspec.read(world_path(name), world_path)


def build(spec: dict, lab=None) -> list[Device]:
    devices = []
    common_users = spec.get("users") or []
    for sw in spec.get("switches") or []:
        sw = dict(sw)
        sw["users"] = list(common_users) + list(sw.get("users") or [])
        dev = Device(sw["name"], vendor(sw["kind"]), sw, lab)
        for port in expand_ports(sw.get("ports")):
            dev.ports[port] = PortState()
            dev.running.ifaces[port] = IfConf()       # every port is listed in the configuration
        for pname, st in (sw.get("port_state") or {}).items():
            ps = dev.ports.setdefault(pname, PortState())
            for key, value in st.items():
                if not hasattr(ps, key):
                    raise ValueError(f"switch {dev.name} port {pname}: unknown state key {key!r}")
                setattr(ps, key, value)
        dev.running.raw = [list(section) for section in sw.get("raw") or []]
        blank = dev.running.clone()
        apply_text(dev, dev.running, sw.get("config"))
        dev.saved = dev.running.clone()
        # A CE whose configuration came from commits has rollback points: one for the world's configuration
        # and one for its unsaved part, by the world's first user, so the first change can roll back by id.
        user = (sw["users"][0] or {}).get("name", "-") if sw["users"] else "-"
        if dev.vendor.two_stage:
            dev.add_commit(blank, dev.running, user)
        if sw.get("unsaved"):
            before = dev.running.clone()
            apply_text(dev, dev.running, sw.get("unsaved"))
            if dev.vendor.two_stage:
                dev.add_commit(before, dev.running, user)
        if sw.get("faults"):
            dev.faults.update(**sw["faults"])
        devices.append(dev)
    return devices

"""One switch: configuration (running, saved, VRPv8 commit points) and operational state.

The configuration is a small model (sysname, VLANs, interfaces, NTP servers, static routes, verbatim
sections such as local users); ``render`` prints it as the vendor's ``display current-configuration``.
Operational state (link, errors, LLDP, STP, CPU, memory, fans, power, alarms, NTP sync) comes from the
world and the fault knobs only.
"""
from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from .faults import SwitchFaults
from .grammar import vlan_text
from .vendors import Vendor


@dataclass
class IfConf:
    link_type: str | None = None        # None: the default (access), not printed
    pvid: int | None = None             # access VLAN
    trunk: set = field(default_factory=set)
    trunk_pvid: int | None = None
    description: str | None = None
    shutdown: bool = False
    ip: str | None = None               # "address mask"


@dataclass
class Config:
    sysname: str
    vlans: dict = field(default_factory=dict)       # id -> {"name": .., "description": ..}
    ifaces: dict = field(default_factory=dict)      # full name -> IfConf
    ntp: list = field(default_factory=list)
    routes: list = field(default_factory=list)      # "dest mask nexthop" texts
    raw: list = field(default_factory=list)         # verbatim sections (list of line lists)

    def clone(self) -> "Config":
        return copy.deepcopy(self)


@dataclass
class PortState:
    phy: str = "up"                      # up / down (the cable); admin shutdown comes from the config
    errdown: str | None = None           # error-down cause, e.g. bpdu-protection
    in_errors: int = 0
    out_errors: int = 0
    in_uti: str = "0.01%"
    out_uti: str = "0.01%"
    speed: str = "10G"
    lldp: dict | None = None             # {"system": .., "port": .., "chassis": .., "description": ..}
    stp_role: str = "DESI"
    stp_state: str = "FORWARDING"
    flaps: int = 0


@dataclass
class Commit:
    commit_id: int
    label: str
    user: str
    at: str
    before: Config
    after: Config


def render(vendor: Vendor, cfg: Config, header: list[str] | None = None) -> str:
    """``display current-configuration`` text (lines joined by \\n, last line ``return``)."""
    ind = vendor.top_indent
    out = list(header or [])
    out += ["#", f"{ind}sysname {cfg.sysname}", "#"]
    vids = sorted(cfg.vlans)
    if vendor.huawei:
        batch = [v for v in vids if v != 1]
        if batch:
            out += [f"vlan batch {vlan_text(batch)}", "#"]
        for v in vids:
            meta = cfg.vlans[v]
            if meta.get("name") or meta.get("description"):
                out.append(f"vlan {v}")
                out += [f" name {meta['name']}"] if meta.get("name") else []
                out += [f" description {meta['description']}"] if meta.get("description") else []
                out.append("#")
    else:
        for v in vids:
            meta = cfg.vlans[v]
            out.append(f"vlan {v}")
            out += [f" name {meta['name']}"] if meta.get("name") else []
            out += [f" description {meta['description']}"] if meta.get("description") else []
            out.append("#")
    for section in cfg.raw:
        out += list(section) + ["#"]
    for name, ic in cfg.ifaces.items():
        out.append(f"interface {name}")
        out += [f" description {ic.description}"] if ic.description else []
        if ic.link_type:
            out.append(f" port link-type {ic.link_type}")
        if ic.link_type == "trunk":
            if ic.trunk_pvid:
                out.append(f" port trunk pvid vlan {ic.trunk_pvid}")
            if ic.trunk:
                out.append(f" {vendor.trunk_command} {vlan_text(ic.trunk)}")
        elif ic.pvid and ic.pvid != 1:
            out.append(f" {vendor.access_command} {ic.pvid}")
        if ic.ip:
            out.append(f" ip address {ic.ip}")
        if ic.shutdown:
            out.append(" shutdown")
        out.append("#")
    for r in cfg.routes:
        out += [f"{ind}ip route-static {r}", "#"]
    if cfg.ntp:
        if not vendor.huawei:
            out.append(" ntp-service enable")
        out += [f"{ind}{vendor.ntp_command} {s}" for s in cfg.ntp] + ["#"]
    out.append("return")
    return "\n".join(out)


class Device:
    def __init__(self, name: str, vendor: Vendor, spec: dict, lab=None):
        self.name = name
        self.vendor = vendor
        self.spec = spec
        self.lab = lab
        self.lock = threading.RLock()
        default_models = {"huawei_vrpv8": "CE6881-48S6CQ", "huawei": "S5735-S48T4X", "hp_comware": "S6850-56HF"}
        self.model = spec.get("model") or default_models[vendor.kind]
        self.software = spec.get("software") or {"huawei_vrpv8": "V300R020C00SPC200",
                                                 "huawei": "V200R021C00SPC100",
                                                 "hp_comware": "Release 6635P07"}[vendor.kind]
        self.running = Config(sysname=name, vlans={1: {}})
        self.saved = self.running.clone()
        self.commits: list[Commit] = []
        self.next_commit_id = 1000000001
        self.ports: dict[str, PortState] = {}
        self.cpu = int(spec.get("cpu", 12))
        self.memory = int(spec.get("memory", 35))
        self.fans = [dict(f) for f in spec.get("fans") or [{"id": "FAN1"}, {"id": "FAN2"}]]
        self.power = [dict(p) for p in spec.get("power") or [{"id": "PWR1"}, {"id": "PWR2"}]]
        self.alarms = [dict(a) for a in spec.get("alarms") or []]
        ntp = spec.get("ntp") or {}
        self.ntp_synchronized = bool(ntp.get("synchronized", True))
        self.ntp_stratum = int(ntp.get("stratum", 3 if self.ntp_synchronized else 16))
        self.stp = dict(spec.get("stp") or {})
        # `display stp` counters: TCs this bridge raised / received and when the last one happened (world: seconds ago)
        self.stp_tc_count = int(self.stp.get("tc_count", 6))
        self.stp_tc_received = int(self.stp.get("tc_received", 5))
        self.stp_last_tc_at = time.time() - int(self.stp.get("last_tc_seconds", 30 * 86400))
        self.stp_last_tc_port = self.stp.get("last_tc_port")
        self.temperature = int(spec.get("temperature", 38))
        self.users = {u["name"]: u["password"] for u in spec.get("users") or []}
        self.password_change_prompt = bool(spec.get("password_change_prompt"))
        self.uptime_days = int(spec.get("uptime_days", 120))
        self.updated = ("2026-12-01 08:00:00+00:00", "netops")      # when / by whom running last changed
        self.faults = SwitchFaults()
        self.port = None                          # the SSH port, once listening

    # ---- configuration ---------------------------------------------------------------------------
    def resolve_port(self, text: str) -> str | None:
        """An interface name as typed (full, short, abbreviated type, any case) -> its full name."""
        i = next((k for k, c in enumerate(text) if c.isdigit() and text[:k].strip("-")), None)
        lead_digits = len(text) - len(text.lstrip("0123456789"))
        if lead_digits:        # 10GE1/0/1: the type starts with digits
            i = next((k for k in range(lead_digits, len(text)) if text[k].isdigit()), None)
        if i is None:
            return None
        typ, num = text[:i].lower(), text[i:]
        hits = set()
        for full, short in self.vendor.port_types.items():
            if full.lower().startswith(typ) or short.lower() == typ:
                name = full + num
                if name in self.ports or name in self.running.ifaces:
                    hits.add(name)
                elif full in ("Vlanif", "Vlan-interface", "LoopBack", "Eth-Trunk", "Bridge-Aggregation"):
                    hits.add(name)
        exact = [h for h in hits if h.lower() == text.lower()]
        if exact:
            return exact[0]
        return hits.pop() if len(hits) == 1 else None

    def header(self) -> list[str]:
        if self.vendor.kind == "huawei_vrpv8":
            when, who = self.updated
            return [f"!Software Version {self.software}",
                    f"!Last configuration was updated at {when} by {who}"]
        if self.vendor.huawei:
            return [f"!Software Version {self.software}"]
        return ["#", f" version 7.1.070, {self.software}"]

    def running_text(self) -> str:
        return render(self.vendor, self.running, self.header())

    def saved_text(self) -> str:
        return render(self.vendor, self.saved, self.header()[:1] if self.vendor.huawei else self.header())

    def unsaved(self) -> bool:
        return render(self.vendor, self.running) != render(self.vendor, self.saved)

    def touch(self, user: str):
        self.updated = (time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime()), user)

    def add_commit(self, before: Config, after: Config, user: str, label: str = "-") -> Commit:
        c = Commit(self.next_commit_id, label or "-", user,
                   time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime()), before.clone(), after.clone())
        self.next_commit_id += 1
        self.commits.append(c)
        return c

    # ---- operational state, with the hardware and flap faults applied -------------------------------
    def port_phy(self, name: str) -> str:
        st = self.ports.get(name)
        if st is None:
            return "down"
        if name in self.faults.flap_ports:
            st.flaps += 1
            st.phy = "down" if st.phy == "up" else "up"
            # a non-edge port going up or down is a topology change on the real bridge
            self.stp_tc_count += 1
            self.stp_last_tc_at = time.time()
            self.stp_last_tc_port = name
        return st.phy

    def fan_status(self, fan: dict) -> str:
        failed = fan["id"] in self.faults.fan_failed or fan.get("status", "Normal").lower() != "normal"
        return "Abnormal" if failed else "Normal"

    def power_status(self, psu: dict) -> str:
        failed = (psu["id"] in self.faults.power_failed
                  or psu.get("status", "Supply").lower() not in ("supply", "normal"))
        return "NotSupply" if failed else "Supply"

    def active_alarms(self) -> list[dict]:
        out = [dict(a) for a in self.alarms]
        for fan in self.fans:
            if self.fan_status(fan) != "Normal":
                out.append({"severity": "Critical", "name": "hwFanInvalid",
                            "text": f"The fan module failed. (EntityPhysicalIndex=0, EntPhysicalName={fan['id']})"})
        for psu in self.power:
            if self.power_status(psu) != "Supply":
                out.append({"severity": "Critical", "name": "hwPowerInvalid",
                            "text": f"A power module experienced a complete failure. (EntPhysicalName={psu['id']})"})
        for name in self.faults.flap_ports:
            out.append({"severity": "Warning", "name": "linkDown/linkUp flapping",
                        "text": f"The interface {name} status changed frequently."})
        return out

    def snapshot(self) -> dict:
        with self.lock:
            # no commit ids: a rollback is itself a new commit point, yet puts the configuration back
            return {"running": render(self.vendor, self.running), "saved": render(self.vendor, self.saved)}

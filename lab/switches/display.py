"""``display`` outputs generated from a device's state, in the shapes of shared/reference/switch-cli.md §2
(the ntc-templates fixtures where a template exists). Each function returns the output lines."""
from __future__ import annotations

import time

from .grammar import vlan_text


def _short(dev, name):
    return dev.vendor.short_name(name)


def _ports(dev):
    names = list(dev.ports)
    return names + [n for n in dev.running.ifaces if n not in dev.ports]


def version(dev):
    d = dev.uptime_days
    if dev.vendor.kind == "hp_comware":
        return [f"H3C Comware Software, Version 7.1.070, {dev.software}",
                "Copyright (c) 2004-2021 New H3C Technologies Co., Ltd. All rights reserved.",
                f"H3C {dev.model} uptime is {d // 7} weeks, {d % 7} days, 3 hours, 12 minutes",
                "Last reboot reason : Cold reboot", "",
                f"Boot image: flash:/{dev.model.split('-')[0]}-CMW710-BOOT-R6635P07.bin",
                "Boot image version: 7.1.070, Release 6635P07"]
    if dev.vendor.kind == "huawei_vrpv8":
        return ["Huawei Versatile Routing Platform Software",
                f"VRP (R) software, Version 8.180 ({dev.model.split('-')[0]} {dev.software})",
                "Copyright (C) 2012-2020 Huawei Technologies Co., Ltd.",
                f"HUAWEI {dev.model} uptime is {d} days, 3 hours, 12 minutes", "",
                f"{dev.model}(Master) 1 : uptime is  {d} days, 3 hours, 11 minutes",
                "        StartupTime 2026/08/09   07:00:00",
                "Memory    Size    : 4096 M bytes", "Flash     Size    : 2048 M bytes"]
    return ["Huawei Versatile Routing Platform Software",
            f"VRP (R) software, Version 5.170 ({dev.model.split('-')[0]} {dev.software})",
            "Copyright (C) 2000-2021 HUAWEI TECH CO., LTD",
            f"HUAWEI {dev.model} Routing Switch uptime is {d} days, 3 hours, 12 minutes", "",
            "ES5D2T48Q000 0(Master) : uptime is 120 days, 3 hours, 11 minutes",
            "DDR             Memory Size : 1024  M bytes", "FLASH Total     Memory Size : 512   M bytes"]


def _admin_phy(dev, name):
    ic = dev.running.ifaces.get(name)
    if ic and ic.shutdown:
        return "*down"
    st = dev.ports.get(name)
    if st and st.errdown:
        return "down"
    return dev.port_phy(name)


def interface_brief(dev):
    if not dev.vendor.huawei:
        return _comware_interface_brief(dev)
    if dev.vendor.kind == "huawei_vrpv8":       # the CE legend: (p), (c), (sd) and "utility rate" (NCE sample)
        legend = ["PHY: Physical", "*down: administratively down", "^down: standby", "(l): loopback",
                  "(s): spoofing", "(E): E-Trunk down", "(b): BFD down", "(B): Bit-error-detection down",
                  "(e): ETHOAM down", "(d): Dampening Suppressed", "(p): port alarm down", "(dl): DLDP down",
                  "(c): CFM down", "(sd): STP instance discarding",
                  "InUti/OutUti: input utility rate/output utility rate"]
    else:                                       # VRP5 S-series, as the NTC fixtures
        legend = ["PHY: Physical", "*down: administratively down", "#down: LBDT down", "(l): loopback",
                  "(s): spoofing", "(E): E-Trunk down", "(b): BFD down", "(e): ETHOAM down", "(dl): DLDP down",
                  "(d): Dampening Suppressed", "InUti/OutUti: input utility/output utility"]
    out = legend + [f"{'Interface':<28}{'PHY':<6}{'Protocol':<10}{'InUti':<6}{'OutUti':<9}"
                    f"{'inErrors':<10}outErrors"]
    for name in _ports(dev):
        st = dev.ports.get(name)
        phy = _admin_phy(dev, name)
        proto = "up" if phy == "up" else "down"
        if name.startswith(("LoopBack", "NULL")):
            proto = "up(s)"
        inu, outu = (st.in_uti, st.out_uti) if st and phy == "up" else ("0%", "0%")
        ie, oe = (st.in_errors, st.out_errors) if st else (0, 0)
        out.append(f"{name:<28}{phy:<6}{proto:<10}{inu:>6}{outu:>7}{ie:>11}{oe:>11}")
    return out


def _comware_interface_brief(dev):
    out = ["Brief information on interfaces in route mode:", "Link: ADM - administratively down; Stby - standby",
           "Protocol: (s) - spoofing", f"{'Interface':<21}{'Link':<5}{'Protocol':<9}{'Primary IP':<16}Description"]
    routed = [n for n in _ports(dev) if n.startswith(("M-GigabitEthernet", "Vlan-interface", "LoopBack"))]
    for name in routed:
        ic = dev.running.ifaces.get(name)
        link = "ADM" if ic and ic.shutdown else ("UP" if dev.port_phy(name) == "up" else "DOWN")
        ip = ic.ip.split()[0] if ic and ic.ip else "--"
        desc = ic.description if ic and ic.description else ""
        out.append(f"{_short(dev, name):<21}{link:<5}{('UP' if link == 'UP' else 'DOWN'):<9}{ip:<16}{desc}".rstrip())
    out += ["", "Brief information on interfaces in bridge mode:",
            "Link: ADM - administratively down; Stby - standby", "Speed: (a) - auto",
            "Duplex: (a)/A - auto; H - half; F - full", "Type: A - access; T - trunk; H - hybrid",
            f"{'Interface':<21}{'Link':<5}{'Speed':<10}{'Duplex':<7}{'Type':<5}{'PVID':<5}Description"]
    for name in _ports(dev):
        if name in routed:
            continue
        ic = dev.running.ifaces.get(name)
        st = dev.ports.get(name)
        phy = _admin_phy(dev, name)
        link = "ADM" if phy == "*down" else ("UP" if phy == "up" else "DOWN")
        typ = {"trunk": "T", "hybrid": "H"}.get(ic.link_type if ic else None, "A")
        pvid = (ic.trunk_pvid or 1) if ic and ic.link_type == "trunk" else ((ic.pvid if ic else None) or 1)
        speed = (st.speed if st else "1G") + "(a)" if link == "UP" else "auto"
        duplex = "F(a)" if link == "UP" else "A"
        desc = ic.description if ic and ic.description else ""
        out.append(f"{_short(dev, name):<21}{link:<5}{speed:<10}{duplex:<7}{typ:<5}{pvid:<5}{desc}".rstrip())
    return out


def interface_brief_down(dev):
    """Comware ``display interface brief down``: why each down port is down [unverified wording]."""
    out = ["Brief information on interfaces in bridge mode:", "Link: ADM - administratively down; Stby - standby",
           f"{'Interface':<21}{'Link':<5}Cause"]
    for name in _ports(dev):
        ic = dev.running.ifaces.get(name)
        st = dev.ports.get(name)
        if ic and ic.shutdown:
            out.append(f"{_short(dev, name):<21}{'ADM':<5}Administratively")
        elif st and st.errdown:
            out.append(f"{_short(dev, name):<21}{'DOWN':<5}{st.errdown}")
        elif dev.port_phy(name) != "up":
            out.append(f"{_short(dev, name):<21}{'DOWN':<5}Not connected")
    return out


def error_down(dev):
    """Huawei ``display error-down recovery`` [unverified column layout]."""
    out = [f"{'Interface':<26}{'Error-down cause':<22}{'Recovery time(s)':<18}Remaining time(s)", "-" * 80]
    for name, st in dev.ports.items():
        if st.errdown:
            out.append(f"{name:<26}{st.errdown:<22}{'--':<18}--")
    return out


def interface_description(dev):
    out = ["PHY: Physical", "*down: administratively down", "(l): loopback", "(s): spoofing",
           "(b): BFD down", "(e): ETHOAM down", "(d): Dampening Suppressed", "",
           f"{'Interface':<28}{'PHY':<7}{'Protocol':<9}Description"]
    for name in _ports(dev):
        ic = dev.running.ifaces.get(name)
        phy = _admin_phy(dev, name)
        proto = "up" if phy == "up" else "down"
        desc = ic.description if ic and ic.description else ""
        out.append(f"{name:<28}{phy:<7}{proto:<9}{desc}".rstrip())
    return out


def _members(dev, vid):
    ut, tg = [], []
    for name in _ports(dev):
        ic = dev.running.ifaces.get(name)
        if ic is None or name.startswith(("MEth", "M-Gig", "Vlan", "LoopBack")):
            if vid == 1 and ic is None and not name.startswith(("MEth", "M-Gig", "Vlan", "LoopBack")):
                ut.append(name)
            continue
        if ic.link_type == "trunk":
            if vid in ic.trunk:
                (ut if vid == (ic.trunk_pvid or 1) else tg).append(name)
        elif (ic.pvid or 1) == vid:
            ut.append(name)
    return ut, tg


def vlan(dev):
    """Huawei ``display vlan`` (the NTC fixture shape)."""
    vids = sorted(dev.running.vlans)
    out = [f"The total number of VLANs is : {len(vids)}", "-" * 80,
           "U: Up;         D: Down;         TG: Tagged;         UT: Untagged;",
           "MP: Vlan-mapping;               ST: Vlan-stacking;",
           "#: ProtocolTransparent-vlan;    *: Management-vlan;", "-" * 80, "",
           "VID  Type    Ports", "-" * 80]
    for v in vids:
        ut, tg = _members(dev, v)
        groups = [(k, m) for k, m in (("UT", ut), ("TG", tg)) if m]
        if not groups:
            out.append(f"{v:<5}common")
            continue
        first = True
        for tag, members in groups:
            cells = [f"{_short(dev, n)}({'U' if _admin_phy(dev, n) == 'up' else 'D'})" for n in members]
            for i in range(0, len(cells), 4):
                chunk = "".join(f"{c:<16}" for c in cells[i:i + 4]).rstrip()
                if i == 0:
                    lead = f"{v:<5}common  " if first else " " * 13
                    out.append(f"{lead}{tag}:{chunk}")
                else:
                    out.append(" " * 16 + chunk)
                first = False
    out += ["", "VID  Status  Property      MAC-LRN Statistics Description", "-" * 80]
    for v in vids:
        meta = dev.running.vlans[v]
        desc = meta.get("description") or meta.get("name") or f"VLAN {v:04d}"
        out.append(f"{v:<5}enable  default       enable  disable    {desc}")
    return out


def comware_vlan_brief(dev):
    out = ["Brief information about all VLANs:", "Supported Minimum VLAN ID: 1", "Supported Maximum VLAN ID: 4094",
           "Default VLAN ID: 1", f"{'VLAN ID':<10}{'Name':<33}Port"]
    for v in sorted(dev.running.vlans):
        ut, tg = _members(dev, v)
        names = [_short(dev, n) for n in ut + tg]
        cells = ["".join(f"{n:<10}" for n in names[i:i + 3]).rstrip() for i in range(0, len(names), 3)] or [""]
        name = dev.running.vlans[v].get("name") or f"VLAN {v:04d}"
        out.append(f"{v:<10}{name:<33}{cells[0]}".rstrip())
        out += [" " * 43 + c for c in cells[1:]]
    return out


def comware_vlan_all(dev):
    out = []
    for v in sorted(dev.running.vlans):
        meta = dev.running.vlans[v]
        ut, tg = _members(dev, v)
        out += [f" VLAN ID: {v}", " VLAN type: Static", " Route interface: Not configured",
                f" Description: {meta.get('description') or f'VLAN {v:04d}'}",
                f" Name: {meta.get('name') or f'VLAN {v:04d}'}", " Tagged ports:"]
        out += [f"    {n}" for n in tg] or ["    None"]
        out.append(" Untagged ports:")
        out += [f"    {n}" for n in ut] or ["    None"]
        out.append("")
    return out


def port_vlan(dev):
    out = [f"{'Port':<28}{'Link Type':<12}{'PVID':<6}Trunk VLAN List", "-" * 80]
    for name in _ports(dev):
        if name.startswith(("MEth", "Vlanif", "LoopBack")):
            continue
        ic = dev.running.ifaces.get(name)
        lt = (ic.link_type if ic else None) or "access"
        if lt == "trunk":
            pvid = ic.trunk_pvid or 1
            lst = vlan_text(ic.trunk).replace(" to ", "-") if ic.trunk else "-"
        else:
            pvid, lst = (ic.pvid if ic else None) or 1, "-"
        out.append(f"{name:<28}{lt:<12}{pvid:<6}{lst}")
    return out


def lldp_brief(dev):
    if dev.vendor.kind == "huawei_vrpv8":        # CE column order (NCE sample)
        out = [f"{'Local Interface':<24}{'Exptime(s)':<11}{'Neighbor Interface':<24}Neighbor Device", "-" * 79]
        for name, st in dev.ports.items():
            if st.lldp and dev.port_phy(name) == "up":
                out.append(f"{name:<24}{'111':>10} {st.lldp['port']:<24}{st.lldp['system']}")
        return out
    out = [f"{'Local Intf':<25}{'Neighbor Dev':<26}{'Neighbor Intf':<25}Exptime(s)"]      # S-series order
    for name, st in dev.ports.items():
        if st.lldp and dev.port_phy(name) == "up":
            out.append(f"{_short(dev, name):<25}{st.lldp['system']:<26}{st.lldp['port']:<25}111")
    return out


def lldp_detail(dev):
    out = []
    for name, st in dev.ports.items():
        if not (st.lldp and dev.port_phy(name) == "up"):
            continue
        n = st.lldp
        out += [f"{name} has 1 neighbor(s):", "", "Neighbor index :1", "Chassis type   :MAC address",
                f"Chassis ID     :{n.get('chassis', '00e0-fc12-3456')}", "Port ID type   :Interface name",
                f"Port ID        :{n['port']}", f"Port description :{n.get('description') or n['port']}",
                f"System name    :{n['system']}", f"System description :{n.get('system_description', 'Linux')}",
                "System capabilities supported :bridge router", "System capabilities enabled   :bridge router",
                "Management address type  :ipv4", f"Management address value :{n.get('address', '192.0.2.1')}",
                "Expired time   :111s", ""]
    return out


def comware_lldp_list(dev):
    out = ["Chassis ID : * -- -- Nearest nontpmr bridge neighbor",
           "             # -- -- Nearest customer bridge neighbor",
           "             Default -- -- Nearest bridge neighbor",
           f"{'System Name':<21}{'Local Interface':<16}{'Chassis ID':<16}Port ID"]
    for name, st in dev.ports.items():
        if st.lldp and dev.port_phy(name) == "up":
            out.append(f"{st.lldp['system']:<21}{_short(dev, name):<16}{st.lldp.get('chassis', '00e0-fc12-3456'):<16}"
                       f"{st.lldp['port']}")
    return out


def device(dev):
    if not dev.vendor.huawei:
        return comware_device_manuinfo(dev)
    out = [f"{dev.model}'s Device status:", "-" * 91,
           f"{'Slot':<6}{'Card':<7}{'Type':<25}{'Online':<9}{'Power':<6}{'Register':<13}{'Alarm':<10}Primary",
           "-" * 91,
           f"{'1':<6}{'-':<7}{dev.model:<25}{'Present':<9}{'On':<6}{'Registered':<13}"
           f"{('Abnormal' if dev.active_alarms() else 'Normal'):<10}Master"]
    for psu in dev.power:
        ok = dev.power_status(psu) == "Supply"
        out.append(f"{psu['id']:<6}{'-':<7}{psu.get('type', 'PAC600S12-CB'):<25}{'Present':<9}"
                   f"{('On' if ok else 'Off'):<6}{'Registered':<13}{('Normal' if ok else 'Abnormal'):<10}NA")
    for fan in dev.fans:
        ok = dev.fan_status(fan) == "Normal"
        out.append(f"{fan['id']:<6}{'-':<7}{fan.get('type', 'FAN-40HA-F'):<25}{'Present':<9}{'On':<6}"
                   f"{'Registered':<13}{('Normal' if ok else 'Abnormal'):<10}NA")
    return out


def comware_device_manuinfo(dev):
    out = ["Slot 1 CPU 0:", f"DEVICE_NAME          : {dev.model}", "DEVICE_SERIAL_NUMBER : 210235A2CSH19C000001",
           "MAC_ADDRESS          : 7057-bf00-0001", "MANUFACTURING_DATE   : 2019-12-19", "VENDOR_NAME          : H3C"]
    for i, fan in enumerate(dev.fans, 1):
        out += [f" Fan {i}:", f"DEVICE_NAME          : {fan.get('type', 'LSWM1FANSC')}",
                f"DEVICE_SERIAL_NUMBER : 210231A1NS0000F{i:02d}", "MANUFACTURING_DATE   : 2019-12-09",
                "VENDOR_NAME          : H3C"]
    for i, psu in enumerate(dev.power, 1):
        out += [f" Power {i}:", f"DEVICE_NAME          : {psu.get('type', 'PSR450-12A')}",
                f"DEVICE_SERIAL_NUMBER : 210231A2NS0000P{i:02d}", "MANUFACTURING_DATE   : 2019-12-09",
                "VENDOR_NAME          : H3C"]
    return out


def fan(dev):
    if dev.vendor.kind == "hp_comware":
        out = [" Slot 1:"]
        for i, f in enumerate(dev.fans, 1):
            out += [f"  Fan {i}:", f"  State    : {dev.fan_status(f)}", "  Wind Direction: Port-to-Power",
                    "  Prefer Wind Direction: Port-to-Power"]
        return out
    if dev.vendor.kind == "huawei_vrpv8":
        out = ["fan module:", "-" * 80,
               f"{'Slot':<7}{'FanID':<9}{'FanNum':<10}{'Status':<13}{'Speed':<14}{'Mode':<8}Airflow Direction",
               "-" * 80]
        for f in dev.fans:
            st = dev.fan_status(f)
            speed = "40%(7125)" if st == "Normal" else "0%(0)"
            out.append(f"{'1':<7}{f['id']:<9}{'[1-2]':<10}{st:<13}{speed:<14}{'Auto':<8}Front-to-Back")
        return out
    out = ["-" * 64, f" {'Slot':<6}{'FanID':<7}{'Online':<9}{'Status':<10}{'Speed':<8}{'Mode':<7}Airflow", "-" * 64]
    for f in dev.fans:
        st = dev.fan_status(f)
        out.append(f" {'0':<6}{f['id'][3:] or '1':<7}{'Present':<9}{st:<10}{('40%' if st == 'Normal' else '0%'):<8}"
                   f"{'Auto':<7}Side-to-Back")
    return out


def power(dev):
    if dev.vendor.kind == "hp_comware":
        out = [" Slot 1:", f" {'PowerID':<8}{'State':<9}{'Mode':<7}{'Current(A)':<11}{'Voltage(V)':<11}Power(W)"]
        for i, p in enumerate(dev.power, 1):
            ok = dev.power_status(p) == "Supply"
            out.append(f" {i:<8}{('Normal' if ok else 'Absent'):<9}{'AC':<7}{('0.9' if ok else '--'):<11}"
                       f"{('220.0' if ok else '--'):<11}{('198' if ok else '--')}")
        return out
    if dev.vendor.kind == "huawei_vrpv8":
        out = [f"{'Slot':<5}{'PowerNo':<8}{'Present':<8}{'Mode':<5}{'State':<10}{'Current':<10}{'Voltage':<10}"
               f"{'ActualPower':<12}RatedPower",
               f"{'':<5}{'':<8}{'':<8}{'':<5}{'':<10}{'(A)':<10}{'(V)':<10}{'(W)':<12}(W)", "-" * 80]
        for p in dev.power:
            ok = dev.power_status(p) == "Supply"
            out.append(f"{'1':<5}{p['id']:<8}{'YES':<8}{'AC':<5}{dev.power_status(p):<10}{('7.6' if ok else 'N/A'):<10}"
                       f"{('12.1' if ok else 'N/A'):<10}{('92' if ok else 'N/A'):<12}600")
        out.append("N/A:Power not available")
        return out
    out = ["-" * 64, f" {'Slot':<8}{'PowerID':<9}{'Online':<9}{'Mode':<7}{'State':<11}Power(W)", "-" * 64]
    for p in dev.power:
        ok = dev.power_status(p) == "Supply"
        out.append(f" {'0':<8}{p['id']:<9}{'Present':<9}{'AC':<7}{dev.power_status(p):<11}"
                   f"{('150.00' if ok else '0.00')}")
    return out


def cpu(dev):
    c = dev.cpu
    if dev.vendor.kind == "hp_comware":
        return ["Slot 1 CPU 0 CPU usage:", f"{c:>7}% in last 5 seconds", f"{c:>7}% in last 1 minute",
                f"{c:>7}% in last 5 minutes"]
    if dev.vendor.kind == "huawei_vrpv8":
        now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
        return [f"CPU utilization statistics at {now} 616 ms", f"System CPU Using Percentage :   {c}%",
                f"CPU utilization for five seconds: {c}%, one minute: {c}%, five minutes: {c}%.",
                f"Max CPU Usage :                {min(100, c + 10)}%", f"Max CPU Usage Stat. Time : {now} 000 ms"]
    return ["CPU Usage Stat. Cycle: 60 (Second)", f"CPU Usage            : {c}% Max: {min(100, c + 10)}%",
            f"CPU utilization for five seconds: {c}%: one minute: {c}%: five minutes: {c}%"]


def memory(dev):
    m = dev.memory
    total = 4096 * 1024
    used = total * m // 100
    if dev.vendor.kind == "hp_comware":
        return ["Memory statistics are measured in KB:", "Slot 1:",
                f"{'':<13}{'Total':>10}{'Used':>10}{'Free':>10}{'Shared':>10}{'Buffers':>10}{'Cached':>10}"
                f"{'FreeRatio':>11}",
                f"{'Mem:':<13}{total:>10}{used:>10}{total - used:>10}{0:>10}{1024:>10}{20480:>10}"
                f"{100 - m:>10}%"]
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    if dev.vendor.kind == "huawei_vrpv8":
        return [f"Memory utilization statistics at {now} 616 ms", f"System Total Memory: {total} Kbytes",
                f"Total Memory Used: {used} Kbytes", f"Memory Using Percentage: {m}%",
                f"State: {'Overload' if m >= 90 else 'Non-overload'}"]
    return [f"Memory utilization statistics at {now}", f" System Total Memory Is: {total * 1024} bytes",
            f" Total Memory Used Is: {used * 1024} bytes", f" Memory Using Percentage Is: {m}%"]


def ntp_status(dev):
    sync = dev.ntp_synchronized
    server = dev.running.ntp[0] if dev.running.ntp else None
    if sync and server:
        ref, state, status = server, "clock synchronized", "synchronized"
    else:
        ref, state, status = "none", "clock not synchronized", "unsynchronized"
    stratum = dev.ntp_stratum if sync else 16
    rows = [("clock status", status), ("clock stratum", str(stratum)), ("reference clock ID", ref),
            ("nominal frequency", "100.0000 Hz"), ("actual frequency", "99.9999 Hz"),
            ("clock precision", "2^17"), ("clock offset", "0.0000 ms"), ("root delay", "0.00 ms"),
            ("root dispersion", "0.00 ms"), ("peer dispersion", "0.00 ms"),
            ("reference time", "15:51:36.259 UTC Apr 25 2026(C6179088.426490A3)"),
            ("synchronization state", state)]
    if dev.vendor.kind == "hp_comware":       # capitalised keys (reference §2.11)
        return [f" {k[0].upper() + k[1:]}: {v}" for k, v in rows]
    return [f" {k}: {v}" for k, v in rows]


def stp_brief(dev):
    out = [f" {'MSTID':<6}{'Port':<28}{'Role':<6}{'STP State':<14}{'Protection':<14}{'Cost':<8}Edged"]
    for name, st in dev.ports.items():
        if name.startswith(("MEth", "M-Gig", "Vlan", "LoopBack")) or dev.port_phy(name) != "up":
            continue
        ic = dev.running.ifaces.get(name)
        if ic and ic.shutdown:
            continue
        label = name if dev.vendor.huawei else _short(dev, name)
        out.append(f" {0:>5} {label:<28}{st.stp_role:<6}{st.stp_state.lower() if dev.vendor.huawei else st.stp_state:<14}"
                   f"{'none':<14}{20000:<8}{'disable'}")
    return out


def _since(seconds):
    seconds = max(0, int(seconds))
    return f"{seconds // 86400} days {seconds % 86400 // 3600}h:{seconds % 3600 // 60}m:{seconds % 60}s"


def stp(dev):
    """``display stp``: the CIST global section, then one short section per forwarding port. Shapes: VRP5 S5700 and
    Comware 7 public outputs (switch inspection docs); the CE global keys as in CE ``display stp global``."""
    bridge = dev.stp.get("bridge") or "32768.00e0-fc%02x-%04x" % (sum(map(ord, dev.name)) % 256, len(dev.name))
    root = dev.stp.get("root") or bridge
    ports = [(n, st) for n, st in dev.ports.items() if not n.startswith(("MEth", "M-Gig", "Vlan", "LoopBack"))]
    since = _since(time.time() - dev.stp_last_tc_at)
    if dev.vendor.huawei:
        out = ["-------[CIST Global Info][Mode MSTP]-------", f"CIST Bridge         :{bridge}",
               "Config Times        :Hello 2s MaxAge 20s FwDly 15s MaxHop 20",
               "Active Times        :Hello 2s MaxAge 20s FwDly 15s MaxHop 20",
               f"CIST Root/ERPC      :{root} / {0 if root == bridge else 20000}", f"CIST RegRoot/IRPC   :{bridge} / 0",
               f"CIST RootPortId     :{'0.0' if root == bridge else '128.1'}", "BPDU-Protection     :Disabled",
               f"TC or TCN received  :{dev.stp_tc_received}", "TC count per hello  :0", "STP Converge Mode   :Normal",
               f"Time since last TC  :{since}", f"Number of TC        :{dev.stp_tc_count}"]
        if dev.stp_last_tc_port:
            out.append(f"Last TC occurred    :{dev.stp_last_tc_port}")
        for i, (name, st) in enumerate(ports, 1):
            out += [f"----[Port{i}({name})][{st.stp_state}]----", " Port Protocol       :Enabled",
                    f" Port Role           :{_ROLE.get(st.stp_role, 'Designated Port')}"]
        return out
    out = ["-------[CIST Global Info][Mode MSTP]-------", f" Bridge ID           : {bridge}",
           " Bridge times        : Hello 2s MaxAge 20s FwdDelay 15s MaxHops 20",
           f" Root ID/ERPC        : {root}, {0 if root == bridge else 20}", f" RegRoot ID/IRPC     : {bridge}, 0",
           f" RootPort ID         : {'0.0' if root == bridge else '128.49'}", " BPDU-Protection     : Disabled",
           " Bridge Config-", " Digest-Snooping     : Disabled",
           f" TC or TCN received  : {dev.stp_tc_received}", f" Time since last TC  : {since}"]
    for i, (name, st) in enumerate(ports, 1):
        out += ["", f"----[Port{i}({name})][{st.stp_state}]----", " Port protocol       : Enabled",
                f" Port role           : {_ROLE.get(st.stp_role, 'Designated Port')}"]
    return out


_ROLE = {"ROOT": "Root Port", "DESI": "Designated Port", "ALTE": "Alternate Port", "BACK": "Backup Port"}


def device_temperature(dev):
    """CE ``display device temperature all`` (napalm-ce mock shape): Major/Fatal limits per sensor, `--` when unset."""
    t = dev.temperature
    rule = "-" * 81
    rows = [("1", "Outlet-1(LSW)", 58, "--", t - 2), ("", "Intake-1(LSW)", 63, "--", t - 6), ("", "CPU", 95, 100, t + 7),
            ("", "LSW", 110, 110, t + 11)]
    out = [rule, "Slot    Card    SensorName    Status         Major        Fatal        Current",
           "                                           (Celsius)    (Celsius)     (Celsius)", rule]
    for slot, name, major, fatal, cur in rows:
        status = "FATAL" if fatal != "--" and cur >= fatal else ("MAJOR" if cur >= major else "NORMAL")
        out.append(f"{slot:<8}{'--':<8}{name:<14}{status:<16}{major:<13}{fatal!s:<14}{cur}")
    return out + [rule]


def temperature_all(dev):
    """VRP5 ``display temperature all`` (S-series command reference shape): one row per slot, Upper(C) is the alarm limit."""
    t, upper = dev.temperature, 63
    rule = "-" * 79
    status = "Abnormal" if t >= upper else "Normal"
    return [rule, " Slot  Card  Sensor Status    Current(C) Lower(C) Lower     Upper(C) Upper",
            "                                                  Resume(C)          Resume(C)", rule,
            f" {0:<6}{'NA':<6}{'NA':<7}{status:<11}{t:<10}{0:<9}{4:<10}{upper:<9}{upper - 4}"]


def environment(dev):
    """Comware ``display environment`` (H3C command reference shape): Warning/Alarm/Shutdown limits per sensor."""
    t = dev.temperature
    rows = [("1", "inflow 1", t - 10, -5, 60, 70, "NA"), ("1", "outflow 1", t - 2, 0, 80, 92, "NA"),
            ("1", "hotspot 1", t + 6, -5, 86, 100, "NA")]
    out = ["System temperature information (degree centigrade):", "-" * 70,
           "Slot  Sensor       Temperature  LowerLimit  WarningLimit  AlarmLimit ShutdownLimit"]
    for slot, name, cur, low, warn, alarm, shut in rows:
        out.append(f"{slot:<6}{name:<13}{cur:<13}{low:<12}{warn:<14}{alarm:<11}{shut}")
    return out


def alarm_active(dev):
    """Huawei ``display alarm active`` [unverified layout: no citable sample exists]."""
    alarms = dev.active_alarms()
    out = ["A/B/C/D/E/F/G/H/I/J", "A=Sequence, B=RootKindFlag(Independent|RootCause|nonRootCause)",
           "C=Generating time, D=Clearing time", "E=ID, F=Name, G=Level, H=State", "I=Description information for locating(Para Info, Reason Info)",
           "J=RootCause alarm sequence(Only for nonRootCause alarm)", "-" * 80]
    for i, a in enumerate(alarms, 1):
        out += [f"  {i}/Independent/2026-12-01 08:00:00/-/0x{0x8120000 + i:x}/{a['name']}/{a['severity']}/Start",
                f"  /{a['text']}"]
    out.append("-" * 80)
    return out


def comware_logbuffer_summary(dev):
    alarms = dev.active_alarms()
    crit = sum(1 for a in alarms if a["severity"] == "Critical")
    warn = len(alarms) - crit
    return [f"  {'Slot':<6}{'EMERG':<7}{'ALERT':<7}{'CRIT':<6}{'ERROR':<7}{'WARN':<6}{'NOTIF':<7}{'INFO':<6}DEBUG",
            f"  {'1':<6}{0:<7}{0:<7}{crit:<6}{0:<7}{warn:<6}{3:<7}{12:<6}0"]


def startup(dev):
    return ["MainBoard:", "  Startup system software:                   flash:/system.cc",
            "  Next startup system software:              flash:/system.cc",
            "  Backup system software for next startup:   null",
            "  Startup saved-configuration file:          flash:/vrpcfg.zip",
            "  Next startup saved-configuration file:     flash:/vrpcfg.zip",
            "  Startup license file:                      null",
            "  Next startup license file:                 null",
            "  Startup patch package:                     null",
            "  Next startup patch package:                null"]


def clock(dev):
    t = time.gmtime()
    if dev.vendor.huawei:
        return [time.strftime("%Y-%m-%d %H:%M:%S+00:00", t), time.strftime("%A", t), "Time Zone(UTC) : UTC"]
    return [time.strftime("%H:%M:%S", t) + " UTC " + time.strftime("%a %m/%d/%Y", t), "Time Zone : UTC add 00:00:00"]


def commit_list(dev, verbose=False):
    if verbose:
        out = []
        for n, c in enumerate(reversed(dev.commits), 1):
            out += [f"{n}) CommitId: {c.commit_id}", f"   Label: {c.label}", f"   User: {c.user}",
                    "   User-Intf: VTY0", "   Type: CLI", f"   TimeStamp: {c.at}", ""]
        return out
    out = [f"{'No.':<5}{'CommitId':<14}{'Label':<20}{'User':<12}{'Time':<26}", "-" * 80]
    for n, c in enumerate(reversed(dev.commits), 1):
        out.append(f"{n:<5}{c.commit_id:<14}{c.label:<20}{c.user:<12}{c.at:<26}")
    return out

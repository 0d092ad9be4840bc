# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collect a switch's state over one netmiko session into vendor-neutral datasets the checks read.

Per device type, each dataset is one or two display commands (reference 2.8-2.11: CE uses `display cpu`,
`display memory`, `display device fan/power`, `display ntp status`; VRP5 `display cpu-usage`,
`display memory-usage`, `display fan/power`, `display ntp-service status`; Comware its own forms), parsed
with TextFSM (switch/textfsm), then normalised here. Nothing is judged here: that is the checks' job.
A dataset that fails (rejected command, parse error) is an entry in `errors`, the others still come.
"""

from __future__ import annotations

import difflib
import re
import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch.names import short_ifname
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import SwitchError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.mask import mask_config

# dataset -> device type -> commands (parsed in this order)
COMMANDS = {
    "device": {"huawei_vrpv8": ["display version"], "huawei": ["display version"], "hp_comware": ["display version"]},
    "fans": {"huawei_vrpv8": ["display device fan"], "huawei": ["display fan"], "hp_comware": ["display fan"]},
    "power": {"huawei_vrpv8": ["display device power"], "huawei": ["display power"], "hp_comware": ["display power"]},
    "cpu": {"huawei_vrpv8": ["display cpu"], "huawei": ["display cpu-usage"], "hp_comware": ["display cpu-usage"]},
    "memory": {"huawei_vrpv8": ["display memory"], "huawei": ["display memory-usage"], "hp_comware": ["display memory"]},
    "interfaces": {"huawei_vrpv8": ["display interface brief", "display interface description"],
                   "huawei": ["display interface brief", "display interface description"],
                   "hp_comware": ["display interface brief"]},
    "errdown": {"huawei_vrpv8": ["display error-down recovery"], "huawei": ["display error-down recovery"],
                "hp_comware": ["display interface brief down"]},
    "stp": {"huawei_vrpv8": ["display stp brief"], "huawei": ["display stp brief"], "hp_comware": ["display stp brief"]},
    "temperature": {"huawei_vrpv8": ["display device temperature all"], "huawei": ["display temperature all"],
                    "hp_comware": ["display environment"]},
    "stp_tc": {"huawei_vrpv8": ["display stp"], "huawei": ["display stp"], "hp_comware": ["display stp"]},
    "ntp": {"huawei_vrpv8": ["display ntp status"], "huawei": ["display ntp-service status"],
            "hp_comware": ["display ntp-service status"]},
    "alarms": {"huawei_vrpv8": ["display alarm active"], "huawei": ["display alarm active"],
               "hp_comware": ["display logbuffer summary"]},
    "lldp": {"huawei_vrpv8": ["display lldp neighbor"], "huawei": ["display lldp neighbor"],
             "hp_comware": ["display lldp neighbor-information list"]},
    "config": {"huawei_vrpv8": ["display current-configuration", "display saved-configuration"],
               "huawei": ["display current-configuration", "display saved-configuration"],
               "hp_comware": ["display current-configuration", "display saved-configuration"]},
}
RAW_COMMANDS = ("display current-configuration", "display saved-configuration")

# Alarm severities from Comware log buffer counts (reference 2.9): each non-zero column is one "alarm".
_LOG_LEVELS = (("emerg", "Emergency"), ("alert", "Alert"), ("crit", "Critical"), ("error", "Error"))

# Config lines that change on every commit or save and say nothing about the configuration (reference 2.3).
_VOLATILE = re.compile(r"^(!|\s*version\s+\d|\s*$)")


def _num(value):
    try:
        return float(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        return None


def config_body(text):
    """Configuration lines without the header comments that change on every commit (for comparing)."""
    return [line.rstrip() for line in (text or "").splitlines() if not _VOLATILE.match(line)]


def config_diff(old, new, old_name="saved", new_name="running"):
    """Unified diff of two configuration texts (bodies only), as a list of lines."""
    return list(difflib.unified_diff(config_body(old), config_body(new), old_name, new_name, lineterm="", n=1))


class SwitchCollector(object):
    """Collect datasets from one switch (one session); `workers` is accepted for the Inspection contract."""

    def __init__(self, client, workers=1):
        self.client = client
        self.device_type = client.device_type
        self.raw = {}              # command -> output, for backups and debugging (already scrubbed)
        self._secrets = ()

    def mask_with(self, *secrets):
        self._secrets = tuple(s for s in secrets if s)
        return self

    def _run(self, cmd):
        if cmd not in self.raw:
            if cmd in RAW_COMMANDS:
                output = self.client.send_show(cmd, read_timeout=max(60, self.client.read_timeout))
                self.raw[cmd] = mask_config(output, self._secrets)
            else:
                self.raw[cmd] = self.client.send_show(cmd)
        return self.raw[cmd]

    def _rows(self, cmd):
        return self.client.parse(cmd, self._run(cmd)) or []

    def collect(self, wanted):
        """(data, errors, seconds) for the datasets in `wanted` (unknown names are ignored)."""
        started = time.monotonic()
        data, errors = {}, {}
        for name in sorted(wanted):
            if name not in COMMANDS:
                continue
            try:
                data[name] = getattr(self, "_" + name)()
            except SwitchError as err:
                errors[name] = "%s: %s" % (err.kind, err.message)
                if err.kind in ("auth", "unreachable", "connection_lost", "timeout"):
                    # the session is gone: every later dataset would fail the same way, slowly
                    for rest in sorted(wanted):
                        if rest in COMMANDS and rest not in data and rest not in errors:
                            errors[rest] = "%s: not collected after the session failed" % err.kind
                    break
        return data, errors, round(time.monotonic() - started, 3)

    # ---- datasets ----------------------------------------------------------------------
    def _device(self):
        out = self._run("display version")
        rows = self._rows("display version") if self.device_type != "hp_comware" else []
        row = rows[0] if rows else {}
        model = row.get("model")
        version = row.get("product_version") or row.get("vrp_version")
        if self.device_type == "hp_comware":
            match = re.search(r"Comware Software, Version (\S+), Release (\S+)", out)
            version = "%s Release %s" % match.groups() if match else None
            match = re.search(r"^H3C (\S+) uptime is (.*)$", out, re.M)
            model = match.group(1) if match else None
            row = {"uptime": match.group(2) if match else None}
        name = (self.client.prompt or "").strip("<>[]~*") or self.client.host
        return {"name": name, "model": model, "version": version, "uptime": row.get("uptime"),
                "device_type": self.device_type}

    def _fans(self):
        cmd = COMMANDS["fans"][self.device_type][0]
        fans = []
        for row in self._rows(cmd):
            status = row.get("status") or row.get("state") or ""
            fan_id = row.get("fan_id") or ""
            fan_id = fan_id if fan_id.upper().startswith("FAN") else "FAN%s" % fan_id
            fans.append({"id": fan_id, "slot": row.get("slot"), "status": status,
                         "ok": status.lower() in ("normal", "ok")})
        return fans

    def _power(self):
        cmd = COMMANDS["power"][self.device_type][0]
        supplies = []
        for row in self._rows(cmd):
            state = row.get("state") or ""
            power_id = row.get("power_id") or ""
            power_id = power_id if power_id.upper().startswith("PWR") else "PWR%s" % power_id
            present = (row.get("present") or row.get("online") or "yes").lower() not in ("no", "absent")
            supplies.append({"id": power_id, "slot": row.get("slot"), "state": state, "present": present,
                             "ok": present and state.lower() in ("supply", "normal", "ok")})
        return supplies

    def _cpu(self):
        cmd = COMMANDS["cpu"][self.device_type][0]
        rows = self._rows(cmd)
        if not rows:
            raise SwitchError("%r printed no CPU figure" % cmd, "parse", host=self.client.host, command=cmd)
        if self.device_type == "hp_comware":
            values = [_num(r.get("five_min_pct")) for r in rows]
            values = [v for v in values if v is not None]
            return {"cpu_pct": max(values) if values else None,
                    "five_sec_pct": max(_num(r.get("five_sec_pct")) or 0 for r in rows), "cpus": len(rows)}
        row = rows[0]
        return {"cpu_pct": _num(row.get("five_min_pct")) if row.get("five_min_pct") else _num(row.get("cpu_pct")),
                "five_sec_pct": _num(row.get("five_sec_pct") or row.get("cpu_pct")), "max_pct": _num(row.get("max_pct"))}

    def _memory(self):
        cmd = COMMANDS["memory"][self.device_type][0]
        rows = self._rows(cmd)
        if not rows:
            raise SwitchError("%r printed no memory figure" % cmd, "parse", host=self.client.host, command=cmd)
        if self.device_type == "hp_comware":
            used = [100.0 - _num(r.get("free_ratio_pct")) for r in rows if _num(r.get("free_ratio_pct")) is not None]
            return {"memory_pct": round(max(used), 1) if used else None}
        return {"memory_pct": _num(rows[0].get("used_pct"))}

    def _interfaces(self):
        interfaces = []
        if self.device_type == "hp_comware":
            for row in self._rows("display interface brief"):
                link = (row.get("link") or "").upper()
                interfaces.append({"name": short_ifname(row.get("interface")), "phy": {"UP": "up", "ADM": "admin_down"}.get(
                    link, "down"), "in_errors": None, "out_errors": None, "description": row.get("description") or ""})
            return interfaces
        descriptions = dict((short_ifname(r.get("interface")), r.get("description") or "")
                            for r in self._rows("display interface description"))
        for row in self._rows("display interface brief"):
            name = short_ifname(row.get("interface"))
            phy = (row.get("phy") or "").lower()
            phy = "admin_down" if phy.startswith("*") else ("up" if phy.startswith("up") else "down")
            interfaces.append({"name": name, "phy": phy, "in_errors": _num(row.get("inerrors")),
                               "out_errors": _num(row.get("outerrors")), "description": descriptions.get(name, "")})
        return interfaces

    def _errdown(self):
        cmd = COMMANDS["errdown"][self.device_type][0]
        if self.device_type == "hp_comware":
            # `display interface brief down`: causes other than a missing cable or an operator's shutdown
            return [{"interface": short_ifname(r.get("interface")), "cause": r.get("cause")}
                    for r in self._rows(cmd)
                    if not re.match(r"(?i)(not connected|administratively|adm\b|link-aggregation)", r.get("cause") or "")]
        return [{"interface": short_ifname(r.get("interface")), "cause": r.get("cause")} for r in self._rows(cmd)]

    def _stp(self):
        return [{"instance": r.get("mstid"), "port": short_ifname(r.get("port")), "role": (r.get("role") or "").upper(),
                 "state": (r.get("state") or "").lower()} for r in self._rows("display stp brief")]

    def _temperature(self):
        """Sensors with the device's own limits: CE Major/Fatal, VRP5 Upper (alarm), Comware Warning/AlarmLimit."""
        cmd = COMMANDS["temperature"][self.device_type][0]
        sensors = []
        for row in self._rows(cmd):
            if self.device_type == "hp_comware":
                name, current = "%s %s" % (row.get("slot"), row.get("sensor")), row.get("temperature")
                warning, critical, status = row.get("warning_limit"), row.get("alarm_limit"), None
            elif self.device_type == "huawei_vrpv8":
                name, current = "%s %s" % (row.get("slot"), row.get("sensor")), row.get("current")
                warning, critical, status = row.get("major"), row.get("fatal"), row.get("status")
            else:
                name, current = "slot %s" % row.get("slot"), row.get("current")
                if row.get("sensor") not in (None, "", "NA"):
                    name += " %s/%s" % (row.get("card"), row.get("sensor"))
                warning, critical, status = None, row.get("upper"), row.get("status")
            sensors.append({"id": re.sub(r"\s+", " ", name), "current_c": _num(current), "warning_c": _num(warning),
                            "critical_c": _num(critical), "status": status})
        return sensors

    def _stp_tc(self):
        """Topology-change counters per spanning-tree instance (`display stp` global sections)."""
        out = []
        for row in self._rows("display stp"):
            match = re.match(r"(\d+)\s+days?\s+(\d+)h:(\d+)m:(\d+)s", row.get("time_since_last_tc") or "")
            since = None
            if match:
                days, hours, minutes, secs = (int(x) for x in match.groups())
                since = ((days * 24 + hours) * 60 + minutes) * 60 + secs
            received, own = _num(row.get("tc_received")), _num(row.get("number_of_tc"))
            out.append({"instance": re.sub(r"\s+", " ", row.get("instance") or ""), "bridge": row.get("bridge") or None,
                        "tc_received": int(received) if received is not None else None,
                        "tc_count": int(own) if own is not None else None, "seconds_since_last_tc": since,
                        "last_tc_port": short_ifname(row.get("last_tc_port")) if row.get("last_tc_port") else None})
        return out

    def _ntp(self):
        cmd = COMMANDS["ntp"][self.device_type][0]
        rows = self._rows(cmd)
        if not rows:
            raise SwitchError("%r printed no clock status" % cmd, "parse", host=self.client.host, command=cmd)
        row = rows[0]
        status = (row.get("clock_status") or "").lower()
        stratum = _num(row.get("stratum") or row.get("clock_stratum"))
        return {"synchronized": status == "synchronized", "status": status,
                "stratum": int(stratum) if stratum is not None else None,
                "reference": row.get("reference") or row.get("reference_clock_id")}

    def _alarms(self):
        if self.device_type == "hp_comware":
            alarms = []
            for row in self._rows("display logbuffer summary"):
                for key, level in _LOG_LEVELS:
                    count = int(_num(row.get(key)) or 0)
                    if count:
                        alarms.append({"id": "slot%s-%s" % (row.get("slot"), key), "name": "%d %s log(s) in slot %s"
                                       % (count, level, row.get("slot")), "level": level, "description": "",
                                       "raised": None})
            return alarms
        return [{"id": "%s-%s" % (r.get("alarm_id"), r.get("sequence")), "name": r.get("name"), "level": r.get("level"),
                 "description": r.get("description") or "", "raised": r.get("generated")}
                for r in self._rows("display alarm active") if (r.get("state") or "").lower() != "end"]

    def _lldp(self):
        cmd = COMMANDS["lldp"][self.device_type][0]
        return [{"local_interface": short_ifname(r.get("local_interface")), "neighbor": r.get("neighbor_name") or "",
                 "neighbor_port": r.get("neighbor_interface") or r.get("neighbor_port_id") or "",
                 "chassis_id": r.get("chassis_id") or ""} for r in self._rows(cmd)]

    def _config(self):
        running = self._run("display current-configuration")
        saved = self._run("display saved-configuration")
        diff = config_diff(saved, running)
        return {"running": running, "saved": saved, "unsaved": bool(diff),
                "unsaved_diff": diff, "running_lines": len(config_body(running))}

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TextFSM parsing of switch output: the collection's templates first, then ntc-templates for an allow-list.

Never netmiko's `use_textfsm=True`: on `huawei_vrp` the ntc-templates index sends every command starting
with `d` to the `dir` template, which raises (shared/reference/switch-cli.md 1.13). So only commands known to
have a working ntc template are looked up there; the rest have a template in templates.py or are not parsed.
"""

from __future__ import annotations

import io
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.textfsm.templates import TEMPLATES

PLATFORM = {"huawei": "huawei_vrp", "huawei_vrpv8": "huawei_vrp", "hp_comware": "hp_comware"}

# Commands whose ntc-templates 9.3.0 template parses the real shape (reference 2.1, tests/lab templates test).
NTC_COMMANDS = {
    "huawei_vrp": ("display version", "display interface brief", "display interface description", "display vlan",
                   "display vlan brief", "display port vlan", "display device", "display lldp neighbor",
                   "display ntp status", "display startup"),
    "hp_comware": ("display interface brief", "display vlan all", "display lldp neighbor-information list",
                   "display clock", "display device manuinfo"),
}

# CE legend lines the ntc huawei_vrp interface-brief template does not know (reference 2.4): real CE
# output fails it, so they are dropped before parsing; the data rows are untouched.
_HUAWEI_BRIEF_LEGEND = re.compile(r"^(\(\w+\)|\S*down:|PHY:|InUti)")


def has_template(device_type, command):
    platform = PLATFORM.get(device_type)
    return (platform, command) in TEMPLATES or command in NTC_COMMANDS.get(platform, ())


def parse_with(template_text, data):
    """Rows (lower-case keys) of `data` parsed with a TextFSM template given as text."""
    import textfsm
    fsm = textfsm.TextFSM(io.StringIO(template_text))
    rows = fsm.ParseText(data or "")
    keys = [h.lower() for h in fsm.header]
    return [dict(zip(keys, row)) for row in rows]


def parse(device_type, command, data):
    """Parsed rows for `command`, or None when neither the collection nor the allow-list has a template."""
    platform = PLATFORM.get(device_type)
    own = TEMPLATES.get((platform, command))
    if own is not None:
        return parse_with(own, data)
    if command not in NTC_COMMANDS.get(platform, ()):
        return None
    from ntc_templates.parse import parse_output
    if platform == "huawei_vrp" and command == "display interface brief":
        data = "\n".join(line for line in (data or "").splitlines() if not _HUAWEI_BRIEF_LEGEND.match(line))
    return parse_output(platform=platform, command=command, data=data)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What differs between the switch kinds (netmiko device types), as data (shared/reference/switch-cli.md 3.1-3.4)."""

from __future__ import annotations

HUAWEI_SHORT = {"GE": "GigabitEthernet", "XGE": "XGigabitEthernet", "Eth-Trunk": "Eth-Trunk", "MEth": "MEth",
                "Vlanif": "Vlanif", "LoopBack": "LoopBack"}
COMWARE_SHORT = {"GE": "GigabitEthernet", "XGE": "Ten-GigabitEthernet", "FGE": "FortyGigE", "HGE": "HundredGigE",
                 "MGE": "M-GigabitEthernet", "BAGG": "Bridge-Aggregation", "Vlan": "Vlan-interface", "Loop": "LoopBack"}


class Syntax(object):
    """One switch kind's command forms."""

    def __init__(self, kind, huawei, two_stage, access, trunk, short, error_pattern, save_command, management):
        self.kind = kind
        self.huawei = huawei
        self.two_stage = two_stage          # VRPv8: a per-session candidate, applied by `commit`
        self.access = access                # access VLAN command, without the VLAN
        self.trunk = trunk                  # trunk list command: adds the listed VLANs, its undo removes them
        self.short = short                  # short interface type -> full
        self.error_pattern = error_pattern  # the device's rejection of a line (reference 1.9)
        self.save_command = save_command
        self.management = management        # interface name prefixes of the out-of-band management port

    def vlan_view(self, vid):
        return "vlan %d" % vid


HUAWEI_ERROR = r"^\s*Error\s*:"
# "% " and a word: the error family and the semantic refusals; "%Dec  7 ..." log lines have no space
COMWARE_ERROR = r"^\s*% \w"

SYNTAX = {
    "huawei_vrpv8": Syntax("huawei_vrpv8", True, True, "port default vlan", "port trunk allow-pass vlan", HUAWEI_SHORT,
                           HUAWEI_ERROR, "save", ("MEth",)),
    "huawei": Syntax("huawei", True, False, "port default vlan", "port trunk allow-pass vlan", HUAWEI_SHORT,
                     HUAWEI_ERROR, "save", ("MEth",)),
    "hp_comware": Syntax("hp_comware", False, False, "port access vlan", "port trunk permit vlan", COMWARE_SHORT,
                         COMWARE_ERROR, "save force", ("M-GigabitEthernet",)),
}
ALIASES = {"huawei_vrpv8_ssh": "huawei_vrpv8", "huawei_ssh": "huawei", "huawei_vrp": "huawei", "huawei_vrp_ssh": "huawei",
           "hp_comware_ssh": "hp_comware", "h3c_comware": "hp_comware", "h3c_comware_ssh": "hp_comware"}


def syntax_for(device_type):
    """The Syntax of a netmiko device type (its _ssh aliases too); ValueError for any other."""
    kind = ALIASES.get(device_type, device_type)
    if kind not in SYNTAX:
        raise ValueError("switch_config supports device types %s, not %r" % (", ".join(sorted(SYNTAX)), device_type))
    return SYNTAX[kind]

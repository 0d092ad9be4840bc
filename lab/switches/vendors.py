"""What differs between the three switch kinds: names, texts, commands. Texts come from
shared/reference/switch-cli.md; the ones it marks [unverified] are marked so here too."""
from __future__ import annotations


class Vendor:
    kind = ""
    huawei = True
    two_stage = False              # VRPv8: per-session candidate + commit
    error_prefix = "Error: "
    paging_command = "screen-length 0 temporary"
    paging_reply = "Info: The configuration takes effect on the current user terminal interface only."
    system_view_banner = "Enter system view, return user view with Ctrl+Z."
    # full interface type -> the short form display commands print
    port_types: dict[str, str] = {}
    access_command = "port default vlan"
    trunk_command = "port trunk allow-pass vlan"
    ntp_command = "ntp-service unicast-server"
    top_indent = ""                # Comware indents global commands by one space

    def short_name(self, name: str) -> str:
        for full, short in sorted(self.port_types.items(), key=lambda kv: -len(kv[0])):
            if name.startswith(full) and name[len(full):len(full) + 1].isdigit():
                return short + name[len(full):]
        return name

    def banner(self, now: str) -> str:
        return ("Info: The max number of VTY users is 21, the number of current VTY users online is 1, "
                "and total number of terminal users online is 1.\r\n"
                f"      The current login time is {now}.\r\n")


class HuaweiCE(Vendor):
    kind = "huawei_vrpv8"
    two_stage = True
    system_view_banner = "Enter system view, return user view with return command."
    port_types = {"10GE": "10GE", "25GE": "25GE", "40GE": "40GE", "100GE": "100GE", "MEth": "MEth",
                  "Eth-Trunk": "Eth-Trunk", "Vlanif": "Vlanif", "LoopBack": "LoopBack"}
    ntp_command = "ntp unicast-server"


class HuaweiVRP5(Vendor):
    kind = "huawei"
    port_types = {"GigabitEthernet": "GE", "XGigabitEthernet": "XGE", "MEth": "MEth",
                  "Eth-Trunk": "Eth-Trunk", "Vlanif": "Vlanif", "LoopBack": "LoopBack"}


class Comware(Vendor):
    kind = "hp_comware"
    huawei = False
    error_prefix = "% "
    paging_command = "screen-length disable"
    paging_reply = "% Screen-length configuration is disabled for current user."
    system_view_banner = "System View: return to User View with Ctrl+Z."      # [unverified] transcripts
    port_types = {"GigabitEthernet": "GE", "Ten-GigabitEthernet": "XGE", "FortyGigE": "FGE",
                  "HundredGigE": "HGE", "M-GigabitEthernet": "MGE", "Bridge-Aggregation": "BAGG",
                  "Vlan-interface": "Vlan", "LoopBack": "Loop"}
    access_command = "port access vlan"
    trunk_command = "port trunk permit vlan"
    top_indent = " "

    def banner(self, now: str) -> str:
        star = "*" * 78
        return ("\r\n" + star + "\r\n"
                "* Copyright (c) 2004-2021 New H3C Technologies Co., Ltd. All rights reserved.*\r\n"
                "* Without the owner's prior written consent,                                 *\r\n"
                "* no decompiling or reverse-engineering shall be allowed.                    *\r\n"
                + star + "\r\n\r\n")


VENDORS = {v.kind: v() for v in (HuaweiCE, HuaweiVRP5, Comware)}
# world spellings -> netmiko device types
ALIASES = {"huawei_ce": "huawei_vrpv8", "vrpv8": "huawei_vrpv8", "huawei_vrp": "huawei", "vrp5": "huawei",
           "h3c_comware": "hp_comware", "comware": "hp_comware"}


def vendor(kind: str) -> Vendor:
    kind = ALIASES.get(kind, kind)
    if kind not in VENDORS:
        raise ValueError(f"unknown switch kind {kind!r}; valid: {', '.join(VENDORS)}")
    return VENDORS[kind]

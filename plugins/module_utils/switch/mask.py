# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets in a switch configuration, masked before it is stored, diffed or reported.

Local-user passwords, SNMP communities and keys (RADIUS/HWTACACS shared keys, OSPF/BGP/NTP
authentication, IKE pre-shared keys) appear in `display current-configuration` in cipher or plain form on
both vendors; a cipher text is still a credential (it logs in on another box of the same family), so the
value is replaced, the keyword kept: the diff still shows *that* a password changed.
"""

from __future__ import annotations

import re

MASK = "******"

# (regex, group number of the secret) - the secret is the last word after the keyword and its form.
_RULES = (
    # local-user NAME password irreversible-cipher|cipher|simple SECRET (Huawei); password hash|cipher|simple SECRET (Comware)
    re.compile(r"(\bpassword\s+(?:irreversible-cipher|cipher|simple|hash)\s+)(\S+)", re.I),
    # snmp-agent community read|write [cipher|simple] SECRET
    re.compile(r"(\bsnmp-agent\s+community\s+(?:read|write)\s+(?:cipher\s+|simple\s+)?)(\S+)", re.I),
    # snmp-agent usm-user ... authentication-mode sha cipher X privacy-mode aes128 cipher Y
    re.compile(r"(\b(?:authentication-mode|privacy-mode)\s+\S+\s+(?:\d+\s+)?(?:cipher\s+|simple\s+|plain\s+)?)(\S+)", re.I),
    # radius/hwtacacs shared keys, ospf/bgp/ntp authentication keys, pre-shared keys
    re.compile(r"(\b(?:shared-key|pre-shared-key|authentication-key)\s+(?:cipher\s+|simple\s+)?)(\S+)", re.I),
    # a bare `key` only with its form keyword (`key cipher X`, `key md5 1 cipher X`): `description key to ...` stays
    re.compile(r"(\bkey\s+(?:md5\s+\d+\s+|hmac-sha256\s+\d+\s+)?(?:cipher|simple|plain)\s+)(\S+)", re.I),
    re.compile(r"(\bsuper\s+password\s+(?:level\s+\d+\s+)?(?:cipher|simple|irreversible-cipher)\s+)(\S+)", re.I),
)


def mask_line(line):
    if line.strip().startswith("description "):
        return line
    for rule in _RULES:
        line = rule.sub(lambda m: m.group(1) + MASK, line)
    return line


def mask_config(text, extra=()):
    """The configuration with every secret value masked; `extra` are literal strings to mask as well
    (the login password, in case a banner or description repeats it)."""
    if text is None:
        return None
    out = "\n".join(mask_line(line) for line in str(text).splitlines())
    for value in extra:
        if value:
            out = out.replace(value, MASK)
    return out

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets in configuration lines (local-user passwords, SNMP communities, keys) masked for diffs and reports."""

from __future__ import annotations

import re

MASK = "******"
# the word after one of these is a secret, unless it is itself one of the keywords (`password irreversible-cipher X`)
SECRET_WORDS = ("password", "cipher", "irreversible-cipher", "simple", "community", "key", "secret", "authentication-key",
                "shared-key", "pre-shared-key", "authentication-password", "privacy-password", "plain", "hash")
KEYWORDS = set(SECRET_WORDS) | set(("read", "write", "mib-view", "acl", "level", "service-type", "sha", "md5", "aes128",
                                    "des56", "hmac-sha", "hmac-md5", "authentication", "privacy", "cipher-password"))


def mask_line(line):
    if str(line).strip().startswith(("description ", "name ")):
        return line            # free text, never a secret by syntax
    words = re.split(r"(\s+)", str(line))
    out, secret_next = [], False
    for word in words:
        if not word or word.isspace():
            out.append(word)
            continue
        low = word.lower()
        if secret_next and low not in KEYWORDS:
            out.append(MASK)
            secret_next = False
            continue
        # `community read X`: a keyword between the secret word and the secret keeps it pending
        secret_next = low in SECRET_WORDS or (secret_next and low in KEYWORDS)
        out.append(word)
    return "".join(out)


def mask_lines(lines):
    return [mask_line(l) for l in lines or ()]


def mask_text(text):
    return "\n".join(mask_line(l) for l in str(text or "").split("\n"))

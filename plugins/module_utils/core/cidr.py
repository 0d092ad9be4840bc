# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CIDR validation and overlap checks both clouds' VPC pre-checks use (stdlib ipaddress).

Pure functions: the per-cloud pre-check modules collect the existing networks, these decide.
"""

from __future__ import annotations

import ipaddress


class CidrError(ValueError):
    """A CIDR that is not valid for the purpose (syntax, host bits, prefix length)."""


def parse_cidr(text, what="CIDR", min_prefix=None, max_prefix=None):
    """An IPv4Network from 'a.b.c.d/n'; host bits set, missing prefix or bad syntax is a CidrError.

    `min_prefix`/`max_prefix` bound the prefix length (Apsara VPCs: /8 to /28; vSwitches: /16 to /29).
    """
    if not isinstance(text, str) or "/" not in text:
        raise CidrError("%s %r is not in a.b.c.d/n form" % (what, text))
    try:
        net = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError as exc:
        raise CidrError("%s %r is not a valid network: %s" % (what, text, exc)) from None
    if net.version != 4:
        raise CidrError("%s %r: only IPv4 is supported" % (what, text))
    if min_prefix is not None and net.prefixlen < min_prefix:
        raise CidrError("%s %r: prefix /%d is shorter than /%d" % (what, text, net.prefixlen, min_prefix))
    if max_prefix is not None and net.prefixlen > max_prefix:
        raise CidrError("%s %r: prefix /%d is longer than /%d" % (what, text, net.prefixlen, max_prefix))
    return net


def contains(outer, inner):
    """True when CIDR `inner` lies inside CIDR `outer` (both text or networks)."""
    o = outer if isinstance(outer, ipaddress.IPv4Network) else ipaddress.ip_network(outer)
    i = inner if isinstance(inner, ipaddress.IPv4Network) else ipaddress.ip_network(inner)
    return i.subnet_of(o)


def overlaps(candidate, existing):
    """The entries of `existing` ({"cidr", "kind", "id", "name"} dicts) whose CIDR overlaps `candidate`.

    Entries with an unparsable CIDR (some APIs return "" for a network without ranges) are skipped.
    """
    cand = candidate if isinstance(candidate, ipaddress.IPv4Network) else ipaddress.ip_network(candidate)
    out = []
    for e in existing:
        try:
            net = ipaddress.ip_network(e["cidr"], strict=False)
        except (ValueError, KeyError, TypeError):
            continue
        if net.version == cand.version and net.overlaps(cand):
            out.append(e)
    return out


def describe(entries):
    """'vpc vpc-prod (vpc-123, 10.0.0.0/16), ...' for error messages."""
    return ", ".join("%s %s (%s, %s)" % (e.get("kind", "network"), e.get("name") or "-", e.get("id") or "-", e.get("cidr"))
                     for e in entries)


def range_of(cidr):
    """First and last usable host address and the netmask/gateway ZStack-style ranges use."""
    net = ipaddress.ip_network(cidr)
    hosts = list(net.hosts()) if net.num_addresses <= 4096 else None
    first = hosts[0] if hosts else net.network_address + 1
    last = hosts[-1] if hosts else net.broadcast_address - 1
    return {"gateway": str(first), "start_ip": str(first + 1), "end_ip": str(last), "netmask": str(net.netmask)}

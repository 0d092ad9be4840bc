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


def network(cidr):
    """The network of a CIDR text (host bits allowed) or a network as is; None when it is not one.

    Some APIs answer "" for a network without ranges: such entries never overlap anything."""
    if isinstance(cidr, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return cidr
    try:
        return ipaddress.ip_network(cidr, strict=False)
    except (ValueError, TypeError):
        return None


def contains(outer, inner, proper=False):
    """True when CIDR `inner` lies inside CIDR `outer` (with `proper`: and is not `outer` itself).

    Text or networks; False when either is not a network."""
    o, i = network(outer), network(inner)
    if o is None or i is None or o.version != i.version:
        return False
    return i.subnet_of(o) and not (proper and i == o)


def _cidr_of(entry, key):
    if isinstance(entry, (str, ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return entry
    if callable(key):
        return key(entry)
    return (entry or {}).get(key) if isinstance(entry, dict) else None


def overlapping(candidate, existing, key="cidr"):
    """The entries of `existing` whose CIDR overlaps CIDR `candidate`, in their order.

    An entry is a CIDR (text or network) or a mapping whose CIDR is `entry[key]` (`key` may be a function
    of the entry).  Entries without a parsable CIDR are skipped; an unparsable candidate overlaps nothing.
    """
    cand = network(candidate)
    if cand is None:
        return []
    out = []
    for entry in existing or ():
        net = network(_cidr_of(entry, key))
        if net is not None and net.version == cand.version and net.overlaps(cand):
            out.append(entry)
    return out


def overlapping_pairs(left, right=None, key="cidr"):
    """[(a, b)]: every entry of `left` with every entry of `right` whose CIDRs overlap; without `right`,
    every overlapping pair within `left` (each pair once, an entry never with itself)."""
    if right is None:
        return [(a, b) for n, a in enumerate(left) for b in overlapping(_cidr_of(a, key), left[n + 1:], key)]
    return [(a, b) for a in left for b in overlapping(_cidr_of(a, key), right, key)]


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

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC-to-VPC on ZStack, which has no peering API (shared/reference/zstack-api.md 3.4).

* Both networks on one VPC router: the router already routes between them (mode shared_router,
  nothing to do); a peer network on no router can be attached to the local router (shared_router).
* Networks on two routers: a route table per router with an entry toward the other side's CIDRs,
  next hop the other router's IP on a network both routers have a NIC on (mode router_routes).
"""

from __future__ import annotations

import ipaddress

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import overlapping_pairs
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import (
    Step, Validation, nic_on, range_cidr, require_names, same_router, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.network import attach_step
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.routes import (
    connected_networks, default_table_name, live_route_check, route_table_steps)

MODES = ("auto", "shared_router", "router_routes")


def _ranges(view):
    """[{cidr, gateway}] of a network view (a planned network: its CIDRs, gateway not known yet)."""
    inv = view.get("inventory")
    if inv:
        return [{"cidr": range_cidr(r), "gateway": r.get("gateway")} for r in as_list(inv.get("ipRanges"))]
    return [{"cidr": c, "gateway": str(ipaddress.ip_network(c).network_address + 1)} for c in view.get("cidrs") or []]


def _shared_networks(reader, lr, pr):
    """L3s both routers have a NIC on, as [(name, uuid)] sorted by name."""
    peer_l3s = {n["l3NetworkUuid"] for n in pr.get("nics") or []}
    out = []
    for nic in lr.get("nics") or []:
        if nic["l3NetworkUuid"] in peer_l3s:
            l3 = reader.l3(nic["l3NetworkUuid"]) or {}
            out.append((l3.get("name") or nic["l3NetworkUuid"], nic["l3NetworkUuid"]))
    return sorted(set(out))


def plan_peering(reader, params):
    """(steps, info): info is {mode, reason, shared_network, routes} for the module's result."""
    require_names(params, ("name", "local_network", "peer_network"),
                  ("shared_network", "local_route_table", "peer_route_table"))
    name = params["name"]
    v = Validation("VPC peering %s" % name)
    local = reader.network(params["local_network"])
    peer = reader.network(params["peer_network"])
    for role, ref, view in (("local", params["local_network"], local), ("peer", params["peer_network"], peer)):
        v.check("%s_network_exists" % role, view is not None, "%s network %r %s" % (
            role, ref, "exists" if view else "does not exist (nor is it created earlier in the spec)"),
            "Network exists", "网络存在")
    if local is None or peer is None:
        v.raise_if_failed()
    _check_overlap(local, peer, v)
    lr, pr = local.get("router"), peer.get("router")
    v.check("local_router", lr is not None, "local network %s is %s" % (
        local["name"], "on VPC router %s" % lr["name"] if lr else "on no VPC router"),
        "Local network on a VPC router", "本端网络在 VPC 路由器上")
    if lr is None:
        v.raise_if_failed()
    mode = params.get("mode") or "auto"
    if pr is not None and same_router(lr, pr):
        steps, info = _same_router(name, local, peer, lr)
    elif pr is None:
        v.check("peer_router_for_mode", mode != "router_routes", "peer network %s is on no VPC router, so there is"
                " no router to route from (mode router_routes)" % peer["name"], "Mode fits the networks", "模式与网络相符")
        steps, info = _attach_peer(local, peer, lr)
    else:
        v.check("peer_router_for_mode", mode != "shared_router", "peer network %s is attached to VPC router %s and a"
                " VPC network sits on one router only: use mode router_routes (or auto)" % (peer["name"], pr["name"]),
                "Mode fits the networks", "模式与网络相符")
        steps, info = _router_routes(reader, params, v, local, peer, lr, pr)
    v.raise_if_failed()
    if steps:
        steps[0].pre_checks = v.checks
    return steps, info


def _check_overlap(local, peer, v):
    clash = overlapping_pairs(local.get("cidrs") or [], peer.get("cidrs") or [])
    same = local.get("name") == peer.get("name")
    v.check("peer_overlap", not clash and not same,
            "the same network on both sides" if same else (
                "%s overlaps %s" % (", ".join(a for a, _b in clash), ", ".join(b for _a, b in clash)) if clash
                else "%s and %s do not overlap" % (", ".join(local.get("cidrs") or []), ", ".join(peer.get("cidrs") or []))),
            "Peers do not overlap", "两端网段不重叠")


def _titled(steps, reason):
    """Every step of the peering carries the reason for its mode, so the change report says why."""
    for step in steps:
        step.title = reason
    return steps


def _same_router(name, local, peer, router):
    reason = bilingual(
        "%s and %s are both attached to VPC router %s, which routes between its networks: nothing to add."
        % (local["name"], peer["name"], router["name"]),
        "%s 与 %s 都连接在 VPC 路由器 %s 上，由它在两个网络之间转发，无需额外配置。" % (local["name"], peer["name"], router["name"]))

    def verify(run):
        wanted = [{"destination": c, "type": "DirectConnect"} for c in (local.get("cidrs") or []) + (peer.get("cidrs") or [])]
        return [live_route_check(run.client, router, wanted, "connected_routes")]

    before = {"mode": "shared_router", "router": router["name"]}
    step = Step("connect_vpc_networks", target("vpc_peering", name), before=before, verify=verify if router.get("uuid") else None)
    return _titled([step], reason), {"mode": "shared_router", "reason": reason, "shared_network": None, "routes": []}


def _attach_peer(local, peer, router):
    reason = bilingual(
        "%s is on no VPC router: attaching it to %s, the router of %s, puts both on one router, which routes"
        " between them." % (peer["name"], router["name"], local["name"]),
        "%s 尚未连接任何 VPC 路由器：将其连接到 %s（%s 所在的路由器）后，两个网络位于同一路由器，由它转发。"
        % (peer["name"], router["name"], local["name"]))
    ranges = _ranges(peer)
    ref = {"uuid": peer.get("uuid"), "name": peer["name"]}
    step = attach_step(ref, router, ranges[0]["gateway"] if ranges else None, ranges)
    return _titled([step], reason), {"mode": "shared_router", "reason": reason, "shared_network": None, "routes": []}


def _router_routes(reader, params, v, local, peer, lr, pr):
    shared = _shared_networks(reader, lr, pr)
    wanted = params.get("shared_network")
    if wanted:
        pick = [s for s in shared if wanted in s]
        v.check("shared_network", bool(pick), "routers %s and %s %s network %s" % (
            lr["name"], pr["name"], "share" if pick else "do not share", wanted),
            "Routers share the network", "两个路由器共享该网络")
    else:
        pick = shared
        v.check("shared_network", bool(pick), "routers %s and %s %s" % (
            lr["name"], pr["name"], "share %s" % ", ".join(s[0] for s in shared) if shared else
            "share no network: attach a common public network to both routers, or put both VPC networks on one"
            " router (mode shared_router)"), "Routers share a network", "两个路由器共享网络")
    if not pick:
        return [], {}
    net_name, net_uuid = pick[0]
    lip, pip = (nic_on(lr, net_uuid) or {}).get("ip"), (nic_on(pr, net_uuid) or {}).get("ip")
    local_table = params.get("local_route_table") or default_table_name(reader, lr)
    peer_table = params.get("peer_route_table") or default_table_name(reader, pr)
    to_peer = [{"destination": c, "next_hop": pip, "distance": None} for c in peer.get("cidrs") or []]
    to_local = [{"destination": c, "next_hop": lip, "distance": None} for c in local.get("cidrs") or []]
    steps = route_table_steps(reader, v, lr, local_table, to_peer, connected_networks(reader, lr))
    steps += route_table_steps(reader, v, pr, peer_table, to_local, connected_networks(reader, pr))
    reason = bilingual(
        "%s is on VPC router %s and %s on VPC router %s; the routers share network %s, so each router gets a route"
        " toward the other side's CIDR via the other router's IP on %s." % (
            local["name"], lr["name"], peer["name"], pr["name"], net_name, net_name),
        "%s 位于 VPC 路由器 %s，%s 位于 VPC 路由器 %s；两个路由器共享网络 %s，因此在每个路由器上添加指向对端网段的路由，"
        "下一跳为对端路由器在 %s 上的 IP。" % (local["name"], lr["name"], peer["name"], pr["name"], net_name, net_name))
    routes = [{"router": lr["name"], "route_table": local_table, "destination": r["destination"], "next_hop": r["next_hop"]}
              for r in to_peer]
    routes += [{"router": pr["name"], "route_table": peer_table, "destination": r["destination"], "next_hop": r["next_hop"]}
               for r in to_local]
    return _titled(steps, reason), {"mode": "router_routes", "reason": reason, "shared_network": net_name, "routes": routes}

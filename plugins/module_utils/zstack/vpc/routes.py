# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vRouter route tables: the steps that put static routes on a VPC router, and the live-route check.

ZStack rules this plans around (VRouterRouteApiInterceptor): a router has at most one route table
attached; attaching needs the VRouterRoute service on one of the router's non-system L3s; a
UserStatic entry needs a target, and 0.0.0.0/0 is refused.  The API would accept a second entry for
a destination with another next hop; we never do: a destination already routed elsewhere is a FAIL.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import CidrError, describe, overlapping, parse_cidr
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import (
    ROUTE_SERVICE, Step, Validation, require_names, target)

REFS_PATH = "/vrouter-route-tables/virtual-router-refs"


def live_routes(client, router_uuid):
    body = client.get("/vrouter-route-tables/vrouter/%s" % router_uuid, api="GetVRouterRouteTable")
    return body.get("inventories", []) if isinstance(body, dict) else []


def live_route_check(client, router, wanted, check_id):
    """PASS when the router's live routing table has every wanted {destination, type?, target?}."""
    title_en, title_zh = "Router's live routes point where intended", "路由器实时路由指向预期"
    try:
        routes = live_routes(client, router["uuid"])
    except ZStackError as err:
        return check_result(check_id, False, "could not read the live routes of %s: %s" % (router["name"], err),
                            title_en, title_zh, skipped=True)
    missing = []
    for want in wanted:
        if not any(r.get("destination") == want["destination"]
                   and want.get("type") in (None, r.get("type"))
                   and want.get("target") in (None, r.get("target")) for r in routes):
            missing.append("%s%s" % (want["destination"], " via %s" % want["target"] if want.get("target") else ""))
    message = ("router %s routes %s" % (router["name"], ", ".join(w["destination"] for w in wanted)) if not missing
               else "router %s has no live route for %s" % (router["name"], ", ".join(missing)))
    return check_result(check_id, not missing, message, title_en, title_zh)


def parse_routes(items, v):
    """[{destination, next_hop, distance}] from the module's routes; FAIL checks for bad ones."""
    out = []
    for item in items or []:
        try:
            net = parse_cidr(item.get("destination_cidr"), "destination_cidr")
        except CidrError as err:
            v.check("route_destination", False, str(err), "Route destination is a CIDR", "路由目的是 CIDR")
            continue
        if net.prefixlen == 0:
            v.check("route_destination", False, "a default route (0.0.0.0/0) is not allowed on a vRouter route table",
                    "Route destination is not the default route", "路由目的不是默认路由")
            continue
        try:
            hop = str(ipaddress.IPv4Address(str(item.get("next_hop"))))
        except ValueError:
            v.check("route_next_hop", False, "next_hop %r of %s is not an IPv4 address" % (item.get("next_hop"), net),
                    "Next hop is an IPv4 address", "下一跳是 IPv4 地址")
            continue
        out.append({"destination": str(net), "next_hop": hop, "distance": item.get("distance")})
    return out


def router_table_uuids(reader, router):
    if not router or not router.get("uuid"):
        return []
    return [r["routeTableUuid"] for r in reader.query(REFS_PATH, virtualRouterVmUuid=router["uuid"])]


def default_table_name(reader, router):
    """The table a router already uses (or an earlier spec item gives it), else rt-<router name>."""
    planned = reader.planned.get("route_table", router["name"])
    if planned:
        return planned
    for table_uuid in router_table_uuids(reader, router):
        found = reader.query("/vrouter-route-tables", uuid=table_uuid)
        if found:
            return found[0]["name"]
    return "rt-%s" % router["name"]


def _route_service_check(reader, router, v):
    if router.get("planned"):
        v.check("route_service", True, "router %s is created by this change" % router["name"],
                "Router has the VRouterRoute service", "路由器有 VRouterRoute 服务", skipped=True)
        return
    found = False
    for nic in router.get("nics") or []:
        l3 = reader.l3(nic["l3NetworkUuid"])
        if l3 and not l3.get("system") and any(s.get("networkServiceType") == ROUTE_SERVICE
                                               for s in as_list(l3.get("networkServices"))):
            found = True
            break
    v.check("route_service", found, "router %s has %s network with the VRouterRoute service" % (
        router["name"], "a" if found else "no"), "Router has the VRouterRoute service", "路由器有 VRouterRoute 服务")


def route_table_steps(reader, v, router, table_name, routes, connected=None):
    """Steps: create the table, add each route, attach the table to the router (FAIL checks into v).

    `routes` are {destination, next_hop, distance}; a next_hop of None means "the IP the router named
    in `hop_label` gets" (a router this change creates).  `connected` ({cidr, kind, id, name}) are
    networks the router is on: a destination overlapping one is a FAIL.
    """
    table = reader.route_table(table_name)
    attached = router_table_uuids(reader, router)
    planned_other = reader.planned.get("route_table", router["name"])
    if (attached and (table is None or table["uuid"] not in attached)) or (planned_other and planned_other != table_name):
        names = [planned_other] if planned_other else [
            (reader.query("/vrouter-route-tables", uuid=u) or [{"name": u}])[0]["name"] for u in attached]
        v.check("route_table_slot", False, "VPC router %s already uses route table %s and ZStack attaches one route table"
                " per router: use route_table %s" % (router["name"], ", ".join(names), names[0]),
                "Router's route table slot is free or ours", "路由器的路由表位置空闲或已是本表")
    if not attached:
        _route_service_check(reader, router, v)
    entries = (table or {}).get("routeEntries") or []
    for route in routes:
        same = [e for e in entries if e.get("destination") == route["destination"]]
        ours = [e for e in same if e.get("type") == "UserStatic" and e.get("target") == route["next_hop"]]
        if same and not ours:
            v.check("route_destination_free", False, "%s in route table %s already goes to %s; it is not overwritten"
                    % (route["destination"], table_name, ", ".join(str(e.get("target") or e.get("type")) for e in same)),
                    "Destination not routed elsewhere", "目的网段未指向别处")
        hits = overlapping(route["destination"], connected or [])
        if hits:
            v.check("route_not_connected", False, "%s overlaps %s, a network router %s is on"
                    % (route["destination"], describe(hits), router["name"]),
                    "Destination is not a connected network", "目的网段不是直连网络")
    reader.planned.add("route_table", router["name"], table_name)

    ref = {"uuid": table["uuid"] if table else None, "name": table_name}
    steps = [_table_step(ref, table)]
    steps += [_entry_step(ref, route, entries) for route in routes]
    steps.append(_attach_step(ref, router, attached, routes))
    return steps


def _table_step(ref, table):
    tgt = target("route_table", ref["name"], ref["uuid"])
    if table is not None:
        return Step("create_route_table", tgt, before={"uuid": table["uuid"], "name": table["name"]})

    def apply(run, rec):
        inv = run.create(rec, "route_table", "/vrouter-route-tables", {"name": ref["name"]}, "CreateVRouterRouteTable",
                         ref["name"])[0]
        ref["uuid"] = inv["uuid"]
        return {"uuid": inv["uuid"], "name": inv.get("name")}

    return Step("create_route_table", tgt, after={"uuid": None, "name": ref["name"]}, apply=apply)


def _entry_step(ref, route, entries):
    tgt = target("route_entry", "%s:%s" % (ref["name"], route["destination"]))
    mine = next((e for e in entries if e.get("destination") == route["destination"]
                 and e.get("type") == "UserStatic" and e.get("target") == route["next_hop"]), None)
    state = {"destination": route["destination"], "next_hop": route["next_hop"]}
    if mine is not None:
        tgt["id"] = mine["uuid"]
        return Step("add_route_entry", tgt, before=dict(state, uuid=mine["uuid"]))

    def apply(run, rec):
        body = {"destination": route["destination"], "target": route["next_hop"], "type": "UserStatic"}
        if route.get("distance"):
            body["distance"] = int(route["distance"])
        inv = run.create(rec, "route_entry", "/vrouter-route-tables/%s/route-entries" % ref["uuid"], body,
                         "AddVRouterRouteEntry", tgt["name"], {"routeTableUuid": ref["uuid"]})[0]
        return dict(state, uuid=inv["uuid"])

    return Step("add_route_entry", tgt, after=dict(state, uuid=None), apply=apply)


def _attach_step(ref, router, attached, routes):
    tgt = target("route_table_attachment", "%s@%s" % (ref["name"], router["name"]))
    wanted = [{"destination": r["destination"], "target": r["next_hop"], "type": "UserStatic"} for r in routes]

    def verify(run):
        return [live_route_check(run.client, router, wanted, "static_routes")]

    if ref["uuid"] and ref["uuid"] in attached:
        return Step("attach_route_table", tgt, before={"router": router["name"], "attached": True}, verify=verify)

    def apply(run, rec):
        run.attach(rec, "route_table_attachment", ref["uuid"], "POST", "/vrouter-route-tables/%s/attach" % ref["uuid"],
                   {"virtualRouterVmUuid": router["uuid"]}, "AttachVRouterRouteTableToVRouter", tgt["name"],
                   keys={"virtualRouterVmUuid": router["uuid"]})
        return {"router": router["name"], "attached": True}

    return Step("attach_route_table", tgt, before={"router": router["name"], "attached": False},
                after={"router": router["name"], "attached": True}, apply=apply, verify=verify)


def connected_networks(reader, router):
    """The networks a router has NICs on, as {cidr, kind, id, name} (planned routers: none known)."""
    out = []
    for nic in (router or {}).get("nics") or []:
        if nic.get("ip") and nic.get("netmask"):
            net = ipaddress.ip_network("%s/%s" % (nic["ip"], nic["netmask"]), strict=False)
            out.append({"cidr": str(net), "kind": "network of router %s" % router["name"], "id": nic["l3NetworkUuid"],
                        "name": nic["l3NetworkUuid"]})
    return out


def plan_service_routes(reader, params):
    """zstack_vpc_route: routes from a VPC router toward service networks."""
    require_names(params, ("vpc_router",), ("route_table",))
    label = "routes of VPC router %s" % params["vpc_router"]
    v = Validation(label)
    routes = parse_routes(params.get("routes"), v)
    router = reader.router(params["vpc_router"])
    v.check("router_exists", router is not None, "VPC router %r %s" % (
        params["vpc_router"], "exists" if router else "does not exist (nor is it created earlier in the spec)"),
        "VPC router exists", "VPC 路由器存在")
    if router is None:
        v.raise_if_failed()
    table_name = params.get("route_table") or default_table_name(reader, router)
    steps = route_table_steps(reader, v, router, table_name, routes, connected_networks(reader, router))
    v.raise_if_failed()
    steps[0].pre_checks = v.checks
    return steps


def route_result(reader, params, steps, check_mode):
    """zstack_vpc_route's route_table and routes after the run (check mode: as planned)."""
    table_name = steps[0].target["name"]
    router = reader.router(params["vpc_router"]) or {}
    table = None if check_mode else reader.route_table(table_name)
    entries = (table or {}).get("routeEntries") or []
    routes = []
    for step in steps[1:-1]:
        state = step.after or step.before
        mine = next((e for e in entries if e.get("destination") == state["destination"]
                     and e.get("target") == state["next_hop"]), None)
        routes.append({"destination": state["destination"], "next_hop": state["next_hop"],
                       "uuid": mine["uuid"] if mine else state.get("uuid")})
    return {"route_table": {"uuid": table["uuid"] if table else steps[0].target.get("id"), "name": table_name,
                            "router_uuid": router.get("uuid")}, "routes": routes}

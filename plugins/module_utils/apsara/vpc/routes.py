# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route entries on Apsara: the `create_route_entry` step (peerings use it too) and module apsara_route_entry
(VPC-to-cloud-service routes toward a service network).

Wire facts (Vpc 2016-04-28): CreateRouteEntry (RouteTableId, DestinationCidrBlock, NextHopType, NextHopId,
RouteEntryName, ClientToken) -> RouteEntryId, Pending -> Available; DescribeRouteEntryList lists a table's
entries with NextHops.NextHop[]{NextHopType, NextHopId}.  A table holds one entry per destination: a
destination already routed elsewhere is an input error, never overwritten.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import is_planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import (
    find_instance, find_vpc, nat_gateways, next_hop, route_entries, route_entry, route_table_id, route_view,
    router_interfaces)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import (
    Validation, check, cidr_problem, resource_step)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import contains, overlapping

CREATE_ROUTE = "create_route_entry"
# next hop types of CreateRouteEntry; LOOKED_UP ones are looked up by name or id in the VPC, the others taken as ids
LOOKED_UP = ("Instance", "RouterInterface", "NatGateway")
HOP_TYPES = LOOKED_UP + ("HaVip", "NetworkInterface", "VpnGateway", "IPv6Gateway",
                         "Ipv4Gateway", "Attachment", "VpcPeer", "GatewayEndpoint", "Ecr")

ITEM_SPEC = dict(
    vpc=dict(type="str", required=True),
    routes=dict(type="list", elements="dict", required=True, options=dict(
        destination_cidr=dict(type="str", required=True),
        next_hop_type=dict(type="str", required=True, choices=list(HOP_TYPES)),
        next_hop=dict(type="str", required=True),
        name=dict(type="str"))),
)


def route_label(vpc_ref, destination):
    """A route's target name in the change records (and the plan): the VPC as the spec names it + destination."""
    return "%s:%s" % (vpc_ref, destination)


def destination_problems(vpc_name, vpc_cidr, destination):
    """Why a destination cannot be routed out of this VPC: bad syntax, or it overlaps the VPC itself.

    A destination that contains the whole VPC (0.0.0.0/0, 10.0.0.0/8 around a 10.x VPC) is fine: the
    VPC's own system routes are more specific and keep its traffic inside."""
    bad = cidr_problem(destination, "route destination")
    if bad:
        return [bad]
    if overlapping(destination, [vpc_cidr]) and not contains(destination, vpc_cidr, proper=True):
        return ["route destination %s overlaps VPC %s itself (%s)" % (destination, vpc_name, vpc_cidr)]
    return []


def existing_route(entries, destination, hop_id):
    """(the entry for this destination or None, a problem when it points elsewhere)."""
    found = next((e for e in entries if e.get("DestinationCidrBlock") == destination), None)
    if found is None:
        return None, None
    hop_type, current = next_hop(found)
    if hop_id and current == hop_id:
        return found, None
    return found, "destination %s is already routed to %s %s (entry %s); a change never overwrites a route" % (
        destination, hop_type, current or "-", found["RouteEntryId"])


def resolve_hop(client, vpc, hop_type, ref):
    """The next hop id for a name or id: an instance, router interface or NAT gateway of this VPC."""
    if hop_type in LOOKED_UP and is_planned(vpc):
        return None         # nothing is in a VPC still to be created
    if hop_type == "Instance":
        inst = find_instance(client, ref)
        if inst is not None and (inst.get("VpcAttributes") or {}).get("VpcId") == vpc["VpcId"]:
            return inst["InstanceId"]
        return None
    if hop_type == "RouterInterface":
        found = [r for r in router_interfaces(client, RouterId=vpc["VRouterId"]) if ref in (r.get("Name"), r["RouterInterfaceId"])]
        return found[0]["RouterInterfaceId"] if found else None
    if hop_type == "NatGateway":
        found = [n for n in nat_gateways(client, vpc["VpcId"]) if ref in (n.get("Name"), n["NatGatewayId"])]
        return found[0]["NatGatewayId"] if found else None
    return ref


def _route_checks(entry, label, hop_type, hop_id):
    got_type, got_id = next_hop(entry)
    return [check("route_available:%s" % label, entry.get("Status") == "Available", "route %s is %s" % (label, entry.get("Status")),
                  "Route entry is Available", u"路由条目状态为 Available"),
            check("route_next_hop:%s" % label, (got_type, got_id) == (hop_type, hop_id),
                  "route %s points to %s %s (wanted %s %s)" % (label, got_type, got_id, hop_type, hop_id),
                  "Route points to the intended next hop", u"路由指向预期的下一跳")]


def _available(item):
    return item is not None and item.get("Status") == "Available"


def route_step(state, label, table_id, destination, hop_type, hop, entry_name, found):
    """One `create_route_entry` step: `found` is the table's entry for the destination (already ours); `hop()` the
    next hop id when the step applies (a peering's interface is only made by an earlier step); `state[label]` the
    entry found or made."""
    def wait(run, rid):
        return run.poll("route %s to be Available" % label, lambda: route_entry(run.client, table_id, rid), _available)

    def create(run, rec):
        hop_id = hop()

        def find():
            got = existing_route(route_entries(run.client, table_id), destination, hop_id)[0]
            return got["RouteEntryId"] if got is not None and next_hop(got)[1] == hop_id else None
        params = {"RouteTableId": table_id, "DestinationCidrBlock": destination, "NextHopType": hop_type,
                  "NextHopId": hop_id, "RouteEntryName": entry_name}
        return run.create(rec, "route_entry", label, "CreateRouteEntry", params, "RouteEntryId",
                          {"RouteTableId": table_id, "DestinationCidrBlock": destination, "NextHopId": hop_id}, find)
    planned = {"id": None, "name": entry_name, "destination_cidr": destination, "next_hop_type": hop_type,
               "next_hop_id": hop(), "status": "Available", "route_table_id": table_id}
    return resource_step(state, label, CREATE_ROUTE, "route_entry", label, found, route_view, _available, wait, create,
                         planned, lambda run, got: _route_checks(got, label, hop_type, hop()))


def planned_route(state, label, entry_name, destination, hop_type, hop_id, table_id):
    """A route's view after the run (check mode: as planned)."""
    return route_view(state[label]) or {"id": None, "name": entry_name, "destination_cidr": destination,
                                        "next_hop_type": hop_type, "next_hop_id": hop_id, "status": "planned",
                                        "route_table_id": table_id}


# -- module apsara_route_entry -------------------------------------------------------------------------
def route_problems(routes):
    problems, seen = [], set()
    for r in routes:
        dest = r.get("destination_cidr")
        problems += [p for p in [cidr_problem(dest, "route destination_cidr")] if p]
        if r.get("next_hop_type") not in HOP_TYPES:
            problems.append("route %s: next_hop_type %r is not one of %s" % (dest, r.get("next_hop_type"), ", ".join(HOP_TYPES)))
        if not r.get("next_hop"):
            problems.append("route %s needs next_hop (an id, or the name of an instance, router interface or NAT gateway)" % dest)
        if dest in seen:
            problems.append("route destination %s is given twice" % dest)
        seen.add(dest)
    return problems


def plan(params):
    return [(CREATE_ROUTE, "route_entry", route_label(params["vpc"], r["destination_cidr"])) for r in params["routes"]]


def entry_name(route, prefix):
    """RouteEntryName: the route's own name, else one derived from the destination."""
    return route.get("name") or "%s-%s" % (prefix, route["destination_cidr"].replace("/", "-"))


def plan_routes(run, params):
    """Routes from one VPC toward service networks; idempotent per destination."""
    routes, label = params["routes"], params["vpc"]
    v = Validation()
    if not v.expect("routes_valid:%s" % label, route_problems(routes), "destinations and next hops are valid",
                    "Route definitions are valid", u"路由定义有效"):
        v.raise_if_failed()
    vpc = find_vpc(run.client, params["vpc"]) or run.planned.vpc(params["vpc"])
    if not v.expect("routes_vpc_exists:%s" % label, [] if vpc else [
            "VPC %s does not exist%s" % (params["vpc"], run.planned.missing())], "VPC %s exists" % params["vpc"],
            "The VPC exists", u"VPC 存在"):
        v.raise_if_failed()
    table_id = None if is_planned(vpc) else route_table_id(run.client, vpc)
    entries = route_entries(run.client, table_id) if table_id else []
    todo, missing, taken = [], [], []
    for r in routes:
        hop_id = resolve_hop(run.client, vpc, r["next_hop_type"], r["next_hop"])
        taken += destination_problems(vpc["VpcName"], vpc["CidrBlock"], r["destination_cidr"])
        if hop_id is None and not run.planned.next_hop(vpc, r["next_hop_type"], r["next_hop"]):
            missing.append("route %s: next hop %s %s does not exist in VPC %s%s" % (
                r["destination_cidr"], r["next_hop_type"], r["next_hop"], params["vpc"], run.planned.missing()))
        found, conflict = existing_route(entries, r["destination_cidr"], hop_id)
        if conflict:
            taken.append(conflict)
        todo.append((r, hop_id, found))
    v.expect("routes_next_hops_exist:%s" % label, missing, "every next hop exists or is created first",
             "Route next hops exist", u"路由下一跳存在")
    v.expect("routes_destinations_free:%s" % label, taken, "no destination overlaps the VPC or is routed elsewhere",
             "Route destinations are free", u"路由目的网段可用")
    v.raise_if_failed()
    state, steps = {}, []
    for r, hop_id, found in todo:
        label = route_label(params["vpc"], r["destination_cidr"])
        steps.append(route_step(state, label, table_id, r["destination_cidr"], r["next_hop_type"],
                                lambda hop_id=hop_id: hop_id, entry_name(r, "svc"), found))
    if steps:
        steps[0].pre_checks = v.checks

    def outcome(run):
        return {"vpc": {"id": vpc["VpcId"], "name": vpc.get("VpcName", params["vpc"]), "route_table_id": table_id},
                "routes": [planned_route(state, route_label(params["vpc"], r["destination_cidr"]), entry_name(r, "svc"),
                                         r["destination_cidr"], r["next_hop_type"], hop_id, table_id)
                           for r, hop_id, _found in todo]}
    return steps, outcome

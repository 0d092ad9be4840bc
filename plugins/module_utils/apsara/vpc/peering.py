# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC-to-VPC peering on Apsara with a router interface pair (module apsara_vpc_peering).

The recipe of apsara-api.md 3.3 (alibabacloudstack router_interface_connection): CreateRouterInterface on
the local VPC's VRouter (Role InitiatingSide, Spec) and on the peer's (Role AcceptingSide, Spec Negative),
ModifyRouterInterfaceAttribute on each to name the opposite end (OppositeInterfaceId, OppositeRouterId,
OppositeRouterType, OppositeInterfaceOwnerId), ConnectRouterInterface on the initiating side (Idle ->
Connecting -> Active on both), then CreateRouteEntry in both route tables with NextHopType RouterInterface.
Apsara allows one connection per pair of routers, and an interface is deleted only when Idle or Inactive.

Steps: create_router_interface x2, modify_router_interface x2, connect_router_interface, create_route_entry
per route.  The interfaces are named `<name>` (local) and `<name>-peer`, as the lab world names its pair.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import is_planned, vpc_key
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import (
    find_vpc, ri_view, route_entries, route_table_id, router_interface, router_interfaces)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.routes import (
    CREATE_ROUTE, destination_problems, existing_route, planned_route, route_label, route_step)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import (
    Step, Validation, check, cidr_problem, name_problem, resource_step, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import overlapping

CREATE_RI = "create_router_interface"
MODIFY_RI = "modify_router_interface"
CONNECT_RI = "connect_router_interface"
# Router interface specifications of the initiating side; the accepting side is always "Negative".
SPECS = ("Mini.2", "Mini.5", "Small.1", "Small.2", "Small.5", "Middle.1", "Middle.2", "Middle.5",
         "Large.1", "Large.2", "Large.5", "Xlarge.1")
DEFAULT_SPEC = "Large.2"       # the spec of the apsara-api.md 3.3 recipe

ITEM_SPEC = dict(
    name=dict(type="str", required=True),
    local_vpc=dict(type="str", required=True),
    peer_vpc=dict(type="str", required=True),
    spec=dict(type="str", default=DEFAULT_SPEC, choices=list(SPECS)),
    description=dict(type="str"),
    local_routes=dict(type="list", elements="str", default=[]),
    peer_routes=dict(type="list", elements="str", default=[]),
)


def peer_name(name):
    return "%s-peer" % name


def peering_problems(params):
    problems = [name_problem(params.get("name"), "peering name")]
    if not problems[0] and len(peer_name(params["name"])) > 128:
        problems.append("peering name %s is too long: %s must fit 128 characters" % (params["name"], peer_name(params["name"])))
    if params.get("spec") not in SPECS:
        problems.append("spec %r is not a router interface spec (%s)" % (params.get("spec"), ", ".join(SPECS)))
    if params.get("local_vpc") == params.get("peer_vpc"):
        problems.append("local_vpc and peer_vpc are the same VPC (%s)" % params.get("local_vpc"))
    for key in ("local_routes", "peer_routes"):
        problems += [cidr_problem(d, "%s entry" % key) for d in params.get(key) or []]
    return [p for p in problems if p]


def route_lists(params, local_cidr, peer_cidr):
    """The destinations routed on each side; by default the other side's VPC CIDR."""
    local = params.get("local_routes") or [peer_cidr or "%s CIDR" % params["peer_vpc"]]
    peer = params.get("peer_routes") or [local_cidr or "%s CIDR" % params["local_vpc"]]
    return local, peer


def plan(params, local_cidr, peer_cidr):
    name = params["name"]
    local_routes, peer_routes = route_lists(params, local_cidr, peer_cidr)
    steps = [(CREATE_RI, "router_interface", name), (CREATE_RI, "router_interface", peer_name(name)),
             (MODIFY_RI, "router_interface", name), (MODIFY_RI, "router_interface", peer_name(name)),
             (CONNECT_RI, "router_interface", name)]
    steps += [(CREATE_ROUTE, "route_entry", route_label(params["local_vpc"], d)) for d in local_routes]
    steps += [(CREATE_ROUTE, "route_entry", route_label(params["peer_vpc"], d)) for d in peer_routes]
    return steps


def _router(vpc):
    return vpc["VRouterId"] or "router (created with the VPC)"


def _side(client, vpc, ri_name, role, problems):
    """The existing interface of one side (by name on the VPC's router), after checking it fits."""
    if vpc is None:
        return None
    named = router_interfaces(client, Name=ri_name)
    mine = [r for r in named if r.get("RouterId") == vpc["VRouterId"]]
    if named and not mine:
        problems.append("router interface %s exists on another router (%s), not on VPC %s's %s" % (
            ri_name, named[0].get("RouterId"), vpc["VpcName"], _router(vpc)))
    if len(mine) > 1:
        problems.append("%d router interfaces are named %s on %s" % (len(mine), ri_name, vpc["VRouterId"]))
    found = mine[0] if mine else None
    if found is not None and found.get("Role") != role:
        problems.append("router interface %s is %s, not %s" % (ri_name, found.get("Role"), role))
    return found


def _connected_otherwise(client, local, peer, init, acc):
    """Apsara allows one connection per pair of routers: another interface already joining them."""
    mine = {(init or {}).get("RouterInterfaceId"), (acc or {}).get("RouterInterfaceId")}
    for r in router_interfaces(client, RouterId=local["VRouterId"]) + router_interfaces(client, RouterId=peer["VRouterId"]):
        if r["RouterInterfaceId"] not in mine and r.get("Status") != "Idle" and \
                {r.get("RouterId"), r.get("OppositeRouterId")} == {local["VRouterId"], peer["VRouterId"]}:
            return ["VPCs %s and %s are already connected by router interface %s (%s); Apsara allows one connection per "
                    "pair of routers" % (local["VpcName"], peer["VpcName"], r.get("Name") or "-", r["RouterInterfaceId"])]
    return []


def _prepare(run, params):
    """Reads and pre-checks of a peering: (local, peer, init, acc, sides, checks); InputError on any FAIL."""
    name, client = params["name"], run.client
    v = Validation()
    if not v.expect("peering_valid:%s" % name, peering_problems(params), "name, spec and routes are valid",
                    "Peering definition is valid", u"VPC 互通定义有效"):
        v.raise_if_failed()
    local = find_vpc(client, params["local_vpc"]) or run.planned.vpc(params["local_vpc"])
    peer = find_vpc(client, params["peer_vpc"]) or run.planned.vpc(params["peer_vpc"])
    missing = ["VPC %s does not exist%s" % (ref, run.planned.missing())
               for ref, vpc in ((params["local_vpc"], local), (params["peer_vpc"], peer)) if vpc is None]
    v.expect("peering_vpcs_exist:%s" % name, missing,
             "both VPCs exist or are created first", "Both VPCs exist", u"两端 VPC 均存在")
    v.raise_if_failed()         # the default routes need both CIDRs
    apart = []
    if vpc_key(local) == vpc_key(peer):
        apart.append("local_vpc and peer_vpc are the same VPC (%s)" % (local["VpcId"] or local["VpcName"]))
    elif overlapping(local["CidrBlock"], [peer["CidrBlock"]]):
        apart.append("VPC %s (%s) and VPC %s (%s) overlap: they cannot be peered" % (
            local["VpcName"], local["CidrBlock"], peer["VpcName"], peer["CidrBlock"]))
    v.expect("peering_cidrs_apart:%s" % name, apart, "%s and %s do not overlap" % (local["CidrBlock"], peer["CidrBlock"]),
             "Peer VPC CIDRs do not overlap", u"互通两端 VPC 网段不重叠")
    connection = []
    init = _side(client, local, name, "InitiatingSide", connection)
    acc = _side(client, peer, peer_name(name), "AcceptingSide", connection)
    for ri, other in ((init, peer), (acc, local)):
        if ri is not None and ri.get("OppositeRouterId") not in ("", None, other["VRouterId"]):
            connection.append("router interface %s already leads to router %s, not to VPC %s's %s; it is never re-pointed" % (
                ri.get("Name"), ri.get("OppositeRouterId"), other["VpcName"], _router(other)))
    # a router still to be created has no connection yet
    if not connection and not v.failures and not is_planned(local) and not is_planned(peer):
        connection = _connected_otherwise(client, local, peer, init, acc)
    v.expect("peering_connection_free:%s" % name, connection, "no other connection joins the two VPC routers",
             "The VPC routers are not connected otherwise", u"两个 VPC 路由器之间没有其他连接")
    local_routes, peer_routes = route_lists(params, local["CidrBlock"], peer["CidrBlock"])
    sides, problems = [], []
    for vpc, ri, dests in ((local, init, local_routes), (peer, acc, peer_routes)):
        table = None if is_planned(vpc) else route_table_id(client, vpc)
        entries = route_entries(client, table) if table else []
        found = []
        for dest in dests:
            problems += destination_problems(vpc["VpcName"], vpc["CidrBlock"], dest)
            entry, conflict = existing_route(entries, dest, (ri or {}).get("RouterInterfaceId"))
            if conflict:
                problems.append("VPC %s: %s" % (vpc["VpcName"], conflict))
            found.append(entry)
        sides.append((table, dests, found))
    v.expect("peering_routes:%s" % name, problems, "no destination overlaps its own VPC or is routed elsewhere",
             "Peering routes are free", u"互通路由目的网段可用")
    v.raise_if_failed()
    return local, peer, init, acc, sides, v.checks


def _idle_or_up(item):
    return item is not None and item.get("Status") in ("Idle", "Active", "Connecting")


def _exists_check(run, ri_name, ri):
    return [check("router_interface_exists:%s" % ri_name, True, "router interface %s is %s" % (ri_name, ri.get("Status")),
                  "Router interface exists", u"路由器接口存在")]


def _interface_step(state, key, ri_name, role, vpc, spec, found, description):
    def wait(run, rid):
        return run.poll("router interface %s to be Idle" % ri_name, lambda: router_interface(run.client, rid), _idle_or_up)

    def create(run, rec):
        params = {"RouterType": "VRouter", "RouterId": vpc["VRouterId"], "Role": role, "Spec": spec,
                  "OppositeRegionId": run.region_id, "Name": ri_name, "Description": description}

        def find():
            got = [r for r in router_interfaces(run.client, Name=ri_name) if r.get("RouterId") == vpc["VRouterId"]]
            return got[0]["RouterInterfaceId"] if got else None
        return run.create(rec, "router_interface", ri_name, "CreateRouterInterface", params, "RouterInterfaceId",
                          {"RouterId": vpc["VRouterId"], "Role": role}, find)
    planned = {"id": None, "name": ri_name, "role": role, "status": "Idle", "router_id": (vpc or {}).get("VRouterId"),
               "spec": spec, "opposite_interface_id": "", "opposite_router_id": ""}
    # an existing interface is taken as it is: the connect step brings it up
    return resource_step(state, key, CREATE_RI, "router_interface", ri_name, found, ri_view, lambda item: True, wait,
                         create, planned, lambda run, ri: _exists_check(run, ri_name, ri))


def _opposite(ri):
    return {"id": (ri or {}).get("RouterInterfaceId"), "opposite_interface_id": (ri or {}).get("OppositeInterfaceId") or "",
            "opposite_router_id": (ri or {}).get("OppositeRouterId") or "",
            "opposite_router_type": (ri or {}).get("OppositeRouterType") or ""}


def _opposite_check(ri_name, after, want):
    return [check("router_interface_opposite:%s" % ri_name, after == want, "router interface %s points to %s on %s" % (
        ri_name, after["opposite_interface_id"], after["opposite_router_id"]), "Router interface names its opposite end",
        u"路由器接口已设置对端")]


def _opposite_step(state, ri_name, mine, other, other_vpc):
    """Point one interface at the other end (ModifyRouterInterfaceAttribute: idempotent, so retried)."""
    me = state[mine]

    def want():
        return {"id": (state[mine] or {}).get("RouterInterfaceId"),
                "opposite_interface_id": (state[other] or {}).get("RouterInterfaceId"),
                "opposite_router_id": (other_vpc or {}).get("VRouterId"), "opposite_router_type": "VRouter"}
    tgt = target("router_interface", ri_name, (me or {}).get("RouterInterfaceId"))
    before = _opposite(me) if me else None
    if me is not None and before == want():
        return Step(MODIFY_RI, tgt, before=before, verify=lambda run: _opposite_check(ri_name, want(), want()))
    created = me is None      # an interface this run did not create: the rollback puts its old opposite back

    def apply(run, rec):
        ri, peer = state[mine], state[other]
        params = {"RouterInterfaceId": ri["RouterInterfaceId"], "OppositeInterfaceId": peer["RouterInterfaceId"],
                  "OppositeRouterId": other_vpc["VRouterId"], "OppositeRouterType": "VRouter"}
        if other_vpc.get("OwnerId"):
            params["OppositeInterfaceOwnerId"] = str(other_vpc["OwnerId"])
        if not created:
            old = _opposite(ri)
            restore = {"OppositeInterfaceId": old["opposite_interface_id"], "OppositeRouterId": old["opposite_router_id"],
                       "OppositeRouterType": old["opposite_router_type"]}
            keys = {"RouterInterfaceId": ri["RouterInterfaceId"]}
            run.intend(rec, "router_interface", name=ri_name, keys=keys, rid=ri["RouterInterfaceId"], op="modify",
                       restore=restore)
        run.call("ModifyRouterInterfaceAttribute", params, retry=True)
        if not created:
            run.modified(rec, "router_interface", ri["RouterInterfaceId"], restore=restore, keys=keys, name=ri_name)
        state[mine] = router_interface(run.client, ri["RouterInterfaceId"])
        return _opposite(state[mine])
    return Step(MODIFY_RI, tgt, before=before, after=want(), apply=apply,
                verify=lambda run: _opposite_check(ri_name, _opposite(state[mine]), want()))


def _link(init, acc):
    return {"id": (init or {}).get("RouterInterfaceId"), "status": (init or {}).get("Status"),
            "opposite_status": (acc or {}).get("Status")}


def _link_checks(name, init, acc):
    up = (init or {}).get("Status") == "Active" and (acc or {}).get("Status") == "Active"
    paired = (init or {}).get("OppositeInterfaceId") == (acc or {}).get("RouterInterfaceId") and \
        (acc or {}).get("OppositeInterfaceId") == (init or {}).get("RouterInterfaceId")
    return [check("peering_active:%s" % name, up, "interfaces %s / %s are %s / %s" % (
        name, peer_name(name), (init or {}).get("Status"), (acc or {}).get("Status")),
        "Both router interfaces are Active", u"两端路由器接口均为 Active"),
        check("peering_paired:%s" % name, paired, "the interfaces %s name each other as opposite ends" % (
            "do" if paired else "do not"), "The router interfaces are each other's opposite end", u"两端路由器接口互为对端")]


def _fell_back():
    """A failed connection (activation) puts the ends back to Idle (Inactive): after they were moving, or
    when five reads in a row never saw them move."""
    seen = {"moving": False, "still": 0}

    def failed(pair):
        if any(r.get("Status") in ("Connecting", "Activating") for r in pair):
            seen["moving"] = True
        back = any(r.get("Status") in ("Idle", "Inactive") for r in pair)
        seen["still"] = seen["still"] + 1 if back else 0
        return back and (seen["moving"] or seen["still"] >= 5)
    return failed


def _connect(run, rec, name, init, acc):
    """Connect an Idle pair, or activate Inactive ends (deactivated earlier); wait until both are Active.  A failure
    closes the step with the pair's state as it is left."""
    client = run.client

    def read():
        a, b = router_interface(client, init["RouterInterfaceId"]), router_interface(client, acc["RouterInterfaceId"])
        return (a, b) if a is not None and b is not None else None
    try:
        if init.get("Status") == "Idle":
            run.settle("ConnectRouterInterface", {"RouterInterfaceId": init["RouterInterfaceId"]},
                       lambda: (read() or ({}, {}))[0].get("Status") in ("Connecting", "Active"))
        else:
            for ri in (init, acc):
                if ri.get("Status") == "Inactive":
                    rid = ri["RouterInterfaceId"]
                    run.settle("ActivateRouterInterface", {"RouterInterfaceId": rid},
                               lambda rid=rid: (router_interface(client, rid) or {}).get("Status") in ("Activating", "Active"))
        return run.poll(
            "router interfaces %s / %s to be Active" % (name, peer_name(name)), read,
            lambda pair: pair is not None and all(r.get("Status") == "Active" for r in pair),
            failed=_fell_back(), describe=lambda pair: "%s / %s" % (pair[0].get("Status"), pair[1].get("Status")))
    except ApsaraError as err:
        run.tracker.failed(rec, err, after=_link(*(read() or (init, acc))))
        raise


def _connect_step(state, name):
    init, acc = state["init"], state["acc"]
    tgt = target("router_interface", name, (init or {}).get("RouterInterfaceId"))
    before = _link(init, acc) if init else None

    def verify(run):
        return _link_checks(name, state["init"], state["acc"])
    if init is not None and acc is not None and init.get("Status") == "Active" and acc.get("Status") == "Active":
        return Step(CONNECT_RI, tgt, before=before, verify=verify)

    def apply(run, rec):
        state["init"], state["acc"] = _connect(run, rec, name, state["init"], state["acc"])
        return _link(state["init"], state["acc"])
    after = {"id": (init or {}).get("RouterInterfaceId"), "status": "Active", "opposite_status": "Active"}
    return Step(CONNECT_RI, tgt, before=before, after=after, apply=apply, verify=verify)


def plan_peering(run, params):
    """The steps of a peering (interfaces, their opposite ends, the connection, the routes) and the module's keys."""
    local, peer, init, acc, sides, checks = _prepare(run, params)
    name = params["name"]
    description = params.get("description")
    state = {}
    steps = [_interface_step(state, "init", name, "InitiatingSide", local, params["spec"], init, description),
             _interface_step(state, "acc", peer_name(name), "AcceptingSide", peer, "Negative", acc, description)]
    steps += [_opposite_step(state, name, "init", "acc", peer), _opposite_step(state, peer_name(name), "acc", "init", local),
              _connect_step(state, name)]
    routes = []
    for (table, dests, found), vpc_ref, key in zip(sides, (params["local_vpc"], params["peer_vpc"]), ("init", "acc")):
        def hop(key=key):
            return (state[key] or {}).get("RouterInterfaceId")
        for dest, entry in zip(dests, found):
            label, entry_name = route_label(vpc_ref, dest), "%s-%s" % (name, dest.replace("/", "-"))
            steps.append(route_step(state, label, table, dest, "RouterInterface", hop, entry_name, entry))
            routes.append((label, entry_name, dest, hop, table))
    steps[0].pre_checks = checks

    def outcome(run):
        return {"peering": {
            "name": name, "local_interface_id": (state["init"] or {}).get("RouterInterfaceId"),
            "peer_interface_id": (state["acc"] or {}).get("RouterInterfaceId"),
            "status": (state["init"] or {}).get("Status") if not run.check_mode else "planned",
            "routes": [planned_route(state, label, entry_name, dest, "RouterInterface", hop(), table)
                       for label, entry_name, dest, hop, table in routes]}}
    return steps, outcome

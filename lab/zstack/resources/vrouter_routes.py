"""vRouter route tables: user static routes on VPC routers (premium module ``vrouterRoute``).

Behaviour from ZStack's VRouterRouteApiInterceptor and VRouterRouteManagerImpl:

* a route table holds entries (``UserStatic`` with a ``target`` next hop, or ``UserBlackHole`` without);
  the type defaults from whether a target is given, the destination's host bits are cleared, a
  ``UserStatic`` 0.0.0.0/0 is refused, distance defaults to 128 (1..254);
* the same destination may carry several static entries, never a static and a black-hole one;
* a virtual router has at most one route table attached; attaching needs the VRouterRoute network
  service on one of the router's non-system L3 networks;
* deleting a table detaches it from its routers and drops its entries; deleting what is already
  gone succeeds (APIDeleteMessage).

GetVRouterRouteTable answers the router's live routing table (connected networks, the default
route, the attached table's entries), as the agent reports it.
"""
from __future__ import annotations

import ipaddress

from .. import wire
from ..kinds import NESTED_CLASSES, kind, many
from ..routes import handler, query
from ..wire import argerr, operr
from .helpers import fetch

NESTED_CLASSES.update({
    "attachedRouterRefs": "org.zstack.vrouterRoute.VirtualRouterVRouterRouteTableRefInventory",
    "routeEntries": "org.zstack.vrouterRoute.VRouterRouteEntryInventory",
})

ENTRY_TYPES = ("UserStatic", "UserBlackHole")
DEFAULT_DISTANCE = 128          # VRouterRouteManagerImpl.DEFAULT_ROUTE_DISTANCE
ROUTE_SERVICE = "VRouterRoute"


def render_table(state, table):
    inv = dict(table)
    inv["attachedRouterRefs"] = [dict(r) for r in state.by("vrtableref", "routeTableUuid", table["uuid"])]
    inv["routeEntries"] = sorted((dict(e) for e in state.by("vrentry", "routeTableUuid", table["uuid"])),
                                 key=lambda e: e["createDate"])
    return inv


kind("vrtable", "org.zstack.vrouterRoute.VRouterRouteTableInventory", render=render_table,
     resource_type="VRouterRouteTableVO",
     joins={"routeEntries": many("vrentry", "routeTableUuid"), "attachedRouterRef": many("vrtableref", "routeTableUuid")})
kind("vrentry", "org.zstack.vrouterRoute.VRouterRouteEntryInventory", resource_type="VRouterRouteEntryVO")
kind("vrtableref", "org.zstack.vrouterRoute.VirtualRouterVRouterRouteTableRefInventory")

query("QueryVRouterRouteTable", "vrtable")
query("QueryVRouterRouteEntry", "vrentry")
query("QueryVirtualRouterVRouterRouteTableRef", "vrtableref")


def _table(ctx, field="routeTableUuid"):
    return fetch(ctx, "vrtable", field, "VRouterRouteTableVO")


def _router(ctx):
    vr = fetch(ctx, "vm", "virtualRouterVmUuid", "VirtualRouterVmVO")
    if vr.get("type") != "ApplianceVm":
        raise argerr(f"the resource[uuid:{vr['uuid']}, type:VirtualRouterVmVO] doesn't exist or has been deleted")
    return vr


def tables_of_router(state, vr_uuid) -> list[str]:
    return [r["routeTableUuid"] for r in state.by("vrtableref", "virtualRouterVmUuid", vr_uuid)]


def drop_router_refs(state, vr_uuid):
    """The refs of a router that is going away (the VO foreign key cascades)."""
    for ref in list(state.by("vrtableref", "virtualRouterVmUuid", vr_uuid)):
        state.remove("vrtableref", ref["_key"])


def _java_list(items) -> str:
    return "[" + ", ".join(items) + "]"


# ---- tables ------------------------------------------------------------------------------------
@handler("CreateVRouterRouteTable")
def create_table(ctx):
    name = ctx.req("name")
    ts = wire.now()
    table = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
             "description": ctx.get("description"), "_type": "User", "createDate": ts, "lastOpDate": ts}
    ctx.state.add("vrtable", table)
    return {"inventory": render_table(ctx.state, table)}


@handler("UpdateVRouterRouteTable")
def update_table(ctx):
    table = _table(ctx, "uuid")
    for field in ("name", "description"):
        if ctx.get(field) is not None:
            table[field] = ctx.get(field)
    table["lastOpDate"] = wire.now()
    ctx.state.touch()
    return {"inventory": render_table(ctx.state, table)}


@handler("DeleteVRouterRouteTable")
def delete_table(ctx):
    st = ctx.state
    table = st.get("vrtable", ctx.get("uuid"))
    if table is None:
        return {}
    for ref in list(st.by("vrtableref", "routeTableUuid", table["uuid"])):
        st.remove("vrtableref", ref["_key"])
    for entry in list(st.by("vrentry", "routeTableUuid", table["uuid"])):
        st.remove("vrentry", entry["uuid"])
    st.remove("vrtable", table["uuid"])
    return {}


# ---- entries -----------------------------------------------------------------------------------
def _entry_type(ctx, target):
    typ = ctx.get("type")
    if typ is None:
        return "UserStatic" if target is not None else "UserBlackHole"
    if typ == "UserStatic" and target is None:
        raise argerr("target cannot be empty if type is UserStatic")
    if typ == "UserBlackHole" and target is not None:
        raise argerr("target must be empty if type is USER_BLACK_HOLE")
    if typ not in ENTRY_TYPES:
        raise argerr("wrong vrouter route entry type")
    return typ


def _destination(ctx):
    raw = ctx.req("destination")
    try:
        # NetworkUtils.isCidr, then the destination is corrected to its network address
        return str(ipaddress.IPv4Network(str(raw), strict=False)) if "/" in str(raw) else None
    except ValueError:
        return None


@handler("AddVRouterRouteEntry")
def add_entry(ctx):
    st = ctx.state
    table = _table(ctx)
    target = ctx.get("target")
    typ = _entry_type(ctx, target)
    dest = _destination(ctx)
    if dest is None:
        raise argerr("wrong destination")
    if target is not None:
        try:
            ipaddress.IPv4Address(str(target))
        except ValueError:
            raise argerr("wrong target") from None
    if typ == "UserStatic" and dest == "0.0.0.0/0":
        raise argerr("could not allow to configure default router")
    distance = ctx.get("distance")
    if distance is not None:
        try:
            distance = int(distance)
        except (TypeError, ValueError):
            raise argerr(f"field[distance] must be an integer, but got {distance}") from None
        if not 1 <= distance <= 254:
            raise argerr(f"field[distance] must be in range of [1, 254], but got {distance}")
    for other in st.by("vrentry", "routeTableUuid", table["uuid"]):
        if other["destination"] == dest and other["type"] != typ:
            # the real format string has no argument here; the lab names the destination
            raise operr(f"destination[{dest}] can not has blackHole route and static route at same time")
    ts = wire.now()
    entry = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "description": ctx.get("description"),
             "type": typ, "routeTableUuid": table["uuid"], "destination": dest, "target": target,
             "distance": DEFAULT_DISTANCE if distance is None else distance, "createDate": ts, "lastOpDate": ts}
    st.add("vrentry", entry)
    return {"inventory": dict(entry)}


@handler("DeleteVRouterRouteEntry")
def delete_entry(ctx):
    st = ctx.state
    entry = st.get("vrentry", ctx.get("uuid"))
    if entry is None:
        return {}
    st.remove("vrentry", entry["uuid"])
    table = st.get("vrtable", entry["routeTableUuid"])
    return {"inventory": render_table(st, table)} if table else {}


# ---- attach / detach ---------------------------------------------------------------------------
def _route_service_l3s(state, vr):
    """(non-system L3 uuids of the router, whether one of them has the VRouterRoute service)."""
    l3s = []
    has_service = False
    for nic in state.by("nic", "vmInstanceUuid", vr["uuid"]):
        l3 = state.get("l3", nic["l3NetworkUuid"])
        if l3 is None or l3.get("system"):
            continue
        l3s.append(l3["uuid"])
        has_service = has_service or any(s["type"] == ROUTE_SERVICE for s in l3.get("_services") or [])
    return l3s, has_service


@handler("AttachVRouterRouteTableToVRouter")
def attach_table(ctx):
    st = ctx.state
    table = _table(ctx)
    vr = _router(ctx)
    attached = tables_of_router(st, vr["uuid"])
    if attached:
        raise argerr(f"vrouter [uuid: {vr['uuid']}] has already attach route table [uuid: {_java_list(attached)}]")
    l3s, has_service = _route_service_l3s(st, vr)
    if not has_service:
        raise argerr(f"l3s[{_java_list(l3s)}] in the virtual router to attach does not has VRouterRoute service attached")
    key = f"{table['uuid']}/{vr['uuid']}"
    st.add("vrtableref", {"_key": key, "virtualRouterVmUuid": vr["uuid"], "routeTableUuid": table["uuid"]})
    return {"inventory": render_table(st, table)}


@handler("DetachVRouterRouteTableFromVRouter")
def detach_table(ctx):
    st = ctx.state
    table_uuid = ctx.get("routeTableUuid")
    vr = _router(ctx)
    if table_uuid not in tables_of_router(st, vr["uuid"]):
        raise argerr(f"the vrouter route table [uuid: {table_uuid}] not attached to vrouter [uuid: {vr['uuid']}]")
    st.remove("vrtableref", f"{table_uuid}/{vr['uuid']}")
    table = st.get("vrtable", table_uuid)
    return {"inventory": render_table(st, table)} if table else {}


# ---- the router's live routing table -----------------------------------------------------------
@handler("GetVRouterRouteTable")
def live_routes(ctx):
    st = ctx.state
    vr = _router(ctx)
    if vr.get("status") != "Connected":
        # the call goes to the router's agent; the reference is silent on the exact text
        raise operr(f"unable to get the route table of the virtual router[uuid:{vr['uuid']}], its status is"
                    f" {vr.get('status')}")
    out = []
    for nic in sorted(st.by("nic", "vmInstanceUuid", vr["uuid"]), key=lambda n: n.get("deviceId", 0)):
        if nic.get("ip") and nic.get("netmask"):
            net = ipaddress.IPv4Network(f"{nic['ip']}/{nic['netmask']}", strict=False)
            out.append({"destination": str(net), "target": f"eth{nic.get('deviceId', 0)}", "type": "DirectConnect",
                        "status": "active"})
            if nic["l3NetworkUuid"] == vr.get("defaultRouteL3NetworkUuid") and nic.get("gateway"):
                out.append({"destination": "0.0.0.0/0", "target": nic["gateway"], "type": "ZStack", "distance": 1,
                            "status": "active"})
    for table_uuid in tables_of_router(st, vr["uuid"]):
        for e in st.by("vrentry", "routeTableUuid", table_uuid):
            row = {"uuid": e["uuid"], "destination": e["destination"], "type": e["type"], "distance": e["distance"],
                   "description": e.get("description"), "status": "active",
                   "target": e.get("target") if e["type"] == "UserStatic" else "Null0"}
            out.append(row)
    return {"inventories": out}

"""VPC 2016-04-28 router interfaces: the VPC-to-VPC connection of Apsara (apsara-api.md 3.3).

Life cycle (Vpc API reference pages): CreateRouterInterface -> Idle; ModifyRouterInterfaceAttribute sets
the opposite end; ConnectRouterInterface (initiating side, Idle) -> Connecting -> Active on both sides;
DeactivateRouterInterface Active -> Deactivating -> Inactive; ActivateRouterInterface Inactive ->
Activating -> Active; DeleteRouterInterface only when Idle or Inactive and no route entry points at it.
"""
from __future__ import annotations

from ..registry import action
from ..wire import ApiError, iso, wrap
from .common import public
from .vpc import P, check_description, check_name, paged, quota

ROLES = ("InitiatingSide", "AcceptingSide")
ROUTER_TYPES = ("VRouter", "VBR")
# Specs of the initiating side (Alibaba router interface specifications); the accepting side is "Negative"
# (the reference's sample answer shows OppositeInterfaceSpec "Negative" for the accepting end).
SPECS = ("Mini.2", "Mini.5", "Small.1", "Small.2", "Small.5", "Middle.1", "Middle.2", "Middle.5",
         "Large.1", "Large.2", "Large.5", "Xlarge.1", "Negative")
# DescribeRouterInterfaces filter keys the API reference lists
FILTER_KEYS = ("RouterInterfaceId", "RouterId", "RouterType", "RouterInterfaceOwnerId", "OppositeInterfaceId",
               "OppositeRouterType", "OppositeRouterId", "OppositeInterfaceOwnerId", "Status", "Name")
OWNER = "1000000000000027"
_ORDER_BASE = 202600000000000


def _filters(ctx) -> dict:
    filters, n = {}, 1
    while ctx.get(f"Filter.{n}.Key"):
        key = ctx.get(f"Filter.{n}.Key")
        if key not in FILTER_KEYS:
            raise ApiError(404, "InvalidFilterKey.ValueNotSupported", f"Specified filter key is not supported: {key}")
        filters[key] = {v for k, v in ctx.params.items() if k.startswith(f"Filter.{n}.Value.")}
        n += 1
    return filters


def render(ctx, r) -> dict:
    """The opposite end's live fields (status, spec, VPC); "Deleted" once the opposite interface is gone."""
    st = ctx.state
    opp = st.get("ri", r["OppositeInterfaceId"])
    extra = {"RouterInterfaceOwnerId": OWNER}
    if opp is not None:
        extra.update(OppositeInterfaceStatus=opp["Status"], OppositeInterfaceSpec=opp["Spec"],
                     OppositeInterfaceBusinessStatus=opp["BusinessStatus"])
    elif r["OppositeInterfaceId"]:
        extra.update(OppositeInterfaceStatus="Deleted")
    router = st.get("vrouter", r["OppositeRouterId"])
    if router is not None:
        extra.update(OppositeVpcInstanceId=router["VpcId"])
    return public(r, **extra)


@action(P, "DescribeRouterInterfaces", required=("RegionId",))
def describe_router_interfaces(ctx):
    filters = _filters(ctx)
    items = [r for r in ctx.scoped("ri")
             if all(str(r.get(k, OWNER if k == "RouterInterfaceOwnerId" else "")) in vals for k, vals in filters.items() if vals)]
    chunk, meta = paged(ctx, items)
    return {**meta, **wrap("RouterInterfaceSet", "RouterInterfaceType", [render(ctx, r) for r in chunk])}


def _find(ctx, rid=None):
    return ctx.find("ri", rid or ctx.get("RouterInterfaceId"), "InvalidRouterInterfaceId.NotFound", "RouterInterfaceId")


@action(P, "CreateRouterInterface", required=("RegionId", "Role", "OppositeRegionId", "Spec", "RouterType", "RouterId"),
        write=True)
def create_router_interface(ctx):
    def create():
        st = ctx.state
        role = ctx.get("Role")
        if role not in ROLES:
            raise ApiError(400, "InvalidRole.ValueNotSupported", "The specified Role is not supported.")
        if ctx.get("RouterType") not in ROUTER_TYPES or ctx.get("RouterType") == "VBR":
            # the lab has no border routers (VBR): only VPC routers take interfaces
            raise ApiError(400, "InvalidRouterType.ValueNotSupported", "The specified RouterType is not supported.")
        spec = ctx.get("Spec")
        if spec not in SPECS or (role == "InitiatingSide" and spec == "Negative"):
            raise ApiError(400, "InvalidSpec.ValudNotSupported", "The specified Spec is not supported.")  # sic
        if ctx.get("OppositeRegionId") != st.region_id:
            # one region per lab: a cross-region connection has no opposite region to reach
            raise ApiError(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.")
        router = st.get("vrouter", ctx.get("RouterId"))
        if router is None or not ctx.visible(router):
            raise ApiError(400, "InvalidParam.NotFound", "The specified router does not exist.")
        if ctx.get("OppositeRouterType", "VRouter") not in ROUTER_TYPES:
            raise ApiError(400, "InvalidOppositeRouterType.ValueNotSupported", "The specified OppositeRouterType is not valid.")
        check_name(ctx, "Name", "InvalidName.Malformed", "The name is not valid.")
        check_description(ctx, "InvalidDescription.Malformed")
        if sum(1 for r in st.all("ri") if r["RouterId"] == router["VRouterId"]) >= quota(ctx, "router_interfaces_per_router"):
            raise ApiError(400, "LimitationExceed.InterfaceNumberOnRouter", "The number of router interfaces on the router "
                                                                            "exceeds the limit.")
        rid = st.new_id("ri-")
        st.add("ri", rid, {
            "RouterInterfaceId": rid, "Name": ctx.get("Name", ""), "Description": ctx.get("Description", ""),
            "Role": role, "RouterId": router["VRouterId"], "RouterType": "VRouter",
            "Spec": "Negative" if role == "AcceptingSide" else spec, "Status": "Idle", "BusinessStatus": "Normal",
            "OppositeInterfaceId": ctx.get("OppositeInterfaceId", ""), "OppositeRouterId": ctx.get("OppositeRouterId", ""),
            "OppositeRouterType": ctx.get("OppositeRouterType", "VRouter"), "OppositeRegionId": st.region_id,
            "OppositeInterfaceOwnerId": ctx.get("OppositeInterfaceOwnerId", ""), "OppositeInterfaceSpec": "",
            "OppositeInterfaceStatus": "", "OppositeInterfaceBusinessStatus": "", "VpcInstanceId": router["VpcId"],
            "OppositeVpcInstanceId": "", "ChargeType": "AfterPay", "Bandwidth": 0, "CrossBorder": False,
            "HasReservationData": "false", "HealthCheckSourceIp": "", "HealthCheckTargetIp": "", "HcRate": 0,
            "HcThreshold": 0, "CreationTime": iso(ctx.now), "ConnectedTime": "", "EndTime": "",
            "_org": router["_org"], "ResourceGroupId": router["ResourceGroupId"]})
        return {"RouterInterfaceId": rid, "OrderId": _ORDER_BASE + int(rid[3:11], 16)}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


_OPPOSITE = ("OppositeInterfaceId", "OppositeRouterId", "OppositeRouterType", "OppositeInterfaceOwnerId")


@action(P, "ModifyRouterInterfaceAttribute", required=("RegionId", "RouterInterfaceId"), write=True)
def modify_router_interface_attribute(ctx):
    ri = _find(ctx)
    check_name(ctx, "Name", "InvalidName.Malformd", "The attribute name is illeagl.")   # sic, both
    check_description(ctx, "InvalidDescription.Malformed")
    if ctx.get("OppositeRouterType") is not None and ctx.get("OppositeRouterType") not in ROUTER_TYPES:
        raise ApiError(400, "InvalidOppositeRouterType.ValueNotSupported", "The specified OppositeRouterType is not valid.")
    changes = {k: ctx.get(k) for k in ("Name", "Description") + _OPPOSITE if ctx.get(k) is not None}
    if any(changes.get(k, ri[k]) != ri[k] for k in _OPPOSITE) and ri["Status"] != "Idle":
        # the reference is silent on when the opposite end may change; the lab allows it only before connecting
        raise ApiError(400, "InvalidParam.ModifyRouterInterface", "Modify routerinterface param invalide")
    ri.update(changes)
    return {}


def _connected(st, a: str, b: str, skip: set) -> bool:
    """Another interface pair already connects routers a and b (one connection per router pair)."""
    return any(r["RouterInterfaceId"] not in skip and r["Status"] != "Idle" and {r["RouterId"], r["OppositeRouterId"]} == {a, b}
               for r in st.all("ri"))


def _mismatch(field: str) -> ApiError:
    # the reference lists the AttrMismatching.* codes without their messages
    return ApiError(400, f"AttrMismatching.AcceptingSide{field}",
                    f"The {field} of the accepting side does not match this router interface.")


@action(P, "ConnectRouterInterface", required=("RegionId", "RouterInterfaceId"), write=True)
def connect_router_interface(ctx):
    st = ctx.state
    ri = _find(ctx)
    if ri["Role"] != "InitiatingSide":
        raise ApiError(400, "IncorrectRole.NotInitiatingSide", "The specified RouterInterface is not InitiatingSide.")
    if ri["Status"] != "Idle" or st.busy("ri", ri["RouterInterfaceId"]):
        raise ApiError(400, "IncorrectRIStatus", "The status of the router interface does not support this operation.")
    if not ri["OppositeInterfaceId"] or not ri["OppositeRouterId"]:
        raise ApiError(400, "IncorrectOppositeInterfaceInfo.NotSet", "The opposite interface information is not set.")
    if ri["OppositeRouterId"] == ri["RouterId"]:
        raise ApiError(400, "IncorrectOppositeInterfaceInfo", "Cannot connect on the same router")
    acc = st.get("ri", ri["OppositeInterfaceId"])
    if acc is None or not ctx.visible(acc):
        raise ApiError(400, "IncorrectOppositeInterfaceInfo", "The opposite router interface does not exist.")
    if acc["Role"] != "AcceptingSide":
        raise _mismatch("Role")
    if acc["RouterId"] != ri["OppositeRouterId"]:
        raise _mismatch("RouterId")
    if acc["OppositeInterfaceId"] != ri["RouterInterfaceId"]:
        raise _mismatch("OppositeInterfaceId")
    if acc["OppositeRouterId"] != ri["RouterId"]:
        raise _mismatch("OppositeRouterId")
    if acc["Status"] != "Idle":
        raise ApiError(400, "IncorrectRIStatus", "The status of the opposite router interface does not support this operation.")
    if _connected(st, ri["RouterId"], ri["OppositeRouterId"], {ri["RouterInterfaceId"], acc["RouterInterfaceId"]}):
        raise ApiError(400, "Forbidden.OnlyOneConnection", "The Specified routers have a connection already")
    acc_id = acc["RouterInterfaceId"]

    def both(status, connected=False):
        def apply(rec):
            for r in (rec, st.get("ri", acc_id)):
                if r is not None:
                    r["Status"] = status
                    if connected:
                        r["ConnectedTime"] = iso(ctx.now)
        return apply
    acc["Status"] = "Connecting"
    # the reference documents no failure state: a failed connection leaves both ends Idle, as before
    st.begin("ri", ri["RouterInterfaceId"], ctx.action.name, ctx.seconds(), "Status", "Connecting", "Active",
             fail=ctx.fails(), on_done=both("Active", connected=True), on_fail=both("Idle"))
    return {}


@action(P, "ActivateRouterInterface", required=("RegionId", "RouterInterfaceId"), write=True)
def activate_router_interface(ctx):
    return _switch(ctx, "Inactive", "Activating", "Active")


@action(P, "DeactivateRouterInterface", required=("RegionId", "RouterInterfaceId"), write=True)
def deactivate_router_interface(ctx):
    return _switch(ctx, "Active", "Deactivating", "Inactive")


def _switch(ctx, need: str, during: str, final: str) -> dict:
    st = ctx.state
    ri = _find(ctx)
    if ri["Status"] != need or st.busy("ri", ri["RouterInterfaceId"]):
        raise ApiError(400, "IncorrectStatus", f"RouterInterface can be operated by this action only when it's status is {need}.")
    st.begin("ri", ri["RouterInterfaceId"], ctx.action.name, ctx.seconds(), "Status", during, final,
             fail=ctx.fails(), fail_final=need)
    return {}


@action(P, "DeleteRouterInterface", required=("RegionId", "RouterInterfaceId"), write=True)
def delete_router_interface(ctx):
    def delete():
        st = ctx.state
        ri = _find(ctx)
        if ri["Status"] not in ("Idle", "Inactive") or st.busy("ri", ri["RouterInterfaceId"]):
            raise ApiError(400, "IncorrectStatus", "This openeration would be allowed only when status of this "
                                                   "RouterInterface is Idle/Inactive.")     # sic
        if any(h["NextHopId"] == ri["RouterInterfaceId"] for e in st.all("route_entry") for h in e["NextHops"]["NextHop"]):
            raise ApiError(400, "DependencyViolation.RouterInterfaceReferedByRouteEntry",
                           "RouterInterface cannot be deleted when it is refered by a route table entry as next hop.")
        # the reference gives no transitional state for the deletion: the interface is gone at once
        st.remove("ri", ri["RouterInterfaceId"])
        return {}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, delete)

"""VPC 2016-04-28: VPCs, vSwitches, route tables/entries and EIPs, plus the helpers the other VPC
modules share (router interfaces: vpc_router_interfaces.py; NAT gateways and SNAT: vpc_nat.py).

VPC success bodies carry the Apsara envelope {"Code":"200","Message":"successful","Success":true}
(registry.ENVELOPE), as the cloudpods DescribeRouteTableList sample in apsara-api.md 1.5 shows.
Error codes and messages follow apsara-api-meta.json and the Vpc 2016-04-28 API reference pages
(DeleteVpc, DeleteVSwitch, ...); where both are silent a comment says so.
"""
from __future__ import annotations

import ipaddress
import re

from ..registry import action, page_numbers, tokens
from ..wire import ApiError, incorrect_status, iso, missing, tags_filter, wrap
from .common import eq, match_name, public, rg_ok, tag_match

P = "vpc"
OWNER_ID = 1000000000000027

# Count limits enforced with the real QuotaExceeded codes. The API has no call that reads them, so
# they are the public cloud's default quotas; a world overrides them under `quotas:`.
DEFAULT_QUOTAS = {"vpcs": 10, "vswitches_per_vpc": 150, "route_entries_per_table": 200, "eips": 20,
                  "router_interfaces_per_router": 10}

# Names of VPCs, vSwitches, router interfaces, NAT gateways, EIPs: 2-128 characters, starting with a
# letter or a Chinese character; digits, ".", "_" and "-" allowed; not starting with http:// or https://.
_NAME = re.compile(r"^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5._-]{1,127}$")


def _csv(value) -> set | None:
    if not value:
        return None
    return {v.strip() for v in str(value).split(",") if v.strip()}


def paged(ctx, items, max_size=50):
    chunk, n, s, total = page_numbers(ctx, items, max_size)
    return chunk, {"PageNumber": n, "PageSize": s, "TotalCount": total}


def valid_name(value: str) -> bool:
    return bool(_NAME.match(value)) and not value.lower().startswith(("http://", "https://"))


def check_name(ctx, param: str, code: str, message: str = "The specified name is not valid."):
    value = ctx.get(param)
    if value is not None and not valid_name(value):
        raise ApiError(400, code, message)


def check_description(ctx, code: str, param: str = "Description"):
    value = ctx.get(param)
    if value is not None and (not 2 <= len(value) <= 256 or value.lower().startswith(("http://", "https://"))):
        raise ApiError(400, code, "The description is not valid: 2-256 characters, not starting with http:// or https://.")


def quota(ctx, name: str) -> int:
    return int((ctx.state.meta.get("quotas") or {}).get(name, DEFAULT_QUOTAS[name]))


def delete_later(ctx, kind: str, rec: dict, id_field: str, code: str, what: str, during: str = "Deleting",
                 on_done=None) -> dict:
    """Available -> ``during`` for async_seconds, then removed (``on_done(rec)`` first); otherwise 400 ``code``.
    A failed transition (fail_async) leaves the resource Available."""
    st = ctx.state
    if rec["Status"] != "Available" or st.busy(kind, rec[id_field]):
        raise incorrect_status(code, what, 400)

    def done(gone):
        if on_done is not None:
            on_done(gone)
        st.remove(kind, gone[id_field])
    st.begin(kind, rec[id_field], ctx.action.name, ctx.seconds(), "Status", during, None,
             fail=ctx.fails(), fail_final="Available", on_done=done)
    return {}


def _vtags(ctx):
    return {"Tag": [{"Key": k, "Value": v or ""} for k, v in tags_filter(ctx.params)]}


def system_table(st, vpc_id: str) -> dict:
    return next(t for t in st.all("route_table") if t["VpcId"] == vpc_id and t["RouteTableType"] == "System")


def add_entry(ctx, vtb: dict, dest: str, rtype: str, hops: list, name: str = "", status: str = "Available",
              description: str = "", **internal) -> dict:
    """A route entry record as DescribeRouteEntryList renders it (internal "_" keys allowed)."""
    st = ctx.state
    rte = st.new_id("rte-")
    return st.add("route_entry", rte, {
        "RouteEntryId": rte, "RouteTableId": vtb["RouteTableId"], "DestinationCidrBlock": dest, "Type": rtype,
        "Status": status, "RouteEntryName": name, "Description": description,
        "IpVersion": "ipv4", "NextHops": {"NextHop": hops}, "GmtModified": iso(ctx.now), "Origin": "",
        "_org": vtb["_org"], "ResourceGroupId": vtb["ResourceGroupId"], **internal})


def remove_entries(st, test):
    for e in [e for e in st.all("route_entry") if test(e)]:
        st.remove("route_entry", e["RouteEntryId"])


# ---- VPCs / vSwitches -------------------------------------------------------------------------------------
def render_vpc(ctx, r):
    st = ctx.state
    return public(r, VSwitchIds={"VSwitchId": [s["VSwitchId"] for s in st.all("vswitch") if s["VpcId"] == r["VpcId"]]},
                  NatGatewayIds={"NatGatewayIds": [n["NatGatewayId"] for n in st.all("nat") if n["VpcId"] == r["VpcId"]]},
                  RouterTableIds={"RouterTableIds": [t["RouteTableId"] for t in st.all("route_table") if t["VpcId"] == r["VpcId"]]})


@action(P, "DescribeVpcs", required=("RegionId",))
def describe_vpcs(ctx):
    ids = _csv(ctx.get("VpcId"))
    wanted_tags = tags_filter(ctx.params)
    items = [r for r in ctx.scoped("vpc") if (ids is None or r["VpcId"] in ids) and match_name(r["VpcName"], ctx.get("VpcName"))
             and rg_ok(ctx, r) and tag_match(r, wanted_tags, "Key", "Value")]
    chunk, meta = paged(ctx, items)
    return {**meta, **wrap("Vpcs", "Vpc", [render_vpc(ctx, r) for r in chunk])}


@action(P, "DescribeVpcAttribute", required=("VpcId", "RegionId"))
def describe_vpc_attribute(ctx):
    r = ctx.find("vpc", ctx.get("VpcId"), "InvalidVpcId.NotFound", "VPC")
    out = render_vpc(ctx, r)
    out.pop("NatGatewayIds")
    out.pop("RouterTableIds")
    out.update(ClassicLinkEnabled=False, AssociatedCens={"AssociatedCen": []},
               CloudResources={"CloudResourceSetType": []}, Ipv6CidrBlocks={"Ipv6CidrBlock": []},
               SupportIpv4Gateway=False, Ipv4GatewayId="")
    return out


def _used_ips(ctx) -> dict:
    return ctx.memo("derived", "used_ips", lambda: _count_used_ips(ctx))


def _count_used_ips(ctx) -> dict:
    used: dict = {}
    st = ctx.state
    for i in st.all("instance"):
        sw = i["VpcAttributes"]["VSwitchId"]
        used[sw] = used.get(sw, 0) + len(i["VpcAttributes"]["PrivateIpAddress"]["IpAddress"])
    for n in st.all("nat"):
        sw = n["NatGatewayPrivateInfo"]["VswitchId"]
        used[sw] = used.get(sw, 0) + 1
    for lb in st.all("slb"):
        used[lb["VSwitchId"]] = used.get(lb["VSwitchId"], 0) + 1
    for db in st.all("rds"):
        used[db["VSwitchId"]] = used.get(db["VSwitchId"], 0) + 1
    return used


def render_vswitch(r, used) -> dict:
    if r.get("_fixed_available") is not None:
        avail = int(r["_fixed_available"])
    else:
        size = ipaddress.ip_network(r["CidrBlock"]).num_addresses
        avail = max(0, size - 4 - r.get("_reserved", 0) - used.get(r["VSwitchId"], 0))
    return public(r, AvailableIpAddressCount=avail)


def available_ips(ctx, vsw: dict) -> int:
    return render_vswitch(vsw, _used_ips(ctx))["AvailableIpAddressCount"]


@action(P, "DescribeVSwitches")
def describe_vswitches(ctx):
    ids = _csv(ctx.get("VSwitchId"))
    wanted_tags = tags_filter(ctx.params)
    items = [r for r in ctx.scoped("vswitch") if (ids is None or r["VSwitchId"] in ids) and eq(r, "VpcId", ctx.get("VpcId"))
             and eq(r, "ZoneId", ctx.get("ZoneId")) and match_name(r["VSwitchName"], ctx.get("VSwitchName"))
             and (not ctx.get("RouteTableId") or r["RouteTable"]["RouteTableId"] == ctx.get("RouteTableId"))
             and rg_ok(ctx, r) and tag_match(r, wanted_tags, "Key", "Value")]
    chunk, meta = paged(ctx, items)
    used = _used_ips(ctx)
    return {**meta, **wrap("VSwitches", "VSwitch", [render_vswitch(r, used) for r in chunk])}


@action(P, "DescribeVSwitchAttributes", required=("VSwitchId",))
def describe_vswitch_attributes(ctx):
    r = ctx.find("vswitch", ctx.get("VSwitchId"), "InvalidVSwitchId.NotFound", "vSwitch")
    return render_vswitch(r, _used_ips(ctx)) | {"CloudResources": {"CloudResourceSetType": []}}


def _cidr(ctx, param: str, lo: int, hi: int, default=None) -> ipaddress.IPv4Network:
    """A network in a.b.c.d/n form with host bits clear and lo <= n <= hi, else InvalidCidrBlock.Malformed."""
    try:
        net = ipaddress.ip_network(ctx.get(param, default))
    except (TypeError, ValueError):
        raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.") from None
    if net.version != 4 or not lo <= net.prefixlen <= hi:
        raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")
    return net


def _drop_vpc(st, vid: str):
    """A VPC and what CreateVpc made with it: its system route table, its entries and its VRouter."""
    tables = [t["RouteTableId"] for t in st.all("route_table") if t["VpcId"] == vid]
    remove_entries(st, lambda e: e["RouteTableId"] in tables)
    for t in tables:
        st.remove("route_table", t)
    for r in [r for r in st.all("vrouter") if r["VpcId"] == vid]:
        st.remove("vrouter", r["VRouterId"])
    st.remove("vpc", vid)


@action(P, "CreateVpc", required=("RegionId",), write=True)
def create_vpc(ctx):
    def create():
        st = ctx.state
        cidr = str(_cidr(ctx, "CidrBlock", 8, 28, "172.16.0.0/12"))
        check_name(ctx, "VpcName", "InvalidVpcName.Malformed", "The specified VpcName is not valid.")
        check_description(ctx, "InvalidVpcDiscription.Malformed")       # sic, the real code
        if len(st.all("vpc")) >= quota(ctx, "vpcs"):
            raise ApiError(400, "QuotaExceeded.Vpc", "The maximum number of VPCs is exceeded.")
        vid, vrt, vtb = st.new_id("vpc-"), st.new_id("vrt-"), st.new_id("vtb-")
        own = ctx.owner_fields()
        st.add("vpc", vid, {"VpcId": vid, "VpcName": ctx.get("VpcName", ""), "CidrBlock": cidr, "Status": "Pending",
                            "VRouterId": vrt, "RegionId": st.region_id, "Description": ctx.get("Description", ""),
                            "IsDefault": False, "CreationTime": iso(ctx.now), "CenStatus": "", "OwnerId": OWNER_ID,
                            "DhcpOptionsSetId": "", "DhcpOptionsSetStatus": "", "Ipv6CidrBlock": "", "EnabledIpv6": False,
                            "UserCidrs": {"UserCidr": []}, "SecondaryCidrBlocks": {"SecondaryCidrBlock": []},
                            "Tags": _vtags(ctx), **own})
        table = st.add("route_table", vtb, {"RouteTableId": vtb, "RouteTableName": "", "RouteTableType": "System", "RouterId": vrt,
                                            "RouterType": "VRouter", "VpcId": vid, "Status": "Available",
                                            "CreationTime": iso(ctx.now), "Description": "", "AssociateType": "VSwitch",
                                            "OwnerId": OWNER_ID, "RegionId": st.region_id, "Tags": {"Tag": []}, **own})
        st.add("vrouter", vrt, {"VRouterId": vrt, "VRouterName": "", "VpcId": vid, "RegionId": st.region_id,
                                "CreationTime": iso(ctx.now), "Description": "", **own})
        add_entry(ctx, table, "100.64.0.0/10", "System", [])     # the cloud service route every VPC has
        # a failed creation leaves no VPC behind (DescribeVpcs no longer lists it)
        st.begin("vpc", vid, ctx.action.name, ctx.seconds(), "Status", "Pending", "Available",
                 fail=ctx.fails(), on_fail=lambda rec: _drop_vpc(st, rec["VpcId"]))
        return {"VpcId": vid, "VRouterId": vrt, "RouteTableId": vtb, "ResourceGroupId": own["ResourceGroupId"]}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


def _vpc_dependency(st, vpc: dict) -> ApiError | None:
    """The first thing DeleteVpc refuses on, with the code the API reference gives for it."""
    vid = vpc["VpcId"]
    if any(s["VpcId"] == vid for s in st.all("vswitch")):
        return ApiError(400, "DependencyViolation.VSwitch", "Specified object has dependent resources.")
    if any(n["VpcId"] == vid for n in st.all("nat")):
        return ApiError(400, "DependencyViolation.NatGateway", "Specified object has dependent resources NatGateway.")
    if any(r["RouterId"] == vpc["VRouterId"] for r in st.all("ri")):
        return ApiError(400, "DependencyViolation.RouterInterface", "Specified object has dependent resources RouterInterface.")
    tables = {t["RouteTableId"] for t in st.all("route_table") if t["VpcId"] == vid}
    if any(e["RouteTableId"] in tables and e["Type"] == "Custom" for e in st.all("route_entry")):
        return ApiError(400, "DependencyViolation.RouteEntry", "Specified object has dependent resources")
    if any(g.get("VpcId") == vid for g in st.all("sg")):
        return ApiError(400, "DependencyViolation.SecurityGroup", "Specified object has dependent resources SecurityGroup.")
    return None


@action(P, "DeleteVpc", required=("VpcId",), write=True)
def delete_vpc(ctx):
    # ForceDelete (public cloud) is not in the Apsara metadata: dependencies always refuse the delete
    st = ctx.state
    vpc = ctx.find("vpc", ctx.get("VpcId"), "InvalidVpcId.NotFound", "VPC")
    if vpc["Status"] != "Available" or st.busy("vpc", vpc["VpcId"]):
        raise ApiError(400, "IncorrectVpcStatus", "Current VPC status does not support this operation.")
    err = _vpc_dependency(st, vpc)
    if err is not None:
        raise err
    return delete_later(ctx, "vpc", vpc, "VpcId", "IncorrectVpcStatus", "VPC",
                        on_done=lambda gone: _drop_vpc(st, gone["VpcId"]))


@action(P, "CreateVSwitch", required=("ZoneId", "CidrBlock", "VpcId"), write=True)
def create_vswitch(ctx):
    def create():
        st = ctx.state
        vpc = ctx.find("vpc", ctx.get("VpcId"), "InvalidVpcId.NotFound", "VPC")
        if vpc["Status"] != "Available":
            raise ApiError(400, "IncorrectVpcStatus", "The current status of the VPC does not support this operation.")
        net = _cidr(ctx, "CidrBlock", 16, 29)
        if not net.subnet_of(ipaddress.ip_network(vpc["CidrBlock"])):
            raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")
        check_name(ctx, "VSwitchName", "InvalidVSwitchName.Malformed", "The specified VSwitchName is not valid.")
        check_description(ctx, "InvalidDescription.Malformed")
        siblings = [s for s in st.all("vswitch") if s["VpcId"] == vpc["VpcId"]]
        for s in siblings:
            if net.overlaps(ipaddress.ip_network(s["CidrBlock"])):
                raise ApiError(400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other vSwitch.")
        if ctx.get("ZoneId") not in [z["ZoneId"] for z in st.zones]:
            raise ApiError(400, "InvalidZoneId.NotFound", "The specified zone does not exist.")
        if len(siblings) >= quota(ctx, "vswitches_per_vpc"):
            raise ApiError(400, "QuotaExceeded.VSwitch", "The maximum number of vSwitches in the VPC is exceeded.")
        sid = st.new_id("vsw-")
        table = system_table(st, vpc["VpcId"])
        st.add("vswitch", sid, {
            "VSwitchId": sid, "VSwitchName": ctx.get("VSwitchName", ""), "VpcId": vpc["VpcId"], "ZoneId": ctx.get("ZoneId"),
            "CidrBlock": str(net), "Status": "Pending", "Description": ctx.get("Description", ""),
            "CreationTime": iso(ctx.now), "IsDefault": False,
            "RouteTable": {"RouteTableId": table["RouteTableId"], "RouteTableType": "System"},
            "NetworkAclId": "", "OwnerId": OWNER_ID, "ShareType": "Sole", "Ipv6CidrBlock": "", "EnabledIpv6": False,
            "RegionId": st.region_id, "Tags": _vtags(ctx), "_reserved": 0, "_fixed_available": None,
            "_org": vpc["_org"], "ResourceGroupId": vpc["ResourceGroupId"]})
        add_entry(ctx, table, str(net), "System", [], _vswitch=sid)    # the local route of its CIDR

        def drop(rec):
            remove_entries(st, lambda e: e.get("_vswitch") == rec["VSwitchId"])
            st.remove("vswitch", rec["VSwitchId"])
        st.begin("vswitch", sid, ctx.action.name, ctx.seconds(), "Status", "Pending", "Available",
                 fail=ctx.fails(), on_fail=drop)
        return {"VSwitchId": sid}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


def _vswitch_in_use(st, sid: str) -> bool:
    return (any(i["VpcAttributes"]["VSwitchId"] == sid for i in st.all("instance"))
            or any(n["NatGatewayPrivateInfo"]["VswitchId"] == sid for n in st.all("nat"))
            or any(lb["VSwitchId"] == sid for lb in st.all("slb"))
            or any(db["VSwitchId"] == sid for db in st.all("rds"))
            or any(s["SourceVSwitchId"] == sid for s in st.all("snat")))


@action(P, "DeleteVSwitch", required=("VSwitchId",), write=True)
def delete_vswitch(ctx):
    st = ctx.state
    sw = ctx.find("vswitch", ctx.get("VSwitchId"), "InvalidVSwitchId.NotFound", "vSwitch")
    if sw["Status"] != "Available" or st.busy("vswitch", sw["VSwitchId"]):
        raise ApiError(400, "IncorrectVSwitchStatus", "The current virtual switch status does not support this operation.")
    if _vswitch_in_use(st, sw["VSwitchId"]):
        raise ApiError(400, "DependencyViolation", "Specified object has dependent resources.")
    # the API reference: "If the vSwitch is in the Pending state, the vSwitch is being deleted."
    return delete_later(ctx, "vswitch", sw, "VSwitchId", "IncorrectVSwitchStatus", "vSwitch", during="Pending",
                        on_done=lambda gone: remove_entries(st, lambda e: e.get("_vswitch") == gone["VSwitchId"]))


# ---- routing -----------------------------------------------------------------------------------------------
def _table_vswitches(ctx, vtb):
    return {"VSwitchId": [s["VSwitchId"] for s in ctx.state.all("vswitch") if s["RouteTable"]["RouteTableId"] == vtb]}


@action(P, "DescribeRouteTableList", required=("RegionId",))
def describe_route_table_list(ctx):
    items = [r for r in ctx.scoped("route_table") if eq(r, "VpcId", ctx.get("VpcId")) and eq(r, "RouteTableId", ctx.get("RouteTableId"))
             and eq(r, "RouterId", ctx.get("RouterId")) and eq(r, "RouterType", ctx.get("RouterType"))
             and eq(r, "RouteTableType", ctx.get("RouteTableType"))
             and match_name(r["RouteTableName"], ctx.get("RouteTableName")) and rg_ok(ctx, r)]
    chunk, meta = paged(ctx, items, 100)
    return {**meta, **wrap("RouterTableList", "RouterTableListType",
                           [public(r, VSwitchIds=_table_vswitches(ctx, r["RouteTableId"]), GatewayIds={"GatewayIds": []},
                                   RoutePropagationEnable=True) for r in chunk])}


def _legacy_entry(e):
    hop = (e["NextHops"]["NextHop"] or [{}])[0]
    return {"RouteTableId": e["RouteTableId"], "DestinationCidrBlock": e["DestinationCidrBlock"], "Type": e["Type"],
            "Status": e["Status"], "InstanceId": hop.get("NextHopId", ""), "NextHopType": hop.get("NextHopType", "local"),
            "RouteEntryId": e["RouteEntryId"], "RouteEntryName": e["RouteEntryName"], "Description": e["Description"],
            "NextHops": {"NextHop": [dict(h) for h in e["NextHops"]["NextHop"]]}}


@action(P, "DescribeRouteTables")
def describe_route_tables(ctx):
    items = [r for r in ctx.scoped("route_table") if eq(r, "RouteTableId", ctx.get("RouteTableId"))
             and eq(r, "RouterId", ctx.get("VRouterId") or ctx.get("RouterId")) and eq(r, "VpcId", ctx.get("VpcId"))]
    chunk, meta = paged(ctx, items)
    entries = ctx.state.all("route_entry")
    out = []
    for r in chunk:
        out.append({"RouteTableId": r["RouteTableId"], "RouteTableType": r["RouteTableType"], "VRouterId": r["RouterId"],
                    "CreationTime": r["CreationTime"], "Status": r["Status"], "ResourceGroupId": r["ResourceGroupId"],
                    "VSwitchIds": _table_vswitches(ctx, r["RouteTableId"]),
                    "RouteEntrys": {"RouteEntry": [_legacy_entry(e) for e in entries if e["RouteTableId"] == r["RouteTableId"]]}})
    return {**meta, **wrap("RouteTables", "RouteTable", out)}


@action(P, "DescribeRouteEntryList", required=("RegionId", "RouteTableId"))
def describe_route_entry_list(ctx):
    vtb = ctx.find("route_table", ctx.get("RouteTableId"), "InvalidRouteTable.NotFound", "route table")
    items = [e for e in ctx.state.all("route_entry") if e["RouteTableId"] == vtb["RouteTableId"]
             and eq(e, "RouteEntryId", ctx.get("RouteEntryId")) and eq(e, "DestinationCidrBlock", ctx.get("DestinationCidrBlock"))
             and eq(e, "Type", ctx.get("RouteEntryType")) and eq(e, "IpVersion", ctx.get("IpVersion"))
             and match_name(e["RouteEntryName"], ctx.get("RouteEntryName"))
             and (not ctx.get("NextHopId") or any(h["NextHopId"] == ctx.get("NextHopId") for h in e["NextHops"]["NextHop"]))
             and (not ctx.get("NextHopType") or any(h["NextHopType"] == ctx.get("NextHopType") for h in e["NextHops"]["NextHop"]))]
    chunk, nxt = tokens(ctx, items, 500, default=50, size="MaxResult")
    return {"NextToken": nxt, **wrap("RouteEntrys", "RouteEntry", [public(e) for e in chunk])}


# next hop types CreateRouteEntry documents; the lab checks those it models and takes the others as given
_HOP_TYPES = ("Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway", "NatGateway",
              "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr")


def _check_next_hop(ctx, vtb: dict, hop_type: str, hop_id: str):
    st = ctx.state
    if hop_type not in _HOP_TYPES:
        raise ApiError(400, "OperationFailed.InvalidNextHopType", "The specified next hop type is not valid.")
    if hop_type == "Instance":
        inst = st.get("instance", hop_id)
        if inst is None or not ctx.visible(inst) or inst["VpcAttributes"]["VpcId"] != vtb["VpcId"]:
            raise ApiError(400, "InvalidNextHop.NotFound", "The specified next hop does not exist.")
    elif hop_type == "RouterInterface":
        ri = st.get("ri", hop_id)
        if ri is None or not ctx.visible(ri):
            raise ApiError(400, "InvalidRouterInterface", "The specified router interface does not exist.")
        if ri["RouterId"] != vtb["RouterId"]:
            raise ApiError(400, "OperationDenied.RouterInterfaceToDifferentVpc",
                           "The router interface does not belong to the router of this route table.")
    elif hop_type == "NatGateway":
        nat = st.get("nat", hop_id)
        if nat is None or not ctx.visible(nat) or nat["VpcId"] != vtb["VpcId"]:
            raise ApiError(400, "InvalidNatGateway.NotFound", "The specified NAT gateway does not exist.")


@action(P, "CreateRouteEntry", required=("RouteTableId", "DestinationCidrBlock"), write=True)
def create_route_entry(ctx):
    def create():
        st = ctx.state
        vtb = ctx.find("route_table", ctx.get("RouteTableId"), "InvalidRouteTable.NotFound", "route table")
        dest = ctx.get("DestinationCidrBlock")
        try:
            ipaddress.ip_network(dest)
        except ValueError:
            raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.") from None
        entries = [e for e in st.all("route_entry") if e["RouteTableId"] == vtb["RouteTableId"]]
        if any(e["DestinationCidrBlock"] == dest for e in entries):
            raise ApiError(400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.")
        hop_type, hop_id = ctx.get("NextHopType"), ctx.get("NextHopId")
        if not hop_type or not hop_id:
            raise ApiError(400, "InvalidNexthopTypeAndList.BothNull", "NextHopType/NextHopId and NextHopList are both null.")
        _check_next_hop(ctx, vtb, hop_type, hop_id)
        if sum(1 for e in entries if e["Type"] == "Custom") >= quota(ctx, "route_entries_per_table"):
            raise ApiError(400, "QuotaExceeded", "The route entry quota of the route table is exceeded.")
        e = add_entry(ctx, vtb, dest, "Custom", [{"NextHopType": hop_type, "NextHopId": hop_id, "Enabled": 1, "Weight": 100,
                                                  "NextHopRegionId": st.region_id}],
                      name=ctx.get("RouteEntryName", ""), status="Pending", description=ctx.get("Description", ""))
        st.begin("route_entry", e["RouteEntryId"], ctx.action.name, ctx.seconds(), "Status", "Pending", "Available",
                 fail=ctx.fails(), on_fail=lambda rec: st.remove("route_entry", rec["RouteEntryId"]))
        return {"RouteEntryId": e["RouteEntryId"]}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "DeleteRouteEntry", write=True)
def delete_route_entry(ctx):
    rte = ctx.get("RouteEntryId")
    if rte:
        e = ctx.find("route_entry", rte, "InvalidRouteEntryId.NotFound", "route entry")
    else:
        vtb, dest = ctx.get("RouteTableId"), ctx.get("DestinationCidrBlock")
        if not vtb or not dest:
            raise missing("RouteEntryId")
        e = next((x for x in ctx.scoped("route_entry") if x["RouteTableId"] == vtb and x["DestinationCidrBlock"] == dest), None)
        if e is None:
            raise ApiError(404, "InvalidRouteEntry.NotFound", "The specified route entry does not exist.")
    if e["Type"] == "System":
        raise ApiError(400, "OperationDenied", "The system route entry cannot be deleted.")
    return delete_later(ctx, "route_entry", e, "RouteEntryId", "IncorrectRouteEntryStatus", "route entry")


@action(P, "DescribeVRouters", required=("RegionId",))
def describe_vrouters(ctx):
    items = [r for r in ctx.scoped("vrouter") if eq(r, "VRouterId", ctx.get("VRouterId"))]
    chunk, meta = paged(ctx, items)
    tables = ctx.state.all("route_table")
    return {**meta, **wrap("VRouters", "VRouter", [
        public(r, RouteTableIds={"RouteTableId": [t["RouteTableId"] for t in tables if t["RouterId"] == r["VRouterId"]]})
        for r in chunk])}


# ---- EIPs ---------------------------------------------------------------------------------------------------
def _eip(ctx):
    return ctx.find("eip", ctx.get("AllocationId"), "InvalidAllocationId.NotFound", "EIP")


def _eip_status(ctx, eip, status):
    """The EIP must be in ``status`` with no transition running."""
    if eip["Status"] != status or ctx.state.busy("eip", eip["AllocationId"]):
        raise incorrect_status("IncorrectEipStatus", "EIP", 400)


def unbind(rec):
    rec.update(InstanceId="", InstanceType="", InstanceRegionId="")


@action(P, "DescribeEipAddresses", required=("RegionId",))
def describe_eip_addresses(ctx):
    ids = _csv(ctx.get("AllocationId"))
    ips = _csv(ctx.get("EipAddress"))
    wanted_tags = tags_filter(ctx.params)
    items = [r for r in ctx.scoped("eip") if (ids is None or r["AllocationId"] in ids) and (ips is None or r["IpAddress"] in ips)
             and eq(r, "Status", ctx.get("Status")) and eq(r, "InstanceType", ctx.get("AssociatedInstanceType"))
             and eq(r, "InstanceId", ctx.get("AssociatedInstanceId")) and eq(r, "ChargeType", ctx.get("ChargeType"))
             and match_name(r["Name"], ctx.get("EipName")) and rg_ok(ctx, r) and tag_match(r, wanted_tags, "Key", "Value")]
    chunk, meta = paged(ctx, items, 100)
    return {**meta, **wrap("EipAddresses", "EipAddress", [public(r) for r in chunk])}


@action(P, "AllocateEipAddress", required=("RegionId",), write=True)
def allocate_eip_address(ctx):
    def create():
        st = ctx.state
        pool = ipaddress.ip_network(st.meta.get("eip_pool", "198.51.100.0/24"))
        taken = {e["IpAddress"] for e in st.all("eip")}
        ip = next((str(a) for a in pool.hosts() if str(a) not in taken), None)
        if ip is None:
            raise ApiError(400, "ReserveIpFail", "Reserve eip failed: the public IP address pool is exhausted.")
        try:
            bw = int(ctx.get("Bandwidth", "5"))
        except ValueError:
            raise ApiError(400, "InvalidBandwidth.Malformed", "Specified bandwidth is not valid.") from None
        if len(st.all("eip")) >= quota(ctx, "eips"):
            raise ApiError(400, "QuotaExceeded.Eip", "The maximum number of EIPs is exceeded.")
        aid = st.new_id("eip-")
        own = ctx.owner_fields()
        st.add("eip", aid, {
            "AllocationId": aid, "IpAddress": ip, "Name": ctx.get("Name", ""), "Description": ctx.get("Description", ""),
            "Status": "Available", "InstanceId": "", "InstanceType": "", "InstanceRegionId": "", "Bandwidth": str(bw),
            "InternetChargeType": ctx.get("InternetChargeType", "PayByTraffic"), "ChargeType": "PostPaid",
            "AllocationTime": iso(ctx.now), "ExpiredTime": "", "RegionId": st.region_id, "BusinessStatus": "Normal",
            "OperationLocks": {"LockReason": []}, "Tags": {"Tag": []}, "Mode": "NAT", "Netmode": "public",
            "DeletionProtection": False, "PrivateIpAddress": "", "ISP": ctx.get("ISP", "BGP"), "HDMonitorStatus": "false",
            "SecondLimited": False, "ServiceManaged": 0, "EipBandwidth": "", "BandwidthPackageId": "",
            "BandwidthPackageBandwidth": "", "BandwidthPackageType": "", "HasReservationData": "false",
            "SegmentInstanceId": "", **own})
        return {"AllocationId": aid, "EipAddress": ip, "OrderId": "", "ResourceGroupId": own["ResourceGroupId"]}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "AssociateEipAddress", required=("AllocationId", "InstanceId"), write=True)
def associate_eip_address(ctx):
    def associate():
        st = ctx.state
        eip = _eip(ctx)
        itype = ctx.get("InstanceType", "EcsInstance")
        kind = {"EcsInstance": "instance", "Nat": "nat", "SlbInstance": "slb"}.get(itype)
        if kind is None:
            raise ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified instance type is not supported.")
        target = st.get(kind, ctx.get("InstanceId"))
        if target is None or not ctx.visible(target):
            raise ApiError(400, "InvalidInstanceId.NotFound", "The specified instance does not exist.")
        if kind == "nat" and (target["Status"] != "Available" or st.busy("nat", target["NatGatewayId"])):
            raise ApiError(400, "IncorrectStatus.NatGateway", "The status of the NAT gateway does not support this operation.")
        _eip_status(ctx, eip, "Available")
        if kind != "nat" and any(e["InstanceId"] == ctx.get("InstanceId") for e in st.all("eip")):
            raise ApiError(400, "InvalidAssociation.Duplicated", "The specified instance already has an EIP associated.")
        eip.update(InstanceId=ctx.get("InstanceId"), InstanceType=itype, InstanceRegionId=st.region_id)
        st.begin("eip", eip["AllocationId"], ctx.action.name, ctx.seconds(), "Status", "Associating", "InUse",
                 fail=ctx.fails(), fail_final="Available", on_fail=unbind)
        return {}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, associate)


@action(P, "UnassociateEipAddress", required=("AllocationId",), write=True)
def unassociate_eip_address(ctx):
    st = ctx.state
    eip = _eip(ctx)
    _eip_status(ctx, eip, "InUse")
    if ctx.get("InstanceId") and ctx.get("InstanceId") != eip["InstanceId"]:
        raise ApiError(400, "InvalidBindingStatus", "The EIP is not associated with the specified instance.")
    if any(s["SnatIp"] == eip["IpAddress"] for s in st.all("snat")):
        raise ApiError(400, "InvalidIpStatus.HasBeenUsedBySnatTable", "The EIP is used by a SNAT entry.")
    st.begin("eip", eip["AllocationId"], ctx.action.name, ctx.seconds(), "Status", "Unassociating", "Available",
             fail=ctx.fails(), fail_final="InUse", on_done=unbind)
    return {}


@action(P, "ReleaseEipAddress", required=("AllocationId",), write=True)
def release_eip_address(ctx):
    eip = _eip(ctx)
    _eip_status(ctx, eip, "Available")
    if eip["DeletionProtection"]:
        raise ApiError(400, "InvalidOperation.DeletionProtection", "The EIP has deletion protection enabled.")
    ctx.state.remove("eip", eip["AllocationId"])
    return {}

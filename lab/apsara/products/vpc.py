"""VPC 2016-04-28: VPCs, vSwitches, route tables/entries, router interfaces, EIPs, NAT + SNAT.

VPC success bodies carry the Apsara envelope {"Code":"200","Message":"successful","Success":true}
(registry.ENVELOPE), as the cloudpods DescribeRouteTableList sample in apsara-api.md 1.5 shows.
"""
from __future__ import annotations

import ipaddress

from ..registry import action, page_numbers, tokens
from ..wire import ApiError, incorrect_status, iso, missing, tags_filter, wrap
from .common import eq, match_name, public, rg_ok, tag_match

P = "vpc"


def _csv(value) -> set | None:
    if not value:
        return None
    return {v.strip() for v in str(value).split(",") if v.strip()}


def _paged(ctx, items, max_size=50):
    chunk, n, s, total = page_numbers(ctx, items, max_size)
    return chunk, {"PageNumber": n, "PageSize": s, "TotalCount": total}


def _delete_later(ctx, kind: str, rec: dict, id_field: str, code: str, what: str) -> dict:
    """Available -> Deleting for async_seconds, then removed; otherwise 400 ``code``."""
    st = ctx.state
    if rec["Status"] != "Available" or st.busy(kind, rec[id_field]):
        raise incorrect_status(code, what, 400)
    st.begin(kind, rec[id_field], ctx.action.name, ctx.seconds(), "Status", "Deleting", None,
             on_done=lambda done: st.remove(kind, done[id_field]))
    return {}


def _vtags(ctx):
    return {"Tag": [{"Key": k, "Value": v or ""} for k, v in tags_filter(ctx.params)]}


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
    chunk, meta = _paged(ctx, items)
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


@action(P, "DescribeVSwitches")
def describe_vswitches(ctx):
    ids = _csv(ctx.get("VSwitchId"))
    wanted_tags = tags_filter(ctx.params)
    items = [r for r in ctx.scoped("vswitch") if (ids is None or r["VSwitchId"] in ids) and eq(r, "VpcId", ctx.get("VpcId"))
             and eq(r, "ZoneId", ctx.get("ZoneId")) and match_name(r["VSwitchName"], ctx.get("VSwitchName"))
             and (not ctx.get("RouteTableId") or r["RouteTable"]["RouteTableId"] == ctx.get("RouteTableId"))
             and rg_ok(ctx, r) and tag_match(r, wanted_tags, "Key", "Value")]
    chunk, meta = _paged(ctx, items)
    used = _used_ips(ctx)
    return {**meta, **wrap("VSwitches", "VSwitch", [render_vswitch(r, used) for r in chunk])}


@action(P, "DescribeVSwitchAttributes", required=("VSwitchId",))
def describe_vswitch_attributes(ctx):
    r = ctx.find("vswitch", ctx.get("VSwitchId"), "InvalidVSwitchId.NotFound", "vSwitch")
    return render_vswitch(r, _used_ips(ctx)) | {"CloudResources": {"CloudResourceSetType": []}}


@action(P, "CreateVpc", required=("RegionId",), write=True)
def create_vpc(ctx):
    def create():
        st = ctx.state
        cidr = ctx.get("CidrBlock", "172.16.0.0/12")
        try:
            ipaddress.ip_network(cidr)
        except ValueError:
            raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.") from None
        vid, vrt, vtb = st.new_id("vpc-"), st.new_id("vrt-"), st.new_id("vtb-")
        own = ctx.owner_fields()
        st.add("vpc", vid, {"VpcId": vid, "VpcName": ctx.get("VpcName", ""), "CidrBlock": cidr, "Status": "Pending",
                            "VRouterId": vrt, "RegionId": st.region_id, "Description": ctx.get("Description", ""),
                            "IsDefault": False, "CreationTime": iso(ctx.now), "CenStatus": "", "OwnerId": 1000000000000027,
                            "DhcpOptionsSetId": "", "DhcpOptionsSetStatus": "", "Ipv6CidrBlock": "", "EnabledIpv6": False,
                            "UserCidrs": {"UserCidr": []}, "SecondaryCidrBlocks": {"SecondaryCidrBlock": []},
                            "Tags": _vtags(ctx), **own})
        st.add("route_table", vtb, {"RouteTableId": vtb, "RouteTableName": "", "RouteTableType": "System", "RouterId": vrt,
                                    "RouterType": "VRouter", "VpcId": vid, "Status": "Available",
                                    "CreationTime": iso(ctx.now), "Description": "", "AssociateType": "VSwitch",
                                    "OwnerId": 1000000000000027, "RegionId": st.region_id, "Tags": {"Tag": []}, **own})
        st.add("vrouter", vrt, {"VRouterId": vrt, "VRouterName": "", "VpcId": vid, "RegionId": st.region_id,
                                "CreationTime": iso(ctx.now), "Description": "", **own})
        st.begin("vpc", vid, ctx.action.name, ctx.seconds(), "Status", "Pending", "Available")
        return {"VpcId": vid, "VRouterId": vrt, "RouteTableId": vtb, "ResourceGroupId": own["ResourceGroupId"]}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "CreateVSwitch", required=("ZoneId", "CidrBlock", "VpcId"), write=True)
def create_vswitch(ctx):
    def create():
        st = ctx.state
        vpc = ctx.find("vpc", ctx.get("VpcId"), "InvalidVpcId.NotFound", "VPC")
        if vpc["Status"] != "Available":
            raise ApiError(400, "IncorrectVpcStatus", "The current status of the VPC does not support this operation.")
        try:
            net = ipaddress.ip_network(ctx.get("CidrBlock"))
        except ValueError:
            raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.") from None
        if not net.subnet_of(ipaddress.ip_network(vpc["CidrBlock"])) or not 16 <= net.prefixlen <= 29:
            raise ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")
        for s in st.all("vswitch"):
            if s["VpcId"] == vpc["VpcId"] and net.overlaps(ipaddress.ip_network(s["CidrBlock"])):
                raise ApiError(400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other vSwitch.")
        if ctx.get("ZoneId") not in [z["ZoneId"] for z in st.zones]:
            raise ApiError(400, "InvalidZoneId.NotFound", "The specified zone does not exist.")
        sid = st.new_id("vsw-")
        vtb = next(t["RouteTableId"] for t in st.all("route_table") if t["VpcId"] == vpc["VpcId"] and t["RouteTableType"] == "System")
        st.add("vswitch", sid, {
            "VSwitchId": sid, "VSwitchName": ctx.get("VSwitchName", ""), "VpcId": vpc["VpcId"], "ZoneId": ctx.get("ZoneId"),
            "CidrBlock": str(net), "Status": "Pending", "Description": ctx.get("Description", ""),
            "CreationTime": iso(ctx.now), "IsDefault": False, "RouteTable": {"RouteTableId": vtb, "RouteTableType": "System"},
            "NetworkAclId": "", "OwnerId": 1000000000000027, "ShareType": "Sole", "Ipv6CidrBlock": "", "EnabledIpv6": False,
            "RegionId": st.region_id, "Tags": _vtags(ctx), "_reserved": 0, "_fixed_available": None,
            "_org": vpc["_org"], "ResourceGroupId": vpc["ResourceGroupId"]})
        st.begin("vswitch", sid, ctx.action.name, ctx.seconds(), "Status", "Pending", "Available")
        return {"VSwitchId": sid}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


# ---- routing -----------------------------------------------------------------------------------------------
def _table_vswitches(ctx, vtb):
    return {"VSwitchId": [s["VSwitchId"] for s in ctx.state.all("vswitch") if s["RouteTable"]["RouteTableId"] == vtb]}


@action(P, "DescribeRouteTableList", required=("RegionId",))
def describe_route_table_list(ctx):
    items = [r for r in ctx.scoped("route_table") if eq(r, "VpcId", ctx.get("VpcId")) and eq(r, "RouteTableId", ctx.get("RouteTableId"))
             and eq(r, "RouterId", ctx.get("RouterId")) and eq(r, "RouterType", ctx.get("RouterType"))
             and eq(r, "RouteTableType", ctx.get("RouteTableType"))
             and match_name(r["RouteTableName"], ctx.get("RouteTableName")) and rg_ok(ctx, r)]
    chunk, meta = _paged(ctx, items, 100)
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
    chunk, meta = _paged(ctx, items)
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
             and (not ctx.get("NextHopId") or any(h["NextHopId"] == ctx.get("NextHopId") for h in e["NextHops"]["NextHop"]))]
    chunk, nxt = tokens(ctx, items, 500, default=50, size="MaxResult")
    return {"NextToken": nxt, **wrap("RouteEntrys", "RouteEntry", [public(e) for e in chunk])}


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
        if any(e["RouteTableId"] == vtb["RouteTableId"] and e["DestinationCidrBlock"] == dest for e in st.all("route_entry")):
            raise ApiError(400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.")
        hop_type, hop_id = ctx.get("NextHopType"), ctx.get("NextHopId")
        if not hop_type or not hop_id:
            raise ApiError(400, "InvalidNexthopTypeAndList.BothNull", "NextHopType/NextHopId and NextHopList are both null.")
        rte = st.new_id("rte-")
        st.add("route_entry", rte, {
            "RouteEntryId": rte, "RouteTableId": vtb["RouteTableId"], "DestinationCidrBlock": dest, "Type": "Custom",
            "Status": "Pending", "RouteEntryName": ctx.get("RouteEntryName", ""), "Description": ctx.get("Description", ""),
            "IpVersion": "ipv4", "NextHops": {"NextHop": [{"NextHopType": hop_type, "NextHopId": hop_id, "Enabled": 1,
                                                           "Weight": 100, "NextHopRegionId": st.region_id}]},
            "GmtModified": iso(ctx.now), "Origin": "", "_org": vtb["_org"], "ResourceGroupId": vtb["ResourceGroupId"]})
        st.begin("route_entry", rte, ctx.action.name, ctx.seconds(), "Status", "Pending", "Available",
                 fail=ctx.fails(), on_fail=lambda rec: st.remove("route_entry", rec["RouteEntryId"]))
        return {"RouteEntryId": rte}
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
    return _delete_later(ctx, "route_entry", e, "RouteEntryId", "IncorrectRouteEntryStatus", "route entry")


@action(P, "DescribeVRouters", required=("RegionId",))
def describe_vrouters(ctx):
    items = [r for r in ctx.scoped("vrouter") if eq(r, "VRouterId", ctx.get("VRouterId"))]
    chunk, meta = _paged(ctx, items)
    tables = ctx.state.all("route_table")
    return {**meta, **wrap("VRouters", "VRouter", [
        public(r, RouteTableIds={"RouteTableId": [t["RouteTableId"] for t in tables if t["RouterId"] == r["VRouterId"]]})
        for r in chunk])}


@action(P, "DescribeRouterInterfaces", required=("RegionId",))
def describe_router_interfaces(ctx):
    filters = {}
    n = 1
    while ctx.get(f"Filter.{n}.Key"):
        key = ctx.get(f"Filter.{n}.Key")
        values = [v for k, v in sorted(ctx.params.items()) if k.startswith(f"Filter.{n}.Value.")]
        filters[key] = set(values)
        n += 1
    items = []
    for r in ctx.scoped("ri"):
        if all(str(r.get(k, "")) in vals for k, vals in filters.items() if vals):
            items.append(r)
    chunk, meta = _paged(ctx, items)
    return {**meta, **wrap("RouterInterfaceSet", "RouterInterfaceType", [public(r) for r in chunk])}


# ---- EIPs ---------------------------------------------------------------------------------------------------
def _eip(ctx):
    return ctx.find("eip", ctx.get("AllocationId"), "InvalidAllocationId.NotFound", "EIP")


def _eip_status(ctx, eip, status):
    """The EIP must be in ``status`` with no transition running."""
    if eip["Status"] != status or ctx.state.busy("eip", eip["AllocationId"]):
        raise incorrect_status("IncorrectEipStatus", "EIP", 400)


def _unbind(rec):
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
    chunk, meta = _paged(ctx, items, 100)
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
    st = ctx.state
    eip = _eip(ctx)
    itype = ctx.get("InstanceType", "EcsInstance")
    kind = {"EcsInstance": "instance", "Nat": "nat", "SlbInstance": "slb"}.get(itype)
    if kind is None:
        raise ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified instance type is not supported.")
    target = st.get(kind, ctx.get("InstanceId"))
    if target is None or not ctx.visible(target):
        raise ApiError(400, "InvalidInstanceId.NotFound", "The specified instance does not exist.")
    _eip_status(ctx, eip, "Available")
    if kind != "nat" and any(e["InstanceId"] == ctx.get("InstanceId") for e in st.all("eip")):
        raise ApiError(400, "InvalidAssociation.Duplicated", "The specified instance already has an EIP associated.")
    eip.update(InstanceId=ctx.get("InstanceId"), InstanceType=itype, InstanceRegionId=st.region_id)
    st.begin("eip", eip["AllocationId"], ctx.action.name, ctx.seconds(), "Status", "Associating", "InUse",
             fail=ctx.fails(), fail_final="Available", on_fail=_unbind)
    return {}


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
             fail=ctx.fails(), fail_final="InUse", on_done=_unbind)
    return {}


@action(P, "ReleaseEipAddress", required=("AllocationId",), write=True)
def release_eip_address(ctx):
    eip = _eip(ctx)
    _eip_status(ctx, eip, "Available")
    if eip["DeletionProtection"]:
        raise ApiError(400, "InvalidOperation.DeletionProtection", "The EIP has deletion protection enabled.")
    ctx.state.remove("eip", eip["AllocationId"])
    return {}


# ---- NAT gateways / SNAT -----------------------------------------------------------------------------------
@action(P, "DescribeNatGateways", required=("RegionId",))
def describe_nat_gateways(ctx):
    st = ctx.state
    items = [r for r in ctx.scoped("nat") if eq(r, "NatGatewayId", ctx.get("NatGatewayId")) and eq(r, "VpcId", ctx.get("VpcId"))
             and eq(r, "Spec", ctx.get("Spec")) and eq(r, "Status", ctx.get("Status")) and match_name(r["Name"], ctx.get("Name"))
             and rg_ok(ctx, r)]
    chunk, meta = _paged(ctx, items)
    snat_ips = {s["SnatIp"] for s in st.all("snat")}
    out = []
    for r in chunk:
        ips = [{"AllocationId": e["AllocationId"], "IpAddress": e["IpAddress"], "PrivateIpAddress": "",
                "UsingStatus": "UsedBySnatTable" if e["IpAddress"] in snat_ips else "Idle",
                "SnatEntryEnabled": e["IpAddress"] in snat_ips}
               for e in st.all("eip") if e["InstanceType"] == "Nat" and e["InstanceId"] == r["NatGatewayId"]]
        out.append(public(r, IpLists={"IpList": ips}))
    return {**meta, **wrap("NatGateways", "NatGateway", out)}


@action(P, "DescribeSnatTableEntries", required=("RegionId",))
def describe_snat_table_entries(ctx):
    items = [r for r in ctx.scoped("snat") if eq(r, "SnatTableId", ctx.get("SnatTableId")) and eq(r, "SnatEntryId", ctx.get("SnatEntryId"))
             and eq(r, "SourceVSwitchId", ctx.get("SourceVSwitchId")) and eq(r, "SourceCIDR", ctx.get("SourceCIDR"))
             and eq(r, "SnatIp", ctx.get("SnatIp")) and eq(r, "NatGatewayId", ctx.get("NatGatewayId"))
             and match_name(r["SnatEntryName"], ctx.get("SnatEntryName"))]
    chunk, meta = _paged(ctx, items)
    return {**meta, **wrap("SnatTableEntries", "SnatTableEntry", [public(r) for r in chunk])}


@action(P, "DescribeForwardTableEntries", required=("RegionId",))
def describe_forward_table_entries(ctx):
    items = [r for r in ctx.scoped("dnat") if eq(r, "ForwardTableId", ctx.get("ForwardTableId"))]
    chunk, meta = _paged(ctx, items)
    return {**meta, **wrap("ForwardTableEntries", "ForwardTableEntry", [public(r) for r in chunk])}


@action(P, "CreateSnatEntry", required=("RegionId", "SnatTableId", "SnatIp"), write=True)
def create_snat_entry(ctx):
    def create():
        st = ctx.state
        nat = next((n for n in ctx.scoped("nat") if n["_snat_table"] == ctx.get("SnatTableId")), None)
        if nat is None:
            raise ApiError(404, "InvalidSnatTableId.NotFound", "The specified SNAT table does not exist.")
        src_sw, src_cidr = ctx.get("SourceVSwitchId"), ctx.get("SourceCIDR")
        if src_sw and src_cidr:
            raise ApiError(400, "CreateSnatEntry.ParamExclusive.sourceVSwitchIdAndsourceCIDR",
                           "SourceVSwitchId and SourceCIDR are mutually exclusive.")
        if src_sw:
            sw = ctx.find("vswitch", src_sw, "InvalidVSwitchId.NotFound", "vSwitch")
            src_cidr = sw["CidrBlock"]
            if any(s["SourceVSwitchId"] == src_sw and s["SnatTableId"] == nat["_snat_table"] for s in st.all("snat")):
                raise ApiError(400, "Forbidden.SourceVSwitchId.Duplicated", "The vSwitch already has a SNAT entry.")
        elif not src_cidr:
            raise missing("SourceVSwitchId")
        nat_ips = {e["IpAddress"] for e in st.all("eip") if e["InstanceId"] == nat["NatGatewayId"]}
        for ip in ctx.get("SnatIp").split(","):
            if ip not in nat_ips:
                raise ApiError(400, "EIP_NOT_IN_GATEWAY", "The specified EIP is not bound to the NAT gateway.")
        seid = st.new_id("snat-")
        st.add("snat", seid, {"SnatEntryId": seid, "SnatTableId": nat["_snat_table"], "SnatEntryName": ctx.get("SnatEntryName", ""),
                              "SourceVSwitchId": src_sw or "", "SourceCIDR": src_cidr, "SnatIp": ctx.get("SnatIp"),
                              "Status": "Pending", "NatGatewayId": nat["NatGatewayId"], "EipAffinity": 0,
                              "_org": nat["_org"], "ResourceGroupId": nat["ResourceGroupId"]})
        st.begin("snat", seid, ctx.action.name, ctx.seconds(), "Status", "Pending", "Available",
                 fail=ctx.fails(), on_fail=lambda rec: st.remove("snat", rec["SnatEntryId"]))
        return {"SnatEntryId": seid}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "DeleteSnatEntry", required=("RegionId", "SnatTableId", "SnatEntryId"), write=True)
def delete_snat_entry(ctx):
    e = ctx.find("snat", ctx.get("SnatEntryId"), "InvalidSnatEntryId.NotFound", "SNAT entry")
    if e["SnatTableId"] != ctx.get("SnatTableId"):
        raise ApiError(404, "InvalidSnatTableId.NotFound", "The specified SNAT table does not exist.")
    # "Incorret" is the real API's spelling
    return _delete_later(ctx, "snat", e, "SnatEntryId", "IncorretSnatEntryStatus", "SNAT entry")

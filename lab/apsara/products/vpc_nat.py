"""VPC 2016-04-28 NAT gateways and SNAT entries: the VPC-to-internet path (NAT + EIP + SNAT).

CreateNatGateway: Creating -> Available; an enhanced NAT gateway takes one private IP of its vSwitch and,
when Available, the system adds the route 0.0.0.0/0 -> the gateway to the VPC's route table (API
reference: "a route entry is automatically added"); the gateway's deletion takes that route with it.
DeleteNatGateway refuses while SNAT entries, bound EIPs or other routes depend on it, unless Force.
"""
from __future__ import annotations

import ipaddress

from ..registry import action
from ..state import make_id
from ..wire import ApiError, iso, missing, wrap
from .common import eq, match_name, public, rg_ok
from .vpc import (P, add_entry, available_ips, check_description, check_name, delete_later, paged, remove_entries,
                  system_table, unbind)

SPECS = ("Small", "Middle", "Large", "XLarge.1")     # "Small" is Apsara's default (apsara-api.md 3.2)


@action(P, "DescribeNatGateways", required=("RegionId",))
def describe_nat_gateways(ctx):
    st = ctx.state
    items = [r for r in ctx.scoped("nat") if eq(r, "NatGatewayId", ctx.get("NatGatewayId")) and eq(r, "VpcId", ctx.get("VpcId"))
             and eq(r, "Spec", ctx.get("Spec")) and eq(r, "Status", ctx.get("Status")) and match_name(r["Name"], ctx.get("Name"))
             and eq(r, "NatType", ctx.get("NatType")) and rg_ok(ctx, r)]
    chunk, meta = paged(ctx, items)
    snat_ips = {s["SnatIp"] for s in st.all("snat")}
    out = []
    for r in chunk:
        ips = [{"AllocationId": e["AllocationId"], "IpAddress": e["IpAddress"], "PrivateIpAddress": "",
                "UsingStatus": "UsedBySnatTable" if e["IpAddress"] in snat_ips else "Idle",
                "SnatEntryEnabled": e["IpAddress"] in snat_ips}
               for e in st.all("eip") if e["InstanceType"] == "Nat" and e["InstanceId"] == r["NatGatewayId"]]
        out.append(public(r, IpLists={"IpList": ips}))
    return {**meta, **wrap("NatGateways", "NatGateway", out)}


def _private_ip(st, vsw: dict) -> str:
    """A free address of the vSwitch, from the top of its range (the world fills it from the bottom)."""
    taken = {n["NatGatewayPrivateInfo"]["PrivateIpAddress"] for n in st.all("nat")}
    for i in st.all("instance"):
        taken.update(i["VpcAttributes"]["PrivateIpAddress"]["IpAddress"])
    net = ipaddress.ip_network(vsw["CidrBlock"])
    for n in range(net.num_addresses - 2, 3, -1):
        ip = str(net.network_address + n)
        if ip not in taken:
            return ip
    raise ApiError(400, "OperationFailed.VSwitchNoAvailableIp", "The vSwitch has no available IP address.")


def _drop_nat(st, nat_id: str):
    """The gateway and what goes with it: its SNAT/DNAT entries, its automatic default route, EIP bindings."""
    for kind, key in (("snat", "SnatEntryId"), ("dnat", "ForwardEntryId")):
        for e in [e for e in st.all(kind) if e.get("NatGatewayId") == nat_id]:
            st.remove(kind, e[key])
    for e in st.all("eip"):
        if e["InstanceType"] == "Nat" and e["InstanceId"] == nat_id:
            unbind(e)
            e["Status"] = "Available"
    remove_entries(st, lambda e: e.get("_auto_nat") == nat_id)
    st.remove("nat", nat_id)


@action(P, "CreateNatGateway", required=("RegionId", "VpcId"), write=True)
def create_nat_gateway(ctx):
    def create():
        st = ctx.state
        vpc = ctx.find("vpc", ctx.get("VpcId"), "InvalidVpcId.NotFound", "VPC")
        if vpc["Status"] != "Available" or st.busy("vpc", vpc["VpcId"]):
            raise ApiError(400, "VpcStatusError", "The status of the VPC does not support this operation.")
        spec = ctx.get("Spec", "Small")
        if spec not in SPECS:
            raise ApiError(400, "InvalidParameter.Spec.ValueNotSupported", "The specified Spec is not supported.")
        check_name(ctx, "Name", "InvalidParameter.Name.Malformed", "The specified Name is not valid.")
        check_description(ctx, "InvalidParameter.Description.Malformed")
        if not ctx.get("VSwitchId"):
            raise missing("VSwitchId")          # an enhanced NAT gateway lives in a vSwitch
        vsw = st.get("vswitch", ctx.get("VSwitchId"))
        if vsw is None or not ctx.visible(vsw):
            raise ApiError(400, "InvalidVSWITCHID.NotFound", "The specified vSwitch does not exist.")
        if vsw["VpcId"] != vpc["VpcId"]:
            raise ApiError(400, "OperationFailed.VswNotBelongToVpc", "The vSwitch does not belong to the VPC.")
        if vsw["Status"] != "Available":
            raise ApiError(400, "VswitchStatusError", "The status of the vSwitch does not support this operation.")
        if available_ips(ctx, vsw) < 1:
            raise ApiError(400, "OperationFailed.VSwitchNoAvailableIp", "The vSwitch has no available IP address.")
        nid = st.new_id("ngw-")
        stb, ftb = make_id("stb-", f"{st.name}/stb/{nid}"), make_id("ftb-", f"{st.name}/ftb/{nid}")
        own = ctx.owner_fields()
        st.add("nat", nid, {
            "NatGatewayId": nid, "Name": ctx.get("Name", ""), "Description": ctx.get("Description", ""),
            "VpcId": vpc["VpcId"], "Spec": spec, "NatType": ctx.get("NatType", "Enhanced"), "Status": "Creating",
            "BusinessStatus": "Normal", "InstanceChargeType": ctx.get("InstanceChargeType", "PostPaid"),
            "InternetChargeType": ctx.get("InternetChargeType", "PayBySpec"), "NetworkType": ctx.get("NetworkType", "internet"),
            "CreationTime": iso(ctx.now), "ExpiredTime": "", "RegionId": st.region_id, "DeletionProtection": False,
            "EipBindMode": ctx.get("EipBindMode", "MULTI_BINDED"), "AutoPay": False, "EcsMetricEnabled": False,
            "IcmpReplyEnabled": True, "SecurityProtectionEnabled": False, "PrivateLinkEnabled": False,
            "PrivateLinkMode": "", "EnableSessionLog": False,
            "SnatTableIds": {"SnatTableId": [stb]}, "ForwardTableIds": {"ForwardTableId": [ftb]},
            "FullNatTableIds": {"FullNatTableId": []}, "BandwidthPackageIds": {"BandwidthPackageId": []},
            "NatGatewayPrivateInfo": {"VswitchId": vsw["VSwitchId"], "EniInstanceId": make_id("eni-", f"nat/{nid}"),
                                      "IzNo": vsw["ZoneId"], "PrivateIpAddress": _private_ip(st, vsw),
                                      "MaxBandwidth": 5120, "MaxSessionQuota": 2000000,
                                      "MaxSessionEstablishRate": 100000, "EniType": "indirect"},
            "Tags": {"Tag": []}, "_snat_table": stb, **own})

        def available(rec):
            table = system_table(st, rec["VpcId"])
            if not any(e["RouteTableId"] == table["RouteTableId"] and e["DestinationCidrBlock"] == "0.0.0.0/0"
                       for e in st.all("route_entry")):
                # the system's own default route; a VPC that already has one keeps it (the reference is silent)
                add_entry(ctx, table, "0.0.0.0/0", "Custom", [{"NextHopType": "NatGateway", "NextHopId": rec["NatGatewayId"],
                                                               "Enabled": 1, "Weight": 100, "NextHopRegionId": st.region_id}],
                          _auto_nat=rec["NatGatewayId"])
        # a failed creation leaves no gateway (DescribeNatGateways no longer lists it)
        st.begin("nat", nid, ctx.action.name, ctx.seconds(), "Status", "Creating", "Available",
                 fail=ctx.fails(), on_done=available, on_fail=lambda rec: _drop_nat(st, rec["NatGatewayId"]))
        return {"NatGatewayId": nid, "SnatTableIds": {"SnatTableId": [stb]}, "ForwardTableIds": {"ForwardTableId": [ftb]},
                "FullNatTableIds": {"FullNatTableId": []}, "BandwidthPackageIds": {"BandwidthPackageId": []}}
    return ctx.state.idempotent(ctx.key_id, ctx.action.name, ctx.params, create)


@action(P, "DeleteNatGateway", required=("RegionId", "NatGatewayId"), write=True)
def delete_nat_gateway(ctx):
    st = ctx.state
    nat = ctx.find("nat", ctx.get("NatGatewayId"), "InvalidNatGatewayId.NotFound", "NatGatewayId")
    nid = nat["NatGatewayId"]
    if nat["Status"] != "Available" or st.busy("nat", nid):
        raise ApiError(404, "IncorrectStatus.NatGateway", "The status of the NAT gateway does not support this operation.")
    force = str(ctx.get("Force", "false")).lower() == "true"
    if not force:
        if any(s["NatGatewayId"] == nid for s in st.all("snat")):
            raise ApiError(400, "DependencyViolation.SnatEntry", "The specified resource of NatGateway depends on SnatEntry, "
                                                                 "so the operation cannot be completed.")
        if any(e["InstanceType"] == "Nat" and e["InstanceId"] == nid for e in st.all("eip")):
            raise ApiError(400, "DependencyViolation.EIPS", "There are Eips on specified NatGateway, please unbind it first.")
        if any(h["NextHopId"] == nid for e in st.all("route_entry") if e.get("_auto_nat") != nid for h in e["NextHops"]["NextHop"]):
            raise ApiError(400, "DependencyViolation.RouterEntry", "The specified resource of NatGateway depends on RouteEntry, "
                                                                   "so the operation cannot be completed.")
    return delete_later(ctx, "nat", nat, "NatGatewayId", "IncorrectStatus.NatGateway", "NAT gateway",
                        on_done=lambda gone: _drop_nat(st, gone["NatGatewayId"]))


@action(P, "DescribeSnatTableEntries", required=("RegionId",))
def describe_snat_table_entries(ctx):
    items = [r for r in ctx.scoped("snat") if eq(r, "SnatTableId", ctx.get("SnatTableId")) and eq(r, "SnatEntryId", ctx.get("SnatEntryId"))
             and eq(r, "SourceVSwitchId", ctx.get("SourceVSwitchId")) and eq(r, "SourceCIDR", ctx.get("SourceCIDR"))
             and eq(r, "SnatIp", ctx.get("SnatIp")) and eq(r, "NatGatewayId", ctx.get("NatGatewayId"))
             and match_name(r["SnatEntryName"], ctx.get("SnatEntryName"))]
    chunk, meta = paged(ctx, items)
    return {**meta, **wrap("SnatTableEntries", "SnatTableEntry", [public(r) for r in chunk])}


@action(P, "DescribeForwardTableEntries", required=("RegionId",))
def describe_forward_table_entries(ctx):
    items = [r for r in ctx.scoped("dnat") if eq(r, "ForwardTableId", ctx.get("ForwardTableId"))]
    chunk, meta = paged(ctx, items)
    return {**meta, **wrap("ForwardTableEntries", "ForwardTableEntry", [public(r) for r in chunk])}


def _source_cidr(ctx, nat: dict) -> str:
    try:
        net = ipaddress.ip_network(ctx.get("SourceCIDR"))
    except ValueError:
        raise ApiError(400, "InvalidSourceCIDR.Malformed", "The specified SourceCIDR is not valid.") from None
    vpc = ctx.state.get("vpc", nat["VpcId"])
    if not net.subnet_of(ipaddress.ip_network(vpc["CidrBlock"])):
        raise ApiError(400, "NOT_ALLOW_USE_SOURCECIDR_OUTSIDEVPC", "The SourceCIDR is outside the VPC.")
    return str(net)


@action(P, "CreateSnatEntry", required=("RegionId", "SnatTableId", "SnatIp"), write=True)
def create_snat_entry(ctx):
    def create():
        st = ctx.state
        nat = next((n for n in ctx.scoped("nat") if n["_snat_table"] == ctx.get("SnatTableId")), None)
        if nat is None:
            raise ApiError(404, "InvalidSnatTableId.NotFound", "The specified SNAT table does not exist.")
        if nat["Status"] != "Available" or st.busy("nat", nat["NatGatewayId"]):
            raise ApiError(400, "IncorrectStatus.NATGW", "The status of the NAT gateway does not support this operation.")
        check_name(ctx, "SnatEntryName", "InvalidParameter.Name.Malformed", "The specified SnatEntryName is not valid.")
        src_sw, src_cidr = ctx.get("SourceVSwitchId"), ctx.get("SourceCIDR")
        if src_sw and src_cidr:
            raise ApiError(400, "CreateSnatEntry.ParamExclusive.sourceVSwitchIdAndsourceCIDR",
                           "SourceVSwitchId and SourceCIDR are mutually exclusive.")
        if src_sw:
            sw = ctx.find("vswitch", src_sw, "InvalidVSwitchId.NotFound", "vSwitch")
            if sw["VpcId"] != nat["VpcId"]:
                raise ApiError(400, "OperationFailed.VSwitchNotInVpc", "The vSwitch does not belong to the VPC of the NAT gateway.")
            src_cidr = sw["CidrBlock"]
            if any(s["SourceVSwitchId"] == src_sw and s["SnatTableId"] == nat["_snat_table"] for s in st.all("snat")):
                raise ApiError(400, "Forbidden.SourceVSwitchId.Duplicated", "The vSwitch already has a SNAT entry.")
        elif src_cidr:
            src_cidr = _source_cidr(ctx, nat)
        else:
            raise missing("SourceVSwitchId")
        nat_ips = {e["IpAddress"] for e in st.all("eip") if e["InstanceId"] == nat["NatGatewayId"] and e["Status"] == "InUse"}
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
    return delete_later(ctx, "snat", e, "SnatEntryId", "IncorretSnatEntryStatus", "SNAT entry")

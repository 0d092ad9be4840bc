# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads the Apsara VPC change modules share (Vpc 2016-04-28, ECS for zones and instances), and the
compact views of each resource that go into change records as `before` / `after`.

Resources are found by name first and by id second: a name such as `vpc-prod` looks like an id.
"""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import InputError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list, id_list

P = "vpc"


def _one(items, ref, what, name_field, id_field):
    """The item named or identified by `ref`; None when absent; InputError when the name is ambiguous."""
    named = [i for i in items if i.get(name_field) == ref]
    if len(named) > 1:
        raise InputError("%d %ss are named %r: give the id (%s)" % (len(named), what, ref,
                                                                    ", ".join(i[id_field] for i in named)))
    if named:
        return named[0]
    return next((i for i in items if i.get(id_field) == ref), None)


# -- VPCs and vSwitches ----------------------------------------------------------------------------
def vpcs(client):
    return client.call_all_pages(P, "DescribeVpcs", {})


def find_vpc(client, ref, every=None):
    """The VPC named `ref` (or with id `ref`), or None; InputError when the name is ambiguous."""
    if every is None:
        every = [v for v in client.call_all_pages(P, "DescribeVpcs", {"VpcName": ref}) if v.get("VpcName") == ref]
        if not every:
            every = _by_id(client, P, "DescribeVpcs", {"VpcId": ref})
    return _one(every, ref, "VPC", "VpcName", "VpcId")


def vpc_by_id(client, vpc_id):
    got = _by_id(client, P, "DescribeVpcs", {"VpcId": vpc_id})
    return next((v for v in got if v["VpcId"] == vpc_id), None)


def vswitches(client, vpc_id=None):
    return client.call_all_pages(P, "DescribeVSwitches", {"VpcId": vpc_id} if vpc_id else {})


def find_vswitch(items, ref):
    return _one(items, ref, "vSwitch", "VSwitchName", "VSwitchId")


def vswitch_by_id(client, sid):
    got = _by_id(client, P, "DescribeVSwitches", {"VSwitchId": sid})
    return next((s for s in got if s["VSwitchId"] == sid), None)


def zones(client):
    return [z["ZoneId"] for z in client.call_all_pages("ecs", "DescribeZones", {})]


# -- routes ----------------------------------------------------------------------------------------
def route_table_id(client, vpc):
    """The system route table of a VPC (the one its vSwitches use unless custom tables exist)."""
    tables = client.call_all_pages(P, "DescribeRouteTableList", {"VpcId": vpc["VpcId"], "RouteTableType": "System"})
    if tables:
        return tables[0]["RouteTableId"]
    return first_id(vpc.get("RouterTableIds"), "RouterTableIds")


def wrapped_list(value, inner):
    """The objects under a wrapper ({inner: [...]} or {inner: {...}}), or the list itself without one."""
    if isinstance(value, dict) and inner in value:
        value = value[inner]
    return as_list(value, objects=True)


def first_id(value, inner):
    """The first id of an id list however it comes ({inner: [...]}, [...], "id1,id2", "id1"), else None."""
    return next(iter(id_list(value, inner)), None)


def route_entries(client, table_id):
    return client.call_all_pages(P, "DescribeRouteEntryList", {"RouteTableId": table_id})


def route_entry(client, table_id, entry_id):
    got = _by_id(client, P, "DescribeRouteEntryList", {"RouteTableId": table_id, "RouteEntryId": entry_id})
    return next((e for e in got if e["RouteEntryId"] == entry_id), None)


def next_hop(entry):
    """(NextHopType, NextHopId) of a route entry; ("local", "") for a system entry without hops."""
    hops = wrapped_list(entry.get("NextHops"), "NextHop")
    if hops:
        return hops[0].get("NextHopType"), hops[0].get("NextHopId")
    return entry.get("NextHopType") or "local", entry.get("InstanceId") or ""


# -- router interfaces -----------------------------------------------------------------------------
def router_interfaces(client, **filters):
    """DescribeRouterInterfaces with Filter.N.Key / Filter.N.Value.1 (keys from the API reference)."""
    params = {}
    for n, (key, value) in enumerate(sorted(filters.items()), 1):
        params["Filter.%d.Key" % n] = key
        params["Filter.%d.Value.1" % n] = value
    return client.call_all_pages(P, "DescribeRouterInterfaces", params)


def router_interface(client, rid):
    return next(iter(router_interfaces(client, RouterInterfaceId=rid)), None)


# -- NAT gateways, EIPs, SNAT ----------------------------------------------------------------------
def nat_gateways(client, vpc_id=None):
    return client.call_all_pages(P, "DescribeNatGateways", {"VpcId": vpc_id} if vpc_id else {})


def nat_gateway(client, nat_id):
    got = _by_id(client, P, "DescribeNatGateways", {"NatGatewayId": nat_id})
    return next((n for n in got if n["NatGatewayId"] == nat_id), None)


def eips(client, name=None):
    return client.call_all_pages(P, "DescribeEipAddresses", {"EipName": name} if name else {})


def eip(client, allocation_id):
    got = _by_id(client, P, "DescribeEipAddresses", {"AllocationId": allocation_id})
    return next((e for e in got if e["AllocationId"] == allocation_id), None)


def snat_entries(client, table_id):
    return _by_id(client, P, "DescribeSnatTableEntries", {"SnatTableId": table_id})


def snat_entry(client, table_id, entry_id):
    got = _by_id(client, P, "DescribeSnatTableEntries", {"SnatTableId": table_id, "SnatEntryId": entry_id})
    return next((e for e in got if e["SnatEntryId"] == entry_id), None)


def snat_table_id(nat):
    return first_id(nat.get("SnatTableIds"), "SnatTableId")


# -- ECS instances (route next hops) ---------------------------------------------------------------
def find_instance(client, ref):
    named = client.call_all_pages("ecs", "DescribeInstances", {"InstanceName": ref})
    found = _one([i for i in named if i.get("InstanceName") == ref], ref, "instance", "InstanceName", "InstanceId")
    if found is None:
        got = _by_id(client, "ecs", "DescribeInstances", {"InstanceIds": json.dumps([ref])})
        found = next((i for i in got if i.get("InstanceId") == ref), None)
    return found


# The NotFound codes a Describe action answers for an id it does not know (Vpc API reference): only
# these mean "not there"; any other error (credentials, throttling, a malformed id) propagates.
NOT_FOUND = {
    "DescribeVpcs": ("InvalidVpcId.NotFound",),
    "DescribeVSwitches": ("InvalidVSwitchId.NotFound", "InvalidVpcId.NotFound"),
    "DescribeRouteEntryList": ("InvalidRouteTable.NotFound", "InvalidRouteEntryId.NotFound", "InvalidRouteEntry.NotFound"),
    "DescribeNatGateways": ("InvalidNatGatewayId.NotFound",),
    "DescribeEipAddresses": ("InvalidAllocationId.NotFound",),
    "DescribeSnatTableEntries": ("InvalidSnatTableId.NotFound", "InvalidSnatEntryId.NotFound"),
    "DescribeInstances": ("InvalidInstanceId.NotFound",),
}


def _by_id(client, product, action, params):
    """A Describe by id: [] when the API says that id does not exist (its own NotFound codes), else the items."""
    try:
        return client.call_all_pages(product, action, params)
    except ApsaraError as err:
        if err.is_not_found(NOT_FOUND[action]):
            return []
        raise


# -- views (change record before/after) -----------------------------------------------------------
def vpc_view(v):
    if not v:
        return None
    return {"id": v["VpcId"], "name": v.get("VpcName"), "cidr_block": v.get("CidrBlock"), "status": v.get("Status"),
            "vrouter_id": v.get("VRouterId"), "route_table_id": first_id(v.get("RouterTableIds"), "RouterTableIds"),
            "description": v.get("Description")}


def vswitch_view(s):
    if not s:
        return None
    return {"id": s["VSwitchId"], "name": s.get("VSwitchName"), "cidr_block": s.get("CidrBlock"), "zone_id": s.get("ZoneId"),
            "vpc_id": s.get("VpcId"), "status": s.get("Status"), "available_ips": s.get("AvailableIpAddressCount")}


def ri_view(r):
    if not r:
        return None
    return {"id": r["RouterInterfaceId"], "name": r.get("Name"), "role": r.get("Role"), "status": r.get("Status"),
            "router_id": r.get("RouterId"), "spec": r.get("Spec"), "opposite_interface_id": r.get("OppositeInterfaceId") or "",
            "opposite_router_id": r.get("OppositeRouterId") or ""}


def route_view(e):
    if not e:
        return None
    hop_type, hop_id = next_hop(e)
    return {"id": e["RouteEntryId"], "name": e.get("RouteEntryName"), "destination_cidr": e.get("DestinationCidrBlock"),
            "next_hop_type": hop_type, "next_hop_id": hop_id, "status": e.get("Status"), "route_table_id": e.get("RouteTableId")}


def nat_view(n):
    if not n:
        return None
    return {"id": n["NatGatewayId"], "name": n.get("Name"), "spec": n.get("Spec"), "status": n.get("Status"),
            "vpc_id": n.get("VpcId"), "vswitch_id": (n.get("NatGatewayPrivateInfo") or {}).get("VswitchId"),
            "snat_table_id": snat_table_id(n)}


def eip_view(e):
    if not e:
        return None
    return {"id": e["AllocationId"], "name": e.get("Name"), "ip_address": e.get("IpAddress"), "bandwidth": e.get("Bandwidth"),
            "status": e.get("Status"), "instance_id": e.get("InstanceId") or "", "instance_type": e.get("InstanceType") or ""}


def snat_view(e):
    if not e:
        return None
    return {"id": e["SnatEntryId"], "name": e.get("SnatEntryName"), "source_vswitch_id": e.get("SourceVSwitchId") or "",
            "source_cidr": e.get("SourceCIDR"), "snat_ip": e.get("SnatIp"), "status": e.get("Status")}

"""Apsara lab, VPC changes: VPC/vSwitch deletion, router interfaces, NAT gateways, quotas, ClientToken on
every create, the fail_actions / lost_response_rate / fail_async knobs and the comparable snapshot.
Raw signed calls (apsara_raw), never the collection's client."""
from __future__ import annotations

import http.client
import json
import time

import pytest
from apsara_raw import Raw
from lab.apsara import ApsaraLab

ASYNC = 0.08


@pytest.fixture
def alab():
    with ApsaraLab(world="demo", https_port=None, async_seconds=ASYNC) as lab:
        yield lab


@pytest.fixture
def raw(alab):
    return Raw(alab.http_url, alab.access_key_id, alab.access_key_secret)


def _wait(fn, want, timeout=5.0):
    end = time.monotonic() + timeout
    while True:
        got = fn()
        if got == want or time.monotonic() > end:
            return got
        time.sleep(0.02)


def _err(raw, product, action, params):
    status, _h, body = raw.call(product, action, params)
    return status, body.get("Code")


def _vpc(raw, vid):
    got = raw.ok("vpc", "DescribeVpcs", {"VpcId": vid})["Vpcs"]["Vpc"]
    return got[0] if got else None


def _vpc_status(raw, vid):
    v = _vpc(raw, vid)
    return v["Status"] if v else None


def _vsw_status(raw, sid):
    got = raw.ok("vpc", "DescribeVSwitches", {"VSwitchId": sid})["VSwitches"]["VSwitch"]
    return got[0]["Status"] if got else None


def _entries(raw, vtb):
    return raw.ok("vpc", "DescribeRouteEntryList", {"RouteTableId": vtb, "MaxResult": 100})["RouteEntrys"]["RouteEntry"]


def _ri(raw, rid):
    got = raw.ok("vpc", "DescribeRouterInterfaces", {"Filter.1.Key": "RouterInterfaceId", "Filter.1.Value.1": rid})
    items = got["RouterInterfaceSet"]["RouterInterfaceType"]
    return items[0] if items else None


def _ri_status(raw, rid):
    r = _ri(raw, rid)
    return r["Status"] if r else None


def _new_vpc(raw, name, cidr, token=None):
    out = raw.ok("vpc", "CreateVpc", {"VpcName": name, "CidrBlock": cidr, "ClientToken": token or name})
    assert _wait(lambda: _vpc_status(raw, out["VpcId"]), "Available") == "Available"
    return out


def _by_name(raw, name):
    return raw.ok("vpc", "DescribeVpcs", {"VpcName": name})["Vpcs"]["Vpc"][0]


def test_vpc_and_vswitch_create_and_delete_restore_the_snapshot(alab, raw):
    before = alab.snapshot()
    assert before == alab.snapshot()                      # nothing moves by itself
    req = {"VpcName": "vpc-new", "CidrBlock": "192.168.0.0/16", "ClientToken": "tok-vpc-1"}
    first = raw.ok("vpc", "CreateVpc", req)
    assert raw.ok("vpc", "CreateVpc", req)["VpcId"] == first["VpcId"]          # same token, same VPC
    assert _err(raw, "vpc", "CreateVpc", {**req, "CidrBlock": "192.168.0.0/20"}) == (400, "IdempotentParameterMismatch")
    assert _vpc_status(raw, first["VpcId"]) == "Pending"
    assert _wait(lambda: _vpc_status(raw, first["VpcId"]), "Available") == "Available"
    assert [e["DestinationCidrBlock"] for e in _entries(raw, first["RouteTableId"])] == ["100.64.0.0/10"]
    sw = raw.ok("vpc", "CreateVSwitch", {"VpcId": first["VpcId"], "ZoneId": "cn-lab-1a", "CidrBlock": "192.168.1.0/24",
                                         "VSwitchName": "vsw-new-a", "ClientToken": "tok-sw-1"})["VSwitchId"]
    assert {e["DestinationCidrBlock"] for e in _entries(raw, first["RouteTableId"])} == {"100.64.0.0/10", "192.168.1.0/24"}
    assert _err(raw, "vpc", "DeleteVSwitch", {"VSwitchId": sw}) == (400, "IncorrectVSwitchStatus")   # still Pending
    assert _wait(lambda: _vsw_status(raw, sw), "Available") == "Available"
    assert _err(raw, "vpc", "DeleteVpc", {"VpcId": first["VpcId"]}) == (400, "DependencyViolation.VSwitch")
    raw.ok("vpc", "DeleteVSwitch", {"VSwitchId": sw})
    assert _vsw_status(raw, sw) == "Pending"              # "Pending: the vSwitch is being deleted"
    assert _wait(lambda: _vsw_status(raw, sw), None) is None
    assert _err(raw, "vpc", "DeleteVSwitch", {"VSwitchId": sw}) == (404, "InvalidVSwitchId.NotFound")
    raw.ok("vpc", "DeleteVpc", {"VpcId": first["VpcId"]})
    assert _vpc_status(raw, first["VpcId"]) == "Deleting"
    assert _wait(lambda: _vpc_status(raw, first["VpcId"]), None) is None
    assert _err(raw, "vpc", "DescribeVpcAttribute", {"VpcId": first["VpcId"]}) == (404, "InvalidVpcId.NotFound")
    assert alab.snapshot() == before


def test_vpc_dependencies_validation_and_quotas(alab, raw):
    prod = _by_name(raw, "vpc-prod")
    assert _err(raw, "vpc", "DeleteVpc", {"VpcId": prod["VpcId"]}) == (400, "DependencyViolation.VSwitch")
    web = raw.ok("vpc", "DescribeVSwitches", {"VSwitchName": "vsw-prod-web-a"})["VSwitches"]["VSwitch"][0]["VSwitchId"]
    assert _err(raw, "vpc", "DeleteVSwitch", {"VSwitchId": web}) == (400, "DependencyViolation")   # instances in it
    assert _err(raw, "vpc", "CreateVpc", {"CidrBlock": "10.0.0.0/30"}) == (400, "InvalidCidrBlock.Malformed")
    assert _err(raw, "vpc", "CreateVpc", {"CidrBlock": "10.0.0.1/16"}) == (400, "InvalidCidrBlock.Malformed")
    assert _err(raw, "vpc", "CreateVpc", {"CidrBlock": "10.0.0.0/16", "VpcName": "1bad"}) == (400, "InvalidVpcName.Malformed")
    assert _err(raw, "vpc", "CreateVSwitch", {"VpcId": prod["VpcId"], "ZoneId": "cn-lab-1a", "CidrBlock": "10.10.50.0/30"}) \
        == (400, "InvalidCidrBlock.Malformed")
    with alab.state.lock:
        alab.state.meta["quotas"] = {"vpcs": 3, "vswitches_per_vpc": 4}
    _new_vpc(raw, "vpc-third", "192.168.0.0/16")
    assert _err(raw, "vpc", "CreateVpc", {"CidrBlock": "10.50.0.0/16"}) == (400, "QuotaExceeded.Vpc")
    assert _err(raw, "vpc", "CreateVSwitch", {"VpcId": prod["VpcId"], "ZoneId": "cn-lab-1a", "CidrBlock": "10.10.50.0/24"}) \
        == (400, "QuotaExceeded.VSwitch")


def _pair(raw, a, b, name="ri-a-b", spec="Large.2"):
    """Initiating interface on VPC a's router, accepting on b's, opposite ends set on both."""
    common = {"RouterType": "VRouter", "OppositeRegionId": "cn-lab-1"}
    init = raw.ok("vpc", "CreateRouterInterface", {**common, "Role": "InitiatingSide", "RouterId": a["VRouterId"], "Spec": spec,
                                                   "Name": name, "ClientToken": name})["RouterInterfaceId"]
    acc = raw.ok("vpc", "CreateRouterInterface", {**common, "Role": "AcceptingSide", "RouterId": b["VRouterId"], "Spec": "Negative",
                                                  "Name": name + "-peer", "ClientToken": name + "-peer"})["RouterInterfaceId"]
    return init, acc


def _set_opposite(raw, init, acc, a, b):
    raw.ok("vpc", "ModifyRouterInterfaceAttribute", {"RouterInterfaceId": init, "OppositeInterfaceId": acc,
                                                     "OppositeRouterId": b["VRouterId"], "OppositeRouterType": "VRouter",
                                                     "OppositeInterfaceOwnerId": "1000000000000027"})
    raw.ok("vpc", "ModifyRouterInterfaceAttribute", {"RouterInterfaceId": acc, "OppositeInterfaceId": init,
                                                     "OppositeRouterId": a["VRouterId"], "OppositeRouterType": "VRouter",
                                                     "OppositeInterfaceOwnerId": "1000000000000027"})


def test_router_interface_life_cycle_and_routes(alab, raw):
    before = alab.snapshot()
    prod = _by_name(raw, "vpc-prod")
    new = _new_vpc(raw, "vpc-shared", "192.168.0.0/16")
    shared = _vpc(raw, new["VpcId"])
    snap_with_vpc = alab.snapshot()
    init, acc = _pair(raw, prod, shared)
    assert _pair(raw, prod, shared) == (init, acc)                      # ClientToken on CreateRouterInterface
    assert _ri(raw, init)["Status"] == "Idle" and _ri(raw, acc)["Spec"] == "Negative"
    assert _err(raw, "vpc", "ConnectRouterInterface", {"RouterInterfaceId": init}) == (400, "IncorrectOppositeInterfaceInfo.NotSet")
    _set_opposite(raw, init, acc, prod, shared)
    assert _err(raw, "vpc", "ConnectRouterInterface", {"RouterInterfaceId": acc}) == (400, "IncorrectRole.NotInitiatingSide")
    raw.ok("vpc", "ConnectRouterInterface", {"RouterInterfaceId": init})
    assert (_ri_status(raw, init), _ri_status(raw, acc)) == ("Connecting", "Connecting")
    assert _wait(lambda: (_ri_status(raw, init), _ri_status(raw, acc)), ("Active", "Active")) == ("Active", "Active")
    got = _ri(raw, init)
    assert got["OppositeInterfaceStatus"] == "Active" and got["OppositeVpcInstanceId"] == shared["VpcId"] and got["ConnectedTime"]
    assert _err(raw, "vpc", "DeleteRouterInterface", {"RouterInterfaceId": init}) == (400, "IncorrectStatus")
    assert _err(raw, "vpc", "DescribeRouterInterfaces", {"Filter.1.Key": "VpcId", "Filter.1.Value.1": "x"}) \
        == (404, "InvalidFilterKey.ValueNotSupported")
    named = raw.ok("vpc", "DescribeRouterInterfaces", {"Filter.1.Key": "Name", "Filter.1.Value.1": "ri-a-b-peer"})
    assert [r["RouterInterfaceId"] for r in named["RouterInterfaceSet"]["RouterInterfaceType"]] == [acc]
    # routes through the interface: only in the table of the interface's own router
    prod_vtb = prod["RouterTableIds"]["RouterTableIds"][0]
    shared_vtb = shared["RouterTableIds"]["RouterTableIds"][0]
    assert _err(raw, "vpc", "CreateRouteEntry", {"RouteTableId": shared_vtb, "DestinationCidrBlock": "10.10.0.0/16",
                                                 "NextHopType": "RouterInterface", "NextHopId": init}) \
        == (400, "OperationDenied.RouterInterfaceToDifferentVpc")
    route = {"RouteTableId": prod_vtb, "DestinationCidrBlock": "192.168.0.0/16", "NextHopType": "RouterInterface",
             "NextHopId": init, "ClientToken": "tok-rte"}
    rte = raw.ok("vpc", "CreateRouteEntry", route)["RouteEntryId"]
    assert raw.ok("vpc", "CreateRouteEntry", route)["RouteEntryId"] == rte
    raw.ok("vpc", "DeactivateRouterInterface", {"RouterInterfaceId": init})
    assert _ri_status(raw, init) == "Deactivating"
    assert _wait(lambda: _ri_status(raw, init), "Inactive") == "Inactive"
    assert _ri(raw, acc)["OppositeInterfaceStatus"] == "Inactive"
    assert _err(raw, "vpc", "DeleteRouterInterface", {"RouterInterfaceId": init}) \
        == (400, "DependencyViolation.RouterInterfaceReferedByRouteEntry")
    assert _err(raw, "vpc", "DeleteVpc", {"VpcId": shared["VpcId"]}) == (400, "DependencyViolation.RouterInterface")
    raw.ok("vpc", "ActivateRouterInterface", {"RouterInterfaceId": init})
    assert _ri_status(raw, init) == "Activating"
    assert _wait(lambda: _ri_status(raw, init), "Active") == "Active"
    raw.ok("vpc", "DeactivateRouterInterface", {"RouterInterfaceId": init})
    raw.ok("vpc", "DeactivateRouterInterface", {"RouterInterfaceId": acc})
    assert _wait(lambda: (_ri_status(raw, init), _ri_status(raw, acc)), ("Inactive", "Inactive")) == ("Inactive", "Inactive")
    raw.ok("vpc", "DeleteRouteEntry", {"RouteEntryId": rte})
    assert _wait(lambda: [e for e in _entries(raw, prod_vtb) if e["RouteEntryId"] == rte], []) == []
    raw.ok("vpc", "DeleteRouterInterface", {"RouterInterfaceId": init})
    assert _ri(raw, acc)["OppositeInterfaceStatus"] == "Deleted"
    raw.ok("vpc", "DeleteRouterInterface", {"RouterInterfaceId": acc, "ClientToken": "tok-del"})
    assert _ri(raw, init) is None and _ri(raw, acc) is None
    assert alab.snapshot() == snap_with_vpc
    raw.ok("vpc", "DeleteVpc", {"VpcId": shared["VpcId"]})
    assert _wait(lambda: _vpc_status(raw, shared["VpcId"]), None) is None
    assert alab.snapshot() == before


def test_one_connection_per_router_pair_and_validation(raw):
    prod, dev = _by_name(raw, "vpc-prod"), _by_name(raw, "vpc-dev")
    init, acc = _pair(raw, prod, dev, name="ri-second")
    _set_opposite(raw, init, acc, prod, dev)
    assert _err(raw, "vpc", "ConnectRouterInterface", {"RouterInterfaceId": init}) == (400, "Forbidden.OnlyOneConnection")
    common = {"RouterType": "VRouter", "OppositeRegionId": "cn-lab-1", "Role": "InitiatingSide", "RouterId": prod["VRouterId"]}
    assert _err(raw, "vpc", "CreateRouterInterface", {**common, "Spec": "Huge.9"}) == (400, "InvalidSpec.ValudNotSupported")
    assert _err(raw, "vpc", "CreateRouterInterface", {**common, "Spec": "Large.2", "Role": "Both"}) \
        == (400, "InvalidRole.ValueNotSupported")
    assert _err(raw, "vpc", "CreateRouterInterface", {**common, "Spec": "Large.2", "OppositeRegionId": "cn-elsewhere"}) \
        == (404, "InvalidRegionId.NotFound")
    assert _err(raw, "vpc", "CreateRouterInterface", {**common, "Spec": "Large.2", "RouterId": "vrt-nope"}) \
        == (400, "InvalidParam.NotFound")
    assert _err(raw, "vpc", "ModifyRouterInterfaceAttribute", {"RouterInterfaceId": init, "Name": "-x"}) \
        == (400, "InvalidName.Malformd")


def _nat_status(raw, nid):
    got = raw.ok("vpc", "DescribeNatGateways", {"NatGatewayId": nid})["NatGateways"]["NatGateway"]
    return got[0]["Status"] if got else None


def _eip_status(raw, aid):
    got = raw.ok("vpc", "DescribeEipAddresses", {"AllocationId": aid})["EipAddresses"]["EipAddress"]
    return got[0]["Status"] if got else None


def _snat_status(raw, stb, seid):
    got = raw.ok("vpc", "DescribeSnatTableEntries", {"SnatTableId": stb, "SnatEntryId": seid})["SnatTableEntries"]["SnatTableEntry"]
    return got[0]["Status"] if got else None


def test_nat_gateway_eip_and_snat_life_cycle(alab, raw):
    before = alab.snapshot()
    dev = _by_name(raw, "vpc-dev")
    vtb = dev["RouterTableIds"]["RouterTableIds"][0]
    vsw = raw.ok("vpc", "DescribeVSwitches", {"VSwitchName": "vsw-dev-a"})["VSwitches"]["VSwitch"][0]
    req = {"VpcId": dev["VpcId"], "VSwitchId": vsw["VSwitchId"], "Name": "nat-dev", "Spec": "Small", "ClientToken": "tok-nat"}
    assert _err(raw, "vpc", "CreateNatGateway", {**req, "Spec": "Giant", "ClientToken": "x"}) \
        == (400, "InvalidParameter.Spec.ValueNotSupported")
    prod_sw = raw.ok("vpc", "DescribeVSwitches", {"VSwitchName": "vsw-prod-web-a"})["VSwitches"]["VSwitch"][0]["VSwitchId"]
    assert _err(raw, "vpc", "CreateNatGateway", {**req, "VSwitchId": prod_sw, "ClientToken": "y"}) \
        == (400, "OperationFailed.VswNotBelongToVpc")
    out = raw.ok("vpc", "CreateNatGateway", req)
    nid, stb = out["NatGatewayId"], out["SnatTableIds"]["SnatTableId"][0]
    assert raw.ok("vpc", "CreateNatGateway", req)["NatGatewayId"] == nid
    assert _nat_status(raw, nid) == "Creating"
    assert _wait(lambda: _nat_status(raw, nid), "Available") == "Available"
    default = [e for e in _entries(raw, vtb) if e["DestinationCidrBlock"] == "0.0.0.0/0"]
    assert [(h["NextHopType"], h["NextHopId"]) for h in default[0]["NextHops"]["NextHop"]] == [("NatGateway", nid)]
    after_sw = raw.ok("vpc", "DescribeVSwitches", {"VSwitchId": vsw["VSwitchId"]})["VSwitches"]["VSwitch"][0]
    assert after_sw["AvailableIpAddressCount"] == vsw["AvailableIpAddressCount"] - 1
    eip = raw.ok("vpc", "AllocateEipAddress", {"Bandwidth": 10, "Name": "nat-dev-eip-1", "ClientToken": "tok-eip"})
    again = raw.ok("vpc", "AllocateEipAddress", {"Bandwidth": 10, "Name": "nat-dev-eip-1", "ClientToken": "tok-eip"})
    assert (again["AllocationId"], again["EipAddress"]) == (eip["AllocationId"], eip["EipAddress"])
    assoc = {"AllocationId": eip["AllocationId"], "InstanceId": nid, "InstanceType": "Nat", "ClientToken": "tok-assoc"}
    raw.ok("vpc", "AssociateEipAddress", assoc)
    raw.ok("vpc", "AssociateEipAddress", assoc)        # replayed by its ClientToken, not IncorrectEipStatus
    assert _wait(lambda: _eip_status(raw, eip["AllocationId"]), "InUse") == "InUse"
    snat = {"SnatTableId": stb, "SnatIp": eip["EipAddress"]}
    assert _err(raw, "vpc", "CreateSnatEntry", {**snat, "SourceCIDR": "10.10.1.0/24"}) == (400, "NOT_ALLOW_USE_SOURCECIDR_OUTSIDEVPC")
    assert _err(raw, "vpc", "CreateSnatEntry", {**snat, "SourceVSwitchId": prod_sw}) == (400, "OperationFailed.VSwitchNotInVpc")
    seid = raw.ok("vpc", "CreateSnatEntry", {**snat, "SourceVSwitchId": vsw["VSwitchId"], "ClientToken": "tok-snat"})["SnatEntryId"]
    assert _snat_status(raw, stb, seid) == "Pending"
    assert _wait(lambda: _snat_status(raw, stb, seid), "Available") == "Available"
    assert _err(raw, "vpc", "DeleteNatGateway", {"NatGatewayId": nid}) == (400, "DependencyViolation.SnatEntry")
    raw.ok("vpc", "DeleteSnatEntry", {"SnatTableId": stb, "SnatEntryId": seid})
    assert _wait(lambda: _snat_status(raw, stb, seid), None) is None
    assert _err(raw, "vpc", "DeleteNatGateway", {"NatGatewayId": nid}) == (400, "DependencyViolation.EIPS")
    raw.ok("vpc", "UnassociateEipAddress", {"AllocationId": eip["AllocationId"], "InstanceId": nid, "InstanceType": "Nat"})
    assert _wait(lambda: _eip_status(raw, eip["AllocationId"]), "Available") == "Available"
    raw.ok("vpc", "DeleteNatGateway", {"NatGatewayId": nid})
    assert _nat_status(raw, nid) == "Deleting"
    assert _wait(lambda: _nat_status(raw, nid), None) is None
    assert not [e for e in _entries(raw, vtb) if e["DestinationCidrBlock"] == "0.0.0.0/0"]   # its route went with it
    raw.ok("vpc", "ReleaseEipAddress", {"AllocationId": eip["AllocationId"]})
    assert alab.snapshot() == before


def test_nat_gateway_force_delete_and_route_dependency(alab, raw):
    prod = _by_name(raw, "vpc-prod")
    nat = raw.ok("vpc", "DescribeNatGateways", {"VpcId": prod["VpcId"]})["NatGateways"]["NatGateway"][0]
    # nat-prod: SNAT entries first, then the world's own default route (not the gateway's automatic one)
    assert _err(raw, "vpc", "DeleteNatGateway", {"NatGatewayId": nat["NatGatewayId"]}) == (400, "DependencyViolation.SnatEntry")
    dev = _by_name(raw, "vpc-dev")
    vsw = raw.ok("vpc", "DescribeVSwitches", {"VSwitchName": "vsw-dev-a"})["VSwitches"]["VSwitch"][0]["VSwitchId"]
    nid = raw.ok("vpc", "CreateNatGateway", {"VpcId": dev["VpcId"], "VSwitchId": vsw, "Name": "nat-force"})["NatGatewayId"]
    assert _wait(lambda: _nat_status(raw, nid), "Available") == "Available"
    eip = raw.ok("vpc", "AllocateEipAddress", {"Name": "force-eip"})
    raw.ok("vpc", "AssociateEipAddress", {"AllocationId": eip["AllocationId"], "InstanceId": nid, "InstanceType": "Nat"})
    assert _wait(lambda: _eip_status(raw, eip["AllocationId"]), "InUse") == "InUse"
    raw.ok("vpc", "DeleteNatGateway", {"NatGatewayId": nid, "Force": "true"})
    assert _wait(lambda: _nat_status(raw, nid), None) is None
    assert _eip_status(raw, eip["AllocationId"]) == "Available"             # Force unbound it


def test_fail_actions_refuse_the_named_call_before_anything_happens(alab, raw):
    alab.faults.update(fail_actions={"CreateVpc#2": 1.0, "CreateRouteEntry": 1.0})
    before = alab.snapshot()
    alab.reset_writes()
    first = raw.ok("vpc", "CreateVpc", {"VpcName": "vpc-one", "CidrBlock": "192.168.0.0/16"})
    mid = alab.snapshot()
    status, _h, body = raw.call("vpc", "CreateVpc", {"VpcName": "vpc-two", "CidrBlock": "172.20.0.0/16", "ClientToken": "t2"})
    assert (status, body["Code"]) == (400, "ResourceNotAvailable") and body["RequestId"]
    assert alab.snapshot() == mid                     # refused before anything happened
    raw.ok("vpc", "CreateVpc", {"VpcName": "vpc-two", "CidrBlock": "172.20.0.0/16", "ClientToken": "t2"})  # 3rd call passes
    vtb = first["RouteTableId"]
    assert _err(raw, "vpc", "CreateRouteEntry", {"RouteTableId": vtb, "DestinationCidrBlock": "1.2.3.0/24",
                                                 "NextHopType": "HaVip", "NextHopId": "havip-x"}) == (400, "QuotaExceeded")
    assert [w["name"] for w in alab.writes()] == ["CreateVpc", "CreateVpc", "CreateVpc", "CreateRouteEntry"]
    assert before != mid


def test_lost_response_applies_the_write_and_a_client_token_retry_gets_the_same_resource(alab, raw):
    alab.faults.update(lost_response_rate=1.0, exempt_actions=["DescribeVpcs"])
    req = {"VpcName": "vpc-lost", "CidrBlock": "192.168.0.0/16", "ClientToken": "tok-lost"}
    status, _h, body = raw.call("vpc", "CreateVpc", req)
    assert (status, body["Code"]) == (503, "ServiceUnavailable")
    assert len(raw.ok("vpc", "DescribeVpcs", {"VpcName": "vpc-lost"})["Vpcs"]["Vpc"]) == 1   # it was applied
    alab.faults.update(lost_response_rate=0.0)
    again = raw.ok("vpc", "CreateVpc", req)
    assert [v["VpcId"] for v in raw.ok("vpc", "DescribeVpcs", {"VpcName": "vpc-lost"})["Vpcs"]["Vpc"]] == [again["VpcId"]]
    # without a ClientToken the same retry creates a second VPC: why every create carries one
    alab.faults.update(lost_response_rate=1.0)
    assert _err(raw, "vpc", "CreateVpc", {"VpcName": "vpc-dup", "CidrBlock": "10.99.0.0/16"}) == (503, "ServiceUnavailable")
    alab.faults.update(lost_response_rate=0.0)
    raw.ok("vpc", "CreateVpc", {"VpcName": "vpc-dup", "CidrBlock": "10.99.0.0/16"})
    assert len(raw.ok("vpc", "DescribeVpcs", {"VpcName": "vpc-dup"})["Vpcs"]["Vpc"]) == 2
    assert _err(raw, "vpc", "DescribeVpcs", {})[0] == 200         # reads are never "lost"


def test_fail_async_on_the_new_transitions(alab, raw):
    before = alab.snapshot()
    alab.faults.update(fail_async={"CreateVpc": 1.0})
    vid = raw.ok("vpc", "CreateVpc", {"VpcName": "vpc-fails", "CidrBlock": "192.168.0.0/16"})["VpcId"]
    assert _wait(lambda: _vpc_status(raw, vid), None) is None
    assert alab.snapshot() == before                      # nothing left: no VPC, route table, VRouter or entry
    alab.faults.update(fail_async={})
    prod = _by_name(raw, "vpc-prod")
    shared = _vpc(raw, _new_vpc(raw, "vpc-shared", "192.168.0.0/16")["VpcId"])
    init, acc = _pair(raw, prod, shared)
    _set_opposite(raw, init, acc, prod, shared)
    alab.faults.update(fail_async={"ConnectRouterInterface": 1.0})
    raw.ok("vpc", "ConnectRouterInterface", {"RouterInterfaceId": init})
    assert _ri_status(raw, acc) == "Connecting"
    assert _wait(lambda: (_ri_status(raw, init), _ri_status(raw, acc)), ("Idle", "Idle")) == ("Idle", "Idle")
    alab.faults.update(fail_async={"CreateNatGateway": 1.0})
    sw = raw.ok("vpc", "CreateVSwitch", {"VpcId": shared["VpcId"], "ZoneId": "cn-lab-1b", "CidrBlock": "192.168.1.0/24"})["VSwitchId"]
    assert _wait(lambda: _vsw_status(raw, sw), "Available") == "Available"
    nid = raw.ok("vpc", "CreateNatGateway", {"VpcId": shared["VpcId"], "VSwitchId": sw})["NatGatewayId"]
    assert _wait(lambda: _nat_status(raw, nid), None) is None
    assert not [e for e in _entries(raw, shared["RouterTableIds"]["RouterTableIds"][0]) if e["Type"] == "Custom"]
    # "#N": only the second route entry of the sequence fails
    alab.faults.update(fail_async={"CreateRouteEntry#2": 1.0})
    vtb = shared["RouterTableIds"]["RouterTableIds"][0]
    ids = [raw.ok("vpc", "CreateRouteEntry", {"RouteTableId": vtb, "DestinationCidrBlock": d, "NextHopType": "HaVip",
                                              "NextHopId": "havip-x"})["RouteEntryId"] for d in ("1.1.1.0/24", "2.2.2.0/24", "3.3.3.0/24")]
    time.sleep(ASYNC * 2)
    assert sorted(e["RouteEntryId"] for e in _entries(raw, vtb) if e["Type"] == "Custom") == sorted([ids[0], ids[2]])
    alab.faults.update(fail_async={"DeleteVSwitch": 1.0})
    raw.ok("vpc", "DeleteVSwitch", {"VSwitchId": sw})
    assert _vsw_status(raw, sw) == "Pending"
    assert _wait(lambda: _vsw_status(raw, sw), "Available") == "Available"     # the failed delete left it


def test_new_knobs_over_the_control_endpoint(alab):
    conn = http.client.HTTPConnection("127.0.0.1", int(alab.http_url.rsplit(":", 1)[1]), timeout=5)
    try:
        body = json.dumps({"fail_actions": {"CreateNatGateway#1": 1}, "lost_response_rate": 0.25})
        conn.request("PUT", "/_lab/faults", body=body, headers={"Content-Type": "application/json"})
        got = json.loads(conn.getresponse().read())
        assert got["fail_actions"] == {"CreateNatGateway#1": 1.0} and got["lost_response_rate"] == 0.25
        conn.request("PUT", "/_lab/faults", body=json.dumps({"lose_everything": 1}))
        rsp = conn.getresponse()
        assert rsp.status == 400 and b"unknown fault knob" in rsp.read()
    finally:
        conn.close()

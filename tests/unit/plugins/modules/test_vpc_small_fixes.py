"""Small fixes of the VPC change code (issue 18 item 8, issue 13 "scalars where lists are expected"):

- an empty or blank ZStack name (router, network, peering, EIP, route table) is refused at planning with an
  InputError, before any write, in the apply modules and in the pre-check;
- Apsara list reads in change modules go through values.as_list / id_list: a NAT gateway's SnatTableIds given
  as a plain string is one id, not its first character; NextHops / RouterTableIds in any documented shape.
"""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import reads
from ansible_collections.cloudops.privatecloud.plugins.modules import (
    zstack_eip, zstack_vpc_network, zstack_vpc_peering, zstack_vpc_precheck, zstack_vpc_route, zstack_vpc_router)

from .test_zstack_vpc_common import run, vlab, vpc_world, writes  # noqa: F401  pylint: disable=unused-import


@pytest.mark.parametrize("module,args,option", [
    (zstack_vpc_router, dict(name="", offering="OFF"), "name"),
    (zstack_vpc_router, dict(name="   ", offering="OFF"), "name"),
    (zstack_vpc_router, dict(name="vr\x07bell", offering="OFF"), "name"),
    (zstack_vpc_router, dict(name="v" * 256, offering="OFF"), "name"),
    (zstack_vpc_network, dict(name="", vpc_router="vr-a", l2_network="L2-VPC", cidr="10.50.0.0/24"), "name"),
    (zstack_vpc_network, dict(name="VPC-N", vpc_router=" ", l2_network="L2-VPC", cidr="10.50.0.0/24"), "vpc_router"),
    (zstack_vpc_peering, dict(name="", local_network="VPC-A", peer_network="VPC-B"), "name"),
    (zstack_eip, dict(name="", vm="vm-a1", vm_network="VPC-A", public_network="PUB"), "name"),
    (zstack_eip, dict(name="eip-1", vm="vm-a1", vm_network="VPC-A", public_network="PUB", vip_name="  "), "vip_name"),
    (zstack_vpc_route, dict(vpc_router="", routes=[{"destination_cidr": "10.99.0.0/16", "next_hop": "10.10.0.1"}]),
     "vpc_router"),
])
def test_zstack_empty_or_bad_names_are_refused_before_any_write(vlab, capsys, module, args, option):
    vlab.reset_writes()
    before = vlab.snapshot()
    failed, result = run(module, vlab, capsys, **args)
    assert failed and "invalid input, nothing was changed" in result["msg"] and option in result["msg"], result["msg"]
    assert any(c["id"] == "name_valid" and c["status"] == "FAIL" for c in result["pre_checks"])
    assert writes(vlab) == [] and vlab.snapshot() == before and result["journal"] == []


def test_zstack_precheck_refuses_an_empty_router_name(vlab, capsys):
    vlab.reset_writes()
    failed, result = run(zstack_vpc_precheck, vlab, capsys, spec={"vpc_routers": [{"name": "", "offering": "OFF"}]})
    assert failed and "name must not be empty" in result["msg"] and writes(vlab) == []


@pytest.mark.parametrize("value,expected", [
    ("stb-1", "stb-1"), ("stb-1,stb-2", "stb-1"), ({"SnatTableId": "stb-2"}, "stb-2"), ({"SnatTableId": ["stb-3"]}, "stb-3"),
    ([" stb-4"], "stb-4"), ({"SnatTableId": []}, None), ("", None), (None, None), ({}, None),
])
def test_apsara_snat_table_id_in_every_shape(value, expected):
    assert reads.snat_table_id({"SnatTableIds": value}) == expected
    assert reads.nat_view({"NatGatewayId": "ngw-1", "SnatTableIds": value})["snat_table_id"] == expected


@pytest.mark.parametrize("value,expected", [
    ({"RouterTableIds": ["vtb-1"]}, "vtb-1"), ({"RouterTableIds": "vtb-2"}, "vtb-2"), ("vtb-3", "vtb-3"), ("", None), (None, None),
])
def test_apsara_vpc_route_table_id_in_every_shape(value, expected):
    assert reads.vpc_view({"VpcId": "vpc-1", "RouterTableIds": value})["route_table_id"] == expected


@pytest.mark.parametrize("value,expected", [
    ({"NextHop": [{"NextHopType": "Instance", "NextHopId": "i-1"}]}, ("Instance", "i-1")),
    ({"NextHop": {"NextHopType": "Instance", "NextHopId": "i-2"}}, ("Instance", "i-2")),
    ([{"NextHopType": "NatGateway", "NextHopId": "ngw-1"}], ("NatGateway", "ngw-1")),
    ("", ("local", "")), ({}, ("local", "")), ({"NextHop": []}, ("local", "")),
])
def test_apsara_next_hops_in_every_shape(value, expected):
    assert reads.next_hop({"NextHops": value}) == expected

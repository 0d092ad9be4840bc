"""Fault matrix of the ZStack VPC changes: a failure injected at each step of VPC-to-VPC (network creation
and router_routes peering), VPC-to-internet (VIP + EIP) and router creation fails the module with its
journal; zstack_vpc_rollback with that journal restores the lab exactly (snapshot equal) and records every
undone step rolled_back.  Also: with lost answers and 5xx on writes, exactly one of each resource."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import (
    zstack_eip, zstack_vpc_network, zstack_vpc_peering, zstack_vpc_rollback, zstack_vpc_router)

from .test_zstack_vpc_common import merged, names, run, statuses, vlab, vpc_world  # noqa: F401  pylint: disable=unused-import

NETWORK = (zstack_vpc_network, dict(name="VPC-N", vpc_router="vr-a", l2_network="L2-VPC", cidr="10.50.0.0/24",
                                    dns=["223.5.5.5"]))
PEERING = (zstack_vpc_peering, dict(name="a-b", local_network="VPC-A", peer_network="VPC-B"))
EIP = (zstack_eip, dict(name="eip-a1", vm="vm-a1", vm_network="VPC-A", public_network="PUB"))
ROUTER = (zstack_vpc_router, dict(name="vr-new", offering="OFF"))

# (case, module and args, failing API, its n-th call (1 = first), how it fails, steps done before it)
MATRIX = []
for api, done in (("CreateL3Network", 0), ("AddIpRangeByNetworkCidr", 1), ("AddDnsToL3Network", 2),
                  ("AttachNetworkServiceToL3Network", 3), ("AttachL3NetworkToVm", 4)):
    MATRIX += [("network", NETWORK, api, 1, how, done) for how in ("fail_apis", "fail_async")]
for api, done in (("CreateVRouterRouteTable", 0), ("AddVRouterRouteEntry", 1), ("AttachVRouterRouteTableToVRouter", 2)):
    MATRIX += [("peering-local", PEERING, api, 1, how, done) for how in ("fail_apis", "fail_async")]
    MATRIX += [("peering-peer", PEERING, api, 2, how, done + 3) for how in ("fail_apis", "fail_async")]
for api, done in (("CreateVip", 0), ("CreateEip", 1)):
    MATRIX += [("eip", EIP, api, 1, how, done) for how in ("fail_apis", "fail_async")]
MATRIX.append(("router", ROUTER, "CreateVpcVRouter", 1, "fail_async", 0))


def inject(lab, api, nth, how):
    lab.faults.update(**{how: {"%s#%d" % (api, nth): 1.0}})


@pytest.mark.parametrize("case, target, api, nth, how, done", MATRIX,
                         ids=["%s-%s#%d-%s" % (m[0], m[2], m[3], m[4]) for m in MATRIX])
def test_failure_at_each_step_is_rolled_back_exactly(vlab, capsys, case, target, api, nth, how, done):
    module, args = target
    before = vlab.snapshot()
    inject(vlab, api, nth, how)
    failed, result = run(module, vlab, capsys, **args)
    assert failed and api in result["msg"], (case, result.get("msg"))
    states = [s for _a, s in statuses(result)]
    assert states[:done] == ["applied"] * done and states[done] == "failed", states
    assert set(states[done + 1:]) <= {"not_started"}
    journaled = {j["record_uid"] for j in result["journal"]}
    assert journaled == {c["uid"] for c in result["changes"][:done]}         # every applied step, nothing else
    assert result["report_kind"] == "change" and result["changes"][done]["error"]

    vlab.faults.update(fail_apis={}, fail_async={})
    failed, undone = run(zstack_vpc_rollback, vlab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    assert vlab.snapshot() == before
    assert {s for _a, s in statuses(undone)} <= {"rolled_back"} and len(undone["changes"]) == len(result["journal"])
    assert sorted(undone["rolled_back_uids"]) == sorted(journaled) and undone["failed_uids"] == []
    assert [c["rollback_of"] for c in undone["changes"]] == [j["record_uid"] for j in reversed(result["journal"])]


def test_lost_answers_and_5xx_on_writes_make_exactly_one_of_each(vlab, capsys):
    vlab.faults.update(seed=7, lost_response_rate=0.5, error_rate=0.1)
    for module, args in (ROUTER, (zstack_vpc_network, merged(NETWORK[1], vpc_router="vr-new")), PEERING, EIP):
        failed, result = run(module, vlab, capsys, retries=8, **args)
        assert not failed, result.get("msg")
        assert result["changed"]
    creates = ("CreateVpcVRouter", "CreateL3Network", "CreateVRouterRouteTable", "CreateVip", "CreateEip")
    lost = [w for w in vlab.writes() if w["name"] in creates]
    assert len(lost) > 6                                        # 6 creates, some sent more than once
    assert names(vlab, "vm").count("vr-new") == 1
    assert names(vlab, "l3").count("VPC-N") == 1
    assert names(vlab, "vrtable") == ["rt-vr-a", "rt-vr-b"]
    assert names(vlab, "vip").count("vip-eip-a1") == 1 and names(vlab, "eip").count("eip-a1") == 1
    with vlab.state.lock:
        entries = sorted((e["routeTableUuid"], e["destination"]) for e in vlab.state.all("vrentry"))
        l3 = next(x for x in vlab.state.all("l3") if x["name"] == "VPC-N")
        ranges = vlab.state.by("iprange", "l3NetworkUuid", l3["uuid"])
    assert len(entries) == len(set(entries)) == 2 and len(ranges) == 1 and l3["dns"] == ["223.5.5.5"]
    vlab.faults.update(lost_response_rate=0.0, error_rate=0.0)
    for module, args in (ROUTER, PEERING, EIP):
        failed, result = run(module, vlab, capsys, **args)
        assert not failed and not result["changed"]

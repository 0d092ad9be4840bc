"""Fault matrix of the Apsara VPC changes: a failure injected at each step of a VPC-to-VPC peering and of a
VPC-to-internet NAT change (fail_actions for a refused call, fail_async for an asynchronous failure; "#N" picks the
Nth call of an action).  The module fails with a journal; apsara_vpc_rollback with that journal restores the lab's
snapshot exactly, and its records say rolled_back.  Then: throttling, 5xx and lost answers on every create leave
exactly one of each resource (ClientToken).

Run with -s to see the matrix as a table."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_nat_gateway, apsara_vpc_peering, apsara_vpc_rollback

from .test_apsara_vpc_support import (  # noqa: F401  pylint: disable=unused-import
    fast_retries_fixture, run, statuses, steps, vlab_fixture, vpc_world_fixture)

PEERING = {"name": "pcx-prod-shared", "local_vpc": "vpc-prod", "peer_vpc": "vpc-shared"}
NAT = {"name": "nat-shared", "vpc": "vpc-shared", "vswitch": "vsw-shared-a", "eip": {"count": 1},
       "snat": [{"source_vswitch": "vsw-shared-a"}]}

# (change, failing step, knob, value) - every step of both changes, refused and (where async) failing later
MATRIX = [
    ("peering", "create_router_interface pcx-prod-shared", "fail_actions", {"CreateRouterInterface#1": 1.0}),
    ("peering", "create_router_interface pcx-prod-shared-peer", "fail_actions", {"CreateRouterInterface#2": 1.0}),
    ("peering", "modify_router_interface pcx-prod-shared", "fail_actions", {"ModifyRouterInterfaceAttribute#1": 1.0}),
    ("peering", "modify_router_interface pcx-prod-shared-peer", "fail_actions", {"ModifyRouterInterfaceAttribute#2": 1.0}),
    ("peering", "connect_router_interface pcx-prod-shared", "fail_actions", {"ConnectRouterInterface": 1.0}),
    ("peering", "connect_router_interface pcx-prod-shared", "fail_async", {"ConnectRouterInterface": 1.0}),
    ("peering", "create_route_entry vpc-prod:192.168.0.0/16", "fail_actions", {"CreateRouteEntry#1": 1.0}),
    ("peering", "create_route_entry vpc-prod:192.168.0.0/16", "fail_async", {"CreateRouteEntry#1": 1.0}),
    ("peering", "create_route_entry vpc-shared:10.10.0.0/16", "fail_actions", {"CreateRouteEntry#2": 1.0}),
    ("peering", "create_route_entry vpc-shared:10.10.0.0/16", "fail_async", {"CreateRouteEntry#2": 1.0}),
    ("nat", "create_nat_gateway nat-shared", "fail_actions", {"CreateNatGateway": 1.0}),
    ("nat", "create_nat_gateway nat-shared", "fail_async", {"CreateNatGateway": 1.0}),
    ("nat", "allocate_eip nat-shared-eip-1", "fail_actions", {"AllocateEipAddress": 1.0}),
    ("nat", "associate_eip nat-shared-eip-1", "fail_actions", {"AssociateEipAddress": 1.0}),
    ("nat", "associate_eip nat-shared-eip-1", "fail_async", {"AssociateEipAddress": 1.0}),
    ("nat", "create_snat_entry nat-shared:vsw-shared-a", "fail_actions", {"CreateSnatEntry": 1.0}),
    ("nat", "create_snat_entry nat-shared:vsw-shared-a", "fail_async", {"CreateSnatEntry": 1.0}),
]
CHANGES = {"peering": (apsara_vpc_peering, PEERING), "nat": (apsara_nat_gateway, NAT)}


@pytest.mark.parametrize("change,step,knob,value", MATRIX, ids=["%s-%s-%s" % (m[0], m[1].split()[0], m[2]) for m in MATRIX])
def test_failure_at_each_step_is_rolled_back_exactly(vlab, capsys, change, step, knob, value):
    module, params = CHANGES[change]
    before = vlab.snapshot()
    vlab.faults.update(**{knob: value})
    failed, result = run(module, vlab, capsys, **params)
    vlab.faults.update(fail_actions={}, fail_async={})
    assert failed, "the injected fault did not fail the change"
    done = ["%s %s" % (a, n) for a, n, s in steps(result) if s == "applied"]
    failing = [r for r in result["changes"] if r["status"] == "failed"]
    assert ["%s %s" % (r["action"], r["target"]["name"]) for r in failing] == [step]
    # every step before the failing one applied, every one after it recorded as never started
    states = [s for _a, _n, s in steps(result)]
    at = states.index("failed")
    assert failing[0]["error"] and states[:at] == ["applied"] * at
    assert set(states[at + 1:]) <= {"not_started"}
    failed, undone = run(apsara_vpc_rollback, vlab, capsys, journal=result["journal"])
    assert not failed, undone.get("msg")
    restored = vlab.snapshot() == before
    row = "| %-8s | %-46s | %-12s | %-42s | %2d journal | %s |" % (
        change, step, knob, ",".join("%s=%s" % kv for kv in value.items()), len(result["journal"]),
        "restored" if restored else "NOT RESTORED")
    print("\n" + row)
    assert restored, row
    assert statuses(undone) <= {"rolled_back"} and len(undone["changes"]) == len(result["journal"])
    assert sorted(undone["rolled_back_uids"]) == sorted(set(e["record_uid"] for e in result["journal"]))
    assert len(done) == at


def _reads_and_uncreating_writes():
    """Every action but the creates (and AssociateEipAddress, which carries a ClientToken)."""
    from lab.apsara.registry import ACTIONS  # pylint: disable=import-outside-toplevel

    faulted = ("CreateRouterInterface", "CreateRouteEntry", "CreateNatGateway", "AllocateEipAddress", "AssociateEipAddress",
               "CreateSnatEntry")
    return sorted(set(a.name for a in ACTIONS.values() if a.name not in faulted))


def test_throttling_errors_and_lost_answers_on_creates_make_exactly_one_of_each(vlab, capsys, fast_retries):
    vlab.faults.update(error_rate=0.25, throttle_rate=0.25, lost_response_rate=0.5, seed=7,
                       exempt_actions=_reads_and_uncreating_writes())
    failed, peering = run(apsara_vpc_peering, vlab, capsys, retries=12, **PEERING)
    assert not failed, peering.get("msg")
    two_eips = dict(NAT)
    two_eips["eip"] = {"count": 2}
    failed, nat = run(apsara_nat_gateway, vlab, capsys, retries=12, **two_eips)
    assert not failed, nat.get("msg")
    vlab.faults.update(error_rate=0.0, throttle_rate=0.0, lost_response_rate=0.0)
    calls = [w["name"] for w in vlab.writes()]
    st = vlab.state
    with st.lock:
        ris = [r["Name"] for r in st.all("ri")]
        routes = [e["DestinationCidrBlock"] for e in st.all("route_entry") if e["NextHops"]["NextHop"]
                  and e["NextHops"]["NextHop"][0]["NextHopType"] == "RouterInterface"]
        nats = [n["Name"] for n in st.all("nat")]
        eips = [e["Name"] for e in st.all("eip") if e["Name"].startswith("nat-shared")]
        snats = [s["SourceVSwitchId"] for s in st.all("snat") if s["NatGatewayId"] == nat["nat_gateway"]["id"]]
    assert sorted(ris) == ["pcx-prod-shared", "pcx-prod-shared-peer", "ri-prod-dev", "ri-prod-dev-peer"]
    assert sorted(routes) == ["10.10.0.0/16", "192.168.0.0/16"]
    assert sorted(nats) == ["nat-prod", "nat-shared"] and sorted(eips) == ["nat-shared-eip-1", "nat-shared-eip-2"]
    assert len(snats) == 1
    # the faults really hit: more create calls reached the gateway than resources exist
    creates = [c for c in calls if c.startswith(("Create", "Allocate", "Associate"))]
    print("\n%d create calls for %d resources" % (len(creates), 2 + 2 + 1 + 2 + 2 + 1))
    assert len(creates) > 10
    assert all(r["status"] == "applied" for r in peering["changes"] + nat["changes"])

"""Pure parts of the Apsara VPC change code: input validation, plans, route conflicts, the run's waits and tokens,
the undo dispatch.  No lab (the modules' tests drive the lab)."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import nat as apsara_vpc_nat
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import network as apsara_vpc
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import peering as apsara_vpc_peering
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import routes
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import Planned, is_planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.precheck import (
    earlier_items, planned_before, validate_items)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import (
    ChangeRun, Step, StepFailed, check, cidr_problem, name_problem, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.undo import UNDO_TABLE
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import journal_problems
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker


@pytest.mark.parametrize("name,ok", [("vpc-prod", True), (u"专有网络-1", True), ("a", False), ("1vpc", False), ("-x", False),
                                     ("vpc prod", False), ("x" * 129, False), ("http-ok.1_2", True)])
def test_names(name, ok):
    assert (name_problem(name, "VPC name") is None) is ok


def test_cidrs_and_vpc_items():
    assert cidr_problem("10.0.0.0/8", "c", (8, 28)) is None
    assert "longer than /28" in cidr_problem("10.0.0.0/29", "c", (8, 28))
    assert "not in a.b.c.d/n form" in cidr_problem("10.0.0.0", "c")
    item = {"name": "vpc-a", "cidr_block": "10.1.0.0/16", "vswitches": [
        {"name": "s-1", "cidr_block": "10.1.1.0/24", "zone_id": "z"},
        {"name": "s-1", "cidr_block": "10.1.1.128/25", "zone_id": "z"},
        {"name": "s-3", "cidr_block": "10.2.0.0/24", "zone_id": ""},
        {"name": "s-4", "cidr_block": "10.0.0.0/15", "zone_id": "z"}]}
    problems = " | ".join(apsara_vpc.vpc_problems(item))
    for text in ("overlaps vSwitch s-1", "s-1 is given twice", "is not inside the VPC", "s-3 needs zone_id",
                 "prefix /15 is shorter than /16"):
        assert text in problems
    assert apsara_vpc.plan(item) == [("create_vpc", "vpc", "vpc-a")] + [("create_vswitch", "vswitch", s["name"])
                                                                        for s in item["vswitches"]]


def test_route_destinations_and_conflicts():
    assert routes.destination_problems("v", "10.1.0.0/16", "10.1.2.0/24")            # inside the VPC
    assert routes.destination_problems("v", "10.1.0.0/16", "10.1.0.0/16")
    assert routes.destination_problems("v", "10.1.0.0/16", "0.0.0.0/0") == []         # contains it: fine
    assert routes.destination_problems("v", "10.1.0.0/16", "192.168.0.0/16") == []
    entries = [{"RouteEntryId": "rte-1", "DestinationCidrBlock": "192.168.0.0/16",
                "NextHops": {"NextHop": [{"NextHopType": "RouterInterface", "NextHopId": "ri-1"}]}}]
    assert routes.existing_route(entries, "192.168.0.0/16", "ri-1") == (entries[0], None)
    found, conflict = routes.existing_route(entries, "192.168.0.0/16", "ri-2")
    assert found is entries[0] and "already routed to RouterInterface ri-1" in conflict
    assert routes.existing_route(entries, "172.16.0.0/12", "ri-2") == (None, None)
    assert routes.entry_name({"destination_cidr": "1.2.0.0/16"}, "svc") == "svc-1.2.0.0-16"
    problems = " | ".join(routes.route_problems([{"destination_cidr": "1.2.0.0/16", "next_hop_type": "Tunnel", "next_hop": ""},
                                                 {"destination_cidr": "1.2.0.0/16", "next_hop_type": "Instance", "next_hop": "i"}]))
    assert "next_hop_type 'Tunnel'" in problems and "needs next_hop" in problems and "given twice" in problems


def test_peering_and_nat_plans():
    p = {"name": "pcx-a", "local_vpc": "vpc-a", "peer_vpc": "vpc-b", "spec": "Large.2", "local_routes": [], "peer_routes": []}
    assert apsara_vpc_peering.plan(p, "10.1.0.0/16", "10.2.0.0/16") == [
        ("create_router_interface", "router_interface", "pcx-a"), ("create_router_interface", "router_interface", "pcx-a-peer"),
        ("modify_router_interface", "router_interface", "pcx-a"), ("modify_router_interface", "router_interface", "pcx-a-peer"),
        ("connect_router_interface", "router_interface", "pcx-a"), ("create_route_entry", "route_entry", "vpc-a:10.2.0.0/16"),
        ("create_route_entry", "route_entry", "vpc-b:10.1.0.0/16")]
    assert apsara_vpc_peering.peering_problems(dict(p, spec="Negative", peer_vpc="vpc-a", local_routes=["x"])) == [
        "spec 'Negative' is not a router interface spec (%s)" % ", ".join(apsara_vpc_peering.SPECS),
        "local_vpc and peer_vpc are the same VPC (vpc-a)", "local_routes entry 'x' is not in a.b.c.d/n form"]
    n = {"name": "nat-a", "spec": "Small", "eip": {"count": 2, "bandwidth": 5, "internet_charge_type": "PayByTraffic"},
         "snat": [{"source_vswitch": "sw-a"}, {"source_cidr": "10.1.2.0/24"}]}
    assert apsara_vpc_nat.plan(n) == [
        ("create_nat_gateway", "nat_gateway", "nat-a"), ("allocate_eip", "eip", "nat-a-eip-1"),
        ("associate_eip", "eip_association", "nat-a-eip-1"), ("allocate_eip", "eip", "nat-a-eip-2"),
        ("associate_eip", "eip_association", "nat-a-eip-2"), ("create_snat_entry", "snat_entry", "nat-a:sw-a"),
        ("create_snat_entry", "snat_entry", "nat-a:10.1.2.0/24")]
    bad = dict(n, eip={"count": 0, "bandwidth": 0, "internet_charge_type": "Free"}, snat=[{"source_vswitch": "a", "source_cidr": "b"}])
    assert len(apsara_vpc_nat.nat_problems(bad)) == 4


def test_spec_items_get_the_modules_defaults():
    spec, problems = validate_items({"peerings": [{"name": "p", "local_vpc": "a", "peer_vpc": "b"}],
                                     "internet": [{"name": "n", "vpc": "a", "vswitch": "s"}]})
    assert problems == []
    assert spec["peerings"][0]["spec"] == "Large.2" and spec["peerings"][0]["local_routes"] == []
    assert spec["internet"][0]["eip"] == {"bandwidth": 5, "internet_charge_type": "PayByTraffic", "count": 1}
    assert spec["vpcs"] == [] and spec["service_routes"] == []
    spec, problems = validate_items({"internet": [{"name": "n", "vpc": "a", "vswitch": "s", "spec": "Huge"}], "other": 1})
    assert problems[0].startswith("unknown spec sections: other") and "spec.internet[0]" in problems[1]


def test_a_dry_run_plans_only_what_comes_before_the_modules_own_item():
    spec = {"vpcs": [{"name": "vpc-a", "cidr_block": "10.1.0.0/16", "vswitches": [{"name": "s-a", "cidr_block": "10.1.1.0/24",
                                                                                   "zone_id": "z"}]},
                     {"name": "vpc-bad"}],
            "peerings": [{"name": "p-1", "local_vpc": "vpc-a", "peer_vpc": "vpc-x"}, {"name": "p-2", "local_vpc": "vpc-a",
                                                                                      "peer_vpc": "vpc-y"}],
            "internet": [{"name": "n-1", "vpc": "vpc-a", "vswitch": "s-a"}]}
    own, _problems = validate_items({"peerings": [spec["peerings"][1]]})
    before = earlier_items(spec, "peerings", own["peerings"][0])
    assert [v["name"] for v in before["vpcs"]] == ["vpc-a"]               # the invalid item is left to the pre-check
    assert [p["name"] for p in before["peerings"]] == ["p-1"] and before["internet"] == before["service_routes"] == []
    planned = planned_before(None, spec, "service_routes", {"vpc": "vpc-a", "routes": []})
    assert planned.router_interfaces == [("p-1", "vpc-a"), ("p-1-peer", "vpc-x"), ("p-2", "vpc-a"), ("p-2-peer", "vpc-y")]
    assert planned.nat_gateways == [("n-1", "vpc-a")]
    vpc = planned.vpc("vpc-a")
    assert vpc["VpcId"] is None and vpc["CidrBlock"] == "10.1.0.0/16" and is_planned(vpc) and planned.vpc("vpc-x") is None
    assert planned.vswitch(vpc, "s-a")["CidrBlock"] == "10.1.1.0/24" and planned.vswitch(vpc, "s-b") is None
    empty = Planned()
    assert empty.vpc("vpc-a") is None and empty.vpcs() == [] and not empty.next_hop(vpc, "NatGateway", "n-1")
    assert empty.missing() == "" and "context_spec" in planned.missing()


class FakeClient(object):
    region_id = "r-1"

    def __init__(self):
        self.now = 0.0
        self.stats = {"api_calls": 0}

    def clock_monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def _run(timeout=5):
    return ChangeRun(FakeClient(), ChangeTracker({"id": "C-1"}, "apsara", "r-1 https://x.invalid/"), wait_timeout=timeout)


def test_poll_ends_on_done_failure_disappearance_and_timeout():
    run = _run()
    seq = iter([{"Status": "Pending"}, {"Status": "Pending"}, {"Status": "Available"}])
    assert run.poll("w", lambda: next(seq), lambda i: i["Status"] == "Available") == {"Status": "Available"}
    seq = iter([{"Status": "Pending"}, None])
    with pytest.raises(ApsaraError, match="disappeared"):
        run.poll("w", lambda: next(seq), lambda i: i is not None and i["Status"] == "Available")
    with pytest.raises(ApsaraError, match="never appeared"):
        run.poll("w", lambda: None, lambda i: i is not None)
    with pytest.raises(ApsaraError, match="failed: Idle"):
        run.poll("w", lambda: {"Status": "Idle"}, lambda i: False, failed=lambda i: True, describe=lambda i: i["Status"])
    with pytest.raises(ApsaraError, match="within wait_timeout=5s") as err:
        run.poll("w", lambda: {"Status": "Pending"}, lambda i: False)
    assert err.value.code == "WaitTimeout"
    assert run.gone("w", lambda: None) is None


def test_tokens_are_unique_per_run_and_step_failures_raise():
    one, two = _run(), _run()
    tokens = [one.token(), one.token(), two.token()]
    assert len(set(tokens)) == 3 and all(t.startswith("cloudops-") and len(t) <= 64 for t in tokens)
    failing = Step("create_vpc", target("vpc", "vpc-a"), after={"id": "vpc-1"}, apply=lambda run, rec: {"id": "vpc-1"},
                   verify=lambda run: [check("c", False, "nope", "t", "t")])
    later = Step("create_vswitch", target("vswitch", "s-a"), apply=lambda run, rec: {})
    with pytest.raises(StepFailed, match="post-check failed: nope"):
        one.run([failing, later])
    rec = one.tracker.records[0]
    assert rec["status"] == "failed" and rec["post_checks"][0]["status"] == "FAIL"
    assert one.tracker.records[1]["status"] == "not_started"


def test_undo_table_refuses_what_it_does_not_know():
    here = "r-1 https://x.invalid/"
    base = {"platform": "apsara", "endpoint": here}
    problems = journal_problems([dict(base, op="create", type="security_group", id="sg-1"),
                                 dict(base, op="modify", type="vpc", id="vpc-1")], UNDO_TABLE, lambda e: e == here)
    assert "cannot undo for op create" in problems[0] and "security_group" in problems[0]
    assert "cannot undo for op modify" in problems[1] and len(problems) == 2

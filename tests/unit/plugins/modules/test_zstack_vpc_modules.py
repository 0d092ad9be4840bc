"""zstack_vpc_router, _network, _peering, _route, _precheck and _rollback against the small lab world:
check mode writes nothing and shows a diff, apply, a re-run changes nothing, bad input fails before any write."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import (
    zstack_vpc_network, zstack_vpc_peering, zstack_vpc_precheck, zstack_vpc_rollback, zstack_vpc_route, zstack_vpc_router)

from .test_zstack_vpc_common import merged, names, run, statuses, vlab, vpc_world, writes  # noqa: F401  pylint: disable=unused-import

NETWORK = dict(name="VPC-N", vpc_router="vr-a", l2_network="L2-VPC", cidr="10.50.0.0/24", dns=["223.5.5.5"])
NETWORK_STEPS = ["create_l3_network", "add_ip_range", "add_dns", "attach_network_services", "attach_vpc_network"]


def router_nic_ips(lab, router_name):
    with lab.state.lock:
        vr = next(v for v in lab.state.all("vm") if v["name"] == router_name)
        return {lab.state.get("l3", n["l3NetworkUuid"])["name"]: n["ip"] for n in lab.state.by("nic", "vmInstanceUuid", vr["uuid"])}


# -- zstack_vpc_router ---------------------------------------------------------------------------
def test_router_check_mode_apply_rerun(vlab, capsys):
    failed, result = run(zstack_vpc_router, vlab, capsys, name="vr-new", offering="OFF", _ansible_check_mode=True,
                         _ansible_diff=True)
    assert not failed, result.get("msg")
    assert writes(vlab) == [] and result["changed"] and statuses(result) == [("create_vpc_router", "planned")]
    assert result["diff"]["after"]["01 create_vpc_router vr-new"]["status"] == "Connected" and result["journal"] == []
    failed, result = run(zstack_vpc_router, vlab, capsys, name="vr-new", offering="OFF", description="new")
    assert not failed, result.get("msg")
    assert statuses(result) == [("create_vpc_router", "applied")]
    assert result["vpc_router"]["status"] == "Connected" and result["vpc_router"]["nics"][0]["ip"].startswith("198.51.100.")
    assert [j["type"] for j in result["journal"]] == ["vpc_router"] and result["journal"][0]["id"] == result["vpc_router"]["uuid"]
    assert {c["status"] for c in result["changes"][0]["post_checks"]} == {"PASS"}
    assert result["report_kind"] == "change" and result["change"]["id"] == "CHG-TEST-1" and vlab.password not in str(result)
    vlab.reset_writes()
    failed, result = run(zstack_vpc_router, vlab, capsys, name="vr-new", offering="OFF")
    assert not failed and not result["changed"] and statuses(result) == [("create_vpc_router", "unchanged")]
    assert writes(vlab) == [] and result["journal"] == []


@pytest.mark.parametrize("args, text", [
    (dict(name="vr-x", offering="NO-SUCH-OFFERING"), "does not exist"),
    (dict(name="vr-a", offering="OFF-ISO"), "cannot change the offering"),
])
def test_router_bad_input_fails_before_any_write(vlab, capsys, args, text):
    failed, result = run(zstack_vpc_router, vlab, capsys, **args)
    assert failed and text in result["msg"]
    assert writes(vlab) == [] and result["journal"] == [] and any(c["status"] == "FAIL" for c in result["pre_checks"])


# -- zstack_vpc_network --------------------------------------------------------------------------
def test_network_check_mode_apply_rerun(vlab, capsys):
    failed, result = run(zstack_vpc_network, vlab, capsys, _ansible_check_mode=True, _ansible_diff=True, **NETWORK)
    assert not failed, result.get("msg")
    assert writes(vlab) == [] and [a for a, s in statuses(result) if s == "planned"] == NETWORK_STEPS
    assert "02 add_ip_range VPC-N:10.50.0.0/24" in result["diff"]["after"] and result["network"]["uuid"] is None
    failed, result = run(zstack_vpc_network, vlab, capsys, **NETWORK)
    assert not failed, result.get("msg")
    assert statuses(result) == [(a, "applied") for a in NETWORK_STEPS]
    assert [j["type"] for j in result["journal"]] == ["l3_network", "ip_range", "l3_dns", "l3_network_services", "router_nic"]
    net = result["network"]
    assert net["cidr"] == "10.50.0.0/24" and net["router"] == "vr-a" and net["uuid"]
    assert router_nic_ips(vlab, "vr-a")["VPC-N"] == "10.50.0.1"
    post = result["changes"][-1]["post_checks"]
    assert [(c["id"], c["status"]) for c in post] == [("router_nic_gateway", "PASS"), ("connected_route", "PASS")]
    writes_before = len(writes(vlab))
    failed, result = run(zstack_vpc_network, vlab, capsys, **NETWORK)
    assert not failed and not result["changed"] and {s for _a, s in statuses(result)} == {"unchanged"}
    assert len(writes(vlab)) == writes_before


def test_network_completes_a_half_built_network(vlab, capsys):
    """A network left without DNS and router (an earlier run not rolled back): only the missing steps run."""
    failed, result = run(zstack_vpc_network, vlab, capsys, **merged(NETWORK, dns=[], vpc_router="vr-a"))
    assert not failed
    detach = result["journal"][-1]
    run(zstack_vpc_rollback, vlab, capsys, journal=[detach])
    failed, result = run(zstack_vpc_network, vlab, capsys, **NETWORK)
    assert not failed, result.get("msg")
    assert statuses(result) == [("create_l3_network", "unchanged"), ("add_ip_range", "unchanged"), ("add_dns", "applied"),
                                ("attach_network_services", "unchanged"), ("attach_vpc_network", "applied")]


@pytest.mark.parametrize("change, text", [
    (dict(cidr="10.50.0.0/33"), "not a valid network"),
    (dict(cidr="10.50.0.1/24"), "has host bits set"),
    (dict(cidr="10.10.0.0/25"), "overlaps L3 network VPC-A"),
    (dict(cidr="198.51.100.0/24"), "overlaps L3 network PUB"),
    (dict(vpc_router="vr-nope"), "VPC router 'vr-nope' does not exist"),
    (dict(l2_network="L2-NOPE"), "L2 network 'L2-NOPE' does not exist"),
    (dict(name="VPC-B"), "attached to VPC router vr-b"),
    (dict(dns=["dns.example.invalid"]), "is not an IP address"),
    (dict(network_services={"vrouter": ["Teleport"]}), "does not offer Teleport"),
    (dict(cidr=None, ip_ranges=[{"start_ip": "10.50.0.10", "end_ip": "10.50.1.10", "netmask": "255.255.255.0",
                                 "gateway": "10.50.0.1"}]), "range 10.50.0.10-10.50.1.10"),
])
def test_network_bad_input_fails_before_any_write(vlab, capsys, change, text):
    args = dict(NETWORK, **change)
    if args.get("cidr") is None:
        args.pop("cidr")
    failed, result = run(zstack_vpc_network, vlab, capsys, **args)
    assert failed and text in result["msg"], result["msg"]
    assert writes(vlab) == [] and result["journal"] == [] and result["changes"] == []


def test_network_on_a_disconnected_router_is_refused(vlab, capsys):
    with vlab.state.lock:
        next(v for v in vlab.state.all("vm") if v["name"] == "vr-b")["status"] = "Disconnected"
        vlab.state.touch()
    failed, result = run(zstack_vpc_network, vlab, capsys, **merged(NETWORK, vpc_router="vr-b"))
    assert failed and "is Disconnected" in result["msg"] and writes(vlab) == []


# -- zstack_vpc_peering --------------------------------------------------------------------------
def test_peering_router_routes_between_two_routers(vlab, capsys):
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="a-b", local_network="VPC-A", peer_network="VPC-B",
                         _ansible_check_mode=True)
    assert not failed and writes(vlab) == [] and result["mode"] == "router_routes"
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="a-b", local_network="VPC-A", peer_network="VPC-B")
    assert not failed, result.get("msg")
    ips_a, ips_b = router_nic_ips(vlab, "vr-a"), router_nic_ips(vlab, "vr-b")
    assert result["mode"] == "router_routes" and result["shared_network"] == "PUB"
    assert "share network PUB" in result["reason"]["en"] and "PUB" in result["reason"]["zh_CN"]
    assert all(r["title"] == result["reason"] for r in result["changes"])     # the report says why, on every step
    assert result["routes"] == [
        {"router": "vr-a", "route_table": "rt-vr-a", "destination": "10.20.0.0/24", "next_hop": ips_b["PUB"]},
        {"router": "vr-b", "route_table": "rt-vr-b", "destination": "10.10.0.0/24", "next_hop": ips_a["PUB"]}]
    assert [a for a, _s in statuses(result)] == ["create_route_table", "add_route_entry", "attach_route_table"] * 2
    attach = [c for c in result["changes"] if c["action"] == "attach_route_table"]
    assert [p["status"] for c in attach for p in c["post_checks"]] == ["PASS", "PASS"]
    assert names(vlab, "vrtable") == ["rt-vr-a", "rt-vr-b"]
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="a-b", local_network="VPC-A", peer_network="VPC-B")
    assert not failed and not result["changed"] and result["journal"] == []


def test_peering_on_one_router_is_already_routed(vlab, capsys):
    run(zstack_vpc_network, vlab, capsys, **NETWORK)
    vlab.reset_writes()
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="a-n", local_network="VPC-A", peer_network="VPC-N")
    assert not failed, result.get("msg")
    assert result["mode"] == "shared_router" and "vr-a" in result["reason"]["en"] and not result["changed"]
    assert statuses(result) == [("connect_vpc_networks", "unchanged")] and writes(vlab) == []
    assert result["changes"][0]["post_checks"][0]["status"] == "PASS"


def test_peering_attaches_a_free_peer_network_to_the_local_router(vlab, capsys):
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="a-spare", local_network="VPC-A", peer_network="VPC-SPARE",
                         mode="shared_router")
    assert not failed, result.get("msg")
    assert result["mode"] == "shared_router" and statuses(result) == [("attach_vpc_network", "applied")]
    assert router_nic_ips(vlab, "vr-a")["VPC-SPARE"] == "10.40.0.1"


@pytest.mark.parametrize("args, text", [
    (dict(peer_network="VPC-C"), "share no network"),
    (dict(peer_network="VPC-B", mode="shared_router"), "use mode router_routes"),
    (dict(peer_network="VPC-SPARE", mode="router_routes"), "on no VPC router"),
    (dict(peer_network="VPC-NOPE"), "does not exist"),
    (dict(peer_network="VPC-A"), "the same network on both sides"),
    (dict(peer_network="VPC-B", shared_network="PUB-ISO"), "do not share network PUB-ISO"),
])
def test_peering_impossible_fails_before_any_write(vlab, capsys, args, text):
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="p", local_network="VPC-A", **args)
    assert failed and text in result["msg"], result["msg"]
    assert writes(vlab) == [] and result["journal"] == []


def test_peering_never_overwrites_a_route_to_elsewhere(vlab, capsys):
    run(zstack_vpc_route, vlab, capsys, vpc_router="vr-a", routes=[{"destination_cidr": "10.20.0.0/24", "next_hop": "198.51.100.99"}])
    vlab.reset_writes()
    failed, result = run(zstack_vpc_peering, vlab, capsys, name="a-b", local_network="VPC-A", peer_network="VPC-B")
    assert failed and "already goes to 198.51.100.99" in result["msg"] and writes(vlab) == []


# -- zstack_vpc_route ----------------------------------------------------------------------------
ROUTES = [{"destination_cidr": "100.64.0.0/16", "next_hop": "198.51.100.1"}]


def test_route_check_mode_apply_rerun(vlab, capsys):
    failed, result = run(zstack_vpc_route, vlab, capsys, vpc_router="vr-a", route_table="rt-svc", routes=ROUTES,
                         _ansible_check_mode=True, _ansible_diff=True)
    assert not failed and writes(vlab) == [] and result["diff"]["after"]
    assert result["route_table"] == {"uuid": None, "name": "rt-svc", "router_uuid": result["route_table"]["router_uuid"]}
    failed, result = run(zstack_vpc_route, vlab, capsys, vpc_router="vr-a", route_table="rt-svc", routes=ROUTES)
    assert not failed, result.get("msg")
    assert statuses(result) == [("create_route_table", "applied"), ("add_route_entry", "applied"), ("attach_route_table", "applied")]
    assert result["routes"][0]["uuid"] and result["route_table"]["uuid"]
    assert result["changes"][-1]["post_checks"][0]["status"] == "PASS"
    # one more route into the same table (found by the router, no name given)
    more = ROUTES + [{"destination_cidr": "100.65.0.0/16", "next_hop": "198.51.100.1", "distance": 10}]
    failed, result = run(zstack_vpc_route, vlab, capsys, vpc_router="vr-a", routes=more)
    assert not failed
    assert statuses(result)[1:] == [("add_route_entry", "unchanged"), ("add_route_entry", "applied"), ("attach_route_table", "unchanged")]
    failed, result = run(zstack_vpc_route, vlab, capsys, vpc_router="vr-a", routes=more)
    assert not failed and not result["changed"]


@pytest.mark.parametrize("routes, table, text", [
    ([{"destination_cidr": "0.0.0.0/0", "next_hop": "198.51.100.1"}], None, "default route"),
    ([{"destination_cidr": "100.64.0.0/33", "next_hop": "198.51.100.1"}], None, "not a valid network"),
    ([{"destination_cidr": "100.64.0.0/16", "next_hop": "gateway"}], None, "not an IPv4 address"),
    ([{"destination_cidr": "100.64.0.0/16", "next_hop": "198.51.100.2"}], None, "already goes to 198.51.100.1"),
    (ROUTES, "rt-other", "already uses route table rt-svc"),
    ([{"destination_cidr": "10.10.0.0/16", "next_hop": "198.51.100.1"}], None, "a network router vr-a is on"),
])
def test_route_conflicts_fail_before_any_write(vlab, capsys, routes, table, text):
    run(zstack_vpc_route, vlab, capsys, vpc_router="vr-a", route_table="rt-svc", routes=ROUTES)
    vlab.reset_writes()
    args = dict(vpc_router="vr-a", routes=routes)
    if table:
        args["route_table"] = table
    failed, result = run(zstack_vpc_route, vlab, capsys, **args)
    assert failed and text in result["msg"], result["msg"]
    assert writes(vlab) == []


def test_route_on_a_router_without_the_route_service(vlab, capsys):
    run(zstack_vpc_router, vlab, capsys, name="vr-bare", offering="OFF")
    vlab.reset_writes()
    failed, result = run(zstack_vpc_route, vlab, capsys, vpc_router="vr-bare", routes=ROUTES)
    assert failed and "has no network with the VRouterRoute service" in result["msg"] and writes(vlab) == []


# -- zstack_vpc_precheck -------------------------------------------------------------------------
SPEC = {
    "vpc_routers": [{"name": "vr-new", "offering": "OFF"}],
    "networks": [{"name": "VPC-N", "vpc_router": "vr-new", "l2_network": "L2-VPC", "cidr": "10.50.0.0/24", "dns": ["223.5.5.5"]}],
    "peerings": [{"name": "a-n", "local_network": "VPC-A", "peer_network": "VPC-N"}],
    "eips": [{"name": "eip-a1", "vm": "vm-a1", "vm_network": "VPC-A", "public_network": "PUB"}],
    "service_routes": [{"vpc_router": "vr-a", "routes": ROUTES}],
}
APPLY = (("vpc_routers", zstack_vpc_router), ("networks", zstack_vpc_network), ("peerings", zstack_vpc_peering),
         ("service_routes", zstack_vpc_route))


def test_precheck_plans_exactly_what_the_modules_record(vlab, capsys):
    from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_eip  # pylint: disable=import-outside-toplevel
    failed, result = run(zstack_vpc_precheck, vlab, capsys, spec=SPEC)
    assert not failed, result.get("msg")
    assert writes(vlab) == [] and not result["changed"] and result["journal"] == []
    assert statuses(result) == [("precheck_vpc_change", "unchanged")]
    assert {c["status"] for c in result["pre_checks"]} <= {"PASS", "SKIPPED"} and len(result["pre_checks"]) > 10
    plan = result["plan"]
    assert {p["status"] for p in plan} == {"planned"} and plan[0]["change_id"] == "CHG-TEST-1"
    uids = []
    for key, module in APPLY[:3] + (("eips", zstack_eip),) + APPLY[3:]:
        for item in SPEC[key]:
            failed, out = run(module, vlab, capsys, **item)
            assert not failed, out.get("msg")
            uids += [c["uid"] for c in out["changes"]]
    assert uids == [p["uid"] for p in plan]
    failed, result = run(zstack_vpc_precheck, vlab, capsys, spec=SPEC)
    assert not failed and {p["status"] for p in result["plan"]} == {"unchanged"}


def test_dry_run_of_a_whole_change_plans_like_the_precheck(vlab, capsys):
    """Check mode of every apply module with context_spec: later items see what earlier ones would create."""
    from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_eip  # pylint: disable=import-outside-toplevel
    failed, result = run(zstack_vpc_precheck, vlab, capsys, spec=SPEC)
    assert not failed, result.get("msg")
    uids = []
    for key, module in APPLY[:3] + (("eips", zstack_eip),) + APPLY[3:]:
        for item in SPEC[key]:
            failed, out = run(module, vlab, capsys, context_spec=SPEC, _ansible_check_mode=True, **item)
            assert not failed, (key, out.get("msg"))
            uids += [c["uid"] for c in out["changes"]]
    assert uids == [p["uid"] for p in result["plan"]] and writes(vlab) == []
    # without it, the network that needs the router of an earlier item is refused, as in a real run
    failed, out = run(zstack_vpc_network, vlab, capsys, _ansible_check_mode=True, **SPEC["networks"][0])
    assert failed and "vr-new" in out["msg"]


def test_precheck_lists_every_failure_and_writes_nothing(vlab, capsys):
    spec = {
        "vpc_routers": [{"name": "vr-new", "offering": "NOPE"}],
        "networks": [{"name": "VPC-N", "vpc_router": "vr-a", "l2_network": "L2-VPC", "cidr": "10.10.0.0/16"},
                     {"name": "VPC-M", "vpc_router": "vr-a", "l2_network": "L2-VPC", "cidr": "10.60.0.0/24"},
                     {"name": "VPC-O", "vpc_router": "vr-a", "l2_network": "L2-VPC", "cidr": "10.60.0.128/25"},
                     {"name": "VPC-P", "vpc_router": "vr-a", "l2_network": "L2-VPC", "cidr": "10.61.0.0/24",
                      "ip_ranges": [{"network_cidr": "10.61.0.0/24"}]}],
        "eips": [{"name": "e1", "vm": "vm-nope", "vm_network": "VPC-A", "public_network": "PUB"}] + [
            {"name": "s%d" % i, "vm": "vm-a1", "vm_network": "VPC-A", "public_network": "PUB-SMALL"} for i in range(3)],
        "peerings": [{"name": "x", "local_network": "VPC-A", "peer_network": "VPC-C"}],
        "bogus": [],
    }
    failed, result = run(zstack_vpc_precheck, vlab, capsys, spec=spec)
    assert failed and writes(vlab) == []
    fails = [c["message"] for c in result["pre_checks"] if c["status"] == "FAIL"]
    expected = ["unknown spec keys bogus", "vpc_routers[0] VPC router vr-new: virtual router offering 'NOPE' does not exist",
                "networks[0] VPC network VPC-N: 10.10.0.0/16 overlaps L3 network VPC-A",
                "networks[2] VPC network VPC-O: 10.60.0.128/25 overlaps planned network VPC-M",
                "networks[3] VPC network VPC-P: parameters are mutually exclusive: cidr|ip_ranges",
                "eips[0] EIP e1: VM 'vm-nope' does not exist", "eips[3] EIP s2: public network PUB-SMALL has 0 free IPs",
                "peerings[0] VPC peering x: routers vr-a and vr-iso share no network"]
    for text in expected:
        assert any(m.startswith(text) for m in fails), (text, "\n".join(fails))
    assert result["changes"][0]["status"] == "failed" and "pre-check(s) failed" in result["msg"]
    assert all(p["target"]["name"] != "VPC-N" for p in result["plan"])


# -- zstack_vpc_rollback -------------------------------------------------------------------------
def test_rollback_check_mode_refusals_and_already_gone(vlab, capsys):
    failed, result = run(zstack_vpc_network, vlab, capsys, **NETWORK)
    journal = result["journal"]
    before = vlab.snapshot()
    vlab.reset_writes()
    failed, result = run(zstack_vpc_rollback, vlab, capsys, journal=journal, _ansible_check_mode=True)
    assert not failed and result["changed"] and writes(vlab) == [] and {s for _a, s in statuses(result)} == {"planned"}
    for bad, text in ((dict(journal[0], endpoint="http://127.0.0.2:8080"), "belongs to endpoint"),
                      (dict(journal[0], platform="apsara"), "belongs to platform apsara"),
                      (dict(journal[0], type="teleporter"), "cannot undo"),
                      ({"op": "create", "type": "l3_network"}, "is malformed"),
                      (dict(journal[2], keys={}), "lacks keys")):
        failed, result = run(zstack_vpc_rollback, vlab, capsys, journal=journal + [bad])
        assert failed and text in result["msg"] and writes(vlab) == [] and result["changes"] == []
        assert result["summary"].startswith("REFUSED: 1 journal entry") and len(result["problems"]) == 1
    assert vlab.snapshot() == before
    # the DNS server removed behind our back: that entry is "already gone", the rest is undone
    with vlab.state.lock:
        next(x for x in vlab.state.all("l3") if x["name"] == "VPC-N")["dns"] = []
        vlab.state.touch()
    failed, result = run(zstack_vpc_rollback, vlab, capsys, journal=journal)
    assert not failed and result["changed"] and result["failed_uids"] == []
    assert sorted(result["rolled_back_uids"]) == sorted({j["record_uid"] for j in journal})
    assert (result["rolled_back"], result["rollback_failed"], result["total"]) == (5, 0, 5) and result["diff"]["before"]
    assert result["summary"] == "rolled back: 5 of 5 resource change(s) undone, newest first (1 already gone)"
    assert [(c["action"], c["after"]["outcome"]) for c in result["changes"]] == [
        ("rollback_router_nic", "detached"), ("rollback_l3_network_services", "detached"),
        ("rollback_l3_dns", "already gone"), ("rollback_ip_range", "deleted"), ("rollback_l3_network", "deleted")]
    assert "VPC-N" not in names(vlab, "l3")
    failed, result = run(zstack_vpc_rollback, vlab, capsys, journal=journal)
    assert not failed and not result["changed"]
    assert {c["after"]["outcome"] for c in result["changes"]} == {"already gone"}

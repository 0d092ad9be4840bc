"""The Apsara VPC change modules against the lab: check mode writes nothing and shows a diff, apply, a re-run changes
nothing, bad input fails clearly before any write; the pre-check's plan matches what the apply modules record; the
rollback restores the lab exactly."""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import nat as nat_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import network as vpc_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import peering as peering_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import routes as route_steps
from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_nat_gateway, apsara_route_entry, apsara_vpc, apsara_vpc_peering, apsara_vpc_precheck, apsara_vpc_rollback)

from .module_runner import run_module
from .test_apsara_vpc_support import (  # noqa: F401  pylint: disable=unused-import
    args, run, statuses, steps, vlab_fixture, vpc_world_fixture, writes)

NEW_VPC = {"name": "vpc-new", "cidr_block": "10.30.0.0/16",
           "vswitches": [{"name": "vsw-new-a", "cidr_block": "10.30.1.0/24", "zone_id": "cn-lab-1a"}]}
PEERING = {"name": "pcx-prod-shared", "local_vpc": "vpc-prod", "peer_vpc": "vpc-shared"}
NAT = {"name": "nat-shared", "vpc": "vpc-shared", "vswitch": "vsw-shared-a", "eip": {"bandwidth": 10},
       "snat": [{"source_vswitch": "vsw-shared-a"}, {"source_cidr": "192.168.2.0/24"}]}
ROUTES = {"vpc": "vpc-prod", "routes": [{"destination_cidr": "100.100.0.0/16", "next_hop_type": "Instance", "next_hop": "bastion-01",
                                         "name": "svc-internal"}]}
CASES = [(apsara_vpc, NEW_VPC), (apsara_vpc_peering, PEERING), (apsara_nat_gateway, NAT), (apsara_route_entry, ROUTES)]


def _life_cycle(lab, capsys, module, params):
    """check mode, apply, re-run, rollback: the asserts every apply module shares."""
    before = lab.snapshot()
    lab.reset_writes()
    failed, planned = run(module, lab, capsys, check_mode=True, **params)
    assert not failed, planned.get("msg")
    assert writes(lab) == [] and lab.snapshot() == before
    assert statuses(planned) == {"planned"} and planned["changed"] and planned["journal"] == []
    assert planned["diff"]["after"] and all(k.split()[1] in ("create_vpc", "create_vswitch", "create_router_interface",
                                                             "modify_router_interface", "connect_router_interface",
                                                             "create_route_entry", "create_nat_gateway", "allocate_eip",
                                                             "associate_eip", "create_snat_entry")
                                            for k in planned["diff"]["after"])
    failed, applied = run(module, lab, capsys, **params)
    assert not failed, applied.get("msg")
    assert statuses(applied) == {"applied"} and applied["changed"] and applied["report_kind"] == "change"
    assert [(a, n) for a, n, _s in steps(applied)] == [(a, n) for a, n, _s in steps(planned)]
    assert [r["uid"] for r in applied["changes"]] == [r["uid"] for r in planned["changes"]]
    assert all(c["status"] == "PASS" for r in applied["changes"] for c in r["post_checks"])
    assert all(r["change_id"] == "CHG-TEST-1" and r["ticket"] == "ITSM-1" for r in applied["changes"])
    lab.reset_writes()
    failed, again = run(module, lab, capsys, **params)
    assert not failed, again.get("msg")
    assert statuses(again) == {"unchanged"} and not again["changed"] and again["journal"] == []
    assert writes(lab) == []
    failed, undone = run(apsara_vpc_rollback, lab, capsys, journal=applied["journal"])
    assert not failed, undone.get("msg")
    assert statuses(undone) == {"rolled_back"} and sorted(undone["rolled_back_uids"]) == sorted(
        set(e["record_uid"] for e in applied["journal"]))
    assert lab.snapshot() == before
    return applied


def test_vpc_life_cycle(vlab, capsys):
    applied = _life_cycle(vlab, capsys, apsara_vpc, NEW_VPC)
    assert applied["vpc"]["cidr_block"] == "10.30.0.0/16" and applied["vpc"]["vrouter_id"].startswith("vrt-")
    assert [(s["name"], s["status"]) for s in applied["vswitches"]] == [("vsw-new-a", "Available")]
    assert [e["type"] for e in applied["journal"]] == ["vpc", "vswitch"]


def test_peering_life_cycle(vlab, capsys):
    applied = _life_cycle(vlab, capsys, apsara_vpc_peering, PEERING)
    p = applied["peering"]
    assert p["status"] == "Active" and p["local_interface_id"] and p["peer_interface_id"]
    assert [(r["destination_cidr"], r["next_hop_id"]) for r in p["routes"]] == [
        ("192.168.0.0/16", p["local_interface_id"]), ("10.10.0.0/16", p["peer_interface_id"])]
    assert [e["type"] for e in applied["journal"]] == ["router_interface", "router_interface", "route_entry", "route_entry"]


def test_nat_gateway_life_cycle(vlab, capsys):
    applied = _life_cycle(vlab, capsys, apsara_nat_gateway, NAT)
    nat = applied["nat_gateway"]
    assert nat["status"] == "Available" and [e["instance_id"] for e in applied["eips"]] == [nat["id"]]
    assert [(s["source_cidr"], s["status"]) for s in applied["snat_entries"]] == [("192.168.1.0/24", "Available"),
                                                                                  ("192.168.2.0/24", "Available")]
    assert all(s["snat_ip"] == applied["eips"][0]["ip_address"] for s in applied["snat_entries"])
    default_route = [c for c in applied["changes"][0]["post_checks"] if c["id"].startswith("nat_default_route")]
    assert default_route[0]["status"] == "PASS"


def test_route_entry_life_cycle(vlab, capsys):
    applied = _life_cycle(vlab, capsys, apsara_route_entry, ROUTES)
    assert [(r["destination_cidr"], r["next_hop_type"], r["name"]) for r in applied["routes"]] == [
        ("100.100.0.0/16", "Instance", "svc-internal")]


def _refused(lab, capsys, module, params, *texts):
    lab.reset_writes()
    before = lab.snapshot()
    failed, result = run(module, lab, capsys, **params)
    assert failed and writes(lab) == [] and lab.snapshot() == before
    assert result["changes"] == [] and result["journal"] == []
    for text in texts:
        assert text in result["msg"], result["msg"]
    return result


def test_bad_vpc_input_fails_before_any_write(vlab, capsys):
    _refused(vlab, capsys, apsara_vpc, dict(NEW_VPC, cidr_block="10.30.0.1/16"), "has host bits set")
    _refused(vlab, capsys, apsara_vpc, dict(NEW_VPC, cidr_block="10.30.0.0/30"), "prefix /30 is longer than /28")
    _refused(vlab, capsys, apsara_vpc, dict(NEW_VPC, cidr_block="10.10.128.0/17", vswitches=[]), "overlaps existing VPC vpc-prod")
    _refused(vlab, capsys, apsara_vpc, dict(NEW_VPC, vswitches=[
        {"name": "a-1", "cidr_block": "10.30.1.0/24", "zone_id": "cn-lab-1a"},
        {"name": "a-2", "cidr_block": "10.30.1.128/25", "zone_id": "cn-lab-1a"},
        {"name": "a-3", "cidr_block": "10.99.1.0/24", "zone_id": "cn-lab-1a"}]), "overlaps vSwitch a-1", "is not inside the VPC")
    _refused(vlab, capsys, apsara_vpc, dict(NEW_VPC, vswitches=[{"name": "x-1", "cidr_block": "10.30.1.0/24", "zone_id": "cn-x"}]),
             "zone cn-x does not exist")
    _refused(vlab, capsys, apsara_vpc, dict(name="vpc-shared", cidr_block="192.168.0.0/20"),
             "exists with CIDR 192.168.0.0/16")
    _refused(vlab, capsys, apsara_vpc, dict(name="vpc-shared", cidr_block="192.168.0.0/16", vswitches=[
        {"name": "vsw-other", "cidr_block": "192.168.1.0/25", "zone_id": "cn-lab-1a"}]), "overlaps existing vSwitch vsw-shared-a")
    _refused(vlab, capsys, apsara_vpc, dict(NEW_VPC, name="9-bad"), "is not a valid name")


def test_bad_peering_input_fails_before_any_write(vlab, capsys):
    _refused(vlab, capsys, apsara_vpc_peering, dict(PEERING, peer_vpc="vpc-nowhere"), "VPC vpc-nowhere does not exist")
    _refused(vlab, capsys, apsara_vpc_peering, dict(PEERING, local_routes=["10.10.5.0/24"]), "overlaps VPC vpc-prod itself")
    _refused(vlab, capsys, apsara_vpc_peering, dict(PEERING, peer_routes=["10.10.0.0/33"]), "not a valid network")
    _refused(vlab, capsys, apsara_vpc_peering, dict(PEERING, local_routes=["0.0.0.0/0"]), "already routed to NatGateway")
    _refused(vlab, capsys, apsara_vpc_peering, dict(PEERING, name="pcx-prod-dev", peer_vpc="vpc-dev"),
             "already connected by router interface ri-prod-dev")


def test_overlapping_peer_vpcs_are_refused(vlab, capsys):
    failed, made = run(apsara_vpc, vlab, capsys, name="vpc-clash", cidr_block="192.168.0.0/16")
    assert failed and "overlaps existing VPC vpc-shared" in made["msg"]
    # the API itself allows overlapping VPCs: one made behind the modules' back must not be peered
    client = ApsaraClient(vlab.access_key_id, vlab.access_key_secret, vlab.region_id, endpoints=vlab.endpoints)
    clash = client.call("vpc", "CreateVpc", {"VpcName": "vpc-clash", "CidrBlock": "192.168.0.0/16"})["VpcId"]
    client.wait_for("vpc", "DescribeVpcs", clash, "Status", "Available", timeout=10, interval=0.05)
    _refused(vlab, capsys, apsara_vpc_peering, dict(PEERING, peer_vpc="vpc-clash", local_vpc="vpc-shared", name="pcx-x"),
             "overlap: they cannot be peered")


def test_bad_nat_input_fails_before_any_write(vlab, capsys):
    _refused(vlab, capsys, apsara_nat_gateway, dict(NAT, vswitch="vsw-nowhere"), "vSwitch vsw-nowhere does not exist")
    _refused(vlab, capsys, apsara_nat_gateway, dict(NAT, snat=[{"source_cidr": "10.10.1.0/24"}]), "is not inside VPC vpc-shared")
    _refused(vlab, capsys, apsara_nat_gateway, dict(NAT, snat=[{"source_cidr": "192.168.1.0/33"}]), "not a valid network")
    _refused(vlab, capsys, apsara_nat_gateway, dict(NAT, snat=[{"source_vswitch": "vsw-prod-web-a"}]),
             "vSwitch vsw-prod-web-a does not exist in VPC vpc-shared")
    _refused(vlab, capsys, apsara_nat_gateway, dict(NAT, vpc="vpc-prod", vswitch="vsw-prod-app-a", snat=[]),
             "already routes 0.0.0.0/0 to NatGateway")
    _refused(vlab, capsys, apsara_nat_gateway, dict(NAT, vpc="vpc-nowhere"), "VPC vpc-nowhere does not exist")


def test_bad_route_input_fails_before_any_write(vlab, capsys):
    one = ROUTES["routes"][0]
    _refused(vlab, capsys, apsara_route_entry, dict(ROUTES, routes=[dict(one, destination_cidr="100.100.0.0/8")], vpc="vpc-prod"),
             "has host bits set")
    _refused(vlab, capsys, apsara_route_entry, dict(ROUTES, routes=[dict(one, destination_cidr="10.10.64.0/18")]),
             "overlaps VPC vpc-prod itself")
    _refused(vlab, capsys, apsara_route_entry, dict(ROUTES, routes=[dict(one, destination_cidr="0.0.0.0/0")]),
             "already routed to NatGateway", "never overwrites")
    _refused(vlab, capsys, apsara_route_entry, dict(ROUTES, routes=[dict(one, next_hop="dev-01")]),
             "next hop Instance dev-01 does not exist in VPC vpc-prod")
    _refused(vlab, capsys, apsara_route_entry, dict(ROUTES, vpc="vpc-nowhere"), "VPC vpc-nowhere does not exist")


SPEC = {"vpcs": [NEW_VPC],
        "peerings": [{"name": "pcx-new-shared", "local_vpc": "vpc-new", "peer_vpc": "vpc-shared"}],
        "internet": [dict(NAT, vpc="vpc-new", vswitch="vsw-new-a", snat=[{"source_vswitch": "vsw-new-a"}])],
        "service_routes": [{"vpc": "vpc-new", "routes": [
            {"destination_cidr": "100.100.0.0/16", "next_hop_type": "RouterInterface", "next_hop": "pcx-new-shared"}]}]}


def _precheck(lab, capsys, spec, **extra):
    params = args(lab, spec=spec, **extra)
    params.pop("wait_timeout")
    return run_module(apsara_vpc_precheck, params, capsys)


def test_precheck_passes_a_good_spec_and_plans_exactly_what_the_apply_modules_record(vlab, capsys):
    vlab.reset_writes()
    failed, pre = _precheck(vlab, capsys, SPEC, quotas={"vpcs": 10, "eips": 20})
    assert not failed, pre.get("msg")
    assert writes(vlab) == [] and pre["report_kind"] == "change" and not pre["changed"] and pre["changes"] == []
    by_status = {}
    for c in pre["pre_checks"]:
        by_status.setdefault(c["status"], []).append(c["id"])
    assert "FAIL" not in by_status and by_status["SKIPPED"] == ["quota_vswitches_per_vpc"]
    assert {"vpc_cidr_free:vpc-new", "peering_cidrs_apart:pcx-new-shared", "routes_next_hops_exist:vpc-new",
            "quota_vpcs", "nat_default_route_free:nat-shared"} <= set(by_status["PASS"])
    records = []
    for module, params in ((apsara_vpc, NEW_VPC), (apsara_vpc_peering, SPEC["peerings"][0]), (apsara_nat_gateway, SPEC["internet"][0]),
                           (apsara_route_entry, SPEC["service_routes"][0])):
        failed, result = run(module, vlab, capsys, **params)
        assert not failed, result.get("msg")
        records += result["changes"]
    assert [(p["uid"], p["action"], p["target"]["type"], p["target"]["name"]) for p in pre["plan"]] == [
        (r["uid"], r["action"], r["target"]["type"], r["target"]["name"]) for r in records]
    assert all(p["platform"] == "apsara" and p["change_id"] == "CHG-TEST-1" for p in pre["plan"])
    # an item its planner refuses is listed with its static step list: the same steps
    static = (vpc_steps.plan(NEW_VPC) + peering_steps.plan(SPEC["peerings"][0], "10.30.0.0/16", "192.168.0.0/16")
              + nat_steps.plan(SPEC["internet"][0]) + route_steps.plan(SPEC["service_routes"][0]))
    assert static == [(p["action"], p["target"]["type"], p["target"]["name"]) for p in pre["plan"]]


def test_precheck_fails_listing_every_failure_without_a_write(vlab, capsys):
    bad = {"vpcs": [dict(NEW_VPC, cidr_block="10.10.0.0/16", vswitches=[]), {"name": "vpc-b", "cidr_block": "10.10.0.0/20"}],
           "peerings": [{"name": "pcx-ghost", "local_vpc": "vpc-prod", "peer_vpc": "vpc-ghost"},
                        {"name": "pcx-again", "local_vpc": "vpc-prod", "peer_vpc": "vpc-dev"}],
           "internet": [dict(NAT, vswitch="vsw-missing")],
           "service_routes": [{"vpc": "vpc-prod", "routes": [
               {"destination_cidr": "0.0.0.0/0", "next_hop_type": "NatGateway", "next_hop": "nat-elsewhere"}]}]}
    vlab.reset_writes()
    failed, pre = _precheck(vlab, capsys, bad, quotas={"vpcs": 3})
    assert failed and writes(vlab) == []
    failing = sorted(c["id"] for c in pre["pre_checks"] if c["status"] == "FAIL")
    assert failing == sorted(["vpc_cidr_free:vpc-new", "vpc_cidr_free:vpc-b", "peering_vpcs_exist:pcx-ghost",
                              "peering_connection_free:pcx-again", "nat_targets_exist:nat-shared",
                              "routes_next_hops_exist:vpc-prod", "routes_destinations_free:vpc-prod", "quota_vpcs"])
    for check_id in failing:
        assert check_id in pre["msg"]
    assert pre["plan"] and pre["pre_checks"]
    failed, pre = _precheck(vlab, capsys, {"vpcs": [{"name": "x"}], "lans": []})
    assert failed and "unknown spec sections: lans" in pre["msg"] and "missing required arguments: cidr_block" in pre["msg"]


def test_rollback_check_mode_rerun_and_foreign_entries(vlab, capsys):
    failed, applied = run(apsara_vpc, vlab, capsys, **NEW_VPC)
    assert not failed, applied.get("msg")
    journal = applied["journal"]
    foreign = dict(journal[0], endpoint="cn-lab-1 https://other.invalid/", id="vpc-notmine")
    vlab.reset_writes()
    # an entry of another endpoint (or a malformed one) refuses the whole rollback before any call
    for bad, text in ((foreign, "belongs to endpoint cn-lab-1 https://other.invalid/"),
                      (dict(journal[0], platform="zstack"), "belongs to platform zstack"),
                      ({"op": "create", "type": "vpc"}, "is malformed"),
                      (dict(journal[0], type="teleporter"), "cannot undo")):
        for check_mode in (True, False):
            failed, refused = run(apsara_vpc_rollback, vlab, capsys, check_mode=check_mode, journal=journal + [bad])
            assert failed and text in refused["msg"] and refused["changes"] == [] and writes(vlab) == []
            assert refused["problems"] and refused["summary"].startswith("REFUSED: 1 journal entry")
    failed, planned = run(apsara_vpc_rollback, vlab, capsys, check_mode=True, journal=journal)
    assert not failed and writes(vlab) == [] and statuses(planned) == {"planned"}
    assert planned["total"] == 2 and planned["diff"]["after"]
    failed, undone = run(apsara_vpc_rollback, vlab, capsys, journal=journal)
    assert not failed and undone["changed"] and [r["action"] for r in undone["changes"]] == ["rollback_vswitch", "rollback_vpc"]
    assert (undone["rolled_back"], undone["rollback_failed"], undone["total"]) == (2, 0, 2)
    assert undone["summary"] == "rolled back: 2 of 2 resource change(s) undone, newest first" and undone["diff"]["before"]
    assert all(w["params"].get("VpcId") != "vpc-notmine" for w in vlab.writes())
    vlab.reset_writes()
    failed, again = run(apsara_vpc_rollback, vlab, capsys, journal=journal)
    assert not failed and not again["changed"] and writes(vlab) == []
    assert [r["after"]["outcome"] for r in again["changes"]] == ["already gone", "already gone"]


def test_an_apply_module_checks_exactly_what_the_precheck_checks_for_its_item(vlab, capsys):
    """One planner for both: a refused item fails its apply module with the pre-checks the pre-check reports for it."""
    item = {"name": "pcx-again", "local_vpc": "vpc-prod", "peer_vpc": "vpc-dev"}
    vlab.reset_writes()
    failed, pre = _precheck(vlab, capsys, {"peerings": [item]})
    assert failed
    failed, applied = run(apsara_vpc_peering, vlab, capsys, **item)
    assert failed and "already connected by router interface ri-prod-dev" in applied["msg"] and writes(vlab) == []
    assert [(c["id"], c["status"]) for c in applied["pre_checks"]] == [
        (c["id"], c["status"]) for c in pre["pre_checks"] if not c["id"].startswith("quota_")]
    assert ("peering_connection_free:pcx-again", "FAIL") in [(c["id"], c["status"]) for c in applied["pre_checks"]]

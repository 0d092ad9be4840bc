"""Dry runs of a whole Apsara change spec (option context_spec): in check mode every apply module sees what the items
before it would create, plans each step with the change uid apsara_vpc_precheck's plan gives it, and writes nothing;
a reference nothing creates still fails; outside check mode the option changes nothing."""

import glob
import os

import pytest
import yaml

from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_nat_gateway, apsara_route_entry, apsara_vpc, apsara_vpc_peering, apsara_vpc_precheck)

from .module_runner import run_module
from .test_apsara_vpc_support import ASYNC, DEMO, args, run, writes

CHANGES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "playbooks", "changes")
# spec section -> module, in the order the vpc_change role applies them
SECTIONS = (("vpcs", apsara_vpc), ("peerings", apsara_vpc_peering), ("internet", apsara_nat_gateway),
            ("service_routes", apsara_route_entry))


def _example_changes():
    out = []
    for path in sorted(glob.glob(os.path.join(CHANGES, "*.yml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        spec = (doc.get("vpc_change_specs") or {}).get("apsara-lab")
        if spec:
            out.append(pytest.param(doc["vpc_change_id"], spec, id=os.path.basename(path)))
    return out


# A change that chains every kind of reference on the demo world: a new VPC and vSwitch, a peering to it, NAT in it,
# routes through the peering's interfaces (one on each side) and through the planned NAT gateway.
CHAIN = {
    "vpcs": [{"name": "vpc-new", "cidr_block": "10.30.0.0/16",
              "vswitches": [{"name": "vsw-new-a", "cidr_block": "10.30.1.0/24", "zone_id": "cn-lab-1a"}]},
             {"name": "vpc-prod", "cidr_block": "10.10.0.0/16",       # exists; declared again with one more vSwitch
              "vswitches": [{"name": "vsw-prod-extra", "cidr_block": "10.10.20.0/24", "zone_id": "cn-lab-1b"}]}],
    "peerings": [{"name": "pcx-new-prod", "local_vpc": "vpc-new", "peer_vpc": "vpc-prod"}],
    "internet": [{"name": "nat-new", "vpc": "vpc-new", "vswitch": "vsw-new-a", "snat": [{"source_vswitch": "vsw-new-a"}]},
                 {"name": "nat-prod-2", "vpc": "vpc-dev", "vswitch": "vsw-dev-a"}],
    "service_routes": [
        {"vpc": "vpc-new", "routes": [
            {"destination_cidr": "100.100.0.0/16", "next_hop_type": "RouterInterface", "next_hop": "pcx-new-prod"},
            {"destination_cidr": "100.102.0.0/16", "next_hop_type": "NatGateway", "next_hop": "nat-new"}]},
        {"vpc": "vpc-prod", "routes": [
            {"destination_cidr": "100.101.0.0/16", "next_hop_type": "RouterInterface", "next_hop": "pcx-new-prod-peer"}]}],
}


@pytest.fixture(name="demo", scope="module")
def demo_fixture():
    """The plain demo world: nothing of the example changes exists yet.  Every test here writes nothing (asserted)."""
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world=DEMO, host="127.0.0.1", http_port=0, https_port=None, async_seconds=ASYNC) as lab:
        yield lab


def _plan(lab, capsys, spec, change_id):
    params = args(lab, change_id=change_id, spec=spec)
    params.pop("wait_timeout")
    failed, result = run_module(apsara_vpc_precheck, params, capsys)
    assert not failed, result.get("msg")
    return result["plan"]


def _dry_run(lab, capsys, spec, change_id):
    """Every item through its module in check mode with context_spec, as the role runs them: the records, in order."""
    records = []
    for section, module in SECTIONS:
        for item in spec.get(section) or []:
            failed, result = run(module, lab, capsys, check_mode=True, change_id=change_id, context_spec=spec, **item)
            assert not failed, (section, item, result.get("msg"))
            assert result["journal"] == []
            records += result["changes"]
    return records


@pytest.mark.parametrize("change_id,spec", _example_changes())
def test_every_example_change_dry_runs_exactly_as_planned(demo, capsys, change_id, spec):
    demo.reset_writes()
    before = demo.snapshot()
    plan = _plan(demo, capsys, spec, change_id)
    records = _dry_run(demo, capsys, spec, change_id)
    assert [(r["uid"], r["action"], r["target"]["type"], r["target"]["name"]) for r in records] == [
        (p["uid"], p["action"], p["target"]["type"], p["target"]["name"]) for p in plan]
    assert {r["status"] for r in records} == {"planned"} and all(r["change_id"] == change_id for r in records)
    assert writes(demo) == [] and demo.snapshot() == before


def test_the_peering_dry_run_routes_toward_the_planned_vpcs_cidr(demo, capsys):
    with open(os.path.join(CHANGES, "vpc_peering.yml"), encoding="utf-8") as f:
        spec = yaml.safe_load(f)["vpc_change_specs"]["apsara-lab"]
    failed, result = run(apsara_vpc_peering, demo, capsys, check_mode=True, context_spec=spec, **spec["peerings"][0])
    assert not failed, result.get("msg")
    assert [(r["destination_cidr"], r["status"]) for r in result["peering"]["routes"]] == [
        ("192.168.0.0/16", "planned"), ("10.10.0.0/16", "planned")]
    assert [r["target"]["name"] for r in result["changes"][-2:]] == ["vpc-prod:192.168.0.0/16", "vpc-shared:10.10.0.0/16"]
    assert result["diff"]["after"] and result["changed"]


def test_a_chained_change_dry_runs_as_planned_with_the_declared_attributes(demo, capsys):
    demo.reset_writes()
    plan = _plan(demo, capsys, CHAIN, "CHG-TEST-1")
    records = _dry_run(demo, capsys, CHAIN, "CHG-TEST-1")
    assert [r["uid"] for r in records] == [p["uid"] for p in plan]
    by_target = dict(((r["action"], r["target"]["name"]), r) for r in records)
    assert by_target[("create_vpc", "vpc-prod")]["status"] == "unchanged"
    assert by_target[("create_vswitch", "vsw-prod-extra")]["status"] == "planned"
    assert by_target[("create_route_entry", "vpc-prod:10.30.0.0/16")]["after"]["destination_cidr"] == "10.30.0.0/16"
    nat = by_target[("create_nat_gateway", "nat-new")]["after"]
    assert nat["vpc_id"] is None and nat["vswitch_id"] is None and nat["status"] == "Available"
    hop = by_target[("create_route_entry", "vpc-prod:100.101.0.0/16")]["after"]
    assert (hop["next_hop_type"], hop["next_hop_id"], hop["route_table_id"]) == ("RouterInterface", None, by_target[
        ("create_route_entry", "vpc-prod:10.30.0.0/16")]["after"]["route_table_id"]) and hop["route_table_id"]
    assert writes(demo) == []


def test_without_context_spec_a_dry_run_refuses_what_only_the_spec_creates(demo, capsys):
    demo.reset_writes()
    peering = CHAIN["peerings"][0]
    failed, result = run(apsara_vpc_peering, demo, capsys, check_mode=True, **peering)
    assert failed and "VPC vpc-new does not exist" in result["msg"] and "a.b.c.d/n" not in result["msg"]
    assert "context_spec" not in result["msg"] and result["changes"] == []
    failed, result = run(apsara_nat_gateway, demo, capsys, check_mode=True, **CHAIN["internet"][0])
    assert failed and "VPC vpc-new does not exist" in result["msg"]
    assert writes(demo) == []


def test_outside_check_mode_context_spec_changes_nothing(demo, capsys):
    demo.reset_writes()
    before = demo.snapshot()
    for module, item in ((apsara_vpc_peering, CHAIN["peerings"][0]), (apsara_route_entry, CHAIN["service_routes"][0])):
        failed, result = run(module, demo, capsys, context_spec=CHAIN, **item)
        assert failed and "VPC vpc-new does not exist" in result["msg"] and "context_spec" not in result["msg"]
        assert result["changes"] == [] and result["journal"] == []
    in_prod = dict(CHAIN["internet"][0])
    in_prod["vpc"] = "vpc-prod"
    failed, result = run(apsara_nat_gateway, demo, capsys, context_spec=CHAIN, **in_prod)
    assert failed and "vSwitch vsw-new-a does not exist in VPC vpc-prod" in result["msg"]
    assert writes(demo) == [] and demo.snapshot() == before


@pytest.mark.parametrize("module,item,text", [
    (apsara_vpc_peering, {"name": "pcx-x", "local_vpc": "vpc-new", "peer_vpc": "vpc-ghost"},
     "VPC vpc-ghost does not exist and no earlier item of context_spec creates it"),
    (apsara_nat_gateway, {"name": "nat-x", "vpc": "vpc-new", "vswitch": "vsw-typo"},
     "vSwitch vsw-typo does not exist in VPC vpc-new and no earlier item"),
    (apsara_nat_gateway, {"name": "nat-x", "vpc": "vpc-new", "vswitch": "vsw-new-a", "snat": [{"source_vswitch": "vsw-prod-web-a"}]},
     "snat source vSwitch vsw-prod-web-a does not exist in VPC vpc-new"),
    (apsara_route_entry, {"vpc": "vpc-new", "routes": [
        {"destination_cidr": "100.100.0.0/16", "next_hop_type": "RouterInterface", "next_hop": "pcx-new-prod-peer"}]},
     "next hop RouterInterface pcx-new-prod-peer does not exist in VPC vpc-new and no earlier item"),
    (apsara_route_entry, {"vpc": "vpc-new", "routes": [
        {"destination_cidr": "100.100.0.0/16", "next_hop_type": "Instance", "next_hop": "bastion-01"}]},
     "next hop Instance bastion-01 does not exist in VPC vpc-new"),
    (apsara_route_entry, {"vpc": "vpc-dev", "routes": [
        {"destination_cidr": "100.100.0.0/16", "next_hop_type": "NatGateway", "next_hop": "nat-new"}]},
     "next hop NatGateway nat-new does not exist in VPC vpc-dev"),
    (apsara_vpc_peering, {"name": "pcx-y", "local_vpc": "vpc-new", "peer_vpc": "vpc-prod", "local_routes": ["10.30.5.0/24"]},
     "overlaps VPC vpc-new itself"),
])
def test_a_dry_run_with_context_spec_still_refuses_what_nothing_creates(demo, capsys, module, item, text):
    demo.reset_writes()
    failed, result = run(module, demo, capsys, check_mode=True, context_spec=CHAIN, **item)
    assert failed and text in result["msg"], result["msg"]
    assert result["changes"] == [] and writes(demo) == []


def test_only_items_before_the_modules_own_are_planned(demo, capsys):
    spec = {"vpcs": [{"name": "vpc-a", "cidr_block": "10.40.0.0/16"}, {"name": "vpc-b", "cidr_block": "10.40.0.0/17"}]}
    failed, result = run(apsara_vpc, demo, capsys, check_mode=True, context_spec=spec, **spec["vpcs"][0])
    assert not failed, result.get("msg")
    failed, result = run(apsara_vpc, demo, capsys, check_mode=True, context_spec=spec, **spec["vpcs"][1])
    assert failed and "overlaps planned VPC vpc-a (created by an earlier item, 10.40.0.0/16)" in result["msg"]
    assert writes(demo) == []

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC-to-internet on Apsara: NAT gateway + EIPs + SNAT entries (module apsara_nat_gateway).

Wire facts (Vpc 2016-04-28, apsara-api.md 3.2): CreateNatGateway (VpcId, VSwitchId, Spec, Name, NatType
Enhanced, ClientToken) -> NatGatewayId, SnatTableIds; Creating -> Available; an enhanced gateway takes one
private IP of its vSwitch and the system adds the route 0.0.0.0/0 -> the gateway.  AllocateEipAddress
(Bandwidth, InternetChargeType, Name, ClientToken) -> AllocationId; AssociateEipAddress (InstanceType Nat)
Associating -> InUse; CreateSnatEntry (SnatTableId, SnatIp, SourceVSwitchId or SourceCIDR) Pending ->
Available.

Steps: create_nat_gateway, then per EIP allocate_eip and associate_eip (the EIPs are named
`<name>-eip-<n>`, so a re-run finds and reuses them), then create_snat_entry per source.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import is_planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import (
    eip, eip_view, eips, find_vpc, find_vswitch, nat_gateway, nat_gateways, nat_view, next_hop, route_entries,
    route_table_id, snat_entries, snat_entry, snat_table_id, snat_view, vswitches)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import (
    Step, Validation, check, cidr_problem, name_problem, resource_step, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import contains

CREATE_NAT = "create_nat_gateway"
ALLOCATE_EIP = "allocate_eip"
ASSOCIATE_EIP = "associate_eip"
CREATE_SNAT = "create_snat_entry"
SPECS = ("Small", "Middle", "Large", "XLarge.1")
CHARGE_TYPES = ("PayByTraffic", "PayByBandwidth")
MAX_EIPS = 20

ITEM_SPEC = dict(
    name=dict(type="str", required=True),
    vpc=dict(type="str", required=True),
    vswitch=dict(type="str", required=True),
    spec=dict(type="str", default="Small", choices=list(SPECS)),
    description=dict(type="str"),
    eip=dict(type="dict", default={}, options=dict(
        bandwidth=dict(type="int", default=5),
        internet_charge_type=dict(type="str", default="PayByTraffic", choices=list(CHARGE_TYPES)),
        count=dict(type="int", default=1))),
    snat=dict(type="list", elements="dict", default=[], options=dict(
        source_vswitch=dict(type="str"),
        source_cidr=dict(type="str")),
        mutually_exclusive=[("source_vswitch", "source_cidr")], required_one_of=[("source_vswitch", "source_cidr")]),
)


def eip_name(name, n):
    return "%s-eip-%d" % (name, n)


def snat_source(entry):
    return entry.get("source_vswitch") or entry.get("source_cidr")


def snat_label(name, entry):
    return "%s:%s" % (name, snat_source(entry))


def nat_problems(params):
    problems = [name_problem(params.get("name"), "NAT gateway name")]
    if params.get("spec") not in SPECS:
        problems.append("spec %r is not one of %s" % (params.get("spec"), ", ".join(SPECS)))
    e = params.get("eip") or {}
    if not 1 <= int(e.get("count") or 0) <= MAX_EIPS:
        problems.append("eip.count must be 1 to %d" % MAX_EIPS)
    if int(e.get("bandwidth") or 0) < 1:
        problems.append("eip.bandwidth must be at least 1 (Mbps)")
    if e.get("internet_charge_type") not in CHARGE_TYPES:
        problems.append("eip.internet_charge_type must be one of %s" % ", ".join(CHARGE_TYPES))
    seen = set()
    for s in params.get("snat") or []:
        if bool(s.get("source_vswitch")) == bool(s.get("source_cidr")):
            problems.append("each snat entry needs exactly one of source_vswitch and source_cidr (got %s)" % s)
            continue
        if s.get("source_cidr"):
            problems.append(cidr_problem(s["source_cidr"], "snat source_cidr"))
        if snat_source(s) in seen:
            problems.append("snat source %s is given twice" % snat_source(s))
        seen.add(snat_source(s))
    return [p for p in problems if p]


def plan(params):
    name, count = params["name"], int((params.get("eip") or {}).get("count") or 1)
    steps = [(CREATE_NAT, "nat_gateway", name)]
    for n in range(1, count + 1):
        steps += [(ALLOCATE_EIP, "eip", eip_name(name, n)), (ASSOCIATE_EIP, "eip_association", eip_name(name, n))]
    return steps + [(CREATE_SNAT, "snat_entry", snat_label(name, s)) for s in params.get("snat") or []]


def _named(items, name, field="Name"):
    return [i for i in items if i.get(field) == name]


def _prepare(run, params):
    """Reads and pre-checks of a NAT gateway change: the context its steps need, with `checks`; InputError on any FAIL."""
    client, name = run.client, params["name"]
    v = Validation()
    if not v.expect("nat_valid:%s" % name, nat_problems(params), "name, spec, EIPs and SNAT sources are valid",
                    "NAT gateway definition is valid", u"NAT 网关定义有效"):
        v.raise_if_failed()
    vpc = find_vpc(client, params["vpc"]) or run.planned.vpc(params["vpc"])
    if not v.expect("nat_vpc_exists:%s" % name, [] if vpc else [
            "VPC %s does not exist%s" % (params["vpc"], run.planned.missing())], "VPC %s exists" % params["vpc"],
            "The VPC exists", u"VPC 存在"):
        v.raise_if_failed()
    new = is_planned(vpc)       # a VPC still to be created has no vSwitch, gateway or route yet
    sws = [] if new else vswitches(client, vpc["VpcId"])
    vsw = find_vswitch(sws, params["vswitch"]) or run.planned.vswitch(vpc, params["vswitch"])
    targets = [] if vsw else ["vSwitch %s does not exist in VPC %s%s" % (params["vswitch"], params["vpc"], run.planned.missing())]
    nats = [] if new else _named(nat_gateways(client, vpc["VpcId"]), name)
    if len(nats) > 1:
        targets.append("%d NAT gateways are named %s in VPC %s" % (len(nats), name, params["vpc"]))
    nat = nats[0] if nats else None
    if nat is not None and vsw is not None and (nat.get("NatGatewayPrivateInfo") or {}).get("VswitchId") != vsw["VSwitchId"]:
        targets.append("NAT gateway %s exists in vSwitch %s, not %s; it is never modified" % (
            name, (nat.get("NatGatewayPrivateInfo") or {}).get("VswitchId"), params["vswitch"]))
    sources = []
    for s in params.get("snat") or []:
        if s.get("source_vswitch"):
            sw = find_vswitch(sws, s["source_vswitch"]) or run.planned.vswitch(vpc, s["source_vswitch"])
            if sw is None:
                targets.append("snat source vSwitch %s does not exist in VPC %s%s" % (
                    s["source_vswitch"], params["vpc"], run.planned.missing()))
            sources.append(("SourceVSwitchId", (sw or {}).get("VSwitchId")))
        else:
            if not contains(vpc["CidrBlock"], s["source_cidr"]):
                targets.append("snat source_cidr %s is not inside VPC %s (%s)" % (s["source_cidr"], params["vpc"], vpc["CidrBlock"]))
            sources.append(("SourceCIDR", s["source_cidr"]))
    v.expect("nat_targets_exist:%s" % name, targets, "the VPC, vSwitch and SNAT sources exist or are created first",
             "NAT gateway targets exist", u"NAT 网关依赖的资源存在")
    # a vSwitch still to be created: its free address count is unknown, so there is nothing to check
    if nat is None and vsw is not None and not is_planned(vsw):
        free = int(vsw.get("AvailableIpAddressCount") or 0)
        v.expect("nat_vswitch_capacity:%s" % name, [] if free >= 1 else [
            "vSwitch %s has no free IP address for the NAT gateway (AvailableIpAddressCount %s)" % (
                params["vswitch"], vsw.get("AvailableIpAddressCount"))],
            "vSwitch %s has %d free IP addresses (the gateway takes 1)" % (params["vswitch"], free),
            "The NAT gateway's vSwitch has a free IP address", u"NAT 网关所在交换机有可用 IP")
    table = None if new else route_table_id(client, vpc)
    default = next((e for e in (route_entries(client, table) if table else []) if e.get("DestinationCidrBlock") == "0.0.0.0/0"),
                   None)
    v.expect("nat_default_route_free:%s" % name, [
        "VPC %s already routes 0.0.0.0/0 to %s %s: the NAT gateway would get no traffic" % (params["vpc"], *next_hop(default))]
        if default is not None and next_hop(default)[1] != (nat or {}).get("NatGatewayId") else [],
        "0.0.0.0/0 is free for the NAT gateway", "The VPC's default route is free for the NAT gateway",
        u"VPC 默认路由可指向该 NAT 网关")
    found_eips, taken = [], []
    for n in range(1, params["eip"]["count"] + 1):
        got = _named(eips(client, eip_name(name, n)), eip_name(name, n))
        if len(got) > 1:
            taken.append("%d EIPs are named %s" % (len(got), eip_name(name, n)))
        e = got[0] if got else None
        if e is not None and e.get("InstanceId") and e.get("InstanceId") != (nat or {}).get("NatGatewayId"):
            taken.append("EIP %s is bound to %s %s, not to NAT gateway %s" % (
                eip_name(name, n), e.get("InstanceType"), e.get("InstanceId"), name))
        found_eips.append(e)
    v.expect("nat_eips_free:%s" % name, taken, "the gateway's EIPs are new or already its own",
             "The NAT gateway's EIPs are free", u"NAT 网关的 EIP 可用")
    v.raise_if_failed()
    snats = snat_entries(client, snat_table_id(nat)) if nat else []
    return {"vpc": vpc, "vswitch": vsw, "nat": nat, "table": table, "eips": found_eips, "sources": sources, "snats": snats,
            "checks": v.checks}


def _status_is(*states):
    return lambda item: item is not None and item.get("Status") in states


def _nat_checks(run, name, nat, table):
    default = next((e for e in route_entries(run.client, table) if e.get("DestinationCidrBlock") == "0.0.0.0/0"), None)
    hop = next_hop(default) if default else (None, None)
    return [check("nat_available:%s" % name, nat.get("Status") == "Available", "NAT gateway %s is %s" % (name, nat.get("Status")),
                  "NAT gateway is Available", u"NAT 网关状态为 Available"),
            check("nat_default_route:%s" % name, hop == ("NatGateway", nat["NatGatewayId"]),
                  "0.0.0.0/0 goes to %s %s" % hop, "The VPC's default route goes to the NAT gateway",
                  u"VPC 默认路由指向该 NAT 网关")]


def _nat_step(state, params, ctx):
    name, vpc_id = params["name"], (ctx["vpc"] or {}).get("VpcId")

    def wait(run, nid):
        return run.poll("NAT gateway %s to be Available" % name, lambda: nat_gateway(run.client, nid), _status_is("Available"))

    def create(run, rec):
        body = {"VpcId": vpc_id, "VSwitchId": ctx["vswitch"]["VSwitchId"], "Spec": params["spec"], "Name": name,
                "Description": params.get("description"), "NatType": "Enhanced"}
        return run.create(rec, "nat_gateway", name, "CreateNatGateway", body, "NatGatewayId", {"VpcId": vpc_id},
                          lambda: next((n["NatGatewayId"] for n in _named(nat_gateways(run.client, vpc_id), name)), None))
    planned = {"id": None, "name": name, "spec": params["spec"], "status": "Available", "vpc_id": vpc_id,
               "vswitch_id": (ctx["vswitch"] or {}).get("VSwitchId"), "snat_table_id": None}
    return resource_step(state, "nat", CREATE_NAT, "nat_gateway", name, ctx["nat"], nat_view, _status_is("Available"),
                         wait, create, planned, lambda run, nat: _nat_checks(run, name, nat, ctx["table"]))


def _eip_step(state, params, n, found):
    label, spec = eip_name(params["name"], n), params["eip"]

    def wait(run, aid):
        return run.poll("EIP %s to be Available" % label, lambda: eip(run.client, aid), _status_is("Available", "InUse"))

    def create(run, rec):
        body = {"Bandwidth": spec["bandwidth"], "InternetChargeType": spec["internet_charge_type"], "Name": label}
        return run.create(rec, "eip", label, "AllocateEipAddress", body, "AllocationId", {},
                          lambda: next((e["AllocationId"] for e in _named(eips(run.client, label), label)), None))
    planned = {"id": None, "name": label, "ip_address": None, "bandwidth": str(spec["bandwidth"]), "status": "Available",
               "instance_id": "", "instance_type": ""}
    ok = [check("eip_allocated:%s" % label, True, "EIP %s is allocated" % label, "EIP is allocated", u"EIP 已分配")]
    # an existing EIP is taken as it is: the association step waits for it
    return resource_step(state, "eip:%d" % n, ALLOCATE_EIP, "eip", label, found, eip_view, lambda item: True, wait, create,
                         planned, lambda run, item: ok)


def _bound(item, nat_id):
    return item is not None and item.get("InstanceId") == nat_id and item.get("Status") == "InUse"


def _assoc_checks(label, item, nat_id):
    return [check("eip_bound:%s" % label, _bound(item, nat_id), "EIP %s is %s on %s" % (
        label, (item or {}).get("Status"), (item or {}).get("InstanceId") or "-"), "EIP is bound to the NAT gateway",
        u"EIP 已绑定到 NAT 网关")]


def _association_step(state, params, n):
    label, key = eip_name(params["name"], n), "eip:%d" % n
    address, nat = state[key], state["nat"]
    nat_id = (nat or {}).get("NatGatewayId")
    before = {"id": (address or {}).get("AllocationId"), "instance_id": (address or {}).get("InstanceId") or "",
              "status": (address or {}).get("Status")} if address else None
    tgt = target("eip_association", label, (address or {}).get("AllocationId"))
    if address is not None and nat is not None and address.get("InstanceId") == nat_id:
        def verify(run):
            if state[key].get("Status") != "InUse":
                state[key] = run.poll("EIP %s to be InUse" % label, lambda: eip(run.client, address["AllocationId"]),
                                      _status_is("InUse"))
            return _assoc_checks(label, state[key], nat_id)
        return Step(ASSOCIATE_EIP, tgt, before=before, verify=verify)

    def apply(run, rec):
        aid, bind_to = state[key]["AllocationId"], state["nat"]["NatGatewayId"]
        body = {"AllocationId": aid, "InstanceId": bind_to, "InstanceType": "Nat", "ClientToken": run.token()}
        run.intend(rec, "eip_association", name=label, rid=aid,
                   keys={"AllocationId": aid, "InstanceId": bind_to, "InstanceType": "Nat"})
        run.settle("AssociateEipAddress", body, lambda: (eip(run.client, aid) or {}).get("InstanceId") == bind_to)
        run.created(rec, "eip_association", aid, keys={"AllocationId": aid, "InstanceId": bind_to, "InstanceType": "Nat"},
                    name=label)
        moved = []

        def failed(item):       # a failed association leaves the EIP Available and unbound
            moved.append(item.get("Status") == "Associating")
            return any(moved) and item.get("Status") == "Available"
        got = state[key] = run.poll("EIP %s to be InUse" % label, lambda: eip(run.client, aid), _status_is("InUse"), failed,
                                    lambda item: "%s on %s" % (item.get("Status"), item.get("InstanceId") or "-"))
        return {"id": aid, "instance_id": got.get("InstanceId"), "status": got.get("Status")}
    return Step(ASSOCIATE_EIP, tgt, before=before, apply=apply,
                after={"id": (address or {}).get("AllocationId"), "instance_id": nat_id, "status": "InUse"},
                verify=lambda run: _assoc_checks(label, state[key], state["nat"]["NatGatewayId"]))


def _snat_ips(state, count):
    return [state["eip:%d" % n]["IpAddress"] for n in range(1, count + 1) if state["eip:%d" % n]]


def _snat_step(state, params, i, source, existing):
    spec = (params.get("snat") or [])[i]
    label = snat_label(params["name"], spec)
    field, value = source or (None, None)
    found = next((s for s in existing if value and s.get(field) == value and
                  (field != "SourceCIDR" or not s.get("SourceVSwitchId"))), None)
    entry_name = "%s-snat-%d" % (params["name"], i + 1)
    count = params["eip"]["count"]

    def table():
        return snat_table_id(state["nat"])

    def wait(run, sid):
        return run.poll("SNAT entry %s to be Available" % label, lambda: snat_entry(run.client, table(), sid),
                        _status_is("Available"))

    def create(run, rec):
        body = {"SnatTableId": table(), "SnatIp": ",".join(_snat_ips(state, count)), field: value,
                "SnatEntryName": entry_name}

        def find():
            got = [s for s in snat_entries(run.client, table()) if s.get(field) == value]
            return got[0]["SnatEntryId"] if got else None
        return run.create(rec, "snat_entry", label, "CreateSnatEntry", body, "SnatEntryId", {"SnatTableId": table()}, find)

    def checks(run, item):
        return [check("snat_available:%s" % label, (item or {}).get("Status") == "Available", "SNAT entry %s is %s" % (
            label, (item or {}).get("Status")), "SNAT entry is Available", u"SNAT 条目状态为 Available")]
    planned = {"id": None, "name": entry_name, "source_vswitch_id": value if field == "SourceVSwitchId" else "",
               "source_cidr": value if field == "SourceCIDR" else None,
               "snat_ip": ",".join(_snat_ips(state, count)) or None, "status": "Available"}
    return resource_step(state, "snat:%d" % i, CREATE_SNAT, "snat_entry", label, found, snat_view, _status_is("Available"),
                         wait, create, planned, checks)


def plan_nat(run, params):
    """The steps of a NAT gateway with its EIPs and SNAT entries, and the module's keys."""
    ctx = _prepare(run, params)
    state = {}
    steps = [_nat_step(state, params, ctx)]
    for n, found in enumerate(ctx["eips"], 1):
        steps += [_eip_step(state, params, n, found), _association_step(state, params, n)]
    steps += [_snat_step(state, params, i, source, ctx["snats"]) for i, source in enumerate(ctx["sources"])]
    steps[0].pre_checks = ctx["checks"]

    def outcome(run):
        view = nat_view(state["nat"]) or {
            "id": None, "name": params["name"], "spec": params["spec"], "status": "planned",
            "vpc_id": (ctx["vpc"] or {}).get("VpcId"), "vswitch_id": (ctx["vswitch"] or {}).get("VSwitchId"),
            "snat_table_id": None}
        return {"nat_gateway": view,
                "eips": [eip_view(state["eip:%d" % n]) or {"id": None, "name": eip_name(params["name"], n), "status": "planned"}
                         for n in range(1, len(ctx["eips"]) + 1)],
                "snat_entries": [snat_view(state["snat:%d" % i])
                                 or {"id": None, "name": snat_label(params["name"], s), "status": "planned"}
                                 for i, s in enumerate(params.get("snat") or [])]}
    return steps, outcome

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only pre-checks of a whole per-endpoint VPC change spec, and its plan (module apsara_vpc_precheck).

The spec has the sections `vpcs`, `peerings`, `internet` and `service_routes`, whose items are the options
of apsara_vpc, apsara_vpc_peering, apsara_nat_gateway and apsara_route_entry (validated with the same
argument specs).  A reference to a VPC, vSwitch, router interface or NAT gateway is good when it exists
or when an earlier section of the same spec creates it.  The plan lists every step the apply modules
would record, with the same action, target and so the same change uid.

Quotas: the API reads no count limits (only a vSwitch's AvailableIpAddressCount), so count checks run only
when the `quotas` option gives the site's limits; otherwise they are SKIPPED and say so.
"""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import network as vpc_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import nat as nat_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import peering as peering_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import routes as route_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import Planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import (
    eips, find_vpc, find_vswitch, nat_gateways, next_hop, route_entries, route_table_id, router_interfaces, vpcs, vswitches, zones)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import InputError, check, start
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import change_uid
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import contains, network, overlapping

SECTIONS = (("vpcs", vpc_steps), ("peerings", peering_steps), ("internet", nat_steps), ("service_routes", route_steps))

QUOTA_SPEC = dict(vpcs=dict(type="int"), vswitches_per_vpc=dict(type="int"), eips=dict(type="int"))


class Site(object):
    """What exists on the endpoint, read once, plus what the spec creates."""

    def __init__(self, client, spec):
        self.client = client
        self.vpcs = vpcs(client)
        self.vswitches = vswitches(client)
        self.ris = router_interfaces(client)
        self.nats = nat_gateways(client)
        self.eips = eips(client)
        self.zones = zones(client)
        self.spec_vpcs = dict((v["name"], v) for v in spec.get("vpcs") or [])
        self._entries = {}

    def existing_vpc(self, ref):
        named = [v for v in self.vpcs if v.get("VpcName") == ref]
        if len(named) == 1:
            return named[0]
        return next((v for v in self.vpcs if v["VpcId"] == ref), None) if not named else None

    def vpc(self, ref):
        """{name, cidr, record (None when the spec creates it)} or None when nothing by that name exists or comes."""
        rec = self.existing_vpc(ref)
        if rec is not None:
            return {"name": rec.get("VpcName") or rec["VpcId"], "cidr": rec["CidrBlock"], "record": rec}
        item = self.spec_vpcs.get(ref)
        return {"name": ref, "cidr": item["cidr_block"], "record": None} if item else None

    def vpc_vswitches(self, info):
        if info["record"] is not None:
            return [s for s in self.vswitches if s["VpcId"] == info["record"]["VpcId"]]
        return []

    def spec_vswitch(self, info, ref):
        item = self.spec_vpcs.get(info["name"]) or {}
        return next((s for s in item.get("vswitches") or [] if s["name"] == ref), None)

    def entries(self, info):
        rec = info["record"]
        if rec is None:
            return []
        if rec["VpcId"] not in self._entries:
            table = route_table_id(self.client, rec)
            self._entries[rec["VpcId"]] = route_entries(self.client, table) if table else []
        return self._entries[rec["VpcId"]]


def validate_items(spec):
    """Each section's items through their module's argument spec: (normalised spec, problems)."""
    problems, out = [], {}
    unknown = sorted(set(spec) - set(name for name, _mod in SECTIONS))
    if unknown:
        problems.append("unknown spec sections: %s (valid: %s)" % (", ".join(unknown), ", ".join(n for n, _m in SECTIONS)))
    for section, module in SECTIONS:
        items = spec.get(section) or []
        if not isinstance(items, list):
            problems.append("spec.%s must be a list" % section)
            continue
        out[section] = []
        validator = ArgumentSpecValidator(module.ITEM_SPEC)
        for n, item in enumerate(items):
            result = validator.validate(item if isinstance(item, dict) else {})
            if result.error_messages:
                problems += ["spec.%s[%d]: %s" % (section, n, msg) for msg in result.error_messages]
            else:
                out[section].append(result.validated_parameters)
    return out, problems


class Checks(object):
    def __init__(self):
        self.results = []

    def add(self, check_id, problems, ok_message, title_en, title_zh):
        problems = [p for p in problems if p]
        self.results.append(check(check_id, not problems, "; ".join(problems) if problems else ok_message, title_en, title_zh))

    def skip(self, check_id, message, title_en, title_zh):
        self.results.append(dict(check(check_id, True, message, title_en, title_zh), status="SKIPPED"))

    @property
    def failed(self):
        return [c for c in self.results if c["status"] == "FAIL"]


def _check_vpcs(site, spec, checks):
    items = spec["vpcs"]
    for n, item in enumerate(items):
        name = item["name"]
        checks.add("vpc_valid:%s" % name, vpc_steps.vpc_problems(item), "name, CIDR and vSwitches are valid",
                   "VPC definition is valid", u"VPC 定义有效")
        problems = []
        same = site.existing_vpc(name)
        for v in site.vpcs:
            if same is not None and v["VpcId"] == same["VpcId"]:
                if v["CidrBlock"] != item["cidr_block"]:
                    problems.append("VPC %s exists with CIDR %s, not %s" % (name, v["CidrBlock"], item["cidr_block"]))
            elif overlapping(item["cidr_block"], [v["CidrBlock"]]):
                problems.append("%s overlaps existing VPC %s (%s, %s)" % (item["cidr_block"], v.get("VpcName") or "-", v["VpcId"],
                                                                          v["CidrBlock"]))
        for other in items[:n]:
            if overlapping(item["cidr_block"], [other["cidr_block"]]):
                problems.append("%s overlaps VPC %s (%s) of this spec" % (item["cidr_block"], other["name"], other["cidr_block"]))
        checks.add("vpc_cidr_free:%s" % name, problems, "%s overlaps no other VPC" % item["cidr_block"],
                   "VPC CIDR overlaps no other VPC", u"VPC 网段不与其他 VPC 重叠")
        if item["vswitches"]:
            existing = [s for s in site.vswitches if same is not None and s["VpcId"] == same["VpcId"]]
            checks.add("vswitches_fit:%s" % name, vpc_steps.existing_conflicts(item, same if same and same["CidrBlock"] == item["cidr_block"]
                                                                               else None, existing, site.zones),
                       "every vSwitch is new or identical, in an existing zone, apart from existing vSwitches",
                       "vSwitches fit the VPC", u"交换机与 VPC 相符")


def _route_problems(site, info, dests, hop_ids, what):
    """Destinations must not overlap the VPC itself nor be routed elsewhere already."""
    problems = []
    for dest in dests:
        problems += route_steps.destination_problems(info["name"], info["cidr"], dest) if network(dest) else []
        found, conflict = route_steps.existing_route(site.entries(info), dest, None)
        if found is not None and next_hop(found)[1] not in hop_ids:
            problems.append("VPC %s: %s" % (info["name"], conflict or what))
    return problems


def _ri_ids(site, name):
    return set(r["RouterInterfaceId"] for r in site.ris if r.get("Name") == name)


def _check_peerings(site, spec, checks):
    for p in spec["peerings"]:
        name = p["name"]
        checks.add("peering_valid:%s" % name, peering_steps.peering_problems(p), "name, spec and routes are valid",
                   "Peering definition is valid", u"VPC 互通定义有效")
        local, peer = site.vpc(p["local_vpc"]), site.vpc(p["peer_vpc"])
        checks.add("peering_vpcs_exist:%s" % name,
                   ["VPC %s neither exists nor is created by this spec" % ref for ref, info in
                    ((p["local_vpc"], local), (p["peer_vpc"], peer)) if info is None],
                   "both VPCs exist or are created first", "Both VPCs exist", u"两端 VPC 均存在")
        if local is None or peer is None:
            continue
        checks.add("peering_cidrs_apart:%s" % name,
                   ["VPC %s (%s) and VPC %s (%s) overlap" % (local["name"], local["cidr"], peer["name"], peer["cidr"])]
                   if overlapping(local["cidr"], [peer["cidr"]]) else [],
                   "%s and %s do not overlap" % (local["cidr"], peer["cidr"]), "Peer VPC CIDRs do not overlap",
                   u"互通两端 VPC 网段不重叠")
        local_routes, peer_routes = peering_steps.route_lists(p, local["cidr"], peer["cidr"])
        problems = _route_problems(site, local, local_routes, _ri_ids(site, name), "")
        problems += _route_problems(site, peer, peer_routes, _ri_ids(site, peering_steps.peer_name(name)), "")
        checks.add("peering_routes:%s" % name, problems, "no destination overlaps its own VPC or is routed elsewhere",
                   "Peering routes are free", u"互通路由目的网段可用")
        problems = []
        routers = set(info["record"]["VRouterId"] for info in (local, peer) if info["record"])
        if len(routers) == 2:
            for r in site.ris:
                if r.get("Name") not in (name, peering_steps.peer_name(name)) and r.get("Status") != "Idle" and \
                        set((r.get("RouterId"), r.get("OppositeRouterId"))) == routers:
                    problems.append("VPCs %s and %s are already connected by router interface %s (%s); Apsara allows one "
                                    "connection per pair of routers" % (local["name"], peer["name"], r.get("Name") or "-",
                                                                        r["RouterInterfaceId"]))
                    break
        for ri_name, info in ((name, local), (peering_steps.peer_name(name), peer)):
            for r in site.ris:
                if r.get("Name") == ri_name and (info["record"] is None or r.get("RouterId") != info["record"]["VRouterId"]):
                    problems.append("router interface %s already exists on another router (%s)" % (ri_name, r.get("RouterId")))
        checks.add("peering_connection_free:%s" % name, problems, "no other connection joins the two VPC routers",
                   "The VPC routers are not connected otherwise", u"两个 VPC 路由器之间没有其他连接")


def _check_internet(site, spec, checks):
    for item in spec["internet"]:
        name = item["name"]
        checks.add("nat_valid:%s" % name, nat_steps.nat_problems(item), "name, spec, EIPs and SNAT sources are valid",
                   "NAT gateway definition is valid", u"NAT 网关定义有效")
        info = site.vpc(item["vpc"])
        if info is None:
            checks.add("nat_vpc_exists:%s" % name, ["VPC %s neither exists nor is created by this spec" % item["vpc"]], "",
                       "The VPC exists", u"VPC 存在")
            continue
        sws = site.vpc_vswitches(info)
        problems = []
        existing_sw = find_vswitch(sws, item["vswitch"])
        if existing_sw is None and site.spec_vswitch(info, item["vswitch"]) is None:
            problems.append("vSwitch %s neither exists in VPC %s nor is created by this spec" % (item["vswitch"], info["name"]))
        for s in item["snat"]:
            if s.get("source_vswitch") and find_vswitch(sws, s["source_vswitch"]) is None and \
                    site.spec_vswitch(info, s["source_vswitch"]) is None:
                problems.append("SNAT source vSwitch %s neither exists in VPC %s nor is created by this spec" % (
                    s["source_vswitch"], info["name"]))
            if s.get("source_cidr") and network(s["source_cidr"]) and not contains(info["cidr"], s["source_cidr"]):
                problems.append("SNAT source_cidr %s is not inside VPC %s (%s)" % (s["source_cidr"], info["name"], info["cidr"]))
        checks.add("nat_targets_exist:%s" % name, problems, "the VPC, vSwitch and SNAT sources exist or are created first",
                   "NAT gateway targets exist", u"NAT 网关依赖的资源存在")
        nat = next((n for n in site.nats if info["record"] and n["VpcId"] == info["record"]["VpcId"] and n.get("Name") == name), None)
        if existing_sw is not None and nat is None:
            free = int(existing_sw.get("AvailableIpAddressCount") or 0)
            checks.add("nat_vswitch_capacity:%s" % name, [] if free >= 1 else [
                "vSwitch %s has no free IP address for the NAT gateway" % item["vswitch"]],
                "vSwitch %s has %d free IP addresses (the gateway takes 1)" % (item["vswitch"], free),
                "The NAT gateway's vSwitch has a free IP address", u"NAT 网关所在交换机有可用 IP")
        default = next((e for e in site.entries(info) if e.get("DestinationCidrBlock") == "0.0.0.0/0"), None)
        problems = []
        if default is not None and next_hop(default)[1] != (nat or {}).get("NatGatewayId"):
            problems.append("VPC %s already routes 0.0.0.0/0 to %s %s: the NAT gateway would get no traffic" % (
                info["name"], next_hop(default)[0], next_hop(default)[1]))
        checks.add("nat_default_route_free:%s" % name, problems, "0.0.0.0/0 is free for the NAT gateway",
                   "The VPC's default route is free for the NAT gateway", u"VPC 默认路由可指向该 NAT 网关")
        problems = []
        for n in range(1, item["eip"]["count"] + 1):
            for e in site.eips:
                if e.get("Name") == nat_steps.eip_name(name, n) and e.get("InstanceId") and \
                        e.get("InstanceId") != (nat or {}).get("NatGatewayId"):
                    problems.append("EIP %s is bound to %s %s" % (e["Name"], e.get("InstanceType"), e.get("InstanceId")))
        checks.add("nat_eips_free:%s" % name, problems, "the gateway's EIPs are new or already its own",
                   "The NAT gateway's EIPs are free", u"NAT 网关的 EIP 可用")


def _hop_known(site, spec, info, r):
    """The next hop exists in the VPC, or an earlier section of the spec creates it there."""
    ref, kind, rec = r["next_hop"], r["next_hop_type"], info["record"]
    if kind == "NatGateway":
        if any(n.get("VpcId") == (rec or {}).get("VpcId") and ref in (n.get("Name"), n["NatGatewayId"]) for n in site.nats):
            return True
        return any(i["name"] == ref and site.vpc(i["vpc"]) and site.vpc(i["vpc"])["name"] == info["name"] for i in spec["internet"])
    if kind == "RouterInterface":
        if rec and any(r2.get("RouterId") == rec["VRouterId"] and ref in (r2.get("Name"), r2["RouterInterfaceId"]) for r2 in site.ris):
            return True
        for p in spec["peerings"]:
            for ri_name, vref in ((p["name"], p["local_vpc"]), (peering_steps.peer_name(p["name"]), p["peer_vpc"])):
                if ri_name == ref and site.vpc(vref) and site.vpc(vref)["name"] == info["name"]:
                    return True
        return False
    if kind == "Instance":
        return bool(rec) and route_steps.resolve_hop(site.client, rec, kind, ref) is not None
    return True        # other next hop types are ids the API checks itself


def _check_service_routes(site, spec, checks):
    for item in spec["service_routes"]:
        label = item["vpc"]
        checks.add("routes_valid:%s" % label, route_steps.route_problems(item["routes"]), "destinations and next hops are valid",
                   "Route definitions are valid", u"路由定义有效")
        info = site.vpc(item["vpc"])
        if info is None:
            checks.add("routes_vpc_exists:%s" % label, ["VPC %s neither exists nor is created by this spec" % item["vpc"]], "",
                       "The VPC exists", u"VPC 存在")
            continue
        problems = []
        for r in item["routes"]:
            if not _hop_known(site, spec, info, r):
                problems.append("route %s: next hop %s %s neither exists in VPC %s nor is created by this spec" % (
                    r["destination_cidr"], r["next_hop_type"], r["next_hop"], info["name"]))
        checks.add("routes_next_hops_exist:%s" % label, problems, "every next hop exists or is created first",
                   "Route next hops exist", u"路由下一跳存在")
        hops = set()
        for r in item["routes"]:
            hops.add(route_steps.resolve_hop(site.client, info["record"], r["next_hop_type"], r["next_hop"])
                     if info["record"] else None)
        dests = [r["destination_cidr"] for r in item["routes"]]
        checks.add("routes_destinations_free:%s" % label, _route_problems(site, info, dests, hops - {None}, ""),
                   "no destination overlaps the VPC or is routed elsewhere", "Route destinations are free", u"路由目的网段可用")


def _check_quotas(site, spec, quotas, checks):
    new_vpcs = [v for v in spec["vpcs"] if site.existing_vpc(v["name"]) is None]
    titles = {"vpcs": ("VPC quota", u"VPC 配额"), "vswitches_per_vpc": ("vSwitch quota", u"交换机配额"), "eips": ("EIP quota", u"EIP 配额")}
    for key in ("vpcs", "vswitches_per_vpc", "eips"):
        title = titles[key]
        if quotas.get(key) is None:
            checks.skip("quota_%s" % key, "the API reads no %s limit; give quotas.%s to check it" % (key, key), *title)
            continue
        limit = quotas[key]
        if key == "vpcs":
            count = len(site.vpcs) + len(new_vpcs)
            checks.add("quota_vpcs", [] if count <= limit else ["%d VPCs after the change, the limit is %d" % (count, limit)],
                       "%d VPCs after the change (limit %d)" % (count, limit), *title)
        elif key == "eips":
            wanted = sum(i["eip"]["count"] for i in spec["internet"])
            count = len(site.eips) + wanted
            checks.add("quota_eips", [] if count <= limit else ["up to %d EIPs after the change, the limit is %d" % (count, limit)],
                       "at most %d EIPs after the change (limit %d)" % (count, limit), *title)
        else:
            problems = []
            for v in spec["vpcs"]:
                info = site.vpc(v["name"])
                names = set(s.get("VSwitchName") for s in site.vpc_vswitches(info))
                count = len(site.vpc_vswitches(info)) + len([s for s in v["vswitches"] if s["name"] not in names])
                if count > limit:
                    problems.append("VPC %s would have %d vSwitches, the limit is %d" % (v["name"], count, limit))
            checks.add("quota_vswitches_per_vpc", problems, "every VPC stays within %d vSwitches" % limit, *title)


def plan(spec, site, tracker):
    """Every step the apply modules would record for this spec, in order, with its change uid."""
    steps = []
    for item in spec["vpcs"]:
        steps += vpc_steps.plan(item)
    for p in spec["peerings"]:
        local, peer = site.vpc(p["local_vpc"]), site.vpc(p["peer_vpc"])
        steps += peering_steps.plan(p, (local or {}).get("cidr"), (peer or {}).get("cidr"))
    for item in spec["internet"]:
        steps += nat_steps.plan(item)
    for item in spec["service_routes"]:
        steps += route_steps.plan(item)
    ctx = tracker.context
    return [{"uid": change_uid(ctx.change_id, tracker.platform, tracker.endpoint, action, "%s:%s" % (rtype, name)),
             "action": action, "target": {"type": rtype, "name": name}, "platform": tracker.platform,
             "endpoint": tracker.endpoint, "change_id": ctx.change_id} for action, rtype, name in steps]


def precheck(run, raw_spec, quotas):
    """(pre_checks, plan); InputError when the spec itself cannot be read."""
    spec, problems = validate_items(raw_spec or {})
    if problems:
        raise InputError(problems)
    site = Site(run.client, spec)
    checks = Checks()
    _check_vpcs(site, spec, checks)
    _check_peerings(site, spec, checks)
    _check_internet(site, spec, checks)
    _check_service_routes(site, spec, checks)
    _check_quotas(site, spec, quotas or {}, checks)
    return checks, plan(spec, site, run.tracker)


def earlier_items(spec, section, params):
    """The valid items of `spec` before the module's own item (found in `section` by its options); items that do
    not validate are left out (the pre-check reports them)."""
    items, _problems = validate_items(spec if isinstance(spec, dict) else {})
    out = dict((name, []) for name, _steps in SECTIONS)
    for name, steps in SECTIONS:
        for item in items.get(name) or []:
            if name == section and all(item.get(k) == params.get(k) for k in steps.ITEM_SPEC):
                return out
            out[name].append(item)
        if name == section:
            return out
    return out


def planned_before(client, spec, section, params):
    """The Planned registry of what the items before the module's own would create (see apsara_vpc_planned)."""
    items = earlier_items(spec, section, params)
    ris = []
    for p in items["peerings"]:
        ris += [(p["name"], p["local_vpc"]), (peering_steps.peer_name(p["name"]), p["peer_vpc"])]
    return Planned(items["vpcs"], ris, [(i["name"], i["vpc"]) for i in items["internet"]], lambda ref: find_vpc(client, ref))


def execute(module):
    """Module apsara_vpc_precheck: checks and plan, zero writes; fails listing every FAIL."""
    run, _label = start(module, "apsara_vpc_precheck")
    out = dict(run.tracker.result(), changed=False, pre_checks=[], plan=[])
    try:
        checks, steps = precheck(run, module.params["spec"], module.params["quotas"])
    except InputError as err:
        module.fail_json(msg="the change spec is invalid: %s" % err, problems=err.problems, **out)
    except ApsaraError as err:
        module.fail_json(msg=str(err), error=err.to_dict(), **out)
    out.update(pre_checks=checks.results, plan=steps)
    if checks.failed:
        module.fail_json(msg="%d pre-check(s) failed: %s" % (len(checks.failed), "; ".join(
            "%s: %s" % (c["id"], c["message"]) for c in checks.failed)), api_calls=run.client.stats["api_calls"], **out)
    module.exit_json(**out)

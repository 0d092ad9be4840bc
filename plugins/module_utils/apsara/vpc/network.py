# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A VPC and its vSwitches on Apsara (module apsara_vpc): steps `create_vpc` and `create_vswitch`.

Wire facts (Vpc 2016-04-28): CreateVpc (VpcName, CidrBlock, Description, ClientToken) -> VpcId,
VRouterId, RouteTableId, Pending -> Available; CreateVSwitch (VpcId, ZoneId, CidrBlock, VSwitchName,
Description, ClientToken) -> VSwitchId, Pending -> Available.  An existing VPC or vSwitch of the same
name is never modified: the same CIDR (and zone) is `unchanged`, a different one is an input error.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import is_planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import (
    find_vpc, find_vswitch, vpc_by_id, vpc_view, vpcs, vswitch_by_id, vswitch_view, vswitches, zones)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import (
    VPC_PREFIX, VSWITCH_PREFIX, Validation, check, cidr_problem, name_problem, resource_step)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import contains, overlapping

CREATE_VPC = "create_vpc"
CREATE_VSWITCH = "create_vswitch"


# The module's own options; apsara_vpc_precheck validates a spec's `vpcs` items with the same spec.
ITEM_SPEC = dict(
    name=dict(type="str", required=True),
    cidr_block=dict(type="str", required=True),
    description=dict(type="str"),
    vswitches=dict(type="list", elements="dict", default=[], options=dict(
        name=dict(type="str", required=True),
        cidr_block=dict(type="str", required=True),
        zone_id=dict(type="str", required=True),
        description=dict(type="str"))),
)


def description_problem(value, what):
    if value is not None and (not 2 <= len(value) <= 256 or value.lower().startswith(("http://", "https://"))):
        return "%s description must be 2-256 characters and must not start with http:// or https://" % what
    return None


def vpc_problems(item):
    """Everything wrong with one VPC item (names, CIDRs, vSwitches inside it and apart), before any call."""
    name = item.get("name")
    vpc_cidr = cidr_problem(item.get("cidr_block"), "VPC %s cidr_block" % name, VPC_PREFIX)
    problems = [name_problem(name, "VPC name"), vpc_cidr, description_problem(item.get("description"), "VPC %s" % name)]
    seen = {}
    for sw in item.get("vswitches") or []:
        what = "vSwitch %s" % sw.get("name")
        problems += [name_problem(sw.get("name"), "vSwitch name"), description_problem(sw.get("description"), what),
                     None if sw.get("zone_id") else "%s needs zone_id" % what]
        bad = cidr_problem(sw.get("cidr_block"), "%s cidr_block" % what, VSWITCH_PREFIX)
        if bad:
            problems.append(bad)
            continue
        if not vpc_cidr and not contains(item["cidr_block"], sw["cidr_block"]):
            problems.append("%s cidr_block %s is not inside the VPC's %s" % (what, sw["cidr_block"], item["cidr_block"]))
        for other in overlapping(sw["cidr_block"], seen.values(), "cidr_block"):
            problems.append("%s cidr_block %s overlaps vSwitch %s (%s)"
                            % (what, sw["cidr_block"], other["name"], other["cidr_block"]))
        if sw.get("name") in seen:
            problems.append("vSwitch name %s is given twice" % sw.get("name"))
        seen[sw.get("name")] = sw
    return [p for p in problems if p]


def plan(item):
    """(action, target type, target name) of every step apply() records, in order."""
    return [(CREATE_VPC, "vpc", item["name"])] + [(CREATE_VSWITCH, "vswitch", sw["name"]) for sw in item.get("vswitches") or []]


def vswitch_conflicts(item, existing, zone_ids):
    """Why the item's vSwitches cannot be made next to what exists: one of its name differs, a zone is unknown, a
    new vSwitch overlaps an existing one."""
    problems = []
    for sw in item.get("vswitches") or []:
        if zone_ids is not None and sw["zone_id"] not in zone_ids:
            problems.append("vSwitch %s: zone %s does not exist (zones: %s)" % (sw["name"], sw["zone_id"], ", ".join(zone_ids)))
        found = find_vswitch(existing, sw["name"])
        if found is not None:
            if (found.get("CidrBlock"), found.get("ZoneId")) != (sw["cidr_block"], sw["zone_id"]):
                problems.append("vSwitch %s exists with %s in %s, not %s in %s; it is never modified" % (
                    sw["name"], found.get("CidrBlock"), found.get("ZoneId"), sw["cidr_block"], sw["zone_id"]))
            continue
        for other in overlapping(sw["cidr_block"], existing, "CidrBlock"):
            problems.append("vSwitch %s cidr_block %s overlaps existing vSwitch %s (%s, %s)" % (
                sw["name"], sw["cidr_block"], other.get("VSwitchName") or "-", other["VSwitchId"], other["CidrBlock"]))
    return problems


def overlapping_vpcs(item, existing):
    """A new VPC must not overlap any existing (or, in a dry run, planned) one: peering and routing between
    them would be impossible."""
    others = [v for v in existing if v.get("VpcName") != item["name"]]
    return ["VPC %s cidr_block %s overlaps %s VPC %s (%s, %s)" % (
        item["name"], item["cidr_block"], "planned" if is_planned(v) else "existing", v.get("VpcName") or "-",
        v["VpcId"] or "created by an earlier item", v["CidrBlock"])
        for v in overlapping(item["cidr_block"], others, "CidrBlock")]


def _vpc_checks(vpc, item):
    name = item["name"]
    return [check("vpc_available:%s" % name, vpc.get("Status") == "Available", "VPC %s is %s" % (name, vpc.get("Status")),
                  "VPC is Available", u"VPC 状态为 Available"),
            check("vpc_cidr:%s" % name, vpc.get("CidrBlock") == item["cidr_block"],
                  "VPC %s has CIDR %s (wanted %s)" % (name, vpc.get("CidrBlock"), item["cidr_block"]),
                  "VPC has the intended CIDR", u"VPC 网段符合预期")]


def _vswitch_checks(sw, spec):
    name = spec["name"]
    return [check("vswitch_available:%s" % name, sw.get("Status") == "Available", "vSwitch %s is %s" % (name, sw.get("Status")),
                  "vSwitch is Available", u"交换机状态为 Available"),
            check("vswitch_cidr:%s" % name, sw.get("CidrBlock") == spec["cidr_block"] and sw.get("ZoneId") == spec["zone_id"],
                  "vSwitch %s has %s in %s (wanted %s in %s)" % (name, sw.get("CidrBlock"), sw.get("ZoneId"),
                                                                 spec["cidr_block"], spec["zone_id"]),
                  "vSwitch has the intended CIDR and zone", u"交换机网段与可用区符合预期")]


def _available(item):
    return item is not None and item.get("Status") == "Available"


def _vpc_step(run, item, vpc, state):
    name = item["name"]

    def wait(run, vid):
        return run.poll("VPC %s to be Available" % name, lambda: vpc_by_id(run.client, vid), _available)

    def create(run, rec):
        params = {"VpcName": name, "CidrBlock": item["cidr_block"], "Description": item.get("description")}
        return run.create(rec, "vpc", name, "CreateVpc", params, "VpcId", {"RegionId": run.region_id},
                          find=lambda: (find_vpc(run.client, name) or {}).get("VpcId"))
    planned = {"id": None, "name": name, "cidr_block": item["cidr_block"], "status": "Available",
               "description": item.get("description")}
    return resource_step(state, "vpc", CREATE_VPC, "vpc", name, vpc, vpc_view, _available, wait, create, planned,
                         lambda run, got: _vpc_checks(got, item))


def _vswitch_step(run, spec, existing, state):
    name = spec["name"]

    def wait(run, sid):
        return run.poll("vSwitch %s to be Available" % name, lambda: vswitch_by_id(run.client, sid), _available)

    def create(run, rec):
        vpc_id = state["vpc"]["VpcId"]
        params = {"VpcId": vpc_id, "ZoneId": spec["zone_id"], "CidrBlock": spec["cidr_block"], "VSwitchName": name,
                  "Description": spec.get("description")}
        return run.create(rec, "vswitch", name, "CreateVSwitch", params, "VSwitchId", {"VpcId": vpc_id},
                          find=lambda: (find_vswitch(vswitches(run.client, vpc_id), name) or {}).get("VSwitchId"))
    planned = {"id": None, "name": name, "cidr_block": spec["cidr_block"], "zone_id": spec["zone_id"],
               "vpc_id": (state["vpc"] or {}).get("VpcId"), "status": "Available"}
    return resource_step(state, "vswitch:%s" % name, CREATE_VSWITCH, "vswitch", name, find_vswitch(existing, name),
                         vswitch_view, _available, wait, create, planned, lambda run, got: _vswitch_checks(got, spec))


def plan_vpc(run, item):
    """The steps that create the VPC and its vSwitches that do not exist yet, and the module's vpc/vswitches keys.
    The first step carries the pre-checks; any FAIL is an InputError before the first write."""
    name = item["name"]
    v = Validation()
    if not v.expect("vpc_valid:%s" % name, vpc_problems(item), "name, CIDR and vSwitches are valid",
                    "VPC definition is valid", u"VPC 定义有效"):
        v.raise_if_failed()
    vpc = find_vpc(run.client, name)
    existing = vswitches(run.client, vpc["VpcId"]) if vpc else []
    if vpc is not None:
        clash = [] if vpc.get("CidrBlock") == item["cidr_block"] else [
            "VPC %s exists with CIDR %s, not %s; a change never modifies an existing VPC's CIDR" % (
                name, vpc.get("CidrBlock"), item["cidr_block"])]
    else:
        others = vpcs(run.client)
        names = set(o.get("VpcName") for o in others)
        clash = overlapping_vpcs(item, others + [o for o in run.planned.vpcs() if o["VpcName"] not in names])
    v.expect("vpc_cidr_free:%s" % name, clash, "%s overlaps no other VPC" % item["cidr_block"],
             "VPC CIDR overlaps no other VPC", u"VPC 网段不与其他 VPC 重叠")
    if item.get("vswitches"):
        v.expect("vswitches_fit:%s" % name, vswitch_conflicts(item, existing, zones(run.client)),
                 "every vSwitch is new or identical, in an existing zone, apart from existing vSwitches",
                 "vSwitches fit the VPC", u"交换机与 VPC 相符")
    v.raise_if_failed()
    state = {}
    steps = [_vpc_step(run, item, vpc, state)]
    steps += [_vswitch_step(run, sw, existing, state) for sw in item.get("vswitches") or []]
    steps[0].pre_checks = v.checks

    def outcome(run):
        view = vpc_view(state["vpc"]) or {"id": None, "name": item["name"], "cidr_block": item["cidr_block"],
                                          "vrouter_id": None, "route_table_id": None, "status": "planned"}
        view.pop("description", None)
        out = []
        for spec in item.get("vswitches") or []:
            out.append(vswitch_view(state["vswitch:%s" % spec["name"]]) or {
                "id": None, "name": spec["name"], "cidr_block": spec["cidr_block"], "zone_id": spec["zone_id"],
                "vpc_id": view["id"], "status": "planned", "available_ips": None})
        return {"vpc": view, "vswitches": out}
    return steps, outcome

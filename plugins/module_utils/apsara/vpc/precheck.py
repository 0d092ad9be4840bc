# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only pre-check of a whole per-endpoint VPC change spec, and its plan (module apsara_vpc_precheck).

The spec has the sections `vpcs`, `peerings`, `internet` and `service_routes`, whose items are the options
of apsara_vpc, apsara_vpc_peering, apsara_nat_gateway and apsara_route_entry (validated with the same
argument specs).  Each item goes through the planner its apply module uses, in spec order, in check mode:
its pre-checks are the planner's, and a reference to a VPC, vSwitch, router interface or NAT gateway an
earlier item creates is found in the Planned registry, filled as the items are planned (as a dry run with
context_spec fills it).  The plan is what the apply modules would record, with the same change uids; an
item that fails its pre-checks still lists the steps it would have, so the report shows them not started.

Quotas: the API reads no count limits (only a vSwitch's AvailableIpAddressCount), so count checks run only
when the `quotas` option gives the site's limits; otherwise they are SKIPPED and say so.  They concern the
spec as a whole, so they are the pre-check's own.
"""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import network as vpc_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import nat as nat_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import peering as peering_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import routes as route_steps
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import Planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import eips, find_vpc, vpcs, vswitches
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import (
    PLATFORM, ChangeRun, InputError, Validation, check, start)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker, change_uid

# spec section -> (its apply module's steps, the planner, the static step list of an item that failed its pre-checks)
SECTIONS = (
    ("vpcs", vpc_steps, vpc_steps.plan_vpc),
    ("peerings", peering_steps, peering_steps.plan_peering),
    ("internet", nat_steps, nat_steps.plan_nat),
    ("service_routes", route_steps, route_steps.plan_routes),
)

QUOTA_SPEC = dict(vpcs=dict(type="int"), vswitches_per_vpc=dict(type="int"), eips=dict(type="int"))


def validate_items(spec):
    """Each section's items through their module's argument spec: (normalised spec, problems)."""
    problems, out = [], {}
    unknown = sorted(set(spec) - set(section[0] for section in SECTIONS))
    if unknown:
        problems.append("unknown spec sections: %s (valid: %s)" % (", ".join(unknown), ", ".join(s[0] for s in SECTIONS)))
    for section, module, _planner in SECTIONS:
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


def declare(planned, section, item):
    """Register in `planned` what a spec item creates, for the items after it."""
    if section == "vpcs":
        planned.add("vpc", item["name"], item, first_wins=True)     # the first declaration is the one that creates it
    elif section == "peerings":
        planned.router_interfaces += [(item["name"], item["local_vpc"]),
                                      (peering_steps.peer_name(item["name"]), item["peer_vpc"])]
    elif section == "internet":
        planned.nat_gateways.append((item["name"], item["vpc"]))


def _static_steps(run, section, item):
    """(action, target type, name) of the steps an item would record, for an item its planner refused."""
    if section == "vpcs":
        return vpc_steps.plan(item)
    if section == "internet":
        return nat_steps.plan(item)
    if section == "service_routes":
        return route_steps.plan(item)
    cidrs = []
    for ref in (item["local_vpc"], item["peer_vpc"]):
        try:
            vpc = find_vpc(run.client, ref) or run.planned.vpc(ref)
        except InputError:
            vpc = None
        cidrs.append((vpc or {}).get("CidrBlock"))
    return peering_steps.plan(item, *cidrs)


def _label(section, item):
    return "spec.%s %s" % (section, item.get("name") or item.get("vpc"))


def _quota_checks(client, spec, quotas):
    """Count limits of the site after the change (given in `quotas`), SKIPPED when not given."""
    v = Validation()
    titles = {"vpcs": ("VPC quota", u"VPC 配额"), "vswitches_per_vpc": ("vSwitch quota", u"交换机配额"),
              "eips": ("EIP quota", u"EIP 配额")}
    for key in ("vpcs", "vswitches_per_vpc", "eips"):
        title, limit = titles[key], quotas.get(key)
        if limit is None:
            v.check("quota_%s" % key, True, "the API reads no %s limit; give quotas.%s to check it" % (key, key), *title,
                    skipped=True)
        elif key == "vpcs":
            existing = vpcs(client)
            names = set(x.get("VpcName") for x in existing)
            count = len(existing) + len(set(x["name"] for x in spec["vpcs"] if x["name"] not in names))
            v.expect("quota_vpcs", [] if count <= limit else ["%d VPCs after the change, the limit is %d" % (count, limit)],
                     "%d VPCs after the change (limit %d)" % (count, limit), *title)
        elif key == "eips":
            count = len(eips(client)) + sum(i["eip"]["count"] for i in spec["internet"])
            v.expect("quota_eips", [] if count <= limit else ["up to %d EIPs after the change, the limit is %d" % (count, limit)],
                     "at most %d EIPs after the change (limit %d)" % (count, limit), *title)
        else:
            problems = []
            for item in spec["vpcs"]:
                vpc = find_vpc(client, item["name"])
                have = vswitches(client, vpc["VpcId"]) if vpc else []
                names = set(s.get("VSwitchName") for s in have)
                count = len(have) + len([s for s in item["vswitches"] if s["name"] not in names])
                if count > limit:
                    problems.append("VPC %s would have %d vSwitches, the limit is %d" % (item["name"], count, limit))
            v.expect("quota_vswitches_per_vpc", problems, "every VPC stays within %d vSwitches" % limit, *title)
    return v.checks


def precheck(client, tracker, raw_spec, quotas):
    """(pre_checks, plan): every item planned by its apply module's planner in check mode, in spec order, against
    one Planned registry; nothing is written.  InputError when the spec itself cannot be read."""
    spec, problems = validate_items(raw_spec or {})
    if problems:
        raise InputError(problems)
    run = ChangeRun(client, ChangeTracker(tracker.context, PLATFORM, tracker.endpoint, check_mode=True))
    run.planned = Planned(find_vpc=lambda ref: find_vpc(client, ref), source="the spec")
    checks, plan = [], []
    for section, _module, planner in SECTIONS:
        for item in spec[section]:
            try:
                steps, _outcome = planner(run, item)
            except InputError as err:
                checks += err.checks or [check("item:%s" % _label(section, item), False, "%s: %s" % (
                    _label(section, item), err.message), "Item can be applied", u"条目可以应用")]
                plan += _static_steps(run, section, item)
            else:
                checks += steps[0].pre_checks if steps else []
                first = len(run.tracker.records)
                run.run(steps)
                plan += [(r["action"], r["target"]["type"], r["target"]["name"]) for r in run.tracker.records[first:]]
            declare(run.planned, section, item)
    checks += _quota_checks(client, spec, quotas or {})
    ctx = tracker.context
    return checks, [{"uid": change_uid(ctx.change_id, tracker.platform, tracker.endpoint, action, "%s:%s" % (rtype, name)),
                     "action": action, "target": {"type": rtype, "name": name}, "platform": tracker.platform,
                     "endpoint": tracker.endpoint, "change_id": ctx.change_id} for action, rtype, name in plan]


def earlier_items(spec, section, params):
    """The valid items of `spec` before the module's own item (found in `section` by its options); items that do
    not validate are left out (the pre-check reports them)."""
    items, _problems = validate_items(spec if isinstance(spec, dict) else {})
    out = dict((name, []) for name, _module, _planner in SECTIONS)
    for name, module, _planner in SECTIONS:
        for item in items.get(name) or []:
            if name == section and all(item.get(k) == params.get(k) for k in module.ITEM_SPEC):
                return out
            out[name].append(item)
        if name == section:
            return out
    return out


def planned_before(client, spec, section, params):
    """The Planned registry of what the items before the module's own would create (see apsara/vpc/planned.py)."""
    planned = Planned(find_vpc=lambda ref: find_vpc(client, ref))
    for name, items in earlier_items(spec, section, params).items():
        for item in items:
            declare(planned, name, item)
    return planned


def execute(module):
    """Module apsara_vpc_precheck: checks and plan, zero writes; fails listing every FAIL."""
    run, _label = start(module, "apsara_vpc_precheck")
    out = dict(run.tracker.result(), changed=False, pre_checks=[], plan=[])
    try:
        checks, steps = precheck(run.client, run.tracker, module.params["spec"], module.params["quotas"])
    except InputError as err:
        module.fail_json(msg="the change spec is invalid: %s" % err, problems=err.problems, **out)
    except ApsaraError as err:
        module.fail_json(msg=str(err), error=err.to_dict(), **out)
    out.update(pre_checks=checks, plan=steps)
    failed = [c for c in checks if c["status"] == "FAIL"]
    if failed:
        module.fail_json(msg="%d pre-check(s) failed: %s" % (len(failed), "; ".join(
            "%s: %s" % (c["id"], c["message"]) for c in failed)), api_calls=run.client.stats["api_calls"], **out)
    module.exit_json(**out)

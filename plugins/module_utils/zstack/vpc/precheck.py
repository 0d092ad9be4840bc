# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only pre-check of a whole ZStack VPC change spec, and the plan of every step it would record.

Each item goes through the same planner its apply module uses, in spec order, against one reader,
so an item may refer to a router or network an earlier item creates, CIDRs are checked against
existing networks and against each other, and IP capacity counts what earlier items take.  The plan
is what the apply modules would record for the spec (same action, target type and name, so the same
change uids), produced by running the steps in check mode: nothing is written.
"""

from __future__ import annotations

import copy

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker, check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import PLATFORM, ChangeRun, VpcError, target
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.eip import plan_eip
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.network import plan_network, plan_router
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import (
    EIP_OPTIONS, NETWORK_OPTIONS, NETWORK_RULES, PEERING_OPTIONS, ROUTE_OPTIONS, ROUTER_OPTIONS)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.peering import plan_peering
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.routes import plan_service_routes

# spec key -> (options, rules, planner, label of an item); in the order the role applies them
SECTIONS = (
    ("vpc_routers", ROUTER_OPTIONS, {}, plan_router, lambda i: "VPC router %s" % i.get("name")),
    ("networks", NETWORK_OPTIONS, NETWORK_RULES, plan_network, lambda i: "VPC network %s" % i.get("name")),
    ("peerings", PEERING_OPTIONS, {}, lambda reader, item: plan_peering(reader, item)[0],
     lambda i: "VPC peering %s" % i.get("name")),
    ("eips", EIP_OPTIONS, {}, plan_eip, lambda i: "EIP %s" % i.get("name")),
    ("service_routes", ROUTE_OPTIONS, {}, plan_service_routes, lambda i: "routes of %s" % i.get("vpc_router")),
)
SPEC_KEYS = tuple(s[0] for s in SECTIONS)


def _labelled(checks, label):
    out = []
    for c in checks:
        c = dict(c)
        c["message"] = "%s: %s" % (label, c["message"])
        out.append(c)
    return out


def _validated(item, options, rules):
    """(normalized item, [error texts]) with the apply module's own argument spec."""
    if not isinstance(item, dict):
        return None, ["the item is not a mapping"]
    result = ArgumentSpecValidator(copy.deepcopy(options), **rules).validate(item)
    return result.validated_parameters, [str(e) for e in result.errors.messages] if result.errors else []


def precheck(reader, spec, context, endpoint):
    """(pre_checks, plan rows): every section's items planned in order; nothing is written."""
    unknown = sorted(set(spec or {}) - set(SPEC_KEYS))
    checks = []
    if unknown:
        checks.append(check_result("spec_keys", False, "unknown spec keys %s (known: %s)" % (
            ", ".join(unknown), ", ".join(SPEC_KEYS)), "Spec keys are known", "变更规格的键均可识别"))
    planner_tracker = ChangeTracker(context, PLATFORM, endpoint, check_mode=True)
    run = ChangeRun(reader.client, planner_tracker)
    for key, options, rules, planner, label_of in SECTIONS:
        for index, raw in enumerate((spec or {}).get(key) or []):
            item, errors = _validated(raw, options, rules)
            label = "%s[%d] %s" % (key, index, label_of(item or {}))
            if errors:
                checks.append(check_result("item_options", False, "%s: %s" % (label, "; ".join(errors)),
                                           "Spec item is well-formed", "规格条目格式正确"))
                continue
            try:
                steps = planner(reader, item)
            except VpcError as err:
                checks.extend(_labelled(err.checks, label) or [check_result(
                    "item", False, "%s: %s" % (label, err.message), "Item can be applied", "条目可以应用")])
                continue
            except ZStackError as err:
                checks.append(check_result("read", False, "%s: reading the current state failed: %s" % (label, err),
                                           "Current state readable", "可读取当前状态"))
                continue
            checks.extend(_labelled(steps[0].pre_checks if steps else [], label))
            run.run(steps)
    plan = [{"uid": r["uid"], "action": r["action"], "target": {"type": r["target"]["type"], "name": r["target"]["name"]},
             "platform": r["platform"], "endpoint": r["endpoint"], "change_id": r["change_id"], "status": r["status"]}
            for r in planner_tracker.records]
    return checks, plan


def prime(reader, spec, section, params):
    """Plan, without recording, every item of `spec` before the module's own item (found in `section`
    by its options), so the reader knows the routers, networks, route tables and IPs they would take.

    A dry run of a whole change then plans each module as the pre-check does: in check mode nothing
    exists yet of what earlier tasks would have created.  Items that fail are skipped (the pre-check
    reports them).
    """
    for key, options, rules, planner, _label in SECTIONS:
        for raw in (spec or {}).get(key) or []:
            item, errors = _validated(raw, options, rules)
            if key == section and not errors and all(item.get(k) == params.get(k) for k in options):
                return
            if errors:
                continue
            try:
                planner(reader, item)
            except (VpcError, ZStackError):
                continue
        if key == section:
            return


def precheck_record(tracker, checks):
    """The precheck's own change record: unchanged when every check passed, failed otherwise."""
    rec = tracker.begin("precheck_vpc_change", target("vpc_change", tracker.context.change_id), pre_checks=checks)
    failures = [c for c in checks if c["status"] == "FAIL"]
    if failures:
        tracker.fail(rec, "%d pre-check(s) failed: %s" % (len(failures), "; ".join(c["message"] for c in failures)))
    else:
        tracker.finish(rec, after=None, changed=False)
    return failures

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vertical resize of Apsara ECS instances on the change engine: reads, pre-checks and one Step per instance.

Rules (shared/reference/scaling-api.md 3.1-3.2): a pay-as-you-go type change (ModifyInstanceSpec) needs the
instance Stopped, then the type changes asynchronously (poll InstanceType) and the instance is started again;
a subscription (ModifyPrepayInstanceSpec) upgrades Running with RebootWhenFinished (the new type applies only at an
API start or reboot).  Two type changes of one instance need 5 minutes between them: the undo waits for that
within wait_timeout.  The journal entry (type, power state) is written before the first write.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.retry import wait_until

ECS = "ecs"
TYPE = "instance_type"
ALLOWED_STATES = ("Running", "Stopped")

RESIZE_OPTIONS = dict(
    names=dict(type="list", elements="str"),
    tags=dict(type="dict"),
    max_targets=dict(type="int", default=10),
    instance_type=dict(type="str", required=True),
    restart=dict(type="str", default="if_needed", choices=["never", "if_needed", "always"]),
)
RESIZE_RULES = dict(required_one_of=[("names", "tags")])


def ecs(run, action, params):
    return run.client.call(ECS, action, params)


def instances(client, **params):
    return client.call_all_pages(ECS, "DescribeInstances", params)


def read_instance(client, iid):
    try:
        found = instances(client, InstanceIds='["%s"]' % iid)
    except ApsaraError as err:
        if err.is_not_found(("InvalidInstanceId.NotFound",)):
            return None
        raise
    return next((i for i in found if i.get("InstanceId") == iid), None)


def view(inst):
    return {"type": inst.get("InstanceType"), "cpu": inst.get("Cpu"), "memory_mib": inst.get("Memory"),
            "state": inst.get("Status"), "charge": inst.get("InstanceChargeType")}


def find_targets(client, params):
    found, problems = {}, []
    for ref in params["names"] or ():
        field = "InstanceIds" if ref.startswith("i-") else "InstanceName"
        got = [i for i in instances(client, **{field: '["%s"]' % ref if field == "InstanceIds" else ref})
               if ref in (i.get("InstanceId"), i.get("InstanceName"))]
        if len(got) != 1:
            problems.append("instance %r %s" % (ref, "does not exist" if not got else "is ambiguous (%d)" % len(got)))
        for inst in got[:1]:
            found[inst["InstanceId"]] = inst
    if params.get("tags"):
        tag_params = {}
        for n, (key, value) in enumerate(sorted(params["tags"].items()), 1):
            tag_params.update({"Tag.%d.Key" % n: key, "Tag.%d.Value" % n: value})
        for inst in instances(client, **tag_params):
            found[inst["InstanceId"]] = inst
    if problems:
        raise InputError(problems)
    if not found:
        raise InputError("no instance matches names %s / tags %s" % (params["names"], params.get("tags")))
    if len(found) > params["max_targets"]:
        raise InputError("%d instances match, more than max_targets %d: %s" % (
            len(found), params["max_targets"], ", ".join(sorted(i["InstanceName"] for i in found.values()))))
    return sorted(found.values(), key=lambda i: i["InstanceName"])


def type_size(client, itype):
    """(cpu, memory GiB) of an instance type, None when the region does not know it."""
    found = client.call_all_pages(ECS, "DescribeInstanceTypes", {"InstanceTypes.1": itype})
    return next(((t["CpuCoreCount"], t["MemorySize"]) for t in found if t.get("InstanceTypeId") == itype), None)


def sold_in(client, zone, charge, itype):
    """Whether `itype` is Available in `zone` for `charge` (DescribeAvailableResource, 3.4)."""
    body = client.call(ECS, "DescribeAvailableResource", {"DestinationResource": "InstanceType", "ZoneId": zone,
                                                          "InstanceChargeType": charge, "InstanceType": itype})
    for zone_item in ((body.get("AvailableZones") or {}).get("AvailableZone") or []):
        for res in ((zone_item.get("AvailableResources") or {}).get("AvailableResource") or []):
            for item in ((res.get("SupportedResources") or {}).get("SupportedResource") or []):
                if item.get("Value") == itype and item.get("Status") == "Available":
                    return True
    return False


def problem_of(inst, size, want, restart, client):
    """Why the instance cannot take `want` (None: it can), and how it is applied."""
    name, state = inst["InstanceName"], inst["Status"]
    if state not in ALLOWED_STATES:
        return "%s is %s (allowed: %s)" % (name, state, ", ".join(ALLOWED_STATES)), None
    charge = inst.get("InstanceChargeType")
    if not sold_in(client, inst["ZoneId"], charge, want):
        return "%s: instance type %s is not available (sold out or not offered) in zone %s" % (
            name, want, inst["ZoneId"]), None
    if charge == "PrePaid":
        if size[0] < inst["Cpu"] or size[1] * 1024 < inst["Memory"]:
            return "%s: a subscription downgrade is not done by this module (it needs a Stopped instance and " \
                   "refunds)" % name, None
        if state == "Stopped":
            return "%s: a Stopped subscription instance takes the new type only at its next start; start it " \
                   "first" % name, None
        if restart == "never":
            return "%s: a subscription upgrade applies at an API reboot and restart is never" % name, None
        return None, "ModifyPrepayInstanceSpec upgrade, reboot through the API"
    if state == "Running" and restart == "never":
        return "%s is Running: a pay-as-you-go type change needs a stop/start and restart is never" % name, None
    if state == "Running":
        return None, "stop, ModifyInstanceSpec, wait for the type, start"
    return None, "ModifyInstanceSpec (the instance is Stopped and stays so)"


def plan_resize(run, params):
    client = run.client
    items = find_targets(client, params)
    want = params["instance_type"]
    size = type_size(client, want)
    check = Validation()
    if size is None:
        check.expect("resize_allowed", ["instance type %s is unknown in this region" % want], "", "The resize is "
                     "allowed", u"变配允许")
        check.raise_if_failed()
    plans, problems = [], []
    for inst in items:
        if inst["InstanceType"] == want:
            plans.append((inst, None))
            continue
        problem, how = problem_of(inst, size, want, params["restart"], client)
        problems.append(problem)
        plans.append((inst, how))
    check.expect("resize_allowed", problems, "%d instance(s) exist, are Running or Stopped, and %s is available" % (
        len(items), want), "The resize is allowed", u"变配允许")
    check.raise_if_failed()
    return [instance_step(run, inst, want, size, how, check.checks) for inst, how in plans]


def instance_step(run, inst, want, size, how, checks):
    before = view(inst)
    iid = inst["InstanceId"]
    tgt = target("instance", inst["InstanceName"], iid)
    after = dict(before, type=want, cpu=size[0], memory_mib=size[1] * 1024,
                 restart=before["state"] == "Running")
    if how is None:
        return Step("resize_instance", tgt, before=before, verify=lambda r: verify(r, iid, before), pre_checks=checks)

    def apply(r, rec):
        r.modified(rec, TYPE, iid, restore=dict(before), name=inst["InstanceName"])
        set_type(r, iid, want, before)
        return dict(view(settled(r, iid)), restart=after["restart"])

    return Step("resize_instance", tgt, before=before, after=after, apply=apply, pre_checks=checks, title=how,
                verify=lambda r: verify(r, iid, after))


def settled(run, iid):
    """The instance once it is neither starting nor stopping."""
    return run.poll("instance %s" % iid, lambda: read_instance(run.client, iid),
                    lambda i: i is not None and i["Status"] in ALLOWED_STATES, describe=lambda i: i.get("Status"))


def power(run, iid, state):
    """Bring the instance to `state` (Running or Stopped) through the API and wait for it."""
    if settled(run, iid)["Status"] != state:
        action = "StartInstance" if state == "Running" else "StopInstance"
        try:
            ecs(run, action, {"InstanceId": iid})
        except ApsaraError:
            # a lost answer retried into "incorrect status": fine when the instance is on its way
            on_its_way = (state, "Starting" if state == "Running" else "Stopping")
            if (read_instance(run.client, iid) or {}).get("Status") not in on_its_way:
                raise
    return run.poll("instance %s %s" % (iid, state), lambda: read_instance(run.client, iid),
                    lambda i: i is not None and i["Status"] == state, describe=lambda i: i.get("Status"))


def set_type(run, iid, want, before, wait_interval=False):
    """Change the type (both charge types) and leave the instance in `before`'s power state.

    `wait_interval`: an OperationDenied is the 5 minutes between two type changes, waited out within wait_timeout
    (the undo, which follows a type change); the apply fails at once (OperationDenied is also ECS's generic refusal)."""
    inst = settled(run, iid)
    if inst["InstanceChargeType"] == "PrePaid":
        cpu, memory = type_size(run.client, want)
        bigger = cpu >= inst["Cpu"] and memory * 1024 >= inst["Memory"]
        if not bigger:
            power(run, iid, "Stopped")
        ecs(run, "ModifyPrepayInstanceSpec", {"InstanceId": iid, "InstanceType": want, "ClientToken": run.token(),
                                              "OperatorType": "upgrade" if bigger else "downgrade",
                                              "RebootWhenFinished": "true" if bigger else "false"})
        if not bigger:
            power(run, iid, "Running")
        # the new type applies at an API start/reboot once the order is paid: reboot until it shows
        applied(run, iid, want, reboot=True)
    else:
        power(run, iid, "Stopped")
        token = run.token()
        wait_until(lambda: _modify_spec(run, iid, want, token, wait_interval), lambda ok: ok, run.wait_timeout,
                   lambda _v: ApsaraError("%s: the type change interval did not pass within wait_timeout" % iid,
                                          code="WaitTimeout"), first_delay=0.2, max_delay=5.0,
                   clock=run.client.clock_monotonic, sleep=run.client.sleep)
        applied(run, iid, want)
    power(run, iid, before["state"])


def _modify_spec(run, iid, want, token, wait_interval):
    """One ModifyInstanceSpec; False while the 5-minute interval between two type changes has not passed."""
    try:
        ecs(run, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": want, "ClientToken": token})
    except ApsaraError as err:
        if err.code == "OperationDenied" and wait_interval:
            return False
        if err.code == "InvalidParameter.Mismatch" and (read_instance(run.client, iid) or {}).get("InstanceType") == want:
            return True            # a lost answer: the retry finds the type already changed
        raise
    return True


def applied(run, iid, want, reboot=False):
    def read():
        inst = read_instance(run.client, iid)
        if reboot and inst is not None and inst["InstanceType"] != want and inst["Status"] == "Running":
            try:
                ecs(run, "RebootInstance", {"InstanceId": iid})
            except ApsaraError as err:
                if err.code != "IncorrectInstanceStatus":      # busy: a reboot or the order is under way
                    raise
        return inst
    return run.poll("instance %s type %s" % (iid, want), read,
                    lambda i: i is not None and i["InstanceType"] == want and i["Status"] in ALLOWED_STATES,
                    describe=lambda i: "%s %s" % (i.get("InstanceType"), i.get("Status")))


def verify(run, iid, want):
    have = view(read_instance(run.client, iid) or {})
    wrong = ["%s %s (wanted %s)" % (k, have[k], want[k]) for k in ("type", "state") if have[k] != want[k]]
    check = Validation()
    check.expect("instance_type", wrong, "%s, %s" % (have["type"], have["state"]),
                 "The instance has the planned type and power state", u"实例规格和电源状态符合计划")
    return check.checks


def undo_type(run, entry):
    """Put an instance back to its type and power state before the change."""
    inst = read_instance(run.client, entry["id"])
    if inst is None:
        return GONE
    want = entry["restore"]
    if inst["InstanceType"] != want["type"]:
        set_type(run, entry["id"], want["type"], want, wait_interval=True)
    else:
        power(run, entry["id"], want["state"])
    return "restored"

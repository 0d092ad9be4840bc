# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scale-out of an ECS instance on the change engine (shared/reference/scaling-api.md 3.5): RunInstances from the
source's image and type, in its vSwitch and security groups, one instance per missing name.

Idempotent by name: a name that exists is unchanged; each missing name gets one RunInstances (Amount 1) with its own
ClientToken, persisted as an intent before the call, so a retried or lost answer never makes a second instance.  The
calls go out one after another and the starts are waited for together (one poll of all new ids).  Pre-checks, before
any write: the source is Running or Stopped, its image is Available, the type has stock in the vSwitch's zone
(DescribeAvailableResource; OperationDenied.NoStock at the call) and the vSwitch has a free IP per clone.  Undo: stop
(DeleteInstance wants Stopped unless Force) and delete, only the instance the journal entry names."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.resize import (
    ALLOWED_STATES, ECS, ecs, find_targets, instances, power, read_instance, sold_in)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, StepFailed, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE

CLONE_TYPE = "instance_clone"
CLONE_OPTIONS = dict(
    source=dict(type="str", required=True),
    names=dict(type="list", elements="str"),
    name_pattern=dict(type="str"),
    count=dict(type="int"),
    instance_type=dict(type="str"),
)
CLONE_RULES = dict(required_one_of=[("names", "name_pattern")], required_together=[("name_pattern", "count")],
                   mutually_exclusive=[("names", "name_pattern")])
# clones are pay-as-you-go: a subscription's order is not something a rollback can take back
CLONE_CHARGE = "PostPaid"


def wanted_names(params):
    """`names` as given, or `name_pattern` numbered 1..count ("app-{:02d}" -> app-01, app-02 ...)."""
    pattern, count = params.get("name_pattern"), params.get("count") or 0
    try:
        out = list(params.get("names") or [pattern.format(i + 1) for i in range(count)])
    except (IndexError, KeyError, ValueError) as err:
        raise InputError("name_pattern %r does not take a number: %s" % (pattern, err))
    if not out or len(out) != len(set(out)) or any(not n.strip() for n in out):
        raise InputError("the clone names must be distinct and not empty: %s" % out)
    return out


def by_name(client, name):
    return [i for i in instances(client, InstanceName=name) if i.get("InstanceName") == name]


def ips_of(inst):
    return list(((inst.get("VpcAttributes") or {}).get("PrivateIpAddress") or {}).get("IpAddress") or [])


def clone_view(inst):
    ips = ips_of(inst)
    return {"exists": True, "state": inst.get("Status"), "ip": ips[0] if ips else None, "type": inst.get("InstanceType")}


def layout(source, itype):
    """Where and what the clones are: the source's image, vSwitch, security groups and zone."""
    vpc = source.get("VpcAttributes") or {}
    groups = list((source.get("SecurityGroupIds") or {}).get("SecurityGroupId") or [])
    return {"ImageId": source["ImageId"], "InstanceType": itype or source["InstanceType"], "VSwitchId": vpc.get("VSwitchId"),
            "ZoneId": source["ZoneId"], "groups": groups}


def room(run, source, where, count):
    """Problems that stop `count` clones before any write (stock, addresses, image, state)."""
    client, problems = run.client, []
    if source["Status"] not in ALLOWED_STATES:
        problems.append("source %s is %s" % (source["InstanceName"], source["Status"]))
    if not where["VSwitchId"]:
        problems.append("source %s is not in a VPC vSwitch" % source["InstanceName"])
        return problems
    images = client.call_all_pages(ECS, "DescribeImages", {"ImageId": where["ImageId"]})
    if not any(i.get("ImageId") == where["ImageId"] and i.get("Status") == "Available" for i in images):
        problems.append("the source's image %s is not Available" % where["ImageId"])
    if not sold_in(client, where["ZoneId"], CLONE_CHARGE, where["InstanceType"]):
        problems.append("instance type %s has no stock in zone %s (OperationDenied.NoStock)" % (
            where["InstanceType"], where["ZoneId"]))
    switches = client.call_all_pages("vpc", "DescribeVSwitches", {"VSwitchId": where["VSwitchId"]})
    free = next((s.get("AvailableIpAddressCount") for s in switches if s.get("VSwitchId") == where["VSwitchId"]), 0)
    if int(free or 0) < count:
        problems.append("vSwitch %s has %s free IP(s), %d clone(s) need one each" % (where["VSwitchId"], free, count))
    return problems


def plan_clones(run, params):
    client = run.client
    source = find_targets(client, dict(names=[params["source"]], tags=None, max_targets=1))[0]
    names = wanted_names(params)
    existing, problems = {}, []
    for name in names:
        found = by_name(client, name)
        if len(found) > 1:
            problems.append("%d instances are named %s: clean up first" % (len(found), name))
        elif found:
            existing[name] = found[0]
    missing = [n for n in names if n not in existing]
    where = layout(source, params.get("instance_type"))
    if missing:
        problems += room(run, source, where, len(missing))
    check = Validation("clones of %s" % source["InstanceName"])
    check.expect("clone_allowed", problems, "%d clone(s) to make; stock, IPs and image for them" % len(missing),
                 "The clones fit", u"克隆资源充足")
    check.raise_if_failed()
    steps = [Step("clone_instance", target("instance", name, inst["InstanceId"]), before=clone_view(inst),
                  pre_checks=check.checks, verify=lambda r, iid=inst["InstanceId"]: verify(r, [iid]))
             for name, inst in sorted(existing.items())]
    if not missing:
        return steps
    made = []

    def apply(r, rec):
        for name in missing:
            made.append(run_one(r, rec, name, where))
        wait_running(r, made)
        return {"exists": True, "clones": missing, "ids": list(made)}

    after = {"exists": True, "clones": missing, "source": source["InstanceName"], "type": where["InstanceType"],
             "vswitch": where["VSwitchId"]}
    steps.append(Step("clone_instance", target("instance", ", ".join(missing)), before={"exists": False}, after=after,
                      apply=apply, pre_checks=check.checks, verify=lambda r: verify(r, made),
                      title="RunInstances like %s (image %s, %s, vSwitch %s)" % (
                          source["InstanceName"], where["ImageId"], where["InstanceType"], where["VSwitchId"])))
    return steps


def run_one(run, rec, name, where):
    """One RunInstances for `name`; journaled at once.  Its ClientToken makes the client's retries safe; when every
    retry failed, a read by name tells whether the instance was made anyway."""
    params = {"ImageId": where["ImageId"], "InstanceType": where["InstanceType"], "VSwitchId": where["VSwitchId"],
              "InstanceName": name, "HostName": name, "Amount": 1, "MinAmount": 1,
              "InstanceChargeType": CLONE_CHARGE, "ClientToken": run.token()}
    for n, group in enumerate(where["groups"][:5], 1):
        params["SecurityGroupIds.%d" % n] = group
    run.intend(rec, CLONE_TYPE, name=name, token=params["ClientToken"], action="RunInstances")
    try:
        answer = ecs(run, "RunInstances", params)
        ids = list((answer.get("InstanceIdSets") or {}).get("InstanceIdSet") or [])
    except ApsaraError as err:
        found = by_name(run.client, name) if err.retriable else []
        if len(found) != 1:
            raise
        ids = [found[0]["InstanceId"]]
    if not ids:        # the Apsara catalog answers without ids: read the new instance back by name
        ids = [i["InstanceId"] for i in by_name(run.client, name)]
    if len(ids) != 1:
        raise StepFailed("RunInstances for %s answered %d instance ids" % (name, len(ids)))
    run.created(rec, CLONE_TYPE, ids[0], name=name)
    return ids[0]


def wait_running(run, ids):
    """One wait for every new instance: Pending/Starting to Running together, not one after another."""
    def read():
        found = dict((i["InstanceId"], i) for i in instances(run.client, InstanceIds='["%s"]' % '","'.join(ids)))
        return [found.get(iid) for iid in ids]

    def failed(items):
        return any(i is None or i.get("Status") == "Stopped" for i in items)

    def describe(items):
        return ", ".join("%s %s" % (iid, (i or {}).get("Status", "gone")) for iid, i in zip(ids, items))

    return run.poll("%d clone(s) Running" % len(ids), read, lambda items: all(i and i["Status"] == "Running" for i in items),
                    failed=failed, describe=describe)


def verify(run, ids):
    """Post-check: every clone Running with a private IP."""
    wrong = []
    for iid in ids:
        view = clone_view(read_instance(run.client, iid) or {"Status": None})
        if view["state"] != "Running" or not view["ip"]:
            wrong.append("%s is %s with IP %s" % (iid, view["state"], view["ip"]))
    check = Validation()
    check.expect("clones_running", wrong, "%d clone(s) Running with an IP" % len(ids), "The clones run",
                 u"克隆实例运行中")
    return check.checks


def identify(run, entry):
    inst = read_instance(run.client, entry["id"])
    if inst is None:
        return None
    return {"name": inst.get("InstanceName"), "created": None, "created_at": inst.get("CreationTime"), "keys": {}}


def resolve(run, intent):
    """The instances an interrupted RunInstances may have made: those of its name."""
    return [{"id": i["InstanceId"], "created_at": i.get("CreationTime")} for i in by_name(run.client, intent.get("name"))]


def undo_clone(run, entry):
    """Stop (DeleteInstance needs Stopped without Force) and delete the clone; wait until it is gone."""
    inst = read_instance(run.client, entry["id"])
    if inst is None:
        return GONE
    power(run, entry["id"], "Stopped")
    try:
        ecs(run, "DeleteInstance", {"InstanceId": entry["id"]})
    except ApsaraError:
        if read_instance(run.client, entry["id"]) is not None:      # a lost answer: deleted all the same
            raise
    run.gone("instance %s deleted" % entry["id"], lambda: read_instance(run.client, entry["id"]))
    return "deleted"

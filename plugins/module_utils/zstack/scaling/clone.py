# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scale-out of a ZStack VM by CloneVmInstance on the change engine (shared/reference/scaling-api.md 2.7).

Idempotent by name (ZStack accepts duplicate names unless vm/uniqueVmName, so the module enforces it): only the
names that do not exist are cloned, in one call.  Pre-checks: the source exists, its networks have a free IP per
clone (GetIpAddressCapacity), its cluster the CPU and memory (GetCpuMemoryCapacity) and its root volume's primary
storage a copy per clone.  Each clone is journaled
with its createDate right after the call; the undo destroys and expunges it.  A partial answer
(numberOfClonedVm < names) journals what was made and fails the step."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, StepFailed, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.resize import (
    ALLOWED_STATES, MiB, find_targets, read_vm)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import query_eq

CLONE_TYPE = "vm_clone"
CLONE_OPTIONS = dict(
    source=dict(type="str", required=True),
    names=dict(type="list", elements="str"),
    name_pattern=dict(type="str"),
    count=dict(type="int"),
)
CLONE_RULES = dict(required_one_of=[("names", "name_pattern")], required_together=[("name_pattern", "count")],
                   mutually_exclusive=[("names", "name_pattern")])


def clone_names(params):
    """The clones' names: `names`, or `name_pattern` formatted with 1..count (e.g. 'web-{:02d}')."""
    if params.get("names"):
        names = list(params["names"])
    else:
        try:
            names = [params["name_pattern"].format(n) for n in range(1, params["count"] + 1)]
        except (IndexError, KeyError, ValueError) as err:
            raise InputError("name_pattern %r cannot be formatted with a number: %s" % (params["name_pattern"], err))
    if len(set(names)) != len(names) or not all(n.strip() for n in names):
        raise InputError("clone names must be unique and not empty: %s" % names)
    return names


def clone_view(vm):
    ips = [n.get("ip") for n in as_list(vm.get("vmNics")) if n.get("ip")]
    return {"exists": True, "state": vm.get("state"), "ip": ips[0] if ips else None}


def plan_clones(client, params, write):
    source = find_targets(client, dict(names=[params["source"]], tag=None, max_targets=1))[0]
    names = clone_names(params)
    existing, problems = {}, []
    for name in names:
        found = [v for v in query_eq(client, "/vm-instances", name=name) if v.get("type") == "UserVm"
                 and v.get("state") != "Destroyed"]
        if len(found) > 1:
            problems.append("%d VMs are named %s: clean up first" % (len(found), name))
        elif found:
            existing[name] = found[0]
    missing = [n for n in names if n not in existing]
    if source["state"] not in ALLOWED_STATES:
        problems.append("source %s is %s" % (source["name"], source["state"]))
    if missing:
        problems += room(client, source, len(missing))
    check = Validation("clones of %s" % source["name"])
    check.expect("clone_allowed", problems, "%d clone(s) to make, IPs and host room for them" % len(missing),
                 "The clones fit", u"克隆资源充足")
    check.raise_if_failed()
    steps = [Step("clone_vm", target("vm", name, vm["uuid"]), before=clone_view(vm), pre_checks=check.checks,
                  verify=lambda run, uuid=vm["uuid"]: verify(client, [uuid]))
             for name, vm in sorted(existing.items())]
    if missing:
        made = []

        def apply(run, rec):
            out = write("PUT", "/vm-instances/%s/actions" % source["uuid"],
                        {"cloneVmInstance": {"names": missing, "strategy": "InstantStart"}}, "CloneVmInstance")
            result = out.get("result") or {}
            for item in as_list(result.get("inventories")):
                inv = item.get("inventory") or item
                made.append(inv["uuid"])
                run.created(rec, CLONE_TYPE, inv["uuid"], name=inv.get("name"), created=inv.get("createDate"))
            if len(made) < len(missing):
                raise StepFailed("CloneVmInstance made %d of %d clones" % (len(made), len(missing)))
            return {"exists": True, "clones": missing}

        steps.append(Step("clone_vm", target("vm", ", ".join(missing)), before={"exists": False},
                          after={"exists": True, "clones": missing, "source": source["name"]}, apply=apply,
                          pre_checks=check.checks, title="CloneVmInstance of %s (InstantStart)" % source["name"],
                          verify=lambda run: verify(client, made)))
    return steps


def room(client, source, count):
    """Problems when the source's networks or cluster cannot take `count` more VMs like it."""
    problems = []
    for nic in as_list(source.get("vmNics")):
        cap = client.get("/ip-capacity", [("l3NetworkUuids", nic["l3NetworkUuid"])], api="GetIpAddressCapacity") or {}
        if cap.get("availableCapacity", 0) < count:
            problems.append("network %s has %s free IP(s), %d clone(s) need one each" % (
                nic["l3NetworkUuid"], cap.get("availableCapacity"), count))
    # each clone gets a copy of the root volume on the same primary storage (data volumes only with full, not used)
    root = query_eq(client, "/volumes", uuid=source.get("rootVolumeUuid")) if source.get("rootVolumeUuid") else []
    if root:
        ps = query_eq(client, "/primary-storage", uuid=root[0].get("primaryStorageUuid"))
        need = count * int(root[0].get("size") or 0)
        free = int(ps[0].get("availableCapacity") or 0) if ps else 0
        if need > free:
            problems.append("primary storage %s has %d MiB free, %d root volume copies need %d MiB" % (
                root[0].get("primaryStorageUuid"), free // MiB, count, need // MiB))
    cluster = source.get("clusterUuid")
    if cluster:
        cap = client.get("/hosts/capacities/cpu-memory", [("clusterUuids", cluster)], api="GetCpuMemoryCapacity") or {}
        need_cpu, need_mem = count * source["cpuNum"], count * source["memorySize"]
        if cap.get("availableCpu", 0) < need_cpu or cap.get("availableMemory", 0) < need_mem:
            problems.append("cluster %s has %s vCPU and %d MiB free, %d clone(s) need %d vCPU and %d MiB" % (
                cluster, cap.get("availableCpu"), cap.get("availableMemory", 0) // MiB, count, need_cpu,
                need_mem // MiB))
    return problems


def verify(client, uuids):
    """Post-check: every clone Running with an IP."""
    wrong = []
    for uuid in uuids:
        view = clone_view(read_vm(client, uuid) or {"state": None})
        if view["state"] != "Running" or not view["ip"]:
            wrong.append("%s is %s with IP %s" % (uuid, view["state"], view["ip"]))
    check = Validation()
    check.expect("clones_running", wrong, "%d clone(s) Running with an IP" % len(uuids), "The clones run",
                 u"克隆虚拟机运行中")
    return check.checks


def identify(run, entry):
    vm = read_vm(run.client, entry["id"])
    if vm is None:
        return None
    return {"name": vm.get("name"), "created": vm.get("createDate"), "created_at": None, "keys": {}}


def undo_clone(run, entry):
    vm = read_vm(run.client, entry["id"])
    if vm is None:
        return GONE
    if vm.get("state") != "Destroyed":
        run.write("DELETE", "/vm-instances/%s" % vm["uuid"], None, "DestroyVmInstance")
    run.write("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"expungeVmInstance": {}}, "ExpungeVmInstance")
    return "deleted"

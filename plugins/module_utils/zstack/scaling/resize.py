# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vertical resize of ZStack VMs on the change engine: reads, pre-checks and one Step per VM.

Rules (shared/reference/scaling-api.md 2.2-2.4): a Running VM takes a CPU/memory *increase* online only with
vm/numa on; a shrink, or a VM without NUMA, needs Stopped.  A running memory increase is aligned by ZStack to
128 MiB steps, so an online target whose delta is not a multiple of 128 MiB is refused here (the VM would end
up with another size than asked, and a second run would change it again).  A running resize can be
half-applied: the VM is read back after every call, and the journal entry (the size and power state before)
is written before the first write, so the rollback restores from whatever state the VM was left in.
"""

from __future__ import annotations

import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import UUID_RE, query_eq

MiB = 1024 ** 2
ALIGN = 128 * MiB
ALLOWED_STATES = ("Running", "Stopped")
SIZE_RE = re.compile(r"^\s*(\d+)\s*([MmGgTt]?)i?[Bb]?\s*$")
UNITS = {"": 1, "m": 1, "g": 1024, "t": 1024 * 1024}
VM_TYPE = "vm_size"

RESIZE_OPTIONS = dict(
    names=dict(type="list", elements="str"),
    tag=dict(type="str"),
    max_targets=dict(type="int", default=10),
    cpu=dict(type="int"),
    memory=dict(type="str"),
    instance_offering=dict(type="str"),
    restart=dict(type="str", default="if_needed", choices=["never", "if_needed", "always"]),
)
RESIZE_RULES = dict(mutually_exclusive=[("instance_offering", "cpu"), ("instance_offering", "memory")],
                    required_one_of=[("names", "tag")])


def memory_bytes(text):
    """'8G', '8192M', '8192' (MiB) -> bytes; InputError for anything else."""
    found = SIZE_RE.match(str(text))
    if not found:
        raise InputError("memory %r is not a size (a number of MiB, or with M, G or T)" % (text,))
    return int(found.group(1)) * UNITS[found.group(2).lower()] * MiB


def size_of(vm):
    return {"cpu": vm.get("cpuNum"), "memory": vm.get("memorySize"), "state": vm.get("state"),
            "offering": vm.get("instanceOfferingUuid")}


def read_vm(client, uuid):
    found = query_eq(client, "/vm-instances", uuid=uuid)
    return found[0] if found else None


def numa_on(client, vm_uuid):
    """The VM's vm/numa resource config now (hot-plug also needs it at the VM's last start: unknowable by API)."""
    body = client.get("/resource-configurations/%s/vm/numa" % vm_uuid, api="GetResourceConfig") or {}
    return str(body.get("value")).lower() == "true"


def find_targets(client, params):
    """The user VMs the item names (names or uuids) or tags; InputError when one is unknown, none or too many match."""
    found, problems = {}, []
    for ref in params["names"] or ():
        field = "uuid" if UUID_RE.match(ref) else "name"
        vms = [v for v in query_eq(client, "/vm-instances", **{field: ref}) if v.get("type") == "UserVm"]
        if len(vms) != 1:
            problems.append("VM %r %s" % (ref, "does not exist" if not vms else "is ambiguous (%d VMs)" % len(vms)))
        for vm in vms[:1]:
            found[vm["uuid"]] = vm
    if params.get("tag"):
        for vm in query_eq(client, "/vm-instances", __userTag__=params["tag"]):
            if vm.get("type") == "UserVm":
                found[vm["uuid"]] = vm
    if problems:
        raise InputError(problems)
    if not found:
        raise InputError("no VM matches names %s / tag %s" % (params["names"], params.get("tag")))
    if len(found) > params["max_targets"]:
        raise InputError("%d VMs match, more than max_targets %d: %s" % (
            len(found), params["max_targets"], ", ".join(sorted(v["name"] for v in found.values()))))
    return sorted(found.values(), key=lambda v: v["name"])


def wanted_size(client, params):
    """(cpu, memory bytes, offering uuid) the item asks for; None where it keeps the VM's own."""
    if params.get("instance_offering"):
        ref = params["instance_offering"]
        offers = query_eq(client, "/instance-offerings", **{"uuid" if UUID_RE.match(ref) else "name": ref})
        if len(offers) != 1:
            raise InputError("instance offering %r %s" % (ref, "does not exist" if not offers else "is ambiguous"))
        return offers[0]["cpuNum"], offers[0]["memorySize"], offers[0]["uuid"]
    if params.get("cpu") is None and params.get("memory") is None:
        raise InputError("say cpu, memory or instance_offering")
    if params.get("cpu") is not None and not 1 <= params["cpu"] <= 1024:
        raise InputError("cpu %s is outside 1..1024" % params["cpu"])
    memory = memory_bytes(params["memory"]) if params.get("memory") is not None else None
    return params.get("cpu"), memory, None


def host_room(client, host_uuids):
    """{host uuid: [free vCPU, free memory bytes]} from GetCpuMemoryCapacity."""
    if not host_uuids:
        return {}
    body = client.get("/hosts/capacities/cpu-memory", [("hostUuids", h) for h in sorted(host_uuids)],
                      api="GetCpuMemoryCapacity") or {}
    return dict((g["resourceUuid"], [g["availableCpu"], g["availableMemory"]]) for g in as_list(body.get("capacityData")))


def mode_of(vm, cpu, memory, numa, restart):
    """'online', 'restart' (stop, resize, start) or 'stopped' (the VM is Stopped), and why; the problem text when
    `restart` forbids what the change needs."""
    if vm["state"] == "Stopped":
        return "stopped", "the VM is Stopped: any size applies at its next start", None
    shrink = cpu < vm["cpuNum"] or memory < vm["memorySize"]
    why = ("a running VM cannot shrink" if shrink else
           "vm/numa is off, so the VM cannot hot-plug CPU or memory" if not numa else None)
    if why is None and restart != "always":
        if (memory - vm["memorySize"]) % ALIGN:
            return None, None, ("%s: an online memory change is rounded to 128 MiB steps; ask for a multiple of "
                                "128 MiB more than %d MiB" % (vm["name"], vm["memorySize"] // MiB))
        return "online", "online (CPU/memory hot-plug, vm/numa on)", None
    if restart == "never":
        return None, None, "%s needs a stop/start (%s) and restart is never" % (vm["name"], why)
    return "restart", "stop, resize, start (%s)" % (why or "restart: always"), None


def plan_resize(client, params, write):
    """One Step per target VM; every pre-check runs before any write (InputError names all problems).

    `write(method, path, body, api)` is the runner's write; the steps close over it and the client."""
    vms = find_targets(client, params)
    cpu_want, mem_want, offering = wanted_size(client, params)
    room = host_room(client, set(v.get("hostUuid") for v in vms if v.get("hostUuid")))
    check = Validation()
    plans, problems, needs = [], [], {}
    for vm in vms:
        if vm["state"] not in ALLOWED_STATES:
            problems.append("%s is %s (allowed: %s)" % (vm["name"], vm["state"], ", ".join(ALLOWED_STATES)))
            continue
        cpu = cpu_want if cpu_want is not None else vm["cpuNum"]
        memory = mem_want if mem_want is not None else vm["memorySize"]
        same = cpu == vm["cpuNum"] and memory == vm["memorySize"] and offering in (None, vm["instanceOfferingUuid"])
        if same:
            plans.append((vm, cpu, memory, None, None))
            continue
        mode, why, problem = mode_of(vm, cpu, memory, vm["state"] == "Running" and numa_on(client, vm["uuid"]),
                                     params["restart"])
        problems.append(problem)
        if mode and vm.get("hostUuid"):
            # a running resize takes the growth on its current host; a stopped VM needs its whole size at start
            delta = (cpu - vm["cpuNum"], memory - vm["memorySize"]) if mode != "stopped" else (0, 0)
            need = needs.setdefault(vm["hostUuid"], [0, 0])
            need[0] += max(delta[0], 0)
            need[1] += max(delta[1], 0)
        plans.append((vm, cpu, memory, mode, why))
    for host, (cpu, memory) in sorted(needs.items()):
        free = room.get(host, [0, 0])
        if cpu > free[0] or memory > free[1]:
            problems.append("host %s has %s vCPU and %d MiB free, the resize needs %d vCPU and %d MiB more" % (
                host, free[0], free[1] // MiB, cpu, memory // MiB))
    check.expect("resize_allowed", problems, "%d VM(s) exist, are Running or Stopped, and the new size fits" % len(vms),
                 "The resize is allowed and fits", u"变配允许且容量充足")
    check.raise_if_failed()
    return [vm_step(client, write, vm, cpu, memory, offering, mode, why, check.checks)
            for vm, cpu, memory, mode, why in plans]


def vm_step(client, write, vm, cpu, memory, offering, mode, why, checks):
    before = size_of(vm)
    after = dict(before, cpu=cpu, memory=memory, offering=offering or before["offering"],
                 restart=mode == "restart")
    tgt = target("vm", vm["name"], vm["uuid"])
    if mode is None:
        return Step("resize_vm", tgt, before=before, verify=lambda run: verify(client, vm["uuid"], before),
                    pre_checks=checks)

    def apply(run, rec):
        # journaled before the first write: a half-applied or lost resize is restored from the VM as it is found
        run.modified(rec, VM_TYPE, vm["uuid"], restore=dict(before), name=vm["name"])
        if mode == "restart":
            power(write, vm["uuid"], "stopVmInstance", "StopVmInstance")
        resize(write, vm["uuid"], cpu, memory, offering)
        if mode == "restart":
            power(write, vm["uuid"], "startVmInstance", "StartVmInstance")
        return dict(size_of(read_vm(client, vm["uuid"])), restart=mode == "restart")

    return Step("resize_vm", tgt, before=before, after=after, apply=apply, pre_checks=checks, title=why,
                verify=lambda run: verify(client, vm["uuid"], after))


def power(write, uuid, action, api):
    body = {action: {"type": "grace"}} if action == "stopVmInstance" else {action: {}}
    return write("PUT", "/vm-instances/%s/actions" % uuid, body, api)


def resize(write, uuid, cpu, memory, offering):
    if offering:
        return write("PUT", "/vm-instances/%s/actions" % uuid,
                     {"changeInstanceOffering": {"instanceOfferingUuid": offering}}, "ChangeInstanceOffering")
    return write("PUT", "/vm-instances/%s/actions" % uuid, {"updateVmInstance": {"cpuNum": cpu, "memorySize": memory}},
                 "UpdateVmInstance")


def verify(client, uuid, want):
    """Post-check: the VM read back has the size and power state planned (a rounded or half-applied resize fails)."""
    have = size_of(read_vm(client, uuid) or {})
    wrong = ["%s %s (wanted %s)" % (k, have[k], want[k]) for k in ("cpu", "memory", "state", "offering")
             if have[k] != want[k]]
    check = Validation()
    seen = "CPU %s, memory %d MiB, %s" % (have["cpu"], (have["memory"] or 0) // MiB, have["state"])
    check.expect("vm_size", wrong, seen,
                 "The VM has the planned size and power state", u"虚拟机规格和电源状态符合计划")
    return check.checks


def undo_size(run, entry):
    """Put a VM back to its size and power state before the change (stopped for the resize when it runs)."""
    client = run.client
    vm = read_vm(client, entry["id"])
    if vm is None:
        return GONE
    want, have = entry["restore"], size_of(vm)
    write = run.write
    if (have["cpu"], have["memory"], have["offering"]) != (want["cpu"], want["memory"], want["offering"]):
        if have["state"] == "Running":
            power(write, vm["uuid"], "stopVmInstance", "StopVmInstance")
        offering = want["offering"] if want["offering"] != have["offering"] else None
        if offering and query_eq(client, "/instance-offerings", uuid=offering):
            resize(write, vm["uuid"], None, None, offering)
        now = size_of(read_vm(client, vm["uuid"]))
        if (now["cpu"], now["memory"]) != (want["cpu"], want["memory"]):
            resize(write, vm["uuid"], want["cpu"], want["memory"], None)
        have = size_of(read_vm(client, vm["uuid"]))
    if have["state"] != want["state"]:
        power(write, vm["uuid"], "startVmInstance" if want["state"] == "Running" else "stopVmInstance",
              "StartVmInstance" if want["state"] == "Running" else "StopVmInstance")
    return "restored"

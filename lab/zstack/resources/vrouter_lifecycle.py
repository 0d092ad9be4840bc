"""Destroying a VPC router (an appliance VM): DestroyVmInstance ``DELETE /v1/vm-instances/{uuid}``.

ApplianceVmBase.destroyHook: "deleting appliance vm[uuid:%s], always use Direct deletion policy", so a
router is expunged at once (there is no Destroyed router to recover): its NICs go and return their
IPs, its root volume goes, its route-table refs go (foreign key), its host gets the capacity back.
The VPC L3 networks it served stay, without a router. User VMs keep ZStack's own policy (compute.py).
"""
from __future__ import annotations

from ..routes import handler
from .compute import destroy_vm as destroy_user_vm
from .vrouter_routes import drop_router_refs


def expunge_appliance(state, vr):
    for nic in list(state.by("nic", "vmInstanceUuid", vr["uuid"])):
        for eip in state.by("eip", "vmNicUuid", nic["uuid"]):
            eip["vmNicUuid"] = None
            eip["guestIp"] = None
        state.remove("nic", nic["uuid"])
    for vol in list(state.by("volume", "vmInstanceUuid", vr["uuid"])):
        state.remove("volume", vol["uuid"])
    drop_router_refs(state, vr["uuid"])
    host_uuid = vr.get("hostUuid")
    state.remove("vm", vr["uuid"])
    if host_uuid:
        state.recompute_hosts([host_uuid])


@handler("DestroyVmInstance")
def destroy_vm(ctx):
    vm = ctx.state.get("vm", ctx.get("uuid"))
    if vm is None or vm.get("type") != "ApplianceVm":
        return destroy_user_vm(ctx)
    expunge_appliance(ctx.state, vm)
    return {}

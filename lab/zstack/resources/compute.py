"""Zones, clusters, hosts (+ cpu/memory capacity), VMs (+ state machine), NICs, offerings, images.

Resize and clone (UpdateVmInstance, ChangeInstanceOffering, CloneVmInstance) live in ``scaling.py``."""
from __future__ import annotations

from .. import wire
from ..kinds import NESTED_CLASSES, kind, many, one
from ..query import wired
from ..routes import handler, query
from ..state import CAPACITY_STATES
from ..wire import ApiError, argerr, operr
from .helpers import fetch, updated

NESTED_CLASSES.update({
    "vmNics": "org.zstack.header.vm.VmNicInventory",
    "usedIps": "org.zstack.header.network.l3.UsedIpInventory",
    "allVolumes": "org.zstack.header.volume.VolumeInventory",
    "vmCdRoms": "org.zstack.header.vm.cdrom.VmCdRomInventory",
})


def render_nic(state, nic):
    inv = dict(nic)
    inv["usedIps"] = [{"uuid": nic["usedIpUuid"], "ipRangeUuid": nic.get("_ipRangeUuid"),
                       "l3NetworkUuid": nic["l3NetworkUuid"], "ip": nic["ip"], "ipInLong": ip_to_long(nic["ip"]),
                       "ipVersion": 4, "netmask": nic.get("netmask"), "gateway": nic.get("gateway"),
                       "vmNicUuid": nic["uuid"], "createDate": nic["createDate"],
                       "lastOpDate": nic["lastOpDate"]}] if nic.get("ip") else []
    return inv


def render_vm(state, vm):
    inv = dict(vm)
    nics = sorted(state.by("nic", "vmInstanceUuid", vm["uuid"]), key=lambda n: n.get("deviceId", 0))
    inv["vmNics"] = [wired(state, "nic", n) for n in nics]
    vols = sorted(state.by("volume", "vmInstanceUuid", vm["uuid"]), key=lambda v: (v.get("deviceId") is None, v.get("deviceId") or 0))
    inv["allVolumes"] = [wired(state, "volume", v) for v in vols]
    inv["vmCdRoms"] = [{"uuid": vm["_cdromUuid"], "name": f"vm-{vm['uuid'][:8]}-cdRom", "deviceId": 0,
                        "vmInstanceUuid": vm["uuid"], "createDate": vm["createDate"],
                        "lastOpDate": vm["createDate"]}] if vm.get("_cdromUuid") else []
    return inv


def ip_to_long(ip: str) -> int:
    a, b, c, d = (int(x) for x in ip.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


kind("zone", "org.zstack.header.zone.ZoneInventory", resource_type="ZoneVO",
     joins={"cluster": many("cluster", "zoneUuid"), "host": many("host", "zoneUuid"),
            "vmInstance": many("vm", "zoneUuid"), "primaryStorage": many("ps", "zoneUuid"),
            "l3Network": many("l3", "zoneUuid"), "l2Network": many("l2", "zoneUuid")})
kind("cluster", "org.zstack.header.cluster.ClusterInventory", resource_type="ClusterVO",
     joins={"zone": one("zone", "zoneUuid"), "host": many("host", "clusterUuid"),
            "vmInstance": many("vm", "clusterUuid"), "primaryStorage": many("ps", "attachedClusterUuids"),
            "l2Network": many("l2", "attachedClusterUuids")})
kind("host", "org.zstack.kvm.KVMHostInventory", resource_type="HostVO",
     joins={"zone": one("zone", "zoneUuid"), "cluster": one("cluster", "clusterUuid"),
            "vmInstance": many("vm", "hostUuid")})
kind("vm", "org.zstack.header.vm.VmInstanceInventory", render=render_vm, resource_type="VmInstanceVO",
     joins={"vmNics": many("nic", "vmInstanceUuid"), "allVolumes": many("volume", "vmInstanceUuid"),
            "rootVolume": one("volume", "rootVolumeUuid"), "host": one("host", "hostUuid"),
            "cluster": one("cluster", "clusterUuid"), "zone": one("zone", "zoneUuid"),
            "instanceOffering": one("offering", "instanceOfferingUuid"), "image": one("image", "imageUuid"),
            "defaultL3Network": one("l3", "defaultL3NetworkUuid")})
kind("nic", "org.zstack.header.vm.VmNicInventory", render=render_nic, resource_type="VmNicVO",
     joins={"vmInstance": one("vm", "vmInstanceUuid"), "l3Network": one("l3", "l3NetworkUuid"),
            "eip": many("eip", "vmNicUuid"), "securityGroup": many("sg", "_vmNicUuids")})
kind("offering", "org.zstack.header.configuration.InstanceOfferingInventory", resource_type="InstanceOfferingVO",
     joins={"vmInstance": many("vm", "instanceOfferingUuid")})
kind("vroffering", "org.zstack.network.service.virtualrouter.VirtualRouterOfferingInventory",
     resource_type="InstanceOfferingVO", joins={"zone": one("zone", "zoneUuid")})
kind("image", "org.zstack.header.image.ImageInventory", resource_type="ImageVO")
kind("account", "org.zstack.header.identity.AccountInventory", resource_type="AccountVO")

query("QueryZone", "zone")
query("QueryCluster", "cluster")
query("QueryHost", "host")
query("QueryVmInstance", "vm")
query("QueryVmNic", "nic")
query("QueryInstanceOffering", "offering", where=lambda r: r.get("type") == "UserVm")
query("QueryVirtualRouterOffering", "vroffering")
query("QueryImage", "image")
query("QueryAccount", "account")


# ---- host capacity ----------------------------------------------------------------------------
@handler("GetCpuMemoryCapacity")
def cpu_memory_capacity(ctx):
    st = ctx.state
    hosts = st.all("host")
    host_uuids, cluster_uuids, zone_uuids = ctx.list("hostUuids"), ctx.list("clusterUuids"), ctx.list("zoneUuids")
    if host_uuids:
        sel, rtype, key = [h for h in hosts if h["uuid"] in host_uuids], "HostVO", "uuid"
    elif cluster_uuids:
        sel, rtype, key = [h for h in hosts if h["clusterUuid"] in cluster_uuids], "ClusterVO", "clusterUuid"
    elif zone_uuids:
        sel, rtype, key = [h for h in hosts if h["zoneUuid"] in zone_uuids], "ZoneVO", "zoneUuid"
    elif ctx.bool("all"):
        sel, rtype, key = hosts, "HostVO", "uuid"
    else:
        raise argerr("zoneUuids, clusterUuids, hostUuids must at least have one be none-empty list, or all is set to true")
    ht = ctx.get("hypervisorType")
    if ht:
        sel = [h for h in sel if h.get("hypervisorType") == ht]
    sel = [h for h in sel if h.get("state") == "Enabled" and h.get("status") == "Connected"]
    groups: dict = {}
    for h in sel:
        g = groups.setdefault(h[key], {"resourceUuid": h[key], "totalCpu": 0, "availableCpu": 0,
                                       "totalMemory": 0, "availableMemory": 0, "managedCpuNum": 0})
        g["totalCpu"] += h["totalCpuCapacity"]
        g["availableCpu"] += h["availableCpuCapacity"]
        g["totalMemory"] += h["totalMemoryCapacity"]
        g["availableMemory"] += h["availableMemoryCapacity"]
        g["managedCpuNum"] += h["cpuNum"]
    data = list(groups.values())
    tot = {k: sum(g[k] for g in data) for k in ("totalCpu", "availableCpu", "totalMemory", "availableMemory", "managedCpuNum")}
    return dict(tot, capacityData=data, resourceType=rtype, success=True)


# ---- VM state machine -------------------------------------------------------------------------
def find_vm(ctx, field="uuid"):
    uuid = ctx.get(field) or ctx.get("vmInstanceUuid") or ctx.get("uuid")
    vm = ctx.state.get("vm", uuid)
    if vm is None or vm.get("state") == "Expunging":
        raise argerr(f"the resource[uuid:{uuid}, type:VmInstanceVO] doesn't exist or has been deleted")
    return vm


def _state_error(vm, op):
    return operr(f"The vm[uuid:{vm['uuid']}] is in state[{vm['state']}], {op} is not allowed in this state")


def set_vm_state(ctx, vm, new_state, host_uuid="keep"):
    old_host = vm.get("hostUuid")
    vm["state"] = new_state
    if host_uuid != "keep":
        vm["hostUuid"] = host_uuid
        if host_uuid:
            vm["lastHostUuid"] = host_uuid
    vm["lastOpDate"] = wire.now()
    ctx.state.touch()
    ctx.state.recompute_hosts(list(dict.fromkeys(u for u in (old_host, vm.get("hostUuid")) if u)))


def vm_reply(ctx, vm):
    return {"inventory": render_vm(ctx.state, vm)}


def _transitional(state_name, allowed):
    """begin(): show the transitional state at once and return a rollback for injected failures."""
    def begin(ctx):
        vm = ctx.state.get("vm", ctx.get("uuid"))
        if vm is None or vm["state"] not in allowed:
            return None
        old = vm["state"]
        vm["state"] = state_name
        ctx.state.touch()

        def rollback():
            vm["state"] = old
            vm.pop("_prev_state", None)
            ctx.state.touch()
        vm["_prev_state"] = old
        return rollback
    return begin


def _prev(vm):
    return vm.pop("_prev_state", vm["state"])


@handler("StopVmInstance")
def stop_vm(ctx):
    vm = find_vm(ctx)
    prev = _prev(vm)
    if ctx.get("type", "grace") not in ("grace", "cold"):
        raise argerr(f"valid values of field[type] are [grace, cold], but got {ctx.get('type')}")
    if prev == "Stopped":
        vm["state"] = "Stopped"
        return vm_reply(ctx, vm)
    if prev not in ("Running", "Paused", "Unknown", "Crashed", "Starting", "Stopping", "Rebooting"):
        vm["state"] = prev
        raise _state_error(dict(vm, state=prev), "stop")
    set_vm_state(ctx, vm, "Stopped", host_uuid=None)
    return vm_reply(ctx, vm)


stop_vm.begin = _transitional("Stopping", {"Running", "Paused", "Unknown", "Crashed"})


def pick_host(ctx, vm, host_uuid=None, cluster_uuid=None, exhausted=None):
    """A Connected, Enabled host with room for the VM (the last host first); ``exhausted`` None rolls the
    exhaust_capacity knob for this API."""
    st = ctx.state
    cands = []
    if host_uuid:
        h = st.get("host", host_uuid)
        if h is None:
            raise argerr(f"the resource[uuid:{host_uuid}, type:HostVO] doesn't exist or has been deleted")
        cands = [h]
    else:
        cl = cluster_uuid or vm.get("clusterUuid")
        cands = list(st.by("host", "clusterUuid", cl))
        last = st.get("host", vm.get("lastHostUuid"))
        if last in cands:
            cands.remove(last)
            cands.insert(0, last)
    if exhausted is None:
        exhausted = ctx.lab.faults.named("exhaust_capacity", ctx.api.name)
    for h in cands:
        if not exhausted and h["state"] == "Enabled" and h["status"] == "Connected" and \
                h["availableCpuCapacity"] >= vm["cpuNum"] and h["availableMemoryCapacity"] >= vm["memorySize"]:
            return h
    raise operr("no available host for the vm[uuid:%s]: no host having cpu[%s], memory[%s bytes] found, or the"
                " candidate hosts are not Connected and Enabled" % (vm["uuid"], vm["cpuNum"], vm["memorySize"]),
                cause=no_host())


def no_host():
    """The allocator's own error under a failed placement (conf/errorCodes/hostAllocator.xml, scaling-api.md 2.8)."""
    return ApiError("HOST_ALLOCATION.1000", "No available host found")


def record_start(ctx, vm):
    """What the hypervisor fixed when the domain was (re)defined: hot-plug needs vm/numa=true *at that start*
    (KVMHost.startVm sets useNuma and maxVcpu from vm/numa and vm/vm.max.vcpu; scaling-api.md 2.2), and every
    boot has its own 16 DIMM slots."""
    vm["_numa_at_start"] = numa_enabled(ctx, vm)
    vm["_max_vcpu_at_start"] = int(ctx.state.resource_config(_config_scope(vm), "vm", "vm.max.vcpu", "128"))
    vm["_mem_hotplugs"] = 0


def _config_scope(vm):
    return [vm["uuid"], vm.get("clusterUuid"), vm.get("zoneUuid")]


def numa_enabled(ctx, vm) -> bool:
    """The current vm/numa value for the VM (VM, then cluster, zone, global: @BindResourceConfig)."""
    return str(ctx.state.resource_config(_config_scope(vm), "vm", "numa", "false")).lower() == "true"


@handler("StartVmInstance")
def start_vm(ctx):
    vm = find_vm(ctx)
    prev = _prev(vm)
    if prev == "Running":
        vm["state"] = "Running"
        return vm_reply(ctx, vm)
    if prev not in ("Stopped", "Starting"):
        vm["state"] = prev
        raise _state_error(dict(vm, state=prev), "start")
    vm["state"] = "Stopped"
    h = pick_host(ctx, vm, ctx.get("hostUuid"), ctx.get("clusterUuid"))
    vm["clusterUuid"] = h["clusterUuid"]
    record_start(ctx, vm)
    set_vm_state(ctx, vm, "Running", host_uuid=h["uuid"])
    return vm_reply(ctx, vm)


start_vm.begin = _transitional("Starting", {"Stopped"})


def _simple_transition(op, from_states, to_state, redefine=False):
    """``redefine``: the operation re-creates the domain (RebootVmInstance is a stop + start on the
    hypervisor, VmInstanceManager.xml), so the start-time NUMA facts are taken again."""
    def fn(ctx):
        vm = find_vm(ctx)
        prev = _prev(vm)
        if prev not in from_states:
            vm["state"] = prev
            raise _state_error(dict(vm, state=prev), op)
        if redefine:
            record_start(ctx, vm)
        set_vm_state(ctx, vm, to_state)
        return vm_reply(ctx, vm)
    return fn


pause_vm = handler("PauseVmInstance")(_simple_transition("pause", {"Running", "Pausing"}, "Paused"))
pause_vm.begin = _transitional("Pausing", {"Running"})
resume_vm = handler("ResumeVmInstance")(_simple_transition("resume", {"Paused", "Resuming"}, "Running"))
resume_vm.begin = _transitional("Resuming", {"Paused"})
reboot_vm = handler("RebootVmInstance")(_simple_transition("reboot", {"Running", "Rebooting"}, "Running", redefine=True))
reboot_vm.begin = _transitional("Rebooting", {"Running"})


@handler("DestroyVmInstance")
def destroy_vm(ctx):
    vm = find_vm(ctx)
    if vm["state"] == "Destroyed":
        return {}
    set_vm_state(ctx, vm, "Destroyed", host_uuid=None)
    return {}


@handler("ExpungeVmInstance")
def expunge_vm(ctx):
    vm = find_vm(ctx)
    if vm["state"] != "Destroyed":
        raise operr(f"the vm[uuid:{vm['uuid']}] is not in state[Destroyed], cannot expunge it")
    st = ctx.state
    for n in list(st.by("nic", "vmInstanceUuid", vm["uuid"])):
        for sg in st.all("sg"):        # the NIC leaves its security groups with the VM
            if n["uuid"] in (sg.get("_vmNicUuids") or []):
                sg["_vmNicUuids"].remove(n["uuid"])
        st.remove("nic", n["uuid"])
    for v in list(st.by("volume", "vmInstanceUuid", vm["uuid"])):
        if v["type"] == "Root":
            # the root volume is deleted with the VM: its primary storage gets the space back
            ps = st.get("ps", v.get("primaryStorageUuid"))
            if ps is not None:
                ps["availableCapacity"] = min(ps["availableCapacity"] + v["size"],
                                              ps.get("totalCapacity", ps["availableCapacity"] + v["size"]))
            st.remove("volume", v["uuid"])
        else:
            v["vmInstanceUuid"] = None
            v["deviceId"] = None
    st.remove("vm", vm["uuid"])
    return {}


@handler("RecoverVmInstance")
def recover_vm(ctx):
    vm = find_vm(ctx)
    if vm["state"] != "Destroyed":
        raise _state_error(vm, "recover")
    set_vm_state(ctx, vm, "Stopped", host_uuid=None)
    return vm_reply(ctx, vm)


# ---- hosts ------------------------------------------------------------------------------------
def _host(ctx):
    return fetch(ctx, "host", "uuid", "HostVO")


@handler("ReconnectHost", seconds=1.0)
def reconnect_host(ctx):
    h = _host(ctx)
    if h.get("_unreachable"):
        h["status"] = "Disconnected"
        raise operr(f"failed to connect to the host[uuid:{h['uuid']}, ip:{h['managementIp']}]: unable to ssh in"
                    f" to the host, connection refused")
    h["status"] = "Connected"
    return updated(ctx, h)


@handler("ChangeHostState")
def change_host_state(ctx):
    h = _host(ctx)
    ev = ctx.req("stateEvent")
    mapping = {"enable": "Enabled", "disable": "Disabled", "maintain": "Maintenance"}
    if ev not in mapping:
        raise argerr(f"valid values of field[stateEvent] are [enable, disable, maintain], but got {ev}")
    if ev == "maintain":
        running = [v for v in ctx.state.by("vm", "hostUuid", h["uuid"]) if v["state"] in CAPACITY_STATES]
        if running:
            raise operr(f"the host[uuid:{h['uuid']}] still has {len(running)} VMs on it; the lab does not simulate"
                        " live migration for maintenance mode")
    h["state"] = mapping[ev]
    return updated(ctx, h)

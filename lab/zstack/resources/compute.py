"""Zones, clusters, hosts (+ cpu/memory capacity), VMs (+ state machine, resize), NICs, offerings, images."""
from __future__ import annotations

from .. import wire
from ..kinds import NESTED_CLASSES, kind, many, one
from ..query import wired
from ..routes import handler, query
from ..state import CAPACITY_STATES
from ..wire import argerr, operr
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
def _vm(ctx, field="uuid"):
    uuid = ctx.get(field) or ctx.get("vmInstanceUuid") or ctx.get("uuid")
    vm = ctx.state.get("vm", uuid)
    if vm is None or vm.get("state") == "Expunging":
        raise argerr(f"the resource[uuid:{uuid}, type:VmInstanceVO] doesn't exist or has been deleted")
    return vm


def _state_error(vm, op):
    return operr(f"The vm[uuid:{vm['uuid']}] is in state[{vm['state']}], {op} is not allowed in this state")


def _set_state(ctx, vm, new_state, host_uuid="keep"):
    old_host = vm.get("hostUuid")
    vm["state"] = new_state
    if host_uuid != "keep":
        vm["hostUuid"] = host_uuid
        if host_uuid:
            vm["lastHostUuid"] = host_uuid
    vm["lastOpDate"] = wire.now()
    ctx.state.touch()
    ctx.state.recompute_hosts(list(dict.fromkeys(u for u in (old_host, vm.get("hostUuid")) if u)))


def _vm_reply(ctx, vm):
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
    vm = _vm(ctx)
    prev = _prev(vm)
    if ctx.get("type", "grace") not in ("grace", "cold"):
        raise argerr(f"valid values of field[type] are [grace, cold], but got {ctx.get('type')}")
    if prev == "Stopped":
        vm["state"] = "Stopped"
        return _vm_reply(ctx, vm)
    if prev not in ("Running", "Paused", "Unknown", "Crashed", "Starting", "Stopping", "Rebooting"):
        vm["state"] = prev
        raise _state_error(dict(vm, state=prev), "stop")
    _set_state(ctx, vm, "Stopped", host_uuid=None)
    return _vm_reply(ctx, vm)


stop_vm.begin = _transitional("Stopping", {"Running", "Paused", "Unknown", "Crashed"})


def _pick_host(ctx, vm, host_uuid=None, cluster_uuid=None):
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
    for h in cands:
        if h["state"] == "Enabled" and h["status"] == "Connected" and \
                h["availableCpuCapacity"] >= vm["cpuNum"] and h["availableMemoryCapacity"] >= vm["memorySize"]:
            return h
    raise operr("no available host for the vm[uuid:%s]: no host having cpu[%s], memory[%s bytes] found, or the"
                " candidate hosts are not Connected and Enabled" % (vm["uuid"], vm["cpuNum"], vm["memorySize"]))


@handler("StartVmInstance")
def start_vm(ctx):
    vm = _vm(ctx)
    prev = _prev(vm)
    if prev == "Running":
        vm["state"] = "Running"
        return _vm_reply(ctx, vm)
    if prev not in ("Stopped", "Starting"):
        vm["state"] = prev
        raise _state_error(dict(vm, state=prev), "start")
    vm["state"] = "Stopped"
    h = _pick_host(ctx, vm, ctx.get("hostUuid"), ctx.get("clusterUuid"))
    vm["clusterUuid"] = h["clusterUuid"]
    _set_state(ctx, vm, "Running", host_uuid=h["uuid"])
    return _vm_reply(ctx, vm)


start_vm.begin = _transitional("Starting", {"Stopped"})


def _simple_transition(op, from_states, to_state):
    def fn(ctx):
        vm = _vm(ctx)
        prev = _prev(vm)
        if prev not in from_states:
            vm["state"] = prev
            raise _state_error(dict(vm, state=prev), op)
        _set_state(ctx, vm, to_state)
        return _vm_reply(ctx, vm)
    return fn


pause_vm = handler("PauseVmInstance")(_simple_transition("pause", {"Running", "Pausing"}, "Paused"))
pause_vm.begin = _transitional("Pausing", {"Running"})
resume_vm = handler("ResumeVmInstance")(_simple_transition("resume", {"Paused", "Resuming"}, "Running"))
resume_vm.begin = _transitional("Resuming", {"Paused"})
reboot_vm = handler("RebootVmInstance")(_simple_transition("reboot", {"Running", "Rebooting"}, "Running"))
reboot_vm.begin = _transitional("Rebooting", {"Running"})


@handler("DestroyVmInstance")
def destroy_vm(ctx):
    vm = _vm(ctx)
    if vm["state"] == "Destroyed":
        return {}
    _set_state(ctx, vm, "Destroyed", host_uuid=None)
    return {}


@handler("ExpungeVmInstance")
def expunge_vm(ctx):
    vm = _vm(ctx)
    if vm["state"] != "Destroyed":
        raise operr(f"the vm[uuid:{vm['uuid']}] is not in state[Destroyed], cannot expunge it")
    st = ctx.state
    for n in list(st.by("nic", "vmInstanceUuid", vm["uuid"])):
        st.remove("nic", n["uuid"])
    for v in list(st.by("volume", "vmInstanceUuid", vm["uuid"])):
        if v["type"] == "Root":
            st.remove("volume", v["uuid"])
        else:
            v["vmInstanceUuid"] = None
            v["deviceId"] = None
    st.remove("vm", vm["uuid"])
    return {}


@handler("RecoverVmInstance")
def recover_vm(ctx):
    vm = _vm(ctx)
    if vm["state"] != "Destroyed":
        raise _state_error(vm, "recover")
    _set_state(ctx, vm, "Stopped", host_uuid=None)
    return _vm_reply(ctx, vm)


# ---- resize: ChangeInstanceOffering / UpdateVmInstance (VmInstanceApiInterceptor rules) -------
def _numa_enabled(ctx, vm) -> bool:
    v = ctx.state.resource_config([vm["uuid"], vm.get("clusterUuid"), vm.get("zoneUuid")], "vm", "numa", "false")
    return str(v).lower() == "true"


def _apply_resize(ctx, vm, cpu, mem, kind_msgs):
    """kind_msgs: (disabled-cpu, disabled-mem, decrease-cpu, decrease-mem) detail templates."""
    if vm["state"] not in ("Running", "Stopped"):
        raise operr(f"The state of vm[uuid:{vm['uuid']}] is {vm['state']}. Only these state[Running,Stopped]"
                    " is allowed to update cpu or memory.")
    if vm["state"] == "Running":
        cpu_change = cpu is not None and cpu != vm["cpuNum"]
        mem_change = mem is not None and mem != vm["memorySize"]
        if (cpu_change or mem_change) and not _numa_enabled(ctx, vm):
            raise argerr(kind_msgs[0] if cpu_change else kind_msgs[1])
        if cpu is not None and cpu < vm["cpuNum"]:
            raise argerr(kind_msgs[2] % vm["uuid"])
        if mem is not None and mem < vm["memorySize"]:
            raise argerr(kind_msgs[3] % vm["uuid"])
        host = ctx.state.get("host", vm.get("hostUuid"))
        if host is not None:
            need_cpu = (cpu or vm["cpuNum"]) - vm["cpuNum"]
            need_mem = (mem or vm["memorySize"]) - vm["memorySize"]
            if need_cpu > host["availableCpuCapacity"] or need_mem > host["availableMemoryCapacity"]:
                raise operr(f"the host[uuid:{host['uuid']}] doesn't have enough capacity to hot plug cpu[{need_cpu}]"
                            f" or memory[{need_mem} bytes] for the vm[uuid:{vm['uuid']}]")
    if cpu is not None:
        vm["cpuNum"] = cpu
    if mem is not None:
        vm["memorySize"] = mem
        if vm.get("reservedMemorySize") and vm["reservedMemorySize"] > mem:
            vm["reservedMemorySize"] = mem
    vm["lastOpDate"] = wire.now()
    ctx.state.touch()
    if vm.get("hostUuid"):
        ctx.state.recompute_hosts([vm["hostUuid"]])


_OFFERING_MSGS = (
    "the VM cannot do online cpu/memory update because of disabling Instance Offering Online Modification. "
    "Please stop the VM then do the cpu/memory update again",
    "the VM cannot do online cpu/memory update because of disabling Instance Offering Online Modification. "
    "Please stop the VM then do the cpu/memory update again",
    "can't decrease capacity when vm[uuid:%s] is running",
    "can't decrease capacity when vm[uuid:%s] is running",
)
_UPDATE_MSGS = (
    "the VM cannot do cpu hot plug because of disabling cpu hot plug. Please stop the VM then do the cpu hot plug again",
    "the VM cannot do memory hot plug because of disabling memory hot plug. Please stop the VM then do the memory hot"
    " plug again",
    "can't decrease cpu of vm[uuid:%s] when it is running",
    "can't decrease memory size of vm[uuid:%s] when it is running",
)


@handler("ChangeInstanceOffering")
def change_offering(ctx):
    vm = _vm(ctx, "vmInstanceUuid")
    off = ctx.state.get("offering", ctx.req("instanceOfferingUuid"))
    if off is None:
        raise argerr(f"the resource[uuid:{ctx.get('instanceOfferingUuid')}, type:InstanceOfferingVO] doesn't exist"
                     " or has been deleted")
    if off.get("state") != "Enabled":
        raise operr(f"the instance offering[uuid:{off['uuid']}] is not Enabled")
    _apply_resize(ctx, vm, off["cpuNum"], off["memorySize"], _OFFERING_MSGS)
    vm["instanceOfferingUuid"] = off["uuid"]
    return _vm_reply(ctx, vm)


@handler("UpdateVmInstance")
def update_vm(ctx):
    vm = _vm(ctx)
    cpu = ctx.get("cpuNum")
    mem = ctx.get("memorySize")
    try:
        cpu = None if cpu is None else int(cpu)
        mem = None if mem is None else int(mem)
    except (TypeError, ValueError):
        raise argerr("cpuNum and memorySize must be integers")
    if cpu is not None and not 1 <= cpu <= 1024:
        raise argerr(f"field[cpuNum] must be in range of [1, 1024], but got {cpu}")
    if mem is not None and mem < 1:
        raise argerr(f"field[memorySize] must be positive, but got {mem}")
    rsv = ctx.get("reservedMemorySize")
    if rsv is not None and int(rsv) > (mem or vm["memorySize"]):
        raise argerr("reservedMemorySize must be less than or equal to memorySize")
    if cpu is not None or mem is not None:
        _apply_resize(ctx, vm, cpu, mem, _UPDATE_MSGS)
    for f in ("name", "description", "platform", "guestOsType", "defaultL3NetworkUuid"):
        if ctx.get(f) is not None:
            vm[f] = ctx.get(f)
    if rsv is not None:
        vm["reservedMemorySize"] = int(rsv)
    vm["lastOpDate"] = wire.now()
    ctx.state.touch()
    return _vm_reply(ctx, vm)


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

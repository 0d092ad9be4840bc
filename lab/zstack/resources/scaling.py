"""Scaling: vertical resize (UpdateVmInstance, ChangeInstanceOffering), volume growth (ResizeRootVolume,
ResizeDataVolume) and scale-out (CloneVmInstance), with the rules of shared/reference/scaling-api.md section 2.

The interceptor (VmInstanceApiInterceptor, 2.3) runs first; a Running VM then goes through
KVMHost.handle(UpdateVmOnHypervisorMsg) (2.4): align the memory delta to 128 MiB, allocate the delta on the
current host, hot-plug the CPU, then the memory. A failure after the CPU step keeps the CPU in the DB and
still fails the API (half-applied). A Stopped VM takes any size at once; capacity counts at its next start.
"""
from __future__ import annotations

from .. import wire
from ..routes import handler
from ..wire import argerr, operr
from .compute import find_vm, no_host, numa_enabled, pick_host, record_start, render_vm, vm_reply
from .helpers import fetch, updated
from .network import allocate_ip, new_nic
from .storage import marker_of

MIB = 1024 ** 2
MEMORY_STEP = 128 * MIB      # KVMHost align-memory (2.4.1)
DIMM_SLOTS = 16              # <maxMemory slots='16'>: one DIMM per memory increase per boot (2.2, an inference)
_HOTPLUG_HINT = "please check if you have rebooted the VM to make Instance Offering Online Modification take effect"


def align_memory(old: int, new: int) -> int:
    """The memory a running increase really gets (2.4.1): the delta rounded to 128 MiB (remainder < 64 MiB
    down, else up); a delta that rounds to 0 becomes 128 MiB."""
    delta = new - old
    rem = delta % MEMORY_STEP
    if rem:
        delta = delta - rem if rem < MEMORY_STEP // 2 else delta - rem + MEMORY_STEP
    return old + (delta or MEMORY_STEP)


def numa_at_start(ctx, vm) -> bool:
    """vm/numa as it was when the domain was last defined. A VM the lab has not (re)started itself takes the
    current value, unless the world says otherwise (VM key ``numa_at_start``)."""
    known = vm.get("_numa_at_start")
    return numa_enabled(ctx, vm) if known is None else bool(known)


# ---- interceptor (2.3) ----------------------------------------------------------------------------------
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


def _intercept(ctx, vm, cpu, mem, msgs, always_online_check=False):
    if vm["state"] not in ("Running", "Stopped"):
        raise operr(f"The state of vm[uuid:{vm['uuid']}] is {vm['state']}. Only these state[Running,Stopped]"
                    " is allowed to update cpu or memory.")
    if vm["state"] != "Running":
        return
    cpu_change = cpu is not None and cpu != vm["cpuNum"]
    mem_change = mem is not None and mem != vm["memorySize"]
    # ChangeInstanceOffering refuses with numa off even when the new offering has the same size
    if (cpu_change or mem_change or always_online_check) and not numa_enabled(ctx, vm):
        raise argerr(msgs[0] if cpu_change or not mem_change else msgs[1])
    if cpu is not None and cpu < vm["cpuNum"]:
        raise argerr(msgs[2] % vm["uuid"])
    if mem is not None and mem < vm["memorySize"]:
        raise argerr(msgs[3] % vm["uuid"])


# ---- on the hypervisor (2.4) ----------------------------------------------------------------------------
def _hotplug(ctx, vm, cpu, mem, on_partial=None):
    """Resize a Running VM: returns nothing, raises the API's error; ``on_partial`` runs when the CPU was
    hot-plugged and the memory failed (ChangeInstanceOffering still switches the offering)."""
    faults = ctx.lab.faults
    new_cpu = vm["cpuNum"] if cpu is None else cpu
    new_mem = vm["memorySize"] if mem is None or mem == vm["memorySize"] else align_memory(vm["memorySize"], mem)
    d_cpu, d_mem = new_cpu - vm["cpuNum"], new_mem - vm["memorySize"]
    if not d_cpu and not d_mem:
        return
    host = ctx.state.get("host", vm.get("hostUuid"))
    # allocate-host-capacity-on-host: the current host only, no migration; the placeholder prints the VM uuid
    if faults.named("exhaust_capacity", ctx.api.name) or host is None or \
            d_cpu > host["availableCpuCapacity"] or d_mem > host["availableMemoryCapacity"]:
        raise operr(f"host[uuid:{vm['uuid']}] capacity is not enough to offer cpu[{d_cpu}], memory[{d_mem} bytes]",
                    cause=no_host())
    online = numa_at_start(ctx, vm)
    if d_cpu:
        max_vcpu = int(vm.get("_max_vcpu_at_start") or 128)
        if not online or new_cpu > max_vcpu:
            limit = max_vcpu if online else vm["cpuNum"]
            raise operr(f"failed to hot plug cpu of the vm[uuid:{vm['uuid']}]: requested vcpus is greater than max"
                        f" allowable vcpus for the live domain: {new_cpu} > {limit}, {_HOTPLUG_HINT}")
    mem_error = None
    if d_mem:
        if not online or int(vm.get("_mem_hotplugs") or 0) >= DIMM_SLOTS:
            mem_error = ("failed to hot plug memory of the vm[uuid:%s]: Attaching memory device with size %d"
                         " would exceed domain's maxMemory config, %s" % (vm["uuid"], d_mem, _HOTPLUG_HINT))
        elif faults.named("half_apply_resize", ctx.api.name):
            mem_error = f"failed to hot plug memory of the vm[uuid:{vm['uuid']}]: No enough physical memory for guest"
    if mem_error is not None and not d_cpu:
        raise operr(mem_error)
    vm["cpuNum"] = new_cpu
    if mem_error is not None:
        # VmInstanceBase writes the part that worked, fires the config-changed event, then fails the API
        if on_partial is not None:
            on_partial()
        _committed(ctx, vm)
        raise operr(f"{mem_error}. The modification of some properties failed")
    if d_mem:
        vm["memorySize"] = new_mem
        vm["_mem_hotplugs"] = int(vm.get("_mem_hotplugs") or 0) + 1
    _committed(ctx, vm)


def _committed(ctx, vm):
    vm["lastOpDate"] = wire.now()
    ctx.state.touch()
    if vm.get("hostUuid"):
        ctx.state.recompute_hosts([vm["hostUuid"]])


def _resize(ctx, vm, cpu, mem, on_partial=None):
    if vm["state"] == "Running":
        _hotplug(ctx, vm, cpu, mem, on_partial)
        return
    # Stopped: any size (shrink too), not aligned, no host involved; capacity is checked at the next start
    if cpu is not None:
        vm["cpuNum"] = cpu
    if mem is not None:
        vm["memorySize"] = mem
    _committed(ctx, vm)


@handler("ChangeInstanceOffering", seconds=0.4)
def change_offering(ctx):
    vm = find_vm(ctx, "vmInstanceUuid")
    off = ctx.state.get("offering", ctx.req("instanceOfferingUuid"))
    if off is None:
        raise argerr(f"the resource[uuid:{ctx.get('instanceOfferingUuid')}, type:InstanceOfferingVO] doesn't exist"
                     " or has been deleted")
    if off.get("state") != "Enabled":
        raise operr(f"the instance offering[uuid:{off['uuid']}] is not Enabled")
    _intercept(ctx, vm, off["cpuNum"], off["memorySize"], _OFFERING_MSGS, always_online_check=True)

    def switch():
        vm["instanceOfferingUuid"] = off["uuid"]
    _resize(ctx, vm, off["cpuNum"], off["memorySize"], on_partial=switch)
    switch()
    return vm_reply(ctx, vm)


def _int_field(ctx, name):
    value = ctx.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise argerr(f"field[{name}] must be an integer, but got {value}") from None


@handler("UpdateVmInstance", seconds=0.4)
def update_vm(ctx):
    vm = find_vm(ctx)
    cpu, mem, rsv = _int_field(ctx, "cpuNum"), _int_field(ctx, "memorySize"), _int_field(ctx, "reservedMemorySize")
    # APIUpdateVmInstanceMsg: cpuNum 1..1024, memorySize 1..Long.MAX, reservedMemorySize 0..Long.MAX (2.1)
    if cpu is not None and not 1 <= cpu <= 1024:
        raise argerr(f"field[cpuNum] must be in range of [1, 1024], but got {cpu}")
    if mem is not None and mem < 1:
        raise argerr(f"field[memorySize] must be in range of [1, {2 ** 63 - 1}], but got {mem}")
    if rsv is not None and rsv > (mem or vm["memorySize"]):
        raise argerr(f"reservedMemorySize[{rsv}] is greater than memorySize[{mem or vm['memorySize']}]")
    if cpu is not None or mem is not None:
        _intercept(ctx, vm, cpu, mem, _UPDATE_MSGS)
        _resize(ctx, vm, cpu, mem)
    for f in ("name", "description", "platform", "guestOsType", "defaultL3NetworkUuid"):
        if ctx.get(f) is not None:
            vm[f] = ctx.get(f)
    if rsv is not None:
        vm["reservedMemorySize"] = rsv
    _committed(ctx, vm)
    return vm_reply(ctx, vm)


# ---- volume growth (2.6) ------------------------------------------------------------------------------------
def _grow_volume(ctx, want_type):
    """Grow only, online (virsh blockresize on a Running VM) or offline (qemu-img resize). The MN side is
    closed source: the texts below are the lab's, the codes follow ZStack's argerr/operr split."""
    vol = fetch(ctx, "volume", "uuid", "VolumeVO")
    size = _int_field(ctx, "size")
    if size is None:
        raise argerr("missing mandatory field[size]")
    if vol["type"] != want_type:
        raise argerr(f"the volume[uuid:{vol['uuid']}] is not a {want_type.lower()} volume")
    if size <= vol["size"]:
        raise argerr(f"the new size[{size}] of the volume[uuid:{vol['uuid']}] must be larger than the current"
                     f" size[{vol['size']}], shrinking a volume is not supported")
    if vol.get("status") != "Ready":
        raise operr(f"the volume[uuid:{vol['uuid']}] is not in status of Ready, current status is {vol.get('status')}")
    vm = ctx.state.get("vm", vol.get("vmInstanceUuid"))
    if vm is not None and vm["state"] not in ("Running", "Stopped"):
        raise operr(f"the vm[uuid:{vm['uuid']}] the volume[uuid:{vol['uuid']}] is attached to is in state"
                    f"[{vm['state']}], the volume can only be resized when the vm is Running or Stopped")
    ps = ctx.state.get("ps", vol.get("primaryStorageUuid"))
    grow = size - vol["size"]
    if ps is not None:
        if ctx.lab.faults.named("exhaust_capacity", ctx.api.name) or grow > ps["availableCapacity"]:
            raise operr(f"the primary storage[uuid:{ps['uuid']}] does not have enough capacity to resize the volume"
                        f"[uuid:{vol['uuid']}]: required {grow} bytes, available {ps['availableCapacity']} bytes")
        ps["availableCapacity"] -= grow
    vol["size"] = size
    return updated(ctx, vol)


@handler("ResizeRootVolume", seconds=0.6)
def resize_root(ctx):
    return _grow_volume(ctx, "Root")


@handler("ResizeDataVolume", seconds=0.6)
def resize_data(ctx):
    return _grow_volume(ctx, "Data")


# ---- scale-out (2.7) ---------------------------------------------------------------------------------------
_STRATEGIES = {"InstantStart": "Running", "CreateStopped": "Stopped", "JustCreate": "Created"}


def _place(ctx, src, state_after, cluster_uuid, host_uuid):
    """The host for a clone that starts now (the allocator of a new VM), or None for a stopped clone."""
    if state_after != "Running":
        return None
    probe = {"uuid": src["uuid"], "cpuNum": src["cpuNum"], "memorySize": src["memorySize"],
             "clusterUuid": cluster_uuid or src.get("clusterUuid"), "lastHostUuid": None}
    return pick_host(ctx, probe, host_uuid, cluster_uuid or src.get("clusterUuid"), exhausted=False)


def _volume_copy(ctx, src_vol, vm, ps, name, device_id):
    ts = wire.now()
    uid = wire.new_uuid()
    kind = "rootVolumes" if src_vol["type"] == "Root" else "dataVolumes"
    vol = dict(src_vol, uuid=uid, name=name, vmInstanceUuid=vm["uuid"], primaryStorageUuid=ps["uuid"],
               deviceId=device_id, status="Ready", createDate=ts, lastOpDate=ts, lastAttachDate=ts,
               installPath=f"{ps.get('url', '/zstack_ps')}/{kind}/acct-lab/vol-{uid}/{uid}.qcow2")
    for internal in [k for k in vol if k.startswith("_")]:
        del vol[internal]
    vol["_marker"] = marker_of("volume", src_vol)      # a clone reads back its source's content
    ctx.state.add("volume", vol)
    ps["availableCapacity"] = max(ps["availableCapacity"] - vol["size"], 0)
    return vol


def _clone_one(ctx, src, name, state_after, plan):
    st = ctx.state
    host = _place(ctx, src, state_after, ctx.get("clusterUuid"), ctx.get("hostUuid"))
    # every IP first, so a clone that cannot get one leaves nothing behind
    src_nics = sorted(st.by("nic", "vmInstanceUuid", src["uuid"]), key=lambda n: n.get("deviceId", 0))
    ips, taken = [], set()
    for nic in src_nics:
        l3 = st.get("l3", nic["l3NetworkUuid"])
        ip, rng = _free_ip(st, l3, taken)
        ips.append((nic, l3, ip, rng))
    need: dict = {}
    for vol, ps in plan:
        need[ps["uuid"]] = need.get(ps["uuid"], 0) + vol["size"]
    for ps_uuid, nbytes in need.items():
        ps = st.get("ps", ps_uuid)
        if nbytes > ps["availableCapacity"]:
            raise operr(f"no primary storage has enough capacity for the vm[{name}]: the primary storage[uuid:"
                        f"{ps_uuid}] needs {nbytes} bytes, {ps['availableCapacity']} bytes available")
    ts = wire.now()
    uid = wire.new_uuid()
    vm = {k: v for k, v in src.items() if not k.startswith("_")}
    vm.update(uuid=uid, name=name, description=src.get("description"), state=state_after,
              hostUuid=host["uuid"] if host else None, lastHostUuid=host["uuid"] if host else None,
              clusterUuid=host["clusterUuid"] if host else (ctx.get("clusterUuid") or src.get("clusterUuid")),
              internalId=max(int(v.get("internalId") or 0) for v in st.all("vm")) + 1,
              createDate=ts, lastOpDate=ts, _cdromUuid=wire.new_uuid(), _util=dict(src.get("_util") or {}))
    st.add("vm", vm)
    for vol, ps in plan:
        copy = _volume_copy(ctx, vol, vm, ps, f"ROOT-for-{name}" if vol["type"] == "Root" else
                            f"DATA-{name}-{vol.get('deviceId')}", vol.get("deviceId"))
        if vol["type"] == "Root":
            vm["rootVolumeUuid"] = copy["uuid"]
    for nic, l3, ip, rng in ips:
        new = new_nic(st, vm, l3, ip, rng, nic.get("deviceId", 0))
        for sg in st.all("sg"):        # the clone's NIC joins the source NIC's security groups
            if nic["uuid"] in (sg.get("_vmNicUuids") or []):
                sg["_vmNicUuids"].append(new["uuid"])
    if host is not None:
        record_start(ctx, vm)
        st.recompute_hosts([host["uuid"]])
    st.touch()
    return vm


def _free_ip(st, l3, taken):
    ip, rng = allocate_ip(st, l3)
    if ip in taken:     # two NICs of the source on one L3: allocate past the first
        raise operr(f"no available IP on the L3 network[uuid:{l3['uuid']}, name:{l3['name']}]")
    taken.add(ip)
    return ip, rng


@handler("CloneVmInstance", seconds=1.0)
def clone_vm(ctx):
    """Result ``{numberOfClonedVm, inventories[{inventory}]}``; one clone per name; a clone that cannot be
    placed (host, IP, primary storage) is left out, so ``numberOfClonedVm < len(names)`` is partial success;
    none at all fails the job with the first clone's error."""
    st = ctx.state
    src = find_vm(ctx, "vmInstanceUuid")
    names = ctx.list("names")
    if not names or any(not isinstance(n, str) or not n for n in names):
        raise argerr("missing mandatory field[names]")
    strategy = ctx.get("strategy", "InstantStart")
    if strategy not in _STRATEGIES:
        raise argerr(f"valid values of field[strategy] are {sorted(_STRATEGIES)}, but got {strategy}")
    if src["state"] not in ("Running", "Stopped"):
        raise operr(f"The vm[uuid:{src['uuid']}] is in state[{src['state']}], clone is not allowed in this state")
    if str(st.global_config("vm", "uniqueVmName", "false")).lower() == "true":
        # vm/uniqueVmName (default false): duplicates refused only when on (vm.xml L313-319); text: the lab's
        existing = {v["name"] for v in st.all("vm") if v.get("state") != "Destroyed"}
        dup = next((n for i, n in enumerate(names) if n in existing or n in names[:i]), None)
        if dup is not None:
            raise argerr(f"the vm name[{dup}] is not unique, global config vm/uniqueVmName is true")
    for field in ("clusterUuid", "hostUuid", "primaryStorageUuidForRootVolume", "primaryStorageUuidForDataVolume"):
        kind_name = {"clusterUuid": "cluster", "hostUuid": "host"}.get(field, "ps")
        if ctx.get(field) and st.get(kind_name, ctx.get(field)) is None:
            raise argerr(f"the resource[uuid:{ctx.get(field)}] given in field[{field}] doesn't exist")
    vols = sorted(st.by("volume", "vmInstanceUuid", src["uuid"]), key=lambda v: v.get("deviceId") or 0)
    plan = []
    for vol in vols:
        if vol["type"] == "Root":
            ps_uuid = ctx.get("primaryStorageUuidForRootVolume") or vol["primaryStorageUuid"]
        elif ctx.bool("full"):
            ps_uuid = ctx.get("primaryStorageUuidForDataVolume") or vol["primaryStorageUuid"]
        else:
            continue
        plan.append((vol, st.get("ps", ps_uuid)))
    if ctx.lab.faults.named("exhaust_capacity", ctx.api.name):     # rolled once per call, not per clone
        raise operr(f"no available host for the vm[uuid:{src['uuid']}]: no host having cpu[{src['cpuNum']}],"
                    f" memory[{src['memorySize']} bytes] found, or the candidate hosts are not Connected and Enabled",
                    cause=no_host())
    made, first_error = [], None
    for name in names:
        try:
            made.append(_clone_one(ctx, src, name, _STRATEGIES[strategy], plan))
        except wire.ApiError as e:
            first_error = first_error or e
    if not made:
        raise first_error
    return {"result": {"numberOfClonedVm": len(made),
                       "inventories": [{"inventory": render_vm(st, vm)} for vm in made]}}

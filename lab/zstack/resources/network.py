"""L2/L3 networks, IP ranges and capacity, service providers, VPC routers, VIPs, EIPs, security groups."""
from __future__ import annotations

import ipaddress

from .. import wire
from ..kinds import NESTED_CLASSES, kind, many, one
from ..routes import handler, query
from ..wire import argerr, operr
from .compute import render_vm
from .helpers import change_state, fetch as _get, updated

NESTED_CLASSES.update({
    "ipRanges": "org.zstack.header.network.l3.IpRangeInventory",
    "networkServices": "org.zstack.header.network.service.NetworkServiceL3NetworkRefInventory",
    "rules": "org.zstack.network.securitygroup.SecurityGroupRuleInventory",
    "servicesRefs": "org.zstack.network.service.vip.VipNetworkServicesRefInventory",
})


def render_l3(state, l3):
    inv = dict(l3)
    inv["ipRanges"] = [dict(r) for r in state.by("iprange", "l3NetworkUuid", l3["uuid"])]
    inv["networkServices"] = [{"l3NetworkUuid": l3["uuid"], "networkServiceProviderUuid": s["providerUuid"],
                               "networkServiceType": s["type"]} for s in l3.get("_services") or []]
    inv["hostRoute"] = []
    inv["dns"] = list(l3.get("dns") or [])
    return inv


def render_sg(state, sg):
    inv = dict(sg)
    inv["rules"] = sorted((dict(r) for r in state.by("sgrule", "securityGroupUuid", sg["uuid"])),
                          key=lambda r: (r["type"], r.get("priority", 0)))
    inv["attachedL3NetworkUuids"] = list(sg.get("attachedL3NetworkUuids") or [])
    return inv


def render_vip(state, vip):
    inv = dict(vip)
    refs = []
    for e in state.by("eip", "vipUuid", vip["uuid"]):
        refs.append({"uuid": e["uuid"], "serviceType": "Eip", "vipUuid": vip["uuid"],
                     "createDate": e["createDate"], "lastOpDate": e["lastOpDate"]})
    inv["servicesRefs"] = refs
    inv["useFor"] = "Eip" if refs else vip.get("useFor")
    return inv


kind("l2", "org.zstack.header.network.l2.L2NetworkInventory", resource_type="L2NetworkVO",
     joins={"zone": one("zone", "zoneUuid"), "l3Network": many("l3", "l2NetworkUuid")})
kind("l3", "org.zstack.header.network.l3.L3NetworkInventory", render=render_l3, resource_type="L3NetworkVO",
     joins={"l2Network": one("l2", "l2NetworkUuid"), "zone": one("zone", "zoneUuid"),
            "ipRanges": many("iprange", "l3NetworkUuid"), "vmNic": many("nic", "l3NetworkUuid")})
kind("iprange", "org.zstack.header.network.l3.IpRangeInventory", resource_type="IpRangeVO",
     joins={"l3Network": one("l3", "l3NetworkUuid")})
kind("provider", "org.zstack.header.network.service.NetworkServiceProviderInventory")
kind("vip", "org.zstack.network.service.vip.VipInventory", render=render_vip, resource_type="VipVO",
     joins={"l3Network": one("l3", "l3NetworkUuid"), "eip": many("eip", "vipUuid")})
kind("eip", "org.zstack.network.service.eip.EipInventory", resource_type="EipVO",
     joins={"vip": one("vip", "vipUuid"), "vmNic": one("nic", "vmNicUuid")})
kind("sg", "org.zstack.network.securitygroup.SecurityGroupInventory", render=render_sg,
     resource_type="SecurityGroupVO", joins={"rules": many("sgrule", "securityGroupUuid")})
kind("sgrule", "org.zstack.network.securitygroup.SecurityGroupRuleInventory",
     joins={"securityGroup": one("sg", "securityGroupUuid")})
kind("sgnic", "org.zstack.network.securitygroup.VmNicSecurityGroupRefInventory")

_IS_VR = {"vpcvrouter", "VirtualRouter"}
query("QueryL2Network", "l2")
query("QueryL3Network", "l3")
query("QueryIpRange", "iprange")
query("QueryNetworkServiceProvider", "provider")
query("QueryVip", "vip")
query("QueryEip", "eip")
query("QuerySecurityGroup", "sg")
query("QuerySecurityGroupRule", "sgrule")
query("QueryVmNicInSecurityGroup", "sgnic")
query("QueryVpcRouter", "vm", where=lambda r: r.get("applianceVmType") == "vpcvrouter",
      java_class="org.zstack.network.service.vpc.VpcRouterVmInventory")
query("QueryVirtualRouterVm", "vm", where=lambda r: r.get("applianceVmType") in _IS_VR,
      java_class="org.zstack.network.service.virtualrouter.VirtualRouterVmInventory")
query("QueryApplianceVm", "vm", where=lambda r: r.get("type") == "ApplianceVm",
      java_class="org.zstack.appliancevm.ApplianceVmInventory")


# ---- IP bookkeeping ---------------------------------------------------------------------------
def used_ips(state, l3_uuid) -> list[dict]:
    """Every allocated IP on an L3: VM/router NICs and VIPs."""
    out = []
    for n in state.by("nic", "l3NetworkUuid", l3_uuid):
        if n.get("ip"):
            out.append({"ip": n["ip"], "nic": n})
    for v in state.by("vip", "l3NetworkUuid", l3_uuid):
        if v.get("ip") and not v.get("_sharesNicIp"):
            out.append({"ip": v["ip"], "vip": v})
    return out


def range_size(r) -> int:
    return int(ipaddress.IPv4Address(r["endIp"])) - int(ipaddress.IPv4Address(r["startIp"])) + 1


def _in_range(ip, r) -> bool:
    i = int(ipaddress.IPv4Address(ip))
    return int(ipaddress.IPv4Address(r["startIp"])) <= i <= int(ipaddress.IPv4Address(r["endIp"]))


def allocate_ip(state, l3, required=None):
    ranges = state.by("iprange", "l3NetworkUuid", l3["uuid"])
    if not ranges:
        raise operr(f"the L3 network[uuid:{l3['uuid']}] has no IP range")
    taken = {u["ip"] for u in used_ips(state, l3["uuid"])}
    if required:
        r = next((r for r in ranges if _in_range(required, r)), None)
        if r is None:
            raise argerr(f"the static IP[{required}] is not in any IP range of the L3 network[uuid:{l3['uuid']}]")
        if required in taken:
            raise operr(f"the IP[{required}] is already used on the L3 network[uuid:{l3['uuid']}]")
        return required, r
    for r in ranges:
        start, end = int(ipaddress.IPv4Address(r["startIp"])), int(ipaddress.IPv4Address(r["endIp"]))
        for i in range(start, end + 1):
            ip = str(ipaddress.IPv4Address(i))
            if ip not in taken and ip != r.get("gateway"):
                return ip, r
    raise operr(f"no available IP on the L3 network[uuid:{l3['uuid']}, name:{l3['name']}]: all IPs in its IP ranges"
                " are used")


def free_ips(state, l3) -> int:
    """Addresses of an L3's ranges that are neither used nor a range gateway."""
    taken = {u["ip"] for u in used_ips(state, l3["uuid"])}
    free = 0
    for r in state.by("iprange", "l3NetworkUuid", l3["uuid"]):
        taken_here = sum(1 for ip in taken | ({r["gateway"]} if r.get("gateway") else set()) if _in_range(ip, r))
        free += range_size(r) - taken_here
    return free


def _ip_int(ip: str) -> int:
    a, b, c, d = ip.split(".")
    return (int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d)


def _capacity_of(state, l3_uuids, range_filter=None):
    total = used = 0
    for lu in l3_uuids:
        ranges = [(_ip_int(r["startIp"]), _ip_int(r["endIp"])) for r in state.by("iprange", "l3NetworkUuid", lu)
                  if range_filter is None or r["uuid"] in range_filter]
        total += sum(hi - lo + 1 for lo, hi in ranges)
        for u in used_ips(state, lu):
            n = _ip_int(u["ip"])
            if any(lo <= n <= hi for lo, hi in ranges):
                used += 1
    return total, used


@handler("GetIpAddressCapacity")
def ip_capacity(ctx):
    st = ctx.state
    l3s, ranges, zones = ctx.list("l3NetworkUuids"), ctx.list("ipRangeUuids"), ctx.list("zoneUuids")
    groups = []
    if ranges:
        rtype = "IpRangeVO"
        for ru in ranges:
            r = st.get("iprange", ru)
            if r:
                groups.append((ru, *_capacity_of(st, [r["l3NetworkUuid"]], {ru})))
    elif l3s:
        rtype = "L3NetworkVO"
        groups = [(u, *_capacity_of(st, [u])) for u in l3s if st.get("l3", u)]
    elif zones:
        rtype = "ZoneVO"
        groups = [(z, *_capacity_of(st, [l["uuid"] for l in st.by("l3", "zoneUuid", z)])) for z in zones]
    elif ctx.bool("all"):
        rtype = "ZoneVO"
        groups = [(z["uuid"], *_capacity_of(st, [l["uuid"] for l in st.by("l3", "zoneUuid", z["uuid"])]))
                  for z in st.all("zone")]
    else:
        raise argerr("zoneUuids, l3NetworkUuids, ipRangeUuids must have at least one be none-empty list, or all is"
                     " set to true")

    def entry(total, used):
        return {"totalCapacity": total, "availableCapacity": total - used, "usedIpAddressNumber": used,
                "ipv4TotalCapacity": total, "ipv4AvailableCapacity": total - used, "ipv4UsedIpAddressNumber": used,
                "ipv6TotalCapacity": 0, "ipv6AvailableCapacity": 0, "ipv6UsedIpAddressNumber": 0}
    data = [dict(entry(t, u), resourceUuid=ru) for ru, t, u in groups]
    out = entry(sum(g[1] for g in groups), sum(g[2] for g in groups))
    out.update(capacityData=data, resourceType=rtype, success=True)
    return out


@handler("GetL3NetworkIpStatistic")
def ip_statistic(ctx):
    st = ctx.state
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    rtype = ctx.get("resourceType", "All")
    stats = []
    for u in used_ips(st, l3["uuid"]):
        if "nic" in u and rtype in ("All", "VM"):
            vm = st.get("vm", u["nic"]["vmInstanceUuid"]) or {}
            stats.append({"ip": u["ip"], "vmInstanceUuid": vm.get("uuid"), "vmInstanceName": vm.get("name"),
                          "vmInstanceType": vm.get("type"), "vmDefaultIp": u["nic"]["l3NetworkUuid"] == vm.get("defaultL3NetworkUuid"),
                          "resourceTypes": ["VM"] if vm.get("type") == "UserVm" else ["VirtualRouter"],
                          "state": vm.get("state"), "createDate": u["nic"]["createDate"]})
        elif "vip" in u and rtype in ("All", "Vip"):
            v = u["vip"]
            use = ["Eip"] if st.by("eip", "vipUuid", v["uuid"]) else ([v["useFor"]] if v.get("useFor") else [])
            stats.append({"ip": u["ip"], "vipUuid": v["uuid"], "vipName": v["name"], "resourceTypes": ["Vip"],
                          "state": v.get("state"), "useFor": use, "createDate": v["createDate"]})
    if ctx.get("ip"):
        stats = [s for s in stats if s["ip"] == ctx.get("ip")]
    key = (lambda s: s["createDate"]) if ctx.get("sortBy") == "CreateDate" else (lambda s: int(ipaddress.IPv4Address(s["ip"])))
    stats.sort(key=key, reverse=ctx.get("sortDirection") == "desc")
    total = len(stats)
    start = int(ctx.get("start", 0) or 0)
    limit = int(ctx.get("limit", 20) or 20)
    out = {"ipStatistics": stats[start:start + limit]}
    if ctx.bool("replyWithCount"):
        out["total"] = total
    return out


# ---- L3 lifecycle ------------------------------------------------------------------------------
def _l3_reply(ctx, l3):
    return {"inventory": render_l3(ctx.state, l3)}


@handler("CreateL3Network")
def create_l3(ctx):
    st = ctx.state
    l2 = _get(ctx, "l2", "l2NetworkUuid", "L2NetworkVO")
    name = ctx.req("name")
    typ = ctx.get("type", "L3BasicNetwork")
    if typ not in ("L3BasicNetwork", "L3VpcNetwork"):
        raise argerr(f"unsupported l3network type[{typ}]")
    cat = ctx.get("category", "Private")
    if cat not in ("Public", "Private", "System"):
        raise argerr(f"valid values of field[category] are [Public, Private, System], but got {cat}")
    if typ == "L3VpcNetwork" and cat != "Private":
        raise argerr("the category of a VPC L3 network must be Private")
    ts = wire.now()
    l3 = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
          "description": ctx.get("description"), "type": typ, "zoneUuid": l2["zoneUuid"],
          "l2NetworkUuid": l2["uuid"], "state": "Enabled", "system": bool(ctx.get("system", False)),
          "category": cat, "ipVersion": int(ctx.get("ipVersion", 4)), "enableIPAM": ctx.get("enableIPAM", True),
          "dnsDomain": ctx.get("dnsDomain"), "dns": [], "_services": [], "createDate": ts, "lastOpDate": ts}
    st.add("l3", l3)
    return _l3_reply(ctx, l3)


@handler("DeleteL3Network")
def delete_l3(ctx):
    st = ctx.state
    l3 = st.get("l3", ctx.get("uuid"))
    if l3 is None:
        return {}
    nics = st.by("nic", "l3NetworkUuid", l3["uuid"])
    user = [n for n in nics if (st.get("vm", n["vmInstanceUuid"]) or {}).get("type") == "UserVm"]
    if user and ctx.get("deleteMode", "Permissive") == "Permissive":
        raise operr(f"the L3 network[uuid:{l3['uuid']}] still has {len(user)} VM NICs on it")
    for n in list(nics):
        st.remove("nic", n["uuid"])
    for r in list(st.by("iprange", "l3NetworkUuid", l3["uuid"])):
        st.remove("iprange", r["uuid"])
    for v in list(st.by("vip", "l3NetworkUuid", l3["uuid"])):
        st.remove("vip", v["uuid"])
    st.remove("l3", l3["uuid"])
    return {}


def _add_range(ctx, l3, name, start, end, netmask, gateway, cidr=None):
    st = ctx.state
    for r in st.by("iprange", "l3NetworkUuid", l3["uuid"]):
        if _in_range(start, r) or _in_range(end, r):
            raise argerr(f"overlap with ip range[uuid:{r['uuid']}, start ip:{r['startIp']}, end ip:{r['endIp']}]")
    net = ipaddress.IPv4Network(f"{start}/{netmask}", strict=False)
    ts = wire.now()
    r = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "l3NetworkUuid": l3["uuid"], "name": name,
         "description": ctx.get("description"), "startIp": start, "endIp": end, "netmask": netmask,
         "gateway": gateway, "networkCidr": cidr or str(net), "ipVersion": 4, "prefixLen": net.prefixlen,
         "ipRangeType": ctx.get("ipRangeType", "Normal"), "createDate": ts, "lastOpDate": ts}
    st.add("iprange", r)
    return r


@handler("AddIpRangeByNetworkCidr")
def add_range_by_cidr(ctx):
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    name = ctx.req("name")
    try:
        net = ipaddress.IPv4Network(ctx.req("networkCidr"), strict=False)
    except ValueError:
        raise argerr(f"{ctx.get('networkCidr')} is not a valid network cidr")
    if net.prefixlen > 30:
        raise argerr(f"the network cidr[{net}] is too small")
    hosts = list(net.hosts())
    gw = ctx.get("gateway") or str(hosts[0])
    if ipaddress.IPv4Address(gw) not in net:
        raise argerr(f"the gateway[{gw}] is not in the network cidr[{net}]")
    rest = [h for h in hosts if str(h) != gw]
    # the gateway is excluded by splitting the range around it, as AddIpRangeByNetworkCidr does
    before = [h for h in rest if h < ipaddress.IPv4Address(gw)]
    after = [h for h in rest if h > ipaddress.IPv4Address(gw)]
    made = []
    for seg in (before, after):
        if seg:
            made.append(_add_range(ctx, l3, name, str(seg[0]), str(seg[-1]), str(net.netmask), gw, str(net)))
    return {"inventory": dict(made[0]), "inventories": [dict(r) for r in made]}


@handler("AddIpRange")
def add_range(ctx):
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    name = ctx.req("name")
    start, end, mask = ctx.req("startIp"), ctx.req("endIp"), ctx.req("netmask")
    try:
        if int(ipaddress.IPv4Address(start)) > int(ipaddress.IPv4Address(end)):
            raise argerr(f"start ip[{start}] is behind end ip[{end}]")
    except ipaddress.AddressValueError:
        raise argerr(f"invalid IP range [{start}, {end}]")
    return {"inventory": dict(_add_range(ctx, l3, name, start, end, mask, ctx.get("gateway")))}


@handler("DeleteIpRange")
def delete_range(ctx):
    ctx.state.remove("iprange", ctx.get("uuid"))
    return {}


@handler("AddDnsToL3Network")
def add_dns(ctx):
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    dns = ctx.req("dns")
    try:
        ipaddress.ip_address(dns)
    except ValueError:
        raise argerr(f"DNS[{dns}] is not a IP address")
    if dns in l3["dns"]:
        raise operr(f"there has been a DNS[{dns}] on L3 network[uuid:{l3['uuid']}]")
    l3["dns"].append(dns)
    ctx.state.touch()
    return _l3_reply(ctx, l3)


@handler("RemoveDnsFromL3Network")
def remove_dns(ctx):
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    if ctx.get("dns") in l3["dns"]:
        l3["dns"].remove(ctx.get("dns"))
        ctx.state.touch()
    return _l3_reply(ctx, l3)


@handler("AttachNetworkServiceToL3Network")
def attach_services(ctx):
    st = ctx.state
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    services = ctx.req("networkServices")
    if not isinstance(services, dict):
        raise argerr("networkServices must be a map of provider uuid to a list of service types")
    for prov_uuid, types in services.items():
        prov = st.get("provider", prov_uuid)
        if prov is None:
            raise argerr(f"the network service provider[uuid:{prov_uuid}] doesn't exist")
        for t in types if isinstance(types, list) else [types]:
            if t not in prov["networkServiceTypes"]:
                raise argerr(f"the network service provider[uuid:{prov_uuid}, type:{prov['type']}] doesn't support"
                             f" the network service[{t}]")
            if not any(s["type"] == t for s in l3["_services"]):
                l3["_services"].append({"providerUuid": prov_uuid, "type": t})
    st.touch()
    return _l3_reply(ctx, l3)


@handler("DetachNetworkServiceFromL3Network")
def detach_services(ctx):
    """DELETE with the map as query parameters (``networkServices.<provider uuid>=<type>``, repeated for
    a list, as RestServer.mapQueryParameterToApiFieldValue reads them) or one ``service`` type."""
    st = ctx.state
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    services = ctx.get("networkServices") or {}
    if not isinstance(services, dict):
        raise argerr("networkServices must be a map of provider uuid to a list of service types")
    drop = {(p, t) for p, types in services.items() for t in (types if isinstance(types, list) else [types])}
    single = ctx.get("service")
    if not drop and not single:
        raise argerr("missing mandatory field[networkServices]")
    l3["_services"] = [s for s in l3["_services"]
                       if (s["providerUuid"], s["type"]) not in drop and s["type"] != single]
    st.touch()
    return _l3_reply(ctx, l3)


# ---- NICs on VMs and routers -------------------------------------------------------------------
def new_nic(state, vm, l3, ip, rng, device_id):
    ts = wire.now()
    uid = wire.new_uuid()
    internal = vm.get("internalId", 0)
    nic = {"uuid": uid, "vmInstanceUuid": vm["uuid"], "l3NetworkUuid": l3["uuid"], "ip": ip,
           "mac": "fa:%02x:%02x:%02x:%02x:%02x" % tuple(bytes.fromhex(uid[:10])), "netmask": rng["netmask"],
           "gateway": rng.get("gateway"), "ipVersion": 4, "driverType": "virtio", "deviceId": device_id,
           "internalName": f"vnic{internal}.{device_id}", "type": "VNIC", "state": "enable",
           "hypervisorType": "KVM", "usedIpUuid": wire.new_uuid(), "_ipRangeUuid": rng["uuid"],
           "createDate": ts, "lastOpDate": ts}
    state.add("nic", nic)
    return nic


@handler("AttachL3NetworkToVm")
def attach_l3(ctx):
    st = ctx.state
    vm = _get(ctx, "vm", "vmInstanceUuid", "VmInstanceVO")
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    nics = st.by("nic", "vmInstanceUuid", vm["uuid"])
    if any(n["l3NetworkUuid"] == l3["uuid"] for n in nics):
        raise operr(f"unable to attach the L3 network[uuid:{l3['uuid']}] to the vm[uuid:{vm['uuid']}], it has been"
                    " attached")
    if vm["state"] not in ("Running", "Stopped"):
        raise operr(f"the vm[uuid:{vm['uuid']}] is in state[{vm['state']}], cannot attach an L3 network")
    if vm.get("applianceVmType") == "vpcvrouter":
        if l3["type"] != "L3VpcNetwork" and l3["category"] != "Public":
            raise argerr(f"the L3 network[uuid:{l3['uuid']}] is not a VPC network or a public network")
        for n in st.by("nic", "l3NetworkUuid", l3["uuid"]):
            owner = st.get("vm", n["vmInstanceUuid"]) or {}
            if owner.get("applianceVmType") == "vpcvrouter" and owner["uuid"] != vm["uuid"]:
                raise operr(f"the VPC L3 network[uuid:{l3['uuid']}] has been attached to the vpc router"
                            f"[uuid:{owner['uuid']}]")
        ranges = st.by("iprange", "l3NetworkUuid", l3["uuid"])
        if not ranges:
            raise operr(f"the L3 network[uuid:{l3['uuid']}] has no IP range")
        if l3["type"] == "L3VpcNetwork":
            ip, rng = ranges[0]["gateway"], ranges[0]
        else:
            ip, rng = allocate_ip(st, l3, ctx.get("staticIp"))
    else:
        ip, rng = allocate_ip(st, l3, ctx.get("staticIp"))
    new_nic(st, vm, l3, ip, rng, max([n["deviceId"] for n in nics] + [-1]) + 1)
    vm["lastOpDate"] = wire.now()
    return {"inventory": render_vm(st, vm)}


@handler("DetachL3NetworkFromVm")
def detach_l3(ctx):
    st = ctx.state
    nic = _get(ctx, "nic", "vmNicUuid", "VmNicVO")
    vm = st.get("vm", nic["vmInstanceUuid"])
    for e in st.by("eip", "vmNicUuid", nic["uuid"]):
        e["vmNicUuid"] = None
        e["guestIp"] = None
    st.remove("nic", nic["uuid"])
    if vm and vm.get("defaultL3NetworkUuid") == nic["l3NetworkUuid"]:
        rest = st.by("nic", "vmInstanceUuid", vm["uuid"])
        vm["defaultL3NetworkUuid"] = rest[0]["l3NetworkUuid"] if rest else None
    return {"inventory": render_vm(st, vm)} if vm else {}


# ---- VPC routers -------------------------------------------------------------------------------
@handler("CreateVpcVRouter", seconds=1.0)
def create_vpc_router(ctx):
    from ..builder import Builder
    st = ctx.state
    name = ctx.req("name")
    off = _get(ctx, "vroffering", "virtualRouterOfferingUuid", "InstanceOfferingVO")
    zone_uuid = ctx.get("zoneUuid") or off["zoneUuid"]
    hosts = [h for h in st.all("host") if h["zoneUuid"] == zone_uuid and h["status"] == "Connected"
             and h["state"] == "Enabled" and h["availableMemoryCapacity"] >= off["memorySize"]
             and h["availableCpuCapacity"] >= off["cpuNum"]]
    if ctx.get("hostUuid"):
        hosts = [h for h in hosts if h["uuid"] == ctx.get("hostUuid")]
    elif ctx.get("clusterUuid"):
        hosts = [h for h in hosts if h["clusterUuid"] == ctx.get("clusterUuid")]
    if not hosts:
        raise operr("no available host for the vpc router: no Connected and Enabled host with enough capacity")
    for l3_uuid in dict.fromkeys((off["managementNetworkUuid"], off["publicNetworkUuid"])):
        l3 = st.get("l3", l3_uuid)
        if l3 is None or not free_ips(st, l3):
            # the router needs one IP on its management and on its public network
            raise operr(f"no available IP on the L3 network[uuid:{l3_uuid}] for the vpc router's nic")
    host = max(hosts, key=lambda h: h["availableMemoryCapacity"])
    b = Builder(st)
    vr = b.vpc_router(name, host, off, status="Connected", uuid=ctx.params.get("resourceUuid"),
                      description=ctx.get("description"))
    return {"inventory": render_vm(st, vr)}


@handler("ReconnectVirtualRouter", seconds=1.0)
def reconnect_vr(ctx):
    vr = _get(ctx, "vm", "vmInstanceUuid", "VmInstanceVO")
    if vr.get("type") != "ApplianceVm":
        raise argerr(f"the vm[uuid:{vr['uuid']}] is not a virtual router")
    if vr.get("_unreachable"):
        vr["status"] = "Disconnected"
        raise operr(f"unable to connect to the virtual router[uuid:{vr['uuid']}] agent on port 7272: connection"
                    " timed out")
    vr["status"] = "Connected"
    vr["lastOpDate"] = wire.now()
    ctx.state.touch()
    return {"inventory": render_vm(ctx.state, vr)}


@handler("AddDnsToVpcRouter")
def add_dns_vr(ctx):
    vr = _get(ctx, "vm", "uuid", "VmInstanceVO")
    dns = ctx.req("dns")
    if not any(d["dns"] == dns for d in vr.setdefault("dns", [])):
        vr["dns"].append({"vpcRouterUuid": vr["uuid"], "dns": dns})
    ctx.state.touch()
    return {"inventory": render_vm(ctx.state, vr)}


@handler("GetAttachableVpcL3Network")
def attachable_vpc_l3(ctx):
    st = ctx.state
    vr = _get(ctx, "vm", "uuid", "VmInstanceVO")
    taken = {n["l3NetworkUuid"] for n in st.all("nic")
             if (st.get("vm", n["vmInstanceUuid"]) or {}).get("applianceVmType") == "vpcvrouter"}
    return {"inventories": [render_l3(st, l) for l in st.all("l3")
                            if l["type"] == "L3VpcNetwork" and l["uuid"] not in taken and l["zoneUuid"] == vr["zoneUuid"]]}


# ---- VIP / EIP ---------------------------------------------------------------------------------
@handler("CreateVip")
def create_vip(ctx):
    st = ctx.state
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    name = ctx.req("name")
    ip, rng = allocate_ip(st, l3, ctx.get("requiredIp"))
    ts = wire.now()
    vip = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
           "description": ctx.get("description"), "l3NetworkUuid": l3["uuid"], "ip": ip, "state": "Enabled",
           "gateway": rng.get("gateway"), "netmask": rng["netmask"], "prefixLen": rng.get("prefixLen"),
           "ipRangeUuid": rng["uuid"], "usedIpUuid": wire.new_uuid(), "system": False,
           "peerL3NetworkUuids": [], "createDate": ts, "lastOpDate": ts}
    st.add("vip", vip)
    return {"inventory": render_vip(st, vip)}


@handler("DeleteVip")
def delete_vip(ctx):
    st = ctx.state
    vip = st.get("vip", ctx.get("uuid"))
    if vip:
        for e in list(st.by("eip", "vipUuid", vip["uuid"])):
            st.remove("eip", e["uuid"])
        st.remove("vip", vip["uuid"])
    return {}


def _eip_attach(ctx, eip, nic):
    st = ctx.state
    if nic is None:
        return
    if st.by("eip", "vmNicUuid", nic["uuid"]):
        raise operr(f"the vm nic[uuid:{nic['uuid']}] already has an EIP attached")
    vip = st.get("vip", eip["vipUuid"])
    if vip and vip["l3NetworkUuid"] == nic["l3NetworkUuid"]:
        raise argerr("the guest L3 network of the vm nic is the same as the VIP's L3 network")
    eip["vmNicUuid"] = nic["uuid"]
    eip["guestIp"] = nic["ip"]
    eip["lastOpDate"] = wire.now()
    st.touch()


@handler("CreateEip")
def create_eip(ctx):
    st = ctx.state
    vip = _get(ctx, "vip", "vipUuid", "VipVO")
    name = ctx.req("name")
    if st.by("eip", "vipUuid", vip["uuid"]):
        raise operr(f"the vip[uuid:{vip['uuid']}] has been occupied by another EIP")
    ts = wire.now()
    eip = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
           "description": ctx.get("description"), "vmNicUuid": None, "vipUuid": vip["uuid"], "state": "Enabled",
           "vipIp": vip["ip"], "guestIp": None, "createDate": ts, "lastOpDate": ts}
    nic = _get(ctx, "nic", "vmNicUuid", "VmNicVO") if ctx.get("vmNicUuid") else None
    st.add("eip", eip)
    _eip_attach(ctx, eip, nic)
    return {"inventory": dict(eip)}


@handler("AttachEip")
def attach_eip(ctx):
    eip = _get(ctx, "eip", "eipUuid", "EipVO")
    nic = _get(ctx, "nic", "vmNicUuid", "VmNicVO")
    if eip.get("vmNicUuid"):
        raise operr(f"the EIP[uuid:{eip['uuid']}] has been attached to the vm nic[uuid:{eip['vmNicUuid']}]")
    _eip_attach(ctx, eip, nic)
    return {"inventory": dict(eip)}


@handler("DetachEip")
def detach_eip(ctx):
    eip = _get(ctx, "eip", "uuid", "EipVO")
    eip["vmNicUuid"] = None
    eip["guestIp"] = None
    return updated(ctx, eip)


@handler("DeleteEip")
def delete_eip(ctx):
    ctx.state.remove("eip", ctx.get("uuid"))
    return {}


@handler("ChangeEipState")
def change_eip_state(ctx):
    eip = _get(ctx, "eip", "uuid", "EipVO")
    return change_state(ctx, eip)


# ---- security groups ---------------------------------------------------------------------------
@handler("CreateSecurityGroup")
def create_sg(ctx):
    name = ctx.req("name")
    ts = wire.now()
    sg = {"uuid": ctx.params.get("resourceUuid") or wire.new_uuid(), "name": name,
          "description": ctx.get("description"), "state": "Enabled", "ipVersion": int(ctx.get("ipVersion", 4)),
          "attachedL3NetworkUuids": [], "_vmNicUuids": [], "createDate": ts, "lastOpDate": ts}
    ctx.state.add("sg", sg)
    return {"inventory": render_sg(ctx.state, sg)}


@handler("DeleteSecurityGroup")
def delete_sg(ctx):
    st = ctx.state
    sg = st.get("sg", ctx.get("uuid"))
    if sg:
        for r in list(st.by("sgrule", "securityGroupUuid", sg["uuid"])):
            st.remove("sgrule", r["uuid"])
        for r in list(st.by("sgnic", "securityGroupUuid", sg["uuid"])):
            st.remove("sgnic", r["uuid"])
        st.remove("sg", sg["uuid"])
    return {}


def new_rule(state, sg_uuid, spec, priority):
    ts = wire.now()
    typ = spec.get("type")
    if typ not in ("Ingress", "Egress"):
        raise argerr(f"invalid security group rule type[{typ}], valid types are [Ingress, Egress]")
    proto = spec.get("protocol", "ALL")
    if proto not in ("TCP", "UDP", "ICMP", "ALL"):
        raise argerr(f"invalid protocol[{proto}], valid protocols are [TCP, UDP, ICMP, ALL]")
    port_range = spec.get("dstPortRange")
    start = spec.get("startPort")
    end = spec.get("endPort")
    if port_range and start is None:
        a, _sep, b = str(port_range).partition("-")
        start, end = int(a), int(b or a)
    if start is not None and port_range is None:
        port_range = f"{start}-{end if end is not None else start}" if end not in (None, start) else str(start)
    cidr = spec.get("allowedCidr") or (spec.get("srcIpRange") if typ == "Ingress" else spec.get("dstIpRange"))
    rule = {"uuid": wire.new_uuid(), "securityGroupUuid": sg_uuid, "type": typ, "ipVersion": spec.get("ipVersion", 4),
            "protocol": proto, "action": spec.get("action", "ACCEPT"), "priority": spec.get("priority", priority),
            "state": "Enabled", "description": spec.get("description"),
            "srcIpRange": cidr if typ == "Ingress" else None, "dstIpRange": cidr if typ == "Egress" else None,
            "dstPortRange": port_range, "allowedCidr": cidr or "0.0.0.0/0",
            "startPort": -1 if start is None else int(start), "endPort": -1 if end is None else int(end),
            "remoteSecurityGroupUuid": spec.get("remoteSecurityGroupUuid"), "createDate": ts, "lastOpDate": ts}
    state.add("sgrule", rule)
    return rule


@handler("AddSecurityGroupRule")
def add_sg_rules(ctx):
    st = ctx.state
    sg = _get(ctx, "sg", "securityGroupUuid", "SecurityGroupVO")
    rules = ctx.req("rules")
    if not isinstance(rules, list):
        raise argerr("rules must be a list")
    base = len(st.by("sgrule", "securityGroupUuid", sg["uuid"]))
    for i, spec in enumerate(rules):
        new_rule(st, sg["uuid"], spec, base + i + 1)
    return {"inventory": render_sg(st, sg)}


@handler("DeleteSecurityGroupRule")
def delete_sg_rules(ctx):
    st = ctx.state
    sg = None
    for u in ctx.list("ruleUuids"):
        r = st.remove("sgrule", u)
        if r:
            sg = st.get("sg", r["securityGroupUuid"])
    return {"inventory": render_sg(st, sg)} if sg else {}


@handler("AddVmNicToSecurityGroup")
def add_nic_to_sg(ctx):
    st = ctx.state
    sg = _get(ctx, "sg", "securityGroupUuid", "SecurityGroupVO")
    for nu in ctx.list("vmNicUuids"):
        nic = st.get("nic", nu)
        if nic is None:
            raise argerr(f"the resource[uuid:{nu}, type:VmNicVO] doesn't exist or has been deleted")
        if nu not in sg["_vmNicUuids"]:
            sg["_vmNicUuids"].append(nu)
            ts = wire.now()
            st.add("sgnic", {"uuid": wire.new_uuid(), "vmNicUuid": nu, "securityGroupUuid": sg["uuid"],
                             "vmInstanceUuid": nic["vmInstanceUuid"], "priority": 1, "createDate": ts, "lastOpDate": ts})
    st.touch()
    return {}


@handler("AttachSecurityGroupToL3Network")
def attach_sg_l3(ctx):
    sg = _get(ctx, "sg", "securityGroupUuid", "SecurityGroupVO")
    l3 = _get(ctx, "l3", "l3NetworkUuid", "L3NetworkVO")
    if l3["uuid"] not in sg["attachedL3NetworkUuids"]:
        sg["attachedL3NetworkUuids"].append(l3["uuid"])
    ctx.state.touch()
    return {"inventory": render_sg(ctx.state, sg)}

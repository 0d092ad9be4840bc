# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plans for a VPC router (CreateVpcVRouter) and a VPC network on it.

A VPC network is built in the order the brief and the official Terraform provider use:
CreateL3Network (type L3VpcNetwork, category Private), its IP ranges, DNS, network services, then
AttachL3NetworkToVm onto the VPC router, whose NIC on it takes the range gateway IP.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import (
    CidrError, describe, overlapping, overlapping_pairs, parse_cidr)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import (
    DEFAULT_VPC_SERVICES, Step, Validation, ip_in, nic_on, query_eq, range_cidr, require_names, router_summary, same_router,
    target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.routes import live_route_check

# ZStack refuses a by-CIDR range smaller than /30; /8 keeps typos like /2 out
MIN_PREFIX, MAX_PREFIX = 8, 30


# -- VPC router ------------------------------------------------------------------------------------
def plan_router(reader, params):
    require_names(params, ("name", "offering"))
    name = params["name"]
    v = Validation("VPC router %s" % name)
    off = reader.offering(params["offering"])
    v.check("offering_exists", off is not None,
            "virtual router offering %r %s" % (params["offering"], "exists" if off else "does not exist"),
            "Virtual router offering exists", "云路由规格存在")
    inv = reader.router_inventory(name)
    if inv is not None:
        if off is not None:
            v.check("router_offering", inv.get("instanceOfferingUuid") == off["uuid"],
                    "VPC router %s uses offering %s; ZStack cannot change the offering of a router (asked: %s)"
                    % (name, inv.get("instanceOfferingUuid"), off["uuid"]),
                    "Existing router uses the offering", "已有路由器使用该规格")
        v.raise_if_failed()
        step = Step("create_vpc_router", target("vpc_router", name, inv["uuid"]), before=router_summary(inv),
                    verify=_verify_router(name, off))
        step.pre_checks = v.checks
        return [step]
    networks = list(dict.fromkeys((off["managementNetworkUuid"], off["publicNetworkUuid"]))) if off else []
    for l3_uuid in networks:
        free = reader.capacity(l3_uuid)
        v.check("ip_capacity", free >= 1, "L3 network %s has %d free IPs; the router needs one" % (l3_uuid, free),
                "Free IP for the router's NIC", "路由器网卡有可用 IP")
    v.raise_if_failed()
    for l3_uuid in networks:
        reader.reserve(l3_uuid)
    nics = [{"uuid": None, "l3NetworkUuid": u, "ip": None, "netmask": None, "gateway": None} for u in networks]
    reader.planned.add("router", name, {"uuid": None, "name": name, "status": "Connected", "state": "Running",
                                        "nics": nics, "offering_uuid": off["uuid"], "planned": True})

    def apply(run, rec):
        body = {"name": name, "virtualRouterOfferingUuid": off["uuid"]}
        if params.get("description"):
            body["description"] = params["description"]
        inv = run.create(rec, "vpc_router", "/vpc/virtual-routers", body, "CreateVpcVRouter", name)[0]
        return router_summary(inv)

    after = {"uuid": None, "name": name, "state": "Running", "status": "Connected",
             "nics": [{"l3NetworkUuid": n["l3NetworkUuid"], "ip": None} for n in nics]}
    step = Step("create_vpc_router", target("vpc_router", name), before=None, after=after, apply=apply,
                verify=_verify_router(name, off))
    step.pre_checks = v.checks
    return [step]


def _verify_router(name, off):
    def verify(run):
        inv = query_eq(run.client, "/vpc/virtual-routers", name=name)
        if not inv:
            return [check_result("router_present", False, "VPC router %s is not there" % name, "Router exists", "路由器存在")]
        inv = inv[0]
        out = [check_result("router_connected", inv.get("status") == "Connected" and inv.get("state") == "Running",
                            "state %s, status %s" % (inv.get("state"), inv.get("status")),
                            "Router running and connected", "路由器运行且已连接")]
        for l3_uuid in dict.fromkeys((off["managementNetworkUuid"], off["publicNetworkUuid"])) if off else ():
            nic = next((n for n in as_list(inv.get("vmNics")) if n.get("l3NetworkUuid") == l3_uuid), None)
            out.append(check_result("router_nic", bool(nic and nic.get("ip")),
                                    "NIC on %s: %s" % (l3_uuid, nic.get("ip") if nic else "none"),
                                    "Router NIC with IP on its offering's network", "路由器在规格网络上有带 IP 的网卡"))
        return out
    return verify


# -- VPC network -----------------------------------------------------------------------------------
def desired_ranges(params, v):
    """[{cidr, label, network_cidr | start_ip..., gateway}] from cidr or ip_ranges; FAIL checks for bad ones."""
    items = [{"network_cidr": params["cidr"]}] if params.get("cidr") else list(params.get("ip_ranges") or [])
    if not items:
        v.check("ip_ranges_given", False, "give cidr or ip_ranges", "IP ranges given", "已给出 IP 段")
    out = []
    for item in items:
        if item.get("network_cidr"):
            rng = _cidr_range(item, v)
        else:
            rng = _explicit_range(item, v)
        if rng is not None:
            out.append(rng)
    for a, b in overlapping_pairs(out):
        if a["cidr"] != b["cidr"]:        # explicit ranges of one CIDR share it
            v.check("cidr_overlap_spec", False, "ranges %s and %s overlap" % (a["label"], b["label"]),
                    "Ranges do not overlap each other", "各 IP 段互不重叠")
    return out


def _cidr_range(item, v):
    try:
        net = parse_cidr(item["network_cidr"], "network_cidr", MIN_PREFIX, MAX_PREFIX)
    except CidrError as err:
        v.check("cidr_syntax", False, str(err), "CIDR is valid", "CIDR 合法")
        return None
    gateway = item.get("gateway") or str(net.network_address + 1)
    if not ip_in(gateway, str(net)):
        v.check("gateway_in_cidr", False, "gateway %s is not in %s" % (gateway, net), "Gateway inside the CIDR",
                "网关在 CIDR 内")
        return None
    v.check("cidr_syntax", True, "%s is a valid network" % net, "CIDR is valid", "CIDR 合法")
    return {"cidr": str(net), "label": str(net), "network_cidr": str(net), "gateway": gateway}


def _explicit_range(item, v):
    missing = [k for k in ("start_ip", "end_ip", "netmask", "gateway") if not item.get(k)]
    if missing:
        v.check("range_syntax", False, "an ip_ranges item needs network_cidr, or start_ip, end_ip, netmask and"
                " gateway (missing %s)" % ", ".join(missing), "IP range is complete", "IP 段完整")
        return None
    try:
        net = ipaddress.ip_network("%s/%s" % (item["start_ip"], item["netmask"]), strict=False)
        start, end = ipaddress.ip_address(item["start_ip"]), ipaddress.ip_address(item["end_ip"])
        gateway = ipaddress.ip_address(item["gateway"])
    except ValueError as err:
        v.check("range_syntax", False, "bad IP range %s-%s: %s" % (item["start_ip"], item["end_ip"], err),
                "IP range is valid", "IP 段合法")
        return None
    ok = start <= end and end in net and gateway in net and not net.prefixlen > MAX_PREFIX
    label = "%s-%s" % (start, end)
    v.check("range_syntax", ok, "range %s in %s with gateway %s" % (label, net, gateway), "IP range is valid", "IP 段合法")
    if not ok:
        return None
    return {"cidr": str(net), "label": label, "start_ip": str(start), "end_ip": str(end), "netmask": item["netmask"],
            "gateway": str(gateway)}


def check_overlaps(reader, name, ranges, v):
    """Every new CIDR against every existing L3 range (and planned networks); the same network
    with the same CIDR is not an overlap (that is the idempotent re-run)."""
    existing = reader.existing_cidrs()
    for rng in ranges:
        hits = [e for e in overlapping(rng["cidr"], existing) if not (e["name"] == name and e["cidr"] == rng["cidr"])]
        v.check("cidr_overlap", not hits,
                "%s overlaps %s" % (rng["cidr"], describe(hits)) if hits else "%s overlaps no existing network" % rng["cidr"],
                "CIDR does not overlap existing networks", "CIDR 与现有网络不重叠")


def wanted_services(reader, spec, v):
    """{provider uuid: [types]} from {provider type: [types]}; FAIL checks for unknown ones."""
    providers = reader.providers()
    out = {}
    for ptype, types in sorted((spec or DEFAULT_VPC_SERVICES).items()):
        prov = providers.get(ptype)
        if prov is None:
            v.check("service_provider", False, "no network service provider of type %r (have: %s)"
                    % (ptype, ", ".join(sorted(providers))), "Service provider exists", "网络服务提供者存在")
            continue
        bad = [t for t in types if t not in as_list(prov.get("networkServiceTypes"))]
        if bad:
            v.check("service_type", False, "provider %s does not offer %s" % (ptype, ", ".join(bad)),
                    "Provider offers the services", "提供者支持这些服务")
            continue
        out[prov["uuid"]] = list(types)
    return out


def plan_network(reader, params):
    require_names(params, ("name", "vpc_router", "l2_network"))
    name = params["name"]
    v = Validation("VPC network %s" % name)
    ranges = desired_ranges(params, v)
    router = reader.router(params["vpc_router"])
    v.check("router_exists", router is not None, "VPC router %r %s" % (
        params["vpc_router"], "exists" if router else "does not exist (nor is it created earlier in the spec)"),
        "VPC router exists", "VPC 路由器存在")
    if router is not None and not router.get("planned"):
        v.check("router_connected", router.get("status") == "Connected",
                "VPC router %s is %s" % (router["name"], router.get("status")), "VPC router connected", "VPC 路由器已连接")
    l2 = reader.l2(params["l2_network"])
    v.check("l2_exists", l2 is not None, "L2 network %r %s" % (params["l2_network"], "exists" if l2 else "does not exist"),
            "L2 network exists", "二层网络存在")
    current = reader.network(name)
    inv = current.get("inventory") if current and not current.get("planned") else None
    if inv is not None:
        v.check("network_type", inv.get("type") == "L3VpcNetwork",
                "%s exists as a %s" % (name, inv.get("type")), "Existing network is a VPC network", "已有网络是 VPC 网络")
        if l2 is not None:
            v.check("network_l2", inv.get("l2NetworkUuid") == l2["uuid"],
                    "%s exists on L2 %s, not on %s" % (name, inv.get("l2NetworkUuid"), l2["uuid"]),
                    "Existing network is on the L2", "已有网络在该二层网络上")
        if current.get("router") and router is not None:
            v.check("network_router", same_router(current["router"], router),
                    "%s is attached to VPC router %s, not %s; a VPC network sits on one router"
                    % (name, current["router"]["name"], router["name"]), "Network on the wanted router", "网络在目标路由器上")
    check_overlaps(reader, name, ranges, v)
    for dns in as_list(params.get("dns")):
        try:
            ipaddress.ip_address(dns)
        except ValueError:
            v.check("dns_syntax", False, "DNS %r is not an IP address" % dns, "DNS is an IP address", "DNS 是 IP 地址")
    services = wanted_services(reader, params.get("network_services"), v)
    v.raise_if_failed()

    ref = {"uuid": inv["uuid"] if inv else None, "name": name}
    reader.planned.add("network", name, {"uuid": ref["uuid"], "name": name, "type": "L3VpcNetwork",
                                         "cidrs": [r["cidr"] for r in ranges], "router": router, "planned": True})
    steps = [_create_step(ref, params, l2, inv)]
    steps += [_range_step(ref, rng, i, inv) for i, rng in enumerate(ranges, 1)]
    steps += [_dns_step(ref, dns, inv) for dns in as_list(params.get("dns"))]
    steps.append(_services_step(ref, services, inv))
    steps.append(attach_step(ref, router, ranges[0]["gateway"] if ranges else None, ranges))
    steps[0].pre_checks = v.checks
    return steps


def l3_summary(inv):
    return {"uuid": inv["uuid"], "name": inv.get("name"), "type": inv.get("type"), "category": inv.get("category"),
            "l2NetworkUuid": inv.get("l2NetworkUuid")}


def _create_step(ref, params, l2, inv):
    name = ref["name"]

    def apply(run, rec):
        body = {"name": name, "l2NetworkUuid": l2["uuid"], "type": "L3VpcNetwork", "category": "Private"}
        if params.get("description"):
            body["description"] = params["description"]
        out = run.create(rec, "l3_network", "/l3-networks", body, "CreateL3Network", name)[0]
        ref["uuid"] = out["uuid"]
        return l3_summary(out)

    if inv is not None:
        return Step("create_l3_network", target("l3_network", name, inv["uuid"]), before=l3_summary(inv))
    after = {"uuid": None, "name": name, "type": "L3VpcNetwork", "category": "Private", "l2NetworkUuid": l2["uuid"]}
    return Step("create_l3_network", target("l3_network", name), after=after, apply=apply)


def _has_range(inv, rng):
    for have in as_list((inv or {}).get("ipRanges")):
        if "network_cidr" in rng and have.get("networkCidr") and range_cidr(have) == rng["cidr"]:
            return True
        if have.get("startIp") == rng.get("start_ip") and have.get("endIp") == rng.get("end_ip"):
            return True
    return False


def _range_step(ref, rng, index, inv):
    name = ref["name"]
    tgt = target("ip_range", "%s:%s" % (name, rng["label"]))
    if _has_range(inv, rng):
        return Step("add_ip_range", tgt, before={"range": rng["label"], "present": True})

    def apply(run, rec):
        keys = {"l3NetworkUuid": ref["uuid"]}
        if "network_cidr" in rng:
            body = {"name": "%s-%d" % (name, index), "networkCidr": rng["network_cidr"], "gateway": rng["gateway"]}
            made = run.create(rec, "ip_range", "/l3-networks/%s/ip-ranges/by-cidr" % ref["uuid"], body,
                              "AddIpRangeByNetworkCidr", body["name"], keys)
        else:
            body = {"name": "%s-%d" % (name, index), "startIp": rng["start_ip"], "endIp": rng["end_ip"],
                    "netmask": rng["netmask"], "gateway": rng["gateway"]}
            made = run.create(rec, "ip_range", "/l3-networks/%s/ip-ranges" % ref["uuid"], body, "AddIpRange",
                              body["name"], keys)
        return {"range": rng["label"], "present": True,
                "ip_ranges": [{"uuid": r["uuid"], "startIp": r.get("startIp"), "endIp": r.get("endIp"),
                               "gateway": r.get("gateway")} for r in made]}

    return Step("add_ip_range", tgt, before={"range": rng["label"], "present": False},
                after={"range": rng["label"], "present": True}, apply=apply)


def _dns_step(ref, dns, inv):
    name = ref["name"]
    tgt = target("l3_dns", "%s:%s" % (name, dns))
    if inv is not None and dns in as_list(inv.get("dns")):
        return Step("add_dns", tgt, before={"dns": dns, "present": True})

    def apply(run, rec):
        run.attach(rec, "l3_dns", ref["uuid"], "POST", "/l3-networks/%s/dns" % ref["uuid"], {"dns": dns},
                   "AddDnsToL3Network", tgt["name"], keys={"l3NetworkUuid": ref["uuid"], "dns": dns})
        return {"dns": dns, "present": True}

    return Step("add_dns", tgt, before={"dns": dns, "present": False}, after={"dns": dns, "present": True}, apply=apply)


def _services_step(ref, services, inv):
    name = ref["name"]
    have = set()
    for s in as_list((inv or {}).get("networkServices")):
        have.add((s.get("networkServiceProviderUuid"), s.get("networkServiceType")))
    missing = {}
    for prov, types in services.items():
        todo = [t for t in types if (prov, t) not in have]
        if todo:
            missing[prov] = todo
    before = {"services": sorted("%s:%s" % p for p in have)}
    tgt = target("l3_network_services", name)
    if not missing:
        return Step("attach_network_services", tgt, before=before)

    def apply(run, rec):
        run.attach(rec, "l3_network_services", ref["uuid"], "POST", "/l3-networks/%s/network-services" % ref["uuid"],
                   {"networkServices": missing}, "AttachNetworkServiceToL3Network", name,
                   keys={"l3NetworkUuid": ref["uuid"], "networkServices": missing})
        return after

    after = {"services": sorted(set(before["services"]) | {"%s:%s" % (p, t) for p, ts in missing.items() for t in ts})}
    return Step("attach_network_services", tgt, before=before, after=after, apply=apply)


def attach_step(ref, router, gateway, ranges):
    """AttachL3NetworkToVm of a VPC network onto a VPC router (also peering's shared_router mode)."""
    name = ref["name"]
    tgt = target("router_nic", "%s@%s" % (name, router["name"]))
    nic = nic_on(router, ref["uuid"]) if ref.get("uuid") and router.get("uuid") else None
    verify = _verify_attach(ref, router, ranges)
    if nic is not None:
        return Step("attach_vpc_network", tgt, before={"router": router["name"], "ip": nic["ip"]}, verify=verify)

    def apply(run, rec):
        keys = {"vmInstanceUuid": router["uuid"], "l3NetworkUuid": ref["uuid"]}
        # the NIC's uuid is the server's: an interrupted attach is found by router and network (undo.py)
        run.intend(rec, "router_nic", name=tgt["name"], keys=keys)
        inv = run.write("POST", "/vm-instances/%s/l3-networks/%s" % (router["uuid"], ref["uuid"]), {"params": {}},
                        api="AttachL3NetworkToVm")["inventory"]
        made = next((n for n in as_list(inv.get("vmNics")) if n.get("l3NetworkUuid") == ref["uuid"]), None)
        if made is None:
            raise ZStackError("AttachL3NetworkToVm answered without a NIC on %s" % name)
        run.created(rec, "router_nic", made["uuid"], keys=keys, name=tgt["name"], created=made.get("createDate"))
        return {"router": router["name"], "ip": made.get("ip")}

    return Step("attach_vpc_network", tgt, before=None, after={"router": router["name"], "ip": gateway}, apply=apply,
                verify=verify)


def _verify_attach(ref, router, ranges):
    def verify(run):
        found = query_eq(run.client, "/vpc/virtual-routers", uuid=router["uuid"])
        nics = [n for n in (found[0].get("vmNics") if found else None) or [] if n.get("l3NetworkUuid") == ref["uuid"]]
        gateways = [r.get("gateway") for r in ranges]
        have = nics[0].get("ip") if nics else "none"
        out = [check_result("router_nic_gateway", bool(nics) and have in gateways,
                            "router %s NIC on %s: %s (gateways %s)" % (router["name"], ref["name"], have, ", ".join(gateways)),
                            "Router NIC holds the gateway IP", "路由器网卡持有网关 IP")]
        wanted = [{"destination": r["cidr"], "type": "DirectConnect"} for r in ranges]
        out.append(live_route_check(run.client, router, wanted, "connected_route"))
        return out
    return verify


def network_result(reader, name, check_mode):
    """The network after the run (check mode: as planned)."""
    view = reader.planned.get("network", name) if check_mode else reader.real_network(name)
    if view is None:
        return {"uuid": None, "name": name, "cidr": None, "cidrs": [], "router_uuid": None, "router": None}
    router = view.get("router") or {}
    return {"uuid": view.get("uuid"), "name": name, "cidr": (view.get("cidrs") or [None])[0],
            "cidrs": view.get("cidrs") or [], "router_uuid": router.get("uuid"), "router": router.get("name")}


def router_result(reader, name):
    inv = reader.router_inventory(name)
    if inv is not None:
        return router_summary(inv)
    planned = reader.planned.get("router", name) or {}
    return {"uuid": None, "name": name, "state": planned.get("state"), "status": planned.get("status"),
            "nics": [{"l3NetworkUuid": n["l3NetworkUuid"], "ip": None} for n in planned.get("nics") or []]}

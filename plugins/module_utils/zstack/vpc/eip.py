# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC-to-internet on ZStack: a VIP on a public network and an EIP binding it to a VM NIC.

CreateVip ``POST /v1/vips``, then CreateEip ``POST /v1/eips`` with the NIC (or AttachEip when the
EIP exists unbound), as shared/reference/zstack-api.md 3.4 describes.  Idempotent by name.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import (
    Step, Validation, ip_in, query_eq, range_cidr, require_names, target)


def _found(v, check_id, what, ref, item, title_en, title_zh):
    v.check(check_id, item is not None, "%s %r %s" % (what, ref, "exists" if item else "does not exist"), title_en, title_zh)
    return item


def _ip_free(reader, l3, ip):
    body = reader.client.get("/l3-networks/%s/ip-statistic" % l3["uuid"], [("ip", ip), ("resourceType", "All")],
                             api="GetL3NetworkIpStatistic")
    return not (body.get("ipStatistics") if isinstance(body, dict) else None)


def plan_eip(reader, params):
    require_names(params, ("name", "vm", "vm_network", "public_network"), ("vip_name",))
    name = params["name"]
    vip_name = params.get("vip_name") or "vip-%s" % name
    v = Validation("EIP %s" % name)
    vm = _found(v, "vm_exists", "VM", params["vm"], reader.vm(params["vm"]), "VM exists", "云主机存在")
    net = _found(v, "vm_network_exists", "L3 network", params["vm_network"], reader.l3(params["vm_network"]),
                 "VM network exists", "云主机网络存在")
    pub = _found(v, "public_network_exists", "L3 network", params["public_network"], reader.l3(params["public_network"]),
                 "Public network exists", "公有网络存在")
    nic = None
    if vm is not None and net is not None:
        nic = next((n for n in as_list(vm.get("vmNics")) if n.get("l3NetworkUuid") == net["uuid"]), None)
        v.check("vm_nic", nic is not None, "VM %s has %s NIC on %s" % (vm["name"], "a" if nic else "no", net["name"]),
                "VM has a NIC on the network", "云主机在该网络上有网卡")
    if pub is not None:
        v.check("public_category", pub.get("category") == "Public", "%s is a %s network" % (pub["name"], pub.get("category")),
                "VIP network is a public network", "VIP 所在网络为公有网络")
        if net is not None:
            v.check("vip_not_guest_network", pub["uuid"] != net["uuid"], "the VIP network and the VM network are both %s"
                    % pub["name"], "VIP network differs from the VM network", "VIP 网络与云主机网络不同")
    vip = reader.vip(vip_name)
    eip = reader.eip(name)
    if pub is not None:
        _check_vip(reader, v, params, vip, vip_name, pub)
    if eip is not None:
        v.check("eip_vip", vip is not None and eip.get("vipUuid") == vip["uuid"], "EIP %s exists on VIP %s, not on %s"
                % (name, eip.get("vipUuid"), vip_name), "Existing EIP uses the VIP", "已有 EIP 使用该 VIP")
        if nic is not None:
            v.check("eip_nic", eip.get("vmNicUuid") in (None, nic["uuid"]), "EIP %s is bound to NIC %s, not to %s"
                    % (name, eip.get("vmNicUuid"), nic["uuid"]), "Existing EIP free or on the NIC", "已有 EIP 未绑定或绑定在该网卡")
    if nic is not None:
        others = [e["name"] for e in reader.query("/eips", vmNicUuid=nic["uuid"]) if e["name"] != name]
        v.check("nic_free", not others, "NIC %s already has EIP %s" % (nic["uuid"], ", ".join(others)) if others
                else "NIC %s has no other EIP" % nic["uuid"], "NIC has no other EIP", "网卡没有其他 EIP")
    v.raise_if_failed()
    if vip is None:
        reader.reserve(pub["uuid"])
    ref = {"vip_uuid": vip["uuid"] if vip else None, "vip_ip": vip.get("ip") if vip else params.get("vip_ip")}
    steps = [_vip_step(ref, vip_name, vip, pub, params.get("vip_ip")), _eip_step(ref, name, eip, nic, vm, net)]
    steps[0].pre_checks = v.checks
    return steps


def _check_vip(reader, v, params, vip, vip_name, pub):
    wanted_ip = params.get("vip_ip")
    if vip is not None:
        v.check("vip_network", vip.get("l3NetworkUuid") == pub["uuid"], "VIP %s is on %s, not on %s"
                % (vip_name, vip.get("l3NetworkUuid"), pub["name"]), "Existing VIP on the public network", "已有 VIP 在该公有网络上")
        if wanted_ip:
            v.check("vip_ip", vip.get("ip") == wanted_ip, "VIP %s has IP %s, not %s" % (vip_name, vip.get("ip"), wanted_ip),
                    "Existing VIP has the IP", "已有 VIP 的 IP 相符")
        return
    free = reader.capacity(pub["uuid"])
    v.check("ip_capacity", free >= 1, "public network %s has %d free IPs" % (pub["name"], free),
            "Free IP on the public network", "公有网络有可用 IP")
    if wanted_ip:
        inside = any(ip_in(wanted_ip, range_cidr(r)) for r in as_list(pub.get("ipRanges")))
        free_ip = inside and _ip_free(reader, pub, wanted_ip)
        state = "free" if free_ip else ("in use" if inside else "not in a range")
        v.check("vip_ip", free_ip, "vip_ip %s is %s on %s" % (wanted_ip, state, pub["name"]),
                "Wanted VIP address is free", "指定的 VIP 地址可用")


def vip_summary(vip):
    return {"uuid": vip["uuid"], "name": vip.get("name"), "ip": vip.get("ip"), "l3NetworkUuid": vip.get("l3NetworkUuid")}


def eip_summary(eip):
    return {"uuid": eip["uuid"], "name": eip.get("name"), "vipUuid": eip.get("vipUuid"), "vipIp": eip.get("vipIp"),
            "vmNicUuid": eip.get("vmNicUuid"), "guestIp": eip.get("guestIp"), "state": eip.get("state")}


def _vip_step(ref, vip_name, vip, pub, wanted_ip):
    tgt = target("vip", vip_name, vip["uuid"] if vip else None)
    if vip is not None:
        return Step("create_vip", tgt, before=vip_summary(vip))

    def apply(run, rec):
        body = {"name": vip_name, "l3NetworkUuid": pub["uuid"]}
        if wanted_ip:
            body["requiredIp"] = wanted_ip
        inv = run.create(rec, "vip", "/vips", body, "CreateVip", vip_name)[0]
        ref.update(vip_uuid=inv["uuid"], vip_ip=inv.get("ip"))
        return vip_summary(inv)

    after = {"uuid": None, "name": vip_name, "ip": wanted_ip, "l3NetworkUuid": pub["uuid"]}
    return Step("create_vip", tgt, after=after, apply=apply)


def _eip_step(ref, name, eip, nic, vm, net):
    verify = _verify_eip(name, nic)
    if eip is not None and eip.get("vmNicUuid") == nic["uuid"]:
        return Step("create_eip", target("eip", name, eip["uuid"]), before=eip_summary(eip), verify=verify)
    if eip is not None:
        tgt = target("eip_attachment", "%s@%s:%s" % (name, vm["name"], net["name"]), eip["uuid"])

        def attach(run, rec):
            inv = run.attach(rec, "eip_attachment", eip["uuid"], "POST", "/eips/%s/vm-instances/nics/%s" % (
                eip["uuid"], nic["uuid"]), {}, "AttachEip", tgt["name"], keys={"vmNicUuid": nic["uuid"]})["inventory"]
            return eip_summary(inv)

        return Step("attach_eip", tgt, before=eip_summary(eip), after=dict(eip_summary(eip), vmNicUuid=nic["uuid"],
                                                                           guestIp=nic.get("ip")),
                    apply=attach, verify=verify)

    def create(run, rec):
        body = {"name": name, "vipUuid": ref["vip_uuid"], "vmNicUuid": nic["uuid"]}
        inv = run.create(rec, "eip", "/eips", body, "CreateEip", name)[0]
        return eip_summary(inv)

    after = {"uuid": None, "name": name, "vipUuid": ref["vip_uuid"], "vipIp": ref["vip_ip"], "vmNicUuid": nic["uuid"],
             "guestIp": nic.get("ip"), "state": "Enabled"}
    return Step("create_eip", target("eip", name), after=after, apply=create, verify=verify)


def _verify_eip(name, nic):
    def verify(run):
        found = query_eq(run.client, "/eips", name=name)
        eip = found[0] if found else {}
        ok = eip.get("vmNicUuid") == nic["uuid"] and eip.get("guestIp") == nic.get("ip") and bool(eip.get("vipIp"))
        return [check_result("eip_bound", ok, "EIP %s: %s -> NIC %s (%s)" % (
            name, eip.get("vipIp"), eip.get("vmNicUuid"), eip.get("guestIp")),
            "EIP maps the VIP to the VM NIC", "EIP 将 VIP 映射到云主机网卡"),
            check_result("eip_enabled", eip.get("state") == "Enabled", "state %s" % eip.get("state"),
                         "EIP enabled", "EIP 已启用")]
    return verify


def eip_result(reader, params, check_mode, planned):
    """The module's eip and vip return values; in check mode the planned ones."""
    if check_mode:
        return planned
    name = params["name"]
    eip = reader.eip(name)
    vip = reader.vip(params.get("vip_name") or "vip-%s" % name)
    return {"eip": eip_summary(eip) if eip else None, "vip": vip_summary(vip) if vip else None}

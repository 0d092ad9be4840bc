# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Undo of ZStack VPC change journal entries: the undo table (journal type -> function) change/rollback.py runs.

Every undo reads first: what is already gone is a success ("already gone"), and only the resource
the entry names is touched.  Detaching comes before deleting because the journal is undone newest
first (a network is attached to its router after it was created, so it is detached first).
"""

from __future__ import annotations

from urllib.parse import urlencode

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE, UndoTable
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import PLATFORM, query_eq


def _delete(client, path, api, timeout):
    client.call("DELETE", path, api=api, timeout=timeout)
    return "deleted"


def _by_uuid(client, path, uuid):
    found = query_eq(client, path, uuid=uuid)
    return found[0] if found else None


def _simple(path, api, query_path=None):
    """Undo for a resource deleted by DELETE <path>/<uuid>."""
    def undo(run, entry):
        client, timeout = run.client, run.wait_timeout
        if _by_uuid(client, query_path or path, entry["id"]) is None:
            return GONE
        return _delete(client, "%s/%s" % (path, entry["id"]), api, timeout)
    return undo


def _route_entry(run, entry):
    client, timeout = run.client, run.wait_timeout
    if _by_uuid(client, "/vrouter-route-tables/route-entries", entry["id"]) is None:
        return GONE
    table = entry["keys"]["routeTableUuid"]
    return _delete(client, "/vrouter-route-tables/%s/route-entries/%s" % (table, entry["id"]), "DeleteVRouterRouteEntry",
                   timeout)


def _table_attachment(run, entry):
    client, timeout = run.client, run.wait_timeout
    router = entry["keys"]["virtualRouterVmUuid"]
    refs = query_eq(client, "/vrouter-route-tables/virtual-router-refs", routeTableUuid=entry["id"],
                    virtualRouterVmUuid=router)
    if not refs:
        return GONE
    client.call("DELETE", "/vrouter-route-tables/%s/detach/%s" % (entry["id"], router),
                api="DetachVRouterRouteTableFromVRouter", timeout=timeout)
    return "detached"


def _router_nic(run, entry):
    client, timeout = run.client, run.wait_timeout
    if _by_uuid(client, "/vm-instances/nics", entry["id"]) is None:
        return GONE
    client.call("DELETE", "/vm-instances/nics/%s" % entry["id"], api="DetachL3NetworkFromVm", timeout=timeout)
    return "detached"


def _l3_dns(run, entry):
    client, timeout = run.client, run.wait_timeout
    l3 = _by_uuid(client, "/l3-networks", entry["keys"]["l3NetworkUuid"])
    dns = entry["keys"]["dns"]
    if l3 is None or dns not in as_list(l3.get("dns")):
        return GONE
    client.call("DELETE", "/l3-networks/%s/dns/%s" % (l3["uuid"], dns), api="RemoveDnsFromL3Network", timeout=timeout)
    return "removed"


def _l3_services(run, entry):
    client, timeout = run.client, run.wait_timeout
    l3 = _by_uuid(client, "/l3-networks", entry["keys"]["l3NetworkUuid"])
    if l3 is None:
        return GONE
    have = {(s.get("networkServiceProviderUuid"), s.get("networkServiceType")) for s in as_list(l3.get("networkServices"))}
    # a Map<String, List> in a DELETE's query string: the key repeated once per list value (RestServer)
    params = [("networkServices.%s" % prov, stype) for prov, types in sorted(entry["keys"]["networkServices"].items())
              for stype in types if (prov, stype) in have]
    if not params:
        return GONE
    client.call("DELETE", "/l3-networks/%s/network-services?%s" % (l3["uuid"], urlencode(params)),
                api="DetachNetworkServiceFromL3Network", timeout=timeout)
    return "detached"


def _eip_attachment(run, entry):
    client, timeout = run.client, run.wait_timeout
    eip = _by_uuid(client, "/eips", entry["id"])
    if eip is None or eip.get("vmNicUuid") != entry["keys"]["vmNicUuid"]:
        return GONE
    client.call("DELETE", "/eips/%s/vm-instances/nics" % eip["uuid"], api="DetachEip", timeout=timeout)
    return "detached"


# Where each created type is read by uuid, and the keys its inventory must agree on with the journal entry.
# ZStack's createDate is the management node's local time without a zone: compared as the create answer gave
# it (entry `created`), never with the controller's clock.
IDENTITY = {
    "vpc_router": ("/vpc/virtual-routers", {}),
    "l3_network": ("/l3-networks", {}),
    "ip_range": ("/l3-networks/ip-ranges", {"l3NetworkUuid": "l3NetworkUuid"}),
    "route_table": ("/vrouter-route-tables", {}),
    "route_entry": ("/vrouter-route-tables/route-entries", {"routeTableUuid": "routeTableUuid"}),
    "vip": ("/vips", {}),
    "eip": ("/eips", {}),
    "router_nic": ("/vm-instances/nics", {"vmInstanceUuid": "vmInstanceUuid", "l3NetworkUuid": "l3NetworkUuid"}),
}
UNNAMED = ("route_entry", "router_nic")     # inventories without a name (the entry's name is the step's label)


def _identify(rtype):
    path, keys = IDENTITY[rtype]

    def identify(run, entry):
        inv = _by_uuid(run.client, path, entry["id"])
        if inv is None:
            return None
        return {"name": None if rtype in UNNAMED else inv.get("name"), "created": inv.get("createDate"),
                "created_at": None, "keys": dict((k, inv.get(field)) for k, field in keys.items())}
    return identify


def _resolve_nic(run, intent):
    """The NIC an interrupted AttachL3NetworkToVm made: the router's NIC on that network (at most one)."""
    keys = intent.get("keys") or {}
    nics = query_eq(run.client, "/vm-instances/nics", vmInstanceUuid=keys.get("vmInstanceUuid"),
                    l3NetworkUuid=keys.get("l3NetworkUuid"))
    return [{"id": n["uuid"], "created_at": None} for n in nics]


UNDO_TABLE = UndoTable(PLATFORM, created={
    "vpc_router": _simple("/vm-instances", "DestroyVmInstance", "/vpc/virtual-routers"),
    "l3_network": _simple("/l3-networks", "DeleteL3Network"),
    "ip_range": _simple("/l3-networks/ip-ranges", "DeleteIpRange"),
    "l3_dns": _l3_dns,
    "l3_network_services": _l3_services,
    "router_nic": _router_nic,
    "route_table": _simple("/vrouter-route-tables", "DeleteVRouterRouteTable"),
    "route_entry": _route_entry,
    "route_table_attachment": _table_attachment,
    "vip": _simple("/vips", "DeleteVip"),
    "eip": _simple("/eips", "DeleteEip"),
    "eip_attachment": _eip_attachment,
}, required_keys={
    "l3_dns": ("l3NetworkUuid", "dns"), "l3_network_services": ("l3NetworkUuid", "networkServices"),
    "route_entry": ("routeTableUuid",), "route_table_attachment": ("virtualRouterVmUuid",),
    "eip_attachment": ("vmNicUuid",)},
    identify=dict((rtype, _identify(rtype)) for rtype in IDENTITY), resolve={"router_nic": _resolve_nic})

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Undo of one Apsara journal entry (module apsara_vpc_rollback: the undo table change/rollback.py runs).

Each undo reads the resource first ("already gone" is success), waits out a transition it cannot act in,
deletes (or puts back) exactly the id the journal names, and waits until that is done, so the next,
older entry finds its dependencies gone: routes before router interfaces, an interface deactivated
before it is deleted, SNAT entries before the EIP is unbound, the EIP unbound before it is released and
before the NAT gateway goes, vSwitches before their VPC.  A NAT gateway is deleted without Force: Force
would also remove SNAT entries and EIP bindings this change may not have made.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.reads import (
    eip, eips, nat_gateway, nat_gateways, next_hop, route_entries, route_entry, router_interface, router_interfaces,
    snat_entries, snat_entry, vpc_by_id, vpcs, vswitch_by_id, vswitches)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import PLATFORM
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE, UndoTable


def _settled(read, states):
    def settled():
        item = read()
        return item is None or item.get("Status") in states
    return settled


def _came_back(ready_states):
    """A delete that failed asynchronously puts the resource back in its ready state."""
    moved = []

    def failed(item):
        moved.append(item.get("Status") not in ready_states)
        return any(moved) and item.get("Status") in ready_states
    return failed


def _delete(run, what, read, action, params, ready=("Available",), deleting=("Deleting",)):
    """Wait until the resource can be deleted, delete it, wait until it is gone."""
    item = read()
    if item is None:
        return GONE
    if item.get("Status") not in ready:
        item = run.poll("%s to be deletable" % what, read, lambda i: i is None or i.get("Status") in ready)
        if item is None:
            return GONE
    run.settle(action, params, _settled(read, deleting))
    run.poll("%s to be deleted" % what, read, lambda i: i is None, failed=_came_back(ready),
             describe=lambda i: i.get("Status"))
    return "deleted"


def _route(run, entry):
    keys = entry["keys"]

    def read():
        return route_entry(run.client, keys["RouteTableId"], entry["id"])
    return _delete(run, "route %s" % entry.get("name"), read, "DeleteRouteEntry", {"RouteEntryId": entry["id"]})


def _router_interface(run, entry):
    rid = entry["id"]

    def read():
        return router_interface(run.client, rid)
    item = read()
    if item is None:
        return GONE
    stable = ("Idle", "Active", "Inactive")
    if item.get("Status") not in stable:
        item = run.poll("router interface %s to settle" % rid, read, lambda i: i is None or i.get("Status") in stable)
        if item is None:
            return GONE
    if item.get("Status") == "Active":    # only Idle or Inactive interfaces can be deleted
        run.settle("DeactivateRouterInterface", {"RouterInterfaceId": rid}, _settled(read, ("Deactivating", "Inactive")))
        run.poll("router interface %s to be Inactive" % rid, read, lambda i: i is None or i.get("Status") == "Inactive",
                 failed=_came_back(("Active",)), describe=lambda i: i.get("Status"))
    return _delete(run, "router interface %s" % rid, read, "DeleteRouterInterface",
                   {"RouterInterfaceId": rid, "ClientToken": run.token()}, ready=("Idle", "Inactive"), deleting=())


def _router_interface_restore(run, entry):
    """Put back the opposite end of an interface this change did not create (values the API can set)."""
    restore = dict((k, v) for k, v in (entry.get("restore") or {}).items() if v)
    if router_interface(run.client, entry["id"]) is None:
        return GONE
    if not restore:
        return "left as is: it named no opposite end before, and the API cannot clear one"
    run.call("ModifyRouterInterfaceAttribute", dict(restore, RouterInterfaceId=entry["id"]), retry=True)
    return "restored"


def _snat(run, entry):
    table = entry["keys"]["SnatTableId"]

    def read():
        return snat_entry(run.client, table, entry["id"])
    return _delete(run, "SNAT entry %s" % entry["id"], read, "DeleteSnatEntry",
                   {"SnatTableId": table, "SnatEntryId": entry["id"]})


def _association(run, entry):
    keys = entry["keys"]
    aid, owner = keys["AllocationId"], keys["InstanceId"]

    def read():
        return eip(run.client, aid)
    item = read()
    if item is None:
        return "EIP already released"
    if item.get("Status") in ("Associating", "Unassociating"):
        item = run.poll("EIP %s to settle" % aid, read, lambda i: i is None or i.get("Status") in ("InUse", "Available"))
    if item is None or item.get("InstanceId") != owner:
        return "already unbound"
    run.settle("UnassociateEipAddress", {"AllocationId": aid, "InstanceId": owner, "InstanceType": keys.get("InstanceType")},
               _settled(read, ("Unassociating", "Available")))
    run.poll("EIP %s to be unbound" % aid, read, lambda i: i is None or (i.get("Status") == "Available" and not i.get("InstanceId")),
             failed=_came_back(("InUse",)), describe=lambda i: i.get("Status"))
    return "unbound"


def _eip(run, entry):
    def read():
        return eip(run.client, entry["id"])
    item = read()
    if item is not None and item.get("InstanceId"):
        raise RuntimeError("EIP %s is still bound to %s %s: not released" % (entry["id"], item.get("InstanceType"),
                                                                             item.get("InstanceId")))
    return _delete(run, "EIP %s" % entry["id"], read, "ReleaseEipAddress", {"AllocationId": entry["id"]},
                   ready=("Available",), deleting=("Releasing",))


def _nat(run, entry):
    def read():
        return nat_gateway(run.client, entry["id"])
    return _delete(run, "NAT gateway %s" % entry["id"], read, "DeleteNatGateway", {"NatGatewayId": entry["id"]})


def _vswitch(run, entry):
    def read():
        return vswitch_by_id(run.client, entry["id"])
    # a vSwitch being deleted shows Pending, as one being created does
    return _delete(run, "vSwitch %s" % entry["id"], read, "DeleteVSwitch", {"VSwitchId": entry["id"]}, deleting=("Pending",))


def _vpc(run, entry):
    def read():
        return vpc_by_id(run.client, entry["id"])
    return _delete(run, "VPC %s" % entry["id"], read, "DeleteVpc", {"VpcId": entry["id"]})


# -- matching a live resource to its journal entry (change/rollback.py) ---------------------------------------
# type: (read by id, id field, name field, creation time field or None, {entry key: live field}).
IDENTITY = {
    "vpc": (lambda c, e: vpc_by_id(c, e["id"]), "VpcId", "VpcName", "CreationTime", {}),
    "vswitch": (lambda c, e: vswitch_by_id(c, e["id"]), "VSwitchId", "VSwitchName", "CreationTime", {"VpcId": "VpcId"}),
    "nat_gateway": (lambda c, e: nat_gateway(c, e["id"]), "NatGatewayId", "Name", "CreationTime", {"VpcId": "VpcId"}),
    "eip": (lambda c, e: eip(c, e["id"]), "AllocationId", "Name", "AllocationTime", {}),
    "router_interface": (lambda c, e: router_interface(c, e["id"]), "RouterInterfaceId", "Name", "CreationTime",
                         {"RouterId": "RouterId", "Role": "Role"}),
    "route_entry": (lambda c, e: route_entry(c, e["keys"]["RouteTableId"], e["id"]), "RouteEntryId", "RouteEntryName",
                    None, {"RouteTableId": "RouteTableId", "DestinationCidrBlock": "DestinationCidrBlock"}),
    "snat_entry": (lambda c, e: snat_entry(c, e["keys"]["SnatTableId"], e["id"]), "SnatEntryId", "SnatEntryName", None,
                   {"SnatTableId": "SnatTableId"}),
}


def _live(rtype, item):
    _read, id_field, name_field, created_field, keys = IDENTITY[rtype]
    live_keys = dict((k, item.get(field)) for k, field in keys.items())
    if rtype == "route_entry":
        live_keys["NextHopId"] = next_hop(item)[1] or None
    return {"id": item.get(id_field), "name": item.get(name_field), "created": None,
            "created_at": item.get(created_field) if created_field else None, "keys": live_keys,
            "id_keys": {id_field: item.get(id_field)}}


def _identify(rtype):
    def identify(run, entry):
        item = IDENTITY[rtype][0](run.client, entry)
        return None if item is None else _live(rtype, item)
    return identify


def _named(items, field, value):
    return [i for i in items if value and i.get(field) == value]


def _candidates(run, intent):
    """What an interrupted create (an intent without a result) may have made: found by the name and scope its
    parameters gave (a ClientToken cannot be searched for)."""
    rtype, p = intent["type"], intent.get("lookup") or {}
    client = run.client
    found = {
        "vpc": lambda: _named(vpcs(client), "VpcName", p.get("VpcName")),
        "vswitch": lambda: _named(vswitches(client, p.get("VpcId")), "VSwitchName", p.get("VSwitchName")),
        "nat_gateway": lambda: _named(nat_gateways(client, p.get("VpcId")), "Name", p.get("Name")),
        "eip": lambda: _named(eips(client, p.get("Name")), "Name", p.get("Name")),
        "router_interface": lambda: [r for r in _named(router_interfaces(client, RouterId=p.get("RouterId")), "Name", p.get("Name"))
                                     if r.get("RouterId") == p.get("RouterId")],
        "route_entry": lambda: [r for r in route_entries(client, p.get("RouteTableId"))
                                if r.get("DestinationCidrBlock") == p.get("DestinationCidrBlock")
                                and next_hop(r)[1] == p.get("NextHopId")],
        "snat_entry": lambda: _named(snat_entries(client, p.get("SnatTableId")), "SnatEntryName", p.get("SnatEntryName")),
    }[rtype]()
    return [_live(rtype, item) for item in found]


UNDO_TABLE = UndoTable(PLATFORM, created={
    "route_entry": _route, "router_interface": _router_interface, "snat_entry": _snat, "eip_association": _association,
    "eip": _eip, "nat_gateway": _nat, "vswitch": _vswitch, "vpc": _vpc,
}, modified={"router_interface": _router_interface_restore}, required_keys={
    "route_entry": ("RouteTableId",), "snat_entry": ("SnatTableId",), "eip_association": ("AllocationId", "InstanceId")},
    identify=dict((rtype, _identify(rtype)) for rtype in IDENTITY), resolve=dict((rtype, _candidates) for rtype in IDENTITY))

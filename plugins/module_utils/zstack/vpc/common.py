# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every ZStack VPC change module shares: reads by name, validation, planned steps, the runner.

A module works in two phases.  *Plan*: read what exists, validate the input (every problem is a
FAIL check; any FAIL stops the module before a single write) and build the list of steps, each
either already done (unchanged) or with an `apply` that makes it so.  *Run*: one change record per
step; in check mode nothing is applied (status planned); a failing step fails the module with the
records and the undo journal of what was done so far, the steps after it are `not_started`.

The precheck module runs the planners of a whole spec against one `VpcReader`, whose `planned`
registry lets a later item refer to a router or network an earlier item creates.
"""

from __future__ import annotations

import ipaddress
import re
import uuid

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (  # noqa: F401  pylint: disable=unused-import
    InputError, Runner, Step, StepFailed, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.planned import PlannedResources
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list

PLATFORM = "zstack"
UUID_RE = re.compile(r"^[0-9a-fA-F]{32}$")

# The services a VPC L3 gets: the official Terraform provider's resource_zstack_vpc.go (shared/reference/zstack-api.md 3.4)
DEFAULT_VPC_SERVICES = {
    "vrouter": ["IPsec", "VRouterRoute", "VipQos", "SNAT", "PortForwarding", "Eip", "DNS", "LoadBalancer", "CentralizedDNS"],
    "Flat": ["DHCP", "Userdata"],
    "SecurityGroup": ["SecurityGroup"],
}
ROUTE_SERVICE = "VRouterRoute"


# ZStack keeps names in VARCHAR(255) columns and accepts any text there, an empty one included: an empty or
# blank name would create an unnamed resource (or look up nothing), so it is refused before any call.
NAME_MAX = 255
CONTROL_RE = re.compile(u"[\x00-\x1f\x7f]")


def require_names(params, required, optional=()):
    """InputError (a FAIL pre-check `name_valid`) before any read when a name option is empty, blank, longer
    than 255 characters or has control characters; `optional` ones are checked only when given non-empty."""
    problems = []
    for option in tuple(required) + tuple(o for o in optional if params.get(o)):
        value = params.get(option)
        if not isinstance(value, str) or not value.strip():
            problems.append("%s must not be empty" % option)
        elif len(value) > NAME_MAX or CONTROL_RE.search(value):
            problems.append("%s %r is not a valid ZStack name (at most %d characters, no control characters)"
                            % (option, value[:40], NAME_MAX))
    if problems:
        raise InputError(problems, [check_result("name_valid", False, "; ".join(problems), "Names are valid",
                                                 u"名称有效")])


# One input-error and one step-failure type for both clouds (change/engine.py); the old names stay importable.
VpcError = InputError


class ChangeRun(Runner):
    """The engine's runner with ZStack writes: each is waited for by the client (X-Job-UUID), up to wait_timeout."""

    def write(self, method, path, body=None, api=None):
        return self.client.call(method, path, body, api=api, timeout=self.wait_timeout) or {}

    def create(self, rec, rtype, path, params, api, name, keys=None):
        """POST a create with the uuid chosen here (ZStack's `resourceUuid`): the intent persisted before the call
        names the very id, and each entry journaled after it carries the API's createDate, which the rollback
        compares with the live resource's.  Returns the inventories made."""
        rid = uuid.uuid4().hex
        self.intend(rec, rtype, name=name, keys=keys, rid=rid)
        out = self.write("POST", path, {"params": dict(params, resourceUuid=rid)}, api=api)
        made = out.get("inventories") or [out["inventory"]]
        for inv in made:
            self.created(rec, rtype, inv["uuid"], keys=keys, name=name, created=inv.get("createDate"))
        return made

    def attach(self, rec, rtype, rid, method, path, params, api, name, keys=None):
        """A write that attaches or adds to an existing resource `rid`: journaled as intent (the id is known)
        before the call and as entry after it.  Returns the answer."""
        self.intend(rec, rtype, name=name, keys=keys, rid=rid)
        out = self.write(method, path, {"params": params}, api=api)
        self.created(rec, rtype, rid, keys=keys, name=name)
        return out


def ip_in(ip, cidr):
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False


def range_cidr(rng):
    """The CIDR of an IpRangeInventory: networkCidr, else start IP and netmask."""
    if rng.get("networkCidr"):
        return str(ipaddress.ip_network(rng["networkCidr"], strict=False))
    return str(ipaddress.ip_network("%s/%s" % (rng["startIp"], rng["netmask"]), strict=False))


def query_eq(client, path, **equals):
    """The inventories of a Query API whose fields equal the given values (one page: lookups are small)."""
    # q= built by hand: a name may contain characters the client's operator parser would split on
    params = [("q", "%s=%s" % (k, v)) for k, v in sorted(equals.items())]
    body = client.get(path, params, api="Query %s" % path)
    return body.get("inventories", []) if isinstance(body, dict) else []


class VpcReader(object):
    """Reads by name or uuid, plus what earlier items of a spec will create (`planned`)."""

    def __init__(self, client, planned=None):
        self.client = client
        # kinds: "router" and "network" (views by name), "route_table" (router name -> table name);
        # reserved: l3 uuid -> IPs earlier planned items will take
        self.planned = planned if planned is not None else PlannedResources()
        self._providers = None
        self._l3_all = None
        self._cache = {}

    # -- raw reads -------------------------------------------------------------------------------
    def query(self, path, **equals):
        """Cached: planning reads the same router or network several times and writes nothing."""
        key = (path, tuple(sorted(equals.items())))
        if key not in self._cache:
            self._cache[key] = query_eq(self.client, path, **equals)
        return self._cache[key]

    def forget(self):
        """Drop what was read (after writes, before reading the outcome)."""
        self._cache = {}
        self._providers = None
        self._l3_all = None

    def find(self, path, ref, what, **extra):
        """The one resource whose uuid (32 hex) or name is `ref`; None if none; VpcError if ambiguous."""
        if not ref:
            return None
        key = "uuid" if UUID_RE.match(str(ref)) else "name"
        found = self.query(path, **dict(extra, **{key: ref}))
        if len(found) > 1:
            raise VpcError("%s name %r is ambiguous: %d resources carry it (%s); use the uuid"
                           % (what, ref, len(found), ", ".join(f["uuid"] for f in found)))
        return found[0] if found else None

    # -- typed reads -----------------------------------------------------------------------------
    def offering(self, ref):
        return self.find("/instance-offerings/virtual-routers", ref, "virtual router offering")

    def l2(self, ref):
        return self.find("/l2-networks", ref, "L2 network")

    def l3(self, ref):
        return self.find("/l3-networks", ref, "L3 network")

    def vm(self, ref):
        return self.find("/vm-instances", ref, "VM", type="UserVm")

    def vip(self, name):
        return self.find("/vips", name, "VIP")

    def eip(self, name):
        return self.find("/eips", name, "EIP")

    def route_table(self, ref):
        return self.find("/vrouter-route-tables", ref, "route table")

    def router_inventory(self, ref):
        return self.find("/vpc/virtual-routers", ref, "VPC router")

    def providers(self):
        """Network service providers by type: {type: {uuid, networkServiceTypes}}."""
        if self._providers is None:
            self._providers = {p["type"]: p for p in self.query("/network-services/providers")}
        return self._providers

    def all_l3(self):
        if self._l3_all is None:
            self._l3_all = self.client.query_all("/l3-networks")
        return self._l3_all

    def capacity(self, l3_uuid):
        """Free IPs of an L3 as GetIpAddressCapacity tells, less what planned items will take."""
        body = self.client.get("/ip-capacity", [("l3NetworkUuids", l3_uuid)], api="GetIpAddressCapacity")
        return int(body.get("availableCapacity", 0)) - self.planned.reserved(l3_uuid)

    def reserve(self, l3_uuid, count=1):
        self.planned.reserve(l3_uuid, count)

    # -- views: what the planners work on (real or planned) ---------------------------------------
    def router(self, ref):
        """A router view {uuid, name, status, state, nics, offering_uuid, planned}; None if unknown."""
        inv = self.router_inventory(ref)
        if inv is not None:
            return router_view(inv)
        return self.planned.get("router", ref)

    def router_of_l3(self, l3_uuid):
        """The VPC router with a NIC on this L3, as a view; None when none."""
        found = self.query("/vpc/virtual-routers", **{"vmNics.l3NetworkUuid": l3_uuid})
        return router_view(found[0]) if found else None

    def network(self, ref):
        """A network view as earlier items of a spec leave it (planned first), else as it is."""
        if self.planned.has("network", ref):
            return self.planned.get("network", ref)
        return self.real_network(ref)

    def real_network(self, ref):
        """A network view {uuid, name, type, cidrs, router, planned, inventory}; None if unknown."""
        inv = self.l3(ref)
        if inv is None:
            return None
        view = network_view(inv)
        view["router"] = self.router_of_l3(inv["uuid"])
        return view

    def existing_cidrs(self):
        """Every IP range of every L3 (and of planned networks) as {cidr, kind, id, name} for overlap checks."""
        out = []
        for l3 in self.all_l3():
            for rng in as_list(l3.get("ipRanges")):
                try:
                    cidr = range_cidr(rng)
                except (KeyError, ValueError):
                    continue
                out.append({"cidr": cidr, "kind": "L3 network", "id": l3["uuid"], "name": l3.get("name")})
        for net in self.planned.all("network"):
            for cidr in net["cidrs"]:
                out.append({"cidr": cidr, "kind": "planned network", "id": None, "name": net["name"]})
        return out


def router_view(inv):
    nics = [{"uuid": n.get("uuid"), "l3NetworkUuid": n.get("l3NetworkUuid"), "ip": n.get("ip"),
             "netmask": n.get("netmask"), "gateway": n.get("gateway")} for n in as_list(inv.get("vmNics"))]
    return {"uuid": inv["uuid"], "name": inv.get("name"), "status": inv.get("status"), "state": inv.get("state"),
            "nics": nics, "offering_uuid": inv.get("instanceOfferingUuid"), "planned": False}


def network_view(inv):
    cidrs = []
    for rng in as_list(inv.get("ipRanges")):
        try:
            cidr = range_cidr(rng)
        except (KeyError, ValueError):
            continue
        if cidr not in cidrs:
            cidrs.append(cidr)
    return {"uuid": inv["uuid"], "name": inv.get("name"), "type": inv.get("type"), "cidrs": cidrs,
            "router": None, "planned": False, "inventory": inv}


def router_summary(inv):
    """What a VPC router step shows: uuid, name, state, status and its NICs."""
    view = router_view(inv)
    return {"uuid": view["uuid"], "name": view["name"], "state": view["state"], "status": view["status"],
            "nics": [{"l3NetworkUuid": n["l3NetworkUuid"], "ip": n["ip"]} for n in view["nics"]]}


def nic_on(router, l3_uuid):
    return next((n for n in (router or {}).get("nics") or [] if n["l3NetworkUuid"] == l3_uuid), None)


def same_router(a, b):
    if not a or not b:
        return False
    if a.get("uuid") and b.get("uuid"):
        return a["uuid"] == b["uuid"]
    return a.get("name") == b.get("name")

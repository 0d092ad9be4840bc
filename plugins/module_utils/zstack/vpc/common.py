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

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker, check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError

PLATFORM = "zstack"
UUID_RE = re.compile(r"^[0-9a-fA-F]{32}$")

# The services a VPC L3 gets: the official Terraform provider's resource_zstack_vpc.go (shared/reference/zstack-api.md 3.4)
DEFAULT_VPC_SERVICES = {
    "vrouter": ["IPsec", "VRouterRoute", "VipQos", "SNAT", "PortForwarding", "Eip", "DNS", "LoadBalancer", "CentralizedDNS"],
    "Flat": ["DHCP", "Userdata"],
    "SecurityGroup": ["SecurityGroup"],
}
ROUTE_SERVICE = "VRouterRoute"


class VpcError(Exception):
    """The input cannot be applied (bad CIDR, unknown router, a conflict): raised before any write."""

    def __init__(self, message, checks=None):
        super(VpcError, self).__init__(message)
        self.message = message
        self.checks = checks or []


class Validation(object):
    """Collects the pre-checks of one item; `raise_if_failed` stops before any write, naming every FAIL."""

    def __init__(self, label):
        self.label = label
        self.checks = []

    def check(self, check_id, passed, message, title_en, title_zh, skipped=False):
        self.checks.append(check_result(check_id, passed, message, title_en, title_zh, skipped=skipped))
        return passed

    @property
    def failures(self):
        return [c for c in self.checks if c["status"] == "FAIL"]

    def raise_if_failed(self):
        if self.failures:
            raise VpcError("%s: %s" % (self.label, "; ".join(c["message"] for c in self.failures)), self.checks)


class Step(object):
    """One change step.  `apply(run, rec)` makes it so and returns the state after; None = already so.

    `verify(run)` returns post-checks (read after the apply, or for an unchanged step).
    """

    def __init__(self, action, target, before=None, after=None, apply=None, verify=None):
        self.action = action
        self.target = dict(target)
        self.before = before
        self.after = after if after is not None else before
        self.apply = apply
        self.verify = verify
        self.pre_checks = []
        self.title = None        # a text or {en, zh_CN} the report shows under the action (e.g. why this mode)

    @property
    def changed(self):
        return self.apply is not None


def target(rtype, name, rid=None):
    return {"type": rtype, "id": rid, "name": name}


class ChangeRun(object):
    """Runs planned steps: records, journal, check mode, waits."""

    def __init__(self, client, tracker, wait_timeout=600):
        self.client = client
        self.tracker = tracker
        self.wait_timeout = wait_timeout

    @property
    def check_mode(self):
        return self.tracker.check_mode

    def write(self, method, path, body=None, api=None):
        """One write, waited for up to wait_timeout (every write carries its X-Job-UUID)."""
        return self.client.call(method, path, body, api=api, timeout=self.wait_timeout) or {}

    def created(self, rec, rtype, rid, keys=None, name=None):
        return self.tracker.created(rec, rtype, rid, keys=keys, name=name)

    def run(self, steps):
        """Record and apply every step in order.  Raises StepFailed after recording the failure."""
        steps = list(steps)
        for index, step in enumerate(steps):
            rec = self.tracker.begin(step.action, step.target, before=step.before, pre_checks=step.pre_checks,
                                     title=step.title)
            try:
                if not step.changed:
                    self.tracker.finish(rec, after=step.before, post_checks=self._verify(step), changed=False)
                elif self.check_mode:
                    self.tracker.finish(rec, after=step.after)
                else:
                    after = step.apply(self, rec)
                    self.tracker.finish(rec, after=after, post_checks=self._verify(step))
            except Exception as err:  # pylint: disable=broad-except
                # whatever went wrong, the records and the journal so far must reach the role's rollback
                self.tracker.fail(rec, err)
                self._not_started(steps[index + 1:])
                raise StepFailed(err, rec)

    def _verify(self, step):
        if step.verify is None or self.check_mode:
            return []
        return step.verify(self)

    def _not_started(self, steps):
        for step in steps:
            rec = self.tracker.begin(step.action, step.target, before=step.before, pre_checks=step.pre_checks,
                                     title=step.title)
            self.tracker.finish(rec, after=step.before, changed=False)
            rec["status"] = "not_started"


class StepFailed(Exception):
    def __init__(self, error, record):
        super(StepFailed, self).__init__(str(error))
        self.error = error
        self.record = record


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

    def __init__(self, client):
        self.client = client
        self.planned_routers = {}
        self.planned_networks = {}
        self.reserved_ips = {}          # l3 uuid -> IPs earlier planned items will take
        self.planned_tables = {}        # router name -> the route table earlier items attach to it
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
        return int(body.get("availableCapacity", 0)) - self.reserved_ips.get(l3_uuid, 0)

    def reserve(self, l3_uuid, count=1):
        self.reserved_ips[l3_uuid] = self.reserved_ips.get(l3_uuid, 0) + count

    # -- views: what the planners work on (real or planned) ---------------------------------------
    def router(self, ref):
        """A router view {uuid, name, status, state, nics, offering_uuid, planned}; None if unknown."""
        inv = self.router_inventory(ref)
        if inv is not None:
            return router_view(inv)
        return self.planned_routers.get(ref)

    def router_of_l3(self, l3_uuid):
        """The VPC router with a NIC on this L3, as a view; None when none."""
        found = self.query("/vpc/virtual-routers", **{"vmNics.l3NetworkUuid": l3_uuid})
        return router_view(found[0]) if found else None

    def network(self, ref):
        """A network view as earlier items of a spec leave it (planned first), else as it is."""
        if ref in self.planned_networks:
            return self.planned_networks[ref]
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
            for rng in l3.get("ipRanges") or []:
                try:
                    cidr = range_cidr(rng)
                except (KeyError, ValueError):
                    continue
                out.append({"cidr": cidr, "kind": "L3 network", "id": l3["uuid"], "name": l3.get("name")})
        for net in self.planned_networks.values():
            for cidr in net["cidrs"]:
                out.append({"cidr": cidr, "kind": "planned network", "id": None, "name": net["name"]})
        return out


def router_view(inv):
    nics = [{"uuid": n.get("uuid"), "l3NetworkUuid": n.get("l3NetworkUuid"), "ip": n.get("ip"),
             "netmask": n.get("netmask"), "gateway": n.get("gateway")} for n in inv.get("vmNics") or []]
    return {"uuid": inv["uuid"], "name": inv.get("name"), "status": inv.get("status"), "state": inv.get("state"),
            "nics": nics, "offering_uuid": inv.get("instanceOfferingUuid"), "planned": False}


def network_view(inv):
    cidrs = []
    for rng in inv.get("ipRanges") or []:
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


# -- module glue -----------------------------------------------------------------------------------
def new_tracker(module, client, check_mode=None):
    return ChangeTracker(module.params.get("change") or {}, PLATFORM, client.endpoint,
                         check_mode=module.check_mode if check_mode is None else check_mode)


def fail(module, msg, tracker, err=None, **extra):
    """fail_json with the change records and journal, so the role's rescue can roll back."""
    result = dict(tracker.result())
    result.update(extra)
    if isinstance(err, ZStackError):
        result["error"] = err.to_dict()
    module.close()
    module.module.fail_json(msg=msg, **result)


def execute(module, label, plan, outcome, prepare=None):
    """The whole life of an apply module.

    `plan(reader)` returns the steps (reads and validation only); `outcome(reader, check_mode)`
    returns the module's own return keys after the run; `prepare(reader)`, in check mode only,
    registers what earlier items of the change would create (see zstack_vpc_precheck.prime).
    """
    client = module.ready_client()
    tracker = new_tracker(module, client)
    reader = VpcReader(client)
    try:
        if prepare is not None and module.check_mode:
            prepare(reader)
        steps = plan(reader)
    except VpcError as err:
        return fail(module, err.message, tracker, pre_checks=err.checks)
    except ZStackError as err:
        return fail(module, "reading the current state failed: %s" % err, tracker, err)
    run = ChangeRun(client, tracker, module.params.get("wait_timeout") or 600)
    try:
        run.run(steps)
    except StepFailed as failed:
        rec = failed.record
        return fail(module, "step %s %s failed: %s" % (rec["action"], rec["target"].get("name"), failed.error),
                    tracker, failed.error)
    reader.forget()
    try:
        result = outcome(reader, module.check_mode)
    except (ZStackError, VpcError) as err:
        return fail(module, "reading the final state failed: %s" % err, tracker, err if isinstance(err, ZStackError) else None)
    result.update(tracker.result())
    result["changed"] = tracker.changed
    if module._diff:  # pylint: disable=protected-access
        result["diff"] = tracker.diff(label)
    return module.exit_json(**result)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the earlier items of a change spec would create, for a dry run of the whole change (option context_spec).

In check mode nothing is created, so a later task of the same change cannot find the VPC, vSwitch, router
interface or NAT gateway an earlier task would have created.  Given the whole spec, such a reference is a
*planned* placeholder: shaped like the record the read would return, with the declared name, CIDR and zone
and null ids.  The steps then plan it as they would apply it, with the same change uids as the plan of
apsara_vpc_precheck, which fills the same registry as it plans the items.  An apply module fills it in check
mode only (apsara/vpc/module.py prepare); otherwise it is empty and a missing reference is an error, as always.

No reads here: `find_vpc` is handed in, so the planners can import this without a cycle.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.planned import PlannedResources

# Marks a placeholder; placeholders never reach the API (every write path runs outside check mode).
PLANNED = "Planned"


def is_planned(item):
    return bool(item) and bool(item.get(PLANNED))


def vpc_key(vpc):
    """Identity of a VPC, real (its id) or planned (its name: a planned VPC has no id)."""
    return vpc.get("VpcId") or "planned:%s" % vpc.get("VpcName")


class Planned(PlannedResources):
    """Lookups of what earlier items create; every lookup answers None (or False) when nothing is registered.

    Kind "vpc": the spec's VPC items (name, cidr_block, description, vswitches) by name; `router_interfaces`:
    (name, VPC reference) of each interface an earlier peering creates; `nat_gateways`: (name, VPC reference)
    of each earlier internet item (apsara/vpc/precheck.declare fills them); `find_vpc(ref)`: the existing VPC
    a reference names, or None.
    """

    def __init__(self, find_vpc=None, source="context_spec"):
        super(Planned, self).__init__(source)
        self.router_interfaces = []
        self.nat_gateways = []
        self._find = find_vpc
        self._found = {}
        self.active = find_vpc is not None

    def vpc(self, ref):
        """A placeholder for the VPC an earlier item creates under the name `ref`, else None."""
        item = self.get("vpc", ref)
        if item is None:
            return None
        return {"VpcId": None, "VpcName": item["name"], "CidrBlock": item["cidr_block"], "VRouterId": None,
                "Description": item.get("description"), PLANNED: True}

    def vpcs(self):
        return [self.vpc(item["name"]) for item in self.all("vpc")]

    def vswitch(self, vpc, ref):
        """A placeholder for vSwitch `ref` of this VPC (real or planned) that an earlier VPC item declares."""
        item = self.get("vpc", vpc.get("VpcName")) or {}       # an existing VPC declared again may add vSwitches
        found = next((s for s in item.get("vswitches") or [] if s["name"] == ref), None)
        if found is None:
            return None
        # AvailableIpAddressCount stays unknown: the API reference gives no reserved-address rule to derive it from
        return {"VSwitchId": None, "VSwitchName": found["name"], "CidrBlock": found["cidr_block"], "ZoneId": found["zone_id"],
                "VpcId": vpc.get("VpcId"), "AvailableIpAddressCount": None, PLANNED: True}

    def next_hop(self, vpc, hop_type, ref):
        """Whether an earlier item creates the next hop `ref` in this VPC: a peering's router interface or a NAT gateway."""
        made = {"RouterInterface": self.router_interfaces, "NatGateway": self.nat_gateways}.get(hop_type) or []
        return any(name == ref and self.names(vref, vpc) for name, vref in made)

    def names(self, ref, vpc):
        """Whether the spec reference `ref` (a name or an id) means this VPC."""
        if ref not in self._found:
            self._found[ref] = self._find(ref) if self._find is not None else None
        real = self._found[ref]
        if real is not None:
            return not is_planned(vpc) and real["VpcId"] == vpc.get("VpcId")
        return is_planned(vpc) and ref == vpc.get("VpcName")

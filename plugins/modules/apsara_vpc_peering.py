#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_vpc_peering
short_description: Connect two Apsara Stack VPCs with a router interface pair and routes, as a recorded change
version_added: 0.1.0
description:
  - "VPC-to-VPC connectivity the Apsara way (router interfaces): creates an C(InitiatingSide) router interface named O(name) on
    O(local_vpc)'s VRouter and an C(AcceptingSide) one named C(<name>-peer) on O(peer_vpc)'s (C(CreateRouterInterface) with a
    C(ClientToken)), names each the other's opposite end (C(ModifyRouterInterfaceAttribute)), connects them
    (C(ConnectRouterInterface)) and waits until both are C(Active), then adds routes toward the other VPC in both route tables
    (C(CreateRouteEntry), C(NextHopType=RouterInterface)) and waits until they are C(Available)."
  - Every step is a change record (C(create_router_interface) twice, C(modify_router_interface) twice,
    C(connect_router_interface), C(create_route_entry) per route) and what it creates goes into the C(journal) for
    M(cloudops.privatecloud.apsara_vpc_rollback).
  - Before any write it fails when a VPC does not exist, the two VPCs overlap, a route destination overlaps its own VPC or
    is already routed elsewhere (a route is never overwritten), or the two VPC routers are already connected (Apsara allows
    one connection per pair of routers).
  - Interfaces and routes that already exist as wanted are C(unchanged); a second run changes nothing.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: Name of the peering and of its initiating router interface; the accepting one is C(<name>-peer).
    type: str
    required: true
  local_vpc:
    description: The VPC that initiates the connection (name or id).
    type: str
    required: true
  peer_vpc:
    description: The VPC that accepts it (name or id).
    type: str
    required: true
  spec:
    description: Router interface specification of the initiating side (the accepting side is always C(Negative)).
    type: str
    default: Large.2
    choices: [Mini.2, Mini.5, Small.1, Small.2, Small.5, Middle.1, Middle.2, Middle.5, Large.1, Large.2, Large.5, Xlarge.1]
  description:
    description: Description of both router interfaces (2-256 characters).
    type: str
  local_routes:
    description: Destinations routed from O(local_vpc) through the connection. Default the peer VPC's CIDR.
    type: list
    elements: str
    default: []
  peer_routes:
    description: Destinations routed from O(peer_vpc) back through the connection. Default the local VPC's CIDR.
    type: list
    elements: str
    default: []
  context_spec:
    description:
      - The whole Apsara change spec of this endpoint, the O(cloudops.privatecloud.apsara_vpc_precheck#module:spec) of
        M(cloudops.privatecloud.apsara_vpc_precheck) (the C(vpc_change) role passes it).
      - Used in check mode only. A VPC, vSwitch, router interface or NAT gateway this task refers to that does not exist but
        that an item before this one in the spec creates is taken as planned, with its declared name, CIDR and zone, so a dry
        run of a whole change plans every step as the pre-check does, with the same change uids. A reference that neither
        exists nor is created earlier fails the task as in a real run. Outside check mode this option is ignored.
    type: dict
  wait_timeout:
    description: Seconds to wait for the connection to become C(Active) and for one route to become C(Available).
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Connect vpc-prod to vpc-shared, routing each VPC's CIDR to the other
  cloudops.privatecloud.apsara_vpc_peering:
    name: pcx-prod-shared
    local_vpc: vpc-prod
    peer_vpc: vpc-shared
    change: "{{ change }}"
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
  register: peering
"""

RETURN = r"""
peering:
  description: The connection.
  returned: always
  type: dict
  contains:
    name:
      description: O(name).
      type: str
    local_interface_id:
      description: The initiating router interface (null in check mode when it would be created).
      type: str
    peer_interface_id:
      description: The accepting router interface.
      type: str
    status:
      description: Status of the initiating interface (C(Active)), or C(planned) in check mode.
      type: str
    routes:
      description:
        - The routes on both sides (C(id), C(name), C(destination_cidr), C(next_hop_type), C(next_hop_id), C(status),
          C(route_table_id)).
      type: list
      elements: dict
report_kind:
  description: Always C(change); what the report callback looks for.
  returned: always
  type: str
  sample: change
platform:
  description: Always C(apsara).
  returned: always
  type: str
endpoint:
  description: The region and ECS endpoint used (never credentials).
  returned: always
  type: str
change:
  description: The change context (C(id), C(ticket), C(operator), C(title), C(window)).
  returned: always
  type: dict
changes:
  description: One change record per step, also when the task fails; schema in docs/changes.md.
  returned: always
  type: list
  elements: dict
journal:
  description:
    - What this task created (C(router_interface), C(route_entry)) or modified, oldest first; give it to
      M(cloudops.privatecloud.apsara_vpc_rollback).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.module import ApsaraChange
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.peering import ITEM_SPEC, plan_peering


class VpcPeering(ApsaraChange):
    item_spec, section, planner = ITEM_SPEC, "peerings", staticmethod(plan_peering)
    title = "apsara_vpc_peering"


def main():
    VpcPeering().run()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_route_entry
short_description: Add routes from an Apsara Stack VPC toward service networks as a recorded change
version_added: 0.1.0
description:
  - "VPC-to-cloud-service: adds one route per O(routes) item to the system route table of O(vpc) (C(CreateRouteEntry) with a
    C(ClientToken)) and waits until it is C(Available), for example the internal service network through a proxy instance
    or a router interface toward a shared-services VPC."
  - Idempotent per destination - a route to the same next hop is C(unchanged). A destination already routed elsewhere fails
    the task before any write; a route is never overwritten.
  - Every route is a change record (C(create_route_entry)) and goes into the C(journal) for
    M(cloudops.privatecloud.apsara_vpc_rollback).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  vpc:
    description: The VPC whose route table gets the routes (name or id).
    type: str
    required: true
  routes:
    description: The routes.
    type: list
    elements: dict
    required: true
    suboptions:
      destination_cidr:
        description: Destination CIDR block; it must not overlap the VPC itself.
        type: str
        required: true
      next_hop_type:
        description:
          - Next hop type (C(CreateRouteEntry) C(NextHopType)). V(Instance), V(RouterInterface) and V(NatGateway) next hops
            are looked up by name or id in the VPC; the others are taken as ids.
        type: str
        required: true
        choices: [Instance, RouterInterface, NatGateway, HaVip, NetworkInterface, VpnGateway, IPv6Gateway, Ipv4Gateway,
                  Attachment, VpcPeer, GatewayEndpoint, Ecr]
      next_hop:
        description: The next hop, by name or id.
        type: str
        required: true
      name:
        description: Route entry name; default C(svc-<destination>).
        type: str
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
    description: Seconds to wait for one route to become C(Available).
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Route the internal service network of vpc-prod through the proxy instance
  cloudops.privatecloud.apsara_route_entry:
    vpc: vpc-prod
    routes:
      - {destination_cidr: 100.100.0.0/16, next_hop_type: Instance, next_hop: bastion-01, name: svc-internal}
    change: "{{ change }}"
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
"""

RETURN = r"""
vpc:
  description: The VPC (C(id), C(name), C(route_table_id)).
  returned: always
  type: dict
routes:
  description: The routes (C(id), C(name), C(destination_cidr), C(next_hop_type), C(next_hop_id), C(status), C(route_table_id)).
  returned: always
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
  description: One change record per route, also when the task fails; schema in docs/changes.md.
  returned: always
  type: list
  elements: dict
journal:
  description: The routes this task created, oldest first; give it to M(cloudops.privatecloud.apsara_vpc_rollback).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.module import ApsaraChange
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.routes import ITEM_SPEC, plan_routes


class RouteEntries(ApsaraChange):
    item_spec, section, planner = ITEM_SPEC, "service_routes", staticmethod(plan_routes)
    title = "apsara_route_entry"
    name_option = "vpc"


def main():
    RouteEntries().run()


if __name__ == "__main__":
    main()

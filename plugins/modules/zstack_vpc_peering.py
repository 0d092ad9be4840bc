#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vpc_peering
short_description: Connect two ZStack VPC networks (VPC-to-VPC) through a shared VPC router or routes between routers
version_added: 0.1.0
description:
  - ZStack has no VPC peering API. This module connects O(local_network) and O(peer_network) the ways ZStack can, and says
    which in RV(mode) and why in RV(reason) (English and Chinese).
  - Both networks on one VPC router - that router already routes between its networks; nothing is written (mode C(shared_router)).
  - O(peer_network) on no router - it is attached to the router of O(local_network) (C(AttachL3NetworkToVm); mode C(shared_router)).
  - The networks on two routers - each router gets a route table (one per router, as ZStack allows; the table a router
    already uses is reused) with a C(UserStatic) entry toward each CIDR of the other side, next hop the other router's IP on
    a network both routers have a NIC on; then the table is attached (mode C(router_routes)). Without such a shared network
    the task fails before any write.
  - Before any write it checks that both networks exist, that their CIDRs do not overlap, that the router's route-table slot
    is free or already holds the table, that the router has a network with the C(VRouterRoute) service, and that no destination
    is already routed elsewhere (never overwritten).
  - Post-checks read the routers' live routing tables (C(GetVRouterRouteTable)) - routes point where intended.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: Name of this connection, used in the change records.
    type: str
    required: true
  local_network:
    description: Name or uuid of the local VPC network; it must be attached to a VPC router.
    type: str
    required: true
  peer_network:
    description: Name or uuid of the peer VPC network.
    type: str
    required: true
  mode:
    description:
      - V(auto) picks what the networks allow (see the description). V(shared_router) refuses networks on two routers,
        V(router_routes) refuses a peer network on no router.
    type: str
    choices: [auto, shared_router, router_routes]
    default: auto
  shared_network:
    description: Name or uuid of the network both routers share to route over; default the first shared one by name.
    type: str
  local_route_table:
    description: Route table of the local router; default the table it already uses, else C(rt-<router name>).
    type: str
  peer_route_table:
    description: Route table of the peer router; default the table it already uses, else C(rt-<router name>).
    type: str
  context_spec:
    description:
      - The whole ZStack change spec, as M(cloudops.privatecloud.zstack_vpc_precheck) takes it (the C(vpc_change) role can pass it).
      - Used in check mode only. What the items before this one would create (routers, networks, route tables, IPs) is taken
        as planned, so a dry run of a whole change plans each step as the pre-check does, with the same change uids. Outside
        check mode those items exist and this option is ignored.
    type: dict
  wait_timeout:
    description: Seconds to wait for each job.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Connect VPC-APP and VPC-NEW (on two routers that share the edge network)
  cloudops.privatecloud.zstack_vpc_peering:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    name: app-to-new
    local_network: VPC-APP
    peer_network: VPC-NEW
    change: "{{ window.change }}"
  register: peering

- name: Say how they were connected
  ansible.builtin.debug:
    msg: "{{ peering.mode }} - {{ peering.reason.en }}"
"""

RETURN = r"""
mode:
  description: C(shared_router) or C(router_routes).
  returned: success
  type: str
  sample: router_routes
reason:
  description: Why that mode, in C(en) and C(zh_CN).
  returned: success
  type: dict
shared_network:
  description: The network the routes go over (mode C(router_routes)), else null.
  returned: success
  type: str
routes:
  description: The routes of mode C(router_routes), each C(router), C(route_table), C(destination) and C(next_hop).
  returned: success
  type: list
  elements: dict
report_kind:
  description: Always C(change).
  returned: always
  type: str
platform:
  description: Always C(zstack).
  returned: always
  type: str
endpoint:
  description: The normalised endpoint URL.
  returned: always
  type: str
change:
  description: The change this task belongs to (id, ticket, operator, title, window).
  returned: always
  type: dict
changes:
  description: One change record per step (docs/changes.md), also when the task fails.
  returned: always
  type: list
  elements: dict
journal:
  description: What this task created, for M(cloudops.privatecloud.zstack_vpc_rollback), also when the task fails.
  returned: always
  type: list
  elements: dict
pre_checks:
  description: The checks that failed validation, when the task fails before any write.
  returned: on validation failure
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.module import ZStackChange
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import PEERING_OPTIONS
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.peering import plan_peering


class VpcPeering(ZStackChange):
    options, section = PEERING_OPTIONS, "peerings"
    title = "VPC peering"
    found = None

    def plan(self, reader, run):
        steps, self.found = plan_peering(reader, self.params)
        return steps

    def final(self, reader, check_mode):
        return dict(self.found or {})


def main():
    VpcPeering().run()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vpc_route
short_description: Route a ZStack VPC router toward cloud service networks with static vRouter routes
version_added: 0.1.0
description:
  - Puts the O(routes) into the route table O(route_table) of O(vpc_router) - C(CreateVRouterRouteTable) when the table
    does not exist, one C(AddVRouterRouteEntry) (C(UserStatic)) per missing route, C(AttachVRouterRouteTableToVRouter)
    when the table is not attached yet. One change record per step.
  - Idempotent per destination - a destination already routed to the same next hop is C(unchanged); routed elsewhere is an
    error before any write, never overwritten.
  - ZStack attaches one route table per router - a router that already uses another table is an error that names it.
    Attaching needs the C(VRouterRoute) service on one of the router's networks; that is checked before any write too.
  - A default route (C(0.0.0.0/0)) is refused (ZStack does not allow it on a route table), and so is a destination that
    overlaps a network the router is on.
  - Post-check - the router's live routing table (C(GetVRouterRouteTable)) has every route with its next hop.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  vpc_router:
    description: Name or uuid of the VPC router.
    type: str
    required: true
  route_table:
    description: Name of the route table; default the table the router already uses, else C(rt-<router name>).
    type: str
  routes:
    description: The routes.
    type: list
    elements: dict
    required: true
    suboptions:
      destination_cidr:
        description: Destination network, for example V(100.64.0.0/16).
        type: str
        required: true
      next_hop:
        description: Next hop IPv4 address, normally on a network the router has a NIC on.
        type: str
        required: true
      distance:
        description: Route distance 1 to 254; ZStack's default is 128.
        type: int
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
- name: Route vpc-router-app toward the object storage service network through the edge gateway
  cloudops.privatecloud.zstack_vpc_route:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    vpc_router: vpc-router-app
    route_table: rt-services
    routes:
      - {destination_cidr: 100.64.0.0/16, next_hop: 198.51.100.1}
    change: "{{ window.change }}"
"""

RETURN = r"""
route_table:
  description: The route table, C(uuid) (null in check mode when it would be created), C(name) and C(router_uuid).
  returned: success
  type: dict
routes:
  description: The routes asked for, each C(destination), C(next_hop) and the entry C(uuid) (null when planned).
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
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import ROUTE_OPTIONS
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.routes import plan_service_routes, route_result


class VpcRoutes(ZStackChange):
    options, section = ROUTE_OPTIONS, "service_routes"
    title = "routes of"
    name_option = "vpc_router"
    steps = ()

    def plan(self, reader, run):
        self.steps = plan_service_routes(reader, self.params)
        return self.steps

    def final(self, reader, check_mode):
        return route_result(reader, self.params, self.steps, check_mode)


def main():
    VpcRoutes().run()


if __name__ == "__main__":
    main()

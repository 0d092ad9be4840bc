# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of the ZStack VPC change items: one definition for each apply module's argument spec
(change.module.apply_argument_spec adds the change options) and for the items of zstack_vpc_precheck's
spec (validated with the same rules)."""

from __future__ import annotations

ROUTER_OPTIONS = dict(
    name=dict(type="str", required=True),
    offering=dict(type="str", required=True),
    description=dict(type="str"),
)

NETWORK_OPTIONS = dict(
    name=dict(type="str", required=True),
    vpc_router=dict(type="str", required=True),
    l2_network=dict(type="str", required=True),
    cidr=dict(type="str"),
    ip_ranges=dict(type="list", elements="dict", options=dict(
        network_cidr=dict(type="str"), start_ip=dict(type="str"), end_ip=dict(type="str"),
        netmask=dict(type="str"), gateway=dict(type="str"))),
    dns=dict(type="list", elements="str", default=[]),
    network_services=dict(type="dict"),
    description=dict(type="str"),
)
NETWORK_RULES = dict(mutually_exclusive=[("cidr", "ip_ranges")], required_one_of=[("cidr", "ip_ranges")])

PEERING_OPTIONS = dict(
    name=dict(type="str", required=True),
    local_network=dict(type="str", required=True),
    peer_network=dict(type="str", required=True),
    mode=dict(type="str", default="auto", choices=["auto", "shared_router", "router_routes"]),
    shared_network=dict(type="str"),
    local_route_table=dict(type="str"),
    peer_route_table=dict(type="str"),
)

EIP_OPTIONS = dict(
    name=dict(type="str", required=True),
    vm=dict(type="str", required=True),
    vm_network=dict(type="str", required=True),
    public_network=dict(type="str", required=True),
    vip_ip=dict(type="str"),
    vip_name=dict(type="str"),
)

ROUTE_OPTIONS = dict(
    vpc_router=dict(type="str", required=True),
    route_table=dict(type="str"),
    routes=dict(type="list", elements="dict", required=True, options=dict(
        destination_cidr=dict(type="str", required=True), next_hop=dict(type="str", required=True),
        distance=dict(type="int"))),
)

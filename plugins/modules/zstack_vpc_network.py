#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vpc_network
short_description: Create a ZStack VPC network (VPC L3) with its ranges, DNS and services, attached to its VPC router
version_added: 0.1.0
description:
  - Builds the VPC network O(name) step by step, one change record each, in this order - C(CreateL3Network) (type
    C(L3VpcNetwork), category C(Private)) on O(l2_network), its IP ranges (C(AddIpRangeByNetworkCidr) or C(AddIpRange)),
    each O(dns) server, the O(network_services), then C(AttachL3NetworkToVm) onto O(vpc_router), whose NIC takes the gateway IP.
  - Idempotent by name - what exists already is an C(unchanged) step; only what is missing is added. Ranges, DNS servers or
    services the network has beyond those asked for are left as they are.
  - Before any write it checks the CIDRs (syntax, gateway inside, prefix C(/8) to C(/30)), that no new range overlaps a range of
    any existing L3 network (the same network with the same CIDR is not an overlap), that the router and the L2 network exist,
    that the router is connected, and that an existing network of that name is a VPC network on that L2 and not on another router.
  - Every created piece is a journal entry that M(cloudops.privatecloud.zstack_vpc_rollback) undoes (detach from the
    router, remove services and DNS, delete ranges, delete the network).
  - Post-checks - the router's NIC holds the gateway IP and the router's live routing table has the network as a connected route.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: Name of the VPC network (L3). Identifies the network; names should be unique.
    type: str
    required: true
  vpc_router:
    description: Name or uuid of the VPC router to attach the network to.
    type: str
    required: true
  l2_network:
    description: Name or uuid of the L2 network the L3 network is created on.
    type: str
    required: true
  cidr:
    description:
      - The network as one CIDR, for example V(192.168.30.0/24); the gateway is its first address. Same as one O(ip_ranges)
        item with only C(network_cidr).
      - Exactly one of O(cidr) and O(ip_ranges).
    type: str
  ip_ranges:
    description: The IP ranges, each either C(network_cidr) (and optionally C(gateway)) or C(start_ip), C(end_ip), C(netmask) and C(gateway).
    type: list
    elements: dict
    suboptions:
      network_cidr:
        description: A whole network; the range is every address but the gateway.
        type: str
      start_ip:
        description: First address of an explicit range.
        type: str
      end_ip:
        description: Last address of an explicit range.
        type: str
      netmask:
        description: Netmask of an explicit range, for example V(255.255.255.0).
        type: str
      gateway:
        description: Gateway; required for an explicit range, the first address of O(ip_ranges[].network_cidr) by default.
        type: str
  dns:
    description: DNS servers of the network, added in order.
    type: list
    elements: str
    default: []
  network_services:
    description:
      - Network services as a mapping of provider type (C(vrouter), C(Flat), C(SecurityGroup)) to a list of service types.
      - Default the set a VPC network gets from the official Terraform provider - vrouter C(IPsec), C(VRouterRoute), C(VipQos),
        C(SNAT), C(PortForwarding), C(Eip), C(DNS), C(LoadBalancer), C(CentralizedDNS); Flat C(DHCP), C(Userdata);
        SecurityGroup C(SecurityGroup).
    type: dict
  description:
    description: Description of a new network.
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
notes:
  - Every write carries an C(X-Job-UUID), so a retried submit never runs twice.
"""

EXAMPLES = r"""
- name: Create VPC-NEW on the new router
  cloudops.privatecloud.zstack_vpc_network:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    name: VPC-NEW
    vpc_router: vpc-router-new
    l2_network: L2-VPC-NEW
    cidr: 192.168.30.0/24
    dns: [223.5.5.5]
    change: "{{ window.change }}"

- name: A network with an explicit range and a reduced service set
  cloudops.privatecloud.zstack_vpc_network:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    name: VPC-BATCH
    vpc_router: vpc-router-app
    l2_network: L2-VPC-NEW
    ip_ranges:
      - {start_ip: 192.168.40.10, end_ip: 192.168.40.200, netmask: 255.255.255.0, gateway: 192.168.40.1}
    network_services:
      vrouter: [VRouterRoute, SNAT, Eip, DNS]
      Flat: [DHCP]
"""

RETURN = r"""
network:
  description: The network after the run (check mode, as planned, C(uuid) null when it would be created).
  returned: always
  type: dict
  contains:
    uuid:
      description: L3 network uuid.
      type: str
    name:
      description: Network name.
      type: str
    cidr:
      description: The first range's CIDR.
      type: str
    cidrs:
      description: Every range's CIDR.
      type: list
      elements: str
    router_uuid:
      description: Uuid of the VPC router the network is attached to.
      type: str
    router:
      description: Name of that router.
      type: str
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
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.network import network_result, plan_network
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import NETWORK_OPTIONS, NETWORK_RULES


class VpcNetwork(ZStackChange):
    options, rules, section = NETWORK_OPTIONS, NETWORK_RULES, "networks"
    title = "VPC network"

    def plan(self, reader, run):
        return plan_network(reader, self.params)

    def final(self, reader, check_mode):
        return {"network": network_result(reader, self.params["name"], check_mode)}


def main():
    VpcNetwork().run()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vpc_precheck
short_description: Check a whole ZStack VPC change against the current state and plan its steps, with zero writes
version_added: 0.1.0
description:
  - Read-only. Runs every item of O(spec) through the same validation and planning its apply module uses, in the order the
    C(vpc_change) role applies them (routers, networks, peerings, EIPs, service routes), so an item may refer to a router or
    network an earlier item creates.
  - Checks - item options (the apply modules' own rules), CIDR syntax, every new network's CIDR against every existing L3
    range and against the other new networks (the same network with the same CIDR is not an overlap), peers not overlapping
    each other, that referenced routers, offerings, L2 networks, VMs, NICs and public networks exist or are created earlier,
    free IPs on the networks new routers and VIPs take (C(GetIpAddressCapacity), counting what earlier items take), route-table
    slots, the C(VRouterRoute) service, and destinations already routed elsewhere.
  - Fails, listing every failed check in RV(pre_checks), when any check fails. Nothing is ever written.
  - RV(plan) lists every step the apply modules would record for this spec, with the same change uid.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  spec:
    description:
      - The ZStack part of the change spec - a mapping with the optional lists C(vpc_routers), C(networks), C(peerings), C(eips)
        and C(service_routes). Their items take the options of M(cloudops.privatecloud.zstack_vpc_router),
        M(cloudops.privatecloud.zstack_vpc_network), M(cloudops.privatecloud.zstack_vpc_peering),
        M(cloudops.privatecloud.zstack_eip) and M(cloudops.privatecloud.zstack_vpc_route) (without the connection options,
        O(change) and C(wait_timeout)).
    type: dict
    required: true
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Pre-check the change
  cloudops.privatecloud.zstack_vpc_precheck:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    change: "{{ window.change }}"
    spec:
      vpc_routers:
        - {name: vpc-router-new, offering: VR-OFFERING-EDGE}
      networks:
        - {name: VPC-NEW, vpc_router: vpc-router-new, l2_network: L2-VPC-NEW, cidr: 192.168.30.0/24, dns: [223.5.5.5]}
      peerings:
        - {name: app-to-new, local_network: VPC-APP, peer_network: VPC-NEW}
      eips:
        - {name: eip-batch-01, vm: batch-01, vm_network: VPC-APP, public_network: L3-EDGE-PUBLIC}
      service_routes:
        - {vpc_router: vpc-router-new, routes: [{destination_cidr: 100.64.0.0/16, next_hop: 198.51.100.1}]}
  register: precheck
"""

RETURN = r"""
pre_checks:
  description: Every check, each C(id), C(status) (C(PASS), C(FAIL), C(SKIPPED)), C(title) (C(en), C(zh_CN)) and C(message), the message prefixed with the item.
  returned: always
  type: list
  elements: dict
plan:
  description:
    - Every step the apply modules would record, in order, each C(uid), C(action), C(target) (C(type), C(name)), C(platform),
      C(endpoint), C(change_id) and C(status) (C(planned), or C(unchanged) when already so).
    - Items that fail a check have no steps.
  returned: always
  type: list
  elements: dict
changed:
  description: Always false.
  returned: always
  type: bool
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
  description: The change this task belongs to.
  returned: always
  type: dict
changes:
  description: One record, action C(precheck_vpc_change), C(unchanged) when every check passed, else C(failed), with the checks as C(pre_checks).
  returned: always
  type: list
  elements: dict
journal:
  description: Always empty.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.module import ZStackPrecheck


def main():
    ZStackPrecheck().run()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_vpc
short_description: Create an Apsara Stack VPC and its vSwitches as one recorded change step by step
version_added: 0.1.0
description:
  - Creates the VPC named O(name) (C(CreateVpc)) and each vSwitch in O(vswitches) (C(CreateVSwitch)) that does not exist
    yet, every create with a C(ClientToken), and waits until each is C(Available).
  - Resources are found by name in the region (vSwitches within the VPC). An existing VPC or vSwitch with the same CIDR
    (and zone) is left as it is (status C(unchanged)); one with a different CIDR or zone fails the task before any write,
    because a change never modifies an existing network. A new VPC whose CIDR overlaps an existing VPC fails the same way.
  - Every step is a change record and every created resource goes into the C(journal), so
    M(cloudops.privatecloud.apsara_vpc_rollback) can delete exactly what this task created.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: VPC name (2-128 characters, starting with a letter; letters, digits, C(.), C(_) and C(-)).
    type: str
    required: true
  cidr_block:
    description: VPC CIDR block, a network from C(/8) to C(/28), for example V(192.168.0.0/16).
    type: str
    required: true
  description:
    description: VPC description (2-256 characters).
    type: str
  vswitches:
    description: vSwitches of the VPC, created in this order.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: vSwitch name, unique within the VPC.
        type: str
        required: true
      cidr_block:
        description: vSwitch CIDR block inside the VPC's, from C(/16) to C(/29), apart from its siblings.
        type: str
        required: true
      zone_id:
        description: Zone of the vSwitch, for example V(cn-lab-1a) (ECS C(DescribeZones) lists them).
        type: str
        required: true
      description:
        description: vSwitch description (2-256 characters).
        type: str
  context_spec:
    description:
      - The whole Apsara change spec of this endpoint, the O(cloudops.privatecloud.apsara_vpc_precheck#module:spec) of
        M(cloudops.privatecloud.apsara_vpc_precheck) (the C(vpc_change) role passes it).
      - Used in check mode only. The VPCs that items before this one in the spec create are taken as planned, with their
        declared CIDRs, so a new VPC that overlaps one of them fails the dry run as it would fail the real run. Outside check
        mode this option is ignored.
    type: dict
  wait_timeout:
    description: Seconds to wait for one resource to become C(Available).
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: A shared-services VPC with two vSwitches
  cloudops.privatecloud.apsara_vpc:
    name: vpc-shared
    cidr_block: 192.168.0.0/16
    vswitches:
      - {name: vsw-shared-a, cidr_block: 192.168.1.0/24, zone_id: cn-lab-1a}
      - {name: vsw-shared-b, cidr_block: 192.168.2.0/24, zone_id: cn-lab-1b}
    change: "{{ change }}"
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
  register: vpc
"""

RETURN = r"""
vpc:
  description: The VPC (C(id) is null in check mode when it would be created).
  returned: always
  type: dict
  contains:
    id:
      description: VPC id.
      type: str
    name:
      description: VPC name.
      type: str
    cidr_block:
      description: VPC CIDR block.
      type: str
    vrouter_id:
      description: The VPC's VRouter.
      type: str
    route_table_id:
      description: The VPC's system route table.
      type: str
    status:
      description: C(Available), or C(planned) in check mode.
      type: str
vswitches:
  description: One entry per O(vswitches) item (C(id), C(name), C(cidr_block), C(zone_id), C(vpc_id), C(status), C(available_ips)).
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
  description:
    - One change record per step (C(create_vpc), then C(create_vswitch) per vSwitch), also when the task fails; schema in
      docs/changes.md. C(status) is C(applied), C(unchanged), C(planned) (check mode) or C(failed).
  returned: always
  type: list
  elements: dict
journal:
  description: What this task created, oldest first (C(vpc), C(vswitch)); give it to M(cloudops.privatecloud.apsara_vpc_rollback).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.module import ApsaraChange
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.network import ITEM_SPEC, plan_vpc


class Vpc(ApsaraChange):
    item_spec, section, planner = ITEM_SPEC, "vpcs", staticmethod(plan_vpc)
    title = "apsara_vpc"


def main():
    Vpc().run()


if __name__ == "__main__":
    main()

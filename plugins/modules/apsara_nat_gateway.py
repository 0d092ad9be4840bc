#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_nat_gateway
short_description: Give an Apsara Stack VPC internet access (NAT gateway, EIPs, SNAT) as a recorded change
version_added: 0.1.0
description:
  - "VPC-to-internet: creates the enhanced NAT gateway O(name) in O(vswitch) of O(vpc) (C(CreateNatGateway), C(ClientToken))
    and waits until it is C(Available) (the system then routes C(0.0.0.0/0) of the VPC to it); allocates O(eip.count) EIPs
    named C(<name>-eip-<n>) (C(AllocateEipAddress)) and binds each to the gateway (C(AssociateEipAddress) with
    C(InstanceType=Nat), until C(InUse)); adds one SNAT entry per O(snat) item (C(CreateSnatEntry), until C(Available))
    translating to the gateway's EIPs."
  - Every step is a change record (C(create_nat_gateway), C(allocate_eip) and C(associate_eip) per EIP,
    C(create_snat_entry) per source) and what it creates goes into the C(journal) for
    M(cloudops.privatecloud.apsara_vpc_rollback).
  - Idempotent - the gateway is found by name in the VPC, the EIPs by their names (an EIP already bound to this gateway is
    reused), SNAT entries by their source.
  - Before any write it fails when the VPC or a vSwitch does not exist, the gateway's vSwitch has no free IP address, a SNAT
    source CIDR is outside the VPC, an EIP of that name is bound elsewhere, or the VPC's default route already goes
    elsewhere (the gateway would get no traffic).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: NAT gateway name; the EIPs are named C(<name>-eip-<n>).
    type: str
    required: true
  vpc:
    description: The VPC (name or id).
    type: str
    required: true
  vswitch:
    description: The vSwitch of the VPC the gateway lives in (name or id); it takes one of its IP addresses.
    type: str
    required: true
  spec:
    description: NAT gateway specification.
    type: str
    default: Small
    choices: [Small, Middle, Large, XLarge.1]
  description:
    description: NAT gateway description (2-256 characters).
    type: str
  eip:
    description: The public addresses of the gateway.
    type: dict
    default: {}
    suboptions:
      bandwidth:
        description: Peak bandwidth of each EIP in Mbps.
        type: int
        default: 5
      internet_charge_type:
        description: How the EIPs are billed.
        type: str
        default: PayByTraffic
        choices: [PayByTraffic, PayByBandwidth]
      count:
        description: How many EIPs to allocate and bind (1 to 20). Every SNAT entry translates to all of them.
        type: int
        default: 1
  snat:
    description: SNAT entries, one per source - a vSwitch of the VPC, or a CIDR inside the VPC.
    type: list
    elements: dict
    default: []
    suboptions:
      source_vswitch:
        description: Source vSwitch (name or id); exclusive with O(snat[].source_cidr).
        type: str
      source_cidr:
        description: Source CIDR block inside the VPC; exclusive with O(snat[].source_vswitch).
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
    description: Seconds to wait for one resource to reach its final state.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Internet access for the dev VPC through one EIP
  cloudops.privatecloud.apsara_nat_gateway:
    name: nat-dev
    vpc: vpc-dev
    vswitch: vsw-dev-a
    eip: {bandwidth: 10}
    snat:
      - source_vswitch: vsw-dev-a
    change: "{{ change }}"
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
"""

RETURN = r"""
nat_gateway:
  description:
    - The gateway (C(id), C(name), C(spec), C(status), C(vpc_id), C(vswitch_id), C(snat_table_id)).
    - C(id) is null in check mode when it would be created.
  returned: always
  type: dict
eips:
  description: The gateway's EIPs (C(id), C(name), C(ip_address), C(bandwidth), C(status), C(instance_id), C(instance_type)).
  returned: always
  type: list
  elements: dict
snat_entries:
  description: The SNAT entries (C(id), C(name), C(source_vswitch_id), C(source_cidr), C(snat_ip), C(status)).
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
  description: One change record per step, also when the task fails; schema in docs/changes.md.
  returned: always
  type: list
  elements: dict
journal:
  description:
    - What this task created (C(nat_gateway), C(eip), C(eip_association), C(snat_entry)), oldest first; give it to
      M(cloudops.privatecloud.apsara_vpc_rollback).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.module import ApsaraChange
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.nat import ITEM_SPEC, plan_nat


class NatGateway(ApsaraChange):
    item_spec, section, planner = ITEM_SPEC, "internet", staticmethod(plan_nat)
    title = "apsara_nat_gateway"


def main():
    NatGateway().run()


if __name__ == "__main__":
    main()

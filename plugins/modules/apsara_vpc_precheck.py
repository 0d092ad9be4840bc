#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_vpc_precheck
short_description: Pre-check an Apsara Stack VPC change spec and list its planned steps, without any write
version_added: 0.1.0
description:
  - Plans every item of the per-endpoint change spec O(spec) with the planner its apply module uses, in spec order and in
    check mode, so it checks exactly what the apply modules check before their first write - CIDR syntax and prefix bounds;
    every new VPC CIDR against every existing VPC and the spec's earlier VPCs (a VPC of the same name must have the same
    CIDR); vSwitches inside their VPC,
    apart from each other and from existing vSwitches, in existing zones; peer VPCs that do not overlap and are not already
    connected; route destinations that do not overlap their own VPC and are not routed elsewhere; every referenced VPC,
    vSwitch, router interface and NAT gateway existing or created by an earlier section of the spec; the NAT gateway's
    vSwitch having a free IP address (C(AvailableIpAddressCount)); and, when O(quotas) gives them, count limits.
  - Returns RV(pre_checks) and RV(plan), every step the apply modules (M(cloudops.privatecloud.apsara_vpc),
    M(cloudops.privatecloud.apsara_vpc_peering), M(cloudops.privatecloud.apsara_nat_gateway),
    M(cloudops.privatecloud.apsara_route_entry)) would record for the spec, with the same change uids, so the change report
    can list planned steps that never started.
  - Fails, with the same keys, when any check fails; the message lists every failure.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  spec:
    description:
      - The per-endpoint change spec, with the optional lists C(vpcs) (items are M(cloudops.privatecloud.apsara_vpc)
        options), C(peerings) (M(cloudops.privatecloud.apsara_vpc_peering) options), C(internet)
        (M(cloudops.privatecloud.apsara_nat_gateway) options) and C(service_routes) (M(cloudops.privatecloud.apsara_route_entry)
        options), applied in that order.
    type: dict
    required: true
  quotas:
    description:
      - The site's count limits. The API reads none of them, so without a value the matching check is C(SKIPPED).
    type: dict
    default: {}
    suboptions:
      vpcs:
        description: VPCs per region.
        type: int
      vswitches_per_vpc:
        description: vSwitches per VPC.
        type: int
      eips:
        description: EIPs per region.
        type: int
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
attributes:
  check_mode:
    description: Read-only; runs fully in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
"""

EXAMPLES = r"""
- name: Pre-check the VPC change of this endpoint
  cloudops.privatecloud.apsara_vpc_precheck:
    spec:
      vpcs:
        - name: vpc-shared
          cidr_block: 192.168.0.0/16
          vswitches: [{name: vsw-shared-a, cidr_block: 192.168.1.0/24, zone_id: cn-lab-1a}]
      peerings:
        - {name: pcx-prod-shared, local_vpc: vpc-prod, peer_vpc: vpc-shared}
      internet:
        - {name: nat-shared, vpc: vpc-shared, vswitch: vsw-shared-a, snat: [{source_vswitch: vsw-shared-a}]}
    quotas: {vpcs: 10}
    change: "{{ change }}"
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
  register: precheck
"""

RETURN = r"""
pre_checks:
  description: One result per check (C(id), C(status) C(PASS)/C(FAIL)/C(SKIPPED), C(title) en and zh_CN, C(message)).
  returned: always
  type: list
  elements: dict
plan:
  description:
    - Every step the apply modules would record for O(spec), in order - C(uid) (the change uid the step's record will
      carry), C(action), C(target) (C(type), C(name)), C(platform), C(endpoint), C(change_id).
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
  description: Always empty; the pre-check changes nothing.
  returned: always
  type: list
  elements: dict
journal:
  description: Always empty.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.precheck import QUOTA_SPEC, execute
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import change_argument_spec


def main():
    spec = change_argument_spec(spec=dict(type="dict", required=True),
                                quotas=dict(type="dict", default={}, options=QUOTA_SPEC))
    execute(ApsaraModule(argument_spec=spec, supports_check_mode=True))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_vpc_router
short_description: Create a ZStack VPC router (vRouter) from a virtual router offering, as one recorded change step
version_added: 0.1.0
description:
  - Creates the VPC router O(name) with C(CreateVpcVRouter) from the virtual router offering O(offering) and waits for the job.
    The router gets a NIC with an IP on the offering's management and public networks.
  - Idempotent by name. A router of that name with another offering is an error before any write, as ZStack cannot change
    the offering of a router.
  - Before any write it checks that the offering exists and that its networks have a free IP for the router.
  - The result is one change record (action C(create_vpc_router)) and, when the router was created, a journal entry of type
    C(vpc_router) that M(cloudops.privatecloud.zstack_vpc_rollback) undoes with C(DestroyVmInstance).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: Name of the VPC router. Identifies the router; names should be unique.
    type: str
    required: true
  offering:
    description: Name or uuid of the virtual router offering (C(GET /v1/instance-offerings/virtual-routers)).
    type: str
    required: true
  description:
    description: Description of a new router. An existing router's description is left as it is.
    type: str
  context_spec:
    description:
      - The whole ZStack change spec, as M(cloudops.privatecloud.zstack_vpc_precheck) takes it (the C(vpc_change) role can pass it).
      - Used in check mode only. What the items before this one would create (routers, networks, route tables, IPs) is taken
        as planned, so a dry run of a whole change plans each step as the pre-check does, with the same change uids. Outside
        check mode those items exist and this option is ignored.
    type: dict
  wait_timeout:
    description: Seconds to wait for the create job.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
notes:
  - Every write carries an C(X-Job-UUID), so a retried submit never creates two routers.
"""

EXAMPLES = r"""
- name: Create a VPC router on the edge network offering
  cloudops.privatecloud.zstack_vpc_router:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    name: vpc-router-new
    offering: VR-OFFERING-EDGE
    change: "{{ window.change }}"
  register: router

- name: Show what would be created (check mode writes nothing)
  cloudops.privatecloud.zstack_vpc_router:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    name: vpc-router-new
    offering: VR-OFFERING-EDGE
  check_mode: true
  diff: true
"""

RETURN = r"""
vpc_router:
  description: The router after the run (check mode, as planned, C(uuid) null when it would be created).
  returned: always
  type: dict
  contains:
    uuid:
      description: Router uuid.
      type: str
    name:
      description: Router name.
      type: str
    state:
      description: VM state, for example C(Running).
      type: str
    status:
      description: Agent status, for example C(Connected).
      type: str
    nics:
      description: The router's NICs, each C(l3NetworkUuid) and C(ip).
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
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.network import plan_router, router_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import ROUTER_OPTIONS


class VpcRouter(ZStackChange):
    options, section = ROUTER_OPTIONS, "vpc_routers"
    title = "VPC router"

    def plan(self, reader, run):
        return plan_router(reader, self.params)

    def final(self, reader, check_mode):
        return {"vpc_router": router_result(reader, self.params["name"])}


def main():
    VpcRouter().run()


if __name__ == "__main__":
    main()

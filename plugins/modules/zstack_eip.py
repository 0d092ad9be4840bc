#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_eip
short_description: Give a VM in a ZStack VPC internet access - a VIP on a public network and an EIP on the VM's NIC
version_added: 0.1.0
description:
  - Creates the VIP O(vip_name) on O(public_network) (C(CreateVip), at O(vip_ip) when given), then the EIP O(name) bound to the
    NIC of O(vm) on O(vm_network) (C(CreateEip) with the NIC). An existing unbound EIP of that name is bound with C(AttachEip).
  - Idempotent by name. An existing VIP on another network or with another IP, an EIP on another VIP or NIC, or a NIC that
    already has another EIP is an error before any write.
  - Before any write it also checks that the VM, its NIC on O(vm_network) and the public network exist, that the public
    network has a free IP (C(GetIpAddressCapacity)) and that O(vip_ip) is free.
  - The VIP and the EIP are journal entries that M(cloudops.privatecloud.zstack_vpc_rollback) deletes.
  - Post-check - the EIP maps the VIP address to the NIC's IP and is enabled.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  name:
    description: Name of the EIP.
    type: str
    required: true
  vm:
    description: Name or uuid of the user VM.
    type: str
    required: true
  vm_network:
    description: Name or uuid of the L3 network of the VM NIC to bind.
    type: str
    required: true
  public_network:
    description: Name or uuid of the public L3 network the VIP comes from.
    type: str
    required: true
  vip_ip:
    description: The VIP address to take; default the next free address.
    type: str
  vip_name:
    description: Name of the VIP; default C(vip-<name>).
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
- name: Internet access for batch-01 through the edge network
  cloudops.privatecloud.zstack_eip:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    name: eip-batch-01
    vm: batch-01
    vm_network: VPC-APP
    public_network: L3-EDGE-PUBLIC
    vip_ip: 198.51.100.50
    change: "{{ window.change }}"
"""

RETURN = r"""
eip:
  description: The EIP after the run (check mode, as planned), C(uuid), C(name), C(vipUuid), C(vipIp), C(vmNicUuid), C(guestIp), C(state).
  returned: success
  type: dict
vip:
  description: The VIP after the run (check mode, as planned), C(uuid), C(name), C(ip), C(l3NetworkUuid).
  returned: success
  type: dict
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

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.eip import eip_result, plan_eip
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.module import ZStackChange
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import EIP_OPTIONS


class Eip(ZStackChange):
    options, section = EIP_OPTIONS, "eips"
    title = "EIP"
    planned_states = None

    def plan(self, reader, run):
        steps = plan_eip(reader, self.params)
        self.planned_states = {"vip": steps[0].after, "eip": steps[-1].after}
        return steps

    def final(self, reader, check_mode):
        return eip_result(reader, self.params, check_mode, self.planned_states)


def main():
    Eip().run()


if __name__ == "__main__":
    main()

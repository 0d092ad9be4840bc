# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: zstack
short_description: ZStack VM instances (and optionally hosts) as inventory
version_added: 0.1.0
description:
  - Reads user VM instances from a ZStack management node, and optionally its KVM hosts.
  - Groups them by zone, cluster, state and physical host; supports C(compose), C(keyed_groups) and C(groups) (constructed) and caching.
  - The inventory file name must end in C(zstack.yml) or C(zstack.yaml).
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - cloudops.privatecloud.zstack.plugins
options:
  plugin:
    description: Token that marks this file as a source for this plugin.
    required: true
    choices: [cloudops.privatecloud.zstack]
    type: str
  include_hosts:
    description: Also add the KVM hosts (physical servers) to the group C(zstack_hosts).
    type: bool
    default: false
  vm_conditions:
    description:
      - Extra ZStack query conditions for VM instances, for example V(state=Running). C(type=UserVm) is always added.
    type: list
    elements: str
    default: []
  hostname_source:
    description:
      - What names an inventory host. V(name) falls back to the UUID when the name is not safe as a host name or not unique.
      - A name is used only when it is letters and digits (any script), C(-), C(_) and C(.) (no path separator, no C(..),
        no space or control byte), not C(all), C(ungrouped), C(localhost) or an IP address, not starting with C(zstack_),
        shared by no other VM, and not already a host or a group of the inventory; with O(include_hosts), the names of
        the KVM hosts take precedence over VM names.
      - The host variable C(cloudops_host_name_source) says which was used (V(name) or V(id)); C(zstack_name) holds the
        VM name with control bytes and other unprintable characters escaped.
    type: str
    choices: [name, uuid]
    default: name
"""

EXAMPLES = r"""
# inventories/site/zstack.yml
plugin: cloudops.privatecloud.zstack
endpoint: https://zstack.example.invalid:8443
account: admin
password: "{{ lookup('ansible.builtin.env', 'ZSTACK_PASSWORD') }}"
include_hosts: true
vm_conditions:
  - state=Running
keyed_groups:
  - key: zstack_platform
    prefix: os
compose:
  ansible_host: zstack_ip
cache: true
cache_plugin: ansible.builtin.jsonfile

# the same with an AccessKey instead of account/password (no session is opened)
# plugin: cloudops.privatecloud.zstack
# endpoint: https://zstack.example.invalid:8443
# access_key_id: "{{ lookup('ansible.builtin.env', 'ZSTACK_ACCESS_KEY_ID') }}"
# access_key_secret: "{{ lookup('ansible.builtin.env', 'ZSTACK_ACCESS_KEY_SECRET') }}"
cache_connection: ~/.cache/cloudops-zstack-inventory
"""

from functools import partial

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import (
    ZStackError,
    client_from_params,
    parse_condition,
)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.inventory import CloudInventoryBase, name_counts, printable


class InventoryModule(CloudInventoryBase):
    NAME = "cloudops.privatecloud.zstack"
    error_type = ZStackError
    group_prefix = "zstack"
    connection_options = ("endpoint", "account", "password", "access_key_id", "access_key_secret", "validate_certs",
                          "ca_path", "timeout")
    # Its own session, logged out when the inventory is read: no run's session store is set up yet.
    client_from_options = partial(client_from_params, session_store=None)

    def _fetch(self):
        conditions = ["type=UserVm"] + [parse_condition(c) for c in self.get_option("vm_conditions")]
        with self._client() as client:
            return {
                "vms": client.query_all("/vm-instances", conditions),
                "zones": client.query_all("/zones", fields=["uuid", "name"]),
                "clusters": client.query_all("/clusters", fields=["uuid", "name"]),
                "hosts": client.query_all("/hosts"),
            }

    def _populate(self, data):
        zones = dict((z["uuid"], z.get("name")) for z in data["zones"])
        clusters = dict((c["uuid"], c.get("name")) for c in data["clusters"])
        hosts = dict((h["uuid"], h) for h in data["hosts"])
        names = name_counts(data["vms"], "name")
        host_names = name_counts(data["hosts"], "name")
        ids = set(vm["uuid"] for vm in data["vms"]) | set(hosts)
        # KVM hosts are named by the cloud's administrators, VMs by its tenants: a VM never takes a host's name.
        reserved = ids | (set(host_names) if self.get_option("include_hosts") else set())
        self.inventory.add_group("zstack_vms")
        by_name = self.get_option("hostname_source") == "name"
        for vm in data["vms"]:
            hostname, source = self.host_name(vm.get("name"), names, vm["uuid"], reserved) if by_name else (vm["uuid"], "id")
            nic = next((n for n in vm.get("vmNics", []) if n.get("l3NetworkUuid") == vm.get("defaultL3NetworkUuid")),
                       (vm.get("vmNics") or [{}])[0])
            host = hosts.get(vm.get("hostUuid"), {})
            hostvars = {
                "zstack_uuid": vm["uuid"],
                "zstack_name": printable(vm.get("name")),
                "cloudops_host_name_source": source,
                "zstack_state": vm.get("state"),
                "zstack_ip": nic.get("ip"),
                "zstack_cpu_num": vm.get("cpuNum"),
                "zstack_memory_size": vm.get("memorySize"),
                "zstack_platform": vm.get("platform"),
                "zstack_zone": zones.get(vm.get("zoneUuid")),
                "zstack_cluster": clusters.get(vm.get("clusterUuid")),
                "zstack_host": host.get("name"),
                "zstack_host_uuid": vm.get("hostUuid"),
            }
            groups = [("zone", hostvars["zstack_zone"]), ("cluster", hostvars["zstack_cluster"]),
                      ("state", vm.get("state")), ("host", hostvars["zstack_host"])]
            self.add_cloud_host(hostname, "zstack_vms", hostvars, groups, address=nic.get("ip"))
        if self.get_option("include_hosts"):
            self.inventory.add_group("zstack_hosts")
            for host in data["hosts"]:
                hostname, source = self.host_name(host.get("name"), host_names, host["uuid"], ids)
                hostvars = {
                    "zstack_uuid": host["uuid"],
                    "zstack_name": printable(host.get("name")),
                    "cloudops_host_name_source": source,
                    "zstack_state": host.get("state"),
                    "zstack_status": host.get("status"),
                    "zstack_zone": zones.get(host.get("zoneUuid")),
                    "zstack_cluster": clusters.get(host.get("clusterUuid")),
                    "zstack_management_ip": host.get("managementIp"),
                }
                self.add_cloud_host(hostname, "zstack_hosts", hostvars, [],
                                    address=host.get("managementIp"))

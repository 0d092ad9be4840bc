# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: apsara
short_description: Apsara Stack ECS instances as inventory
version_added: 0.1.0
description:
  - Reads ECS instances of one Apsara Stack region (C(DescribeInstances), every page) and, when a VPC endpoint is known,
    the vSwitch names (C(DescribeVSwitches)).
  - Groups them by zone (C(apsara_zone_*)), vSwitch (C(apsara_vswitch_*)), status (C(apsara_status_*)) and tag
    (C(apsara_tag_<key>_<value>)); supports C(compose), C(keyed_groups) and C(groups) (constructed) and caching.
  - The inventory file name must end in C(apsara.yml) or C(apsara.yaml).
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - cloudops.privatecloud.apsara.plugins
options:
  plugin:
    description: Token that marks this file as a source for this plugin.
    required: true
    choices: [cloudops.privatecloud.apsara]
    type: str
  filters:
    description:
      - "C(DescribeInstances) parameters with their API names, for example C({Status: Running, VpcId: vpc-xxx})."
    type: dict
    default: {}
  hostname_source:
    description:
      - What names an inventory host. V(name) (C(InstanceName)) falls back to the instance id when the name is not safe as a
        host name or not unique; V(private_ip) falls back to it when the address is missing, not an IP address, a loopback
        address or already a host.
      - A name is used only when it is letters and digits (any script), C(-), C(_) and C(.) (no path separator, no C(..),
        no space or control byte), not C(all), C(ungrouped), C(localhost) or an IP address, not starting with C(apsara_),
        shared by no other instance, and not already a host or a group of the inventory.
      - The host variable C(cloudops_host_name_source) says which was used (V(name), V(id) or V(private_ip));
        C(apsara_instance_name) holds the name with control bytes and other unprintable characters escaped.
    type: str
    choices: [name, instance_id, private_ip]
    default: name
"""

EXAMPLES = r"""
# inventories/site/prod.apsara.yml
plugin: cloudops.privatecloud.apsara
region_id: cn-wulan-env1-d01
organization_id: "25"
endpoints:
  ecs: https://ecs-internal.cn-wulan-env1-d01.example.invalid
  vpc: https://vpc-internal.cn-wulan-env1-d01.example.invalid
ca_path: /etc/pki/apsara-ca.pem
# access_key_id / access_key_secret from APSARA_ACCESS_KEY_ID / APSARA_ACCESS_KEY_SECRET
filters:
  Status: Running
keyed_groups:
  - key: apsara_os_type
    prefix: os
compose:
  ansible_host: apsara_private_ip
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/cloudops-apsara-inventory
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError, client_from_params
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.inventory import (
    CloudInventoryBase,
    is_ip_address,
    name_counts,
    printable,
)


def _first(value, inner):
    """VpcAttributes.PrivateIpAddress: {"IpAddress": ["10.0.0.5"]} -> "10.0.0.5"."""
    if isinstance(value, dict):
        value = value.get(inner)
    if isinstance(value, list):
        return value[0] if value else None
    return value or None


class InventoryModule(CloudInventoryBase):
    NAME = "cloudops.privatecloud.apsara"
    error_type = ApsaraError
    group_prefix = "apsara"
    connection_options = ("access_key_id", "access_key_secret", "security_token", "region_id", "organization_id",
                          "resource_group_id", "endpoints", "domain", "center_region", "asapi_endpoint", "validate_certs", "ca_path",
                          "timeout", "retries")
    client_from_options = staticmethod(client_from_params)

    def _fetch(self):
        client = self._client()
        data = {"instances": client.call_all_pages("ecs", "DescribeInstances", self.get_option("filters") or {}), "vswitches": []}
        try:
            client.endpoint("vpc")
        except ApsaraError:
            return data  # no VPC endpoint: group by vSwitch id only
        data["vswitches"] = client.call_all_pages("vpc", "DescribeVSwitches", {})
        return data

    def _hostname(self, instance, names, ids):
        """(host name, what it is: name, id or private_ip); see host_name for when a name is used."""
        source = self.get_option("hostname_source")
        if source == "private_ip":
            address = _first((instance.get("VpcAttributes") or {}).get("PrivateIpAddress"), "IpAddress")
            if is_ip_address(address, loopback=False) and address not in self.inventory.hosts:
                return address, "private_ip"
            return instance["InstanceId"], "id"
        if source == "instance_id":
            return instance["InstanceId"], "id"
        return self.host_name(instance.get("InstanceName"), names, instance["InstanceId"], ids)

    def _populate(self, data):
        vswitch_names = dict((v.get("VSwitchId"), v.get("VSwitchName")) for v in data.get("vswitches", []))
        names = name_counts(data["instances"], "InstanceName")
        ids = set(instance["InstanceId"] for instance in data["instances"])
        self.inventory.add_group("apsara_instances")
        for instance in data["instances"]:
            hostname, source = self._hostname(instance, names, ids)
            vpc = instance.get("VpcAttributes") or {}
            private_ip = _first(vpc.get("PrivateIpAddress"), "IpAddress") or _first(instance.get("InnerIpAddress"), "IpAddress")
            public_ip = _first(instance.get("PublicIpAddress"), "IpAddress") or (instance.get("EipAddress") or {}).get("IpAddress") or None
            tags = dict((t.get("TagKey"), t.get("TagValue")) for t in ((instance.get("Tags") or {}).get("Tag") or []) if t.get("TagKey"))
            hostvars = {
                "apsara_instance_id": instance.get("InstanceId"),
                "apsara_instance_name": printable(instance.get("InstanceName")),
                "cloudops_host_name_source": source,
                "apsara_status": instance.get("Status"),
                "apsara_instance_type": instance.get("InstanceType"),
                "apsara_cpu": instance.get("Cpu"),
                "apsara_memory": instance.get("Memory"),
                "apsara_os_type": instance.get("OSType"),
                "apsara_os_name": instance.get("OSName"),
                "apsara_image_id": instance.get("ImageId"),
                "apsara_region_id": instance.get("RegionId"),
                "apsara_zone_id": instance.get("ZoneId"),
                "apsara_vpc_id": vpc.get("VpcId"),
                "apsara_vswitch_id": vpc.get("VSwitchId"),
                "apsara_vswitch_name": vswitch_names.get(vpc.get("VSwitchId")),
                "apsara_private_ip": private_ip,
                "apsara_public_ip": public_ip,
                "apsara_security_group_ids": (instance.get("SecurityGroupIds") or {}).get("SecurityGroupId") or [],
                "apsara_tags": tags,
                "apsara_charge_type": instance.get("InstanceChargeType"),
                "apsara_expired_time": instance.get("ExpiredTime"),
                "apsara_creation_time": instance.get("CreationTime"),
                "apsara_resource_group_id": instance.get("ResourceGroupId"),
            }
            groups = [("zone", instance.get("ZoneId")), ("vswitch", vpc.get("VSwitchId")), ("status", instance.get("Status"))]
            groups += [("tag", "%s_%s" % (key, value)) for key, value in sorted(tags.items())]
            self.add_cloud_host(hostname, "apsara_instances", hostvars, groups, address=private_ip)

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_info
short_description: Query any ZStack resource type
version_added: 0.1.0
description:
  - Runs a ZStack C(Query*) API for one resource type, with conditions, sorting, field selection and paging.
  - Fetches every page (1,000 items per call) unless O(limit) caps the number of items.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  resource:
    description:
      - The resource type to query. Each maps to one ZStack query path, for example V(vm_instance) to C(/vm-instances).
    type: str
    required: true
    choices:
      - alarm
      - backup_storage
      - cluster
      - eip
      - event_subscription
      - global_config
      - host
      - image
      - instance_offering
      - ip_range
      - l2_network
      - l3_network
      - management_node
      - network_service_provider
      - primary_storage
      - resource_config
      - scheduler_job
      - scheduler_job_history
      - scheduler_trigger
      - security_group
      - security_group_rule
      - system_tag
      - vip
      - virtual_router_offering
      - vm_instance
      - vm_nic
      - volume
      - volume_backup
      - volume_snapshot
      - vpc_router
      - zone
  uuid:
    description:
      - Return only the resource with this UUID (empty list if it does not exist, as the API does).
      - A ZStack UUID is 32 hexadecimal digits; anything else is refused before any request.
    type: str
  conditions:
    description:
      - Query conditions, ANDed, in ZStack syntax C(field<op>value) without spaces around the operator.
      - Operators are C(=), C(!=), C(>), C(<), C(>=), C(<=), C(?=) (in, comma list), C(!?=) (not in), C(~=) (like, C(%) and C(_)),
        C(!~=) (not like), and the suffixes C( is null) and C( not null).
      - Dotted joins work as on the API, for example V(vmNics.ip=192.0.2.10) or V(cluster.name=prod).
      - Field names are letters, digits, C(_) and dots; values are sent URL-encoded, so nothing in a condition can change
        the request's method or path (the module only ever sends C(GET) to the query path of O(resource)).
    type: list
    elements: str
    default: []
  sort:
    description:
      - Field to sort by; prefix V(-) for descending, V(+) or nothing for ascending. A field name as in O(conditions).
    type: str
  fields:
    description:
      - Return only these top-level fields of each resource.
    type: list
    elements: str
  limit:
    description:
      - Return at most this many items (default all).
    type: int
  start:
    description:
      - Skip this many items first.
    type: int
    default: 0
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: Running VMs on one cluster, newest first
  cloudops.privatecloud.zstack_info:
    endpoint: https://zstack.example.invalid:8443
    account: admin
    password: "{{ vault_zstack_password }}"
    resource: vm_instance
    conditions:
      - type=UserVm
      - state=Running
      - cluster.name=prod
    sort: -createDate
  register: running

- name: Hosts that are not connected (connection options from module_defaults)
  module_defaults:
    group/cloudops.privatecloud.zstack:
      endpoint: "{{ zstack_endpoint }}"
      account: "{{ zstack_account }}"
      password: "{{ zstack_password }}"
  cloudops.privatecloud.zstack_info:
    resource: host
    conditions: [status!=Connected]
    fields: [uuid, name, status, managementIp]
"""

RETURN = r"""
resources:
  description: The resources, exactly as the API returns them (ZStack field names, sizes in bytes, Gson dates).
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 46ddd00c42434ffcb40936456678c21f
      name: web-01
      state: Running
      memorySize: 1073741824
total:
  description: Number of matching resources on the server (not capped by O(limit)).
  returned: always
  type: int
  sample: 1
path:
  description: The query path used.
  returned: always
  type: str
  sample: /vm-instances
api_calls:
  description: HTTP calls this task made (login, pages, logout).
  returned: always
  type: int
  sample: 2
"""

import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import (
    RESOURCE_PATHS,
    ZStackError,
    parse_condition,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule

UUID = re.compile(r"^[0-9a-fA-F]{32}$")
# A resource field, dotted for joins (cluster.name): what a query path's conditions, sort and fields name.
FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def input_problems(params):
    """What is wrong with the query options, checked before any request."""
    problems = []
    if params["uuid"] is not None and not UUID.match(params["uuid"]):
        problems.append("uuid %r is not a ZStack UUID (32 hexadecimal digits)" % params["uuid"])
    for text in params["conditions"]:
        field = re.split(r"[!<>=?~ ]", str(text), maxsplit=1)[0]
        if not FIELD.match(field):
            problems.append("condition %r: %r is not a field name" % (text, field))
    sort = (params["sort"] or "").lstrip("+-")
    if params["sort"] is not None and not FIELD.match(sort):
        problems.append("sort %r is not a field name (optionally prefixed + or -)" % params["sort"])
    problems.extend("fields: %r is not a field name" % f for f in params["fields"] or [] if not FIELD.match(str(f)))
    if params["limit"] is not None and params["limit"] < 0:
        problems.append("limit must not be negative")
    if params["start"] < 0:
        problems.append("start must not be negative")
    return problems


def main():
    module = ZStackModule(
        argument_spec=dict(
            resource=dict(type="str", required=True, choices=sorted(RESOURCE_PATHS)),
            uuid=dict(type="str"),
            conditions=dict(type="list", elements="str", default=[]),
            sort=dict(type="str"),
            fields=dict(type="list", elements="str"),
            limit=dict(type="int"),
            start=dict(type="int", default=0),
        ),
        supports_check_mode=True,
    )
    params = module.params
    path = RESOURCE_PATHS[params["resource"]]
    try:
        conditions = [parse_condition(c) for c in params["conditions"]]
    except ZStackError as err:
        module.fail_json(msg=str(err))
    problems = input_problems(params)
    if problems:
        module.fail_json(msg="; ".join(problems))
    if params["uuid"]:
        conditions.append("uuid=%s" % params["uuid"].lower())

    client = module.client()
    try:
        if params["start"]:
            body = client.query(path, conditions, limit=params["limit"] if params["limit"] is not None else 1000,
                                start=params["start"], sort=params["sort"], fields=params["fields"], reply_with_count=True)
            resources, total = body.get("inventories", []), body.get("total", 0)
        else:
            resources, total = client.query_all_with_total(path, conditions, sort=params["sort"], fields=params["fields"],
                                                           max_items=params["limit"])
    except ZStackError as err:
        module.fail_error(err)
    module.exit_json(changed=False, resources=resources, total=total, path=path)


if __name__ == "__main__":
    main()

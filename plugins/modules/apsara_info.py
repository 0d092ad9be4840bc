#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_info
short_description: Run any read-only Apsara Stack API action (Describe*, List*)
version_added: 0.1.0
description:
  - Calls one C(Describe*) or C(List*) action of ECS, VPC, CMS, RDS, SLB or ASCM on an Apsara Stack region, with its parameters.
  - Follows every page (both C(PageNumber)/C(PageSize) and C(NextToken)/C(MaxResults) styles, at the action's maximum page size)
    and returns the unwrapped list in C(resources), for example the items of C(Instances.Instance) for C(DescribeInstances).
  - Any other action (C(Create*), C(Stop*), C(Modify*), ...) is refused before a request is sent.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  product:
    description: The product whose endpoint and API version are used.
    type: str
    required: true
    choices: [ascm, cms, ecs, rds, slb, vpc]
  action:
    description:
      - The API action, for example V(DescribeInstances), V(DescribeVSwitches) or V(DescribeMetricRuleList). It must start with
        C(Describe) or C(List).
    type: str
    required: true
  params:
    description:
      - "The action's parameters with their API names, for example C({Status: Running, ZoneId: cn-test-a})."
      - Lists and dicts are sent as JSON strings (as C(InstanceIds) and CMS C(Dimensions) expect), booleans as V(true)/V(false).
      - C(RegionId) defaults to O(region_id).
      - The common and signature parameters (C(Action), C(Version), C(Format), C(AccessKeyId), C(Signature*), C(Timestamp),
        C(SecurityToken), C(Product), the legacy C(Owner*) ones), in any case, are refused before any request; the module
        sets them, and a caller's copy could turn the read into another action.
    type: dict
    default: {}
  all_pages:
    description:
      - Fetch every page. With V(false) only one call is made, with O(params) as given (including any paging parameters).
    type: bool
    default: true
  paging:
    description:
      - Paging style. V(auto) uses the action's documented style (C(PageNumber) where the action supports it).
      - V(token) forces C(NextToken)/C(MaxResults) on actions that support both, such as ECS C(DescribeInstances).
    type: str
    choices: [auto, page, token]
    default: auto
  page_size:
    description: Items per call. Defaults to the action's maximum page size.
    type: int
  list_path:
    description:
      - Dotted path of the list in the answer, for example V(Instances.Instance). Known for the common actions and otherwise
        found from the answer's shape; set it only for an action whose answer holds more than one list.
    type: str
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: Running ECS instances of one zone
  cloudops.privatecloud.apsara_info:
    access_key_id: "{{ apsara_access_key_id }}"
    access_key_secret: "{{ vault_apsara_access_key_secret }}"
    region_id: cn-wulan-env1-d01
    organization_id: "25"
    endpoints:
      ecs: https://ecs-internal.cn-wulan-env1-d01.example.invalid
    product: ecs
    action: DescribeInstances
    params:
      Status: Running
      ZoneId: cn-wulan-env1-amtest1001-a
  register: running

- name: vSwitches of a VPC (connection options from module_defaults)
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
      endpoints: "{{ apsara_endpoints }}"
  cloudops.privatecloud.apsara_info:
    product: vpc
    action: DescribeVSwitches
    params:
      VpcId: vpc-0123456789abcdef
  register: vswitches

- name: A non-list action returns the raw answer
  cloudops.privatecloud.apsara_info:
    product: rds
    action: DescribeBackupPolicy
    params:
      DBInstanceId: rm-0123456789abcdef
  register: policy
"""

RETURN = r"""
resources:
  description:
    - The unwrapped list of a list action, all pages, with the API's own field names. Empty for other actions.
    - Named like zstack_info's result (and not C(items), which Jinja would read as the dict method).
  returned: always
  type: list
  elements: dict
  sample:
    - InstanceId: i-0123456789abcdef
      Status: Running
      ZoneId: cn-test-a
total:
  description: Number of items returned.
  returned: always
  type: int
  sample: 1
list_path:
  description: Where the list was found in each answer, or null for a non-list action.
  returned: always
  type: str
  sample: Instances.Instance
response:
  description: The raw answer of a non-list action (for list actions, the answer of the last page without its list).
  returned: always
  type: dict
  sample: {"RequestId": "6B7E2A0C-0000-0000-0000-000000000000", "BackupRetentionPeriod": 7}
pages:
  description: Number of answers (pages) fetched.
  returned: always
  type: int
  sample: 1
api_calls:
  description: HTTP calls this task made, retries included.
  returned: always
  type: int
  sample: 1
"""

import copy
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import (
    ApsaraError,
    PRODUCTS,
    is_read_action,
    list_path_of,
    reserved_parameters,
    unwrap,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule


# An API action name: a word, nothing a gateway could read as a second parameter or a path.
ACTION_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def _without_list(body, path):
    body = copy.deepcopy(body)
    steps = path.split(".")
    node = body
    for step in steps[:-1]:
        node = node.get(step) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(steps[-1], None)
    if isinstance(body.get(steps[0]), dict) and not body[steps[0]]:
        body.pop(steps[0])
    return body


def main():
    module = ApsaraModule(
        argument_spec=dict(
            product=dict(type="str", required=True, choices=sorted(PRODUCTS)),
            action=dict(type="str", required=True),
            params=dict(type="dict", default={}),
            all_pages=dict(type="bool", default=True),
            paging=dict(type="str", choices=["auto", "page", "token"], default="auto"),
            page_size=dict(type="int"),
            list_path=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    product, action = params["product"], params["action"]
    # Refused before any request: this module must never change anything.
    if not (ACTION_NAME.match(action) and is_read_action(action) and action.startswith(("Describe", "List"))):
        module.fail_json(msg="apsara_info runs only read actions (Describe*, List*); %r is not one. "
                             "Use the change modules or roles for actions that modify resources." % action)
    clash = reserved_parameters(params["params"])
    if clash:
        module.fail_json(msg="apsara_info: params %s collide with the common or signature parameters the module sets "
                             "itself (Action, Version, AccessKeyId, Signature*, Timestamp, ...); they are refused so that "
                             "only %s is sent." % (", ".join(clash), action))
    if params["page_size"] is not None and params["page_size"] < 1:
        module.fail_json(msg="page_size must be at least 1")

    client = module.client()
    items, pages, path, last = [], 0, params["list_path"], {}
    try:
        if params["all_pages"]:
            answers = client.iter_pages(product, action, params["params"], style=params["paging"], page_size=params["page_size"])
        else:
            answers = iter([client.call(product, action, params["params"])])
        for body in answers:
            pages += 1
            last = body if isinstance(body, dict) else {"raw": body}
            path = path or list_path_of(product, action, last)
            if path:
                items.extend(unwrap(last, path))
    except ApsaraError as err:
        module.fail_error(err)
    response = _without_list(last, path) if path else last
    module.exit_json(changed=False, resources=items, total=len(items), list_path=path, response=response, pages=pages)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_spending_info
short_description: Read a period's spending from the ZStack billing API
version_added: 0.2.0
description:
  - Reads the resource prices (C(QueryResourcePrice)), the account's spending for a period
    (C(CalculateAccountSpending), per category and per resource) and the per-resource spending
    (C(CalculateResourceSpending), every page) of a ZStack site that licenses billing.
  - The result is what C(playbooks/collect_cost.yml) keeps in the run store for the service report's cost section.
  - Read only; the billing module computes the figures from its own usage histories.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  since:
    description:
      - Start of the period, an ISO 8601 time with its offset, for example V(2026-11-01T00:00:00+08:00).
    type: str
    required: true
  until:
    description:
      - End of the period (excluded), an ISO 8601 time with its offset.
    type: str
    required: true
  account_uuid:
    description:
      - The account whose spending is read. Default the account of O(account) (found with C(QueryAccount)).
    type: str
  mn_timezone:
    description:
      - The management node's time zone. C(CalculateResourceSpending) takes local times without a zone.
    type: str
    default: UTC
  currency:
    description:
      - The currency of the prices in the billing price table (the API does not say), for example V(CNY).
    type: str
    default: CNY
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: November's spending of the site
  cloudops.privatecloud.zstack_spending_info:
    endpoint: https://zstack.example.invalid:8443
    account: admin
    password: "{{ vault_zstack_password }}"
    since: "2026-11-01T00:00:00+08:00"
    until: "2026-12-01T00:00:00+08:00"
    mn_timezone: Asia/Shanghai
  register: spending
"""

RETURN = r"""
method:
  description: Where the figures come from; always C(billing_api).
  returned: always
  type: str
  sample: billing_api
total:
  description: The account's spending over the period (C(CalculateAccountSpending) C(total)).
  returned: always
  type: float
  sample: 1234.5
currency:
  description: The currency given in O(currency).
  returned: always
  type: str
  sample: CNY
by_category:
  description: Spending per category (vm, data_volume, snapshot, ...), read from the details' segment lists.
  returned: always
  type: dict
  sample: {"vm": 1100.0, "data_volume": 134.5}
resources:
  description: Spending per resource, largest first, with the part of each price resource (cpu, memory, root_volume).
  returned: always
  type: list
  elements: dict
resource_rows:
  description: Number of rows C(CalculateResourceSpending) returned over every page, and their sum.
  returned: always
  type: dict
  sample: {"count": 57, "total": 1234.5}
prices:
  description: The resource prices in force at the end of the period (resourceName, resourceUnit, timeUnit, price, tableUuid).
  returned: always
  type: list
  elements: dict
since:
  description: Start of the period as given.
  returned: always
  type: str
until:
  description: End of the period as given.
  returned: always
  type: str
warnings_text:
  description: What makes the figures incomplete (no price for a resource, an empty price table).
  returned: always
  type: list
  elements: str
"""

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import spending
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule

PRICED = ("cpu", "memory", "rootVolume", "dataVolume")


def _time(module, name):
    text = module.params[name]
    try:
        moment = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        module.fail_json(msg="%s %r is not an ISO 8601 time" % (name, text))
    if moment.tzinfo is None:
        module.fail_json(msg="%s %r has no offset: give the site's, for example +08:00" % (name, text))
    return moment


def _zone(module):
    try:
        import zoneinfo  # pylint: disable=import-outside-toplevel
        return zoneinfo.ZoneInfo(module.params["mn_timezone"])
    except Exception:  # pylint: disable=broad-except
        module.fail_json(msg="mn_timezone %r is not a known time zone" % module.params["mn_timezone"])


def main():
    module = ZStackModule(
        argument_spec=dict(since=dict(type="str", required=True), until=dict(type="str", required=True),
                           account_uuid=dict(type="str"), mn_timezone=dict(type="str", default="UTC"),
                           currency=dict(type="str", default="CNY")),
        supports_check_mode=True,
    )
    since, until, zone = _time(module, "since"), _time(module, "until"), _zone(module)
    if until <= since:
        module.fail_json(msg="until (%s) must be after since (%s)" % (module.params["until"], module.params["since"]))
    client = module.client()
    try:
        account = module.params["account_uuid"]
        if not account:
            if not module.params["account"]:
                module.fail_json(msg="account_uuid is required with an AccessKey (no account name to look up)")
            found = client.query_all("/accounts", ["name=%s" % module.params["account"]])
            if not found:
                module.fail_json(msg="account %s not found (QueryAccount)" % module.params["account"])
            account = found[0]["uuid"]
        prices = client.query_all("/billings/prices")
        reply = client.call("PUT", "/billings/accounts/%s/actions" % account, spending.account_body(since, until),
                            api="CalculateAccountSpending")
        rows, start = [], 0
        while True:
            page = client.call("PUT", "/billings/resources/actions", spending.resource_body(since, until, zone, start),
                               api="CalculateResourceSpending")
            rows.extend(page.get("spending") or [])
            start += spending.PAGE
            if start >= int((page.get("pagination") or {}).get("total") or 0):
                break
    except ZStackError as err:
        module.fail_error(err)
    parsed = spending.parse_account(reply)
    in_force = spending.prices_in_force(prices, until - datetime.timedelta(milliseconds=1))
    missing = [name for name in PRICED if name not in set(p.get("resourceName") for p in in_force)]
    warnings = []
    if not in_force:
        warnings.append("the billing price table has no price in force: every spending figure is 0")
    elif missing:
        warnings.append("no billing price for %s: those resources cost 0 in these figures" % ", ".join(missing))
    module.exit_json(
        changed=False, method="billing_api", since=module.params["since"], until=module.params["until"],
        currency=module.params["currency"], total=parsed["total"], by_category=parsed["by_category"],
        resources=parsed["resources"], account_uuid=account,
        resource_rows={"count": len(rows), "total": round(sum(float(r.get("spending") or 0) for r in rows), 5)},
        prices=[dict((k, p.get(k)) for k in ("resourceName", "resourceUnit", "timeUnit", "price", "tableUuid")) for p in in_force],
        warnings_text=warnings)


if __name__ == "__main__":
    main()

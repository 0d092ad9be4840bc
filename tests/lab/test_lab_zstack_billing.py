"""The lab's ZStack billing APIs (shared/reference/billing-api.md sections 2-3), spoken in raw HTTP."""
from __future__ import annotations

import datetime
import json
import time

DAY_MS = 86400 * 1000


def _price(client, name, price, unit="GB", date_in_long=None, expect=200):
    params = {"resourceName": name, "resourceUnit": unit, "timeUnit": "s", "price": price}
    if date_in_long is not None:
        params["dateInLong"] = date_in_long
    status, body = client.call("POST", "/billings/prices", {"params": params}, expect=expect)
    return body if expect == 200 else (status, body)


def _account(client, name="admin"):
    return client.query("/accounts?q=name=%s" % name)[0]["uuid"]


def test_prices_keep_five_decimals_and_live_in_the_default_table(admin):
    inv = _price(admin, "cpu", 0.0000349, unit="Core")["inventory"]
    assert inv["price"] == 0.00003                           # DOUBLE(14,5)
    assert inv["tableUuid"] == "12a087c058cc45d5bf80a605f17c0083" and inv["timeUnit"] == "s"
    assert _price(admin, "rootVolume", 0.000001)["inventory"]["price"] == 0.0
    tables = admin.query("/billings/price-tables")
    assert [t["name"] for t in tables] == ["global_default"] and "prices" not in tables[0]
    prices = admin.query("/billings/prices?q=tableUuid=12a087c058cc45d5bf80a605f17c0083")
    assert sorted(p["resourceName"] for p in prices) == ["cpu", "rootVolume"]


def test_bad_prices_are_argument_errors(admin):
    status, body = _price(admin, "cpus", 0.1, expect=None)
    assert status == 503 and "valid values of field[resourceName]" in body["error"]["details"]
    status, body = _price(admin, "cpu", -1, expect=None)
    assert status == 503 and "greater than or equal to 0" in body["error"]["details"]


def test_account_spending_is_synchronous_with_segments(admin):
    now = int(time.time() * 1000)
    _price(admin, "cpu", 0.00003, unit="Core", date_in_long=now - 60 * DAY_MS)
    _price(admin, "memory", 0.00001, date_in_long=now - 60 * DAY_MS)
    account = _account(admin)
    status, _h, text = admin.request("PUT", "/zstack/v1/billings/accounts/%s/actions" % account,
                                     {"calculateAccountSpending": {"dateStart": now - 30 * DAY_MS, "dateEnd": now}})
    assert status == 200                                     # synchronous: no 202, no job
    body = json.loads(text)
    vm = [s for s in body["spending"] if s["spendingType"] == "VM"][0]
    detail = vm["details"][0]
    assert set(("resourceUuid", "resourceName", "spending", "cpuInventory", "memoryInventory", "rootVolumeInventory")) <= set(detail)
    seg = detail["cpuInventory"][0]
    expected = round(0.00003 * seg["cpuNum"] * (seg["endTime"] - seg["startTime"]) / 1000.0, 5)
    assert seg["spending"] == expected > 0
    assert body["total"] == round(sum(s["spending"] for s in body["spending"]), 5)
    data = [s for s in body["spending"] if s["spendingType"] == "DataVolume"][0]
    assert data["spending"] == 0.0 and "details" in data     # no dataVolume price: those volumes cost 0


def test_resource_spending_pages_and_wants_mn_local_strings(admin):
    now = datetime.datetime.now()
    body = {"resourceType": "all", "dateStart": (now - datetime.timedelta(days=30)).strftime("%Y%m%d %H:%M:%S"),
            "dateEnd": now.strftime("%Y%m%d %H:%M:%S"), "start": 0, "limit": 5}
    status, _h, text = admin.request("PUT", "/zstack/v1/billings/resources/actions", {"calculateResourceSpending": body})
    page = json.loads(text)
    assert status == 200 and len(page["spending"]) == 5 and page["pagination"]["total"] > 5
    status, _h, text = admin.request("PUT", "/zstack/v1/billings/resources/actions", {"calculateResourceSpending": dict(
        body, dateStart=int(time.time() * 1000))})
    assert status == 503 and "doesn't match the regular expression" in json.loads(text)["error"]["details"]
    status, _h, text = admin.request("PUT", "/zstack/v1/billings/resources/actions", {"calculateResourceSpending": dict(
        body, limit=10001)})
    assert status == 503 and "[1, 10000]" in json.loads(text)["error"]["details"]

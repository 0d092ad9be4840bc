"""zstack_spending_info run in-process against the lab's billing APIs."""

import datetime

from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_spending_info
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient

from .module_runner import lab_args, run_module


def _period(days=30):
    until = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return (until - datetime.timedelta(days=days)).isoformat(), until.isoformat()


def _prices(lab, effective_days_ago=60):
    client = ZStackClient(lab.http_url, lab.account, lab.password)
    start = int((datetime.datetime.now().timestamp() - effective_days_ago * 86400) * 1000)
    for name, unit, price in (("cpu", "Core", 0.00003), ("memory", "GB", 0.00001), ("rootVolume", "GB", 0.00001),
                              ("dataVolume", "GB", 0.00001)):
        client.call("POST", "/billings/prices", {"params": {"resourceName": name, "resourceUnit": unit, "timeUnit": "s",
                                                            "price": price, "dateInLong": start}})
    client.logout()


def test_period_spending_by_category_and_resource(fresh_lab, capsys):
    _prices(fresh_lab)
    since, until = _period()
    failed, result = run_module(zstack_spending_info, lab_args(fresh_lab, since=since, until=until), capsys)
    assert not failed, result
    assert result["method"] == "billing_api" and result["changed"] is False and result["warnings_text"] == []
    assert result["total"] > 0
    assert sum(result["by_category"].values()) == round(result["total"], 5) or \
        abs(sum(result["by_category"].values()) - result["total"]) < 0.001
    assert set(result["by_category"]) == {"vm", "data_volume"}
    vm = [r for r in result["resources"] if r["category"] == "vm"][0]
    assert set(vm["parts"]) == {"cpu", "memory", "root_volume"}
    assert abs(result["resource_rows"]["total"] - result["total"]) < 0.001       # the two APIs agree
    assert sorted(p["resourceName"] for p in result["prices"]) == ["cpu", "dataVolume", "memory", "rootVolume"]
    assert fresh_lab.password not in str(result)


def test_no_price_is_said_not_silent(fresh_lab, capsys):
    since, until = _period()
    failed, result = run_module(zstack_spending_info, lab_args(fresh_lab, since=since, until=until), capsys)
    assert not failed and result["total"] == 0
    assert result["warnings_text"] == ["the billing price table has no price in force: every spending figure is 0"]


def test_bad_period_fails_before_any_call(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_spending_info, lab_args(fresh_lab, since="2026-11-01", until="2026-12-01T00:00:00Z"), capsys)
    assert failed and "has no offset" in result["msg"]
    failed, result = run_module(zstack_spending_info, lab_args(fresh_lab, since="2026-12-01T00:00:00Z",
                                                               until="2026-11-01T00:00:00Z"), capsys)
    assert failed and "must be after since" in result["msg"]
    failed, result = run_module(zstack_spending_info, lab_args(fresh_lab, since="2026-11-01T00:00:00Z", until="2026-12-01T00:00:00Z",
                                                               mn_timezone="Mars/Base"), capsys)
    assert failed and "not a known time zone" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0

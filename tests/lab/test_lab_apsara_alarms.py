"""CMS contacts, alert history / alert log with their limits, ECS system events and the alert timeline on the
simulated Apsara gateway, driven by the unmodified aliyun-python-sdk-core (alarms-events-api.md section 3)."""
from __future__ import annotations

import json
import time

import pytest

from lab.apsara import ApsaraLab

sdk = pytest.importorskip("aliyunsdkcore")

CMS, ECS = "2019-01-01", "2014-05-26"


@pytest.fixture(scope="module")
def alab():
    with ApsaraLab(world="apsara_alarms", https_port=None) as lab:
        yield lab


@pytest.fixture(scope="module")
def client(alab):
    from aliyunsdkcore.client import AcsClient
    return AcsClient(alab.access_key_id, alab.access_key_secret, alab.region_id, auto_retry=False)


def call(alab, client, action, version=CMS, **query):
    from aliyunsdkcore.request import CommonRequest
    r = CommonRequest()
    r.set_domain(alab.http_url.split("://", 1)[1])
    r.set_protocol_type("http")
    r.set_version(version)
    r.set_action_name(action)
    r.set_method("POST")
    r.add_query_param("Format", "JSON")
    for k, v in query.items():
        r.add_query_param(k, v)
    return json.loads(client.do_action_with_exception(r))


def error(alab, client, action, version=CMS, **query):
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    with pytest.raises(ServerException) as ei:
        call(alab, client, action, version, **query)
    return ei.value.get_http_status(), ei.value.get_error_code(), ei.value.get_error_msg()


def test_contact_groups_one_empty_and_rules_pointing_at_them(alab, client):
    groups = call(alab, client, "DescribeContactGroupList", PageNumber=1, PageSize=100)
    got = dict((g["Name"], g["Contacts"]["Contact"]) for g in groups["ContactGroupList"]["ContactGroup"])
    assert got == {"night-shift": [], "ops-oncall": ["alice", "bob"]} and groups["Success"] is True
    contacts = call(alab, client, "DescribeContactListByContactGroup", ContactGroupName="ops-oncall")["Contacts"]["Contact"]
    assert [c["Channels"]["Mail"] for c in contacts] == ["alice@example.com", "bob@example.com"]
    rules = call(alab, client, "DescribeMetricRuleList", Page=1, PageSize=100)["Alarms"]["Alarm"]
    assert dict((r["RuleName"], r["ContactGroups"]) for r in rules)["ecs-disk-high"] == "night-shift"
    assert error(alab, client, "DescribeContactListByContactGroup", ContactGroupName="nobody")[:2] == (404, "ContactGroupNotExists")


def test_the_timeline_fires_and_recovers_in_the_alert_history(alab, client):
    def rows(state):
        out = call(alab, client, "DescribeAlertHistoryList", State=state, Status=0, Page=1, PageSize=100,
                   RuleName="ecs-cpu-high")
        return out["AlarmHistoryList"]["AlarmHistory"]
    time.sleep(max(0.0, alab.state.meta["timeline_start"] + 4.5 - time.time()))
    alarms, oks = rows("ALARM"), rows("OK")
    assert len(alarms) == 2 and len(oks) == 2
    live_alarm = max(alarms, key=lambda r: r["AlertTime"])
    live_ok = max(oks, key=lambda r: r["AlertTime"])
    assert live_ok["AlertTime"] - live_alarm["AlertTime"] == pytest.approx(2000, abs=50)
    assert live_ok["LastTime"] == pytest.approx(2000, abs=50) and json.loads(live_alarm["Dimensions"])["instanceId"]
    rules = dict((r["RuleName"], r) for r in call(alab, client, "DescribeMetricRuleList", PageSize=100)["Alarms"]["Alarm"])
    assert rules["ecs-cpu-high"]["AlertState"] == "OK" and rules["ecs-mem-high"]["AlertState"] == "ALARM"
    # paging: two rows a page, newest first unless Ascending
    first = call(alab, client, "DescribeAlertHistoryList", Status=0, Page=1, PageSize=2)
    assert int(first["Total"]) >= 6 and len(first["AlarmHistoryList"]["AlarmHistory"]) == 2


def test_the_alert_log_limits(alab, client):
    now = int(time.time() * 1000)
    day = 86400 * 1000
    status, code, msg = error(alab, client, "DescribeAlertLogList", StartTime=now - 16 * day, EndTime=now)
    assert (status, code) == (400, "ParameterInvalid") and "15 days" in msg
    assert "together" in error(alab, client, "DescribeAlertLogList", StartTime=now - day)[2]
    assert "last year" in error(alab, client, "DescribeAlertLogList", StartTime=now - 400 * day, EndTime=now - 390 * day)[2]
    logs = call(alab, client, "DescribeAlertLogList", StartTime=now - 11 * day, EndTime=now, PageNumber=1, PageSize=100)
    changes = sorted(r["LevelChange"] for r in logs["AlertLogList"])
    assert "P2->OK" in changes and "OK->P2" in changes and "OK->P3" in changes


def test_instance_system_events_paging_and_window(alab, client):
    region = alab.region_id
    body = call(alab, client, "DescribeInstanceHistoryEvents", ECS, RegionId=region, PageNumber=1, PageSize=1)
    assert body["TotalCount"] == 2 and len(body["InstanceSystemEventSet"]["InstanceSystemEventType"]) == 1
    ev = body["InstanceSystemEventSet"]["InstanceSystemEventType"][0]
    assert ev["EventType"]["Name"] == "SystemFailure.Reboot" and ev["EventCycleStatus"]["Name"] == "Executed"
    assert ev["EventFinishTime"] > ev["EventPublishTime"]
    only = call(alab, client, "DescribeInstanceHistoryEvents", ECS, RegionId=region, **{"InstanceEventType.1": "SystemMaintenance.Reboot"})
    assert [e["EventCycleStatus"]["Name"] for e in only["InstanceSystemEventSet"]["InstanceSystemEventType"]] == ["Canceled"]
    status, code, _msg = error(alab, client, "DescribeInstanceHistoryEvents", ECS, RegionId=region,
                               **{"EventPublishTime.Start": "2026-12-02T00:00:00Z", "EventPublishTime.End": "2026-12-01T00:00:00Z"})
    assert (status, code) == (403, "InvalidParameter.TimeEndBeforeStart")

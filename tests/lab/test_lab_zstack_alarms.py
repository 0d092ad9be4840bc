"""zwatch alarms, SNS paths, alarm records, AckAlarmData and the alarm timeline on the simulated ZStack, over raw
HTTP (shared/reference/alarms-events-api.md section 2)."""
from __future__ import annotations

import time
import urllib.parse

import pytest

from lab.zstack import ZStackLab
from zstack_raw import Raw


@pytest.fixture
def alab():
    with ZStackLab(world="alarms", job_seconds=0.02, https_port=None, prewarm=False) as lab:
        yield lab


@pytest.fixture
def c(alab):
    raw = Raw(alab.http_url)
    raw.login(alab.account, alab.password)
    return raw


def q(*conds):
    return "&".join("q=" + urllib.parse.quote(x) for x in conds)


def alarm(c, name):
    return c.query("/zwatch/alarms?" + q("name=" + name))[0]


def test_the_notification_chain_alarm_topic_subscriber_endpoint(c):
    topics = dict((t["name"], t) for t in c.query("/sns/topics"))
    assert set(topics) == {"ops-email", "ops-dingtalk"} and {t["state"] for t in topics.values()} == {"Enabled"}
    assert alarm(c, "host-cpu-high")["actions"][0]["actionUuid"] == topics["ops-email"]["uuid"]
    subs = c.query("/sns/topics/subscribers?" + q("topicUuid=" + topics["ops-dingtalk"]["uuid"]))
    endpoints = dict((e["uuid"], e) for e in c.query("/sns/application-endpoints"))
    assert [endpoints[s["endpointUuid"]]["state"] for s in subs] == ["Disabled"]     # the broken path
    assert [e["type"] for e in c.query("/sns/application-endpoints/http")] == ["HTTP"]


def until(start, seconds):
    time.sleep(max(0.0, start + seconds - time.time()))


def test_alarm_records_page_and_sort_and_the_timeline_fires_and_recovers(c, alab):
    start = alab.state.meta["timeline_start"]
    base = "/zwatch/alarm-records?" + q("alarmName=vm-cpu-high")
    if time.time() < start + 1.5:      # a loaded machine may reach this line after the first episode fired
        before = c.get(base + "&sort=-createTime&replyWithCount=true")
        assert [r["alarmStatus"] for r in before["inventories"]] == ["OK", "Alarm", "OK", "Alarm"]
        assert alarm(c, "vm-cpu-high")["status"] == "OK"
    until(start, 2.5)
    if time.time() < start + 3.8:
        assert alarm(c, "vm-cpu-high")["status"] == "Alarm"
    until(start, 4.5)
    after = c.get(base + "&sort=-createTime&limit=2&start=0&replyWithCount=true")
    assert after["total"] == 6 and [r["alarmStatus"] for r in after["inventories"]] == ["OK", "Alarm"]
    assert after["inventories"][0]["createTime"] - after["inventories"][1]["createTime"] == pytest.approx(2000, abs=5)
    assert alarm(c, "vm-cpu-high")["status"] == "OK" and alarm(c, "host-cpu-high")["status"] == "Alarm"
    page2 = c.get(base + "&sort=-createTime&limit=2&start=2")["inventories"]
    assert [r["alarmStatus"] for r in page2] == ["OK", "Alarm"]


def test_get_alarm_data_in_a_window_and_ack_alarm_data(c):
    now = int(time.time())
    hist = c.get("/zwatch/alarm-histories?startTime=%d&endTime=%d&limit=100" % (now - 3 * 3600, now))["histories"]
    fired = [h for h in hist if h["alarmName"] == "host-cpu-high" and h["alarmStatus"] == "Alarm"]
    assert len(fired) == 1 and isinstance(fired[0]["time"], int)
    a = alarm(c, "host-cpu-high")
    _st, out = c.call("POST", "/zwatch/alarm-histories/acknowledgments",
                      {"params": {"alarmUuid": a["uuid"], "alertDataUuid": fired[0]["dataUuid"], "dataType": "alarm",
                                  "ackPeriodSec": 3600}})
    inv = out["inventory"]
    assert (inv["alertDataUuid"], inv["ackPeriod"], inv["resumeAlert"]) == (fired[0]["dataUuid"], 3600, False)
    assert inv["operatorAccountUuid"] and inv["ackDate"]
    acks = c.query("/zwatch/alert-histories/acknowledgments")
    assert [x["alertDataUuid"] for x in acks] == [fired[0]["dataUuid"]]
    rec = c.query("/zwatch/alarm-records?" + q("dataUuid=" + fired[0]["dataUuid"]))[0]
    assert rec["readStatus"] is True
    st, out = c.call("POST", "/zwatch/alarm-histories/acknowledgments",
                     {"params": {"alarmUuid": a["uuid"], "alertDataUuid": "0" * 32, "dataType": "alarm",
                                 "ackPeriodSec": 60}}, expect=None)
    assert st == 503 and out["error"]["code"] == "SYS.1007" and "doesn't exist" in out["error"]["details"]


def test_create_alarm_validates_and_subscribes(c):
    topic = c.call("POST", "/sns/topics", {"params": {"name": "new-topic", "locale": "en_US"}})[1]["inventory"]
    ep = c.call("POST", "/sns/application-endpoints/http", {"params": {"name": "hook", "url": "http://h.invalid/x"}})[1]
    c.call("POST", "/sns/topics/%s/endpoints/%s" % (topic["uuid"], ep["inventory"]["uuid"]), {"params": {}})
    st, out = c.call("POST", "/sns/topics/%s/endpoints/%s" % (topic["uuid"], ep["inventory"]["uuid"]), {"params": {}},
                     expect=None)
    assert st == 503 and "has subscribed" in out["error"]["details"]
    body = {"name": "vm-mem-high", "namespace": "ZStack/VM", "metricName": "MemoryUsedInPercent",
            "comparisonOperator": "GreaterThan", "threshold": 90, "period": 300, "emergencyLevel": "Important",
            "actions": [{"actionUuid": topic["uuid"], "actionType": "sns"}],
            "labels": [{"key": "VMUuid", "op": "Equal", "value": "x"}]}
    inv = c.call("POST", "/zwatch/alarms", {"params": body})[1]["inventory"]
    assert (inv["repeatCount"], inv["enableRecovery"], inv["labels"][0]["operator"], inv["status"]) == (-1, False, "=", "OK")
    for bad, text in ((dict(body, comparisonOperator="Equal"), "comparisonOperator"),
                      (dict(body, metricName="NoSuchMetric"), "has no metric"),
                      (dict(body, threshold=-1), "threshold"),
                      (dict(body, actions=[{"actionUuid": "f" * 32, "actionType": "sns"}]), "SNSTopicVO")):
        st, out = c.call("POST", "/zwatch/alarms", {"params": bad}, expect=None)
        assert st == 503 and text in out["error"]["details"], out

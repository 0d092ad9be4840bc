import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import operations

from .helpers import assert_mentions, by_name, epoch_ms, status_of, run_check


def _alarm(uuid, name, metric="CPUAverageUsedUtilization", namespace="ZStack/Host", status="OK", state="Enabled",
           level="Important", actions=True):
    return {"uuid": uuid, "name": name, "namespace": namespace, "metricName": metric, "comparisonOperator": "GreaterThanOrEqualTo",
            "threshold": 80.0, "period": 300, "repeatInterval": 1800, "status": status, "state": state,
            "emergencyLevel": level, "labels": [],
            "actions": [{"actionType": "sns", "actionUuid": "topic-1"}] if actions else []}


def test_alarm_firing_severity_follows_level():
    data = {"alarms": [_alarm("a1", "host-cpu"), _alarm("a2", "ps-full", status="Alarm", level="Emergent"),
                       _alarm("a3", "vm-mem", status="Alarm", level="Normal"),
                       _alarm("a4", "muted", status="Alarm", state="Disabled")]}
    findings = by_name(run_check(operations, "zstack_alarm_firing", data))
    assert status_of(findings.values()) == {"host-cpu": "PASS", "ps-full": "FAIL", "vm-mem": "FAIL"}
    assert findings["ps-full"]["severity"] == "critical" and findings["vm-mem"]["severity"] == "medium"
    assert_mentions(findings["ps-full"], "ps-full", "ZStack/Host/CPUAverageUsedUtilization", "Emergent")


def _history(alarm_uuid, name, minutes_ago, read="Unread", status="Alarm", level="Important", resource="h1"):
    return {"alarmUuid": alarm_uuid, "alarmName": name, "namespace": "ZStack/Host", "metricName": "CPUAverageUsedUtilization",
            "resourceUuid": resource, "resourceType": "HostVO", "alarmStatus": status, "readStatus": read,
            "emergencyLevel": level, "threshold": 80.0, "metricValue": 95.0, "time": epoch_ms(minutes_ago)}


def test_alarm_unread_backlog():
    data = {"alarm_histories": [
        _history("a1", "host-cpu", 45), _history("a1", "host-cpu", 30, resource="h2", level="Emergent"),
        _history("a1", "host-cpu", 5),
        _history("a2", "ps-full", 120, read="Read"), _history("a2", "ps-full", 3),
        _history("a3", "vm-mem", 500, status="OK"),
    ]}
    findings = by_name(run_check(operations, "zstack_alarm_unread_backlog", data))
    assert status_of(findings.values()) == {"host-cpu": "FAIL", "ps-full": "PASS", "vm-mem": "PASS"}
    evidence = findings["host-cpu"]["evidence"]
    assert (evidence["unread_overdue"], evidence["oldest_minutes"], evidence["resources"]) == (2, 45.0, 2)
    assert findings["host-cpu"]["severity"] == "critical"
    assert_mentions(findings["host-cpu"], "host-cpu", "45.0")
    findings = by_name(run_check(operations, "zstack_alarm_unread_backlog", data, thresholds={"max_minutes": 60}))
    assert findings["host-cpu"]["status"] == "PASS"


@pytest.mark.parametrize("check_id, namespace, metric", [
    ("zstack_alarm_missing_host_cpu", "ZStack/Host", "CPUAllUsedUtilization"),
    ("zstack_alarm_missing_host_memory", "ZStack/Host", "MemoryUsedInPercent"),
    ("zstack_alarm_missing_ps_usage", "ZStack/PrimaryStorage", "UsedPhysicalCapacityInPercent"),
    ("zstack_alarm_missing_bs_usage", "ZStack/BackupStorage", "UsedCapacityInPercent"),
])
def test_key_metric_alarm_missing(check_id, namespace, metric):
    unrelated = [_alarm("a0", "vm-cpu", namespace="ZStack/VM", metric="CPUAllUsedUtilization"),
                 _alarm("a9", "disabled-one", namespace=namespace, metric=metric, state="Disabled")]
    findings = run_check(operations, check_id, {"alarms": unrelated})
    assert [f["status"] for f in findings] == ["FAIL"]
    assert findings[0]["resource"] == {"type": "endpoint", "uuid": "https://zstack.test.invalid:8080",
                                       "name": "https://zstack.test.invalid:8080"}
    assert_mentions(findings[0], "zstack.test.invalid", metric)
    findings = run_check(operations, check_id, {"alarms": unrelated + [_alarm("a1", "key-alarm", namespace=namespace, metric=metric)]})
    assert findings[0]["status"] == "PASS" and findings[0]["evidence"]["alarms"] == "key-alarm"


def test_key_metric_list_override():
    data = {"alarms": [_alarm("a1", "cpu-avg")]}
    findings = run_check(operations, "zstack_alarm_missing_host_cpu", data, thresholds={"metrics": ["ZStack/Host:CPUUsedUtilization"]})
    assert findings[0]["status"] == "FAIL"


def test_alarm_disabled_and_no_actions():
    data = {"alarms": [_alarm("a1", "ok"), _alarm("a2", "off", state="Disabled"), _alarm("a3", "silent", actions=False)]}
    findings = by_name(run_check(operations, "zstack_alarm_disabled", data))
    assert status_of(findings.values()) == {"ok": "PASS", "off": "FAIL", "silent": "PASS"}
    assert_mentions(findings["off"], "off", "Disabled")
    findings = by_name(run_check(operations, "zstack_alarm_no_actions", data))
    assert status_of(findings.values()) == {"ok": "PASS", "silent": "FAIL"}
    assert findings["silent"]["evidence"]["actions"] == 0
    assert_mentions(findings["silent"], "silent")


def test_event_subscription_missing():
    subs = [{"uuid": "s1", "name": "host-events", "namespace": "ZStack/Host", "eventName": "HostDisconnected",
             "state": "Enabled", "actions": []},
            {"uuid": "s2", "name": "off", "state": "Disabled", "actions": [{"actionType": "sns", "actionUuid": "t"}]}]
    findings = run_check(operations, "zstack_event_subscription_missing", {"event_subscriptions": subs})
    assert findings[0]["status"] == "FAIL" and findings[0]["evidence"]["subscriptions"] == 0
    assert_mentions(findings[0], "zstack.test.invalid")
    subs[0]["actions"] = [{"actionType": "sns", "actionUuid": "topic-1"}]
    findings = run_check(operations, "zstack_event_subscription_missing", {"event_subscriptions": subs})
    assert findings[0]["status"] == "PASS" and findings[0]["evidence"]["names"] == "host-events"
    findings = run_check(operations, "zstack_event_subscription_missing", {"event_subscriptions": subs},
                         thresholds={"min_subscriptions_count": 2})
    assert findings[0]["status"] == "FAIL"

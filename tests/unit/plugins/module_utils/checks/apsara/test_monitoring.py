import json

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import monitoring

from .helpers import ENDPOINT, assert_mentions, by_name, epoch_ms, status_of, run_check


def _rule(rid, name, metric="CPUUtilization", state="OK", enabled=True, contacts="ops-oncall", namespace="acs_ecs_dashboard",
          webhook=""):
    return {"RuleId": rid, "RuleName": name, "Namespace": namespace, "MetricName": metric, "AlertState": state,
            "EnableState": enabled, "ContactGroups": contacts, "Webhook": webhook, "Dimensions": "[]",
            "Resources": json.dumps([{"resource": "_ALL"}]),
            "Escalations": {"Critical": {"ComparisonOperator": "GreaterThanOrEqualToThreshold", "Threshold": "90"}}}


INSTANCES = [{"InstanceId": "i-1", "InstanceName": "web-01"}, {"InstanceId": "i-2", "InstanceName": "db-01"}]


@pytest.mark.parametrize("check_id, metric", [
    ("apsara_cms_rule_missing_cpu", "CPUUtilization"),
    ("apsara_cms_rule_missing_memory", "memory_usedutilization"),
    ("apsara_cms_rule_missing_disk", "diskusage_utilization"),
])
def test_key_metric_rule_missing(check_id, metric):
    unrelated = [_rule("r0", "rds-cpu", namespace="acs_rds_dashboard", metric=metric),
                 _rule("r9", "switched-off", metric=metric, enabled=False)]
    findings = run_check(monitoring, check_id, {"cms_alarm_rules": unrelated, "instances": INSTANCES})
    assert [f["status"] for f in findings] == ["FAIL"]
    assert findings[0]["resource"] == {"type": "endpoint", "uuid": ENDPOINT, "name": ENDPOINT}
    assert findings[0]["severity"] == "medium" and findings[0]["pillar"] == "operations"
    assert_mentions(findings[0], ENDPOINT, metric, "acs_ecs_dashboard", "2")
    findings = run_check(monitoring, check_id, {"cms_alarm_rules": unrelated + [_rule("r1", "ecs-key", metric=metric.upper())],
                                                "instances": INSTANCES})
    assert [f["status"] for f in findings] == ["PASS"] and findings[0]["evidence"]["rules"] == "ecs-key"
    # Nothing to monitor, nothing to judge.
    assert run_check(monitoring, check_id, {"cms_alarm_rules": [], "instances": []}) == []


def test_cpu_rule_accepts_agent_metric():
    findings = run_check(monitoring, "apsara_cms_rule_missing_cpu",
                         {"cms_alarm_rules": [_rule("r1", "agent-cpu", metric="cpu_total")], "instances": INSTANCES})
    assert findings[0]["status"] == "PASS"


def test_alarm_firing():
    data = {"cms_alarm_rules": [_rule("r1", "ecs-cpu"), _rule("r2", "ecs-mem", metric="memory_usedutilization", state="ALARM"),
                                _rule("r3", "muted", state="ALARM", enabled=False)]}
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_firing", data))
    assert status_of(findings.values()) == {"ecs-cpu": "PASS", "ecs-mem": "FAIL"}
    assert findings["ecs-mem"]["severity"] == "high"
    assert_mentions(findings["ecs-mem"], "ecs-mem", "ALARM", "acs_ecs_dashboard/memory_usedutilization", "all")
    data["cms_alarm_rules"][1]["Resources"] = json.dumps([{"instanceId": "i-1"}, {"instanceId": "i-2"}])
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_firing", data))
    assert findings["ecs-mem"]["evidence"]["resources"] == "i-1, i-2"


def test_alarm_insufficient_data():
    data = {"cms_alarm_rules": [_rule("r1", "ecs-cpu"), _rule("r2", "disk-agentless", metric="diskusage_utilization",
                                                              state="INSUFFICIENT_DATA")]}
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_insufficient_data", data))
    assert status_of(findings.values()) == {"ecs-cpu": "PASS", "disk-agentless": "FAIL"}
    assert_mentions(findings["disk-agentless"], "disk-agentless", "INSUFFICIENT_DATA")


def test_alarm_disabled():
    data = {"cms_alarm_rules": [_rule("r1", "ecs-cpu"), _rule("r2", "paused", enabled=False), _rule("r3", "str-off", enabled="false")]}
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_disabled", data))
    assert status_of(findings.values()) == {"ecs-cpu": "PASS", "paused": "FAIL", "str-off": "FAIL"}
    assert_mentions(findings["paused"], "paused", "acs_ecs_dashboard/CPUUtilization", "False")


def test_alarm_no_contact():
    data = {"cms_alarm_rules": [_rule("r1", "ecs-cpu"), _rule("r2", "silent", contacts=""),
                                _rule("r3", "hooked", contacts="", webhook="https://hooks.invalid/cms"),
                                _rule("r4", "off-silent", contacts="", enabled=False)]}
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_no_contact", data))
    assert status_of(findings.values()) == {"ecs-cpu": "PASS", "silent": "FAIL", "hooked": "PASS"}
    assert findings["ecs-cpu"]["evidence"]["contact_groups"] == "ops-oncall"
    assert_mentions(findings["silent"], "silent", "acs_ecs_dashboard/CPUUtilization")


def _history(rule_id, name, minutes_ago, state="ALARM"):
    return {"RuleId": rule_id, "RuleName": name, "Namespace": "acs_ecs_dashboard", "MetricName": "CPUUtilization",
            "State": state, "Status": 0, "Level": "CRITICAL", "AlertTime": epoch_ms(minutes_ago), "InstanceName": "web-01"}


def test_alarm_recurring():
    history = [_history("r1", "ecs-cpu", 60 * n) for n in range(12)] + [_history("r1", "ecs-cpu", 30, state="OK")]
    history += [_history("r2", "ecs-mem", 100), _history("r2", "ecs-mem", 60 * 24 * 9)]
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_recurring", {"cms_alarm_history": history}))
    assert status_of(findings.values()) == {"ecs-cpu": "FAIL", "ecs-mem": "PASS"}
    assert findings["ecs-cpu"]["evidence"]["alarms"] == 12 and findings["ecs-mem"]["evidence"]["alarms"] == 1
    assert_mentions(findings["ecs-cpu"], "ecs-cpu", "12", "acs_ecs_dashboard/CPUUtilization")
    findings = by_name(run_check(monitoring, "apsara_cms_alarm_recurring", {"cms_alarm_history": history},
                                 thresholds={"max_alarms_count": 20}))
    assert findings["ecs-cpu"]["status"] == "PASS"

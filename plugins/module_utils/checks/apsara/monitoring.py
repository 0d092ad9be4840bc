# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack CloudMonitor (CMS) checks: alarm coverage of ECS, firing, disabled, unrouted and noisy rules."""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import (
    ALERT_HISTORY_STATE,
    RULE_ALERT_STATE,
    alert_state,
    inner_list,
    is_true,
    rule_ref,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_days, endpoint_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref


def _enabled(rule):
    return is_true(rule.get("EnableState", True))


def _metric(rule):
    return "%s/%s" % (rule.get("Namespace") or "-", rule.get("MetricName") or "-")


def _resources(rule):
    """What a rule watches, readably: "all" for {"resource": "_ALL"}, else the dimension values (instance ids)."""
    raw = rule.get("Resources") or rule.get("Dimensions") or ""
    try:
        items = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw) or "-"
    if isinstance(items, dict):
        items = [items]
    values = []
    for item in items or []:
        if isinstance(item, dict):
            values.extend(str(v) for v in item.values())
    if "_ALL" in values:
        return "all"
    return ", ".join(values) or "-"


def _key_metric(data, thresholds, ctx):
    if not data["instances"]:
        return
    namespace = thresholds["namespace"].lower()
    wanted = set(m.lower() for m in thresholds["metrics"])
    matching = sorted(str(rule.get("RuleName") or rule.get("RuleId")) for rule in data["cms_alarm_rules"]
                      if _enabled(rule) and str(rule.get("Namespace") or "").lower() == namespace
                      and str(rule.get("MetricName") or "").lower() in wanted)
    yield Outcome(endpoint_ref(ctx), bool(matching),
                  {"rules": ", ".join(matching) or "-", "metrics": ", ".join(thresholds["metrics"]),
                   "namespace": thresholds["namespace"], "instances": len(data["instances"])})


def alarm_firing(data, thresholds, ctx):
    for rule in data["cms_alarm_rules"]:
        if not _enabled(rule):
            continue
        yield Outcome(rule_ref(rule), alert_state(rule, RULE_ALERT_STATE) != "ALARM",
                      {"state": alert_state(rule, RULE_ALERT_STATE) or "-", "metric": _metric(rule), "resources": _resources(rule)})


def alarm_insufficient_data(data, thresholds, ctx):
    for rule in data["cms_alarm_rules"]:
        if not _enabled(rule):
            continue
        yield Outcome(rule_ref(rule), alert_state(rule, RULE_ALERT_STATE) != "INSUFFICIENT_DATA",
                      {"state": alert_state(rule, RULE_ALERT_STATE) or "-", "metric": _metric(rule)})


def alarm_disabled(data, thresholds, ctx):
    for rule in data["cms_alarm_rules"]:
        yield Outcome(rule_ref(rule), _enabled(rule), {"metric": _metric(rule), "enable_state": rule.get("EnableState")})


def alarm_no_contact(data, thresholds, ctx):
    for rule in data["cms_alarm_rules"]:
        if not _enabled(rule):
            continue
        groups = [g for g in inner_list(rule.get("ContactGroups"), "ContactGroup") if str(g).strip()]
        groups = [part.strip() for g in groups for part in str(g).split(",") if part.strip()]
        webhook = str(rule.get("Webhook") or "").strip()
        yield Outcome(rule_ref(rule), bool(groups) or bool(webhook),
                      {"metric": _metric(rule), "contact_groups": ", ".join(groups) or "-", "webhook": webhook or "-"})


def alarm_recurring(data, thresholds, ctx):
    counts, names = {}, {}
    for entry in data["cms_alarm_history"]:
        if alert_state(entry, ALERT_HISTORY_STATE) != "ALARM":
            continue
        days = age_days(entry.get("AlertTime"), ctx)
        if days is not None and days > thresholds["lookback_days"]:
            continue
        key = entry.get("RuleId") or entry.get("RuleName")
        if not key:
            continue
        counts[key] = counts.get(key, 0) + 1
        names[key] = (entry.get("RuleName") or key, "%s/%s" % (entry.get("Namespace") or "-", entry.get("MetricName") or "-"))
    for key in sorted(counts, key=str):
        yield Outcome(resource_ref("alarm_rule", key, names[key][0]), counts[key] <= thresholds["max_alarms_count"],
                      {"alarms": counts[key], "metric": names[key][1], "lookback_days": thresholds["lookback_days"],
                       "max_alarms_count": thresholds["max_alarms_count"]})


_MISSING_MESSAGE = bilingual("{name} has {instances} ECS instances but no enabled CloudMonitor alarm rule on {namespace} {metrics}.",
                             "{name} 有 {instances} 台 ECS 实例，但未对 {namespace} {metrics} 配置已启用的云监控报警规则。")


def _missing_rule_check(check_id, what_en, what_zh, metrics, advice_en, advice_zh):
    return Check(
        id=check_id,
        platform="apsara",
        pillar="operations",
        severity="medium",
        resource_type="endpoint",
        requires=("cms_alarm_rules", "instances"),
        title=bilingual("No CloudMonitor alarm rule for ECS %s" % what_en, "未配置 ECS %s云监控报警规则" % what_zh),
        message=_MISSING_MESSAGE,
        remediation=bilingual(
            "Create a CloudMonitor alarm rule (CloudMonitor > Alarms > Alarm Rules > Create, or PutResourceMetricRule) "
            "on %s for all ECS instances of the resource set, %s, notifying the on-duty contact group (SMS, email, "
            "DingTalk). The memory and disk metrics need the CloudMonitor agent in the guest." % (what_en, advice_en),
            "在「云监控 > 报警服务 > 报警规则 > 创建报警规则」（或 PutResourceMetricRule）中为资源集内全部 ECS 实例创建%s报警规则，%s，"
            "并通知值班联系人组（短信、邮件、钉钉）。内存和磁盘指标需要实例内安装云监控插件。" % (what_zh, advice_zh)),
        thresholds={"namespace": "acs_ecs_dashboard", "metrics": list(metrics)},
        func=_key_metric,
    )


CHECKS = [
    _missing_rule_check("apsara_cms_rule_missing_cpu", "CPU utilisation", "CPU 使用率", ["CPUUtilization", "cpu_total"],
                        "for example Average >= 85 % for 3 periods", "例如平均值连续 3 个周期 ≥ 85%"),
    _missing_rule_check("apsara_cms_rule_missing_memory", "memory utilisation", "内存使用率", ["memory_usedutilization"],
                        "for example Average >= 90 % for 3 periods", "例如平均值连续 3 个周期 ≥ 90%"),
    _missing_rule_check("apsara_cms_rule_missing_disk", "disk usage", "磁盘使用率", ["diskusage_utilization"],
                        "for example Maximum >= 85 % per mount point", "例如任一挂载点最大值 ≥ 85%"),
    Check(
        id="apsara_cms_alarm_firing",
        platform="apsara",
        pillar="operations",
        severity="high",
        resource_type="alarm_rule",
        requires=("cms_alarm_rules",),
        title=bilingual("CloudMonitor alarm rule is in ALARM", "云监控报警规则处于报警状态"),
        message=bilingual("Alarm rule {name} ({metric}) is in state {state}; resources: {resources}.",
                          "报警规则 {name}（{metric}）当前状态为 {state}；监控对象：{resources}。"),
        remediation=bilingual(
            "Handle the condition behind the alarm now (CloudMonitor > Alarms > Alarm History shows which instance "
            "breaches it and since when), record the incident with its response time, and tune the rule only if it is a "
            "confirmed false positive.",
            "立即处理报警背后的问题（在「云监控 > 报警服务 > 报警历史」中查看触发的实例和开始时间），登记事件及响应时间；仅在确认为误报时调整规则。"),
        func=alarm_firing,
    ),
    Check(
        id="apsara_cms_alarm_insufficient_data",
        platform="apsara",
        pillar="operations",
        severity="low",
        resource_type="alarm_rule",
        requires=("cms_alarm_rules",),
        title=bilingual("CloudMonitor alarm rule has insufficient data", "云监控报警规则数据不足"),
        message=bilingual("Alarm rule {name} ({metric}) is in state {state}: it cannot evaluate and would not fire.",
                          "报警规则 {name}（{metric}）状态为 {state}：无法评估，即使出现问题也不会报警。"),
        remediation=bilingual(
            "The metric has no data: the CloudMonitor agent is missing or stopped in the guest, or the monitored "
            "resource was released. Install or restart the agent, or point the rule at existing resources.",
            "该指标没有数据：实例内云监控插件未安装或已停止，或监控对象已被释放。请安装或重启插件，或将规则改为监控现有资源。"),
        func=alarm_insufficient_data,
    ),
    Check(
        id="apsara_cms_alarm_disabled",
        platform="apsara",
        pillar="operations",
        severity="low",
        resource_type="alarm_rule",
        requires=("cms_alarm_rules",),
        title=bilingual("CloudMonitor alarm rule is disabled", "云监控报警规则已禁用"),
        message=bilingual("Alarm rule {name} ({metric}) is disabled (EnableState {enable_state}).",
                          "报警规则 {name}（{metric}）已禁用（EnableState {enable_state}）。"),
        remediation=bilingual(
            "A disabled rule silently stops monitoring. Enable it again (EnableMetricRules) or delete it if another rule "
            "covers the metric, and note the reason in the change record.",
            "禁用的规则会让监控悄然失效。请重新启用（EnableMetricRules）；若该指标已由其他规则覆盖则删除，并在变更记录中说明原因。"),
        func=alarm_disabled,
    ),
    Check(
        id="apsara_cms_alarm_no_contact",
        platform="apsara",
        pillar="operations",
        severity="medium",
        resource_type="alarm_rule",
        requires=("cms_alarm_rules",),
        title=bilingual("CloudMonitor alarm rule notifies nobody", "云监控报警规则未配置通知对象"),
        message=bilingual("Alarm rule {name} ({metric}) has no contact group ({contact_groups}) and no webhook ({webhook}).",
                          "报警规则 {name}（{metric}）未配置报警联系人组（{contact_groups}）和回调地址（{webhook}）。"),
        remediation=bilingual(
            "Bind the rule to the on-duty alarm contact group (CloudMonitor > Alarm Contacts) whose members receive SMS, "
            "email or DingTalk, and send a test notification: an alarm nobody receives does not meet the 10-minute "
            "response commitment.",
            "为该规则绑定值班报警联系人组（云监控 > 报警联系人），确保成员可收到短信、邮件或钉钉，并发送测试通知：无人接收的报警无法满足 10 分钟响应要求。"),
        func=alarm_no_contact,
    ),
    Check(
        id="apsara_cms_alarm_recurring",
        platform="apsara",
        pillar="operations",
        severity="medium",
        resource_type="alarm_rule",
        requires=("cms_alarm_history",),
        title=bilingual("CloudMonitor alarm fires again and again", "云监控报警反复触发"),
        message=bilingual("Alarm rule {name} ({metric}) fired {alarms} times in the last {lookback_days} days (limit {max_alarms_count}).",
                          "报警规则 {name}（{metric}）近 {lookback_days} 天触发 {alarms} 次（阈值 {max_alarms_count}）。"),
        remediation=bilingual(
            "A rule that keeps firing is either a recurring fault that needs a problem ticket and a root-cause fix, or a "
            "threshold set too tight that trains the team to ignore alarms. Review the history with the owner and fix one "
            "or the other.",
            "反复触发的报警要么是需要立问题单、做根因分析的重复故障，要么是阈值过紧导致团队对报警麻木。请与负责人复盘报警历史，二者择一解决。"),
        thresholds={"lookback_days": 7, "max_alarms_count": 10},
        func=alarm_recurring,
    ),
]

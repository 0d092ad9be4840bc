# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack operations checks: zwatch alarms, alarm backlog, monitoring coverage, event subscriptions."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome, ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import age_minutes, endpoint_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, resource_ref

# zwatch EmergencyLevel -> finding severity.
LEVEL_SEVERITY = {"Emergent": "critical", "Important": "high", "Normal": "medium"}
_LEVEL_RANK = {"Emergent": 3, "Important": 2, "Normal": 1}


def _enabled(item):
    return item.get("state", "Enabled") == "Enabled"


def alarm_firing(data, thresholds, ctx):
    for alarm in data["alarms"]:
        if not _enabled(alarm):
            continue
        firing = alarm.get("status") == "Alarm"
        level = alarm.get("emergencyLevel") or "Important"
        yield Outcome(ref("alarm", alarm), not firing,
                      {"status": alarm.get("status"), "metric": "%s/%s" % (alarm.get("namespace"), alarm.get("metricName")),
                       "operator": alarm.get("comparisonOperator"), "threshold": alarm.get("threshold"),
                       "emergency_level": level},
                      severity=LEVEL_SEVERITY.get(level, "high") if firing else None)


def alarm_unread_backlog(data, thresholds, ctx):
    limit = thresholds["max_minutes"]
    groups = {}
    for entry in data["alarm_histories"]:
        groups.setdefault(entry.get("alarmUuid"), []).append(entry)
    for alarm_uuid in sorted(groups, key=str):
        entries = groups[alarm_uuid]
        overdue = []
        for entry in entries:
            if entry.get("alarmStatus") != "Alarm" or entry.get("readStatus") != "Unread":
                continue
            minutes = age_minutes(entry.get("time"), ctx)
            if minutes is not None and minutes > limit:
                overdue.append((minutes, entry))
        level = max([e.get("emergencyLevel") for _m, e in overdue] or ["Normal"], key=lambda lv: _LEVEL_RANK.get(lv, 0))
        evidence = {"unread_overdue": len(overdue), "oldest_minutes": max([m for m, _e in overdue] or [0]),
                    "resources": len(set(e.get("resourceUuid") for _m, e in overdue)), "max_minutes": limit,
                    "emergency_level": level if overdue else "-"}
        yield Outcome(resource_ref("alarm", alarm_uuid, entries[0].get("alarmName")), not overdue, evidence,
                      severity=LEVEL_SEVERITY.get(level, "high") if overdue else None)


def _key_metric(data, thresholds, ctx):
    wanted = set(thresholds["metrics"])
    matching = sorted(str(a.get("name")) for a in data["alarms"]
                      if _enabled(a) and "%s:%s" % (a.get("namespace"), a.get("metricName")) in wanted)
    yield Outcome(endpoint_ref(ctx), bool(matching),
                  {"alarms": ", ".join(matching) or "-", "metrics": ", ".join(sorted(wanted))})


def alarm_disabled(data, thresholds, ctx):
    for alarm in data["alarms"]:
        yield Outcome(ref("alarm", alarm), _enabled(alarm),
                      {"state": alarm.get("state"), "metric": "%s/%s" % (alarm.get("namespace"), alarm.get("metricName"))})


def alarm_no_actions(data, thresholds, ctx):
    for alarm in data["alarms"]:
        if not _enabled(alarm):
            continue
        actions = alarm.get("actions") or []
        yield Outcome(ref("alarm", alarm), bool(actions),
                      {"actions": len(actions), "metric": "%s/%s" % (alarm.get("namespace"), alarm.get("metricName"))})


def event_subscription_missing(data, thresholds, ctx):
    active = sorted(str(s.get("name")) for s in data["event_subscriptions"] if _enabled(s) and s.get("actions"))
    yield Outcome(endpoint_ref(ctx), len(active) >= thresholds["min_subscriptions_count"],
                  {"subscriptions": len(active), "names": ", ".join(active) or "-",
                   "min_subscriptions_count": thresholds["min_subscriptions_count"]})


_MISSING_MESSAGE = bilingual("{name} has no enabled alarm on any of: {metrics}.",
                             "{name} 未对以下任一指标配置已启用的报警器：{metrics}。")


def _missing_alarm_check(check_id, what_en, what_zh, metrics, advice_en, advice_zh):
    return Check(
        id=check_id,
        platform="zstack",
        pillar="operations",
        severity="medium",
        resource_type="endpoint",
        requires=("alarms",),
        title=bilingual("No alarm for %s" % what_en, "未配置%s报警" % what_zh),
        message=_MISSING_MESSAGE,
        remediation=bilingual(
            "Create a zwatch alarm (Cloud Watch > Alarms > Create Alarm) on %s, %s, bound to an SNS topic whose "
            "endpoints (email, DingTalk, WeCom, SMS) reach the on-duty team." % (what_en, advice_en),
            "在「云平台监控 > 报警器 > 创建报警器」中为%s创建报警器，%s，并关联能通知到值班人员的消息服务主题"
            "（邮件、钉钉、企业微信、短信）。" % (what_zh, advice_zh)),
        thresholds={"metrics": list(metrics)},
        func=_key_metric,
    )


CHECKS = [
    Check(
        id="zstack_alarm_firing",
        platform="zstack",
        pillar="operations",
        severity="high",
        resource_type="alarm",
        requires=("alarms",),
        title=bilingual("Alarm is firing", "报警器处于报警状态"),
        message=bilingual("Alarm {name} ({metric} {operator} {threshold}, level {emergency_level}) is in status {status}.",
                          "报警器 {name}（{metric} {operator} {threshold}，级别 {emergency_level}）当前状态为 {status}。"),
        remediation=bilingual(
            "Handle the condition behind the alarm (open Cloud Watch > Alarms > the alarm > History to see which "
            "resources breach it), record the incident, and tune the threshold only if it is a known false positive.",
            "处理报警背后的问题（在「云平台监控 > 报警器 > 报警历史」中查看触发的资源），登记事件；仅在确认为误报时调整阈值。"),
        func=alarm_firing,
    ),
    Check(
        id="zstack_alarm_unread_backlog",
        platform="zstack",
        pillar="operations",
        severity="high",
        resource_type="alarm",
        requires=("alarm_histories",),
        title=bilingual("Alarm notifications left unread beyond the response SLA", "报警消息超出响应时限仍未处理"),
        message=bilingual("Alarm {name} has {unread_overdue} unread alarm record(s) on {resources} resource(s), the oldest "
                          "{oldest_minutes} min old (SLA {max_minutes} min).",
                          "报警器 {name} 有 {unread_overdue} 条未读报警记录（涉及 {resources} 个资源），最早的已过去 {oldest_minutes} 分钟"
                          "（响应时限 {max_minutes} 分钟）。"),
        remediation=bilingual(
            "Acknowledge and handle the alarms (Cloud Watch > Alarm Messages, mark as read once handled), and review "
            "the on-duty rota and notification channels: the contract requires a response within 10 minutes.",
            "在「云平台监控 > 报警消息」中确认并处理报警，处理后标记为已读；同时检查值班排班和通知渠道，合同要求 10 分钟内响应。"),
        thresholds={"max_minutes": 10},
        func=alarm_unread_backlog,
    ),
    _missing_alarm_check(
        "zstack_alarm_missing_host_cpu", "host CPU utilisation", "物理机 CPU 使用率",
        ["ZStack/Host:CPUAverageUsedUtilization", "ZStack/Host:CPUAllUsedUtilization", "ZStack/Host:CPUUsedUtilization"],
        "for example CPUAverageUsedUtilization >= 80 % for 5 minutes", "例如 CPUAverageUsedUtilization 持续 5 分钟 ≥ 80%"),
    _missing_alarm_check(
        "zstack_alarm_missing_host_memory", "host memory utilisation", "物理机内存使用率",
        ["ZStack/Host:MemoryUsedInPercent", "ZStack/Host:MemoryUsedCapacityPerHostInPercent",
         "ZStack/Host:MemoryFreeInPercent"],
        "for example MemoryUsedInPercent >= 85 % for 5 minutes", "例如 MemoryUsedInPercent 持续 5 分钟 ≥ 85%"),
    _missing_alarm_check(
        "zstack_alarm_missing_ps_usage", "primary storage usage", "主存储容量使用率",
        ["ZStack/PrimaryStorage:UsedCapacityInPercent", "ZStack/PrimaryStorage:UsedPhysicalCapacityInPercent",
         "ZStack/PrimaryStorage:TotalUsedCapacityInPercent", "ZStack/PrimaryStorage:AvailablePhysicalCapacityInPercent"],
        "for example UsedPhysicalCapacityInPercent >= 65 %", "例如 UsedPhysicalCapacityInPercent ≥ 65%"),
    _missing_alarm_check(
        "zstack_alarm_missing_bs_usage", "backup storage usage", "镜像/备份服务器容量使用率",
        ["ZStack/BackupStorage:UsedCapacityInPercent", "ZStack/BackupStorage:TotalUsedCapacityInPercent"],
        "for example UsedCapacityInPercent >= 80 %", "例如 UsedCapacityInPercent ≥ 80%"),
    Check(
        id="zstack_alarm_disabled",
        platform="zstack",
        pillar="operations",
        severity="low",
        resource_type="alarm",
        requires=("alarms",),
        title=bilingual("Alarm is disabled", "报警器已停用"),
        message=bilingual("Alarm {name} on {metric} is {state}.", "报警器 {name}（{metric}）状态为 {state}。"),
        remediation=bilingual(
            "A disabled alarm silently stops monitoring. Enable it again, or delete it if the metric is covered by "
            "another alarm; note the reason in the change record.",
            "停用的报警器会让监控悄然失效。请重新启用；若该指标已由其他报警器覆盖则删除，并在变更记录中说明原因。"),
        func=alarm_disabled,
    ),
    Check(
        id="zstack_alarm_no_actions",
        platform="zstack",
        pillar="operations",
        severity="medium",
        resource_type="alarm",
        requires=("alarms",),
        title=bilingual("Alarm notifies nobody", "报警器未配置通知对象"),
        message=bilingual("Alarm {name} on {metric} has {actions} notification actions.",
                          "报警器 {name}（{metric}）配置的通知动作数为 {actions}。"),
        remediation=bilingual(
            "Attach an SNS topic to the alarm (Alarm > Actions > Add) with email/DingTalk/WeCom endpoints of the "
            "on-duty team, and send a test message to prove the channel works.",
            "为报警器添加消息服务主题（报警器 > 通知对象 > 添加），关联值班人员的邮件/钉钉/企业微信接收端，并发送测试消息确认通道可用。"),
        func=alarm_no_actions,
    ),
    Check(
        id="zstack_event_subscription_missing",
        platform="zstack",
        pillar="operations",
        severity="medium",
        resource_type="endpoint",
        requires=("event_subscriptions",),
        title=bilingual("No event subscription notifies anyone", "未配置有效的事件订阅"),
        message=bilingual("{name} has {subscriptions} enabled event subscription(s) with actions (minimum "
                          "{min_subscriptions_count}): {names}.",
                          "{name} 已启用且配置了通知动作的事件订阅数为 {subscriptions}（最少 {min_subscriptions_count}）：{names}。"),
        remediation=bilingual(
            "Subscribe to the key platform events (host disconnected, primary/backup storage disconnected, VM HA "
            "triggered, management node down) under Cloud Watch > Event Subscriptions and bind them to the on-duty "
            "SNS topic; metric alarms alone do not cover state changes.",
            "在「云平台监控 > 事件订阅」中订阅关键平台事件（物理机失联、主存储/备份服务器失联、云主机高可用触发、管理节点宕机），"
            "并关联值班消息主题；仅靠指标报警器无法覆盖状态变化类事件。"),
        thresholds={"min_subscriptions_count": 1},
        func=event_subscription_missing,
    ),
]

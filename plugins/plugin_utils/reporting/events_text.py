# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The words of the event list (《事件清单》) and the incident report (《故障报告》), en and zh_CN."""

from __future__ import annotations

TEXT = {
    "title.events": ("Event list", "事件清单"),
    "title.incident": ("Incident report", "故障报告"),
    "period": ("Period", "统计周期"),
    "site": ("Site", "站点"),
    "tier": ("Service tier", "服务规格"),
    "tz": ("Time zone", "时区"),
    "run": ("Run", "运行"),
    "sla": ("Response SLA", "响应 SLA"),
    "events": ("Events", "事件数"),
    "acknowledged": ("Acknowledged", "已响应"),
    "within": ("Acknowledged within target", "按时响应"),
    "share": ("Share within target", "按时响应率"),
    "median_tta": ("Median time to acknowledge", "响应时间中位数"),
    "breaches": ("SLA breaches", "超时事件"),
    "no_breaches": ("No breaches.", "无超时事件。"),
    "no_events": ("No events in the period.", "本周期无事件。"),
    "event_list": ("Events", "事件列表"),
    "by_priority": ("By priority", "按级别"),
    "col.priority": ("Priority", "级别"),
    "col.cloud": ("Cloud", "云平台"),
    "col.rule": ("Rule", "告警规则"),
    "col.resource": ("Resource", "资源"),
    "col.metric": ("Metric", "指标"),
    "col.alert": ("Alert time (UTC)", "告警时间 (UTC)"),
    "col.status": ("Status", "状态"),
    "col.tta": ("Time to acknowledge", "响应用时"),
    "col.ttd": ("Time to detect", "发现用时"),
    "col.ttr": ("Time to recover", "恢复用时"),
    "col.target": ("Target", "目标"),
    "col.ack": ("Acknowledged by", "响应人"),
    "col.ticket": ("Ticket", "工单"),
    "col.resolution": ("Cause / action", "原因 / 处理"),
    "col.id": ("Event id", "事件编号"),
    "st.open": ("open", "未恢复"),
    "st.recovered": ("recovered", "已恢复"),
    "not_acked": ("not acknowledged", "未响应"),
    "store_note": ("Acknowledgements come from the run store.", "响应记录来自运行库。"),
    "store_missing": ("The run store could not be used: acknowledgements are not shown and the events were not merged; "
                      "they are kept for the next run.", "运行库不可用：未显示响应记录，事件将在下次运行时写入。"),
    "endpoints": ("Endpoints", "采集端点"),
    "failed": ("failed", "失败"),
    "incomplete": ("INCOMPLETE", "不完整"),
    "summary": ("Summary", "概述"),
    "impact": ("Impact", "影响"),
    "timeline": ("Timeline", "时间线"),
    "root_cause": ("Root cause", "根本原因"),
    "actions": ("Actions", "处理措施"),
    "follow_ups": ("Follow-ups", "后续改进"),
    "evidence": ("Evidence at opening", "开单时的现场证据"),
    "related": ("Related events", "关联事件"),
    "incident_id": ("Incident", "故障编号"),
    "opened": ("Opened", "开单时间"),
    "closed": ("Closed", "关闭时间"),
    "status": ("Status", "状态"),
    "tl.opened": ("opened", "开单"),
    "tl.acknowledged": ("acknowledged", "响应"),
    "tl.action": ("action", "处理"),
    "tl.recovered": ("recovered", "恢复"),
    "tl.closed": ("closed", "关闭"),
    "tl.note": ("note", "备注"),
    "tl.alert": ("alert", "告警"),
    "none": ("none", "无"),
    "pending": ("to be completed", "待补充"),
    "taken_at": ("Taken at (UTC)", "采集时间 (UTC)"),
    "recent_changes": ("Changes of the last days (run store)", "近期变更（运行库）"),
    "recent_changes_cut": (" — the newest %d of %d", " — 最近 %d 条，共 %d 条"),
    "chg.started": ("Started (UTC)", "开始时间 (UTC)"),
    "chg.change_id": ("Change", "变更单"),
    "chg.host": ("Endpoint", "端点"),
    "chg.action": ("Step", "步骤"),
    "chg.target": ("Target", "对象"),
    "chg.status": ("Status", "状态"),
    "chg.ticket": ("Ticket", "工单"),
    "tl.col.entry": ("Entry", "事项"),
    "tl.col.actor": ("By", "执行人/来源"),
    "tl.col.detail": ("Detail", "详情"),
}


def t(key, lang):
    en, zh = TEXT.get(key, (key, key))
    return zh if lang == "zh_CN" else en


def duration(seconds, lang):
    """1 h 05 min / 1 小时 05 分; None -> '-'."""
    if seconds is None:
        return "-"
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    units = ("d", "h", "min", "s") if lang != "zh_CN" else ("天", "小时", "分", "秒")
    parts = [(days, units[0]), (hours, units[1]), (minutes, units[2])]
    shown = ["%d %s" % (n, u) for n, u in parts if n]
    if not shown or (not days and not hours and secs):
        shown.append("%d %s" % (secs, units[3]))
    return " ".join(shown)

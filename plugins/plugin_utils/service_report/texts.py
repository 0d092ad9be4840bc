# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service report's fixed texts in zh_CN (the customers' default) and en."""

from __future__ import annotations

LANGUAGES = ("zh_CN", "en")
SECTIONS = ("plan", "resources", "problems", "events", "risks", "requirements", "backup", "cost", "sla")

TEXTS = {
    "title": {"zh_CN": "运维服务报告", "en": "Operations service report"},
    "monthly": {"zh_CN": "月报", "en": "monthly"},
    "weekly": {"zh_CN": "周报", "en": "weekly"},
    "range": {"zh_CN": "专项", "en": "period"},
    "summary": {"zh_CN": "执行摘要", "en": "Executive summary"},
    "plan": {"zh_CN": "一、运维服务方案", "en": "1. Service plan"},
    "resources": {"zh_CN": "二、资源运行状态", "en": "2. Resource status"},
    "problems": {"zh_CN": "三、问题清单", "en": "3. Problem register"},
    "events": {"zh_CN": "四、事件清单", "en": "4. Events"},
    "risks": {"zh_CN": "五、风险清单", "en": "5. Risks"},
    "requirements": {"zh_CN": "六、需求清单", "en": "6. Requirements"},
    "backup": {"zh_CN": "七、备份策略", "en": "7. Backup"},
    "cost": {"zh_CN": "八、费用分析", "en": "8. Cost analysis"},
    "sla": {"zh_CN": "九、响应 SLA", "en": "9. Response SLA"},
    "signoff": {"zh_CN": "客户确认", "en": "Customer sign-off"},
    "site": {"zh_CN": "站点", "en": "Site"},
    "customer": {"zh_CN": "客户", "en": "Customer"},
    "period": {"zh_CN": "报告周期", "en": "Period"},
    "tier": {"zh_CN": "服务等级", "en": "Service tier"},
    "generated": {"zh_CN": "生成时间", "en": "Generated"},
    "score": {"zh_CN": "健康评分", "en": "Health score"},
    "open_risks": {"zh_CN": "未关闭风险", "en": "Open risks"},
    "sla_met": {"zh_CN": "SLA 达成", "en": "SLA met"},
    "yes": {"zh_CN": "是", "en": "yes"},
    "no": {"zh_CN": "否", "en": "no"},
    "unknown": {"zh_CN": "无法评估", "en": "not measurable"},
    "changes": {"zh_CN": "本期变更", "en": "Changes this period"},
    "cost_total": {"zh_CN": "本期费用", "en": "Spending"},
    "top_risks": {"zh_CN": "主要风险", "en": "Top risks"},
    "missing": {"zh_CN": "缺少数据的章节", "en": "Sections without data"},
    "contacts": {"zh_CN": "联系人", "en": "Contacts"},
    "scope": {"zh_CN": "服务范围", "en": "Scope"},
    "schedule": {"zh_CN": "服务计划", "en": "Schedule"},
    "escalation": {"zh_CN": "升级路径", "en": "Escalation"},
    "score_by_day": {"zh_CN": "每日健康评分", "en": "Health score per day"},
    "capacity": {"zh_CN": "资源池容量使用率", "en": "Capacity by pool"},
    "findings_by_day": {"zh_CN": "风险新增 / 关闭（每日）", "en": "Findings opened / closed per day"},
    "opened": {"zh_CN": "新增", "en": "opened"},
    "closed": {"zh_CN": "关闭", "en": "closed"},
    "counts": {"zh_CN": "资源数量", "en": "Resource counts"},
    "availability": {"zh_CN": "端点可用性（巡检可达率）", "en": "Endpoint availability (inspections reached)"},
    "endpoint": {"zh_CN": "端点", "en": "Endpoint"},
    "runs": {"zh_CN": "巡检次数", "en": "Runs"},
    "by_pillar": {"zh_CN": "按维度与级别", "en": "By pillar and severity"},
    "new_in_period": {"zh_CN": "本期新增", "en": "New in period"},
    "resolved_in_period": {"zh_CN": "本期解决", "en": "Resolved in period"},
    "oldest": {"zh_CN": "最久未关闭风险", "en": "Oldest open risks"},
    "first_seen": {"zh_CN": "首次发现", "en": "First seen"},
    "mutes": {"zh_CN": "已接受（静默）的风险", "en": "Accepted (muted) risks"},
    "reason": {"zh_CN": "原因", "en": "Reason"},
    "expires": {"zh_CN": "到期", "en": "Expires"},
    "hours_to_resolve": {"zh_CN": "解决用时（小时）", "en": "Hours to resolve"},
    "policy": {"zh_CN": "备份策略要求", "en": "Required protection"},
    "coverage": {"zh_CN": "备份覆盖率", "en": "Coverage"},
    "rpo_breaches": {"zh_CN": "RPO 超标", "en": "RPO breaches"},
    "restore_tests": {"zh_CN": "恢复演练", "en": "Restore tests"},
    "method": {"zh_CN": "计费方式", "en": "Method"},
    "billing_api": {"zh_CN": "ZStack 计费 API", "en": "ZStack billing API"},
    "price_table": {"zh_CN": "合同单价 × 巡检库存", "en": "Price table x inventory snapshots"},
    "none": {"zh_CN": "无数据", "en": "no data"},
    "previous": {"zh_CN": "上期", "en": "Previous period"},
    "change": {"zh_CN": "环比", "en": "Change"},
    "idle": {"zh_CN": "闲置 / 过配资源（可节省）", "en": "Idle or oversized resources (saving)"},
    "saving": {"zh_CN": "可节省", "en": "Saving"},
    "missing_prices": {"zh_CN": "单价表缺少的资源类型", "en": "Resource kinds without a price"},
    "target": {"zh_CN": "目标", "en": "Target"},
    "achieved": {"zh_CN": "达成", "en": "Achieved"},
    "breaches": {"zh_CN": "超时事件", "en": "Breaches"},
    "minutes": {"zh_CN": "分钟", "en": "min"},
    "confirmed_by": {"zh_CN": "确认人", "en": "Confirmed by"},
    "confirmed_at": {"zh_CN": "确认时间", "en": "Confirmed at"},
    "version": {"zh_CN": "版本", "en": "Version"},
    "pending": {"zh_CN": "待确认", "en": "pending"},
    "confirmed": {"zh_CN": "已确认", "en": "confirmed"},
    "acceptance": {"zh_CN": "验收报告", "en": "Acceptance report"},
    "signature": {"zh_CN": "客户签字 / 日期", "en": "Customer signature / date"},
    "provider_signature": {"zh_CN": "服务方签字 / 日期", "en": "Provider signature / date"},
    "no_runs": {"zh_CN": "本期无数据", "en": "No data in this period"},
    "no_source": {"zh_CN": "无数据来源", "en": "No data source"},
    "total": {"zh_CN": "合计", "en": "Total"},
    "open": {"zh_CN": "未关闭", "en": "open"},
    "late": {"zh_CN": "超时确认", "en": "acknowledged late"},
    "not_acknowledged": {"zh_CN": "未确认", "en": "not acknowledged"},
    "by": {"zh_CN": "确认人", "en": "by"},
    "state": {"zh_CN": "状态", "en": "Status"},
    "not_delivered": {"zh_CN": "未交付", "en": "not delivered"},
    "tier_clock": {"zh_CN": "仅计服务时间", "en": "counted in service hours"},
}

# The notes a section carries when its source is missing, in Chinese (the builder writes them in English).
NOTES_ZH = {
    "no inspection run of this site in the period: no health score, counts or capacity": "本期没有该站点的巡检记录：无健康评分、资源数量和容量数据",
    "no inspection run of this site in the period: open risks unknown": "本期没有该站点的巡检记录：无法列出未关闭风险",
    "no problem register for this site (sites/<site>/problems.yml, .csv or .xlsx)": "该站点没有问题清单（sites/<site>/problems.yml、.csv 或 .xlsx）",
    "no requirements register for this site (sites/<site>/requirements.yml, .csv or .xlsx)": "该站点没有需求清单（sites/<site>/requirements.yml、.csv 或 .xlsx）",
    "this run store has no events source (events and acknowledgements, schema 0004)": "运行库中没有事件数据来源（事件与确认，schema 0004）",
    "no alarm event was recorded for this site in the period": "本期该站点没有记录到告警事件",
    "no events source in this run store: the response SLA cannot be measured": "运行库中没有事件数据来源：无法统计响应 SLA",
    "no event in the period: nothing to respond to": "本期无事件，无需响应",
    "no problem of the register was open in the period": "问题清单中本期没有未关闭或新提出的问题",
    "no backup validation or restore test run of this site in the period": "本期没有该站点的备份校验或恢复演练记录",
    "no inspection run (inventory snapshots) and no billing collection in the period": "本期既无巡检库存快照，也无计费数据采集",
}


def t(key, language):
    entry = TEXTS.get(key)
    if entry is None:
        return key
    return entry.get(language) or entry["en"]


def note(text, language):
    if not text:
        return text
    return NOTES_ZH.get(text, text) if language == "zh_CN" else text


def pick(value, language):
    """A bilingual {en, zh_CN} value in `language`, anything else as it is."""
    if isinstance(value, dict) and ("en" in value or "zh_CN" in value):
        return value.get(language) or value.get("en") or ""
    return value


# Table column headings (English is the key).
COLUMNS_ZH = {
    "RPO (h)": "RPO（小时）", "RTO (s)": "RTO（秒）", "ack": "确认", "alert": "告警时间", "amount": "金额", "basis": "计算依据",
    "category": "类别", "check": "检查项", "count": "数量", "day": "日期", "done": "完成", "email": "邮箱", "event": "事件",
    "group": "资源组", "handling": "处理", "id": "编号", "match": "匹配", "name": "姓名", "ok": "成功", "opened": "提出时间",
    "operator": "操作人", "phone": "电话", "pillar": "维度", "planned": "计划日期", "platform": "平台", "playbook": "剧本",
    "price": "单价", "priority": "优先级", "quantity": "用量", "resolution": "解决方案", "resource": "资源",
    "resource kind": "资源类型", "role": "角色", "rule": "告警规则", "run": "运行", "score": "评分", "severity": "级别",
    "status": "状态", "title": "标题", "type": "类型", "days": "超标天数", "avg": "平均", "max": "最长",
}


def column(name, language):
    return COLUMNS_ZH.get(name, name) if language == "zh_CN" else name[:1].upper() + name[1:]

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every UI string of the reports, in en and zh_CN.

Data texts (check titles, messages, remediation) come bilingual in the findings themselves;
this module only holds the report's own chrome.  `tr(key, lang)` never raises: an unknown key
is returned as is, so a missing translation shows up as a visible key rather than a crash.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"

STRINGS = {
    # titles
    "title.inspection": {"en": "Inspection report", "zh_CN": "巡检报告"},
    "title.backup": {"en": "Backup validation report", "zh_CN": "备份验证报告"},
    "title.change": {"en": "Change report", "zh_CN": "变更报告"},
    "title.generic": {"en": "Report", "zh_CN": "报告"},
    "title.index": {"en": "Report history", "zh_CN": "历史报告"},
    # sections
    "sec.summary": {"en": "Executive summary", "zh_CN": "总体结论"},
    "sec.pillars": {"en": "Scores by pillar", "zh_CN": "各维度得分"},
    "sec.severity": {"en": "Open findings by severity", "zh_CN": "未通过项（按严重程度）"},
    "sec.top_risks": {"en": "Top risks and actions", "zh_CN": "重点风险与处置建议"},
    "sec.delta": {"en": "Changes since the previous run", "zh_CN": "与上次巡检相比"},
    "sec.new": {"en": "New findings", "zh_CN": "新增问题"},
    "sec.resolved": {"en": "Resolved findings", "zh_CN": "已解决问题"},
    "sec.persisting": {"en": "Persisting findings", "zh_CN": "持续存在的问题"},
    "sec.unverified": {"en": "Not re-checked this run", "zh_CN": "本次未能复核"},
    "sec.by_pillar": {"en": "Results by pillar and check", "zh_CN": "分维度检查结果"},
    "sec.capacity": {"en": "Capacity", "zh_CN": "容量使用情况"},
    "sec.endpoints": {"en": "Endpoints", "zh_CN": "巡检对象状态"},
    "sec.findings": {"en": "All findings", "zh_CN": "全部检查明细"},
    "sec.run": {"en": "Run information", "zh_CN": "运行信息"},
    "sec.coverage": {"en": "Coverage gaps", "zh_CN": "检查覆盖缺口"},
    # capacity charts
    "cap.host_cpu": {"en": "Host CPU allocation", "zh_CN": "物理机 CPU 分配率"},
    "cap.host_mem": {"en": "Host memory allocation", "zh_CN": "物理机内存分配率"},
    "cap.primary_storage": {"en": "Primary storage usage", "zh_CN": "主存储使用率"},
    "cap.backup_storage": {"en": "Backup storage usage", "zh_CN": "镜像/备份存储使用率"},
    "cap.l3": {"en": "L3 network IP usage", "zh_CN": "三层网络 IP 使用率"},
    "cap.threshold": {"en": "threshold", "zh_CN": "阈值"},
    "cap.none": {"en": "No capacity data.", "zh_CN": "无容量数据。"},
    "cap.more": {"en": "{n} more not shown (highest usage first).", "zh_CN": "另有 {n} 项未显示（按使用率从高到低）。"},
    # columns
    "col.status": {"en": "Status", "zh_CN": "状态"},
    "col.severity": {"en": "Severity", "zh_CN": "严重程度"},
    "col.pillar": {"en": "Pillar", "zh_CN": "维度"},
    "col.endpoint": {"en": "Endpoint", "zh_CN": "巡检对象"},
    "col.platform": {"en": "Platform", "zh_CN": "平台"},
    "col.url": {"en": "URL", "zh_CN": "地址"},
    "col.check": {"en": "Check", "zh_CN": "检查项"},
    "col.check_id": {"en": "Check ID", "zh_CN": "检查项 ID"},
    "col.resource": {"en": "Resource", "zh_CN": "资源"},
    "col.resource_type": {"en": "Type", "zh_CN": "类型"},
    "col.message": {"en": "Detail", "zh_CN": "详情"},
    "col.remediation": {"en": "Remediation", "zh_CN": "处置建议"},
    "col.evidence": {"en": "Evidence", "zh_CN": "依据"},
    "col.score": {"en": "Score", "zh_CN": "得分"},
    "col.band": {"en": "Rating", "zh_CN": "评级"},
    "col.delta": {"en": "Change", "zh_CN": "变化"},
    "col.pass": {"en": "Pass", "zh_CN": "通过"},
    "col.fail": {"en": "Fail", "zh_CN": "未通过"},
    "col.error": {"en": "Error", "zh_CN": "出错"},
    "col.muted": {"en": "Muted", "zh_CN": "已豁免"},
    "col.total": {"en": "Total", "zh_CN": "合计"},
    "col.error_msg": {"en": "Error", "zh_CN": "错误信息"},
    "col.api_calls": {"en": "API calls", "zh_CN": "API 调用数"},
    "col.seconds": {"en": "Seconds", "zh_CN": "耗时（秒）"},
    "col.inventory": {"en": "Inventory", "zh_CN": "资源数量"},
    "col.name": {"en": "Name", "zh_CN": "名称"},
    "col.usage": {"en": "Usage", "zh_CN": "使用率"},
    "col.run": {"en": "Run", "zh_CN": "运行"},
    "col.started": {"en": "Started", "zh_CN": "开始时间"},
    "col.complete": {"en": "Complete", "zh_CN": "完整"},
    "col.first_seen": {"en": "First seen", "zh_CN": "首次发现"},
    "col.now": {"en": "Now", "zh_CN": "当前"},
    "col.warnings": {"en": "Warnings", "zh_CN": "告警"},
    # run metadata
    "run.id": {"en": "Run ID", "zh_CN": "运行编号"},
    "run.started": {"en": "Started", "zh_CN": "开始时间"},
    "run.ended": {"en": "Ended", "zh_CN": "结束时间"},
    "run.playbook": {"en": "Playbook", "zh_CN": "Playbook"},
    "run.operator": {"en": "Operator", "zh_CN": "执行人"},
    "run.ansible": {"en": "ansible-core", "zh_CN": "ansible-core"},
    "run.collection": {"en": "Collection", "zh_CN": "Collection 版本"},
    "run.previous": {"en": "Previous run", "zh_CN": "上次运行"},
    "run.incomplete": {"en": "Incomplete run: the results below do not cover everything that was planned.",
                       "zh_CN": "本次运行不完整：以下结果未覆盖全部计划巡检范围。"},
    "run.complete": {"en": "Complete run", "zh_CN": "运行完整"},
    # score
    "score.overall": {"en": "Overall health score", "zh_CN": "总体健康分"},
    "score.by_platform": {"en": "Score by platform", "zh_CN": "各平台得分"},
    "platform.zstack": {"en": "ZStack", "zh_CN": "ZStack"},
    "platform.apsara": {"en": "Apsara Stack", "zh_CN": "阿里云专有云（Apsara Stack）"},
    "platform.unknown": {"en": "Other", "zh_CN": "其他"},
    "score.na": {"en": "n/a", "zh_CN": "无数据"},
    "score.capped": {"en": "capped: open critical finding", "zh_CN": "存在未处理的紧急问题，得分封顶"},
    "score.vs_prev": {"en": "vs previous run", "zh_CN": "较上次"},
    "score.first_run": {"en": "first run, no comparison", "zh_CN": "首次运行，无对比"},
    "score.method": {"en": "Weighted pass rate by severity; see docs/scoring.md.",
                     "zh_CN": "按严重程度加权的通过率，详见 docs/scoring.md。"},
    "band.excellent": {"en": "Excellent", "zh_CN": "优秀"},
    "band.good": {"en": "Good", "zh_CN": "良好"},
    "band.fair": {"en": "Fair", "zh_CN": "一般"},
    "band.critical": {"en": "Critical", "zh_CN": "高风险"},
    "band.none": {"en": "Not assessed", "zh_CN": "未评估"},
    # pillars
    "pillar.capacity": {"en": "Capacity", "zh_CN": "容量"},
    "pillar.availability": {"en": "Availability", "zh_CN": "可用性"},
    "pillar.security": {"en": "Security", "zh_CN": "安全"},
    "pillar.backup": {"en": "Backup", "zh_CN": "备份"},
    "pillar.operations": {"en": "Operations", "zh_CN": "运维"},
    "pillar.cost": {"en": "Cost", "zh_CN": "成本"},
    # severities
    "sev.critical": {"en": "Critical", "zh_CN": "紧急"},
    "sev.high": {"en": "High", "zh_CN": "高危"},
    "sev.medium": {"en": "Medium", "zh_CN": "中危"},
    "sev.low": {"en": "Low", "zh_CN": "低危"},
    "sev.info": {"en": "Info", "zh_CN": "提示"},
    # statuses
    "status.PASS": {"en": "Pass", "zh_CN": "通过"},
    "status.FAIL": {"en": "Fail", "zh_CN": "未通过"},
    "status.ERROR": {"en": "Error", "zh_CN": "检查出错"},
    "status.MUTED": {"en": "Muted", "zh_CN": "已豁免"},
    "ep.ok": {"en": "OK", "zh_CN": "正常"},
    "ep.failed": {"en": "FAILED", "zh_CN": "失败"},
    "delta.new": {"en": "New", "zh_CN": "新增"},
    "delta.persisting": {"en": "Persisting", "zh_CN": "持续"},
    "delta.resolved": {"en": "Resolved", "zh_CN": "已解决"},
    "delta.absent": {"en": "no longer reported", "zh_CN": "不再出现"},
    # messages
    "msg.no_findings": {"en": "Nothing to show.", "zh_CN": "无。"},
    "msg.no_open": {"en": "No open findings.", "zh_CN": "没有未通过的检查项。"},
    "msg.more": {"en": "... and {n} more (see the full findings table).", "zh_CN": "……另有 {n} 项（见全部检查明细）。"},
    "msg.first_run": {"en": "No previous run of this kind was found; every open finding counts as new.",
                      "zh_CN": "未找到同类型的上次运行记录，所有未通过项均视为新增。"},
    "msg.noscript": {"en": "The interactive table needs JavaScript; report.json and report.md hold the same data.",
                     "zh_CN": "交互式表格需要启用 JavaScript；report.json 与 report.md 中包含相同数据。"},
    "msg.generated": {"en": "Generated by cloudops.privatecloud", "zh_CN": "由 cloudops.privatecloud 生成"},
    "msg.endpoint_failed": {"en": "{n} endpoint(s) could not be inspected.", "zh_CN": "{n} 个巡检对象未能完成巡检。"},
    "msg.errors_gap": {"en": "{n} finding(s) could not be evaluated (ERROR) and are excluded from the score.",
                       "zh_CN": "{n} 项检查无法完成（出错），未计入得分。"},
    "msg.summary_line": {"en": "{endpoints} endpoint(s), {checks} check(s), {fail} open finding(s), {critical} critical.",
                         "zh_CN": "共 {endpoints} 个巡检对象、{checks} 个检查项，{fail} 项未通过，其中紧急 {critical} 项。"},
    # filters (HTML)
    "flt.all": {"en": "All", "zh_CN": "全部"},
    "flt.search": {"en": "Search resource, check, message ...", "zh_CN": "搜索资源、检查项、详情……"},
    "flt.delta": {"en": "Change", "zh_CN": "变化"},
    "flt.shown": {"en": "{shown} of {total} findings", "zh_CN": "共 {total} 项，筛选出 {shown} 项"},
    "flt.page": {"en": "Page {page} of {pages}", "zh_CN": "第 {page} / {pages} 页"},
    "flt.prev": {"en": "Previous", "zh_CN": "上一页"},
    "flt.next": {"en": "Next", "zh_CN": "下一页"},
    "flt.reset": {"en": "Reset", "zh_CN": "重置"},
    "flt.page_size": {"en": "Per page", "zh_CN": "每页"},
}

SEVERITY_KEYS = ("critical", "high", "medium", "low", "info")
PILLAR_KEYS = ("capacity", "availability", "security", "backup", "operations", "cost")
STATUS_KEYS = ("FAIL", "ERROR", "MUTED", "PASS")


def check_language(lang):
    """Validate a language code, returning it; raise ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError("unknown report language %r, expected one of %s" % (lang, ", ".join(LANGUAGES)))
    return lang


def tr(key, lang, **fmt):
    """The UI string `key` in `lang` (falls back to en, then to the key itself)."""
    entry = STRINGS.get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(lang) or entry.get("en") or key
    if fmt:
        text = text.format(**fmt)
    return text


def pick(value, lang):
    """Pick `lang` from a bilingual {en, zh_CN} data text; plain strings pass through."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or value.get("zh_CN") or ""
    if value is None:
        return ""
    return str(value)


def title_for(kind, lang):
    """Report title for a report kind."""
    key = "title." + kind
    return tr(key if key in STRINGS else "title.generic", lang)


def table(lang):
    """All strings in one language (for templates and the HTML's client-side code)."""
    return dict((k, tr(k, lang)) for k in STRINGS)

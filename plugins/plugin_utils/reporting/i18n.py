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
    "title.backup": {"en": "Backup report", "zh_CN": "备份报告"},
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
    # backup report
    "bk.score": {"en": "Backup score", "zh_CN": "备份健康分"},
    "bk.coverage": {"en": "Coverage", "zh_CN": "备份覆盖率"},
    "bk.coverage_sub": {"en": "{protected} of {required} required resources protected",
                        "zh_CN": "应保护资源 {required} 个，已保护 {protected} 个"},
    "bk.failed_jobs": {"en": "Failed jobs", "zh_CN": "失败的备份任务"},
    "bk.stale_jobs": {"en": "{n} stopped running", "zh_CN": "{n} 个已停止运行"},
    "bk.rpo_breaches": {"en": "RPO breaches", "zh_CN": "超出 RPO"},
    "bk.restore": {"en": "Restore tests", "zh_CN": "恢复演练"},
    "bk.restore_sub": {"en": "{passed} passed, {failed} failed", "zh_CN": "通过 {passed} 个，失败 {failed} 个"},
    "bk.planned": {"en": "{n} planned (check mode)", "zh_CN": "计划 {n} 个（检查模式）"},
    "bk.rto": {"en": "Measured RTO", "zh_CN": "实测 RTO"},
    "bk.rto_sub": {"en": "min {min} / avg {avg} / max {max}", "zh_CN": "最短 {min} / 平均 {avg} / 最长 {max}"},
    "bk.leftovers": {"en": "Leftovers", "zh_CN": "残留临时资源"},
    "bk.leftovers_sub": {"en": "{found} found, {cleaned} cleaned", "zh_CN": "发现 {found} 个，已清理 {cleaned} 个"},
    "bk.none": {"en": "none", "zh_CN": "无"},
    "bk.never": {"en": "never", "zh_CN": "从未"},
    "bk.not_cleaned": {"en": "{n} scratch resource(s) of this run could not be deleted.",
                       "zh_CN": "本次有 {n} 个临时恢复资源未能删除。"},
    "sec.bk_coverage": {"en": "Coverage by endpoint", "zh_CN": "各对象备份覆盖率"},
    "sec.bk_policies": {"en": "Backup policies", "zh_CN": "备份策略"},
    "sec.bk_protection": {"en": "Protection per resource", "zh_CN": "资源保护情况"},
    "sec.bk_rpo_chart": {"en": "Age of the newest good backup vs RPO", "zh_CN": "最新有效备份时长与 RPO 对比"},
    "sec.bk_jobs": {"en": "Failed backup jobs", "zh_CN": "失败的备份任务"},
    "sec.bk_restore": {"en": "Restore tests", "zh_CN": "恢复演练"},
    "sec.bk_leftovers": {"en": "Leftover scratch resources", "zh_CN": "残留的临时恢复资源"},
    "sec.bk_findings": {"en": "Findings and remediation", "zh_CN": "问题与处置建议"},
    "col.kind": {"en": "Kind", "zh_CN": "类型"},
    "col.schedule": {"en": "Schedule", "zh_CN": "执行计划"},
    "col.retention": {"en": "Retention", "zh_CN": "保留策略"},
    "col.targets": {"en": "Targets", "zh_CN": "保护对象数"},
    "col.state": {"en": "State", "zh_CN": "状态"},
    "col.last_run": {"en": "Last run", "zh_CN": "最近执行"},
    "col.last_result": {"en": "Last result", "zh_CN": "最近结果"},
    "col.rule": {"en": "Rule", "zh_CN": "保护规则"},
    "col.policies": {"en": "Policies", "zh_CN": "备份策略"},
    "col.last_success": {"en": "Last success", "zh_CN": "最近成功备份"},
    "col.age_rpo": {"en": "Age / RPO (h)", "zh_CN": "时长 / RPO（小时）"},
    "col.retained": {"en": "Kept / required (days)", "zh_CN": "保留数 / 要求天数"},
    "col.job": {"en": "Job", "zh_CN": "任务"},
    "col.policy": {"en": "Policy", "zh_CN": "策略"},
    "col.target": {"en": "Target", "zh_CN": "备份对象"},
    "col.stale": {"en": "Stopped running", "zh_CN": "已停止运行"},
    "col.consecutive": {"en": "Consecutive failures", "zh_CN": "连续失败次数"},
    "col.source": {"en": "Source", "zh_CN": "源资源"},
    "col.backup_used": {"en": "Backup used", "zh_CN": "所用备份"},
    "col.scratch": {"en": "Scratch resource", "zh_CN": "临时恢复资源"},
    "col.checks": {"en": "State / size / content", "zh_CN": "状态 / 大小 / 内容校验"},
    "col.rto": {"en": "RTO (s)", "zh_CN": "RTO（秒）"},
    "col.cleaned": {"en": "Cleaned up", "zh_CN": "已清理"},
    "col.original": {"en": "Original unchanged", "zh_CN": "源资源未变"},
    "col.created": {"en": "Created", "zh_CN": "创建时间"},
    "col.required": {"en": "Required", "zh_CN": "应保护"},
    "col.protected": {"en": "Protected", "zh_CN": "已保护"},
    "col.coverage": {"en": "Coverage", "zh_CN": "覆盖率"},
    "yes": {"en": "yes", "zh_CN": "是"},
    "no": {"en": "no", "zh_CN": "否"},
    "skipped": {"en": "skipped", "zh_CN": "未检查"},
    "prot.unprotected": {"en": "Unprotected", "zh_CN": "未保护"},
    "prot.stale": {"en": "Stale", "zh_CN": "备份过旧"},
    "prot.failing": {"en": "Failing", "zh_CN": "备份失败"},
    "prot.ok": {"en": "OK", "zh_CN": "正常"},
    "prot.not_required": {"en": "Not required", "zh_CN": "无需保护"},
    "rt.passed": {"en": "Passed", "zh_CN": "通过"},
    "rt.failed": {"en": "Failed", "zh_CN": "失败"},
    "rt.error": {"en": "Error", "zh_CN": "出错"},
    "rt.planned": {"en": "Planned", "zh_CN": "计划中"},
    "res.success": {"en": "success", "zh_CN": "成功"},
    "res.failed": {"en": "failed", "zh_CN": "失败"},
    "bk.chart_target": {"en": "RPO target", "zh_CN": "RPO 目标"},
    "bk.chart_more": {"en": "{n} more not shown (oldest relative to RPO first).", "zh_CN": "另有 {n} 项未显示（按超出 RPO 比例从高到低）。"},
    "bk.no_rows": {"en": "None.", "zh_CN": "无。"},
    "bk.no_failed_jobs": {"en": "No failed backup jobs.", "zh_CN": "没有失败的备份任务。"},
    "bk.no_restore": {"en": "No restore test ran in this run.", "zh_CN": "本次未执行恢复演练。"},
    "bk.no_leftovers": {"en": "No leftover scratch resources.", "zh_CN": "没有残留的临时恢复资源。"},
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

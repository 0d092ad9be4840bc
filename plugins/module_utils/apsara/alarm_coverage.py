# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara (CloudMonitor) alarm coverage: audit against the site baseline, remediation as change steps, their undo.

Audit (alarms-events-api.md 3.1-3.2): every instance of a baseline kind needs an enabled rule on the metric with an
escalation at least as strict whose Resources cover it (`_ALL` or its instanceId); every enabled rule needs a working
path (a Webhook, or a contact group that exists and has a contact with a channel); a disabled rule is listed.
Remediation touches only the rule the baseline names (RuleId = RuleName = `name`; CMS lets the client choose the
id, a new id is a new rule): PutResourceMetricRule creates it (journaled, undone by DeleteMetricRules) or puts it
back to the baseline (journaled with what it was, undone by putting that back).  Any other rule is never changed.
"""

from __future__ import annotations

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import Step, Validation, target
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE, UndoTable
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import coverage
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import check_result

PLATFORM = "apsara"
RULE_TYPE = "cms_metric_rule"
RULE_SETTINGS_TYPE = "cms_metric_rule_settings"
LEVELS = {"critical": "Critical", "warn": "Warn", "info": "Info"}
KIND_READS = {"instance": ("ecs", "DescribeInstances", "InstanceId", "InstanceName"),
              "rds": ("rds", "DescribeDBInstances", "DBInstanceId", "DBInstanceDescription"),
              "slb": ("slb", "DescribeLoadBalancers", "LoadBalancerId", "LoadBalancerName")}


def read_state(client):
    contacts = dict((c["Name"], c) for c in client.call_all_pages("cms", "DescribeContactList", list_path="Contacts.Contact"))
    groups = dict((g["Name"], g) for g in client.call_all_pages("cms", "DescribeContactGroupList",
                                                                list_path="ContactGroupList.ContactGroup"))
    return {"rules": client.call_all_pages("cms", "DescribeMetricRuleList", list_path="Alarms.Alarm"),
            "groups": groups, "contacts": contacts}


def _members(group):
    members = (group.get("Contacts") or {}).get("Contact") if isinstance(group.get("Contacts"), dict) else group.get("Contacts")
    return members if isinstance(members, list) else [members] if members else []


def group_path(state, name):
    """None when the contact group reaches someone, else why not."""
    group = state["groups"].get(name)
    if group is None:
        return "contact group %s does not exist" % name
    reachable = [m for m in _members(group) if any((state["contacts"].get(m) or {}).get("Channels", {}).get(ch)
                                                   for ch in ("Mail", "SMS", "DingWebHook", "AliIM"))]
    if not reachable:
        return "contact group %s has no contact with a channel" % name
    return None


def rule_path(state, rule):
    if str(rule.get("Webhook") or "").strip():
        return None
    groups = [g.strip() for g in str(rule.get("ContactGroups") or "").split(",") if g.strip()]
    if not groups:
        return "no contact group and no webhook: the rule alerts nobody"
    reasons = [group_path(state, g) for g in groups]
    return None if any(r is None for r in reasons) else "; ".join(reasons)


def _enabled(rule):
    return str(rule.get("EnableState")).lower() == "true"


def _resources(rule):
    try:
        items = json.loads(rule.get("Resources") or "[]")
    except ValueError:
        items = []
    return items if isinstance(items, list) else []


def covers(rule, instance_id):
    items = _resources(rule)
    if any(isinstance(i, dict) and i.get("resource") == "_ALL" for i in items):
        return True
    return any(isinstance(i, dict) and i.get("instanceId") == instance_id for i in items)


def strict(rule, entry):
    for level in ("Critical", "Warn", "Info"):
        esc = (rule.get("Escalations") or {}).get(level) or {}
        try:
            threshold = float(esc.get("Threshold"))
        except (TypeError, ValueError):
            continue
        if coverage.strict_enough(entry["comparison"], entry["threshold"], esc.get("ComparisonOperator"), threshold):
            return True
    return False


def resources(client, kind):
    product, action, id_field, name_field = KIND_READS[kind]
    return [{"id": r.get(id_field), "name": r.get(name_field)} for r in client.call_all_pages(product, action)]


def audit(client, baseline, state=None):
    state = state or read_state(client)
    findings, checked = [], 0
    for entry in baseline:
        rules = [r for r in state["rules"] if r.get("Namespace") == entry["namespace"] and r.get("MetricName") == entry["metric"]
                 and _enabled(r) and strict(r, entry)]
        for res in resources(client, entry["kind"]):
            checked += 1
            if not any(covers(r, res["id"]) for r in rules):
                findings.append(coverage.finding("uncovered", "%s/%s" % (entry["namespace"], entry["metric"]), entry["name"],
                                                 {"kind": entry["kind"], "uuid": res["id"], "name": res["name"]}))
    for rule in sorted(state["rules"], key=lambda r: str(r.get("RuleName"))):
        ref = {"uuid": rule.get("RuleId"), "name": rule.get("RuleName")}
        metric = "%s/%s" % (rule.get("Namespace"), rule.get("MetricName"))
        if not _enabled(rule):
            findings.append(coverage.finding("disabled", metric, ref))
            continue
        reason = rule_path(state, rule)
        if reason:
            findings.append(coverage.finding("no_notification", metric, ref, detail=reason))
    counts = {}
    for f in findings:
        counts[f["finding"]] = counts.get(f["finding"], 0) + 1
    return {"findings": findings, "summary": dict(counts, resources_checked=checked, rules=len(state["rules"]))}


# -- remediation ----------------------------------------------------------------------------------------------------
def settings(rule):
    return {"RuleName": rule.get("RuleName"), "Namespace": rule.get("Namespace"), "MetricName": rule.get("MetricName"),
            "Period": str(rule.get("Period")), "ContactGroups": rule.get("ContactGroups") or "",
            "Resources": rule.get("Resources"), "Escalations": rule.get("Escalations") or {},
            "EnableState": _enabled(rule)}


def wanted(entry, old=None):
    level = LEVELS[entry["level"]]
    esc = {level: {"ComparisonOperator": entry["comparison"], "Statistics": "Average", "Threshold": str(entry["threshold"]),
                   "Times": 3}}
    return {"RuleName": entry["name"], "Namespace": entry["namespace"], "MetricName": entry["metric"],
            "Period": str(entry["period"]), "ContactGroups": entry["notify"],
            "Resources": (old or {}).get("Resources") or json.dumps([{"resource": "_ALL"}], separators=(",", ":")),
            "Escalations": esc, "EnableState": True}


def put_params(rule_id, s):
    params = {"RuleId": rule_id, "RuleName": s["RuleName"], "Namespace": s["Namespace"], "MetricName": s["MetricName"],
              "Resources": s["Resources"], "Period": s["Period"], "ContactGroups": s["ContactGroups"]}
    for level, esc in sorted((s.get("Escalations") or {}).items()):
        if not esc or not esc.get("ComparisonOperator"):
            continue
        for key in ("ComparisonOperator", "Statistics", "Threshold", "Times"):
            params["Escalations.%s.%s" % (level, key)] = str(esc.get(key))
    return params


def _matches(rule, want):
    have = settings(rule)
    level = next(iter(want["Escalations"]))
    esc = (have["Escalations"] or {}).get(level) or {}
    return (have["ContactGroups"] == want["ContactGroups"] and have["EnableState"] and have["Period"] == want["Period"]
            and esc.get("ComparisonOperator") == want["Escalations"][level]["ComparisonOperator"]
            and _num(esc.get("Threshold")) == _num(want["Escalations"][level]["Threshold"]))


def _num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def plan(client, baseline, run):
    state = read_state(client)
    found = audit(client, baseline, state)
    uncovered = set(f["rule"] for f in found["findings"] if f["finding"] == "uncovered")
    by_id = dict((r.get("RuleId"), r) for r in state["rules"])
    check = Validation()
    steps = []
    for entry in baseline:
        if not entry["manage"]:
            continue
        reason = group_path(state, entry["notify"])
        check.expect("notify_path", ["%s: %s" % (entry["name"], reason) if reason else None],
                     "%s notifies %s" % (entry["name"], entry["notify"]), "Notification path works", "通知路径可用")
        if reason:
            continue
        rule = by_id.get(entry["name"])
        if rule is None and entry["name"] in uncovered:
            steps.append(_create_step(entry))
        elif rule is not None:
            steps.append(_fix_step(entry, rule))
    check.raise_if_failed()
    del run
    return steps


def _verify(run, entry):
    found = [r for r in run.client.call_all_pages("cms", "DescribeMetricRuleList", {"RuleIds": entry["name"]},
                                                  list_path="Alarms.Alarm") if r.get("RuleId") == entry["name"]]
    ok = len(found) == 1 and _matches(found[0], wanted(entry))
    return [check_result("rule_matches_baseline", ok, "%s %s the baseline" % (entry["name"], "matches" if ok else "does not match"),
                         "Rule matches the baseline", "报警规则符合基线")]


def _create_step(entry):
    want = wanted(entry)

    def apply(run, rec):
        run.intend(rec, RULE_TYPE, name=entry["name"], rid=entry["name"])
        run.client.call("cms", "PutResourceMetricRule", put_params(entry["name"], want))
        run.created(rec, RULE_TYPE, entry["name"], name=entry["name"])
        return dict(want, id=entry["name"])

    return Step("create_rule", target("rule", entry["name"]), before=None, after=want, apply=apply,
                verify=lambda run: _verify(run, entry))


def _fix_step(entry, rule):
    before = settings(rule)
    want = wanted(entry, rule)
    if _matches(rule, want):
        return Step("update_rule", target("rule", entry["name"], rule["RuleId"]), before=before, after=before, apply=None,
                    verify=lambda run: _verify(run, entry))

    def apply(run, rec):
        run.modified(rec, RULE_SETTINGS_TYPE, rule["RuleId"], restore=before, name=entry["name"])
        run.client.call("cms", "PutResourceMetricRule", put_params(rule["RuleId"], want))
        if not before["EnableState"]:
            run.client.call("cms", "EnableMetricRules", {"RuleId.1": rule["RuleId"]})
        return want

    return Step("update_rule", target("rule", entry["name"], rule["RuleId"]), before=before, after=want, apply=apply,
                verify=lambda run: _verify(run, entry))


# -- undo ---------------------------------------------------------------------------------------------------------------
def _read_rule(client, rule_id):
    found = [r for r in client.call_all_pages("cms", "DescribeMetricRuleList", {"RuleIds": rule_id}, list_path="Alarms.Alarm")
             if r.get("RuleId") == rule_id]
    return found[0] if found else None


def undo_rule(run, entry):
    if _read_rule(run.client, entry["id"]) is None:
        return GONE
    run.client.call("cms", "DeleteMetricRules", {"Id.1": entry["id"]})
    return "deleted"


def identify_rule(run, entry):
    rule = _read_rule(run.client, entry["id"])
    if rule is None:
        return None
    return {"name": rule.get("RuleName"), "created": None, "created_at": None, "keys": {}}


def undo_settings(run, entry):
    if _read_rule(run.client, entry["id"]) is None:
        return GONE
    restore = entry["restore"]
    run.client.call("cms", "PutResourceMetricRule", put_params(entry["id"], restore))
    if not restore.get("EnableState"):
        run.client.call("cms", "DisableMetricRules", {"RuleId.1": entry["id"]})
    return "restored"


UNDO_TABLE = UndoTable(PLATFORM, created={RULE_TYPE: undo_rule}, modified={RULE_SETTINGS_TYPE: undo_settings},
                       identify={RULE_TYPE: identify_rule})
__all__ = ["ApsaraError"]

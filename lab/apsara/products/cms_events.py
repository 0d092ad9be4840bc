"""CMS contacts and the alert log, ECS instance system events, and the alert timeline of the world.

shared/reference/alarms-events-api.md section 3: PutContact / PutContactGroup / DescribeContactList /
DescribeContactGroupList / DescribeContactListByContactGroup (3.2), DescribeAlertLogList with its limits (3.3:
StartTime and EndTime both or neither, a span of at most 15 days, nothing older than a year, default the last 15
minutes), ECS DescribeInstanceHistoryEvents (3.5: InstanceSystemEventSet.InstanceSystemEventType[], PageNumber /
PageSize up to 100, EventPublishTime.Start/End).

World keys: ``contacts: [{name, mail, sms, ding}]`` and ``contact_groups: [{name, contacts: [names]}]`` (an empty
group is a rule without anyone to tell); ``alert_timeline: [{rule, value, fire_at_s | fire_at, recover_at_s |
recover_at, level}]``: the rule's instance fires at t (an ``ALARM`` row in DescribeAlertHistoryList, a ``TRIGGERED``
log; the rule's AlertState ALARM) and recovers at t+n (an ``OK`` row whose LastTime is the alert's duration, a
``RESOLVED`` log with LevelChange ``P2->OK``); ``system_events: [{instance, type, status, published_ago_h,
not_before_ago_h, finished_ago_h, impact_level, reason}]``.  Episodes due after the start are state transitions,
applied lazily on the next call like every other transition of the gateway.
"""
from __future__ import annotations

import datetime as _dt
import json

from ..registry import action, page_numbers
from ..state import make_id
from ..wire import ApiError, iso, wrap
from .common import eq, public

P = "cms"
DAY_MS = 86400 * 1000
LOG_SPAN_MS = 15 * DAY_MS            # DescribeAlertLogList: at most 15 days per query
LOG_KEEP_MS = 365 * DAY_MS           # and only the last year
LOG_DEFAULT_MS = 15 * 60 * 1000      # default: the last 15 minutes
LEVEL_OF = {"critical": "P2", "warn": "P3", "info": "P4"}


def _ok(body: dict) -> dict:
    return {"Code": "200", "Success": True, **body}


def _param_invalid(text: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", text)


# ---- contacts ----------------------------------------------------------------------------------------------
def _contact_view(rec):
    return public(rec)


@action(P, "PutContact", required=("ContactName", "Describe"), write=True)
def put_contact(ctx):
    name = ctx.req("ContactName")
    rec = ctx.state.get("cms_contact", name) or {
        "Name": name, "CreateTime": int(ctx.now * 1000), "_org": ctx.cred["org"], "ResourceGroupId": None, "_public": True}
    rec.update({"Desc": ctx.req("Describe"), "UpdateTime": int(ctx.now * 1000), "Lang": ctx.get("Lang", "zh-cn"),
                "Channels": {"Mail": ctx.get("Channels.Mail", ""), "SMS": ctx.get("Channels.SMS", ""),
                             "DingWebHook": ctx.get("Channels.DingWebHook", ""), "AliIM": ctx.get("Channels.AliIM", "")}})
    ctx.state.add("cms_contact", name, rec)
    return _ok({})


@action(P, "PutContactGroup", required=("ContactGroupName",), write=True)
def put_contact_group(ctx):
    name = ctx.req("ContactGroupName")
    names = [ctx.params[k] for k in sorted(ctx.params, key=_n) if k.startswith("ContactNames.")]
    for n in names:
        if ctx.state.get("cms_contact", n) is None:
            raise ApiError(404, "ContactNotExists", f"The contact {n} does not exist.")
    rec = ctx.state.get("cms_contact_group", name) or {"Name": name, "CreateTime": int(ctx.now * 1000), "_public": True}
    rec.update({"Describe": ctx.get("Describe", ""), "Contacts": {"Contact": names}, "UpdateTime": int(ctx.now * 1000),
                "EnableSubscribed": str(ctx.get("EnableSubscribed", "false")).lower() == "true",
                "EnabledWeeklyReport": False})
    ctx.state.add("cms_contact_group", name, rec)
    return _ok({})


def _n(key):
    tail = key.rsplit(".", 1)[-1]
    return int(tail) if tail.isdigit() else 0


@action(P, "DescribeContactList")
def describe_contact_list(ctx):
    items = [r for r in ctx.state.all("cms_contact") if eq(r, "Name", ctx.get("ContactName"))]
    chunk, _n_, _s, total = page_numbers(ctx, sorted(items, key=lambda r: r["Name"]), 100, default=100)
    return _ok({"Total": total, **wrap("Contacts", "Contact", [_contact_view(r) for r in chunk])})


@action(P, "DescribeContactGroupList")
def describe_contact_group_list(ctx):
    items = sorted(ctx.state.all("cms_contact_group"), key=lambda r: r["Name"])
    chunk, _n_, _s, total = page_numbers(ctx, items, 100, default=100)
    return _ok({"Total": total, **wrap("ContactGroupList", "ContactGroup", [public(r) for r in chunk])})


@action(P, "DescribeContactListByContactGroup", required=("ContactGroupName",))
def describe_contacts_of_group(ctx):
    group = ctx.state.get("cms_contact_group", ctx.req("ContactGroupName"))
    if group is None:
        raise ApiError(404, "ContactGroupNotExists", "The contact group does not exist.")
    contacts = [ctx.state.get("cms_contact", n) for n in group["Contacts"]["Contact"]]
    return _ok(wrap("Contacts", "Contact", [_contact_view(c) for c in contacts if c]))


# ---- the alert log -----------------------------------------------------------------------------------------
@action(P, "DescribeAlertLogList")
def describe_alert_log_list(ctx):
    start, end = ctx.int("StartTime", None), ctx.int("EndTime", None)
    now_ms = int(ctx.now * 1000)
    if (start is None) != (end is None):
        raise _param_invalid("StartTime and EndTime must be specified together.")
    if start is None:
        start, end = now_ms - LOG_DEFAULT_MS, now_ms
    if end < start:
        raise _param_invalid("EndTime must be later than StartTime.")
    if end - start > LOG_SPAN_MS:
        raise _param_invalid("The time range between StartTime and EndTime cannot exceed 15 days.")
    if start < now_ms - LOG_KEEP_MS:
        raise _param_invalid("Only alert logs of the last year can be queried.")
    items = [r for r in ctx.scoped("cms_alert_log") if start <= r["AlertTime"] <= end
             and eq(r, "RuleId", ctx.get("RuleId")) and eq(r, "Namespace", ctx.get("Namespace"))
             and eq(r, "MetricName", ctx.get("MetricName")) and eq(r, "Level", ctx.get("Level"))
             and eq(r, "SendStatus", ctx.get("SendStatus")) and eq(r, "_EventType", ctx.get("EventType"))]
    items.sort(key=lambda r: r["AlertTime"], reverse=True)
    chunk, n, s, _total = page_numbers(ctx, items, 100, default=10)
    return _ok({"PageNumber": n, "PageSize": s, "AlertLogList": [public(r) for r in chunk]})


# ---- ECS system events -------------------------------------------------------------------------------------
EVENT_CODES = {"SystemMaintenance.Reboot": 1, "SystemFailure.Reboot": 65, "InstanceFailure.Reboot": 66,
               "SystemMaintenance.Redeploy": 3, "SystemFailure.Redeploy": 67, "SystemFailure.Delete": 68,
               "InstanceExpiration.Stop": 32, "InstanceExpiration.Delete": 34}
CYCLE_CODES = {"Scheduled": 24, "Avoided": 16, "Executing": 32, "Executed": 34, "Canceled": 48, "Failed": 64,
               "Inquiring": 65}


def _in_window(value, lo, hi):
    return (not lo or value >= lo) and (not hi or value <= hi)


@action("ecs", "DescribeInstanceHistoryEvents", required=("RegionId",))
def describe_instance_history_events(ctx):
    lo, hi = ctx.get("EventPublishTime.Start"), ctx.get("EventPublishTime.End")
    if lo and hi and hi < lo:
        raise ApiError(403, "InvalidParameter.TimeEndBeforeStart", "The specified end time is earlier than the start time.")
    ids = [ctx.params[k] for k in ctx.params if k.startswith("EventId.")]
    types = [ctx.params[k] for k in ctx.params if k.startswith("InstanceEventType.")] + (
        [ctx.get("EventType")] if ctx.get("EventType") else [])
    cycles = [ctx.params[k] for k in ctx.params if k.startswith("InstanceEventCycleStatus.")] + (
        [ctx.get("EventCycleStatus")] if ctx.get("EventCycleStatus") else [])
    if len(ids) > 100:
        raise ApiError(403, "EventIdLimitExceeded", "The number of EventId exceeds the limit of 100.")
    items = []
    for e in ctx.scoped("ecs_system_event"):
        if (eq(e, "InstanceId", ctx.get("InstanceId")) and (not ids or e["EventId"] in ids)
                and (not types or e["EventType"]["Name"] in types) and (not cycles or e["EventCycleStatus"]["Name"] in cycles)
                and _in_window(e["EventPublishTime"], lo, hi)
                and _in_window(e["NotBefore"], ctx.get("NotBefore.Start"), ctx.get("NotBefore.End"))):
            items.append(e)
    items.sort(key=lambda e: e["EventPublishTime"], reverse=True)
    chunk, n, s, total = page_numbers(ctx, items, 100, default=10)
    return {"PageNumber": n, "PageSize": s, "TotalCount": total,
            **wrap("InstanceSystemEventSet", "InstanceSystemEventType", [public(e) for e in chunk])}


# ---- the world ---------------------------------------------------------------------------------------------
def _history_row(st, rule, hid, state_name, when_s, value, level, last_ms, inst):
    # the episode's instance: a rule on all instances (Resources _ALL) alerts per instance
    dims = [{"instanceId": inst["InstanceId"]}] if inst else json.loads(rule["Dimensions"] or "[]")
    st.add("alarm_history", hid, {
        "RuleId": rule["RuleId"], "RuleName": rule["RuleName"], "Namespace": rule["Namespace"],
        "MetricName": rule["MetricName"], "State": state_name, "Status": 0, "Level": level,
        "AlertTime": int(when_s * 1000), "LastTime": int(last_ms), "Value": str(value),
        "Expression": "$Average>=%s" % (rule["Escalations"]["Critical"]["Threshold"] or rule["Escalations"]["Warn"]["Threshold"]),
        "EvaluationCount": 3, "InstanceName": inst["InstanceName"] if inst else "", "GroupId": "",
        "Dimensions": json.dumps(dims[0] if dims else {}, separators=(",", ":")), "Webhooks": "",
        "Contacts": {"Contact": []}, "ContactGroups": {"ContactGroup": [g for g in rule["ContactGroups"].split(",") if g]},
        "ContactALIIMs": {"ContactALIIM": []}, "ContactMails": {"ContactMail": []}, "ContactSmses": {"ContactSms": []},
        "_org": rule["_org"], "ResourceGroupId": rule["ResourceGroupId"], "_time": when_s})
    st.add("cms_alert_log", hid, {
        "LogId": hid, "AlertTime": int(when_s * 1000), "RuleId": rule["RuleId"], "RuleName": rule["RuleName"],
        "Namespace": rule["Namespace"], "MetricName": rule["MetricName"], "Product": "ECS", "GroupId": "", "GroupName": "",
        "InstanceId": dims[0].get("instanceId", "") if dims else "", "InstanceName": inst["InstanceName"] if inst else "",
        "Level": "OK" if state_name == "OK" else level, "LevelChange": f"{level}->OK" if state_name == "OK" else f"OK->{level}",
        "SendStatus": "0", "EventName": "", "Message": "", "Dimensions": [{"Key": "instanceId", "Value": d.get("instanceId")}
                                                                          for d in dims[:1]],
        "ContactGroups": [g for g in rule["ContactGroups"].split(",") if g], "_EventType": "RESOLVED" if state_name == "OK" else "TRIGGERED",
        "_org": rule["_org"], "ResourceGroupId": rule["ResourceGroupId"]})


def _episode(st, step):
    rule = st.get("alarm_rule", step["rule"])
    inst = st.get("instance", step["instance"]) if step.get("instance") else None
    if step["state"] == "ALARM":
        _history_row(st, rule, step["id"], "ALARM", step["at"], step["value"], step["level"], 0, inst)
        rule["AlertState"] = "ALARM"
    else:
        _history_row(st, rule, step["id"], "OK", step["at"], step["value"], step["level"],
                     (step["at"] - step["fired"]) * 1000, inst)
        rule["AlertState"] = "OK"
    st.touch()


def _when(entry, key, start):
    if entry.get(key + "_s") is not None:
        return start + float(entry[key + "_s"])
    if entry.get(key):
        return _dt.datetime.fromisoformat(str(entry[key]).replace("Z", "+00:00")).timestamp()
    return None


def build(world):
    """contacts, contact_groups, alert_timeline and system_events of the world (called by world.cms)."""
    st, spec, start = world.st, world.spec, world.now
    st.meta["timeline_start"] = start       # what fire_at_s counts from (tests wait on it)
    for c in spec.get("contacts") or []:
        st.add("cms_contact", c["name"], {
            "Name": c["name"], "Desc": c.get("describe", c["name"]), "Lang": "zh-cn", "CreateTime": int((start - 86400 * 200) * 1000),
            "UpdateTime": int((start - 86400 * 30) * 1000), "_public": True,
            "Channels": {"Mail": c.get("mail", ""), "SMS": c.get("sms", ""), "DingWebHook": c.get("ding", ""), "AliIM": ""}})
    for g in spec.get("contact_groups") or []:
        st.add("cms_contact_group", g["name"], {
            "Name": g["name"], "Describe": g.get("describe", ""), "Contacts": {"Contact": list(g.get("contacts") or [])},
            "EnableSubscribed": False, "EnabledWeeklyReport": False, "CreateTime": int((start - 86400 * 200) * 1000),
            "UpdateTime": int((start - 86400 * 30) * 1000), "_public": True})
    steps = []
    for n, entry in enumerate(spec.get("alert_timeline") or []):
        rule_id = next(r["RuleId"] for r in st.all("alarm_rule") if r["RuleName"] == entry["rule"])
        rule = st.get("alarm_rule", rule_id)
        dims = json.loads(rule["Dimensions"] or "[]")
        instance = entry.get("instance") and world.ref("instance", entry["instance"]) or (
            dims[0].get("instanceId") if dims else None)
        fire = _when(entry, "fire_at", start)
        base = {"rule": rule_id, "instance": instance, "level": LEVEL_OF.get(entry.get("level", "critical"), "P2"),
                "fired": fire}
        steps.append(dict(base, id=make_id("", f"{st.name}/episode/{n}/alarm", 24), at=fire, state="ALARM",
                          value=entry.get("value", 95)))
        recover = _when(entry, "recover_at", start)
        if recover is not None:
            steps.append(dict(base, id=make_id("", f"{st.name}/episode/{n}/ok", 24), at=recover, state="OK",
                              value=entry.get("recover_value", 40)))
    for step in sorted(steps, key=lambda s: s["at"]):
        if step["at"] <= start:
            _episode(st, step)
        else:
            # a transition on a record of its own: the gateway applies it on the first call after it is due
            st.add("_alert_episode", step["id"], {"id": step["id"], "phase": "scheduled"})
            tx = st.begin("_alert_episode", step["id"], "AlertTimeline", step["at"] - start, "phase", None, "done",
                          on_done=lambda _rec, step=step: _episode(st, step))
            tx.start, tx.due = start, step["at"]
    for n, e in enumerate(spec.get("system_events") or []):
        iid = world.ref("instance", e["instance"])
        inst = st.get("instance", iid)
        eid = make_id("e-", f"{st.name}/sysevent/{n}", 20)
        finished = e.get("finished_ago_h")
        st.add("ecs_system_event", eid, {
            "EventId": eid, "InstanceId": iid, "ResourceType": "instance",
            "EventType": {"Code": EVENT_CODES.get(e["type"], 1), "Name": e["type"]},
            "EventCycleStatus": {"Code": CYCLE_CODES.get(e.get("status", "Executed"), 34), "Name": e.get("status", "Executed")},
            "EventPublishTime": iso(start - e.get("published_ago_h", 24) * 3600),
            "NotBefore": iso(start - e.get("not_before_ago_h", e.get("published_ago_h", 24)) * 3600),
            "EventFinishTime": iso(start - finished * 3600) if finished is not None else "",
            "ImpactLevel": str(e.get("impact_level", "")), "Reason": e.get("reason", ""),
            "ExtendedAttribute": {"Device": "", "DiskId": "", "InactiveDisks": {"InactiveDisk": []}},
            "_org": inst["_org"], "ResourceGroupId": inst["ResourceGroupId"]})


# ---- rule writes (3.1) --------------------------------------------------------------------------------------
RULE_OPERATORS = ("GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold",
                  "LessThanOrEqualToThreshold", "NotEqualToThreshold")
RULE_NAMESPACES = ("acs_ecs_dashboard", "acs_rds_dashboard", "acs_slb_dashboard")


def _escalations(ctx, old):
    out = {}
    for level in ("Critical", "Warn", "Info"):
        prefix = "Escalations.%s." % level
        given = dict((k[len(prefix):], v) for k, v in ctx.params.items() if k.startswith(prefix))
        if not given:
            empty = {"ComparisonOperator": "", "Statistics": "", "Threshold": "", "Times": 0, "PreCondition": ""}
            out[level] = (old or {}).get(level) or empty
            continue
        op = given.get("ComparisonOperator", "")
        if op not in RULE_OPERATORS:
            raise _param_invalid("The specified parameter Escalations.%s.ComparisonOperator is not valid." % level)
        try:
            float(given.get("Threshold"))
        except (TypeError, ValueError):
            raise _param_invalid("The specified parameter Escalations.%s.Threshold is not valid." % level) from None
        out[level] = {"ComparisonOperator": op, "Statistics": given.get("Statistics", "Average"),
                      "Threshold": str(given["Threshold"]), "Times": int(given.get("Times", 3)), "PreCondition": ""}
    return out


@action(P, "PutResourceMetricRule", required=("RuleId", "RuleName", "Namespace", "MetricName", "Resources"), write=True)
def put_resource_metric_rule(ctx):
    """Create (a new RuleId) or replace (a known one) a metric rule; the reference's wire (ASTF L236-370)."""
    if ctx.req("Namespace") not in RULE_NAMESPACES:
        raise _param_invalid("The specified parameter Namespace is not valid.")
    try:
        resources = json.loads(ctx.req("Resources"))
    except ValueError:
        raise _param_invalid("The specified parameter Resources is not valid.") from None
    old = ctx.state.get("alarm_rule", ctx.req("RuleId"))
    owner = {"_org": old["_org"], "ResourceGroupId": old["ResourceGroupId"]} if old else {
        "_org": ctx.cred["org"], "ResourceGroupId": ctx.rg["id"] if ctx.rg else ctx.state.meta.get("default_resource_group")}
    dims = [r for r in resources if isinstance(r, dict) and r.get("instanceId")]
    rule = {"RuleId": ctx.req("RuleId"), "RuleName": ctx.req("RuleName"), "Namespace": ctx.req("Namespace"),
            "MetricName": ctx.req("MetricName"), "Dimensions": json.dumps(dims, separators=(",", ":")),
            "Resources": json.dumps(resources, separators=(",", ":")), "Period": str(ctx.int("Period", 300)),
            "EnableState": old["EnableState"] if old else True, "AlertState": old["AlertState"] if old else "OK",
            "GroupId": "", "GroupName": "", "Escalations": _escalations(ctx, old and old["Escalations"]),
            "ContactGroups": ctx.get("ContactGroups", ""), "SilenceTime": ctx.int("SilenceTime", 86400),
            "EffectiveInterval": ctx.get("EffectiveInterval", "00:00-23:59"), "NoEffectiveInterval": "",
            "MailSubject": ctx.get("EmailSubject", ""), "Webhook": ctx.get("Webhook", ""), "SourceType": "METRIC",
            "NoDataPolicy": ctx.get("NoDataPolicy", "KEEP_LAST_STATE"), "Labels": {"Labels": []}, **owner}
    ctx.state.add("alarm_rule", rule["RuleId"], rule)
    return _ok({"Message": ""})


def _rule_ids(ctx, name):
    ids = [ctx.params[k] for k in sorted(ctx.params, key=_n) if k.startswith(name + ".")]
    if not ids:
        raise ApiError(400, "ParameterInvalid", "The specified parameter %s is not valid." % name)
    return ids


@action(P, "DeleteMetricRules", write=True)
def delete_metric_rules(ctx):
    for rid in _rule_ids(ctx, "Id"):
        rule = ctx.state.get("alarm_rule", rid)
        if rule is not None and ctx.visible(rule):
            ctx.state.remove("alarm_rule", rid)
    return _ok({})


def _set_enabled(ctx, value):
    for rid in _rule_ids(ctx, "RuleId"):
        rule = ctx.state.get("alarm_rule", rid)
        if rule is None or not ctx.visible(rule):
            raise ApiError(404, "ResourceNotFound", "The rule %s does not exist." % rid)
        rule["EnableState"] = value
    ctx.state.touch()
    return _ok({})


@action(P, "EnableMetricRules", write=True)
def enable_metric_rules(ctx):
    return _set_enabled(ctx, True)


@action(P, "DisableMetricRules", write=True)
def disable_metric_rules(ctx):
    return _set_enabled(ctx, False)

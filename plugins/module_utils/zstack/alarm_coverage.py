# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack alarm coverage: audit against the site baseline, remediation as change steps, and their undo.

Audit (alarms-events-api.md 2.5): every resource of a baseline kind needs an Enabled alarm on the metric, as
strict as the baseline, whose labels cover it (none = every resource of the namespace; `=` is read as Equal);
every alarm needs a working path (an `sns` action -> an Enabled topic -> a subscribed, Enabled endpoint); a
Disabled alarm is listed.  Remediation touches only the alarm the baseline names (`name`): created when missing
(journaled, undone by DeleteAlarm), or put back to the baseline (threshold, comparison, period, level, the topic,
Enabled; journaled with what it was, undone by restoring it).  Any other alarm is never changed.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import InputError, Step, Validation, target
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import GONE, UndoTable
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import coverage
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import PLATFORM

ALARM_TYPE = "zwatch_alarm"
SETTINGS_TYPE = "zwatch_alarm_settings"
SETTINGS = ("comparisonOperator", "threshold", "period", "emergencyLevel", "state")


def read_state(client):
    """Alarms, topics, subscriptions and endpoints (the notification chain of 2.1)."""
    return {"alarms": client.query_all("/zwatch/alarms"),
            "topics": dict((t["uuid"], t) for t in client.query_all("/sns/topics")),
            "subscribers": client.query_all("/sns/topics/subscribers"),
            "endpoints": dict((e["uuid"], e) for e in client.query_all("/sns/application-endpoints"))}


def topic_path(state, topic_uuid):
    """None when the topic reaches someone, else why not."""
    topic = state["topics"].get(topic_uuid)
    if topic is None:
        return "SNS topic %s does not exist" % topic_uuid
    if topic.get("state") != "Enabled":
        return "SNS topic %s is %s" % (topic.get("name"), topic.get("state"))
    endpoints = [state["endpoints"].get(s["endpointUuid"]) for s in state["subscribers"] if s.get("topicUuid") == topic_uuid]
    working = [e for e in endpoints if e and e.get("state") == "Enabled"]
    if not endpoints:
        return "SNS topic %s has no subscribed endpoint" % topic.get("name")
    if not working:
        return "SNS topic %s: every endpoint is disabled (%s)" % (
            topic.get("name"), ", ".join(sorted(str(e.get("name")) for e in endpoints if e)))
    return None


def alarm_path(state, alarm):
    """None when the alarm notifies someone, else why not."""
    topics = [a.get("actionUuid") for a in alarm.get("actions") or () if a.get("actionType") == "sns"]
    if not topics:
        return "no SNS action: the alarm fires silently"
    reasons = [topic_path(state, t) for t in topics]
    return None if any(r is None for r in reasons) else "; ".join(reasons)


def _label_op(op):
    return "Equal" if op in ("=", "Equal") else op


def covers(alarm, label_key, uuid):
    labels = alarm.get("labels") or []
    if not labels:
        return True
    return any(lb.get("key") == label_key and _label_op(lb.get("operator") or lb.get("op")) == "Equal" and lb.get("value") == uuid
               for lb in labels)


def resources(client, kind):
    _ns, _key, path, conditions = coverage.ZSTACK_KINDS[kind]
    return client.query_all(path, conditions, fields=["uuid", "name"])


def audit(client, baseline, state=None):
    """{"findings": [...], "summary": {...}}: uncovered resources, rules without a working path, disabled rules."""
    state = state or read_state(client)
    findings, checked = [], 0
    for entry in baseline:
        label_key = coverage.ZSTACK_KINDS[entry["kind"]][1]
        rules = [a for a in state["alarms"] if a.get("namespace") == entry["namespace"] and a.get("metricName") == entry["metric"]
                 and a.get("state") == "Enabled"
                 and coverage.strict_enough(entry["comparison"], entry["threshold"], a.get("comparisonOperator"), a.get("threshold"))]
        for res in resources(client, entry["kind"]):
            checked += 1
            if not any(covers(a, label_key, res["uuid"]) for a in rules):
                findings.append(coverage.finding("uncovered", "%s/%s" % (entry["namespace"], entry["metric"]), entry["name"],
                                                 {"kind": entry["kind"], "uuid": res["uuid"], "name": res.get("name")}))
    for alarm in sorted(state["alarms"], key=lambda a: str(a.get("name"))):
        rule = {"uuid": alarm["uuid"], "name": alarm.get("name")}
        if alarm.get("state") != "Enabled":
            findings.append(coverage.finding("disabled", "%s/%s" % (alarm.get("namespace"), alarm.get("metricName")), rule))
            continue
        reason = alarm_path(state, alarm)
        if reason:
            findings.append(coverage.finding("no_notification", "%s/%s" % (alarm.get("namespace"), alarm.get("metricName")),
                                             rule, detail=reason))
    counts = {}
    for f in findings:
        counts[f["finding"]] = counts.get(f["finding"], 0) + 1
    return {"findings": findings, "summary": dict(counts, resources_checked=checked, rules=len(state["alarms"]))}


# -- remediation ----------------------------------------------------------------------------------------------------
def _settings(alarm):
    return dict((k, alarm.get(k)) for k in SETTINGS)


def _wanted(entry):
    return {"comparisonOperator": entry["comparison"], "threshold": float(entry["threshold"]), "period": entry["period"],
            "emergencyLevel": entry["level"], "state": "Enabled"}


def plan(client, baseline, run):
    """The steps that bring the baseline's own alarms to the baseline (InputError before any write)."""
    state = read_state(client)
    found = audit(client, baseline, state)
    uncovered = set(f["rule"] for f in found["findings"] if f["finding"] == "uncovered")
    topics = dict((t["name"], t) for t in state["topics"].values())
    by_name = {}
    for alarm in state["alarms"]:
        by_name.setdefault(alarm.get("name"), []).append(alarm)
    check = Validation()
    steps = []
    for entry in baseline:
        if not entry["manage"]:
            continue
        topic = topics.get(entry["notify"])
        reason = topic_path(state, topic["uuid"]) if topic else "SNS topic %s does not exist" % entry["notify"]
        check.expect("notify_path", [("%s: %s" % (entry["name"], reason)) if reason else None],
                     "%s notifies %s" % (entry["name"], entry["notify"]), "Notification path works", "通知路径可用")
        mine = by_name.get(entry["name"]) or []
        check.expect("unique_name", ["%d alarms are named %s" % (len(mine), entry["name"]) if len(mine) > 1 else None],
                     "%s is one alarm or none" % entry["name"], "Managed alarm name is unique", "受管告警名称唯一")
        if reason or len(mine) > 1:
            continue
        if not mine and entry["name"] in uncovered:
            steps.append(_create_step(entry, topic))
        elif mine:
            step = _fix_step(entry, mine[0], topic)
            if step is not None:
                steps.append(step)
    check.raise_if_failed()
    del run
    return steps


def _create_step(entry, topic):
    params = {"name": entry["name"], "namespace": entry["namespace"], "metricName": entry["metric"],
              "comparisonOperator": entry["comparison"], "threshold": entry["threshold"], "period": entry["period"],
              "emergencyLevel": entry["level"], "enableRecovery": True, "repeatInterval": 1800,
              "actions": [{"actionUuid": topic["uuid"], "actionType": "sns"}],
              "description": "cloudops.privatecloud alarm baseline (%s)" % entry["kind"]}
    after = dict(_wanted(entry), name=entry["name"], topic=entry["notify"], metric="%s/%s" % (entry["namespace"], entry["metric"]))

    def apply(run, rec):
        made = run.create(rec, ALARM_TYPE, "/zwatch/alarms", params, "CreateAlarm", entry["name"])
        return dict(after, id=made[0]["uuid"])

    def verify(run):
        return _verify(run, entry, topic)

    return Step("create_alarm", target("alarm", entry["name"]), before=None, after=after, apply=apply, verify=verify)


def _fix_step(entry, alarm, topic):
    before = dict(_settings(alarm), topic_attached=any(a.get("actionUuid") == topic["uuid"] for a in alarm.get("actions") or ()))
    after = dict(_wanted(entry), topic_attached=True)
    if before == after:
        return Step("update_alarm", target("alarm", entry["name"], alarm["uuid"]), before=before, after=after, apply=None,
                    verify=lambda run: _verify(run, entry, topic))

    def apply(run, rec):
        run.modified(rec, SETTINGS_TYPE, alarm["uuid"], restore=dict(_settings(alarm), actions=[
            a.get("actionUuid") for a in alarm.get("actions") or ()]), name=entry["name"])
        want = _wanted(entry)
        update = dict((k, want[k]) for k in ("comparisonOperator", "threshold", "period", "emergencyLevel"))
        run.write("PUT", "/zwatch/alarms/%s/actions" % alarm["uuid"], {"updateAlarm": update}, api="UpdateAlarm")
        if not before["topic_attached"]:
            run.write("POST", "/zwatch/alarms/%s/actions" % alarm["uuid"],
                      {"params": {"actionUuid": topic["uuid"], "actionType": "sns"}}, api="AddActionToAlarm")
        if alarm.get("state") != "Enabled":
            run.write("PUT", "/zwatch/alarms/%s/actions" % alarm["uuid"], {"changeAlarmState": {"stateEvent": "enable"}},
                      api="ChangeAlarmState")
        return after

    return Step("update_alarm", target("alarm", entry["name"], alarm["uuid"]), before=before, after=after, apply=apply,
                verify=lambda run: _verify(run, entry, topic))


def _verify(run, entry, topic):
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import check_result  # pylint: disable=import-outside-toplevel
    found = list(run.client.query_all("/zwatch/alarms", ["name=%s" % entry["name"]]))
    ok = len(found) == 1 and _settings(found[0]) == _wanted(entry) and any(
        a.get("actionUuid") == topic["uuid"] for a in found[0].get("actions") or ())
    return [check_result("alarm_matches_baseline", ok, "%s %s the baseline" % (entry["name"], "matches" if ok else "does not match"),
                         "Alarm matches the baseline", "告警符合基线")]


# -- undo ---------------------------------------------------------------------------------------------------------------
def _read_alarm(client, uuid):
    found = client.query_all("/zwatch/alarms", ["uuid=%s" % uuid])
    return found[0] if found else None


def undo_alarm(run, entry):
    alarm = _read_alarm(run.client, entry["id"])
    if alarm is None:
        return GONE
    run.write("DELETE", "/zwatch/alarms/%s" % alarm["uuid"], None, "DeleteAlarm")
    return "deleted"


def identify_alarm(run, entry):
    alarm = _read_alarm(run.client, entry["id"])
    if alarm is None:
        return None
    return {"name": alarm.get("name"), "created": alarm.get("createDate"), "created_at": None, "keys": {}}


def undo_settings(run, entry):
    alarm = _read_alarm(run.client, entry["id"])
    if alarm is None:
        return GONE
    restore = entry["restore"]
    update = dict((k, restore[k]) for k in ("comparisonOperator", "threshold", "period", "emergencyLevel") if restore.get(k) is not None)
    run.write("PUT", "/zwatch/alarms/%s/actions" % alarm["uuid"], {"updateAlarm": update}, api="UpdateAlarm")
    if restore.get("state") == "Disabled" and alarm.get("state") != "Disabled":
        run.write("PUT", "/zwatch/alarms/%s/actions" % alarm["uuid"], {"changeAlarmState": {"stateEvent": "disable"}},
                  api="ChangeAlarmState")
    return "restored"


UNDO_TABLE = UndoTable(PLATFORM, created={ALARM_TYPE: undo_alarm}, modified={SETTINGS_TYPE: undo_settings},
                       identify={ALARM_TYPE: identify_alarm})


def input_error(problem):
    return InputError(problem)

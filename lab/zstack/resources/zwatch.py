"""zwatch alarms and their notification path, alarm records, acknowledgements and the alarm timeline.

shared/reference/alarms-events-api.md section 2: CreateAlarm / UpdateAlarm / AddActionToAlarm / DeleteAlarm, SNS
topics (CreateSNSTopic), endpoints (CreateSNSHttpEndpoint, CreateSNSEmailEndpoint, ChangeSNSApplicationEndpointState),
subscriptions (SubscribeSNSTopic, QuerySNSTopicSubscriber), alarm records (QueryAlarmRecord, ZQL paging),
AckAlarmData / QueryAlertDataAck.

The world's ``sns:`` block makes topics and endpoints (one may be planted ``state: Disabled``: a broken path), and its
``alarm_timeline:`` scripts alarm episodes: an alarm fires on a resource at ``fire_at_s`` (seconds after the lab
starts; negative = before) or ``fire_at`` (ISO 8601 UTC), and recovers at ``recover_at_s`` / ``recover_at`` (absent:
still firing).  A firing writes an ``Alarm`` row to the alarm history (GetAlarmData) and the alarm records
(QueryAlarmRecord) and sets the alarm's ``status`` to ``Alarm``; a recovery writes ``OK`` rows and sets it back to
``OK`` (lab assumption: the reference says the MN's OK rows are undocumented, so clients also poll the status).
Episodes due after the start run on timers, under the state lock, like a real management node's evaluator.
"""
from __future__ import annotations

import datetime as _dt
import threading
import time

from .. import wire
from ..kinds import kind
from ..routes import handler, query
from ..wire import argerr
from .helpers import fetch, updated

OPERATORS = ("GreaterThanOrEqualTo", "GreaterThan", "LessThan", "LessThanOrEqualTo")
LEVELS = ("Emergent", "Important", "Normal")
ACCOUNT = "36c27e8ff05c4780bf6d2fa65700f22e"      # the admin account uuid the builder stamps on alarm data

kind("snstopic", "org.zstack.sns.SNSTopicInventory")
kind("snsendpoint", "org.zstack.sns.SNSApplicationEndpointInventory")
kind("snssubscriber", "org.zstack.sns.SNSSubscriberInventory")
kind("alarmrecord", "org.zstack.zwatch.migratedb.AlarmRecordsInventory")
kind("alertack", "org.zstack.zwatch.alarm.AlertDataAckInventory")

query("QuerySNSTopic", "snstopic")
query("QuerySNSApplicationEndpoint", "snsendpoint")
query("QuerySNSHttpEndpoint", "snsendpoint", where=lambda r: r.get("type") == "HTTP")
query("QuerySNSEmailEndpoint", "snsendpoint", where=lambda r: r.get("type") == "Email")
query("QuerySNSDingTalkEndpoint", "snsendpoint", where=lambda r: r.get("type") == "DingTalk")
query("QuerySNSTopicSubscriber", "snssubscriber")
query("QueryAlarmRecord", "alarmrecord")
query("QueryAlertDataAck", "alertack")


def _ms(when: _dt.datetime) -> int:
    return int(when.timestamp() * 1000)


# ---- SNS ---------------------------------------------------------------------------------------------------
def add_topic(st, uuid, name, locale="zh_CN", description=None, state="Enabled"):
    ts = wire.now()
    return st.add("snstopic", {"uuid": uuid, "name": name, "description": description, "state": state,
                               "locale": locale, "createDate": ts, "lastOpDate": ts})


def add_endpoint(st, uuid, name, etype, state="Enabled", **extra):
    ts = wire.now()
    return st.add("snsendpoint", dict({"uuid": uuid, "name": name, "description": None, "type": etype, "state": state,
                                       "platformUuid": None, "ownerType": "User", "createDate": ts, "lastOpDate": ts},
                                      **extra))


def subscribe(st, topic_uuid, endpoint_uuid):
    key = f"{topic_uuid}/{endpoint_uuid}"
    return st.add("snssubscriber", {"_key": key, "topicUuid": topic_uuid, "endpointUuid": endpoint_uuid})


@handler("CreateSNSTopic", seconds=0.05)
def create_topic(ctx):
    locale = ctx.get("locale", "zh_CN")
    if locale not in ("zh_CN", "en_US"):
        raise argerr(f"valid values of field[locale] are [zh_CN, en_US], but got {locale}")
    return {"inventory": dict(add_topic(ctx.state, ctx.get("resourceUuid") or wire.new_uuid(), ctx.req("name"), locale,
                                        ctx.get("description")))}


@handler("CreateSNSHttpEndpoint", seconds=0.05)
def create_http_endpoint(ctx):
    rec = add_endpoint(ctx.state, ctx.get("resourceUuid") or wire.new_uuid(), ctx.req("name"), "HTTP",
                       url=ctx.req("url"), username=ctx.get("username"), password=ctx.get("password"),
                       description=ctx.get("description"))
    return {"inventory": dict(rec)}


@handler("CreateSNSEmailEndpoint", seconds=0.05)
def create_email_endpoint(ctx):
    emails = list(ctx.get("emails") or ([ctx.get("email")] if ctx.get("email") else []))
    if not emails:
        raise argerr("email or emails must be set")
    rec = add_endpoint(ctx.state, ctx.get("resourceUuid") or wire.new_uuid(), ctx.req("name"), "Email",
                       email=emails[0], emails=emails, description=ctx.get("description"))
    return {"inventory": dict(rec)}


@handler("ChangeSNSApplicationEndpointState")
def change_endpoint_state(ctx):
    rec = fetch(ctx, "snsendpoint", "uuid", "SNSApplicationEndpointVO")
    ev = ctx.req("stateEvent")
    if ev not in ("enable", "disable", "hide"):
        raise argerr(f"valid values of field[stateEvent] are [enable, disable, hide], but got {ev}")
    rec["state"] = {"enable": "Enabled", "disable": "Disabled", "hide": "Hidden"}[ev]
    return updated(ctx, rec)


@handler("SubscribeSNSTopic", seconds=0.05)
def subscribe_topic(ctx):
    topic = fetch(ctx, "snstopic", "topicUuid", "SNSTopicVO")
    endpoint = fetch(ctx, "snsendpoint", "endpointUuid", "SNSApplicationEndpointVO")
    if ctx.state.get("snssubscriber", f"{topic['uuid']}/{endpoint['uuid']}") is not None:
        raise argerr(f"endpoint[uuid:{endpoint['uuid']}] has subscribed to topic[uuid:{topic['uuid']}]")
    subscribe(ctx.state, topic["uuid"], endpoint["uuid"])
    return {}


# ---- alarms ------------------------------------------------------------------------------------------------
def _number(ctx, name, lo, hi, default=None, cast=int):
    raw = ctx.get(name)
    if raw is None:
        return default
    try:
        value = cast(raw)
    except (TypeError, ValueError):
        raise argerr(f"field[{name}] must be a number, but got {raw}") from None
    if value < lo or value > hi:
        raise argerr(f"field[{name}] must be in range of [{lo}, {hi}], but got {raw}")
    return value


def _actions(ctx, alarm_uuid, raw):
    out = []
    for a in raw or []:
        if not isinstance(a, dict) or not a.get("actionUuid"):
            raise argerr("an action needs actionUuid and actionType")
        if a.get("actionType", "sns") == "sns" and ctx.state.get("snstopic", a["actionUuid"]) is None:
            raise argerr(f"the resource[uuid:{a['actionUuid']}, type:SNSTopicVO] doesn't exist or has been deleted")
        out.append({"alarmUuid": alarm_uuid, "actionType": a.get("actionType", "sns"), "actionUuid": a["actionUuid"]})
    return out


def _known_metric(namespace, metric):
    from .platform import METRICS       # the metric catalogue GetMetricData serves
    return namespace in METRICS and metric in METRICS[namespace]


@handler("CreateAlarm", seconds=0.05)
def create_alarm(ctx):
    op = ctx.req("comparisonOperator")
    if op not in OPERATORS:
        raise argerr(f"valid values of field[comparisonOperator] are {list(OPERATORS)}, but got {op}")
    level = ctx.get("emergencyLevel", "Important")
    if level not in LEVELS:
        raise argerr(f"valid values of field[emergencyLevel] are {list(LEVELS)}, but got {level}")
    namespace, metric = ctx.req("namespace"), ctx.req("metricName")
    if not _known_metric(namespace, metric):
        raise argerr(f"the namespace[{namespace}] has no metric[{metric}]")
    threshold = _number(ctx, "threshold", 0, 9223372036854775807, cast=float)
    if threshold is None:
        raise argerr("missing mandatory field[threshold]")
    uuid = ctx.get("resourceUuid") or wire.new_uuid()
    labels = []
    for lb in ctx.get("labels") or []:
        if lb.get("op", "Equal") not in ("Equal", "NotEqual", "Regex", "RegexAgainst", "Filter"):
            raise argerr(f"invalid label operator[{lb.get('op')}]")
        labels.append({"uuid": wire.new_uuid(), "alarmUuid": uuid, "key": lb["key"],
                       # echoed as "=" for Equal, as QueryAlarm answers do (reference 2.2)
                       "operator": "=" if lb.get("op", "Equal") == "Equal" else lb["op"], "value": lb["value"]})
    ts = wire.now()
    rec = {"uuid": uuid, "name": ctx.req("name"), "description": ctx.get("description"), "comparisonOperator": op,
           "period": _number(ctx, "period", 1, 2147483647, 60), "namespace": namespace, "metricName": metric,
           "threshold": threshold, "repeatInterval": _number(ctx, "repeatInterval", 0, 2147483647, 1800),
           "repeatCount": _number(ctx, "repeatCount", -1, 2147483647, -1),
           "enableRecovery": bool(ctx.get("enableRecovery", False)), "emergencyLevel": level, "state": "Enabled",
           "status": "OK", "type": ctx.get("type", "Any"), "labels": labels,
           "actions": _actions(ctx, uuid, ctx.get("actions")), "createDate": ts, "lastOpDate": ts}
    return {"inventory": dict(ctx.state.add("alarm", rec))}


@handler("UpdateAlarm", seconds=0.05)
def update_alarm(ctx):
    rec = fetch(ctx, "alarm", "uuid", "AlarmVO")
    if ctx.get("comparisonOperator") is not None:
        if ctx.get("comparisonOperator") not in OPERATORS:
            raise argerr(f"valid values of field[comparisonOperator] are {list(OPERATORS)}")
        rec["comparisonOperator"] = ctx.get("comparisonOperator")
    if ctx.get("emergencyLevel") is not None:
        if ctx.get("emergencyLevel") not in LEVELS:
            raise argerr(f"valid values of field[emergencyLevel] are {list(LEVELS)}")
        rec["emergencyLevel"] = ctx.get("emergencyLevel")
    for name, lo, cast in (("threshold", 0, float), ("period", 1, int), ("repeatInterval", 0, int), ("repeatCount", -1, int)):
        value = _number(ctx, name, lo, 2147483647, cast=cast)
        if value is not None:
            rec[name] = value
    for name in ("name", "description", "enableRecovery"):
        if ctx.get(name) is not None:
            rec[name] = ctx.get(name)
    return updated(ctx, rec)


@handler("AddActionToAlarm", seconds=0.05)
def add_action(ctx):
    rec = fetch(ctx, "alarm", "alarmUuid", "AlarmVO")
    new = _actions(ctx, rec["uuid"], [{"actionUuid": ctx.req("actionUuid"), "actionType": ctx.req("actionType")}])[0]
    if not any(a["actionUuid"] == new["actionUuid"] for a in rec.get("actions") or []):
        rec.setdefault("actions", []).append(new)
    return updated(ctx, rec)


@handler("DeleteAlarm", seconds=0.05)
def delete_alarm(ctx):
    if ctx.state.get("alarm", ctx.get("uuid")) is not None:
        ctx.state.remove("alarm", ctx.get("uuid"))
    return {}


# ---- alarm records and acknowledgement ---------------------------------------------------------------------
def _next_record_id(st):
    st.meta["alarm_record_seq"] = st.meta.get("alarm_record_seq", 0) + 1
    return st.meta["alarm_record_seq"]


def record_row(st, alarm, resource_uuid, resource_type, value, when_ms, status, read=False):
    """One alarm history row (GetAlarmData) and its alarm record (QueryAlarmRecord), as the evaluator writes them."""
    data_uuid = wire.new_uuid()
    labels = ", ".join(f"{lb['key']} Equal {lb['value']}" for lb in alarm.get("labels") or [])
    history = {"_key": data_uuid, "dataUuid": data_uuid, "alarmUuid": alarm["uuid"], "namespace": alarm["namespace"],
               "metricName": alarm["metricName"], "resourceUuid": resource_uuid, "resourceType": resource_type,
               "alarmStatus": status, "alarmName": alarm["name"], "threshold": alarm["threshold"], "labels": labels,
               "metricValue": float(value), "comparisonOperator": alarm["comparisonOperator"],
               "emergencyLevel": alarm["emergencyLevel"], "readStatus": "Read" if read else "Unread",
               "accountUuid": ACCOUNT, "time": int(when_ms), "period": alarm.get("period")}
    st.tables["alarmhistory"][data_uuid] = history
    mirror_record(st, history)
    return history


def mirror_record(st, history):
    rid = _next_record_id(st)
    st.add("alarmrecord", {
        "_key": str(rid), "id": rid, "createTime": history["time"], "accountUuid": history.get("accountUuid"),
        "alarmName": history["alarmName"], "alarmStatus": history["alarmStatus"], "alarmUuid": history["alarmUuid"],
        "comparisonOperator": history["comparisonOperator"], "context": "{}", "dataUuid": history["dataUuid"],
        "emergencyLevel": history["emergencyLevel"], "labels": history.get("labels"), "metricName": history["metricName"],
        "metricValue": history["metricValue"], "namespace": history["namespace"], "period": history.get("period"),
        "readStatus": history.get("readStatus") == "Read", "resourceUuid": history["resourceUuid"],
        "threshold": history["threshold"]})


@handler("AckAlarmData", seconds=0.05)
def ack_alarm_data(ctx):
    alarm = fetch(ctx, "alarm", "alarmUuid", "AlarmVO")
    data_type = ctx.req("dataType")
    if data_type not in ("alarm", "event"):
        raise argerr(f"valid values of field[dataType] are [alarm, event], but got {data_type}")
    period = _number(ctx, "ackPeriodSec", 0, 2147483647)
    if period is None:
        raise argerr("missing mandatory field[ackPeriodSec]")
    data_uuid = ctx.req("alertDataUuid")
    row = ctx.state.tables["alarmhistory"].get(data_uuid)
    if row is None or row["alarmUuid"] != alarm["uuid"]:
        raise argerr(f"the resource[uuid:{data_uuid}, type:AlarmData] doesn't exist or has been deleted")
    account = (ctx.session or {}).get("accountUuid") if isinstance(ctx.session, dict) else None
    ack = ctx.state.add("alertack", {
        "_key": data_uuid, "alertDataUuid": data_uuid, "alertType": data_type, "ackPeriod": period,
        "resourceUuid": ctx.get("resourceUuid") or row["resourceUuid"], "ackDate": wire.now(), "resumeAlert": False,
        "operatorAccountUuid": account, "alarmUuid": alarm["uuid"]})
    row["readStatus"] = "Read"
    for rec in ctx.state.all("alarmrecord"):
        if rec["dataUuid"] == data_uuid:
            rec["readStatus"] = True
    ctx.state.touch()
    return {"inventory": dict(ack)}


# ---- the world: SNS and the alarm timeline -----------------------------------------------------------------
def _when(entry, key, start):
    if entry.get(key + "_s") is not None:
        return start + float(entry[key + "_s"])
    if entry.get(key):
        return _dt.datetime.fromisoformat(str(entry[key]).replace("Z", "+00:00")).timestamp()
    return None


def _apply(st, step):
    alarm = st.get("alarm", step["alarm"])
    if alarm is None:
        return
    record_row(st, alarm, step["resource"], step["resource_type"], step["value"], step["at"] * 1000, step["status"],
               step["read"])
    open_episodes = st.meta.setdefault("alarm_firing", {})
    key = alarm["uuid"]
    open_episodes[key] = open_episodes.get(key, 0) + (1 if step["status"] == "Alarm" else -1)
    alarm["status"] = "Alarm" if open_episodes[key] > 0 else "OK"
    st.touch()


def _due(st, step):
    with st.lock:
        _apply(st, step)


def build(world):
    """The world's ``sns`` block and ``alarm_timeline`` (called by world.build_zwatch)."""
    st, b, spec = world.st, world.b, world.spec
    sns = spec.get("sns") or {}
    for e in sns.get("endpoints") or []:
        extra = {k: e[k] for k in ("url", "email") if k in e}
        add_endpoint(st, b.uid("snsendpoint", e["name"]), e["name"], e.get("type", "HTTP"), e.get("state", "Enabled"),
                     **extra)
    for t in sns.get("topics") or []:
        topic = add_topic(st, b.uid("sns", t["name"]), t["name"], t.get("locale", "zh_CN"), state=t.get("state", "Enabled"))
        for name in t.get("endpoints") or []:
            subscribe(st, topic["uuid"], b.uid("snsendpoint", name))
    for alarm_name, topic_name in (sns.get("alarm_actions") or {}).items():
        alarm = world.ref("alarm", alarm_name)     # this alarm notifies another topic than the builder's default
        alarm["actions"] = [{"alarmUuid": alarm["uuid"], "actionType": "sns", "actionUuid": b.uid("sns", topic_name)}]
    for history in sorted(st.all("alarmhistory"), key=lambda h: h["time"]):
        mirror_record(st, history)
    start = time.time()
    st.meta["timeline_start"] = start       # what fire_at_s counts from (tests wait on it)
    steps = []
    for entry in spec.get("alarm_timeline") or []:
        alarm = world.ref("alarm", entry["alarm"])
        res = world.ref(entry["resource"]["kind"], entry["resource"]["name"])
        base = {"alarm": alarm["uuid"], "resource": res["uuid"], "resource_type": entry.get("resource_type", "VmInstanceVO"),
                "read": bool(entry.get("read", False))}
        fire = _when(entry, "fire_at", start)
        steps.append(dict(base, at=fire, status="Alarm", value=entry.get("value", alarm["threshold"] + 5)))
        recover = _when(entry, "recover_at", start)
        if recover is not None:
            steps.append(dict(base, at=recover, status="OK", value=entry.get("recover_value", max(alarm["threshold"] - 20, 0))))
    timers = st.meta.setdefault("alarm_timers", [])
    for step in sorted(steps, key=lambda s: s["at"]):
        if step["at"] <= start:
            _apply(st, step)
        else:
            timer = threading.Timer(step["at"] - start, _due, (st, step))
            timer.daemon = True
            timer.start()
            timers.append(timer)

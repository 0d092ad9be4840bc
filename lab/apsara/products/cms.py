"""CMS 2019-01-01 (CloudMonitor): alarm rules, alarm history, metric data (Datapoints as a JSON string)."""
from __future__ import annotations

import json
import math
import zlib

from ..registry import action, page_numbers, tokens
from ..wire import ApiError, as_bool, parse_iso, wrap
from .common import comma_ids, eq, match_name, public

P = "cms"
_METRIC_FIELD = {"CPUUtilization": "_cpu_pct", "cpu_total": "_cpu_pct", "memory_usedutilization": "_mem_pct",
                 "diskusage_utilization": "_disk_pct"}
USER_ID = "1000000000000027"


def _dims(ctx) -> list[dict]:
    raw = ctx.get("Dimensions")
    if not raw:
        return []
    try:
        val = json.loads(raw)
    except ValueError:
        raise ApiError(400, "ParameterInvalid", "The specified parameter Dimensions is not valid.") from None
    if isinstance(val, dict):
        val = [val]
    if not isinstance(val, list) or not all(isinstance(d, dict) for d in val):
        raise ApiError(400, "ParameterInvalid", "The specified parameter Dimensions is not valid.")
    return val


def _rule_dims(rule) -> list:
    try:
        return json.loads(rule["Dimensions"]) or []
    except ValueError:
        return []


@action(P, "DescribeMetricRuleList")
def describe_metric_rule_list(ctx):
    want_dims = _dims(ctx)
    ids = comma_ids(ctx, "RuleIds")
    enable = ctx.get("EnableState")
    items = []
    for r in ctx.scoped("alarm_rule"):
        if ids and r["RuleId"] not in ids:
            continue
        if enable is not None and as_bool(enable) != r["EnableState"]:
            continue
        if want_dims and not any(d in _rule_dims(r) for d in want_dims):
            continue
        if (eq(r, "MetricName", ctx.get("MetricName")) and eq(r, "Namespace", ctx.get("Namespace"))
                and eq(r, "AlertState", ctx.get("AlertState")) and eq(r, "GroupId", ctx.get("GroupId"))
                and match_name(r["RuleName"], ctx.get("RuleName"))):
            items.append(r)
    chunk, _n, _s, total = page_numbers(ctx, items, 10000, default=100, number="Page")
    return {"Total": str(total), **wrap("Alarms", "Alarm", [public(r) for r in chunk])}


@action(P, "DescribeAlertHistoryList")
def describe_alert_history_list(ctx):
    start = ctx.int("StartTime", None)
    end = ctx.int("EndTime", None)
    items = []
    for h in ctx.scoped("alarm_history"):
        t = h["AlertTime"]
        if (start is not None and t < start) or (end is not None and t > end):
            continue
        if (eq(h, "RuleId", ctx.get("RuleId")) and eq(h, "RuleName", ctx.get("RuleName")) and eq(h, "Namespace", ctx.get("Namespace"))
                and eq(h, "MetricName", ctx.get("MetricName")) and eq(h, "State", ctx.get("State"))
                and eq(h, "Status", ctx.get("Status")) and eq(h, "GroupId", ctx.get("GroupId"))):
            items.append(h)
    items.sort(key=lambda h: h["AlertTime"], reverse=not as_bool(ctx.get("Ascending"), False))
    chunk, _n, _s, total = page_numbers(ctx, items, 10000, default=10, number="Page")
    rows = [public(h) for h in chunk]
    if ctx.faults.cms_legacy_fields:
        rows = [_legacy_history(r) for r in rows]
    return {"Total": str(total), **wrap("AlarmHistoryList", "AlarmHistory", rows)}


def _legacy_history(row: dict) -> dict:
    """The older answer (issue 13: CMS alert history documented in 2021): ``AlertState`` where the current
    metadata has ``State`` (apsara-api-digest.txt DescribeAlertHistoryList item ``State=ALARM``;
    alarms-events-api.md 3.3). Same place in the item, same values. DescribeMetricRuleList carries
    ``AlertState`` in both (digest ``Alarms.Alarm`` item ``AlertState=OK``), so it has nothing to rename."""
    return {("AlertState" if k == "State" else k): v for k, v in row.items()}


def _ms(ctx, name, default_ms):
    v = ctx.get(name)
    if v is None:
        return default_ms
    if str(v).isdigit():
        return int(v) if len(str(v)) > 10 else int(v) * 1000
    ts = parse_iso(v)
    if ts is None:
        raise ApiError(400, "ParameterInvalid", f"The specified parameter {name} is not valid.")
    return int(ts * 1000)


def _value(inst, field, t_ms, period):
    base = inst.get(field, 10.0)
    phase = (zlib.crc32(inst["InstanceId"].encode()) % 628) / 100.0
    avg = max(0.0, min(100.0, base + 2.5 * math.sin(t_ms / 1000.0 / 600.0 + phase)))
    return {"Minimum": round(max(0.0, avg - 4.0), 2), "Average": round(avg, 2),
            "Maximum": round(min(100.0, avg + 4.0 + (1.0 if period > 60 else 0.0)), 2)}


def _targets(ctx):
    namespace = ctx.get("Namespace")
    metric = ctx.get("MetricName")
    if namespace != "acs_ecs_dashboard" or metric not in _METRIC_FIELD:
        return [], None
    want = {d.get("instanceId") for d in _dims(ctx) if d.get("instanceId")}
    insts = [i for i in ctx.scoped("instance") if (not want or i["InstanceId"] in want)]
    return insts, _METRIC_FIELD[metric]


def _period(ctx):
    period = ctx.int("Period", 60, lo=1)
    if period % 60:
        raise ApiError(400, "ParameterInvalid", "The specified parameter Period is not valid.")
    return period


def _metric_body(ctx, points, nxt, period):
    out = {"Period": str(period), "Datapoints": json.dumps(points, separators=(",", ":"))}
    if nxt:
        out["NextToken"] = nxt
    return out


@action(P, "DescribeMetricLast", required=("Namespace", "MetricName"))
def describe_metric_last(ctx):
    period = _period(ctx)
    t = int(ctx.now // period * period * 1000)

    def select():
        insts, field = _targets(ctx)
        return [{"timestamp": t, "userId": USER_ID, "instanceId": i["InstanceId"], **_value(i, field, t, period)}
                for i in insts if i["Status"] == "Running"]
    # the values move with the period bucket, so t is part of the key: pages of one walk share the points
    points = ctx.results(select, t)
    chunk, nxt = tokens(ctx, points, 1440, default=1000, size="Length")
    return _metric_body(ctx, chunk, nxt, period)


@action(P, "DescribeMetricList", required=("Namespace", "MetricName"))
def describe_metric_list(ctx):
    period = _period(ctx)
    now_ms = int(ctx.now * 1000)
    end = _ms(ctx, "EndTime", now_ms)
    start = _ms(ctx, "StartTime", end - 3600 * 1000)
    if end < start or end - start > 31 * 86400 * 1000:
        raise ApiError(400, "ParameterInvalid", "The specified time range is not valid.")
    insts, field = _targets(ctx)
    step = period * 1000
    first = -(-start // step) * step
    points = []
    for i in insts:
        for t in range(first, min(end, now_ms) + 1, step):
            points.append({"timestamp": t, "userId": USER_ID, "instanceId": i["InstanceId"], **_value(i, field, t, period)})
            if len(points) > 200000:
                raise ApiError(400, "ParameterInvalid", "Too many data points; narrow the time range or dimensions.")
    chunk, nxt = tokens(ctx, points, 1440, default=1000, size="Length")
    return _metric_body(ctx, chunk, nxt, period)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The alarm coverage baseline (docs/events.md): validated as data, before any request.

A baseline entry says, for one resource kind: which metric (namespace, metric), when (comparison, threshold,
period, level) and whom to tell (notify: a ZStack SNS topic name, a CMS contact group).  `name` is the rule
remediation creates and manages; a rule of another name is never changed.  The metric catalogues below are the
metrics the clouds document (alarms-events-api.md; zstack-api.md 2.2; CMS namespaces), so a typo fails early.
"""

from __future__ import annotations

import re

ZSTACK_KINDS = {
    # kind: (namespace, label key, query path, query conditions)
    "host": ("ZStack/Host", "HostUuid", "/hosts", []),
    "primary_storage": ("ZStack/PrimaryStorage", "PrimaryStorageUuid", "/primary-storage", []),
    "backup_storage": ("ZStack/BackupStorage", "BackupStorageUuid", "/backup-storage", []),
    "vm": ("ZStack/VM", "VMUuid", "/vm-instances", ["type=UserVm", "state!=Destroyed"]),
    "vpc_router": ("ZStack/VRouter", "VRouterUuid", "/vpc/virtual-routers", []),
}
ZSTACK_METRICS = {
    "ZStack/Host": ("CPUAverageUsedUtilization", "CPUAllUsedUtilization", "MemoryUsedInPercent", "MemoryFreeInPercent",
                    "MemoryUsedCapacityPerHostInPercent", "DiskAllUsedCapacityInPercent", "DiskRootUsedCapacityInPercent"),
    "ZStack/VM": ("CPUAverageUsedUtilization", "CPUAllUsedUtilization", "MemoryUsedInPercent",
                  "OperatingSystemMemoryUsedPercent", "DiskAllUsedCapacityInPercent"),
    "ZStack/VRouter": ("CPUAverageUsedUtilization", "CPUAllUsedUtilization", "MemoryUsedInPercent"),
    "ZStack/PrimaryStorage": ("UsedPhysicalCapacityInPercent", "UsedCapacityInPercent", "TotalUsedCapacityInPercent",
                              "AvailablePhysicalCapacityInPercent"),
    "ZStack/BackupStorage": ("UsedCapacityInPercent", "TotalUsedCapacityInPercent"),
}
ZSTACK_COMPARISONS = ("GreaterThanOrEqualTo", "GreaterThan", "LessThan", "LessThanOrEqualTo")
ZSTACK_LEVELS = ("Emergent", "Important", "Normal")

APSARA_KINDS = {
    # kind: (namespace, dimension key)
    "instance": ("acs_ecs_dashboard", "instanceId"),
    "rds": ("acs_rds_dashboard", "instanceId"),
    "slb": ("acs_slb_dashboard", "instanceId"),
}
APSARA_METRICS = {
    "acs_ecs_dashboard": ("CPUUtilization", "cpu_total", "memory_usedutilization", "diskusage_utilization"),
    "acs_rds_dashboard": ("DiskUsage", "CpuUsage", "MemoryUsage", "ConnectionUsage"),
    "acs_slb_dashboard": ("UnhealthyServerCount", "HeathyServerCount"),
}
APSARA_COMPARISONS = ("GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold",
                      "LessThanOrEqualToThreshold", "NotEqualToThreshold")
APSARA_LEVELS = ("critical", "warn", "info")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


def _percent(metric):
    return "Percent" in metric or "Utilization" in metric or metric.endswith("Usage") or metric.endswith("utilization")


def validate(baseline, cloud):
    """Normalised entries; ValueError naming every problem (nothing is read or written before)."""
    kinds = ZSTACK_KINDS if cloud == "zstack" else APSARA_KINDS
    metrics = ZSTACK_METRICS if cloud == "zstack" else APSARA_METRICS
    comparisons = ZSTACK_COMPARISONS if cloud == "zstack" else APSARA_COMPARISONS
    levels = ZSTACK_LEVELS if cloud == "zstack" else APSARA_LEVELS
    problems, out, names = [], [], set()
    if not baseline:
        problems.append("the baseline is empty")
    for n, raw in enumerate(baseline or ()):
        where = "baseline[%d]" % n
        if not isinstance(raw, dict):
            problems.append("%s is not a mapping" % where)
            continue
        entry = dict(raw)
        kind = entry.get("kind")
        if kind not in kinds:
            problems.append("%s: kind %r is not one of %s" % (where, kind, ", ".join(sorted(kinds))))
            continue
        namespace = entry.get("namespace") or kinds[kind][0]
        if namespace not in metrics:
            problems.append("%s: unknown namespace %r" % (where, namespace))
            continue
        if entry.get("metric") not in metrics[namespace]:
            known = ", ".join(metrics[namespace])
            problems.append("%s: unknown metric %r in %s (known: %s)" % (where, entry.get("metric"), namespace, known))
            continue
        if entry.get("comparison") not in comparisons:
            problems.append("%s: comparison %r is not one of %s" % (where, entry.get("comparison"), ", ".join(comparisons)))
        try:
            threshold = float(entry.get("threshold"))
        except (TypeError, ValueError):
            problems.append("%s: threshold %r is not a number" % (where, entry.get("threshold")))
            continue
        if threshold < 0 or (_percent(entry["metric"]) and threshold > 100):
            allowed = "0-100 %" if _percent(entry["metric"]) else ">= 0"
            problems.append("%s: threshold %s is out of range (%s)" % (where, threshold, allowed))
        period = entry.get("period", 300)
        if not isinstance(period, int) or isinstance(period, bool) or not 1 <= period <= 86400:
            problems.append("%s: period %r must be 1..86400 seconds" % (where, period))
        level = entry.get("level", levels[1])
        if level not in levels:
            problems.append("%s: level %r is not one of %s" % (where, level, ", ".join(levels)))
        if not entry.get("notify"):
            problems.append("%s: notify (the %s) is required" % (where, "SNS topic" if cloud == "zstack" else "contact group"))
        name = entry.get("name") or "cloudops-%s-%s" % (kind.replace("_", "-"), entry["metric"])
        if not NAME.match(name):
            problems.append("%s: name %r is not a valid rule name" % (where, name))
        if name in names:
            problems.append("%s: name %r is used twice" % (where, name))
        names.add(name)
        out.append({"name": name, "kind": kind, "namespace": namespace, "metric": entry["metric"],
                    "comparison": entry.get("comparison"), "threshold": threshold, "period": period, "level": level,
                    "notify": entry.get("notify"), "manage": bool(entry.get("manage", True))})
    if problems:
        raise ValueError("; ".join(problems))
    return out


def strict_enough(comparison, threshold, rule_comparison, rule_threshold):
    """Whether a rule fires no later than the baseline asks: same direction, threshold at or beyond it."""
    up = ("Greater" in comparison)
    if ("Greater" in str(rule_comparison)) != up or rule_threshold is None:
        return False
    return rule_threshold <= threshold if up else rule_threshold >= threshold


def finding(kind, what, rule=None, resource=None, detail=None):
    """One audit finding: uncovered (a resource without a rule), no_notification (a rule nobody hears), disabled."""
    return {"finding": kind, "metric": what, "rule": rule, "resource": resource, "detail": detail}

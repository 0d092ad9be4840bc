# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a check catalogue over collected data and turn outcomes into findings.

Pure: no I/O, no clients.  Site configuration (threshold overrides, skipped checks, mutes) is
validated up front by validate_config() so bad input fails before any API call.
"""

from __future__ import annotations

import datetime
import fnmatch

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import (
    bilingual,
    new_finding,
    new_pass,
    resource_ref,
    uid_factory,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import parse_iso


class ConfigError(ValueError):
    """Site configuration (thresholds, skip list, mutes) is invalid."""


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_config(checks, thresholds=None, skip=None, mutes=None, now=None):
    """Check site overrides against the catalogue.  Returns the merged thresholds per check id.

    Raises ConfigError naming every problem at once: unknown check ids, unknown threshold
    names, wrong types, negative numbers, percentages outside 0..100, mutes without a reason
    or with an unparsable expiry.
    """
    by_id = dict((c.id, c) for c in checks)
    problems = []
    thresholds = thresholds or {}
    if not isinstance(thresholds, dict):
        raise ConfigError("thresholds must be a mapping of check id -> {name: value}")
    for check_id, overrides in thresholds.items():
        check = by_id.get(check_id)
        if check is None:
            problems.append("unknown check id %r in thresholds" % check_id)
            continue
        if not isinstance(overrides, dict):
            problems.append("thresholds for %s must be a mapping" % check_id)
            continue
        for name, value in overrides.items():
            if name not in check.thresholds:
                problems.append("check %s has no threshold %r (valid: %s)"
                                % (check_id, name, ", ".join(sorted(check.thresholds)) or "none"))
                continue
            default = check.thresholds[name]
            if _is_number(default):
                if not _is_number(value):
                    problems.append("threshold %s.%s must be a number, got %r" % (check_id, name, value))
                elif value < 0:
                    problems.append("threshold %s.%s must not be negative, got %r" % (check_id, name, value))
                elif name.endswith("_pct") and value > 100:
                    problems.append("threshold %s.%s is a percentage (0..100), got %r" % (check_id, name, value))
            elif isinstance(default, list) and not isinstance(value, list):
                problems.append("threshold %s.%s must be a list, got %r" % (check_id, name, value))
            elif isinstance(default, str) and not isinstance(value, str):
                problems.append("threshold %s.%s must be a string, got %r" % (check_id, name, value))
    for check_id in skip or []:
        if check_id not in by_id:
            problems.append("unknown check id %r in skip list" % check_id)
    for index, mute in enumerate(mutes or []):
        if not isinstance(mute, dict):
            problems.append("mute #%d must be a mapping" % index)
            continue
        pattern = mute.get("check")
        if not pattern or not any(fnmatch.fnmatchcase(c, pattern) for c in by_id):
            problems.append("mute #%d: check %r matches no check id" % (index, pattern))
        if not mute.get("reason"):
            problems.append("mute #%d: a reason is required" % index)
        if not mute.get("expires") or parse_iso(str(mute.get("expires"))) is None:
            problems.append("mute #%d: expires must be a date (YYYY-MM-DD), got %r" % (index, mute.get("expires")))
    if problems:
        raise ConfigError("invalid inspection configuration: " + "; ".join(problems))
    merged = {}
    for check in checks:
        values = dict(check.thresholds)
        values.update(thresholds.get(check.id, {}))
        merged[check.id] = values
    return merged


def scoped_config(catalogue, checks, thresholds=None, skip=None, mutes=None):
    """Site configuration of a whole `catalogue`, validated, cut down to the part `checks` one module evaluates.

    One role's settings serve several modules (backup validation and restore tests share the backup
    catalogue): an id of the other part is valid, not an error, and simply not this module's.
    Returns (thresholds, skip, mutes) for evaluate(checks, ...).  Raises ConfigError.
    """
    validate_config(catalogue, thresholds, skip, mutes)
    ids = set(c.id for c in checks)
    return (dict((k, v) for k, v in (thresholds or {}).items() if k in ids),
            [s for s in skip or [] if s in ids],
            [m for m in mutes or [] if any(fnmatch.fnmatchcase(i, m["check"]) for i in ids)])


def _active_mute(mutes, check_id, resource, now):
    for mute in mutes or []:
        if not fnmatch.fnmatchcase(check_id, mute["check"]):
            continue
        pattern = mute.get("resource", "*")
        if not (fnmatch.fnmatchcase(resource.get("uuid", ""), pattern)
                or fnmatch.fnmatchcase(resource.get("name", ""), pattern)):
            continue
        expires = parse_iso(str(mute["expires"]))
        if expires is not None and expires >= now:
            return {"reason": mute["reason"], "expires": str(mute["expires"])}
    return None


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _render(template, outcome):
    values = _SafeDict(outcome.evidence)
    values.setdefault("name", outcome.resource.get("name"))
    values.setdefault("uuid", outcome.resource.get("uuid"))
    return dict((lang, text.format_map(values)) for lang, text in template.items())


def _error_finding(platform, endpoint, check, meta, cause_en, cause_zh, checked_at):
    return new_finding(
        platform, endpoint, meta, "ERROR",
        resource_ref(check.resource_type, "-", "-"),
        bilingual("Check could not run: %s" % cause_en, "检查无法执行：%s" % cause_zh),
        check.remediation, evidence={"cause": cause_en}, checked_at=checked_at)


def evaluate(checks, data, platform, endpoint, thresholds=None, skip=None, mutes=None,
             collect_errors=None, now=None):
    """Evaluate every check not skipped.  Returns a list of findings.

    `data` maps dataset name -> collected items; `collect_errors` maps dataset name -> why it
    could not be collected.  A check whose data is missing, or whose function raises, yields
    one ERROR finding naming the cause: coverage is never lost silently.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    merged = validate_config(checks, thresholds, skip, mutes, now)
    collect_errors = collect_errors or {}
    checked_at = now.isoformat()
    skip = set(skip or [])
    ctx = {"now": now, "platform": platform, "endpoint": endpoint}
    findings = []
    for check in checks:
        if check.id in skip:
            continue
        meta = {"id": check.id, "title": check.title, "pillar": check.pillar, "severity": check.severity}
        missing = [name for name in check.requires if name not in data]
        if missing:
            causes = ["%s (%s)" % (name, collect_errors.get(name, "not collected")) for name in missing]
            findings.append(_error_finding(platform, endpoint, check, meta,
                                           "data unavailable: " + "; ".join(causes),
                                           "数据无法获取：" + "；".join(causes), checked_at))
            continue
        try:
            outcomes = list(check.func(data, merged[check.id], ctx))
        except Exception as exc:  # pylint: disable=broad-except
            # A bug or an unexpected API shape must show up as ERROR, not silence.
            cause = "%s: %s" % (type(exc).__name__, exc)
            findings.append(_error_finding(platform, endpoint, check, meta, cause, cause, checked_at))
            continue
        uid = uid_factory(platform, endpoint, check.id)
        for outcome in outcomes:
            if outcome.passed:
                findings.append(new_pass(meta, outcome.resource, uid(outcome.resource.get("uuid")), outcome.evidence))
                continue
            status = "FAIL"
            mute = _active_mute(mutes, check.id, outcome.resource, now)
            if mute:
                status = "MUTED"
            message = _render(check.message, outcome)
            findings.append(new_finding(
                platform, endpoint, meta, status, outcome.resource, message, check.remediation,
                severity=outcome.severity, evidence=outcome.evidence, checked_at=checked_at, mute=mute,
                uid=uid(outcome.resource.get("uuid"))))
    return findings

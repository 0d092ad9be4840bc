# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Required protection as site data (`backup_requirements`): parse, validate, match.

A rule names what must be protected (`match`: any of `tag` key=value, `name` glob, `group` = ZStack
cluster / Apsara resource group name) and how well (`rpo_hours`, optional `retention_days`).  The
first rule a resource matches applies to it (rules are tried in the order given); every key a
rule's `match` has must match (AND).  Pure: no I/O.

Structure errors are found by parse_rules() before any API call; a rule whose tag or group names
nothing that exists is found by unknown_references() after the reads.
"""

from __future__ import annotations

import fnmatch

RULE_KEYS = ("name", "match", "rpo_hours", "retention_days")
MATCH_KEYS = ("tag", "name", "group")


class RequirementError(ValueError):
    """`backup_requirements` is invalid (the message names every problem at once)."""


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def split_tag(text):
    """"env=prod" -> ("env", "prod"); ZStack's "env::prod" spelling too; a bare key -> (key, None)."""
    text = str(text).strip()
    for sep in ("::", "="):
        if sep in text:
            key, _sep, value = text.partition(sep)
            return key.strip(), value.strip()
    return text, None


def _rule_problems(index, rule, seen):
    label = "rule #%d" % (index + 1)
    if not isinstance(rule, dict):
        return ["%s must be a mapping" % label]
    name = rule.get("name")
    problems = []
    if not isinstance(name, str) or not name.strip():
        problems.append("%s needs a name" % label)
    else:
        label = "rule %r" % name
        if name in seen:
            problems.append("%s is defined twice" % label)
        seen.add(name)
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        problems.append("%s has unknown keys %s (valid: %s)" % (label, ", ".join(unknown), ", ".join(RULE_KEYS)))
    match = rule.get("match")
    if not isinstance(match, dict) or not match:
        problems.append("%s needs a non-empty match (any of %s)" % (label, ", ".join(MATCH_KEYS)))
    else:
        bad = sorted(set(match) - set(MATCH_KEYS))
        if bad:
            problems.append("%s: unknown match keys %s (valid: %s)" % (label, ", ".join(bad), ", ".join(MATCH_KEYS)))
        for key in MATCH_KEYS:
            if key in match and (not isinstance(match[key], str) or not match[key].strip()):
                problems.append("%s: match.%s must be a non-empty string, got %r" % (label, key, match[key]))
        if isinstance(match.get("tag"), str) and match["tag"].strip():
            key, value = split_tag(match["tag"])
            if not key or not value:
                problems.append("%s: match.tag must be key=value, got %r" % (label, match["tag"]))
    rpo = rule.get("rpo_hours")
    if not _number(rpo) or rpo <= 0:
        problems.append("%s: rpo_hours must be a positive number, got %r" % (label, rpo))
    retention = rule.get("retention_days")
    if retention is not None and (not _number(retention) or retention < 0):
        problems.append("%s: retention_days must be a number of days (0 or more), got %r" % (label, retention))
    return problems


def parse_rules(raw):
    """Validated rules (a list of dicts with name, match, rpo_hours, retention_days), or RequirementError."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RequirementError("backup_requirements must be a list of rules")
    problems, seen = [], set()
    for index, rule in enumerate(raw):
        problems.extend(_rule_problems(index, rule, seen))
    if problems:
        raise RequirementError("invalid backup_requirements: " + "; ".join(problems))
    return [{"name": r["name"], "match": dict((k, str(v).strip()) for k, v in r["match"].items()),
             "rpo_hours": float(r["rpo_hours"]),
             "retention_days": None if r.get("retention_days") is None else float(r["retention_days"])} for r in raw]


def facts(name, tags=None, groups=(), owner=None):
    """What a rule can match on: the resource's name (and its owner's: a data volume matches by its VM's
    name too), its tags {key: value} and its group names."""
    return {"name": name or "", "names": [n for n in (name, owner) if n], "tags": dict(tags or {}),
            "groups": set(g for g in groups if g)}


def matches(rule, fact):
    match = rule["match"]
    if "name" in match and not any(fnmatch.fnmatchcase(n, match["name"]) for n in fact["names"]):
        return False
    if "group" in match and match["group"] not in fact["groups"]:
        return False
    if "tag" in match:
        key, value = split_tag(match["tag"])
        if fact["tags"].get(key) != value:
            return False
    return True


def rule_for(rules, fact):
    """The first rule the resource matches, or None (not required)."""
    for rule in rules:
        if matches(rule, fact):
            return rule
    return None


def unknown_references(rules, all_facts, known_groups):
    """Problems with rules whose tag or group names nothing that exists (checked after the reads).

    `all_facts` are the facts of every resource in scope; `known_groups` every group name the
    platform has (clusters, resource groups), including empty ones.
    """
    tags = set()
    for fact in all_facts:
        tags.update(fact["tags"].items())
    known = set(known_groups)
    problems = []
    for rule in rules:
        match = rule["match"]
        if "tag" in match and split_tag(match["tag"]) not in tags:
            problems.append("rule %r: no resource carries tag %s" % (rule["name"], match["tag"]))
        if "group" in match and match["group"] not in known:
            problems.append("rule %r: group %r does not exist (known: %s)" % (rule["name"], match["group"], ", ".join(sorted(known)) or "none"))
    return problems

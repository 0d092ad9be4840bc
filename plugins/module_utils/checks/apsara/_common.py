# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers only the Apsara Stack check files need (pure functions, no state).

Platform-neutral helpers (numbers, bands, dates, expiry, internet exposure) live in checks/common;
what is here knows Alibaba Cloud API shapes: wrapped lists (`{"Tag": [...]}`), the two tag
spellings (ECS TagKey/TagValue, VPC Key/Value), security-group permissions ("22/22" port ranges,
priorities 1..100 where the lower number wins and Drop beats Accept at equal priority).
Times are ISO 8601 in UTC ("2026-12-02T16:00Z") or, in CloudMonitor, epoch milliseconds.
"""

from __future__ import annotations

import functools

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import ALL_PORTS, WORLD, field, to_bool
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import as_list, int_or_none

NEVER = "never"

# Fields with more than one documented name, newest first (alarms-events-api.md 3.1 and 3.3): CMS alert
# history items carry `State` now and `AlertState` in answers documented in 2021; metric rules `AlertState`.
ALERT_HISTORY_STATE = ("State", "AlertState")
RULE_ALERT_STATE = ("AlertState", "State")


def alert_state(item, names):
    """The upper-case alert state (ALARM, OK, INSUFFICIENT_DATA) under any of its documented names, or ""."""
    return str(field(item, names, "") or "").upper()


def inner_list(value, key):
    """An API list however it arrives: {"Key": [...]} (the wire shape), a bare list, one item, or nothing -> list."""
    if isinstance(value, dict) and key in value:
        value = value.get(key)
    return as_list(value)


def tag_pairs(item):
    """{key: value} of an item's tags (ECS TagKey/TagValue and VPC Key/Value spellings)."""
    pairs = {}
    for tag in inner_list(item.get("Tags"), "Tag"):
        if not isinstance(tag, dict):
            continue
        key = tag.get("TagKey", tag.get("Key"))
        if key not in (None, ""):
            pairs[str(key)] = str(tag.get("TagValue", tag.get("Value")) or "")
    return pairs


def _ref_of(rtype, name_key, id_key):
    """A resource-reference builder for one Alibaba item type (each names its id and name fields)."""
    return functools.partial(ref, rtype, name_key=name_key, uuid_key=id_key)


instance_ref = _ref_of("instance", "InstanceName", "InstanceId")
disk_ref = _ref_of("disk", "DiskName", "DiskId")
rds_ref = _ref_of("rds_instance", "DBInstanceDescription", "DBInstanceId")
sg_ref = _ref_of("security_group", "SecurityGroupName", "SecurityGroupId")
rule_ref = _ref_of("alarm_rule", "RuleName", "RuleId")
slb_ref = _ref_of("load_balancer", "LoadBalancerName", "LoadBalancerId")


def is_true(value):
    """Alibaba booleans: true, "true", "1", 1, "Enable", "Enabled", "on"."""
    return to_bool(value, ("enable", "enabled"))


def weekday_gap_days(weekdays):
    """Longest gap in days between scheduled weekdays (1..7); 7 for one day a week, None if unknown."""
    days = sorted(set(int(d) for d in weekdays if str(d).strip().isdigit() and 1 <= int(d) <= 7))
    if not days:
        return None
    if len(days) == 1:
        return 7
    gaps = [b - a for a, b in zip(days, days[1:])]
    gaps.append(days[0] + 7 - days[-1])
    return max(gaps)


# -- security group permissions ---------------------------------------------------------------

def port_range(rule):
    """(low, high) the permission covers, ALL_PORTS for any-port rules, None for ICMP/GRE."""
    protocol = str(rule.get("IpProtocol") or "").upper()
    if protocol == "ALL":
        return ALL_PORTS
    if protocol not in ("TCP", "UDP"):
        return None
    low, _sep, high = str(rule.get("PortRange") or "-1/-1").partition("/")
    low_n, high_n = int_or_none(low), int_or_none(high or low)
    if low_n is None or high_n is None or low_n < 0 or high_n < 0:
        return ALL_PORTS
    return (max(low_n, 1), min(high_n, 65535))


def _priority(rule):
    value = int_or_none(rule.get("Priority"))
    return 1 if value is None else value


def world_ingress(rules):
    """[(priority, policy, (low, high))] of the ingress permissions whose source is the whole internet."""
    found = []
    for rule in rules or []:
        if str(rule.get("Direction") or "ingress").lower() != "ingress":
            continue
        sources = (str(rule.get("SourceCidrIp") or "").strip(), str(rule.get("Ipv6SourceCidrIp") or "").strip())
        if not any(source in WORLD for source in sources):
            continue
        ports = port_range(rule)
        if ports is not None:
            found.append((_priority(rule), str(rule.get("Policy") or "Accept").lower(), ports))
    return found

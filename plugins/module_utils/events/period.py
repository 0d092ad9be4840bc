# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection period of an events module: checked before any request, split into the windows an API allows."""

from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events.model import iso_text

MAX_DAYS = 365          # CMS keeps a year of alert logs; nothing older is asked of either cloud
FUTURE_SLACK_S = 300    # clocks differ: an end up to 5 minutes ahead is now


def _parse(value, name):
    text = iso_text(value)
    if text is None:
        raise ValueError("%s %r is not an ISO 8601 time with a zone (e.g. 2026-12-01T00:00:00Z)" % (name, value))
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def resolve(since=None, until=None, days=None, now=None):
    """(since, until) as aware UTC datetimes; ValueError (nothing asked of the cloud) for a bad period."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    end = _parse(until, "until") if until else now
    if end > now + datetime.timedelta(seconds=FUTURE_SLACK_S):
        raise ValueError("until %s is in the future" % end.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if since:
        start = _parse(since, "since")
    else:
        if days is None or days <= 0:
            raise ValueError("give since, or days > 0")
        start = end - datetime.timedelta(days=days)
    if start >= end:
        raise ValueError("since must be before until")
    if end - start > datetime.timedelta(days=MAX_DAYS):
        raise ValueError("the period is longer than %d days, the longest the clouds keep alarm history" % MAX_DAYS)
    if start < now - datetime.timedelta(days=MAX_DAYS):
        raise ValueError("since is more than %d days ago; the clouds keep no alarm history that old" % MAX_DAYS)
    return start, min(end, now)


def ms(when):
    return int(when.timestamp() * 1000)


def windows(start_ms, end_ms, span_ms):
    """[(start, end)] of at most `span_ms` each, covering [start_ms, end_ms] without overlap."""
    out = []
    lo = start_ms
    while lo < end_ms:
        hi = min(lo + span_ms, end_ms)
        out.append((lo, hi))
        lo = hi + 1
    return out


def iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def policy_problems(time_zone, holidays):
    """What is wrong with a site's SLA policy (time zone, holidays), checked before any request."""
    problems = []
    try:
        from zoneinfo import ZoneInfo  # pylint: disable=import-outside-toplevel
        ZoneInfo(str(time_zone))
    except ImportError:
        pass      # Python < 3.9 on a managed node: the report checks it again
    except Exception:  # pylint: disable=broad-except
        problems.append("time_zone %r is not an IANA time zone (e.g. Asia/Shanghai)" % (time_zone,))
    for day in holidays or ():
        try:
            datetime.datetime.strptime(str(day), "%Y-%m-%d")
        except ValueError:
            problems.append("holiday %r is not a date YYYY-MM-DD" % (day,))
    return problems

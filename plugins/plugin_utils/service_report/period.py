# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A report period in the site's time zone: this_week, last_week, this_month, last_month, 2026-11, 2026-W48 or
2026-11-01..2026-11-15 (end date included).  Returns the label and the UTC bounds [since, until) the store uses."""

from __future__ import annotations

import datetime
import re
import zoneinfo


class PeriodError(ValueError):
    """A period this module cannot read."""


def _utc(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _month(year, month):
    nxt = (year + month // 12, month % 12 + 1)
    return datetime.date(year, month, 1), datetime.date(nxt[0], nxt[1], 1), "%04d-%02d" % (year, month)


def _week(day):
    monday = day - datetime.timedelta(days=day.weekday())
    iso = monday.isocalendar()
    return monday, monday + datetime.timedelta(days=7), "%04d-W%02d" % (iso[0], iso[1])


def resolve(text, timezone, today=None):
    """{label, kind (week|month|range), since, until (UTC ISO), start, end (local dates, end excluded), timezone}."""
    tz = zoneinfo.ZoneInfo(timezone)
    today = today or datetime.datetime.now(tz).date()
    text = str(text or "").strip()
    if text in ("this_week", "last_week"):
        start, end, label = _week(today - datetime.timedelta(days=7 if text == "last_week" else 0))
        kind = "week"
    elif text in ("this_month", "last_month"):
        first = today.replace(day=1)
        if text == "last_month":
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        start, end, label = _month(first.year, first.month)
        kind = "month"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise PeriodError("period %r: no such month" % text)
        start, end, label = _month(year, month)
        kind = "month"
    elif re.fullmatch(r"\d{4}-W\d{2}", text):
        try:
            start = datetime.date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
        except ValueError:
            raise PeriodError("period %r: no such ISO week" % text) from None
        start, end, label = _week(start)
        kind = "week"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}", text):
        try:
            start, last = (datetime.date.fromisoformat(t) for t in text.split(".."))
        except ValueError:
            raise PeriodError("period %r: bad date" % text) from None
        if last < start:
            raise PeriodError("period %r: ends before it starts" % text)
        end, label, kind = last + datetime.timedelta(days=1), "%s_%s" % (start.isoformat(), last.isoformat()), "range"
    else:
        raise PeriodError("period %r: expected this_week, last_week, this_month, last_month, YYYY-MM, YYYY-Www or "
                          "YYYY-MM-DD..YYYY-MM-DD" % text)
    lo = datetime.datetime.combine(start, datetime.time(), tz)
    hi = datetime.datetime.combine(end, datetime.time(), tz)
    return {"label": label, "kind": kind, "since": _utc(lo), "until": _utc(hi), "start": start.isoformat(),
            "end": end.isoformat(), "timezone": timezone, "days": (end - start).days}


def previous(period):
    """The period of the same kind right before (month-on-month, week-on-week)."""
    start = datetime.date.fromisoformat(period["start"])
    if period["kind"] == "month":
        before = start - datetime.timedelta(days=1)
        return resolve("%04d-%02d" % (before.year, before.month), period["timezone"])
    days = period["days"]
    lo = start - datetime.timedelta(days=days)
    return resolve("%s..%s" % (lo.isoformat(), (start - datetime.timedelta(days=1)).isoformat()), period["timezone"])


def local_day(iso_utc, timezone):
    """The site-local date (YYYY-MM-DD) of a stored UTC time."""
    moment = datetime.datetime.fromisoformat(str(iso_utc).replace("Z", "+00:00"))
    return moment.astimezone(zoneinfo.ZoneInfo(timezone)).date().isoformat()


def contract_periods(plan, today=None):
    """The report periods the contract owes so far: months (5x8) or ISO weeks (7x24) from contract_start to the last
    one that ended before today (or contract_end).  [] when the plan has no contract_start."""
    if not plan.get("contract_start"):
        return []
    tz = zoneinfo.ZoneInfo(plan["timezone"])
    today = today or datetime.datetime.now(tz).date()
    start = datetime.date.fromisoformat(str(plan["contract_start"]))
    end = datetime.date.fromisoformat(str(plan["contract_end"])) + datetime.timedelta(days=1) if plan.get("contract_end") else today
    end = min(end, today)
    out, day = [], start
    while True:
        if plan["tier"] == "7x24":
            lo, hi, label = _week(day)
        else:
            lo, hi, label = _month(day.year, day.month)
        if hi > end:
            break
        out.append(label)
        day = hi
    return out

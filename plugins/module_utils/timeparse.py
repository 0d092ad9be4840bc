# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse the date formats the cloud APIs send.

ZStack serialises timestamps with Gson's default pattern ("Jan 6, 2020 8:40:11 PM", the
management node's local time, no zone), licence dates as ISO strings with an offset, and zwatch
times as epoch seconds or milliseconds.  strptime's %b and %p follow the C locale, which is the
English the server writes, so no extra library is needed.
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import float_or_none

# "Jan 6, 2020 8:40:11 PM" (JDK 8) or "Jan 6, 2020, 8:40:11\u202fPM" (newer JDKs).  A regex instead
# of strptime: inspections parse tens of thousands of dates and strptime takes a locale lock and
# is ~20x slower.
_GSON = re.compile(r"^\s*([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[ \u202f\u00a0]?([AP]M)\s*$")
_MONTHS = dict((name, index + 1) for index, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")))


def parse_zstack_date(value):
    """Gson date -> naive datetime in the management node's local time, or None."""
    if not value or not isinstance(value, str):
        return None
    match = _GSON.match(value)
    if not match:
        return None
    month = _MONTHS.get(match.group(1))
    if month is None:
        return None
    hour = int(match.group(4)) % 12
    if match.group(7) == "PM":
        hour += 12
    try:
        return datetime.datetime(int(match.group(3)), month, int(match.group(2)), hour,
                                 int(match.group(5)), int(match.group(6)))
    except ValueError:
        return None


def parse_iso(value):
    """ISO 8601 (licence dates, Apsara times) -> aware datetime (UTC if no offset), or None."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    if " " in text and "T" not in text:
        text = text.replace(" ", "T", 1)
    # Python 3.11 fromisoformat accepts "+08:00" and fractional seconds.
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def parse_epoch(value):
    """Epoch seconds or milliseconds (values above 1e11 are ms) -> aware UTC datetime."""
    number = float_or_none(value)
    if number is None:
        return None
    if number > 1e11:
        number /= 1000.0
    return datetime.datetime.fromtimestamp(number, tz=datetime.timezone.utc)


def age_days(then, now):
    """Days from `then` to `now` (negative if `then` is in the future).  Naive and aware mixed:
    a naive `then` is compared with `now` converted to local naive time."""
    if then is None:
        return None
    if then.tzinfo is None and now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)
    elif then.tzinfo is not None and now.tzinfo is None:
        then = then.astimezone().replace(tzinfo=None)
    return (now - then).total_seconds() / 86400.0

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small value helpers every layer uses: numbers from API values, now and ISO 8601 UTC times.

Standard library only, in the records layer: checks, collectors, the change runtime and the
reporting layer may all import it (docs/architecture.md).
"""

from __future__ import annotations

import datetime
import math


def float_or_none(value):
    """A float from an API value (a number or a numeric string); None for anything else, bools and NaN included."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def int_or_none(value):
    number = float_or_none(value)
    return None if number is None or math.isinf(number) else int(number)


def utcnow():
    """Now, timezone-aware UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


def iso_utc(when):
    """A datetime (naive = controller local time, as ZStack dates are read) -> "2026-11-27T08:56:25Z"; None stays None."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def utcnow_iso():
    """Now as ISO 8601 UTC with a Z suffix, seconds precision (run start and end)."""
    return iso_utc(utcnow())


def utcnow_ms():
    """Now as ISO 8601 UTC with a Z suffix, milliseconds precision (change steps are often sub-second)."""
    now = utcnow()
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)

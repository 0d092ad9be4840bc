"""ZStack test helpers: the shared ones bound to the platform, plus ZStack's date formats."""

import datetime
import functools

from ..helpers import ENDPOINTS, NOW, assert_mentions, by_name, epoch_ms, run_check as _run_check, status_of

__all__ = ["ENDPOINT", "NOW", "assert_mentions", "by_name", "epoch_ms", "gson", "iso", "run_check", "status_of"]

ENDPOINT = ENDPOINTS["zstack"]
run_check = functools.partial(_run_check, "zstack")


def gson(days_ago=0.0, hours_ago=0.0, now=NOW):
    """A Gson date (ZStack's wire format, MN local time) this long before `now`."""
    when = now - datetime.timedelta(days=days_ago, hours=hours_ago)
    return when.strftime("%b %d, %Y %I:%M:%S %p").replace(" 0", " ", 1)


def iso(days_ahead, now=NOW):
    return (now + datetime.timedelta(days=days_ahead)).astimezone(datetime.timezone(datetime.timedelta(hours=8))).isoformat()

"""Apsara Stack test helpers: the shared ones bound to the platform, plus Alibaba's time formats."""

import datetime
import functools

from ..helpers import ENDPOINTS, NOW, assert_mentions, by_name, epoch_ms, run_check as _run_check, status_of

__all__ = ["ENDPOINT", "NOW", "ago", "ahead", "assert_mentions", "by_name", "epoch_ms", "run_check", "status_of"]

ENDPOINT = ENDPOINTS["apsara"]
run_check = functools.partial(_run_check, "apsara")


def ago(days=0.0, hours=0.0, now=NOW, minutes_only=False):
    """An Apsara ISO time (UTC, "Z") this long before `now` ("2026-11-20T12:00:00Z", or "...T12:00Z")."""
    when = now - datetime.timedelta(days=days, hours=hours)
    return when.strftime("%Y-%m-%dT%H:%MZ" if minutes_only else "%Y-%m-%dT%H:%M:%SZ")


def ahead(days, now=NOW):
    """An ECS ExpiredTime (minute precision, UTC) `days` after `now`."""
    return (now + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%MZ")

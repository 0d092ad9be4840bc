import datetime

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import _common

from .helpers import NOW


@pytest.mark.parametrize("text, expected", [
    ("1G", 1024 ** 3), ("512M", 512 * 1024 ** 2), ("8GB", 8 * 1024 ** 3), ("1073741824", 1073741824),
    ("0.5T", 512 * 1024 ** 3), ("junk", None), (None, None)])
def test_parse_size(text, expected):
    assert _common.parse_size(text) == expected


def test_parse_date_formats():
    assert _common.parse_date("Jan 6, 2020 8:40:11 PM") == datetime.datetime(2020, 1, 6, 20, 40, 11)
    assert _common.parse_date(1510669257141).year == 2017
    assert _common.parse_date("1510669257").year == 2017
    assert _common.parse_date("2017-08-23T12:27:01.000+08:00").utcoffset() == datetime.timedelta(hours=8)
    assert _common.parse_date("") is None and _common.parse_date({}) is None


def test_mn_offset_makes_gson_dates_exact():
    ctx = {"now": NOW, "mn_utc_offset_minutes": 480}
    # 20:00 in UTC+8 is 12:00 UTC, exactly NOW
    assert _common.age_hours("Nov 27, 2026 8:00:00 PM", ctx) == 0.0
    assert _common.age_minutes("Nov 27, 2026 7:30:00 PM", ctx) == 30.0


def test_pick_band_strict_and_inclusive():
    bands = _common.bands_from({"high_pct": 90, "medium_pct": 80})
    assert bands == [(90, "high"), (80, "medium")]
    assert _common.pick_band(80, bands) == ("medium", 80)
    assert _common.pick_band(80, bands, strict=True) == (None, None)
    assert _common.pick_band(95, bands, strict=True) == ("high", 90)


def test_usage_outcome_unknown_total():
    assert _common.usage_outcome({"type": "x"}, 0, 0, {"high_pct": 90}) is None
    outcome = _common.usage_outcome({"type": "x"}, 100, 5, {"high_pct": 90})
    assert (outcome.passed, outcome.severity, outcome.evidence["used_pct"]) == (False, "high", 95.0)

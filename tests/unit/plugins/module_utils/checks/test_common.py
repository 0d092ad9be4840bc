"""The platform-neutral helpers both catalogues share."""

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import common
from ansible_collections.cloudops.privatecloud.plugins.module_utils import values

from .helpers import NOW


def test_parse_date_formats():
    assert common.parse_date("Jan 6, 2020 8:40:11 PM") == datetime.datetime(2020, 1, 6, 20, 40, 11)
    assert common.parse_date(1510669257141).year == 2017
    assert common.parse_date("1510669257").year == 2017
    assert common.parse_date("2017-08-23T12:27:01.000+08:00").utcoffset() == datetime.timedelta(hours=8)
    assert common.parse_date("2026-12-02T16:00Z").utcoffset() == datetime.timedelta(0)
    assert common.parse_date("") is None and common.parse_date({}) is None


def test_mn_offset_makes_gson_dates_exact():
    ctx = {"now": NOW, "mn_utc_offset_minutes": 480}
    # 20:00 in UTC+8 is 12:00 UTC, exactly NOW
    assert common.age_hours("Nov 27, 2026 8:00:00 PM", ctx) == 0.0
    assert common.age_minutes("Nov 27, 2026 7:30:00 PM", ctx) == 30.0
    assert common.age_days("Nov 26, 2026 8:00:00 PM", ctx) == 1.0
    assert common.days_left("Nov 28, 2026 8:00:00 PM", ctx) == 1.0


def test_pick_band_strict_and_inclusive():
    bands = common.bands_from({"high_pct": 90, "medium_pct": 80})
    assert bands == [(90, "high"), (80, "medium")]
    assert common.pick_band(80, bands) == ("medium", 80)
    assert common.pick_band(80, bands, strict=True) == (None, None)
    assert common.pick_band(95, bands, strict=True) == ("high", 90)


def test_usage_outcome_unknown_total():
    assert common.usage_outcome({"type": "x"}, 0, 0, {"high_pct": 90}) is None
    outcome = common.usage_outcome({"type": "x"}, 100, 5, {"high_pct": 90})
    assert (outcome.passed, outcome.severity, outcome.evidence["used_pct"]) == (False, "high", 95.0)


def test_booleans_and_lookups():
    assert common.to_bool("Yes") and common.to_bool(True) and not common.to_bool("Enabled")
    assert common.to_bool("Enabled", ("enabled",))
    items = [{"uuid": "a", "name": "A"}, {"uuid": "b"}, {"name": "no id"}]
    assert common.names_by_id(items) == {"a": "A", "b": "b"}
    assert common.names_by_id([{"DiskId": "d-1", "DiskName": "data"}], "DiskId", "DiskName") == {"d-1": "data"}
    assert sorted(common.index_by(items)) == ["a", "b"]
    assert values.int_or_none("7.9") == 7 and values.int_or_none("x") is None


def test_world_exposure_priorities():
    # Lower priority number wins; Drop beats Accept at equal priority; no Drop = every Accept counts.
    world = [(1, "accept", (22, 22)), (1, "drop", (3389, 3389)), (1, "accept", (3389, 3389)), (5, "accept", (1, 65535)),
             (2, "drop", (80, 80))]
    assert common.port_exposed(world, 22)
    assert not common.port_exposed(world, 3389)
    assert common.port_exposed(world, 443)
    assert not common.port_exposed(world, 80)  # the priority-5 Accept loses to the priority-2 Drop
    assert common.open_world_ranges([(1, "accept", (22, 22)), (1, "accept", (1, 65535))]) == [(22, 22), (1, 65535)]
    assert common.open_world_ranges([(1, "accept", (22, 22)), (1, "drop", (1, 1024))]) == []

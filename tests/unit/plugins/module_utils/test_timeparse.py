import datetime

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import age_days, parse_epoch, parse_iso, parse_zstack_date


@pytest.mark.parametrize("text", ["Jan 6, 2020 8:40:11 PM", "Jul 26, 2017 11:30:27 AM", "Dec 31, 2026 12:00:00 PM", "Mar 1, 2024 12:05:09 AM"])
def test_gson_dates_parse_like_strptime(text):
    assert parse_zstack_date(text) == datetime.datetime.strptime(text, "%b %d, %Y %I:%M:%S %p")


def test_newer_jdk_format_and_garbage():
    assert parse_zstack_date("Jan 6, 2020, 8:40:11\u202fPM") == datetime.datetime(2020, 1, 6, 20, 40, 11)
    assert parse_zstack_date("Feb 30, 2020 1:00:00 AM") is None
    assert parse_zstack_date("2020-01-06") is None
    assert parse_zstack_date(None) is None


def test_iso_epoch_and_age():
    assert parse_iso("2017-08-23T12:27:01.000+08:00") == datetime.datetime(2017, 8, 23, 4, 27, 1, tzinfo=datetime.timezone.utc)
    assert parse_epoch(1510669257141) == parse_epoch(1510669257.141)
    now = datetime.datetime(2026, 11, 27, tzinfo=datetime.timezone.utc)
    assert age_days(datetime.datetime(2026, 11, 17, tzinfo=datetime.timezone.utc), now) == 10

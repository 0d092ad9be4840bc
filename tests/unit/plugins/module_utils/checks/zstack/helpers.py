"""Run one catalogue check through the real engine (so metadata, rendering and muting are exercised)."""

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate

NOW = datetime.datetime(2026, 11, 27, 12, 0, 0, tzinfo=datetime.timezone.utc)


def run_check(module, check_id, data, thresholds=None, now=NOW):
    checks = [c for c in module.CHECKS if c.id == check_id]
    assert checks, "no check %s in %s" % (check_id, module.__name__)
    overrides = {check_id: thresholds} if thresholds else None
    return evaluate(checks, data, "zstack", "https://zstack.test.invalid:8080", thresholds=overrides, now=now)


def gson(days_ago=0.0, hours_ago=0.0, now=NOW):
    """A Gson date (ZStack's wire format, MN local time) this long before `now`."""
    when = now - datetime.timedelta(days=days_ago, hours=hours_ago)
    return when.strftime("%b %d, %Y %I:%M:%S %p").replace(" 0", " ", 1)


def epoch_ms(minutes_ago=0.0, now=NOW):
    return int((now - datetime.timedelta(minutes=minutes_ago)).timestamp() * 1000)


def iso(days_ahead, now=NOW):
    return (now + datetime.timedelta(days=days_ahead)).astimezone(datetime.timezone(datetime.timedelta(hours=8))).isoformat()


def by_name(findings):
    """{resource name: finding}."""
    return dict((f["resource"]["name"], f) for f in findings)


def status_of(findings):
    return dict((f["resource"]["name"], f["status"]) for f in findings)


def assert_mentions(finding, *texts):
    """The FAIL message names the resource (and the given facts) in both languages."""
    for text in texts:
        for lang in ("en", "zh_CN"):
            assert str(text) in finding["message"][lang], (text, lang, finding["message"][lang])
    assert "{" not in finding["message"]["en"] and "{" not in finding["message"]["zh_CN"], finding["message"]

"""Test helpers for every check catalogue: run one check through the real engine (so metadata,
rendering and muting are exercised) and read the findings back."""

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate

NOW = datetime.datetime(2026, 11, 27, 12, 0, 0, tzinfo=datetime.timezone.utc)
ENDPOINTS = {"zstack": "https://zstack.test.invalid:8080", "apsara": "https://apsara.test.invalid"}


def run_check(platform, module, check_id, data, thresholds=None, now=NOW):
    checks = [c for c in module.CHECKS if c.id == check_id]
    assert checks, "no check %s in %s" % (check_id, module.__name__)
    overrides = {check_id: thresholds} if thresholds else None
    return evaluate(checks, data, platform, ENDPOINTS[platform], thresholds=overrides, now=now)


def epoch_ms(minutes_ago=0.0, now=NOW):
    return int((now - datetime.timedelta(minutes=minutes_ago)).timestamp() * 1000)


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

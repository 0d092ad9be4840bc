"""The evaluation engine: config validation, mutes, ERROR findings, compact passes."""

import datetime

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import ConfigError, evaluate, scoped_config, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual, finding_uid, resource_ref, summarize

NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.timezone.utc)


def usage(data, thresholds, ctx):
    for item in data["things"]:
        yield Outcome(resource_ref("thing", item["uuid"], item["name"]), item["pct"] < thresholds["max_pct"],
                      {"pct": item["pct"], "max_pct": thresholds["max_pct"]})


def broken(data, thresholds, ctx):
    raise KeyError("totalCapacity")


def make(check_id, func, requires=("things",)):
    return Check(id=check_id, platform="test", pillar="capacity", severity="high", resource_type="thing",
                 requires=requires, title=bilingual("Thing too full", "东西太满"),
                 message=bilingual("{name} is {pct}% used", "{name} 已使用 {pct}%"),
                 remediation=bilingual("Empty it.", "清空它。"), func=func, thresholds={"max_pct": 80})


CHECKS = [make("t_usage", usage), make("t_broken", broken), make("t_other_data", usage, requires=("others",))]
DATA = {"things": [{"uuid": "u1", "name": "a", "pct": 50}, {"uuid": "u2", "name": "<b>", "pct": 95}]}


def run(**kwargs):
    return evaluate(CHECKS, DATA, "test", "http://ep.invalid:8080", now=NOW, **kwargs)


def test_pass_fail_and_messages_in_both_languages():
    findings = [f for f in run() if f["check_id"] == "t_usage"]
    by_uuid = dict((f["resource"]["uuid"], f) for f in findings)
    assert by_uuid["u1"]["status"] == "PASS" and by_uuid["u2"]["status"] == "FAIL"
    assert by_uuid["u2"]["message"] == {"en": "<b> is 95% used", "zh_CN": "<b> 已使用 95%"}
    assert by_uuid["u2"]["evidence"] == {"pct": 95, "max_pct": 80}
    assert by_uuid["u2"]["uid"] == finding_uid("test", "http://ep.invalid:8080", "t_usage", "u2")
    # passes are compact: no texts, but enough for scoring and the resource list
    assert "message" not in by_uuid["u1"] and by_uuid["u1"]["severity"] == "high"


def test_threshold_override_changes_the_verdict():
    findings = [f for f in run(thresholds={"t_usage": {"max_pct": 99}}) if f["check_id"] == "t_usage"]
    assert [f["status"] for f in findings] == ["PASS", "PASS"]


def test_raising_check_and_missing_data_become_error_findings():
    findings = run(collect_errors={"others": "HTTP 503"})
    errors = dict((f["check_id"], f) for f in findings if f["status"] == "ERROR")
    assert set(errors) == {"t_broken", "t_other_data"}
    assert "KeyError" in errors["t_broken"]["message"]["en"]
    assert "others (HTTP 503)" in errors["t_other_data"]["message"]["en"]
    assert summarize(findings)["by_status"]["ERROR"] == 2


def test_skip_removes_a_check():
    assert not [f for f in run(skip=["t_broken"]) if f["check_id"] == "t_broken"]


def test_mute_until_expiry():
    mute = {"check": "t_*", "resource": "u2", "reason": "accepted, CHG-7", "expires": "2026-12-31"}
    muted = [f for f in run(mutes=[mute]) if f["resource"]["uuid"] == "u2" and f["check_id"] == "t_usage"][0]
    assert muted["status"] == "MUTED" and muted["mute"]["reason"] == "accepted, CHG-7"
    expired = dict(mute, expires="2026-11-01")
    assert [f for f in run(mutes=[expired]) if f["resource"]["uuid"] == "u2" and f["check_id"] == "t_usage"][0]["status"] == "FAIL"


@pytest.mark.parametrize("thresholds,skip,mutes,needle", [
    ({"nope": {}}, None, None, "unknown check id 'nope'"),
    ({"t_usage": {"min_pct": 1}}, None, None, "has no threshold 'min_pct'"),
    ({"t_usage": {"max_pct": "high"}}, None, None, "must be a number"),
    ({"t_usage": {"max_pct": 120}}, None, None, "percentage"),
    ({"t_usage": {"max_pct": -1}}, None, None, "negative"),
    (None, ["t_nope"], None, "skip list"),
    (None, None, [{"check": "t_usage", "expires": "2027-01-01"}], "reason is required"),
    (None, None, [{"check": "zz_*", "reason": "x", "expires": "2027-01-01"}], "matches no check id"),
    (None, None, [{"check": "t_usage", "reason": "x", "expires": "soon"}], "expires must be a date"),
])
def test_bad_configuration_is_rejected_with_a_clear_message(thresholds, skip, mutes, needle):
    with pytest.raises(ConfigError) as info:
        validate_config(CHECKS, thresholds, skip, mutes)
    assert needle in str(info.value)


def test_scoped_config_validates_the_whole_catalogue_and_keeps_this_part():
    mine, other = make("x_mine_check", usage), make("x_other_check", usage)
    mute_other = {"check": "x_other_*", "reason": "r", "expires": "2099-01-01"}
    mute_all = {"check": "x_*", "reason": "r", "expires": "2099-01-01"}
    thresholds, skip, mutes = scoped_config([mine, other], [mine], {"x_other_check": {"max_pct": 5}, "x_mine_check": {"max_pct": 7}},
                                            ["x_other_check"], [mute_other, mute_all])
    assert thresholds == {"x_mine_check": {"max_pct": 7}} and skip == [] and mutes == [mute_all]
    with pytest.raises(ConfigError, match="x_nope"):
        scoped_config([mine, other], [mine], {"x_nope": {}})

"""zstack_inspect: site configuration is validated before any API call; collection errors become ERROR findings."""

from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_inspect

from .module_runner import lab_args, run_module


def test_unknown_check_id_fails_before_any_call(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_inspect, lab_args(fresh_lab, thresholds={"zstack_no_such_check": {"x": 1}}), capsys)
    assert failed and "zstack_no_such_check" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0


def test_invalid_threshold_value_fails_before_any_call(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_inspect, lab_args(fresh_lab, skip_checks=["zstack_nope"],
                                                         mutes=[{"check": "zstack_host_disconnected", "reason": ""}]), capsys)
    assert failed
    assert "zstack_nope" in result["msg"] and "reason is required" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0


def test_inspection_of_demo_world(zstack_lab, capsys):
    failed, result = run_module(zstack_inspect, lab_args(zstack_lab), capsys)
    assert not failed, result.get("msg")
    assert result["report_kind"] == "inspection"
    assert result["collection"]["errors"] == {}
    assert result["summary"]["by_status"]["ERROR"] == 0
    failing = set(f["check_id"] for f in result["findings"] if f["status"] == "FAIL")
    assert "zstack_host_disconnected" in failing
    assert zstack_lab.password not in str(result)


def test_mute_turns_fail_into_muted(zstack_lab, capsys):
    mute = {"check": "zstack_host_disconnected", "resource": "*", "reason": "Hardware swap CHG-1", "expires": "2099-01-01"}
    failed, result = run_module(zstack_inspect, lab_args(zstack_lab, mutes=[mute]), capsys)
    assert not failed
    muted = [f for f in result["findings"] if f["check_id"] == "zstack_host_disconnected" and f["status"] == "MUTED"]
    assert muted and muted[0]["mute"]["reason"] == "Hardware swap CHG-1"
    assert not [f for f in result["findings"] if f["check_id"] == "zstack_host_disconnected" and f["status"] == "FAIL"]

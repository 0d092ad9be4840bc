"""zstack_info run in-process against the lab."""

from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_info

from .module_runner import lab_args, run_module


def test_query_with_conditions_fields_and_limit(zstack_lab, capsys):
    failed, result = run_module(zstack_info, lab_args(zstack_lab, resource="vm_instance", conditions=["type=UserVm"],
                                                      fields=["uuid", "name", "state"], limit=5, sort="name"), capsys)
    assert not failed, result
    assert len(result["resources"]) == 5
    assert result["total"] > 5
    assert set(result["resources"][0]) == {"uuid", "name", "state"}
    names = [r["name"] for r in result["resources"]]
    assert names == sorted(names)
    assert result["changed"] is False


def test_password_never_in_result(zstack_lab, capsys):
    failed, result = run_module(zstack_info, lab_args(zstack_lab, resource="zone"), capsys)
    assert not failed
    assert zstack_lab.password not in str(result)


def test_unknown_resource_lists_valid_ones(zstack_lab, capsys):
    failed, result = run_module(zstack_info, lab_args(zstack_lab, resource="flying_saucer"), capsys)
    assert failed
    assert "vm_instance" in result["msg"] and "primary_storage" in result["msg"]


def test_bad_condition_fails_before_any_call(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_info, lab_args(fresh_lab, resource="host", conditions=["status"]), capsys)
    assert failed and "no operator" in result["msg"]
    assert fresh_lab.stats()["requests"] == 0


def test_wrong_password_reports_zstack_code(zstack_lab, capsys):
    failed, result = run_module(zstack_info, lab_args(zstack_lab, resource="zone", password="nope", retries=0), capsys)
    assert failed
    assert result["error"]["code"] == "ID.1000"
    assert "nope" not in str(result)

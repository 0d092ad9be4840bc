"""apsara_info run in-process (patch_module_args): input validation offline, reads against the Apsara lab."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_info

from ..module_utils.apsara_fixtures import Capture, apsara_lab_fixture, fresh_apsara_lab_fixture  # noqa: F401  pylint: disable=unused-import
from .module_runner import run_module

SECRET = "Module-Test-Secret-77"


def offline_args(url, **extra):
    args = {"access_key_id": "AK", "access_key_secret": SECRET, "region_id": "cn-test-1",
            "endpoints": dict((p, url) for p in ("ecs", "vpc", "cms", "rds", "slb", "ascm")), "retries": 0}
    args.update(extra)
    return args


def lab_args(lab, **extra):
    args = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
            "organization_id": lab.organization_id, "endpoints": lab.endpoints}
    args.update(extra)
    return args


@pytest.mark.parametrize("action", ["StopInstance", "CreateSnapshot", "ModifyInstanceSpec", "DeleteVpc", "GetUserInfo"])
def test_non_read_action_is_refused_before_any_call(action, capsys):
    with Capture() as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="ecs", action=action), capsys)
    assert failed and "Describe" in result["msg"] and action in result["msg"]
    assert server.requests == []


def test_unknown_product_lists_valid_ones(capsys):
    with Capture() as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="oss", action="DescribeBuckets"), capsys)
    assert failed
    for product in ("ecs", "vpc", "cms", "rds", "slb", "ascm"):
        assert product in result["msg"]
    assert server.requests == []


def test_list_answer_is_unwrapped_and_paged(capsys):
    pages = [(200, {"TotalCount": 3, "VSwitches": {"VSwitch": [{"VSwitchId": "vsw-1"}, {"VSwitchId": "vsw-2"}]}}),
             (200, {"TotalCount": 3, "VSwitches": {"VSwitch": [{"VSwitchId": "vsw-3"}]}})]
    with Capture(pages) as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="vpc", action="DescribeVSwitches",
                                                              page_size=2, params={"VpcId": "vpc-1"}), capsys)
    assert not failed, result
    assert [i["VSwitchId"] for i in result["resources"]] == ["vsw-1", "vsw-2", "vsw-3"]
    assert result["total"] == 3 and result["pages"] == 2 and result["api_calls"] == 2
    assert result["list_path"] == "VSwitches.VSwitch" and "VSwitches" not in result["response"]
    assert server.requests[0]["body"]["VpcId"] == "vpc-1"
    assert result["changed"] is False


def test_non_list_action_returns_the_raw_response(capsys):
    with Capture([(200, {"RequestId": "R", "BackupRetentionPeriod": 7, "PreferredBackupTime": "02:00Z-03:00Z"})]) as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="rds", action="DescribeBackupPolicy",
                                                              params={"DBInstanceId": "rm-1"}), capsys)
    assert not failed, result
    assert result["resources"] == [] and result["list_path"] is None
    assert result["response"]["BackupRetentionPeriod"] == 7
    assert len(server.requests) == 1


def test_api_error_is_reported_with_code_and_without_secret(capsys):
    answer = {"Code": "SignatureDoesNotMatch", "Message": "server string to sign is:POST&%2F&x", "RequestId": "R-5"}
    with Capture([(400, answer)]) as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="ecs", action="DescribeInstances"), capsys)
    assert failed and result["error"]["code"] == "SignatureDoesNotMatch" and result["error"]["request_id"] == "R-5"
    assert SECRET not in str(result)
    assert server.requests


def test_endpoints_from_environment_json(monkeypatch, capsys):
    with Capture([(200, {"Regions": {"Region": [{"RegionId": "cn-test-1"}]}})]) as server:
        monkeypatch.setenv("APSARA_ENDPOINTS", '{"ecs": "%s"}' % server.url)
        monkeypatch.setenv("APSARA_ACCESS_KEY_ID", "AK")
        monkeypatch.setenv("APSARA_ACCESS_KEY_SECRET", SECRET)
        monkeypatch.setenv("APSARA_REGION_ID", "cn-test-1")
        failed, result = run_module(apsara_info, {"product": "ecs", "action": "DescribeRegions"}, capsys)
    assert not failed, result
    assert result["resources"] == [{"RegionId": "cn-test-1"}]


# -- against the lab -------------------------------------------------------------------------------
def test_describe_instances_from_the_lab(apsara_lab, capsys):
    failed, result = run_module(apsara_info, lab_args(apsara_lab, product="ecs", action="DescribeInstances"), capsys)
    assert not failed, result
    assert result["resources"] and all(i["InstanceId"].startswith("i-") for i in result["resources"])
    assert result["total"] == len(result["resources"])
    assert apsara_lab.access_key_secret not in str(result)


def test_check_mode_is_a_normal_read(apsara_lab, capsys):
    failed, result = run_module(apsara_info, lab_args(apsara_lab, product="vpc", action="DescribeVpcs", _ansible_check_mode=True),
                                capsys)
    assert not failed, result
    assert result["resources"] and result["changed"] is False


def test_token_paging_through_the_module(apsara_lab, capsys):
    failed, page = run_module(apsara_info, lab_args(apsara_lab, product="ecs", action="DescribeInstances"), capsys)
    assert not failed
    failed, token = run_module(apsara_info, lab_args(apsara_lab, product="ecs", action="DescribeInstances", paging="token",
                                                     page_size=2), capsys)
    assert not failed, token
    assert sorted(i["InstanceId"] for i in token["resources"]) == sorted(i["InstanceId"] for i in page["resources"])
    assert token["pages"] == -(-len(page["resources"]) // 2)


def test_wrong_secret_in_the_lab(apsara_lab, capsys):
    failed, result = run_module(apsara_info, lab_args(apsara_lab, product="ecs", action="DescribeInstances",
                                                      access_key_secret="not-the-secret-123"), capsys)
    assert failed and result["error"]["code"] == "SignatureDoesNotMatch"
    assert "not-the-secret-123" not in str(result)

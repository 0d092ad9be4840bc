"""apsara_info and zstack_info stay read-only whatever their params say (issue 18, item 1).

The attack: `params: {Action: ModifyInstanceAttribute, ...}` replaced the signed action (the client merged
the caller's parameters over its common ones) and renamed an instance, in check mode too.
"""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import (
    RESERVED_PARAMETERS,
    ApsaraClient,
    ApsaraError,
)
from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_info, zstack_info

from ..module_utils.apsara_fixtures import Capture, fresh_apsara_lab_fixture  # noqa: F401  pylint: disable=unused-import
from . import module_runner
from .module_runner import run_module


def apsara_args(lab, **extra):
    args = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
            "organization_id": lab.organization_id, "endpoints": lab.endpoints}
    args.update(extra)
    return args


def offline_args(url, **extra):
    args = {"access_key_id": "AK", "access_key_secret": "Read-Only-Test-Secret-42", "region_id": "cn-test-1",
            "endpoints": dict((p, url) for p in ("ecs", "vpc", "cms", "rds", "slb", "ascm")), "retries": 0}
    args.update(extra)
    return args


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("key", ["Action", "action", "ACTION", " Action"])
def test_apsara_info_cannot_replace_the_action(fresh_apsara_lab, capsys, key, check_mode):
    lab = fresh_apsara_lab
    failed, listed = run_module(apsara_info, apsara_args(lab, product="ecs", action="DescribeInstances"), capsys)
    instance = listed["resources"][0]
    lab.reset_writes()
    failed, result = run_module(apsara_info, apsara_args(
        lab, product="ecs", action="DescribeInstances", _ansible_check_mode=check_mode,
        params={key: "ModifyInstanceAttribute", "InstanceId": instance["InstanceId"], "InstanceName": "pwned"}), capsys)
    assert failed and "collide" in result["msg"], result
    assert lab.writes() == []
    failed, after = run_module(apsara_info, apsara_args(lab, product="ecs", action="DescribeInstances"), capsys)
    assert "pwned" not in [i.get("InstanceName") for i in after["resources"]]


@pytest.mark.parametrize("name", list(RESERVED_PARAMETERS) + ["signaturenonce", "TimeStamp", "X-ACS-BODY"])
def test_every_common_or_signature_parameter_is_refused_before_any_request(name, capsys):
    with Capture() as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="vpc", action="DescribeVpcs",
                                                              params={name: "x"}), capsys)
    assert failed and name in result["msg"]
    assert server.requests == []


@pytest.mark.parametrize("action", ["DescribeInstances&Action=DeleteInstance", "Describe/../Delete", "ListX Y", "describeVpcs"])
def test_action_must_be_a_plain_read_action_name(action, capsys):
    with Capture() as server:
        failed, result = run_module(apsara_info, offline_args(server.url, product="ecs", action=action), capsys)
    assert failed and "read actions" in result["msg"]
    assert server.requests == []


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_the_client_itself_refuses_a_reserved_parameter(method):
    """Defence in depth: a caller that bypasses the module still cannot replace the signed action."""
    with Capture() as server:
        client = ApsaraClient("AK", "Read-Only-Test-Secret-42", "cn-test-1", endpoints={"ecs": server.url}, retries=0)
        with pytest.raises(ApsaraError) as info:
            client.call("ecs", "DescribeInstances", {"Action": "DeleteInstance", "InstanceId": "i-1"}, method=method)
        assert info.value.code == "ReservedParameter" and not info.value.retriable
        client.call("ecs", "DescribeInstances", {"RegionId": "cn-test-1", "InstanceIds": ["i-1"]})
    assert len(server.requests) == 1  # the refused call sent nothing
    sent = server.requests[0]
    merged = dict(sent["body"], **sent["query"])
    assert merged["Action"] == "DescribeInstances" and merged["Version"] == "2014-05-26"


# -- zstack_info ------------------------------------------------------------------------------------
@pytest.mark.parametrize("extra,fragment", [
    ({"uuid": "x&limit=1"}, "uuid"),
    ({"uuid": "../../accounts/login"}, "uuid"),
    ({"uuid": "0" * 31}, "uuid"),
    ({"conditions": ["../x=1"]}, "field name"),
    ({"conditions": ["a&b=1"]}, "field name"),
    ({"sort": "name&delete=true"}, "sort"),
    ({"fields": ["uuid", "a/b"]}, "fields"),
    ({"start": -1}, "start"),
])
def test_zstack_info_refuses_hostile_query_options_before_any_request(fresh_lab, capsys, extra, fragment):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_info, module_runner.lab_args(fresh_lab, resource="vm_instance", **extra), capsys)
    assert failed and fragment in result["msg"], result
    assert fresh_lab.stats()["requests"] == 0


def test_zstack_info_sends_only_gets_to_the_query_path(fresh_lab, capsys):
    fresh_lab.reset_stats()
    failed, listed = run_module(zstack_info, module_runner.lab_args(fresh_lab, resource="vm_instance", limit=1), capsys)
    uuid = listed["resources"][0]["uuid"]
    failed, result = run_module(zstack_info, module_runner.lab_args(
        fresh_lab, resource="vm_instance", uuid=uuid.upper(), _ansible_check_mode=True,
        conditions=["name=x&action=delete", "description~=%/../%"], sort="-name", fields=["uuid", "name"]), capsys)
    assert not failed, result
    assert result["resources"] == [] and result["path"] == "/vm-instances"
    assert fresh_lab.writes() == []

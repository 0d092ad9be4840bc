"""The Apsara client against the Apsara lab (a real protocol peer that verifies Signature V2 on its own)."""

import time
import uuid

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient, ApsaraError

from .apsara_fixtures import apsara_lab_fixture, fresh_apsara_lab_fixture, scale_lab  # noqa: F401  pylint: disable=unused-import


def client_for(lab, https=False, **kwargs):
    kwargs.setdefault("retries", 3)
    kwargs.setdefault("base_delay", 0.01)
    kwargs.setdefault("organization_id", lab.organization_id)
    if https:
        kwargs.setdefault("ca_path", lab.ca_file)
    return ApsaraClient(kwargs.pop("access_key_id", lab.access_key_id), kwargs.pop("access_key_secret", lab.access_key_secret),
                        lab.region_id, endpoints=lab.https_endpoints if https else lab.endpoints, **kwargs)


def test_every_product_answers(apsara_lab):
    client = client_for(apsara_lab)
    assert client.call_all_pages("ecs", "DescribeInstances")
    assert client.call_all_pages("vpc", "DescribeVpcs")
    assert isinstance(client.call_all_pages("cms", "DescribeMetricRuleList"), list)
    assert isinstance(client.call_all_pages("rds", "DescribeDBInstances"), list)
    assert isinstance(client.call_all_pages("slb", "DescribeLoadBalancers"), list)
    assert isinstance(client.call_all_pages("ascm", "ListResourceGroup"), list)
    assert apsara_lab.access_key_secret not in str(client.stats)


@pytest.mark.parametrize("style,action,size,expected_calls", [
    ("page", "DescribeInstances", 100, 25),
    ("token", "DescribeInstances", 100, 25),
    ("page", "DescribeDisks", 100, 27),
    ("token", "DescribeDisks", 500, 6),
])
def test_paging_over_thousands_of_items_costs_one_call_per_page(style, action, size, expected_calls):
    with scale_lab(instances=2500, disks=2650, vswitches=10) as lab:
        client = client_for(lab)
        items = client.call_all_pages("ecs", action, style=style)
        key = "InstanceId" if action == "DescribeInstances" else "DiskId"
        assert len(items) == len(set(i[key] for i in items))
        assert len(items) == (2500 if action == "DescribeInstances" else 2650)
        assert client.stats["api_calls"] == expected_calls == lab.stats()["by_action"][action]
        assert -(-len(items) // size) == expected_calls


def test_page_style_vpc_lists_use_their_smaller_maximum():
    with scale_lab(instances=10, disks=10, vswitches=120) as lab:
        client = client_for(lab)
        vswitches = client.call_all_pages("vpc", "DescribeVSwitches")
        assert len(vswitches) >= 120
        assert client.stats["api_calls"] == -(-len(vswitches) // 50)


def test_throttling_is_ridden_out_by_retries(fresh_apsara_lab):
    client = client_for(fresh_apsara_lab, retries=8)
    expected = len(client.call_all_pages("ecs", "DescribeInstances"))
    fresh_apsara_lab.faults.update(throttle_rate=0.4, seed=11)
    counts = [len(client.call_all_pages("ecs", "DescribeInstances")) for _attempt in range(8)]
    fresh_apsara_lab.faults.update(throttle_rate=0.0)
    assert set(counts) == {expected}
    assert client.stats["retries"] > 0


def test_injected_server_errors_are_retried_for_reads(fresh_apsara_lab):
    client = client_for(fresh_apsara_lab, retries=8)
    fresh_apsara_lab.faults.update(error_rate=0.4, seed=7)
    counts = [len(client.call_all_pages("vpc", "DescribeVpcs")) for _attempt in range(20)]
    fresh_apsara_lab.faults.update(error_rate=0.0)
    assert len(set(counts)) == 1 and client.stats["retries"] > 0


def _a_disk(client):
    return next(d for d in client.call_all_pages("ecs", "DescribeDisks") if d.get("Status") in ("In_use", "Available"))


def test_write_with_client_token_is_retried_and_runs_once(fresh_apsara_lab):
    client = client_for(fresh_apsara_lab, retries=10)
    disk = _a_disk(client)
    before = len(client.call_all_pages("ecs", "DescribeSnapshots"))
    token = uuid.uuid4().hex
    fresh_apsara_lab.faults.update(throttle_rate=0.5, seed=3)
    reply = client.call("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"], "SnapshotName": "retry-test", "ClientToken": token})
    again = client.call("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"], "SnapshotName": "retry-test", "ClientToken": token})
    fresh_apsara_lab.faults.update(throttle_rate=0.0)
    assert reply["SnapshotId"] == again["SnapshotId"]  # the same token names the same snapshot
    assert len(client.call_all_pages("ecs", "DescribeSnapshots")) == before + 1


def test_write_without_client_token_fails_on_the_first_throttle(fresh_apsara_lab):
    client = client_for(fresh_apsara_lab, retries=10)
    disk = _a_disk(client)
    fresh_apsara_lab.faults.update(throttle_rate=1.0, seed=1)
    fresh_apsara_lab.reset_stats()
    with pytest.raises(ApsaraError) as info:
        client.call("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"]})
    fresh_apsara_lab.faults.update(throttle_rate=0.0)
    assert info.value.code.startswith("Throttling")
    assert fresh_apsara_lab.stats()["by_action"].get("CreateSnapshot") == 1
    assert client.stats["retries"] == 0


def test_waiter_follows_an_async_stop(fresh_apsara_lab):
    client = client_for(fresh_apsara_lab)
    running = client.call_all_pages("ecs", "DescribeInstances", {"Status": "Running"})
    instance = running[0]
    client.call("ecs", "StopInstance", {"InstanceId": instance["InstanceId"]})
    item = client.wait_for("ecs", "DescribeInstances", instance["InstanceId"], "Status", ["Stopped"], timeout=60, interval=0.2)
    assert item["Status"] == "Stopped" and item["InstanceId"] == instance["InstanceId"]


def test_tenancy_headers_scope_the_answer(apsara_lab):
    client = client_for(apsara_lab)
    everything = client.call_all_pages("ecs", "DescribeInstances")
    scoped = client_for(apsara_lab, resource_group_id=apsara_lab.resource_group_id).call_all_pages("ecs", "DescribeInstances")
    assert scoped and len(scoped) <= len(everything)
    with pytest.raises(ApsaraError) as info:
        client_for(apsara_lab, organization_id="no-such-org-999", retries=0).call("ecs", "DescribeInstances")
    assert info.value.code in ("InvalidParameter.Department", "NoPermission")


def test_wrong_secret_is_signature_mismatch_without_the_secret(apsara_lab):
    wrong = "WrongSecretValue-" + uuid.uuid4().hex
    client = client_for(apsara_lab, access_key_secret=wrong, retries=0)
    with pytest.raises(ApsaraError) as info:
        client.call("ecs", "DescribeInstances")
    err = info.value
    assert err.code == "SignatureDoesNotMatch" and err.status == 400
    assert "string to sign" in str(err)  # the server's string-to-sign is fine to show
    for text in (str(err), str(err.to_dict())):
        assert wrong not in text and apsara_lab.access_key_secret not in text


def test_unknown_access_key(apsara_lab):
    client = client_for(apsara_lab, access_key_id="LTAI-unknown", retries=0)
    with pytest.raises(ApsaraError) as info:
        client.call("ecs", "DescribeRegions")
    assert info.value.code.startswith("InvalidAccessKeyId")


def test_sts_token_works_and_expired_token_is_named(fresh_apsara_lab):
    good = fresh_apsara_lab.issue_sts_token(ttl=600)
    client = client_for(fresh_apsara_lab, access_key_id=good["access_key_id"], access_key_secret=good["access_key_secret"],
                        security_token=good["security_token"])
    assert client.call_all_pages("vpc", "DescribeVpcs")
    expired = fresh_apsara_lab.issue_sts_token(ttl=-1)
    client = client_for(fresh_apsara_lab, access_key_id=expired["access_key_id"], access_key_secret=expired["access_key_secret"],
                        security_token=expired["security_token"], retries=0)
    with pytest.raises(ApsaraError) as info:
        client.call("vpc", "DescribeVpcs")
    assert "Expired" in info.value.code and "security_token" in str(info.value)
    assert expired["access_key_secret"] not in str(info.value) and expired["security_token"] not in str(info.value)


def test_clock_skew_is_explained(apsara_lab):
    client = client_for(apsara_lab, retries=0)
    client.clock = lambda: time.time() - 3600
    with pytest.raises(ApsaraError) as info:
        client.call("ecs", "DescribeRegions")
    assert info.value.code == "InvalidTimeStamp.Expired" and "clock" in str(info.value)
    client.clock = lambda: time.time() + 600  # within the 15-minute window is fine
    assert client.call("ecs", "DescribeRegions")


def test_https_with_the_lab_ca(apsara_lab):
    assert client_for(apsara_lab, https=True).call_all_pages("vpc", "DescribeVpcs")


def test_https_without_the_ca_names_the_options(apsara_lab):
    client = ApsaraClient(apsara_lab.access_key_id, apsara_lab.access_key_secret, apsara_lab.region_id,
                          endpoints=apsara_lab.https_endpoints, retries=0)
    with pytest.raises(ApsaraError) as info:
        client.call("ecs", "DescribeRegions")
    assert "validate_certs" in str(info.value) and "ca_path" in str(info.value)


def test_https_without_verification(apsara_lab):
    client = ApsaraClient(apsara_lab.access_key_id, apsara_lab.access_key_secret, apsara_lab.region_id,
                          endpoints=apsara_lab.https_endpoints, validate_certs=False)
    assert client.call_all_pages("ecs", "DescribeInstances")


def test_unknown_action_is_the_gateways_error(apsara_lab):
    with pytest.raises(ApsaraError) as info:
        client_for(apsara_lab, retries=0).call("ecs", "DescribeFlyingSaucers")
    assert info.value.code in ("InvalidAction.NotFound", "InvalidApi.NotFound") and info.value.status == 404

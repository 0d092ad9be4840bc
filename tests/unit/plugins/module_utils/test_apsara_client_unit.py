"""The Apsara client's own logic against a scripted loopback server: headers, errors, retries, paging, endpoints."""

import socket
import time

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import (
    ApsaraClient,
    ApsaraError,
    derive_endpoint,
    list_path_of,
    parse_endpoints,
    sign,
    unwrap,
)

from .apsara_fixtures import Capture

SECRET = "Sup3r-S3cret-Value-42"


def client_for(url, **kwargs):
    kwargs.setdefault("retries", 3)
    kwargs.setdefault("base_delay", 0.001)
    endpoints = kwargs.pop("endpoints", dict((p, url) for p in ("ecs", "vpc", "cms", "rds", "slb", "ascm")))
    return ApsaraClient("AK-ID", SECRET, "cn-test-1", endpoints=endpoints, **kwargs)


def test_request_shape_signature_and_tenancy_headers():
    with Capture() as server:
        client = client_for(server.url, organization_id=25, resource_group_id="rs-7", security_token="STS-TOKEN")
        client.call("vpc", "DescribeVpcs", {"VpcId": "vpc-1", "IsDefault": False, "Ids": ["a", "b"]})
    request = server.requests[0]
    assert request["path"] == "/"
    query, body, headers = request["query"], request["body"], request["headers"]
    assert query["Action"] == "DescribeVpcs" and query["Version"] == "2016-04-28" and query["Format"] == "JSON"
    assert query["SignatureMethod"] == "HMAC-SHA1" and query["SignatureVersion"] == "1.0"
    assert query["SecurityToken"] == "STS-TOKEN"
    assert body == {"VpcId": "vpc-1", "IsDefault": "false", "Ids": '["a","b"]', "RegionId": "cn-test-1"}
    signed = dict(query, **body)
    assert sign("POST", signed, SECRET) == query["Signature"]
    assert headers["x-acs-organizationid"] == "25"
    assert headers["x-acs-resourcegroupid"] == "rs-7"
    assert headers["x-acs-regionid"] == "cn-test-1"
    assert headers["x-acs-request-version"] == "v1"
    assert SECRET not in str(request)


def test_every_product_uses_its_version():
    versions = {"ecs": "2014-05-26", "vpc": "2016-04-28", "cms": "2019-01-01", "rds": "2014-08-15", "slb": "2014-05-15",
                "ascm": "2019-05-10"}
    with Capture() as server:
        client = client_for(server.url)
        for product in versions:
            client.call(product, "DescribeSomething")
    assert [r["query"]["Version"] for r in server.requests] == list(versions.values())


def test_nonce_and_signature_change_per_attempt():
    with Capture([(503, {"Code": "ServiceUnavailable", "Message": "busy"}), (200, {"RequestId": "ok"})]) as server:
        client_for(server.url).call("ecs", "DescribeRegions")
    first, second = server.requests
    assert first["query"]["SignatureNonce"] != second["query"]["SignatureNonce"]


@pytest.mark.parametrize("code,status", [("Throttling", 400), ("Throttling.User", 400), ("ServiceUnavailable", 503),
                                         ("InternalError", 500), (None, 502)])
def test_reads_retry_transient_errors(code, status):
    answer = {"Code": code, "Message": "transient", "RequestId": "R"} if code else {}
    with Capture([(status, answer), (status, answer), (200, {"RequestId": "ok", "Vpcs": {"Vpc": []}})]) as server:
        client = client_for(server.url)
        assert client.call("vpc", "DescribeVpcs")["RequestId"] == "ok"
    assert client.stats["retries"] == 2 and len(server.requests) == 3


def test_read_gives_up_after_retries_with_the_api_code():
    with Capture([(400, {"Code": "Throttling.User", "Message": "Request was denied due to user flow control.", "RequestId": "R9"})] * 5) as server:
        client = client_for(server.url, retries=2)
        with pytest.raises(ApsaraError) as info:
            client.call("ecs", "DescribeInstances")
    assert len(server.requests) == 3
    err = info.value
    assert err.code == "Throttling.User" and err.request_id == "R9" and err.status == 400
    assert err.product == "ecs" and err.action == "DescribeInstances"
    assert "Throttling.User" in str(err) and "R9" in str(err)


def test_write_without_client_token_is_not_retried():
    with Capture([(503, {"Code": "ServiceUnavailable", "Message": "busy"}), (200, {"SnapshotId": "s-1"})]) as server:
        with pytest.raises(ApsaraError) as info:
            client_for(server.url).call("ecs", "CreateSnapshot", {"DiskId": "d-1"})
    assert info.value.code == "ServiceUnavailable" and len(server.requests) == 1


def test_write_with_client_token_is_retried_with_the_same_token():
    with Capture([(400, {"Code": "Throttling", "Message": "slow down"}), (200, {"SnapshotId": "s-1"})]) as server:
        reply = client_for(server.url).call("ecs", "CreateSnapshot", {"DiskId": "d-1", "ClientToken": "tok-1"})
    assert reply["SnapshotId"] == "s-1"
    assert [r["body"]["ClientToken"] for r in server.requests] == ["tok-1", "tok-1"]


def test_non_transient_errors_are_not_retried():
    with Capture([(404, {"Code": "InvalidInstanceId.NotFound", "Message": "no such instance"})]) as server:
        with pytest.raises(ApsaraError) as info:
            client_for(server.url).call("ecs", "DescribeInstanceAttribute", {"InstanceId": "i-x"})
    assert info.value.code == "InvalidInstanceId.NotFound" and len(server.requests) == 1


def test_apsara_success_body_with_code_200_is_not_an_error():
    body = {"Code": "200", "Message": "successful", "Success": True, "Alarms": {"Alarm": [{"RuleId": "r1"}]}, "Total": "1"}
    with Capture([(200, body)]) as server:
        assert client_for(server.url).call_all_pages("cms", "DescribeMetricRuleList") == [{"RuleId": "r1"}]
    assert server.requests[0]["body"]["Page"] == "1"


def test_success_false_with_http_200_is_an_error():
    with Capture([(200, {"Code": "403", "Message": "no permission", "Success": False})]) as server:
        with pytest.raises(ApsaraError) as info:
            client_for(server.url, retries=0).call("cms", "DescribeMetricRuleList")
    assert info.value.code == "403" and "no permission" in str(info.value)
    assert server.requests


def test_echoed_secret_is_scrubbed_from_errors():
    with Capture([(400, {"Code": "SignatureDoesNotMatch", "Message": "server string to sign is:x&%s" % SECRET})]) as server:
        with pytest.raises(ApsaraError) as info:
            client_for(server.url).call("ecs", "DescribeRegions")
    assert SECRET not in str(info.value) and SECRET not in str(info.value.to_dict())
    assert "access_key_secret" in str(info.value)
    assert server.requests


def test_page_paging_stops_at_the_total():
    pages = [(200, {"TotalCount": 5, "PageNumber": n, "Vpcs": {"Vpc": [{"VpcId": "v%d" % i} for i in ids]}})
             for n, ids in ((1, (1, 2)), (2, (3, 4)), (3, (5,)))]
    with Capture(pages) as server:
        items = client_for(server.url).call_all_pages("vpc", "DescribeVpcs", page_size=2)
    assert [i["VpcId"] for i in items] == ["v1", "v2", "v3", "v4", "v5"]
    assert [r["body"]["PageNumber"] for r in server.requests] == ["1", "2", "3"]
    assert all(r["body"]["PageSize"] == "2" for r in server.requests)


def test_default_page_size_is_the_actions_maximum():
    # present, empty lists: an answer without its list is an error (test_apsara_client_realworld.py)
    answers = [(200, {"RequestId": "R-1", "VSwitches": {"VSwitch": []}}), (200, {"RequestId": "R-2", "Instances": {"Instance": []}}),
               (200, {"RequestId": "R-3", "Disks": {"Disk": []}})]
    with Capture(answers) as server:
        client = client_for(server.url)
        client.call_all_pages("vpc", "DescribeVSwitches", list_path="VSwitches.VSwitch")
        client.call_all_pages("ecs", "DescribeInstances", list_path="Instances.Instance")
        client.call_all_pages("ecs", "DescribeDisks", style="token", list_path="Disks.Disk")
    assert server.requests[0]["body"]["PageSize"] == "50"
    assert server.requests[1]["body"]["PageSize"] == "100"
    assert server.requests[2]["body"]["MaxResults"] == "500" and "PageNumber" not in server.requests[2]["body"]


def test_token_paging_follows_next_token():
    pages = [(200, {"NextToken": "t2", "Instances": {"Instance": [{"InstanceId": "i-1"}]}}),
             (200, {"NextToken": "", "Instances": {"Instance": [{"InstanceId": "i-2"}]}})]
    with Capture(pages) as server:
        items = client_for(server.url).call_all_pages("ecs", "DescribeInstances", style="token")
    assert [i["InstanceId"] for i in items] == ["i-1", "i-2"]
    assert "NextToken" not in server.requests[0]["body"] and server.requests[1]["body"]["NextToken"] == "t2"


def test_cms_datapoints_json_string_is_parsed():
    body = {"Code": "200", "Datapoints": '[{"instanceId":"i-1","Average":12.5}]', "NextToken": None}
    with Capture([(200, body)]) as server:
        params = {"Namespace": "acs_ecs_dashboard", "MetricName": "CPUUtilization"}
        points = client_for(server.url).call_all_pages("cms", "DescribeMetricLast", params)
    assert points == [{"instanceId": "i-1", "Average": 12.5}]
    assert server.requests[0]["body"]["Length"] == "1000"


def test_list_path_detection_and_unwrap():
    assert list_path_of("ecs", "DescribeInstances") == "Instances.Instance"
    assert list_path_of("ecs", "DescribeZones", {"RequestId": "x", "Zones": {"Zone": [{"ZoneId": "a"}]}}) == "Zones.Zone"
    assert list_path_of("cms", "DescribeAlertLogList", {"RequestId": "x", "AlertLogList": []}) == "AlertLogList"
    assert list_path_of("rds", "DescribeBackupPolicy", {"RequestId": "x", "BackupRetentionPeriod": 7}) is None
    assert unwrap({"Instances": {"Instance": []}}, "Instances.Instance") == []
    assert unwrap({}, "Instances.Instance") == []
    assert unwrap({"Datapoints": ""}, "Datapoints") == []


def test_waiter_polls_until_the_target_state():
    states = ["Stopping", "Stopping", "Stopped"]
    answers = [(200, {"Instances": {"Instance": [{"InstanceId": "i-1", "Status": s}]}, "TotalCount": 1}) for s in states]
    with Capture(answers) as server:
        client = client_for(server.url, sleep=lambda seconds: None)
        item = client.wait_for("ecs", "DescribeInstances", "i-1", "Status", ["Stopped"], timeout=30)
    assert item["Status"] == "Stopped" and len(server.requests) == 3
    assert server.requests[0]["body"]["InstanceIds"] == '["i-1"]'


def test_waiter_fails_fast_on_a_failure_state():
    answers = [(200, {"Snapshots": {"Snapshot": [{"SnapshotId": "s-1", "Status": "failed"}]}})]
    with Capture(answers) as server:
        with pytest.raises(ApsaraError) as info:
            client_for(server.url).wait_for("ecs", "DescribeSnapshots", "s-1", "Status", "accomplished", failure_states=["failed"])
    assert info.value.code == "WaitFailed" and len(server.requests) == 1


def test_waiter_times_out():
    with Capture([(200, {"Vpcs": {"Vpc": [{"VpcId": "vpc-1", "Status": "Pending"}]}})] * 50) as server:
        client = client_for(server.url, sleep=lambda seconds: time.sleep(0.01))
        with pytest.raises(ApsaraError) as info:
            client.wait_for("vpc", "DescribeVpcs", "vpc-1", "Status", ["Available"], timeout=0.1)
    assert info.value.code == "WaitTimeout" and "Pending" in str(info.value)
    assert server.requests


def test_missing_endpoint_names_the_product_and_the_option():
    client = ApsaraClient("AK", SECRET, "cn-test-1", endpoints={"ecs": "http://127.0.0.1:9"})
    with pytest.raises(ApsaraError) as info:
        client.call("rds", "DescribeDBInstances")
    assert "rds" in str(info.value) and "endpoints.rds" in str(info.value) and "APSARA_ENDPOINTS" in str(info.value)
    assert client.stats["api_calls"] == 0


def test_explicit_endpoint_wins_over_domain_and_domain_is_the_fallback():
    client = ApsaraClient("AK", SECRET, "cn-test-1", endpoints={"ecs": "http://ecs.example.invalid:8080"},
                          domain="cloud.example.invalid", center_region=False)
    assert client.endpoint("ecs") == "http://ecs.example.invalid:8080/"
    assert client.endpoint("vpc") == "https://vpc-internal.cn-test-1.cloud.example.invalid/"
    assert client.endpoint("cms") == "https://metrics.open.cn-test-1.cloud.example.invalid/"
    assert derive_endpoint("slb", "http://cloud.example.invalid", "r1") == "http://slb-vpc.cloud.example.invalid/"
    assert derive_endpoint("ascm", "cloud.example.invalid", "r1", center_region=False) == "https://ascm.r1.cloud.example.invalid/"


def test_unknown_product_lists_the_valid_ones():
    with pytest.raises(ApsaraError) as info:
        ApsaraClient("AK", SECRET, "r", endpoints={"oss": "http://127.0.0.1:1"})
    assert "ecs" in str(info.value) and "ascm" in str(info.value)


def test_parse_endpoints_forms():
    assert parse_endpoints('{"ecs": "http://a"}') == {"ecs": "http://a"}
    assert parse_endpoints("ecs=http://a, vpc=http://b") == {"ecs": "http://a", "vpc": "http://b"}
    assert parse_endpoints(None) == {}
    with pytest.raises(ApsaraError):
        parse_endpoints("{not json")


def test_unreachable_endpoint_names_product_and_url():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = ApsaraClient("AK", SECRET, "r", endpoints={"slb": "http://127.0.0.1:%d" % port}, timeout=2, retries=1, base_delay=0.01)
    started = time.monotonic()
    with pytest.raises(ApsaraError) as info:
        client.call("slb", "DescribeLoadBalancers")
    assert time.monotonic() - started < 5
    assert "SLB" in str(info.value) and "http://127.0.0.1:%d/" % port in str(info.value)
    assert client.stats["retries"] == 1


def test_credentials_are_required():
    with pytest.raises(ApsaraError, match="access_key_id"):
        ApsaraClient("", SECRET, "r")
    with pytest.raises(ApsaraError, match="region_id"):
        ApsaraClient("AK", SECRET, "")

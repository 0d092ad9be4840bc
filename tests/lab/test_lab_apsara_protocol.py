"""Apsara lab wire protocol: signature V2, nonce/timestamp/keys/STS, GET vs POST, errors, faults, HTTPS, official SDK."""
from __future__ import annotations

import json
import os
import ssl
import urllib.error
import urllib.request

import pytest
from apsara_raw import Raw, signature, string_to_sign, utc_timestamp
from lab_cli import lab_json, serving
from lab.apsara import ApsaraLab

DEMO_KEY, DEMO_SECRET = "LTAI5tLabDemoKey0001", "LabDemoSecret0123456789abcdef01"


@pytest.fixture(scope="module")
def alab():
    with ApsaraLab(world="demo", async_seconds=0.2) as lab:
        yield lab


@pytest.fixture
def raw(alab):
    return Raw(alab.http_url, alab.access_key_id, alab.access_key_secret)


def test_api_surface(alab):
    assert (alab.access_key_id, alab.access_key_secret, alab.region_id) == (DEMO_KEY, DEMO_SECRET, "cn-lab-1")
    assert set(alab.endpoints) == {"ecs", "vpc", "cms", "rds", "slb", "ascm"}
    assert set(alab.endpoints.values()) == {alab.http_url} and set(alab.https_endpoints.values()) == {alab.https_url}
    assert alab.organization_id == "27" and alab.resource_group_id == "61"


def test_reference_signer_matches_official_vector():
    params = {"TimeStamp": "2016-02-23T12:46:24Z", "Format": "XML", "AccessKeyId": "testid", "Action": "DescribeRegions",
              "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
              "Version": "2014-05-26", "SignatureVersion": "1.0"}
    assert signature("GET", params, "testsecret") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="


def test_signature_ok_and_headers(raw):
    status, headers, body = raw.call("ecs", "DescribeRegions")
    assert status == 200 and body["Regions"]["Region"][0]["RegionId"] == "cn-lab-1"
    assert headers["x-acs-request-id"] == body["RequestId"] and headers["Content-Type"].startswith("application/json")


def test_wrong_signature_message_carries_server_string_to_sign(raw):
    p = raw.common("ecs", "DescribeRegions")
    status, _h, body = raw.send("GET", dict(p), secret="not-the-secret")
    assert status == 400 and body["Code"] == "SignatureDoesNotMatch"
    assert set(body) >= {"RequestId", "HostId", "Code", "Message"}
    prefix, sts = body["Message"].split(":")        # exactly one ':' (the SDK splits on it)
    assert prefix == "Specified signature is not matched with our calculation. server string to sign is"
    assert sts == string_to_sign("GET", p)
    assert "%253A" in sts                            # timestamp colons double-encoded


def test_awkward_characters_and_empty_values_are_signed(raw):
    # values needing every encoding rule, and an empty-valued parameter (aliyunsdkcore sends SignatureType=)
    body = raw.ok("ecs", "DescribeInstances", {"InstanceName": "a b*c~d/é+", "SignatureType": "", "Tag.1.Key": "k=v&x"})
    assert body["TotalCount"] == 0
    p = raw.common("ecs", "DescribeInstances", SignatureType="")
    sig = signature("GET", p, raw.secret)
    p2 = dict(p)
    p2.pop("SignatureType")                          # dropping the signed empty value breaks the signature
    p2["Signature"] = sig
    status, _h, body = raw.send("GET", p2, sign=False)
    assert status == 400 and body["Code"] == "SignatureDoesNotMatch"


def test_nonce_replay_rejected(raw):
    p = raw.common("ecs", "DescribeRegions")
    assert raw.send("GET", dict(p))[0] == 200
    status, _h, body = raw.send("GET", dict(p))
    assert (status, body["Code"]) == (400, "SignatureNonceUsed")


@pytest.mark.parametrize("offset,ok", [(-14 * 60, True), (16 * 60, False), (-16 * 60, False)])
def test_timestamp_skew(raw, offset, ok):
    status, _h, body = raw.send("GET", raw.common("ecs", "DescribeRegions", Timestamp=utc_timestamp(offset)))
    if ok:
        assert status == 200
    else:
        assert (status, body["Code"]) == (400, "InvalidTimeStamp.Expired")


def test_bad_timestamp_and_method(raw):
    status, _h, body = raw.send("GET", raw.common("ecs", "DescribeRegions", Timestamp="2024/01/01 10:00"))
    assert (status, body["Code"]) == (400, "InvalidTimeStamp.Format")
    status, _h, body = raw.send("GET", raw.common("ecs", "DescribeRegions", SignatureMethod="HMAC-MD5"))
    assert (status, body["Code"]) == (400, "InvalidSignatureMethod")
    p = raw.common("ecs", "DescribeRegions")
    status, _h, body = raw.send("GET", p, sign=False)
    assert (status, body["Code"]) == (400, "IncompleteSignature")


def test_unknown_and_disabled_keys(alab):
    status, _h, body = Raw(alab.http_url, "LTAI5tNoSuchKey", "x").call("ecs", "DescribeRegions")
    assert (status, body["Code"], body["Message"]) == (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    status, _h, body = Raw(alab.http_url, "LTAI5tLabDisabled0003", "LabDisabledSecret0000000000003").call("ecs", "DescribeRegions")
    assert (status, body["Code"]) == (400, "InvalidAccessKeyId.Inactive")


def test_sts_tokens(alab):
    good = Raw(alab.http_url, "STS.LabTempKey0001", "LabStsSecret0123456789abcdef0001", token="CAISLabSecurityToken0001")
    assert good.call("ecs", "DescribeRegions")[0] == 200
    expired = Raw(alab.http_url, "STS.LabExpiredKey0002", "LabStsSecret0123456789abcdef0002", token="CAISLabSecurityToken0002")
    status, _h, body = expired.call("ecs", "DescribeRegions")
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.Expired")
    missing = Raw(alab.http_url, "STS.LabTempKey0001", "LabStsSecret0123456789abcdef0001")
    assert missing.call("ecs", "DescribeRegions")[2]["Code"] == "MissingSecurityToken"
    wrong = Raw(alab.http_url, "STS.LabTempKey0001", "LabStsSecret0123456789abcdef0001", token="CAISother")
    assert wrong.call("ecs", "DescribeRegions")[2]["Code"] == "InvalidSecurityToken.MismatchWithAccessKey"
    minted = alab.issue_sts_token(ttl=60)
    fresh = Raw(alab.http_url, minted["access_key_id"], minted["access_key_secret"], token=minted["security_token"])
    assert fresh.call("vpc", "DescribeVpcs")[0] == 200


def test_get_and_post_form(raw):
    get = raw.ok("ecs", "DescribeInstances", {"PageSize": 3})
    post = raw.call("ecs", "DescribeInstances", {"PageSize": 3}, method="POST")[2]
    assert [i["InstanceId"] for i in get["Instances"]["Instance"]] == [i["InstanceId"] for i in post["Instances"]["Instance"]]
    # business parameters in the form body, common ones in the query; signed over both, with the POST method
    p = raw.common("ecs", "DescribeInstances")
    status, _h, body = raw.send("POST", p, body_params={"PageSize": "2", "InstanceName": "web-*"})
    assert status == 200 and body["PageSize"] == 2 and body["TotalCount"] == 3
    # the same signature sent with GET fails: the method is part of the string to sign
    p = raw.common("ecs", "DescribeRegions")
    p["Signature"] = signature("POST", p, raw.secret)
    assert raw.send("GET", p, sign=False)[2]["Code"] == "SignatureDoesNotMatch"


def test_routing_and_error_shapes(raw):
    status, _h, body = raw.call("2099-01-01", "DescribeInstances")
    assert (status, body["Code"]) == (400, "InvalidVersion")
    status, _h, body = raw.call("ecs", "DescribeNothing")
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound")
    assert body["HostId"] == "ecs-internal.lab.apsara.local" and body["RequestId"]
    status, _h, body = raw.call("ecs", "DescribeInstanceAttribute")
    assert (status, body["Code"], body["Message"]) == (400, "MissingInstanceId", "InstanceId is mandatory for this action.")
    status, _h, body = raw.call("ecs", "DescribeInstanceAttribute", {"InstanceId": "i-nope"})
    assert (status, body["Code"]) == (404, "InvalidInstanceId.NotFound")
    running = raw.ok("ecs", "DescribeInstances", {"PageSize": 1})["Instances"]["Instance"][0]["InstanceId"]
    status, _h, body = raw.call("ecs", "StartInstance", {"InstanceId": running})
    assert (status, body["Code"]) == (403, "IncorrectInstanceStatus")
    status, _h, body = raw.call("ecs", "DescribeInstances", {"PageSize": 101})
    assert status == 400 and body["Code"] == "InvalidParameter.PageSize"


def test_apsara_success_envelope(raw):
    vpc = raw.ok("vpc", "DescribeVpcs")
    assert (vpc["Code"], vpc["Success"]) == ("200", True)
    assert "Code" not in raw.ok("ecs", "DescribeRegions")


def test_fault_injection_and_control_endpoint(alab, raw):
    try:
        alab.faults.update(error_rate=1.0, seed=3)
        seen = []
        for _i in range(10):
            status, _h, body = raw.call("ecs", "DescribeRegions")
            seen.append((status, body["Code"]))
        assert set(seen) == {(500, "InternalError"), (503, "ServiceUnavailable")}
        alab.faults.update(seed=3)
        assert [(s, b["Code"]) for s, _h, b in (raw.call("ecs", "DescribeRegions") for _i in range(10))] == seen
        alab.faults.update(error_rate=0.0, throttle_rate=1.0)
        status, _h, body = raw.call("ecs", "DescribeRegions")
        assert (status, body["Code"], body["Message"]) == (400, "Throttling.User", "Request was denied due to user flow control.")
        req = urllib.request.Request(alab.http_url + "/_lab/faults", method="PUT",
                                     data=json.dumps({"throttle_rate": 1.0, "throttle_status": 503, "throttle_code": "Throttling"}).encode())
        with urllib.request.urlopen(req, timeout=5) as rsp:
            assert json.loads(rsp.read())["throttle_status"] == 503
        status, _h, body = raw.call("ecs", "DescribeRegions")
        assert (status, body["Code"]) == (503, "Throttling")
    finally:
        alab.faults.update(error_rate=0.0, throttle_rate=0.0, throttle_status=400, throttle_code="Throttling.User")
    alab.reset_stats()
    raw.ok("ecs", "DescribeRegions")
    with urllib.request.urlopen(alab.http_url + "/_lab/stats", timeout=5) as rsp:
        assert json.loads(rsp.read()) == {"requests": 1, "by_action": {"DescribeRegions": 1}}


def test_latency(alab, raw):
    import time
    alab.faults.update(latency_ms=60)
    try:
        t = time.monotonic()
        raw.ok("ecs", "DescribeRegions")
        assert time.monotonic() - t >= 0.06
    finally:
        alab.faults.update(latency_ms=0)


def test_https_with_ca(alab):
    r = Raw(alab.https_url, alab.access_key_id, alab.access_key_secret, ca_file=alab.ca_file)
    assert r.ok("ecs", "DescribeRegions")["Regions"]["Region"]
    with pytest.raises((ssl.SSLError, urllib.error.URLError)):
        urllib.request.urlopen(alab.https_url + "/_lab/health", context=ssl.create_default_context(), timeout=5)
    port = alab.https_url.rsplit(":", 1)[1]
    with urllib.request.urlopen(f"https://localhost:{port}/_lab/health", timeout=5,
                                context=ssl.create_default_context(cafile=alab.ca_file)) as rsp:
        assert rsp.status == 200


# ---- the unmodified official SDK (aliyun-python-sdk-core) -----------------------------------------------------
sdk = pytest.importorskip("aliyunsdkcore")


def _req(alab, action, version="2014-05-26", method="POST", **query):
    from aliyunsdkcore.request import CommonRequest
    r = CommonRequest()
    r.set_domain(alab.http_url.split("://", 1)[1])
    r.set_protocol_type("http")
    r.set_version(version)
    r.set_action_name(action)
    r.set_method(method)
    for k, v in query.items():
        r.add_query_param(k, v)
    return r


def test_sdk_paging_describe_instances(alab):
    from aliyunsdkcore.client import AcsClient
    client = AcsClient(alab.access_key_id, alab.access_key_secret, alab.region_id)
    ids, page = [], 1
    while True:
        body = json.loads(client.do_action_with_exception(_req(alab, "DescribeInstances", PageNumber=page, PageSize=7)))
        ids += [i["InstanceId"] for i in body["Instances"]["Instance"]]
        if len(ids) >= body["TotalCount"]:
            break
        page += 1
    assert page == 3 and len(set(ids)) == 20
    # token style with GET
    body = json.loads(client.do_action_with_exception(_req(alab, "DescribeDisks", method="GET", MaxResults=10)))
    assert len(body["Disks"]["Disk"]) == 10 and body["NextToken"]


def test_sdk_wrong_secret_is_recognised(alab):
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.client import AcsClient
    client = AcsClient(alab.access_key_id, "wrong-secret", alab.region_id, auto_retry=False)
    with pytest.raises(ServerException) as ei:
        client.do_action_with_exception(_req(alab, "DescribeInstances"))
    # the server said SignatureDoesNotMatch; its string to sign equals the SDK's own, so the SDK
    # (client._get_server_exception) concludes the secret is wrong and renames the code
    assert ei.value.get_http_status() == 400
    assert ei.value.get_error_code() == "SignatureDoesNotMatch"
    assert ei.value.get_error_msg().startswith("Specified signature is not matched with our calculation.")
    assert ei.value.get_request_id()
    # with a plain RpcRequest the SDK compares the server's string to sign (message.split(':')[1]) with
    # its own; they are equal, so it concludes that the secret is wrong and renames the code
    from aliyunsdkcore.request import RpcRequest
    req = RpcRequest("Ecs", "2014-05-26", "DescribeInstances")
    req.set_endpoint(alab.http_url.split("://", 1)[1])
    req.set_protocol_type("http")
    with pytest.raises(ServerException) as ei:
        client.do_action_with_exception(req)
    assert (ei.value.get_http_status(), ei.value.get_error_code()) == (400, "InvalidAccessKeySecret")


def test_sdk_sts_and_write(alab):
    from aliyunsdkcore.auth.credentials import StsTokenCredential
    from aliyunsdkcore.client import AcsClient
    cred = StsTokenCredential("STS.LabTempKey0001", "LabStsSecret0123456789abcdef0001", "CAISLabSecurityToken0001")
    client = AcsClient(region_id=alab.region_id, credential=cred)
    body = json.loads(client.do_action_with_exception(_req(alab, "DescribeEipAddresses", version="2016-04-28",
                                                           Status="Available")))
    assert body["Success"] is True and [e["Name"] for e in body["EipAddresses"]["EipAddress"]] == ["eip-spare-01"]
    body = json.loads(client.do_action_with_exception(_req(alab, "AllocateEipAddress", version="2016-04-28",
                                                           Bandwidth="5", ClientToken="sdk-token-1")))
    again = json.loads(client.do_action_with_exception(_req(alab, "AllocateEipAddress", version="2016-04-28",
                                                            Bandwidth="5", ClientToken="sdk-token-1")))
    assert body["AllocationId"] == again["AllocationId"] and body["RequestId"] != again["RequestId"]
    client.do_action_with_exception(_req(alab, "ReleaseEipAddress", version="2016-04-28", AllocationId=body["AllocationId"]))


def test_cli_serve_writes_apsara_block(tmp_path):
    state = tmp_path / "state"
    with serving(state) as proc:
        assert proc.stdout.readline().startswith("lab ready ")
        assert proc.stdout.readline().startswith("apsara ready ")
        info = json.loads((state / "lab.json").read_text())["apsara"]
        assert info["access_key_id"] == DEMO_KEY and os.path.exists(info["ca_file"])
        r = Raw(info["https_url"], info["access_key_id"], info["access_key_secret"], ca_file=info["ca_file"])
        assert r.ok("ecs", "DescribeRegions")["Regions"]["Region"]
        shown = lab_json("faults", "--apsara", "--state-dir", str(state), "latency_ms=5", "fail_async.StopInstance=0.5")
        assert shown["latency_ms"] == 5 and shown["fail_async"] == {"StopInstance": 0.5}
    assert proc.returncode == 0

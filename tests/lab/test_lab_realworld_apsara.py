"""Apsara lab, real-world answer shapes (issue 13), proved over raw HTTP:

- XML bodies: ``Format=XML`` and an absent Format (the POP default, apsara-api.md 1.2) answer XML, success as
  ``<ActionResponse>`` with list wrappers as elements (1.5), errors as ``<Error>`` with a CDATA ``Recommend``;
- the ``xml_error_codes`` knob: chosen errors (e.g. ``SignatureDoesNotMatch`` with the server's string to sign,
  1.4) come back in XML although JSON was asked for;
- the ``cms_legacy_fields`` knob: CMS alert history items carry ``AlertState`` where current ones carry ``State``;
- the ASAPI gateway port: ``/asapi/v3``, ``Product`` + ``x-acs-asapi-product``, the same signature check (plus
  the ASAPI SDK's ``SignatureVersion=2.1`` / HMAC-SHA256, 1.10), the ``asapi*`` envelope (2.5) on every body.
"""
from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ET

import pytest
from apsara_raw import Raw, string_to_sign
from lab_cli import serving
from lab.apsara import ApsaraLab


@pytest.fixture(scope="module")
def alab():
    with ApsaraLab(world="demo", https_port=None, async_seconds=0.05) as lab:
        yield lab


@pytest.fixture
def raw(alab):
    alab.faults.update(xml_error_codes=[], cms_legacy_fields=False)
    yield Raw(alab.http_url, alab.access_key_id, alab.access_key_secret)
    alab.faults.update(xml_error_codes=[], cms_legacy_fields=False)


@pytest.fixture
def asapi(alab):
    return Raw(alab.asapi_url, alab.access_key_id, alab.access_key_secret)


def _xml(raw, product, action, params=None, method="GET", fmt="XML", **kw):
    p = raw.common(product, action)
    if fmt is None:
        p.pop("Format")
    else:
        p["Format"] = fmt
    p.update(params or {})
    status, headers, body = raw.exchange(method, p, **kw)
    return status, headers, body


def _text(root, path):
    node = root.find(path)
    assert node is not None, (path, ET.tostring(root)[:300])
    return node.text


# ---- XML answers --------------------------------------------------------------------------------------------
def test_format_xml_success_is_action_response_with_list_wrappers(raw):
    status, headers, body = _xml(raw, "vpc", "DescribeVSwitches", {"PageSize": 50})
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    assert body.startswith(b"<?xml version='1.0' encoding='UTF-8'?><DescribeVSwitchesResponse>")
    root = ET.fromstring(body)
    assert root.tag == "DescribeVSwitchesResponse"
    assert _text(root, "RequestId") == headers["x-acs-request-id"]
    # VPC carries the Apsara success quirk, in XML as elements too (apsara-api.md 1.5)
    assert (_text(root, "Code"), _text(root, "Success")) == ("200", "true")
    # the same records as the JSON answer: one <VSwitch> element per item inside the <VSwitches> wrapper
    as_json = raw.ok("vpc", "DescribeVSwitches", {"PageSize": 50})
    items = root.findall("VSwitches/VSwitch")
    assert len(items) == len(as_json["VSwitches"]["VSwitch"]) >= 2
    assert [i.findtext("VSwitchId") for i in items] == [v["VSwitchId"] for v in as_json["VSwitches"]["VSwitch"]]
    assert int(_text(root, "TotalCount")) == as_json["TotalCount"]


def test_absent_format_is_xml_and_lowercase_json_is_json(raw):
    status, headers, body = _xml(raw, "ecs", "DescribeRegions", fmt=None)
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    assert ET.fromstring(body).find("Regions/Region/RegionId").text == "cn-lab-1"
    status, headers, body = _xml(raw, "ecs", "DescribeRegions", fmt="json")     # Tea sends lowercase
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["Regions"]["Region"][0]["RegionId"] == "cn-lab-1"


@pytest.mark.parametrize("product,action,params", [
    ("ecs", "DescribeInstances", {"PageSize": 100}),
    ("ecs", "DescribeDisks", {"PageSize": 100}),
    ("ecs", "DescribeSnapshots", {"PageSize": 100}),
    ("ecs", "DescribeSecurityGroups", {}),
    ("vpc", "DescribeVpcs", {}),
    ("vpc", "DescribeRouteTableList", {}),
    ("cms", "DescribeMetricRuleList", {}),
    ("cms", "DescribeMetricList", {"Namespace": "acs_ecs_dashboard", "MetricName": "CPUUtilization"}),
    ("rds", "DescribeDBInstances", {}),
])
def test_every_read_answers_well_formed_xml(raw, product, action, params):
    status, _h, body = _xml(raw, product, action, params)
    assert status == 200, body[:300]
    root = ET.fromstring(body)                       # the standard library's parser reads it
    assert root.tag == action + "Response" and root.findtext("RequestId")


def test_format_xml_error_is_error_element_with_cdata_recommend(raw):
    status, headers, body = _xml(raw, "ecs", "DescribeNoSuchThing")
    assert status == 404 and headers["Content-Type"].startswith("text/xml")
    assert body.startswith(b"<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>")
    assert b"<Recommend><![CDATA[https://" in body
    root = ET.fromstring(body)
    assert [c.tag for c in root] == ["RequestId", "HostId", "Code", "Message", "Recommend"]
    assert (_text(root, "Code"), _text(root, "RequestId")) == ("InvalidAction.NotFound", headers["x-acs-request-id"])
    assert _text(root, "HostId").startswith("ecs-internal.")


def test_xml_error_codes_knob_answers_signature_mismatch_in_xml_whatever_format(alab, raw):
    alab.faults.update(xml_error_codes=["SignatureDoesNotMatch"])
    p = raw.common("ecs", "DescribeRegions")               # Format=JSON
    status, headers, body = raw.exchange("GET", dict(p), secret="not-the-secret")
    assert status == 400 and headers["Content-Type"].startswith("text/xml")
    assert b"<Recommend><![CDATA[" in body
    root = ET.fromstring(body)
    assert _text(root, "Code") == "SignatureDoesNotMatch" and _text(root, "RequestId") == headers["x-acs-request-id"]
    prefix, sts = _text(root, "Message").split(":")         # the server's string to sign, as in JSON
    assert prefix.endswith("server string to sign is") and sts == string_to_sign("GET", p)
    # other errors and every success keep the requested JSON
    status, headers, body = Raw(alab.http_url, "LTAI5tNoSuchKey", "x").exchange(
        "GET", Raw(alab.http_url, "LTAI5tNoSuchKey", "x").common("ecs", "DescribeRegions"))
    assert status == 404 and json.loads(body)["Code"] == "InvalidAccessKeyId.NotFound"
    assert raw.call("ecs", "DescribeRegions")[0] == 200
    alab.faults.update(xml_error_codes=["*"])
    status, headers, body = raw.exchange("GET", raw.common("ecs", "DescribeNoSuchThing"))
    assert status == 404 and ET.fromstring(body).findtext("Code") == "InvalidAction.NotFound"


# ---- older CMS field names ------------------------------------------------------------------------------------
def test_cms_legacy_fields_knob_renames_state_to_alert_state(alab, raw):
    params = {"State": "ALARM", "Status": "0", "PageSize": 100}
    new = raw.ok("cms", "DescribeAlertHistoryList", params)["AlarmHistoryList"]["AlarmHistory"]
    assert new and all("State" in h and "AlertState" not in h for h in new)
    rules = raw.ok("cms", "DescribeMetricRuleList")["Alarms"]["Alarm"]
    alab.faults.update(cms_legacy_fields=True)
    old = raw.ok("cms", "DescribeAlertHistoryList", params)["AlarmHistoryList"]["AlarmHistory"]
    assert [h["AlertState"] for h in old] == [h["State"] for h in new]
    assert all("State" not in h for h in old)
    # same fields in the same order otherwise: only the name changed
    assert [list(h) for h in old] == [["AlertState" if k == "State" else k for k in h] for h in new]
    # the rule list carries AlertState in both shapes (digest DescribeMetricRuleList item AlertState=OK)
    assert raw.ok("cms", "DescribeMetricRuleList")["Alarms"]["Alarm"] == rules and all("AlertState" in r for r in rules)


# ---- the ASAPI gateway ------------------------------------------------------------------------------------------
def _asapi_call(asapi, product, action, code, params=None, header=True, **kw):
    p = asapi.common(product, action, Product=code)
    p.update(params or {})
    headers = {"x-acs-asapi-product": code} if header else {}
    return asapi.send(kw.pop("method", "POST"), p, headers=headers, **kw)


def test_asapi_serves_products_with_the_envelope(alab, raw, asapi):
    assert alab.asapi_url.endswith("/asapi/v3") and alab.asapi_url != alab.http_url
    status, headers, body = _asapi_call(asapi, "vpc", "DescribeVpcs", "Vpc")
    assert status == 200, body
    assert body["asapiSuccess"] is True and body["asapiRequestId"] == body["RequestId"] == headers["x-acs-request-id"]
    assert len(body["eagleEyeTraceId"]) == 30 and "asapiErrorCode" not in body
    pop = raw.ok("vpc", "DescribeVpcs")
    assert body["Vpcs"] == pop["Vpcs"] and body["Success"] is True
    # the product by the Product parameter alone, or by the header alone
    assert _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs", header=False)[0] == 200
    p = asapi.common("cms", "DescribeMetricRuleList")
    assert asapi.send("GET", p, headers={"x-acs-asapi-product": "Cms"})[0] == 200


def test_asapi_errors_carry_the_envelope(asapi):
    status, headers, body = _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs", secret="not-the-secret")
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")
    assert body["asapiSuccess"] is False and body["asapiRequestId"] == body["RequestId"] == headers["x-acs-request-id"]
    assert (body["asapiErrorCode"], body["asapiErrorMessage"]) == (body["Code"], body["Message"])
    assert body["eagleEyeTraceId"]


@pytest.mark.parametrize("params,headers,code", [
    ({}, {}, "MissingProduct"),
    ({"Product": "Ecs"}, {"x-acs-asapi-product": "Vpc"}, "InvalidParameter.Product"),
    ({"Product": "NoSuchProduct"}, {}, "InvalidParameter.Product"),
    ({"Product": "Vpc"}, {}, "InvalidVersion"),            # ECS's Version on the VPC product
])
def test_asapi_product_selection_errors(asapi, params, headers, code):
    p = asapi.common("ecs", "DescribeRegions")
    p.update(params)
    status, _h, body = asapi.send("POST", p, headers=headers)
    assert (status, body["Code"], body["asapiSuccess"]) == (400, code, False)


def test_asapi_path_and_pop_path_are_separate(alab, asapi):
    pop_on_asapi = Raw(alab.asapi_url.rsplit("/asapi/v3", 1)[0], alab.access_key_id, alab.access_key_secret)
    status, _h, body = pop_on_asapi.call("ecs", "DescribeRegions", {"Product": "Ecs"})
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound")
    asapi_on_pop = Raw(alab.http_url + "/asapi/v3", alab.access_key_id, alab.access_key_secret)
    status, _h, body = asapi_on_pop.call("ecs", "DescribeRegions", {"Product": "Ecs"})
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound")
    assert _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs")[0] == 200


def test_asapi_accepts_signature_version_2_1_hmac_sha256_pop_does_not(alab, raw, asapi):
    asapi.digest = hashlib.sha256
    status, _h, body = _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs",
                                   params={"SignatureMethod": "HMAC-SHA256", "SignatureVersion": "2.1"})
    assert status == 200, body
    # a wrong secret still fails under HMAC-SHA256, with the server's string to sign
    status, _h, body = _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs", secret="nope",
                                   params={"SignatureMethod": "HMAC-SHA256", "SignatureVersion": "2.1"})
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")
    asapi.digest = hashlib.sha1
    assert _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs", params={"SignatureVersion": "2.1"})[0] == 200
    status, _h, body = _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs", params={"SignatureVersion": "3.0"})
    assert (status, body["Code"]) == (400, "InvalidSignatureVersion")
    raw.digest = hashlib.sha256
    status, _h, body = raw.call("ecs", "DescribeRegions", {"SignatureMethod": "HMAC-SHA256", "SignatureVersion": "2.1"})
    assert (status, body["Code"]) == (400, "InvalidSignatureMethod")


def test_asapi_writes_and_xml(alab, asapi):
    status, _h, body = _asapi_call(asapi, "vpc", "CreateVpc", "Vpc",
                                   params={"CidrBlock": "10.77.0.0/16", "VpcName": "asapi-made"})
    assert status == 200 and body["VpcId"].startswith("vpc-") and body["asapiSuccess"] is True
    assert any(w["name"] == "CreateVpc" and w["params"].get("VpcName") == "asapi-made" for w in alab.writes())
    p = asapi.common("ecs", "DescribeRegions", Product="Ecs", Format="XML")
    status, _h, data = asapi.exchange("POST", p)
    root = ET.fromstring(data)
    assert status == 200 and root.tag == "DescribeRegionsResponse" and root.findtext("asapiSuccess") == "true"


# ---- the unmodified official SDK on the ASAPI port ------------------------------------------------------------
def test_official_sdk_calls_the_asapi_port(alab):
    pytest.importorskip("aliyunsdkcore")
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.request import CommonRequest

    def request(product, version, action):
        r = CommonRequest()
        r.set_domain(alab.asapi_url.split("://", 1)[1])          # host:port/asapi/v3 (apsara-api.md 4.1)
        r.set_protocol_type("http")
        r.set_method("POST")
        r.set_version(version)
        r.set_action_name(action)
        r.add_query_param("Product", product)
        r.add_header("x-acs-asapi-product", product)
        return r

    client = AcsClient(alab.access_key_id, alab.access_key_secret, alab.region_id)
    body = json.loads(client.do_action_with_exception(request("Vpc", "2016-04-28", "DescribeVpcs")))
    assert body["asapiSuccess"] is True and body["Vpcs"]["Vpc"]
    bad = AcsClient(alab.access_key_id, "not-the-secret", alab.region_id, auto_retry=False)
    with pytest.raises(ServerException) as err:
        bad.do_action_with_exception(request("Ecs", "2014-05-26", "DescribeRegions"))
    # the SDK reads the JSON error body (code, message, request id) off the ASAPI port as off the POP one
    assert (err.value.get_http_status(), err.value.get_error_code()) == (400, "SignatureDoesNotMatch")
    assert err.value.get_error_msg().startswith("Specified signature is not matched with our calculation.")
    assert err.value.get_request_id()


# ---- the command line: serve starts the ASAPI port and lists it --------------------------------------------------
def test_serve_starts_the_asapi_port_and_lists_it(tmp_path):
    with serving(tmp_path) as proc:
        assert proc.stdout.readline().startswith("lab ready ")
        line = proc.stdout.readline()
        assert line.startswith("apsara ready ") and "apsara_asapi=http://127.0.0.1:" in line
        with open(os.path.join(tmp_path, "lab.json"), encoding="utf-8") as f:
            info = json.load(f)["apsara"]
        assert info["asapi_url"].endswith("/asapi/v3")
        asapi = Raw(info["asapi_url"], info["access_key_id"], info["access_key_secret"])
        assert _asapi_call(asapi, "ecs", "DescribeRegions", "Ecs")[0] == 200
    assert proc.returncode == 0

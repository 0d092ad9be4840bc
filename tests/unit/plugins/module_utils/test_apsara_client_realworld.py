"""The Apsara client against real-world answer shapes (issue 13): XML bodies, lists that are missing,
single items and strings where lists are expected, and the ASAPI gateway with its envelope."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import (
    ApsaraClient,
    ApsaraError,
    client_from_params,
    normalize_asapi_endpoint,
    parse_xml_body,
    unwrap,
)

from .apsara_fixtures import Capture, apsara_lab_fixture, fresh_apsara_lab_fixture  # noqa: F401  pylint: disable=unused-import

# The POP gateway's public XML error form (apsara-api.md 1.2 and 1.5; the shape lab/apsara/xmlbody.py
# documents): SignatureDoesNotMatch with the server's string to sign and a CDATA Recommend.
XML_SIGNATURE_ERROR = (
    "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>7A3E2F3B-1C5D-4A8E-9F00-3D1E2C4B5A69</RequestId>"
    "<HostId>ecs-internal.cn-lab-1.example.invalid</HostId><Code>SignatureDoesNotMatch</Code>"
    "<Message>Specified signature is not matched with our calculation. server string to sign is:"
    "POST&amp;%2F&amp;AccessKeyId%3DLTAI</Message>"
    "<Recommend><![CDATA[https://error-center.aliyun.com/status/search?Keyword=SignatureDoesNotMatch&source=PopGw]]></Recommend>"
    "</Error>")

# A list in XML is its wrapper element with one element per item (apsara-api.md 1.5, JSON lists are wrapped
# because they come from XML); one item has no array around it.
XML_VSWITCHES = (
    "<?xml version='1.0' encoding='UTF-8'?><DescribeVSwitchesResponse><RequestId>R-2</RequestId>"
    "<TotalCount>1</TotalCount><VSwitches><VSwitch><VSwitchId>vsw-1</VSwitchId><Status>Available</Status></VSwitch>"
    "</VSwitches></DescribeVSwitchesResponse>")


def lab_client(lab, **kwargs):
    kwargs.setdefault("retries", 1)
    kwargs.setdefault("base_delay", 0.01)
    return ApsaraClient(kwargs.pop("access_key_id", lab.access_key_id), kwargs.pop("access_key_secret", lab.access_key_secret),
                        lab.region_id, endpoints=lab.endpoints, organization_id=lab.organization_id, **kwargs)


# -- XML -----------------------------------------------------------------------------------------
def test_xml_error_body_parses_into_its_json_fields():
    body = parse_xml_body(XML_SIGNATURE_ERROR)
    assert body["Code"] == "SignatureDoesNotMatch"
    assert body["RequestId"] == "7A3E2F3B-1C5D-4A8E-9F00-3D1E2C4B5A69"
    assert body["Message"].startswith("Specified signature is not matched") and "POST&%2F&" in body["Message"]
    assert body["Recommend"].startswith("https://error-center.aliyun.com/")


def test_xml_success_body_lists_one_item_or_many():
    one = parse_xml_body(XML_VSWITCHES)
    assert unwrap(one, "VSwitches.VSwitch", required=True) == [{"VSwitchId": "vsw-1", "Status": "Available"}]
    two = parse_xml_body(XML_VSWITCHES.replace("</VSwitches>", "<VSwitch><VSwitchId>vsw-2</VSwitchId></VSwitch></VSwitches>"))
    assert [v["VSwitchId"] for v in unwrap(two, "VSwitches.VSwitch")] == ["vsw-1", "vsw-2"]
    empty = parse_xml_body(XML_VSWITCHES.replace(
        "<VSwitches><VSwitch><VSwitchId>vsw-1</VSwitchId><Status>Available</Status></VSwitch></VSwitches>", "<VSwitches/>"))
    assert unwrap(empty, "VSwitches.VSwitch", required=True) == []


def test_xml_with_a_doctype_is_refused_not_expanded():
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            "<Error><Code>&lol2;</Code></Error>")
    body = parse_xml_body(bomb)
    assert isinstance(body, str) and "DOCTYPE refused" in body


def test_xml_signature_error_from_the_gateway_is_an_api_error(fresh_apsara_lab):
    fresh_apsara_lab.faults.update(xml_error_codes=["SignatureDoesNotMatch"])
    client = lab_client(fresh_apsara_lab, access_key_secret="wrong-secret-0000")
    with pytest.raises(ApsaraError) as err:
        client.call("vpc", "DescribeVpcs")
    error = err.value
    assert error.code == "SignatureDoesNotMatch" and error.request_id and error.status == 400
    assert "<" not in str(error) and "Recommend" not in str(error) and "error-center" not in str(error)
    assert error.is_not_found() is False


def test_every_error_in_xml_keeps_not_found_codes(fresh_apsara_lab):
    fresh_apsara_lab.faults.update(xml_error_codes=["*"])
    client = lab_client(fresh_apsara_lab)
    with pytest.raises(ApsaraError) as err:
        client.call("vpc", "DeleteVpc", {"VpcId": "vpc-doesnotexist000"})
    assert err.value.code and err.value.code.endswith("NotFound") and "<" not in str(err.value)


# -- missing list vs empty list, single items and strings (apsara-api.md 1.5) ------------------
@pytest.mark.parametrize("body", [
    {"RequestId": "R", "TotalCount": 0, "Data": {"VSwitches": {"VSwitch": []}}},   # an extra envelope
    {"RequestId": "R", "TotalCount": 0, "VSwitchList": {"VSwitch": []}},           # a renamed wrapper
    {"RequestId": "R", "VSwitches": {"VSwitchSet": []}},                           # a renamed inner
])
def test_missing_list_is_an_error_naming_action_and_path(body):
    with Capture([(200, body)]) as server:
        client = ApsaraClient("ak", "secret", "cn-lab-1", endpoints={"vpc": server.url}, retries=0)
        with pytest.raises(ApsaraError) as err:
            client.call_all_pages("vpc", "DescribeVSwitches")
    assert "DescribeVSwitches" in str(err.value) and "VSwitches.VSwitch" in str(err.value)


@pytest.mark.parametrize("body, count", [
    ({"RequestId": "R", "TotalCount": 0, "VSwitches": {"VSwitch": []}}, 0),
    ({"RequestId": "R", "TotalCount": 0, "VSwitches": {}}, 0),
    ({"RequestId": "R", "TotalCount": 0, "VSwitches": ""}, 0),
    ({"RequestId": "R", "TotalCount": 1, "VSwitches": {"VSwitch": {"VSwitchId": "vsw-1"}}}, 1),
])
def test_present_list_in_any_shape(body, count):
    with Capture([(200, body)]) as server:
        client = ApsaraClient("ak", "secret", "cn-lab-1", endpoints={"vpc": server.url}, retries=0)
        assert len(client.call_all_pages("vpc", "DescribeVSwitches")) == count


def test_plain_string_where_objects_are_expected_is_an_error_not_characters():
    with pytest.raises(ApsaraError):
        unwrap({"Datapoints": "not json"}, "Datapoints")
    assert unwrap({"Datapoints": '[{"Average": 1.5}]'}, "Datapoints") == [{"Average": 1.5}]


# -- ASAPI gateway: apsara-api.md 2.1 (one host, /asapi/v3, Product) and 2.5 (the envelope) ---------
@pytest.mark.parametrize("given, expected", [
    ("server.asapi.cn-lab-1.example.invalid/asapi/v3", "https://server.asapi.cn-lab-1.example.invalid/asapi/v3/"),
    ("http://127.0.0.1:18099", "http://127.0.0.1:18099/asapi/v3/"),
    ("http://127.0.0.1:18099/asapi/v3/", "http://127.0.0.1:18099/asapi/v3/"),
])
def test_asapi_endpoint_normalised(given, expected):
    assert normalize_asapi_endpoint(given) == expected


def test_asapi_request_names_the_product_in_parameter_and_header():
    answer = {"eagleEyeTraceId": "0a1c830b16989984038808531d0052", "asapiSuccess": True, "asapiRequestId": "R-9",
              "RequestId": "R-9", "Vpcs": {"Vpc": [{"VpcId": "vpc-1"}]}, "TotalCount": 1}
    with Capture([(200, answer)]) as server:
        client = client_from_params({"access_key_id": "ak", "access_key_secret": "secret", "region_id": "cn-lab-1",
                                     "asapi_endpoint": server.url, "retries": 0})
        assert client.call_all_pages("vpc", "DescribeVpcs") == [{"VpcId": "vpc-1"}]
        sent = server.requests[0]
    assert sent["path"] == "/asapi/v3/" and sent["query"]["Product"] == "Vpc"
    assert sent["headers"]["x-acs-asapi-product"] == "Vpc"


def test_asapi_failure_in_a_200_is_an_error_with_the_envelope_fields():
    answer = {"eagleEyeTraceId": "0a1c", "asapiSuccess": False, "asapiRequestId": "R-10",
              "asapiErrorCode": "Forbidden.RAM", "asapiErrorMessage": "User not authorized to operate on the specified resource."}
    with Capture([(200, answer)]) as server:
        client = ApsaraClient("ak", "secret", "cn-lab-1", asapi_endpoint=server.url, retries=0)
        with pytest.raises(ApsaraError) as err:
            client.call("ecs", "DescribeInstances")
    assert err.value.code == "Forbidden.RAM" and err.value.request_id == "R-10"
    assert "not authorized" in err.value.api_message


def test_asapi_port_of_the_lab_reads_and_refuses_a_wrong_secret(apsara_lab):
    client = ApsaraClient(apsara_lab.access_key_id, apsara_lab.access_key_secret, apsara_lab.region_id,
                          asapi_endpoint=apsara_lab.asapi_url, organization_id=apsara_lab.organization_id, retries=1,
                          base_delay=0.01)
    for product, action in (("ecs", "DescribeInstances"), ("vpc", "DescribeVpcs"), ("cms", "DescribeMetricRuleList"),
                            ("rds", "DescribeDBInstances"), ("slb", "DescribeLoadBalancers")):
        assert isinstance(client.call_all_pages(product, action), list)
    body = client.call("vpc", "DescribeVpcs")
    assert not any(key.startswith("asapi") for key in body)
    wrong = ApsaraClient(apsara_lab.access_key_id, "wrong-secret", apsara_lab.region_id, asapi_endpoint=apsara_lab.asapi_url,
                         retries=0)
    with pytest.raises(ApsaraError) as err:
        wrong.call("vpc", "DescribeVpcs")
    assert err.value.code == "SignatureDoesNotMatch"

"""Collectors and checks against real-world answer shapes (issue 13): a list that is missing becomes an
ERROR finding naming the action and the path; older CMS field names still fire the checks."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.collect import Collector as ApsaraCollector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue, zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import inner_list
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import MissingList, as_list, id_list, list_at
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient, ZStackError, listed
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.collect import Collector as ZStackCollector

from .apsara_fixtures import Capture, fresh_apsara_lab_fixture  # noqa: F401  pylint: disable=unused-import


# -- the one shape helper (values.py) -------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (None, []), ("", []), ({}, []), ([1, 2], [1, 2]), ({"a": 1}, [{"a": 1}]),
    ('[{"Average": 2}]', [{"Average": 2}]), ("sg-1", ["sg-1"]),
])
def test_as_list_shapes(value, expected):
    assert as_list(value) == expected


@pytest.mark.parametrize("value", [
    {"SnatTableId": ["stb-1", "stb-2"]}, ["stb-1", "stb-2"], "stb-1,stb-2", {"SnatTableId": "stb-1,stb-2"},
])
def test_id_list_never_reads_a_string_character_by_character(value):
    # A NAT gateway's SnatTableIds: {"SnatTableId": [...]} in the JSON reference (apsara-api.md 1.5), a plain
    # string in answers replayed from real gateways.
    assert id_list(value, "SnatTableId") == ["stb-1", "stb-2"]


def test_list_at_missing_versus_empty():
    assert list_at({"Vpcs": {"Vpc": []}}, "Vpcs.Vpc") == []
    assert list_at({"Vpcs": ""}, "Vpcs.Vpc") == []  # an empty XML wrapper <Vpcs/>
    with pytest.raises(MissingList) as err:
        list_at({"RequestId": "R", "Data": {}}, "Vpcs.Vpc")
    assert err.value.path == "Vpcs.Vpc" and err.value.keys == ["Data", "RequestId"]
    with pytest.raises(ValueError):
        list_at({"Datapoints": "nonsense"}, "Datapoints")


def test_check_field_helpers_take_one_item_or_a_list():
    assert inner_list({"ContactGroup": "ops"}, "ContactGroup") == ["ops"]
    assert inner_list({"Tag": {"TagKey": "env", "TagValue": "prod"}}, "Tag") == [{"TagKey": "env", "TagValue": "prod"}]


# -- a missing list is an ERROR finding, not zero items -------------------------------------------
def _error_findings(findings, dataset):
    return [f for f in findings if f["status"] == "ERROR" and dataset in str(f["message"])]


def test_apsara_missing_list_becomes_an_error_finding():
    # DescribeVpcs with an extra envelope around its list (what some gateways add).
    answer = {"RequestId": "R-1", "TotalCount": 1, "Data": {"Vpcs": {"Vpc": [{"VpcId": "vpc-1"}]}}}
    with Capture([(200, answer)]) as server:
        client = ApsaraClient("ak", "secret", "cn-lab-1", endpoints={"vpc": server.url}, retries=0)
        data, errors, _seconds = ApsaraCollector(client, workers=1).collect(["vpcs"])
    assert "vpcs" not in data
    assert "DescribeVpcs" in errors["vpcs"] and "Vpcs.Vpc" in errors["vpcs"]
    checks = [c for c in apsara_catalogue.CHECKS if "vpcs" in c.requires]
    findings = evaluate(checks, data, "apsara", "lab", collect_errors=errors)
    assert findings and all(f["status"] == "ERROR" for f in findings)
    assert _error_findings(findings, "DescribeVpcs"), [f["message"] for f in findings]


def test_apsara_present_empty_list_is_zero_items():
    with Capture([(200, {"RequestId": "R-1", "TotalCount": 0, "Vpcs": {"Vpc": []}})]) as server:
        client = ApsaraClient("ak", "secret", "cn-lab-1", endpoints={"vpc": server.url}, retries=0)
        data, errors, _seconds = ApsaraCollector(client, workers=1).collect(["vpcs"])
    assert errors == {} and data["vpcs"] == []


class _AnswersWithout(ZStackClient):
    """A ZStack client whose queries answer without `inventories` (a renamed envelope)."""

    def get(self, path, params=None, api=None, auth=True):
        return {"total": 3, "schema": {}, "result": []}


def test_zstack_missing_inventories_becomes_an_error_finding():
    client = _AnswersWithout("http://127.0.0.1:1", "admin", "password")
    data, errors, _seconds = ZStackCollector(client, workers=1).collect(["hosts"])
    assert "hosts" not in data and "Query /hosts" in errors["hosts"] and "inventories" in errors["hosts"]
    checks = [c for c in zstack_catalogue.CHECKS if list(c.requires) == ["hosts"]]
    findings = evaluate(checks, data, "zstack", "lab", collect_errors=errors)
    assert findings and all(f["status"] == "ERROR" for f in findings)


def test_zstack_listed_names_the_api():
    with pytest.raises(ZStackError) as err:
        listed({"success": True}, "histories", "GetAlarmData")
    assert "GetAlarmData" in str(err.value) and "histories" in str(err.value)
    assert listed({"histories": {"uuid": "a"}}, "histories", "GetAlarmData") == [{"uuid": "a"}]


# -- older CMS field names (alarms-events-api.md 3.3; lab knob cms_legacy_fields) --------------------
# The demo world has one ALARM history entry: with a limit of 0 it fails the check, whichever field carries it.
ANY_ALARM_RECURS = {"apsara_cms_alarm_recurring": {"max_alarms_count": 0}}


@pytest.mark.parametrize("legacy", [False, True])
def test_recurring_alarm_check_fires_with_state_or_alert_state(fresh_apsara_lab, legacy):
    lab = fresh_apsara_lab
    lab.faults.update(cms_legacy_fields=legacy)
    client = ApsaraClient(lab.access_key_id, lab.access_key_secret, lab.region_id, endpoints=lab.endpoints,
                          organization_id=lab.organization_id, base_delay=0.01)
    data, errors, _seconds = ApsaraCollector(client, workers=2).collect(["cms_alarm_history", "cms_alarm_rules"])
    assert errors == {}
    field = "AlertState" if legacy else "State"
    assert data["cms_alarm_history"] and all(field in entry for entry in data["cms_alarm_history"])
    checks = [c for c in apsara_catalogue.CHECKS if c.id == "apsara_cms_alarm_recurring"]
    findings = evaluate(checks, data, "apsara", "lab", thresholds=ANY_ALARM_RECURS)
    assert [f for f in findings if f["status"] == "FAIL"], findings


def test_recurring_alarm_findings_are_the_same_either_way(fresh_apsara_lab):
    lab = fresh_apsara_lab
    results = []
    for legacy in (False, True):
        lab.faults.update(cms_legacy_fields=legacy)
        client = ApsaraClient(lab.access_key_id, lab.access_key_secret, lab.region_id, endpoints=lab.endpoints,
                              organization_id=lab.organization_id, base_delay=0.01)
        data, _errors, _seconds = ApsaraCollector(client, workers=2).collect(["cms_alarm_history"])
        checks = [c for c in apsara_catalogue.CHECKS if c.id == "apsara_cms_alarm_recurring"]
        findings = evaluate(checks, data, "apsara", "lab", thresholds=ANY_ALARM_RECURS)
        results.append(sorted((f["resource"]["uuid"], f["status"]) for f in findings))
    assert results[0] == results[1] and results[0]

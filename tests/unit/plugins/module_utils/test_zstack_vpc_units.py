"""Pure parts of the ZStack VPC change module_utils: range and route parsing, the step runner, journal checks."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import journal_problems
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError, normalize_endpoint
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.common import (
    ChangeRun, Step, StepFailed, Validation, VpcError, range_cidr, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.network import desired_ranges
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.options import NETWORK_OPTIONS, NETWORK_RULES
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.precheck import _validated
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.routes import live_route_check, parse_routes
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.undo import UNDO_TABLE


def fails(v):
    return [c["id"] for c in v.failures]


def test_desired_ranges_from_cidr_and_explicit_ranges():
    v = Validation("t")
    out = desired_ranges({"cidr": "192.168.30.0/24"}, v)
    assert out == [{"cidr": "192.168.30.0/24", "label": "192.168.30.0/24", "network_cidr": "192.168.30.0/24",
                    "gateway": "192.168.30.1"}] and not v.failures
    out = desired_ranges({"ip_ranges": [{"start_ip": "10.1.0.10", "end_ip": "10.1.0.20", "netmask": "255.255.255.0",
                                         "gateway": "10.1.0.1"}, {"network_cidr": "10.2.0.0/24", "gateway": "10.2.0.254"}]}, v)
    assert [r["label"] for r in out] == ["10.1.0.10-10.1.0.20", "10.2.0.0/24"] and out[1]["gateway"] == "10.2.0.254"
    assert not v.failures


@pytest.mark.parametrize("params, check_id", [
    ({"cidr": "10.0.0.0/31"}, "cidr_syntax"),
    ({"cidr": "10.0.0.0/4"}, "cidr_syntax"),
    ({"cidr": "fd00::/64"}, "cidr_syntax"),
    ({"ip_ranges": [{"network_cidr": "10.0.0.0/24", "gateway": "10.9.0.1"}]}, "gateway_in_cidr"),
    ({"ip_ranges": [{"start_ip": "10.0.0.9", "end_ip": "10.0.0.2", "netmask": "255.255.255.0", "gateway": "10.0.0.1"}]},
     "range_syntax"),
    ({"ip_ranges": [{"start_ip": "10.0.0.9"}]}, "range_syntax"),
    ({"ip_ranges": [{"network_cidr": "10.0.0.0/16"}, {"network_cidr": "10.0.1.0/24"}]}, "cidr_overlap_spec"),
    ({}, "ip_ranges_given"),
])
def test_desired_ranges_refuses_bad_input(params, check_id):
    v = Validation("net")
    desired_ranges(params, v)
    assert check_id in fails(v)
    with pytest.raises(VpcError) as err:
        v.raise_if_failed()
    assert err.value.message.startswith("net: ") and err.value.checks == v.checks


def test_parse_routes():
    v = Validation("r")
    out = parse_routes([{"destination_cidr": "100.64.0.0/16", "next_hop": "198.51.100.1", "distance": 5},
                        {"destination_cidr": "0.0.0.0/0", "next_hop": "198.51.100.1"},
                        {"destination_cidr": "100.65.0.1/16", "next_hop": "198.51.100.1"},
                        {"destination_cidr": "100.66.0.0/16", "next_hop": "2001:db8::1"}], v)
    assert out == [{"destination": "100.64.0.0/16", "next_hop": "198.51.100.1", "distance": 5}]
    assert fails(v) == ["route_destination", "route_destination", "route_next_hop"]


def test_range_cidr_from_either_form():
    assert range_cidr({"networkCidr": "10.0.0.0/24", "startIp": "10.0.0.2"}) == "10.0.0.0/24"
    assert range_cidr({"startIp": "10.0.0.130", "netmask": "255.255.255.128"}) == "10.0.0.128/25"


def test_network_item_options_follow_the_module_rules():
    item, errors = _validated({"name": "n", "vpc_router": "r", "l2_network": "l2", "cidr": "10.0.0.0/24"},
                              NETWORK_OPTIONS, NETWORK_RULES)
    assert not errors and item["dns"] == [] and item["ip_ranges"] is None
    assert _validated({"name": "n", "vpc_router": "r", "l2_network": "l2"}, NETWORK_OPTIONS, NETWORK_RULES)[1]
    assert _validated({"name": "n", "vpc_router": "r", "l2_network": "l2", "cidr": "x", "colour": 1},
                      NETWORK_OPTIONS, NETWORK_RULES)[1]
    assert _validated("not a mapping", NETWORK_OPTIONS, NETWORK_RULES)[1] == ["the item is not a mapping"]


class FakeClient(object):
    endpoint = "http://127.0.0.1:8080"

    def __init__(self, routes=None, error=None):
        self.routes = routes or []
        self.error = error

    def get(self, path, params=None, api=None):
        del params, api
        if self.error:
            raise self.error
        assert path == "/vrouter-route-tables/vrouter/vr1"
        return {"inventories": self.routes}


def test_live_route_check_pass_fail_and_skip():
    router = {"uuid": "vr1", "name": "vr-a"}
    wanted = [{"destination": "10.20.0.0/24", "target": "198.51.100.11", "type": "UserStatic"}]
    ok = live_route_check(FakeClient([{"destination": "10.20.0.0/24", "target": "198.51.100.11", "type": "UserStatic"}]),
                          router, wanted, "x")
    bad = live_route_check(FakeClient([{"destination": "10.20.0.0/24", "target": "198.51.100.12", "type": "UserStatic"}]),
                           router, wanted, "x")
    skip = live_route_check(FakeClient(error=ZStackError("agent gone")), router, wanted, "x")
    assert (ok["status"], bad["status"], skip["status"]) == ("PASS", "FAIL", "SKIPPED")
    assert "10.20.0.0/24 via 198.51.100.11" in bad["message"] and "agent gone" in skip["message"]


def test_a_failing_step_fails_the_run_and_the_rest_are_not_started():
    tracker = ChangeTracker({"id": "CHG-1"}, "zstack", "http://127.0.0.1:8080")
    calls = []

    def ok(run, rec):
        run.created(rec, "thing", "t1", name="one")
        calls.append("ok")
        return {"n": 1}

    def boom(run, rec):
        raise ZStackError("ZStack CreateThing failed: SYS.1006")

    steps = [Step("create_thing", target("thing", "one"), apply=ok, after={"n": 1}),
             Step("create_thing", target("thing", "two"), before={"n": 2}),
             Step("create_thing", target("thing", "three"), apply=boom),
             Step("create_thing", target("thing", "four"), apply=ok)]
    with pytest.raises(StepFailed) as err:
        ChangeRun(FakeClient(), tracker).run(steps)
    assert "SYS.1006" in str(err.value) and err.value.record["target"]["name"] == "three"
    assert [r["status"] for r in tracker.records] == ["applied", "unchanged", "failed", "not_started"]
    assert calls == ["ok"] and [j["record_uid"] for j in tracker.journal] == [tracker.records[0]["uid"]]


def test_check_mode_applies_nothing():
    tracker = ChangeTracker({"id": "CHG-1"}, "zstack", "http://127.0.0.1:8080", check_mode=True)

    def never(run, rec):
        raise AssertionError("applied in check mode")

    ChangeRun(FakeClient(), tracker).run([Step("create_thing", target("thing", "one"), apply=never, after={"n": 1})])
    assert tracker.records[0]["status"] == "planned" and tracker.records[0]["after"] == {"n": 1} and tracker.journal == []


def test_journal_checks():
    entry = {"seq": 1, "op": "create", "type": "route_entry", "id": "e1", "keys": {"routeTableUuid": "t1"},
             "platform": "zstack", "endpoint": "http://127.0.0.1:8080"}

    def here(endpoint):
        return normalize_endpoint(endpoint) == normalize_endpoint("127.0.0.1")     # a bare host means http://host:8080

    assert journal_problems([entry], UNDO_TABLE, here) == []
    assert "lacks keys routeTableUuid" in journal_problems([dict(entry, keys={})], UNDO_TABLE, here)[0]
    assert "cannot undo for op modify" in journal_problems([dict(entry, op="modify")], UNDO_TABLE, here)[0]
    assert "op 'delete'" in journal_problems([dict(entry, op="delete")], UNDO_TABLE, here)[0]

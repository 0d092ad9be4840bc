import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import network

from .helpers import assert_mentions, by_name, status_of, run_check


def _ip_data(private_used, public_used):
    return {
        "l3_networks": [{"uuid": "l3a", "name": "biz-net", "category": "Private", "type": "L3BasicNetwork"},
                        {"uuid": "l3p", "name": "public-net", "category": "Public", "type": "L3BasicNetwork"}],
        "ip_capacity": [
            {"resourceUuid": "l3a", "totalCapacity": 200, "availableCapacity": 200 - private_used,
             "usedIpAddressNumber": private_used},
            {"resourceUuid": "l3p", "totalCapacity": 50, "availableCapacity": 50 - public_used},
        ],
    }


@pytest.mark.parametrize("used, status, severity", [(100, "PASS", "high"), (170, "FAIL", "medium"), (190, "FAIL", "high")])
def test_l3_ip_usage(used, status, severity):
    findings = run_check(network, "zstack_l3_ip_usage", _ip_data(used, 10))
    assert [(f["resource"]["name"], f["status"], f["severity"]) for f in findings] == [("biz-net", status, severity)]
    assert findings[0]["evidence"]["used"] == used and findings[0]["evidence"]["used_pct"] == used / 2.0
    if status == "FAIL":
        assert_mentions(findings[0], "biz-net", used)


def test_public_ip_pool_usage():
    findings = run_check(network, "zstack_public_ip_pool_usage", _ip_data(10, 46))
    assert [f["resource"]["name"] for f in findings] == ["public-net"]
    assert findings[0]["status"] == "FAIL" and findings[0]["severity"] == "high"
    assert findings[0]["evidence"]["used_pct"] == 92.0
    assert_mentions(findings[0], "public-net", "46")
    findings = run_check(network, "zstack_public_ip_pool_usage", _ip_data(10, 46), thresholds={"high_pct": 95, "medium_pct": 93})
    assert findings[0]["status"] == "PASS"


def _router(uuid, name, state="Running", status="Connected"):
    return {"uuid": uuid, "name": name, "applianceVmType": "vpcvrouter", "state": state, "status": status,
            "haStatus": "NoHa", "hostUuid": "h1", "agentPort": 7272}


def test_vpc_router_disconnected():
    data = {"vpc_routers": [_router("r1", "vpc-r1"), _router("r2", "vpc-r2", status="Disconnected")]}
    findings = by_name(run_check(network, "zstack_vpc_router_disconnected", data))
    assert status_of(findings.values()) == {"vpc-r1": "PASS", "vpc-r2": "FAIL"}
    assert_mentions(findings["vpc-r2"], "vpc-r2", "Disconnected")


def test_vpc_router_not_running():
    data = {"vpc_routers": [_router("r1", "vpc-r1"), _router("r2", "vpc-r2", state="Stopped")]}
    findings = by_name(run_check(network, "zstack_vpc_router_not_running", data))
    assert status_of(findings.values()) == {"vpc-r1": "PASS", "vpc-r2": "FAIL"}
    assert_mentions(findings["vpc-r2"], "vpc-r2", "Stopped")


def test_eip_disabled():
    data = {"eips": [{"uuid": "e1", "name": "eip-web", "vipIp": "192.0.2.10", "vmNicUuid": "n1", "state": "Enabled"},
                     {"uuid": "e2", "name": "eip-db", "vipIp": "192.0.2.11", "vmNicUuid": "n2", "state": "Disabled"}]}
    findings = by_name(run_check(network, "zstack_eip_disabled", data))
    assert status_of(findings.values()) == {"eip-web": "PASS", "eip-db": "FAIL"}
    assert findings["eip-db"]["evidence"]["attached"] is True
    assert_mentions(findings["eip-db"], "eip-db", "192.0.2.11")

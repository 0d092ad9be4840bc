import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import security
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import port_range

from .helpers import assert_mentions, by_name, status_of, run_check


def _rule(port, source="0.0.0.0/0", protocol="TCP", policy="Accept", priority=1, direction="ingress", ipv6=""):
    return {"IpProtocol": protocol, "PortRange": port, "SourceCidrIp": source, "Ipv6SourceCidrIp": ipv6, "Policy": policy,
            "Direction": direction, "Priority": str(priority), "DestCidrIp": ""}


def _data(rules_by_group):
    groups = [{"SecurityGroupId": gid, "SecurityGroupName": gid.replace("sg-", ""), "VpcId": "vpc-1"} for gid in rules_by_group]
    return {"security_groups": groups, "security_group_rules": rules_by_group}


@pytest.mark.parametrize("check_id, port, other", [
    ("apsara_sg_ssh_open_world", "22/22", "3389/3389"),
    ("apsara_sg_rdp_open_world", "3389/3389", "22/22"),
    ("apsara_sg_db_open_world", "3306/3306", "443/443"),
])
def test_port_open_world(check_id, port, other):
    data = _data({
        "sg-open": [_rule(port)],
        "sg-office": [_rule(port, source="203.0.113.0/24"), _rule(other)],
        "sg-egress": [_rule(port, direction="egress")],
        "sg-dropped": [_rule(port, priority=10), _rule(port, policy="Drop", priority=5)],
        "sg-tie": [_rule(port, priority=5), _rule(port, policy="Drop", priority=5)],
        "sg-v6": [_rule(port, source="", ipv6="::/0")],
    })
    findings = by_name(run_check(security, check_id, data))
    assert status_of(findings.values()) == {"open": "FAIL", "office": "PASS", "egress": "PASS", "dropped": "PASS",
                                            "tie": "PASS", "v6": "FAIL"}
    number = port.split("/")[0]
    assert findings["open"]["evidence"]["open_ports"] == number
    assert_mentions(findings["open"], "open", number, "vpc-1")


def test_db_ports_severity_and_ranges():
    data = _data({"sg-range": [_rule("3000/6000")], "sg-web": [_rule("80/80"), _rule("443/443")]})
    findings = by_name(run_check(security, "apsara_sg_db_open_world", data))
    assert status_of(findings.values()) == {"range": "FAIL", "web": "PASS"}
    assert findings["range"]["severity"] == "critical"
    assert findings["range"]["evidence"]["open_ports"] == "3306, 5432"
    findings = by_name(run_check(security, "apsara_sg_db_open_world", data, thresholds={"ports": [80]}))
    assert findings["web"]["status"] == "FAIL"


def test_all_ports_open_world():
    data = _data({"sg-all": [_rule("-1/-1", protocol="ALL")], "sg-wide": [_rule("1/65535")],
                  "sg-narrow": [_rule("8000/8010")], "sg-icmp": [_rule("-1/-1", protocol="ICMP")],
                  "sg-blocked": [_rule("1/65535", priority=50), _rule("-1/-1", protocol="ALL", policy="Drop", priority=1)]})
    findings = by_name(run_check(security, "apsara_sg_all_ports_open_world", data))
    assert status_of(findings.values()) == {"all": "FAIL", "wide": "FAIL", "narrow": "PASS", "icmp": "PASS", "blocked": "PASS"}
    assert findings["all"]["evidence"]["widest_range_ports"] == 65535
    assert_mentions(findings["all"], "all", "65535", "100")
    findings = by_name(run_check(security, "apsara_sg_all_ports_open_world", data, thresholds={"max_open_ports_count": 5}))
    assert findings["narrow"]["status"] == "FAIL"


def test_port_range_parsing():
    assert port_range({"IpProtocol": "tcp", "PortRange": "22/22"}) == (22, 22)
    assert port_range({"IpProtocol": "UDP", "PortRange": "-1/-1"}) == (1, 65535)
    assert port_range({"IpProtocol": "ALL", "PortRange": "-1/-1"}) == (1, 65535)
    assert port_range({"IpProtocol": "ICMP", "PortRange": "-1/-1"}) is None


def test_sg_no_rules_judges_only_collected_groups():
    data = _data({"sg-empty": [], "sg-egress-only": [_rule("-1/-1", protocol="ALL", direction="egress")], "sg-ok": [_rule("22/22")]})
    data["security_groups"].append({"SecurityGroupId": "sg-unknown", "SecurityGroupName": "unknown"})
    findings = by_name(run_check(security, "apsara_sg_no_rules", data))
    assert status_of(findings.values()) == {"empty": "FAIL", "egress-only": "PASS", "ok": "PASS"}
    assert_mentions(findings["empty"], "empty", "0")


def test_sg_unused():
    data = _data({"sg-web": [], "sg-spare": [], "sg-counted": []})
    data["security_groups"][2]["EcsCount"] = 3
    data["instances"] = [{"InstanceId": "i-1", "SecurityGroupIds": {"SecurityGroupId": ["sg-web"]}}]
    findings = by_name(run_check(security, "apsara_sg_unused", data))
    assert status_of(findings.values()) == {"web": "PASS", "spare": "FAIL", "counted": "PASS"}
    assert findings["spare"]["pillar"] == "cost"
    assert_mentions(findings["spare"], "spare", "vpc-1", "0")

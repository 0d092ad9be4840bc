import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import security

from .helpers import assert_mentions, by_name, run_check


def _classic(port_from, port_to, cidr="0.0.0.0/0", protocol="TCP", rule_type="Ingress"):
    return {"uuid": "r-%s-%s" % (port_from, cidr), "type": rule_type, "protocol": protocol, "startPort": port_from,
            "endPort": port_to, "allowedCidr": cidr, "ipVersion": 4, "state": "Enabled"}


def _modern(ports, src="0.0.0.0/0", protocol="TCP", action="ACCEPT", state="Enabled"):
    return {"uuid": "r-%s" % ports, "type": "Ingress", "protocol": protocol, "dstPortRange": ports, "srcIpRange": src,
            "action": action, "state": state, "priority": 1, "ipVersion": 4}


def _sg(uuid, name, rules, state="Enabled"):
    return {"uuid": uuid, "name": name, "state": state, "ipVersion": 4, "rules": rules, "attachedL3NetworkUuids": ["l3a"]}


def _data():
    return {"security_groups": [
        _sg("g1", "sg-internal", [_classic(22, 22, cidr="10.0.0.0/8"), _classic(3306, 3306, cidr="10.0.0.0/8")]),
        _sg("g2", "sg-ssh-world", [_classic(20, 30), _classic(3389, 3389, rule_type="Egress")]),
        _sg("g3", "sg-modern", [_modern("80,443,3389"), _modern("3306-3307", state="Disabled"), _modern("6379", action="DROP")]),
        _sg("g4", "sg-any", [_classic(-1, -1, protocol="ALL")]),
        _sg("g5", "sg-off", [_classic(22, 22)], state="Disabled"),
        _sg("g6", "sg-db", [_modern("5432,27017", src="0.0.0.0/0,10.1.0.0/16")]),
    ]}


def test_ssh_open_world():
    findings = by_name(run_check(security, "zstack_sg_ssh_open_world", _data()))
    failing = sorted(n for n, f in findings.items() if f["status"] == "FAIL")
    assert failing == ["sg-any", "sg-ssh-world"]
    assert findings["sg-ssh-world"]["evidence"]["open_ports"] == "22"
    assert_mentions(findings["sg-ssh-world"], "sg-ssh-world", "22")


def test_rdp_open_world_modern_rule_and_egress_ignored():
    findings = by_name(run_check(security, "zstack_sg_rdp_open_world", _data()))
    failing = sorted(n for n, f in findings.items() if f["status"] == "FAIL")
    assert failing == ["sg-any", "sg-modern"]
    assert_mentions(findings["sg-modern"], "sg-modern", "3389")


def test_db_open_world():
    findings = by_name(run_check(security, "zstack_sg_db_open_world", _data()))
    failing = sorted(n for n, f in findings.items() if f["status"] == "FAIL")
    assert failing == ["sg-any", "sg-db"]  # disabled and DROP rules in sg-modern do not count
    assert findings["sg-db"]["evidence"]["open_ports"] == "5432, 27017"
    assert findings["sg-db"]["severity"] == "critical"
    assert_mentions(findings["sg-db"], "sg-db", "5432, 27017")


def test_port_list_override():
    findings = by_name(run_check(security, "zstack_sg_db_open_world", _data(), thresholds={"ports": [443]}))
    assert findings["sg-modern"]["status"] == "FAIL" and findings["sg-db"]["status"] == "PASS"


@pytest.mark.parametrize("name, status, widest", [("sg-any", "FAIL", 65535), ("sg-ssh-world", "PASS", 11), ("sg-internal", "PASS", 0)])
def test_all_ports_open_world(name, status, widest):
    findings = by_name(run_check(security, "zstack_sg_all_ports_open_world", _data()))
    assert findings[name]["status"] == status
    assert findings[name]["evidence"]["widest_range_ports"] == widest
    if status == "FAIL":
        assert_mentions(findings[name], name, "65535")
    findings = by_name(run_check(security, "zstack_sg_all_ports_open_world", _data(), thresholds={"max_open_ports_count": 10}))
    assert findings["sg-ssh-world"]["status"] == "FAIL"

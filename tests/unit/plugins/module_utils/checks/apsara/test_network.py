from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import network

from .helpers import ago, assert_mentions, by_name, status_of, run_check


def _vsw(vid, name, cidr, available, vpc="vpc-1", status="Available"):
    return {"VSwitchId": vid, "VSwitchName": name, "VpcId": vpc, "CidrBlock": cidr, "AvailableIpAddressCount": available,
            "Status": status, "ZoneId": "cn-demo-a"}


def test_vswitch_ip_exhaustion_by_percent_and_by_count():
    data = {"vswitches": [_vsw("vsw-1", "app", "10.0.1.0/24", 200), _vsw("vsw-2", "busy", "10.0.2.0/24", 40),
                          _vsw("vsw-3", "full", "10.0.3.0/24", 12), _vsw("vsw-4", "tiny", "10.0.4.0/28", 6),
                          _vsw("vsw-5", "planted", "10.0.5.0/24", 6), _vsw("vsw-6", "broken", "not-a-cidr", 6)]}
    findings = by_name(run_check(network, "apsara_vswitch_ip_exhaustion", data))
    assert status_of(findings.values()) == {"app": "PASS", "busy": "FAIL", "full": "FAIL", "tiny": "FAIL", "planted": "FAIL"}
    assert findings["busy"]["severity"] == "medium" and findings["full"]["severity"] == "high"
    assert findings["tiny"]["severity"] == "high"  # 6 free of 12 is only 50 % used, but fewer than 8 addresses are left
    evidence = findings["busy"]["evidence"]
    assert (evidence["usable"], evidence["available"], evidence["used"], evidence["used_pct"]) == (252, 40, 212, 84.1)
    assert_mentions(findings["busy"], "busy", "40", "252", "84.1", "10.0.2.0/24")
    findings = by_name(run_check(network, "apsara_vswitch_ip_exhaustion", data, thresholds={"min_free_ips_count": 5}))
    assert findings["tiny"]["status"] == "PASS" and findings["planted"]["status"] == "FAIL"


def test_vswitch_not_available():
    data = {"vswitches": [_vsw("vsw-1", "app", "10.0.1.0/24", 200), _vsw("vsw-2", "new", "10.0.2.0/24", 252, status="Pending")]}
    findings = by_name(run_check(network, "apsara_vswitch_not_available", data))
    assert status_of(findings.values()) == {"app": "PASS", "new": "FAIL"}
    assert_mentions(findings["new"], "new", "Pending", "10.0.2.0/24")


def test_vpc_without_vswitch():
    data = {"vswitches": [_vsw("vsw-1", "app", "10.0.1.0/24", 200, vpc="vpc-1")],
            "vpcs": [{"VpcId": "vpc-1", "VpcName": "prod", "CidrBlock": "10.0.0.0/16", "CreationTime": ago(100)},
                     {"VpcId": "vpc-2", "VpcName": "listed", "CidrBlock": "10.1.0.0/16", "VSwitchIds": {"VSwitchId": ["vsw-9"]}},
                     {"VpcId": "vpc-3", "VpcName": "empty", "CidrBlock": "10.2.0.0/16", "CreationTime": ago(12),
                      "VSwitchIds": {"VSwitchId": []}}]}
    findings = by_name(run_check(network, "apsara_vpc_without_vswitch", data))
    assert status_of(findings.values()) == {"prod": "PASS", "listed": "PASS", "empty": "FAIL"}
    assert_mentions(findings["empty"], "empty", "10.2.0.0/16", "12.0", "0")


def _ri(rid, name, status):
    return {"RouterInterfaceId": rid, "Name": name, "Role": "InitiatingSide", "Status": status,
            "VpcInstanceId": "vpc-1", "OppositeVpcInstanceId": "vpc-2"}


def test_router_interface_not_active():
    data = {"router_interfaces": [_ri("ri-1", "prod-to-dmz", "Active"), _ri("ri-2", "lower", "active"),
                                  _ri("ri-3", "frozen", "Inactive"), _ri("ri-4", "waiting", "Idle")]}
    findings = by_name(run_check(network, "apsara_router_interface_not_active", data))
    assert status_of(findings.values()) == {"prod-to-dmz": "PASS", "lower": "PASS", "frozen": "FAIL", "waiting": "FAIL"}
    assert findings["frozen"]["severity"] == "high" and findings["waiting"]["severity"] == "medium"
    assert_mentions(findings["frozen"], "frozen", "Inactive", "vpc-1", "vpc-2")


def test_eip_unassociated():
    data = {"eips": [{"AllocationId": "eip-1", "Name": "web", "IpAddress": "192.0.2.10", "Status": "InUse", "InstanceId": "i-1",
                      "Bandwidth": "5", "AllocationTime": ago(100)},
                     {"AllocationId": "eip-2", "Name": "", "IpAddress": "192.0.2.11", "Status": "Available", "InstanceId": "",
                      "Bandwidth": "10", "AllocationTime": ago(20)}]}
    findings = by_name(run_check(network, "apsara_eip_unassociated", data))
    assert status_of(findings.values()) == {"web": "PASS", "eip-2": "FAIL"}
    assert findings["eip-2"]["evidence"]["days"] == 20.0
    assert_mentions(findings["eip-2"], "eip-2", "192.0.2.11", "10", "20.0")


def _nat(nid, name, tables, status="Available", business="Normal"):
    return {"NatGatewayId": nid, "Name": name, "VpcId": "vpc-1", "Spec": "Small", "Status": status, "BusinessStatus": business,
            "SnatTableIds": {"SnatTableId": tables}}


def _snat(eid, table, status="Available", name=""):
    return {"SnatEntryId": eid, "SnatEntryName": name, "SnatTableId": table, "SourceVSwitchId": "vsw-1",
            "SourceCIDR": "10.0.1.0/24", "SnatIp": "192.0.2.20", "Status": status}


def test_nat_gateway_no_snat():
    data = {"nat_gateways": [_nat("ngw-1", "egress", ["stb-1"]), _nat("ngw-2", "idle", ["stb-2"])],
            "snat_entries": [_snat("snat-1", "stb-1"), _snat("snat-2", "stb-1")]}
    findings = by_name(run_check(network, "apsara_nat_gateway_no_snat", data))
    assert status_of(findings.values()) == {"egress": "PASS", "idle": "FAIL"}
    assert findings["egress"]["evidence"]["snat_entries"] == 2
    assert_mentions(findings["idle"], "idle", "vpc-1", "Small", "0")


def test_nat_gateway_not_available():
    data = {"nat_gateways": [_nat("ngw-1", "egress", []), _nat("ngw-2", "stuck", [], status="Modifying"),
                             _nat("ngw-3", "overdue", [], business="FinancialLocked")]}
    findings = by_name(run_check(network, "apsara_nat_gateway_not_available", data))
    assert status_of(findings.values()) == {"egress": "PASS", "stuck": "FAIL", "overdue": "FAIL"}
    assert_mentions(findings["overdue"], "overdue", "FinancialLocked", "vpc-1")


def test_snat_entry_not_available():
    data = {"snat_entries": [_snat("snat-1", "stb-1", name="app-out"), _snat("snat-2", "stb-1", status="Pending", name="db-out")]}
    findings = by_name(run_check(network, "apsara_snat_entry_not_available", data))
    assert status_of(findings.values()) == {"app-out": "PASS", "db-out": "FAIL"}
    assert_mentions(findings["db-out"], "db-out", "Pending", "10.0.1.0/24", "192.0.2.20")

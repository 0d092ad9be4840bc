"""apsara_collect: the dataset contract, paging, per-resource datasets and error recording.

Offline against a scripted in-memory API (the real client with its transport replaced), then
against the Apsara lab's demo world.
"""

import json
import threading

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara.capacity import (
    capacity_summary,
    inventory_counts,
    vswitch_usable_ips,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.collect import ALL_DATASETS, Collector

from .apsara_fixtures import apsara_lab_fixture, scale_lab  # noqa: F401  pylint: disable=unused-import

NOW = 1767323045.0  # 2026-01-02T03:04:05Z

CONTRACT = {
    "instances", "disks", "snapshots", "auto_snapshot_policies", "security_groups", "security_group_rules",
    "vpcs", "vswitches", "router_interfaces", "eips", "nat_gateways", "snat_entries",
    "cms_alarm_rules", "cms_alarm_history", "cms_cpu",
    "rds_instances", "rds_backups", "rds_backup_policies",
    "slb_load_balancers", "slb_backend_health", "resource_groups",
}


def _page(params, items, wrapper, inner, number="PageNumber", size="PageSize", total="TotalCount"):
    n, s = int(params.get(number, 1)), int(params.get(size, 10))
    return {total: len(items), number: n, size: s, wrapper: {inner: items[(n - 1) * s:n * s]}}


class ScriptedClient(ApsaraClient):
    """The real client (signing, paging, unwrapping) with an in-memory API instead of HTTP."""

    def __init__(self, fail=()):
        super(ScriptedClient, self).__init__("AK", "secret", "cn-test-1", endpoints=dict(
            (p, "http://127.0.0.1:9") for p in ("ecs", "vpc", "cms", "rds", "slb", "ascm")), retries=0)
        self.fail = set(fail)
        self.seen = []
        self.seen_lock = threading.Lock()

    def _send(self, product, action, params, method):
        self.signed_request(product, action, params, method)  # signs as for real
        with self._lock:
            self.stats["api_calls"] += 1
        with self.seen_lock:
            self.seen.append((action, dict(params)))
        if action in self.fail:
            return 403, {"Code": "Forbidden.RAM", "Message": "no permission for %s" % action, "RequestId": "R"}, None
        return 200, getattr(self, "api_" + action)(params), None

    # ECS
    def api_DescribeInstances(self, params):
        return _page(params, [{"InstanceId": "i-%03d" % n, "Status": "Running"} for n in range(250)], "Instances", "Instance")

    def api_DescribeDisks(self, params):
        return _page(params, [{"DiskId": "d-1", "Size": 40, "Category": "cloud_ssd", "Status": "In_use"}], "Disks", "Disk")

    def api_DescribeSnapshots(self, params):
        return _page(params, [{"SnapshotId": "s-1", "Status": "accomplished"}], "Snapshots", "Snapshot")

    def api_DescribeAutoSnapshotPolicyEx(self, params):
        return _page(params, [{"AutoSnapshotPolicyId": "sp-1", "TimePoints": '["1"]'}], "AutoSnapshotPolicies", "AutoSnapshotPolicy")

    def api_DescribeSecurityGroups(self, params):
        return _page(params, [{"SecurityGroupId": "sg-1"}, {"SecurityGroupId": "sg-2"}], "SecurityGroups", "SecurityGroup")

    def api_DescribeSecurityGroupAttribute(self, params):
        return {"SecurityGroupId": params["SecurityGroupId"],
                "Permissions": {"Permission": [{"PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0", "Policy": "Accept"}]}}

    # VPC
    def api_DescribeVpcs(self, params):
        return _page(params, [{"VpcId": "vpc-1"}], "Vpcs", "Vpc")

    def api_DescribeVSwitches(self, params):
        return _page(params, [{"VSwitchId": "vsw-1", "CidrBlock": "10.0.0.0/24", "AvailableIpAddressCount": 26}], "VSwitches", "VSwitch")

    def api_DescribeRouterInterfaces(self, params):
        return _page(params, [{"RouterInterfaceId": "ri-1", "Status": "Active"}], "RouterInterfaceSet", "RouterInterfaceType")

    def api_DescribeEipAddresses(self, params):
        return _page(params, [{"AllocationId": "eip-1", "Status": "InUse"}, {"AllocationId": "eip-2", "Status": "Available"}],
                     "EipAddresses", "EipAddress")

    def api_DescribeNatGateways(self, params):
        return _page(params, [{"NatGatewayId": "ngw-1", "SnatTableIds": {"SnatTableId": ["stb-1", "stb-2"]}}], "NatGateways", "NatGateway")

    def api_DescribeSnatTableEntries(self, params):
        table = params["SnatTableId"]
        return _page(params, [{"SnatEntryId": "snat-%s-%d" % (table, n), "SnatTableId": table} for n in range(60)],
                     "SnatTableEntries", "SnatTableEntry")

    # CMS
    def api_DescribeMetricRuleList(self, params):
        return dict(_page(params, [{"RuleId": "r-1"}], "Alarms", "Alarm", number="Page", total="Total"), Code="200", Success=True)

    def api_DescribeAlertHistoryList(self, params):
        assert int(params["EndTime"]) - int(params["StartTime"]) == 7 * 86400 * 1000
        return dict(_page(params, [{"RuleName": "cpu", "State": "ALARM"}], "AlarmHistoryList", "AlarmHistory", number="Page",
                          total="Total"), Code="200", Success=True)

    def api_DescribeMetricLast(self, params):
        offset = int(params.get("NextToken") or 0)
        points = [{"instanceId": "i-%03d" % n, "Average": float(n)} for n in range(offset, offset + 2)]
        return {"Code": "200", "Success": True, "Datapoints": json.dumps(points), "NextToken": "2" if offset == 0 else None}

    # RDS
    def api_DescribeDBInstances(self, params):
        return _page(params, [{"DBInstanceId": "rm-1"}, {"DBInstanceId": "rm-2"}], "Items", "DBInstance", total="TotalRecordCount")

    def api_DescribeBackups(self, params):
        assert params["StartTime"] == "2025-12-26T03:04Z" and params["EndTime"] == "2026-01-02T03:04Z"
        return _page(params, [{"BackupId": "b-" + params["DBInstanceId"], "BackupStatus": "Success"}], "Items", "Backup",
                     total="TotalRecordCount")

    def api_DescribeBackupPolicy(self, params):
        return {"RequestId": "R", "BackupRetentionPeriod": 7, "DBInstanceId": params["DBInstanceId"]}

    # SLB
    def api_DescribeLoadBalancers(self, params):
        return _page(params, [{"LoadBalancerId": "lb-1"}], "LoadBalancers", "LoadBalancer")

    def api_DescribeHealthStatus(self, params):
        return {"BackendServers": {"BackendServer": [{"ServerId": "i-001", "ServerHealthStatus": "abnormal"}]}}

    # ASCM
    def api_ListResourceGroup(self, params):
        groups = [{"id": 1, "rsId": "rs-1", "resourceGroupName": "default"}]
        return {"code": "200", "success": True, "data": groups, "pageInfo": {"total": 1, "currentPage": 1, "pageSize": 100}}


def test_the_contract_is_exactly_the_documented_datasets():
    assert set(ALL_DATASETS) == CONTRACT


def test_collects_every_dataset_with_real_field_names():
    client = ScriptedClient()
    data, errors, seconds = Collector(client, workers=4, now=lambda: NOW).collect()
    assert errors == {} and set(data) == CONTRACT and seconds >= 0
    assert len(data["instances"]) == 250 and data["instances"][0]["InstanceId"] == "i-000"
    assert data["security_group_rules"] == {"sg-1": [{"PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0", "Policy": "Accept"}],
                                            "sg-2": [{"PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0", "Policy": "Accept"}]}
    assert len(data["snat_entries"]) == 120 and {e["SnatTableId"] for e in data["snat_entries"]} == {"stb-1", "stb-2"}
    assert [p["instanceId"] for p in data["cms_cpu"]] == ["i-000", "i-001", "i-002", "i-003"]
    assert data["cms_alarm_rules"] == [{"RuleId": "r-1"}] and data["cms_alarm_history"][0]["State"] == "ALARM"
    assert data["rds_backups"] == {"rm-1": [{"BackupId": "b-rm-1", "BackupStatus": "Success"}],
                                   "rm-2": [{"BackupId": "b-rm-2", "BackupStatus": "Success"}]}
    assert data["rds_backup_policies"]["rm-2"]["BackupRetentionPeriod"] == 7
    assert data["slb_backend_health"] == {"lb-1": [{"ServerId": "i-001", "ServerHealthStatus": "abnormal"}]}
    assert data["resource_groups"][0]["rsId"] == "rs-1"
    # 250 instances at 100 per page: three calls.
    assert sum(1 for action, _params in client.seen if action == "DescribeInstances") == 3


def test_only_wanted_datasets_and_their_parents_are_fetched():
    client = ScriptedClient()
    data, errors, _seconds = Collector(client, now=lambda: NOW).collect(["rds_backups"])
    assert set(data) == {"rds_backups"} and errors == {}
    assert {action for action, _params in client.seen} == {"DescribeDBInstances", "DescribeBackups"}


def test_a_failing_dataset_is_recorded_and_its_dependents_name_it():
    client = ScriptedClient(fail=("DescribeRouterInterfaces", "DescribeDBInstances"))
    data, errors, _seconds = Collector(client, now=lambda: NOW).collect()
    assert set(errors) == {"router_interfaces", "rds_instances", "rds_backups", "rds_backup_policies"}
    assert "Forbidden.RAM" in errors["router_interfaces"]
    assert errors["rds_backups"].startswith("needs rds_instances")
    assert "instances" in data and "router_interfaces" not in data


def test_unknown_dataset_is_refused():
    with pytest.raises(ValueError):
        Collector(ScriptedClient()).collect(["vms"])


def test_capacity_and_counts():
    data, _errors, _seconds = Collector(ScriptedClient(), now=lambda: NOW).collect()
    summary = capacity_summary(data)
    assert summary["vswitches"][0]["usable_ips"] == 252 and summary["vswitches"][0]["used_pct"] == round(100.0 * 226 / 252, 1)
    assert summary["eips"] == {"total": 2, "in_use": 1, "used_pct": 50.0}
    assert summary["disks_by_category"][0]["category"] == "cloud_ssd"
    assert summary["ecs_cpu"][0]["cpu_pct"] == 3.0
    assert inventory_counts(data)["instances"] == 250
    assert vswitch_usable_ips("not-a-cidr") == 0


def test_collects_the_demo_world(apsara_lab):
    client = ApsaraClient(apsara_lab.access_key_id, apsara_lab.access_key_secret, apsara_lab.region_id,
                          endpoints=apsara_lab.endpoints, organization_id=apsara_lab.organization_id, base_delay=0.01)
    data, errors, _seconds = Collector(client, workers=4).collect()
    assert errors == {}, errors
    assert set(data) == CONTRACT
    for name in ("instances", "disks", "vpcs", "vswitches", "security_groups"):
        assert data[name], name
    assert all(isinstance(v, list) for v in data["security_group_rules"].values())
    assert set(data["security_group_rules"]) == {g["SecurityGroupId"] for g in data["security_groups"]}
    assert set(data["rds_backups"]) == {db["DBInstanceId"] for db in data["rds_instances"]}
    assert set(data["slb_backend_health"]) == {lb["LoadBalancerId"] for lb in data["slb_load_balancers"]}
    assert isinstance(data["cms_cpu"], list) and all(isinstance(p, dict) for p in data["cms_cpu"])


def test_parallel_pages_still_cost_one_call_per_page():
    with scale_lab(instances=2500, disks=120, vswitches=10) as lab:
        client = ApsaraClient(lab.access_key_id, lab.access_key_secret, lab.region_id, endpoints=lab.endpoints,
                              organization_id=lab.organization_id, base_delay=0.01)
        data, errors, _seconds = Collector(client, workers=4).collect(["instances", "vswitches"])
        assert errors == {}
        assert len(data["instances"]) == 2500 and len({i["InstanceId"] for i in data["instances"]}) == 2500
        assert lab.stats()["by_action"]["DescribeInstances"] == 25

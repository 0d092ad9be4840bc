"""The whole catalogue over one site shaped like the lab's Apsara demo world: healthy except the planted problems.

Guards the default thresholds: a healthy resource must pass every check, and each planted problem must fail
the check written for it (plus the consequences a customer would expect to see next to it).
"""

import json

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate

from .helpers import ENDPOINT, NOW, ago, ahead, epoch_ms


def _tags(**pairs):
    return {"Tag": [{"TagKey": k, "TagValue": v} for k, v in pairs.items()]}


def _instance(iid, name, charge="PostPaid", expires_days=None, locks=(), sgs=("sg-web",)):
    return {"InstanceId": iid, "InstanceName": name, "Status": "Running", "ZoneId": "cn-demo-a", "InstanceType": "ecs.g6.large",
            "Cpu": 2, "Memory": 8192, "InstanceChargeType": charge,
            "ExpiredTime": ahead(expires_days) if expires_days is not None else "2099-12-31T15:59Z",
            "CreationTime": ago(120, minutes_only=True), "StartTime": ago(120, minutes_only=True), "AutoReleaseTime": "",
            "StoppedMode": "Not-applicable", "DeletionProtection": True, "ResourceGroupId": "12",
            "OperationLocks": {"LockReason": [{"LockReason": r, "LockMsg": ""} for r in locks]},
            "Tags": _tags(owner="ops", env="prod"), "SecurityGroupIds": {"SecurityGroupId": list(sgs)},
            "VpcAttributes": {"VpcId": "vpc-prod", "VSwitchId": "vsw-app", "PrivateIpAddress": {"IpAddress": ["10.0.1.10"]}}}


def _disk(did, name, instance, dtype="data", policy="sp-daily", detached_days=None):
    return {"DiskId": did, "DiskName": name, "Type": dtype, "Category": "cloud_ssd", "Size": 100,
            "Status": "In_use" if instance else "Available", "InstanceId": instance or "",
            "AutoSnapshotPolicyId": policy, "EnableAutoSnapshot": bool(policy), "CreationTime": ago(120),
            "DetachedTime": ago(detached_days) if detached_days is not None else "", "Tags": _tags(owner="ops")}


def _site():
    instances = [_instance("i-web1", "web-01"), _instance("i-web2", "web-02"),
                 _instance("i-db1", "db-01", charge="PrePaid", expires_days=200, sgs=("sg-db",)),
                 _instance("i-erp", "erp-01", locks=("financial",)),                      # planted
                 _instance("i-sub", "sub-01", charge="PrePaid", expires_days=5, sgs=("sg-ops",))]  # planted
    disks = []
    for inst in instances:
        disks.append(_disk("d-%s-sys" % inst["InstanceId"], "%s-system" % inst["InstanceName"], inst["InstanceId"], dtype="system"))
        disks.append(_disk("d-%s-data" % inst["InstanceId"], "%s-data1" % inst["InstanceName"], inst["InstanceId"]))
    disks.append(_disk("d-orphan", "old-data", None, detached_days=40))                  # planted
    disks.append(_disk("d-nopol", "prod-db-data2", "i-db1", policy=""))                  # planted
    snapshots = []
    for disk in disks:
        if disk["AutoSnapshotPolicyId"]:
            for n, hours in enumerate((7, 31)):
                snapshots.append({"SnapshotId": "s-%s-%d" % (disk["DiskId"], n), "SnapshotName": "auto_%d" % n,
                                  "SourceDiskId": disk["DiskId"], "Status": "accomplished", "Progress": "100%",
                                  "CreationTime": ago(hours=hours)})
    web_rules = [{"IpProtocol": "TCP", "PortRange": p, "SourceCidrIp": "0.0.0.0/0", "Policy": "Accept", "Direction": "ingress",
                  "Priority": "1"} for p in ("80/80", "443/443")]
    web_rules.append({"IpProtocol": "TCP", "PortRange": "22/22", "SourceCidrIp": "10.10.0.0/24", "Policy": "Accept",
                      "Direction": "ingress", "Priority": "1"})
    db_rules = [{"IpProtocol": "TCP", "PortRange": "3306/3306", "SourceCidrIp": "10.0.1.0/24", "Policy": "Accept",
                 "Direction": "ingress", "Priority": "1"}]
    ops_rules = [{"IpProtocol": "TCP", "PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0", "Policy": "Accept",
                  "Direction": "ingress", "Priority": "1"}]                               # planted
    rules = [{"RuleId": "r-%s" % m, "RuleName": "ecs-%s" % m, "Namespace": "acs_ecs_dashboard", "MetricName": m,
              "AlertState": "OK", "EnableState": True, "ContactGroups": "ops-oncall", "Resources": json.dumps([{"resource": "_ALL"}])}
             for m in ("CPUUtilization", "memory_usedutilization", "diskusage_utilization")]
    rules.append({"RuleId": "r-erp", "RuleName": "erp-cpu-high", "Namespace": "acs_ecs_dashboard", "MetricName": "CPUUtilization",
                  "AlertState": "ALARM", "EnableState": True, "ContactGroups": "ops-oncall",
                  "Resources": json.dumps([{"instanceId": "i-erp"}])})                   # planted
    backups = {}
    for db in ("rm-orders", "rm-billing"):
        backups[db] = [{"BackupId": "%s-%d" % (db, day), "BackupStatus": "Success", "BackupStartTime": ago(hours=5 + 24 * day),
                        "BackupEndTime": ago(hours=4.8 + 24 * day), "BackupMode": "Automated", "BackupType": "FullBackup"}
                       for day in range(7)]
    backups["rm-billing"][0]["BackupStatus"] = "Failed"                                  # planted
    return {
        "resource_groups": [{"id": 12, "organizationID": 3, "resourceGroupName": "prod", "rsId": "rs-prod"}],
        "instances": instances,
        "disks": disks,
        "snapshots": snapshots,
        "auto_snapshot_policies": [{"AutoSnapshotPolicyId": "sp-daily", "AutoSnapshotPolicyName": "daily-02",
                                    "TimePoints": '["2"]', "RepeatWeekdays": '["1","2","3","4","5","6","7"]', "RetentionDays": 7,
                                    "DiskNums": len(disks) - 1, "Status": "Normal"}],
        "security_groups": [{"SecurityGroupId": g, "SecurityGroupName": g, "VpcId": "vpc-prod"} for g in ("sg-web", "sg-db", "sg-ops")],
        "security_group_rules": {"sg-web": web_rules, "sg-db": db_rules, "sg-ops": ops_rules},
        "vpcs": [{"VpcId": "vpc-prod", "VpcName": "prod", "CidrBlock": "10.0.0.0/16", "Status": "Available",
                  "VSwitchIds": {"VSwitchId": ["vsw-app", "vsw-small"]}},
                 {"VpcId": "vpc-dmz", "VpcName": "dmz", "CidrBlock": "10.1.0.0/16", "Status": "Available",
                  "VSwitchIds": {"VSwitchId": ["vsw-dmz"]}}],
        "vswitches": [{"VSwitchId": "vsw-app", "VSwitchName": "app", "VpcId": "vpc-prod", "CidrBlock": "10.0.1.0/24",
                       "AvailableIpAddressCount": 230, "Status": "Available"},
                      {"VSwitchId": "vsw-dmz", "VSwitchName": "dmz", "VpcId": "vpc-dmz", "CidrBlock": "10.1.1.0/24",
                       "AvailableIpAddressCount": 120, "Status": "Available"},
                      {"VSwitchId": "vsw-small", "VSwitchName": "small", "VpcId": "vpc-prod", "CidrBlock": "10.0.9.0/26",
                       "AvailableIpAddressCount": 6, "Status": "Available"}],                  # planted
        "router_interfaces": [{"RouterInterfaceId": "ri-1", "Name": "prod-dmz", "Role": "InitiatingSide", "Status": "Active",
                               "VpcInstanceId": "vpc-prod", "OppositeVpcInstanceId": "vpc-dmz"},
                              {"RouterInterfaceId": "ri-2", "Name": "prod-dmz-peer", "Role": "AcceptingSide", "Status": "Active",
                               "VpcInstanceId": "vpc-dmz", "OppositeVpcInstanceId": "vpc-prod"}],
        "eips": [{"AllocationId": "eip-nat", "Name": "nat-out", "IpAddress": "192.0.2.20", "Status": "InUse",
                  "InstanceId": "ngw-1", "InstanceType": "Nat", "Bandwidth": "10", "AllocationTime": ago(200)},
                 {"AllocationId": "eip-spare", "Name": "spare", "IpAddress": "192.0.2.21", "Status": "Available",
                  "InstanceId": "", "Bandwidth": "5", "AllocationTime": ago(30)}],                  # planted
        "nat_gateways": [{"NatGatewayId": "ngw-1", "Name": "prod-nat", "VpcId": "vpc-prod", "Spec": "Small", "Status": "Available",
                          "BusinessStatus": "Normal", "SnatTableIds": {"SnatTableId": ["stb-1"]}}],
        "snat_entries": [{"SnatEntryId": "snat-1", "SnatEntryName": "app-out", "SnatTableId": "stb-1", "SourceVSwitchId": "vsw-app",
                          "SourceCIDR": "10.0.1.0/24", "SnatIp": "192.0.2.20", "Status": "Available", "NatGatewayId": "ngw-1"}],
        "cms_alarm_rules": rules,
        "cms_alarm_history": [{"RuleId": "r-erp", "RuleName": "erp-cpu-high", "Namespace": "acs_ecs_dashboard",
                               "MetricName": "CPUUtilization", "State": "ALARM", "AlertTime": epoch_ms(m)} for m in (20, 80, 140)],
        "cms_cpu": [{"instanceId": i["InstanceId"], "Average": 30.0 + n * 5, "Maximum": 55.0, "Minimum": 10.0,
                     "timestamp": epoch_ms(1)} for n, i in enumerate(instances)],
        "rds_instances": [{"DBInstanceId": db, "DBInstanceDescription": db[3:], "DBInstanceStatus": "Running", "Engine": "MySQL",
                           "EngineVersion": "8.0", "PayType": "Postpaid", "ExpireTime": "", "LockMode": "Unlock",
                           "CreateTime": ago(300)} for db in ("rm-orders", "rm-billing")],
        "rds_backups": backups,
        "rds_backup_policies": dict((db, {"BackupRetentionPeriod": 7, "PreferredBackupPeriod": "Monday,Tuesday,Wednesday,Thursday,"
                                          "Friday,Saturday,Sunday", "EnableBackupLog": "1"}) for db in ("rm-orders", "rm-billing")),
        "slb_load_balancers": [{"LoadBalancerId": "lb-web", "LoadBalancerName": "web", "LoadBalancerStatus": "active",
                                "Address": "10.0.1.100"},
                               {"LoadBalancerId": "lb-api", "LoadBalancerName": "api", "LoadBalancerStatus": "active",
                                "Address": "10.0.1.101"}],
        "slb_backend_health": {"lb-web": [{"ServerId": "i-web1", "Port": 80, "ListenerPort": 80, "ServerHealthStatus": "normal"},
                                          {"ServerId": "i-web2", "Port": 80, "ListenerPort": 80, "ServerHealthStatus": "normal"}],
                               "lb-api": [{"ServerId": "i-web1", "Port": 8080, "ListenerPort": 80, "ServerHealthStatus": "normal"},
                                          {"ServerId": "i-web2", "Port": 8080, "ListenerPort": 80,
                                           "ServerHealthStatus": "abnormal"}]},             # planted
    }


PLANTED = {
    ("apsara_instance_operation_locked", "erp-01"),
    ("apsara_instance_prepaid_expiring", "sub-01"),
    ("apsara_disk_unattached", "old-data"),
    ("apsara_disk_no_auto_snapshot_policy", "prod-db-data2"),
    ("apsara_vswitch_ip_exhaustion", "small"),
    ("apsara_eip_unassociated", "spare"),
    ("apsara_sg_ssh_open_world", "sg-ops"),
    ("apsara_cms_alarm_firing", "erp-cpu-high"),
    ("apsara_rds_backup_last_failed", "billing"),
    ("apsara_slb_backend_abnormal", "api"),
}
# What follows from a planted problem: the failed nightly backup leaves billing without a success inside the RPO.
CONSEQUENCES = {("apsara_rds_backup_stale", "billing")}


def test_demo_site_fails_exactly_on_the_planted_problems():
    findings = evaluate(apsara_catalogue.CHECKS, _site(), "apsara", ENDPOINT, now=NOW)
    assert [f for f in findings if f["status"] == "ERROR"] == []
    failed = set((f["check_id"], f["resource"]["name"]) for f in findings if f["status"] == "FAIL")
    assert failed == PLANTED | CONSEQUENCES
    severities = dict(((f["check_id"], f["resource"]["name"]), f["severity"]) for f in findings if f["status"] == "FAIL")
    assert severities[("apsara_instance_operation_locked", "erp-01")] == "critical"
    assert severities[("apsara_instance_prepaid_expiring", "sub-01")] == "high"
    assert severities[("apsara_disk_unattached", "old-data")] == "medium"
    assert severities[("apsara_rds_backup_last_failed", "billing")] == "critical"
    # every check judged something on this site, so a healthy pass is a real pass and not silence
    judged = set(f["check_id"] for f in findings)
    assert judged == set(c.id for c in apsara_catalogue.CHECKS) - {
        "apsara_snapshot_stuck_progressing", "apsara_instance_stopped_long", "apsara_instance_stopped_charged",
        "apsara_rds_expiring"}

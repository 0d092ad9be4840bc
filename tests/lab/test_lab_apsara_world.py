"""Apsara demo world: every planted problem present, the rest healthy; paging, wrappers, tenancy, scale."""
from __future__ import annotations

import ipaddress
import json
import time

import pytest
from apsara_raw import Raw
from lab.apsara import ApsaraLab


@pytest.fixture(scope="module")
def alab():
    with ApsaraLab(world="demo", https_port=None) as lab:
        yield lab


@pytest.fixture
def raw(alab):
    return Raw(alab.http_url, alab.access_key_id, alab.access_key_secret)


def _ts(text):
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%MZ"):
        try:
            return time.mktime(time.strptime(text, fmt)) - time.timezone
        except ValueError:
            continue
    raise ValueError(text)


def _instances(raw):
    return raw.all_pages("ecs", "DescribeInstances", "Instances.Instance", size=100)


def test_instances_locks_and_expiry(raw):
    insts = _instances(raw)
    assert len(insts) == 20
    locked = [i["InstanceName"] for i in insts if i["OperationLocks"]["LockReason"]]
    assert locked == ["batch-01"]
    assert [x["LockReason"] for x in next(i for i in insts if i["InstanceName"] == "batch-01")["OperationLocks"]["LockReason"]] == ["financial"]
    now = time.time()
    prepaid = {i["InstanceName"]: (_ts(i["ExpiredTime"]) - now) / 86400 for i in insts if i["InstanceChargeType"] == "PrePaid"}
    assert [n for n, d in prepaid.items() if d < 60] == ["erp-01"] and 4.9 < prepaid["erp-01"] <= 5.0
    assert all(i["Status"] == "Running" and i["DeletionProtection"] is True for i in insts)
    assert all(i["ExpiredTime"] == "2099-12-31T15:59Z" for i in insts if i["InstanceChargeType"] == "PostPaid")
    # LockReason filter and the attribute call agree
    assert [i["InstanceName"] for i in raw.ok("ecs", "DescribeInstances", {"LockReason": "financial"})["Instances"]["Instance"]] == ["batch-01"]


def test_disks_snapshots_and_policies(raw):
    disks = raw.all_pages("ecs", "DescribeDisks", "Disks.Disk", size=100)
    loose = [d for d in disks if d["Status"] != "In_use"]
    assert [d["DiskName"] for d in loose] == ["data-orphan-01"] and loose[0]["Status"] == "Available"
    assert 39.9 < (time.time() - _ts(loose[0]["DetachedTime"])) / 86400 < 40.1 and loose[0]["Attachments"]["Attachment"] == []
    no_policy = [d for d in disks if not d["AutoSnapshotPolicyId"]]
    assert [d["DiskName"] for d in no_policy] == ["log-01-data1"]
    assert {"TagKey": "env", "TagValue": "prod"} in no_policy[0]["Tags"]["Tag"] and no_policy[0]["Type"] == "data"
    snaps = raw.all_pages("ecs", "DescribeSnapshots", "Snapshots.Snapshot", size=100)
    latest = {}
    for s in snaps:
        latest.setdefault(s["SourceDiskId"], s)          # newest first
    stale = [d["DiskName"] for d in disks
             if not (latest[d["DiskId"]]["Status"] == "accomplished" and time.time() - _ts(latest[d["DiskId"]]["CreationTime"]) < 86400)]
    assert stale == ["mon-01-data1"]      # planted 11 (backup validation)
    assert isinstance(snaps[0]["SourceDiskSize"], str) and snaps[0]["Progress"] == "100%"
    pols = raw.ok("ecs", "DescribeAutoSnapshotPolicyEx")["AutoSnapshotPolicies"]["AutoSnapshotPolicy"]
    assert sum(p["DiskNums"] for p in pols) == len(disks) - 1 and json.loads(pols[0]["TimePoints"]) == ["2"]


def test_vswitch_capacity_eips_nat_and_routes(raw):
    vsws = raw.ok("vpc", "DescribeVSwitches", {"PageSize": 50})["VSwitches"]["VSwitch"]
    assert len(vsws) == 5
    low = [v for v in vsws if v["AvailableIpAddressCount"] < 10]
    assert [(v["VSwitchName"], v["AvailableIpAddressCount"]) for v in low] == [("vsw-prod-mgmt-b", 6)]
    for v in vsws:
        if v is not low[0]:
            size = ipaddress.ip_network(v["CidrBlock"]).num_addresses
            assert 1 - v["AvailableIpAddressCount"] / size < 0.7
    eips = raw.ok("vpc", "DescribeEipAddresses")["EipAddresses"]["EipAddress"]
    assert [e["Name"] for e in eips if e["Status"] != "InUse"] == ["eip-spare-01"]
    nat = raw.ok("vpc", "DescribeNatGateways")["NatGateways"]["NatGateway"]
    assert len(nat) == 1 and nat[0]["IpLists"]["IpList"][0]["UsingStatus"] == "UsedBySnatTable"
    snat = raw.ok("vpc", "DescribeSnatTableEntries", {"SnatTableId": nat[0]["SnatTableIds"]["SnatTableId"][0]})
    assert snat["TotalCount"] == 3 and {s["Status"] for s in snat["SnatTableEntries"]["SnatTableEntry"]} == {"Available"}
    tables = raw.ok("vpc", "DescribeRouteTableList")["RouterTableList"]["RouterTableListType"]
    assert len(tables) == 2 and all(t["VSwitchIds"]["VSwitchId"] for t in tables)
    prod = next(t for t in tables if len(t["VSwitchIds"]["VSwitchId"]) == 4)
    entries = raw.ok("vpc", "DescribeRouteEntryList", {"RouteTableId": prod["RouteTableId"], "MaxResult": 3})
    assert len(entries["RouteEntrys"]["RouteEntry"]) == 3 and entries["NextToken"]
    rest = raw.ok("vpc", "DescribeRouteEntryList", {"RouteTableId": prod["RouteTableId"], "MaxResult": 3, "NextToken": entries["NextToken"]})
    allent = entries["RouteEntrys"]["RouteEntry"] + rest["RouteEntrys"]["RouteEntry"]
    assert rest["NextToken"] == "" and any(e["NextHops"]["NextHop"] and e["NextHops"]["NextHop"][0]["NextHopType"] == "NatGateway" for e in allent)
    ris = raw.ok("vpc", "DescribeRouterInterfaces")["RouterInterfaceSet"]["RouterInterfaceType"]
    assert {r["Role"] for r in ris} == {"InitiatingSide", "AcceptingSide"} and {r["Status"] for r in ris} == {"Active"}


def test_security_group_rules(raw):
    groups = raw.ok("ecs", "DescribeSecurityGroups", {"PageSize": 50})["SecurityGroups"]["SecurityGroup"]
    open_ssh = []
    for g in groups:
        perms = raw.ok("ecs", "DescribeSecurityGroupAttribute", {"SecurityGroupId": g["SecurityGroupId"], "Direction": "ingress"})
        for p in perms["Permissions"]["Permission"]:
            if p["SourceCidrIp"] == "0.0.0.0/0":
                open_ssh.append((g["SecurityGroupName"], p["PortRange"], p["IpProtocol"]))
    assert open_ssh == [("sg-prod-mgmt", "22/22", "TCP")]


def test_cms_rules_history_and_metrics(raw):
    rules = raw.ok("cms", "DescribeMetricRuleList")["Alarms"]["Alarm"]
    assert {r["MetricName"] for r in rules} >= {"CPUUtilization", "memory_usedutilization", "diskusage_utilization"}
    alarming = [r for r in rules if r["AlertState"] != "OK"]
    assert [(r["RuleName"], r["AlertState"]) for r in alarming] == [("app-03-mem-high", "ALARM")]
    inst = json.loads(alarming[0]["Dimensions"])[0]["instanceId"]
    app03 = raw.ok("ecs", "DescribeInstances", {"InstanceName": "app-03"})["Instances"]["Instance"][0]
    assert inst == app03["InstanceId"]
    hist = raw.ok("cms", "DescribeAlertHistoryList", {"State": "ALARM"})
    assert hist["Total"] == "1" and hist["AlarmHistoryList"]["AlarmHistory"][0]["RuleName"] == "app-03-mem-high"
    last = raw.ok("cms", "DescribeMetricLast", {"Namespace": "acs_ecs_dashboard", "MetricName": "CPUUtilization", "Length": "100"})
    assert isinstance(last["Datapoints"], str)
    points = json.loads(last["Datapoints"])
    assert len(points) == 20 and max(p["Maximum"] for p in points) < 60
    series = raw.ok("cms", "DescribeMetricList", {"Namespace": "acs_ecs_dashboard", "MetricName": "memory_usedutilization",
                                                  "Dimensions": json.dumps([{"instanceId": inst}]), "Period": "300",
                                                  "StartTime": str(int((time.time() - 3600) * 1000))})
    pts = json.loads(series["Datapoints"])
    assert 11 <= len(pts) <= 13 and all(p["instanceId"] == inst and p["Average"] > 80 for p in pts)


def test_rds_backups_and_policy(raw):
    dbs = raw.ok("rds", "DescribeDBInstances")
    assert dbs["TotalRecordCount"] == 2 and dbs["PageRecordCount"] == 2
    latest = {}
    for db in dbs["Items"]["DBInstance"]:
        b = raw.ok("rds", "DescribeBackups", {"DBInstanceId": db["DBInstanceId"]})
        assert b["TotalRecordCount"].isdigit()
        latest[db["DBInstanceDescription"]] = b["Items"]["Backup"][0]
        pol = raw.ok("rds", "DescribeBackupPolicy", {"DBInstanceId": db["DBInstanceId"]})
        assert pol["BackupRetentionPeriod"] == 7 and pol["PreferredNextBackupTime"]
    assert latest["rds-prod-pg"]["BackupStatus"] == "Failed"
    ok = latest["rds-prod-mysql"]
    assert ok["BackupStatus"] == "Success" and time.time() - _ts(ok["BackupStartTime"]) < 86400


def test_slb_health(raw):
    lbs = raw.ok("slb", "DescribeLoadBalancers")["LoadBalancers"]["LoadBalancer"]
    assert len(lbs) == 1
    health = raw.ok("slb", "DescribeHealthStatus", {"LoadBalancerId": lbs[0]["LoadBalancerId"]})["BackendServers"]["BackendServer"]
    bad = {h["ServerId"] for h in health if h["ServerHealthStatus"] != "normal"}
    web03 = raw.ok("ecs", "DescribeInstances", {"InstanceName": "web-03"})["Instances"]["Instance"][0]["InstanceId"]
    assert bad == {web03} and {h["ServerHealthStatus"] for h in health} == {"normal", "abnormal"}
    attr = raw.ok("slb", "DescribeLoadBalancerAttribute", {"LoadBalancerId": lbs[0]["LoadBalancerId"]})
    assert attr["ListenerPorts"]["ListenerPort"] == [80, 443] and len(attr["BackendServers"]["BackendServer"]) == 3


def test_paging_styles_and_limits(raw):
    page = raw.ok("ecs", "DescribeInstances", {"PageNumber": 2, "PageSize": 8})
    assert (page["PageNumber"], page["PageSize"], page["TotalCount"], len(page["Instances"]["Instance"])) == (2, 8, 20, 8)
    assert raw.ok("ecs", "DescribeInstances", {"PageNumber": 9, "PageSize": 8})["Instances"] == {"Instance": []}
    seen, token = [], None
    while True:
        body = raw.ok("ecs", "DescribeDisks", {"MaxResults": 9, **({"NextToken": token} if token else {})})
        seen += [d["DiskId"] for d in body["Disks"]["Disk"]]
        token = body["NextToken"]
        if not token:
            break
    assert len(seen) == len(set(seen)) == 32
    assert raw.ok("ecs", "DescribeDisks", {"MaxResults": 500})["NextToken"] == ""
    for prod, action, params, code in [
        ("ecs", "DescribeDisks", {"MaxResults": 501}, "InvalidParameter.MaxResults"),
        ("ecs", "DescribeInstanceStatus", {"PageSize": 51}, "InvalidParameter.PageSize"),
        ("vpc", "DescribeVSwitches", {"PageSize": 51}, "InvalidParameter.PageSize"),
        ("ecs", "DescribeInstances", {"NextToken": "bogus"}, "InvalidParameter.NextToken"),
        ("ecs", "DescribeSecurityGroups", {"MaxResults": 5, "PageNumber": 1}, "NotSupported.PageNumberAndPageSize"),
    ]:
        status, _h, body = raw.call(prod, action, params)
        assert (status, body["Code"]) == (400, code), (action, body)
    assert raw.ok("ecs", "DescribeInstanceStatus", {"PageSize": 50})["InstanceStatuses"]["InstanceStatus"][0]["Status"] == "Running"
    assert raw.ok("vpc", "DescribeEipAddresses", {"PageSize": 100})["PageSize"] == 100


def test_tenancy_scoping(raw, alab):
    all_ids = {i["InstanceId"] for i in _instances(raw)}
    prod = raw.ok("ecs", "DescribeInstances", {"PageSize": 100}, headers={"x-acs-organizationid": "27", "x-acs-resourcegroupid": "61"})
    dev = raw.ok("ecs", "DescribeInstances", {"PageSize": 100, "Department": "27", "ResourceGroup": "rs-lab-dev"})
    assert prod["TotalCount"] == 16 and dev["TotalCount"] == 4
    assert {i["InstanceId"] for i in prod["Instances"]["Instance"]} | {i["InstanceId"] for i in dev["Instances"]["Instance"]} == all_ids
    assert {i["ResourceGroupId"] for i in dev["Instances"]["Instance"]} == {"62"}
    assert raw.ok("vpc", "DescribeVpcs", {"ResourceGroup": "62"})["TotalCount"] == 1
    status, _h, body = raw.call("ecs", "DescribeInstances", headers={"x-acs-resourcegroupid": "999"})
    assert (status, body["Code"]) == (400, "InvalidResourceGroupId")
    status, _h, body = raw.call("ecs", "DescribeInstances", headers={"x-acs-organizationid": "4242"})
    assert status == 400 and body["Code"] == "InvalidParameter.Department"
    rgs = raw.ok("ascm", "ListResourceGroup", {"resourceGroupName": "dev"})
    assert rgs["code"] == "200" and [(g["id"], g["organizationID"], g["rsId"]) for g in rgs["data"]] == [(62, 27, "rs-lab-dev")]
    # a resource in another resource group is invisible, not forbidden
    prod_one = next(iter(i["InstanceId"] for i in prod["Instances"]["Instance"]))
    status, _h, body = raw.call("ecs", "DescribeInstanceAttribute", {"InstanceId": prod_one}, headers={"x-acs-resourcegroupid": "62"})
    assert (status, body["Code"]) == (404, "InvalidInstanceId.NotFound")


def test_scale_world_generates_quickly():
    t = time.monotonic()
    with ApsaraLab(world="scale", scale={"instances": 2000, "disks": 4000, "vswitches": 40}, https_port=None) as lab:
        elapsed = time.monotonic() - t
        r = Raw(lab.http_url, lab.access_key_id, lab.access_key_secret)
        assert r.ok("ecs", "DescribeInstances", {"MaxResults": 100})["TotalCount"] == 2000
        assert r.ok("ecs", "DescribeDisks", {"PageSize": 1})["TotalCount"] == 4000
        assert r.ok("vpc", "DescribeVSwitches", {"PageSize": 1})["TotalCount"] == 40
    assert elapsed < 5

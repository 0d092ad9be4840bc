"""Apsara lab writes: async transitions, ClientToken idempotency, disk/snapshot/EIP/SNAT/route/backup life cycles."""
from __future__ import annotations

import json
import time

import pytest
from apsara_raw import Raw
from lab.apsara import ApsaraLab

ASYNC = 0.15


@pytest.fixture
def alab():
    with ApsaraLab(world="demo", https_port=None, async_seconds=ASYNC) as lab:
        yield lab


@pytest.fixture
def raw(alab):
    return Raw(alab.http_url, alab.access_key_id, alab.access_key_secret)


def _wait(fn, want, timeout=5.0):
    end = time.monotonic() + timeout
    while True:
        got = fn()
        if got == want or time.monotonic() > end:
            return got
        time.sleep(0.03)


def _inst(raw, name):
    return raw.ok("ecs", "DescribeInstances", {"InstanceName": name})["Instances"]["Instance"][0]


def _status(raw, iid):
    return raw.ok("ecs", "DescribeInstanceStatus", {"InstanceId.1": iid})["InstanceStatuses"]["InstanceStatus"][0]["Status"]


def test_stop_start_transitions(raw):
    iid = _inst(raw, "web-02")["InstanceId"]
    raw.ok("ecs", "StopInstance", {"InstanceId": iid})
    assert _status(raw, iid) == "Stopping"
    status, _h, body = raw.call("ecs", "StopInstance", {"InstanceId": iid})
    assert (status, body["Code"]) == (403, "IncorrectInstanceStatus")
    assert _wait(lambda: _status(raw, iid), "Stopped") == "Stopped"
    raw.ok("ecs", "StartInstance", {"InstanceId": iid}, method="POST")
    assert _status(raw, iid) == "Starting"
    assert _wait(lambda: _status(raw, iid), "Running") == "Running"
    batch = raw.ok("ecs", "StopInstances", {"InstanceId.1": iid, "InstanceId.2": _inst(raw, "batch-01")["InstanceId"]})
    codes = [(r["Code"], r["CurrentStatus"]) for r in batch["InstanceResponses"]["InstanceResponse"]]
    assert codes == [("200", "Stopping"), ("InstanceExpiredOrInArrears", "Running")]


def test_async_failure_injection(alab, raw):
    alab.faults.update(fail_async={"StopInstance": 1.0})
    iid = _inst(raw, "web-01")["InstanceId"]
    raw.ok("ecs", "StopInstance", {"InstanceId": iid})
    assert _status(raw, iid) == "Stopping"
    time.sleep(ASYNC + 0.05)
    assert _status(raw, iid) == "Running"          # the stop failed and the instance kept running


def test_disk_life_cycle_from_snapshot_with_client_token(raw):
    inst = _inst(raw, "app-01")
    snap = raw.ok("ecs", "DescribeSnapshots", {"InstanceId": inst["InstanceId"], "Status": "accomplished", "SourceDiskType": "data"})
    sid = snap["Snapshots"]["Snapshot"][0]["SnapshotId"]
    params = {"ZoneId": inst["ZoneId"], "SnapshotId": sid, "DiskName": "restore-1", "ClientToken": "tok-disk-1", "DiskCategory": "cloud_ssd"}
    first = raw.ok("ecs", "CreateDisk", params)
    again = raw.ok("ecs", "CreateDisk", params)
    assert first["DiskId"] == again["DiskId"]
    assert raw.ok("ecs", "DescribeDisks", {"DiskName": "restore-1"})["TotalCount"] == 1
    status, _h, body = raw.call("ecs", "CreateDisk", {**params, "DiskName": "other"})
    assert (status, body["Code"]) == (400, "IdempotentParameterMismatch")
    did = first["DiskId"]

    def disk():
        return raw.ok("ecs", "DescribeDisks", {"DiskIds": json.dumps([did])})["Disks"]["Disk"][0]
    d = disk()
    assert d["Status"] == "Creating" and d["Size"] == 200 and d["SourceSnapshotId"] == sid
    assert _wait(lambda: disk()["Status"], "Available") == "Available"
    raw.ok("ecs", "AttachDisk", {"InstanceId": inst["InstanceId"], "DiskId": did})
    assert disk()["Status"] == "Attaching"
    assert _wait(lambda: disk()["Status"], "In_use") == "In_use"
    assert disk()["Attachments"]["Attachment"][0]["InstanceId"] == inst["InstanceId"]
    status, _h, body = raw.call("ecs", "DeleteDisk", {"DiskId": did})
    assert (status, body["Code"]) == (403, "IncorrectDiskStatus")
    raw.ok("ecs", "DetachDisk", {"InstanceId": inst["InstanceId"], "DiskId": did})
    assert _wait(lambda: disk()["Status"], "Available") == "Available"
    raw.ok("ecs", "DeleteDisk", {"DiskId": did})
    assert raw.ok("ecs", "DescribeDisks", {"DiskIds": json.dumps([did])})["Disks"]["Disk"] == []


def test_snapshot_progress_and_policy(raw):
    disk = raw.ok("ecs", "DescribeDisks", {"DiskName": "log-01-data1"})["Disks"]["Disk"][0]
    sid = raw.ok("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"], "SnapshotName": "pre-change", "ClientToken": "tok-s"})["SnapshotId"]
    assert raw.ok("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"], "SnapshotName": "pre-change", "ClientToken": "tok-s"})["SnapshotId"] == sid

    def snap():
        return raw.ok("ecs", "DescribeSnapshots", {"SnapshotIds": json.dumps([sid])})["Snapshots"]["Snapshot"][0]
    s = snap()
    assert s["Status"] == "progressing" and s["Progress"].endswith("%") and s["SnapshotType"] == "user"
    status, _h, body = raw.call("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"]})
    assert (status, body["Code"]) == (403, "IncorrectDiskStatus.CreatingSnapshot")
    assert _wait(lambda: snap()["Status"], "accomplished") == "accomplished" and snap()["Progress"] == "100%"
    pol = raw.ok("ecs", "DescribeAutoSnapshotPolicyEx", {"AutoSnapshotPolicyName": "asp-data-daily"})["AutoSnapshotPolicies"]["AutoSnapshotPolicy"][0]
    raw.ok("ecs", "ApplyAutoSnapshotPolicy", {"regionId": "cn-lab-1", "autoSnapshotPolicyId": pol["AutoSnapshotPolicyId"],
                                              "diskIds": json.dumps([disk["DiskId"]])})
    after = raw.ok("ecs", "DescribeDisks", {"DiskName": "log-01-data1"})["Disks"]["Disk"][0]
    assert after["AutoSnapshotPolicyId"] == pol["AutoSnapshotPolicyId"] and after["EnableAutoSnapshot"] is True


def test_failed_snapshot(alab, raw):
    alab.faults.update(fail_async={"CreateSnapshot": 1.0})
    disk = raw.ok("ecs", "DescribeDisks", {"DiskName": "web-01-system"})["Disks"]["Disk"][0]
    sid = raw.ok("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"]})["SnapshotId"]
    time.sleep(2 * ASYNC + 0.1)
    assert raw.ok("ecs", "DescribeSnapshots", {"Status": "failed"})["Snapshots"]["Snapshot"][0]["SnapshotId"] == sid


def test_eip_cycle_and_snat(raw):
    eip = raw.ok("vpc", "DescribeEipAddresses", {"Status": "Available"})["EipAddresses"]["EipAddress"][0]
    iid = _inst(raw, "web-02")["InstanceId"]
    raw.ok("vpc", "AssociateEipAddress", {"AllocationId": eip["AllocationId"], "InstanceId": iid})

    def st():
        return raw.ok("vpc", "DescribeEipAddresses", {"AllocationId": eip["AllocationId"]})["EipAddresses"]["EipAddress"][0]["Status"]
    assert st() == "Associating"
    assert _wait(st, "InUse") == "InUse"
    assert _inst(raw, "web-02")["EipAddress"]["IpAddress"] == eip["IpAddress"]
    status, _h, body = raw.call("vpc", "ReleaseEipAddress", {"AllocationId": eip["AllocationId"]})
    assert (status, body["Code"]) == (400, "IncorrectEipStatus")
    raw.ok("vpc", "UnassociateEipAddress", {"AllocationId": eip["AllocationId"]})
    assert _wait(st, "Available") == "Available"
    raw.ok("vpc", "ReleaseEipAddress", {"AllocationId": eip["AllocationId"]})
    assert raw.ok("vpc", "DescribeEipAddresses", {"AllocationId": eip["AllocationId"]})["TotalCount"] == 0
    nat = raw.ok("vpc", "DescribeNatGateways")["NatGateways"]["NatGateway"][0]
    stb = nat["SnatTableIds"]["SnatTableId"][0]
    web_sw = raw.ok("vpc", "DescribeVSwitches", {"VSwitchName": "vsw-prod-web-a"})["VSwitches"]["VSwitch"][0]["VSwitchId"]
    snat = {"SnatTableId": stb, "SnatIp": nat["IpLists"]["IpList"][0]["IpAddress"], "SourceVSwitchId": web_sw}
    status, _h, body = raw.call("vpc", "CreateSnatEntry", snat)
    assert (status, body["Code"]) == (400, "Forbidden.SourceVSwitchId.Duplicated")
    mgmt = raw.ok("vpc", "DescribeVSwitches", {"VSwitchName": "vsw-prod-mgmt-b"})["VSwitches"]["VSwitch"][0]["VSwitchId"]
    seid = raw.ok("vpc", "CreateSnatEntry", {"SnatTableId": stb, "SnatIp": nat["IpLists"]["IpList"][0]["IpAddress"],
                                             "SourceVSwitchId": mgmt})["SnatEntryId"]
    entry = raw.ok("vpc", "DescribeSnatTableEntries", {"SnatTableId": stb, "SnatEntryId": seid})["SnatTableEntries"]["SnatTableEntry"][0]
    assert entry["Status"] == "Pending"


def test_route_entry_and_vswitch_creation(raw):
    vpc = raw.ok("vpc", "DescribeVpcs", {"VpcName": "vpc-prod"})["Vpcs"]["Vpc"][0]
    req = {"VpcId": vpc["VpcId"], "ZoneId": "cn-lab-1a", "CidrBlock": "10.10.20.0/24", "ClientToken": "t-sw"}
    sw = raw.ok("vpc", "CreateVSwitch", req)
    assert raw.ok("vpc", "CreateVSwitch", req)["VSwitchId"] == sw["VSwitchId"]
    assert raw.ok("vpc", "DescribeVSwitches", {"VpcId": vpc["VpcId"], "PageSize": 50})["TotalCount"] == 5
    status, _h, body = raw.call("vpc", "CreateVSwitch", {"VpcId": vpc["VpcId"], "ZoneId": "cn-lab-1a", "CidrBlock": "10.10.20.0/25"})
    assert (status, body["Code"]) == (400, "InvalidCidrBlock.Overlapped")
    vtb = vpc["RouterTableIds"]["RouterTableIds"][0]
    rte = raw.ok("vpc", "CreateRouteEntry", {"RouteTableId": vtb, "DestinationCidrBlock": "192.168.50.0/24",
                                             "NextHopType": "Instance", "NextHopId": _inst(raw, "bastion-01")["InstanceId"]})["RouteEntryId"]

    def entry_status():
        got = raw.ok("vpc", "DescribeRouteEntryList", {"RouteTableId": vtb, "RouteEntryId": rte})["RouteEntrys"]["RouteEntry"]
        return got[0]["Status"] if got else None
    assert entry_status() == "Pending"
    assert _wait(entry_status, "Available") == "Available"
    raw.ok("vpc", "DeleteRouteEntry", {"RouteEntryId": rte})
    assert _wait(entry_status, None) is None


def test_rds_manual_backup(raw):
    db = raw.ok("rds", "DescribeDBInstances", {"SearchKey": "rds-prod-pg"})["Items"]["DBInstance"][0]
    job = raw.ok("rds", "CreateBackup", {"DBInstanceId": db["DBInstanceId"]})["BackupJobId"]
    tasks = raw.ok("rds", "DescribeBackupTasks", {"DBInstanceId": db["DBInstanceId"]})["Items"]["BackupJob"]
    assert [t["BackupJobId"] for t in tasks] == [job]

    def latest():
        return raw.ok("rds", "DescribeBackups", {"DBInstanceId": db["DBInstanceId"]})["Items"]["Backup"][0]["BackupStatus"]
    assert _wait(latest, "Success") == "Success"


def test_tenancy_applies_to_writes(raw):
    iid = _inst(raw, "web-03")["InstanceId"]
    dev_scope = {"x-acs-organizationid": "27", "x-acs-resourcegroupid": "62"}
    status, _h, body = raw.call("ecs", "StopInstance", {"InstanceId": iid}, headers=dev_scope)
    assert (status, body["Code"]) == (404, "InvalidInstanceId.NotFound")
    d = raw.ok("ecs", "CreateDisk", {"ZoneId": "cn-lab-1a", "Size": 20}, headers={"x-acs-resourcegroupid": "rs-lab-dev"})
    created = raw.ok("ecs", "DescribeDisks", {"DiskIds": json.dumps([d["DiskId"]])})["Disks"]["Disk"][0]
    assert created["ResourceGroupId"] == "62"

"""Scaling on the simulated Apsara ECS, over raw signed calls (shared/reference/scaling-api.md section 3):
ModifyInstanceSpec (pay-as-you-go, Stopped only, async, interval), ModifyPrepayInstanceSpec, ResizeDisk (online /
offline + API reboot, grow only), RunInstances with ClientToken, DescribeInstanceTypes / DescribeAvailableResource /
DescribeResourcesModification, OperationDenied.NoStock, quotas, the exhaust_capacity knob, write log, snapshot()."""
from __future__ import annotations

import json
import time
import urllib.request

import pytest
from apsara_raw import Raw
from lab.apsara import ApsaraLab

ASYNC = 0.08          # async_seconds: every transition of these tests lasts 80 ms
POLL = 0.02


@pytest.fixture
def slab():
    """A private scaling world (the demo world plus the scale-* resources)."""
    with ApsaraLab(world="scaling", https_port=None, async_seconds=ASYNC) as lab:
        yield lab


def signed(lab) -> Raw:
    """A raw client signing with the demo AccessKey of ``lab``."""
    return Raw(lab.http_url, lab.access_key_id, lab.access_key_secret)


@pytest.fixture
def raw(slab):
    return signed(slab)


def wait(read, want, timeout=5.0):
    """Poll ``read()`` until it returns ``want``; the last value read otherwise."""
    got = read()
    for _poll in range(int(timeout / POLL)):
        if got == want:
            break
        time.sleep(POLL)
        got = read()
    return got


def inst(raw, name):
    found = raw.ok("ecs", "DescribeInstances", {"RegionId": "cn-lab-1", "InstanceName": name})["Instances"]["Instance"]
    assert len(found) == 1, found
    return found[0]


def disk(raw, name):
    return next(d for d in raw.ok("ecs", "DescribeDisks", {"RegionId": "cn-lab-1", "PageSize": 100})["Disks"]["Disk"]
                if d["DiskName"] == name)


def err(raw, action, params):
    status, _h, body = raw.call("ecs", action, params)
    return status, body.get("Code")


def stop(raw, iid):
    raw.ok("ecs", "StopInstance", {"InstanceId": iid})
    assert wait(lambda: inst_by_id(raw, iid)["Status"], "Stopped") == "Stopped"


def inst_by_id(raw, iid):
    return raw.ok("ecs", "DescribeInstances", {"RegionId": "cn-lab-1",
                                               "InstanceIds": json.dumps([iid])})["Instances"]["Instance"][0]


def guest(slab, disk_id):
    with urllib.request.urlopen(f"{slab.http_url}/_lab/guest/{disk_id}") as rsp:
        return json.loads(rsp.read())


def test_instance_types_per_zone(raw):
    types = {t["InstanceTypeId"]: t for t in raw.ok("ecs", "DescribeInstanceTypes")["InstanceTypes"]["InstanceType"]}
    assert (types["ecs.g6.2xlarge"]["CpuCoreCount"], types["ecs.g6.2xlarge"]["MemorySize"]) == (8, 32.0)
    body = raw.ok("ecs", "DescribeAvailableResource", {"RegionId": "cn-lab-1", "DestinationResource": "InstanceType",
                                                       "ZoneId": "cn-lab-1a"})
    zone = body["AvailableZones"]["AvailableZone"][0]
    offered = {r["Value"]: (r["Status"], r["StatusCategory"])
               for r in zone["AvailableResources"]["AvailableResource"][0]["SupportedResources"]["SupportedResource"]}
    assert offered["ecs.g6.4xlarge"] == ("SoldOut", "WithoutStock") and "ecs.g6.8xlarge" not in offered
    assert offered["ecs.g6.large"] == ("Available", "WithStock")
    assert err(raw, "DescribeAvailableResource", {"RegionId": "cn-lab-1", "DestinationResource": "Nope"}) == \
        (404, "Invalid.DestinationResource")
    assert err(raw, "DescribeAvailableResource", {"RegionId": "cn-lab-1", "DestinationResource": "InstanceType",
                                                  "InstanceType": "ecs.g6.large", "Cores": "2"}) == \
        (403, "InvalidParam.TypeAndCpuMem.Conflict")


def test_resources_modification_lists_upgrades_in_the_zone(raw):
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    body = raw.ok("ecs", "DescribeResourcesModification", {"RegionId": "cn-lab-1", "ResourceId": iid,
                                                           "DestinationResource": "InstanceType",
                                                           "OperationType": "Upgrade"})
    zones = body["AvailableZones"]["AvailableZone"]
    assert [z["ZoneId"] for z in zones] == ["cn-lab-1a"]
    values = {r["Value"] for r in zones[0]["AvailableResources"]["AvailableResource"][0]["SupportedResources"]["SupportedResource"]}
    assert "ecs.g6.2xlarge" in values and "ecs.g6.large" not in values and "ecs.c6.large" not in values
    assert err(raw, "DescribeResourcesModification", {"RegionId": "cn-lab-1", "ResourceId": "i-nope",
                                                      "DestinationResource": "InstanceType"}) == \
        (404, "InvalidResourceId.NotFound")


def test_unsupported_actions_world_key(slab, raw):
    slab.state.meta["unsupported_actions"] = {"DescribeResourcesModification"}
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    assert err(raw, "DescribeResourcesModification", {"RegionId": "cn-lab-1", "ResourceId": iid,
                                                      "DestinationResource": "InstanceType"}) == \
        (404, "InvalidAction.NotFound")


def test_modify_instance_spec_needs_stopped_and_is_async(raw):
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge"}) == \
        (400, "InvalidInstanceStatus.NotStopped")
    stop(raw, iid)
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge",
                                           "InternetMaxBandwidthOut": "5"}) == (400, "InvalidParameter.Conflict")
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge", "DryRun": "true"}) == \
        (400, "DryRunOperation")
    raw.ok("ecs", "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge", "ClientToken": "t-1"})
    assert inst_by_id(raw, iid)["InstanceType"] == "ecs.g6.large"                  # not yet
    assert err(raw, "StartInstance", {"InstanceId": iid}) == (403, "IncorrectInstanceStatus")   # busy
    assert wait(lambda: inst_by_id(raw, iid)["InstanceType"], "ecs.g6.xlarge") == "ecs.g6.xlarge"
    now = inst_by_id(raw, iid)
    assert (now["Cpu"], now["Memory"], now["InstanceTypeFamily"]) == (4, 16384, "ecs.g6")
    # the same token and parameters replay; other parameters with it are refused
    raw.ok("ecs", "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge", "ClientToken": "t-1"})
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.c6.large", "ClientToken": "t-1"}) == \
        (400, "IdempotenceParamNotMatch")
    raw.ok("ecs", "StartInstance", {"InstanceId": iid})
    assert wait(lambda: inst_by_id(raw, iid)["Status"], "Running") == "Running"


def test_minimum_interval_between_two_type_changes(slab, raw):
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    stop(raw, iid)
    raw.ok("ecs", "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge"})
    wait(lambda: inst_by_id(raw, iid)["InstanceType"], "ecs.g6.xlarge")
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.large"}) == (403, "OperationDenied")
    slab.faults.update(type_change_interval_seconds=0.1)
    time.sleep(0.15)
    raw.ok("ecs", "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.large"})


def test_spec_change_refusals_no_stock_unknown_type_charge_type_quota(slab, raw):
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    stop(raw, iid)
    before = slab.snapshot()
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.4xlarge"}) == \
        (403, "OperationDenied.NoStock")
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.8xlarge"}) == \
        (403, "InvalidInstanceType.ValueNotSupported")
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.nope.large"}) == \
        (400, "InvalidInstanceType.ValueNotSupported")
    slab.faults.update(exhaust_capacity={"ModifyInstanceSpec": 1.0})
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge"}) == \
        (403, "OperationDenied.NoStock")
    slab.faults.update(exhaust_capacity={})
    slab.state.meta["quotas"] = {"vcpus": 49}
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": iid, "InstanceType": "ecs.g6.xlarge"}) == \
        (403, "QuotaExceed.ElasticQuota")
    prepay = inst(raw, "scale-prepay-01")["InstanceId"]
    assert err(raw, "ModifyInstanceSpec", {"InstanceId": prepay, "InstanceType": "ecs.g6.xlarge"}) == \
        (403, "ChargeTypeViolation")
    assert slab.snapshot() == before


def test_modify_prepay_instance_spec_takes_effect_after_an_api_reboot(raw):
    iid = inst(raw, "scale-prepay-01")["InstanceId"]
    payg = inst(raw, "scale-payg-01")["InstanceId"]
    assert err(raw, "ModifyPrepayInstanceSpec", {"RegionId": "cn-lab-1", "InstanceId": payg,
                                                 "InstanceType": "ecs.g6.xlarge"}) == \
        (400, "InvalidInstanceChargeType.ValueNotSupported")
    assert err(raw, "ModifyPrepayInstanceSpec", {"RegionId": "cn-lab-1", "InstanceId": iid, "InstanceType": "ecs.c6.large",
                                                 "OperatorType": "downgrade"}) == (400, "InvalidStatus.NotStopped")
    body = raw.ok("ecs", "ModifyPrepayInstanceSpec", {"RegionId": "cn-lab-1", "InstanceId": iid,
                                                      "InstanceType": "ecs.g6.xlarge", "OperatorType": "upgrade"})
    assert body["OrderId"]
    assert err(raw, "ModifyPrepayInstanceSpec", {"RegionId": "cn-lab-1", "InstanceId": iid,
                                                 "InstanceType": "ecs.g6.2xlarge"}) == (400, "LastOrderProcessing")
    time.sleep(ASYNC * 3)
    assert inst_by_id(raw, iid)["InstanceType"] == "ecs.g6.large"                  # paid, not yet effective
    raw.ok("ecs", "RebootInstance", {"InstanceId": iid})
    assert wait(lambda: inst_by_id(raw, iid)["InstanceType"], "ecs.g6.xlarge") == "ecs.g6.xlarge"
    # RebootWhenFinished does the reboot itself
    raw.ok("ecs", "ModifyPrepayInstanceSpec", {"RegionId": "cn-lab-1", "InstanceId": iid, "InstanceType": "ecs.g6.2xlarge",
                                               "RebootWhenFinished": "true"})
    assert wait(lambda: inst_by_id(raw, iid)["InstanceType"], "ecs.g6.2xlarge") == "ecs.g6.2xlarge"


def test_resize_disk_online_and_grow_only(raw):
    d = disk(raw, "scale-payg-01-data1")                                           # cloud_essd, Running instance
    assert err(raw, "ResizeDisk", {"DiskId": d["DiskId"], "NewSize": "100", "Type": "online"}) == \
        (403, "InvalidDiskSize.TooSmall")
    assert err(raw, "ResizeDisk", {"DiskId": d["DiskId"], "NewSize": "40000", "Type": "online"}) == \
        (403, "InvalidDiskSize.TooLarge")
    assert err(raw, "ResizeDisk", {"DiskId": d["DiskId"], "NewSize": "200", "Type": "sideways"}) == \
        (400, "InvalidParam.Type")
    raw.ok("ecs", "ResizeDisk", {"DiskId": d["DiskId"], "NewSize": "200", "Type": "online"})
    assert wait(lambda: disk(raw, "scale-payg-01-data1")["Size"], 200) == 200


def test_resize_disk_offline_needs_an_api_reboot(slab, raw):
    d = disk(raw, "scale-payg-01-data2")                                           # category cloud: offline only
    assert err(raw, "ResizeDisk", {"DiskId": d["DiskId"], "NewSize": "150", "Type": "online"}) == \
        (403, "InvalidDiskCategory.NotSupported")
    raw.ok("ecs", "ResizeDisk", {"DiskId": d["DiskId"], "NewSize": "150"})
    assert wait(lambda: disk(raw, "scale-payg-01-data2")["Size"], 150) == 150
    assert guest(slab, d["DiskId"]) == {"DiskId": d["DiskId"], "Size": 150, "guest_size": 100, "pending_reboot": True}
    raw.ok("ecs", "RebootInstance", {"InstanceId": d["InstanceId"]})
    assert wait(lambda: guest(slab, d["DiskId"])["guest_size"], 150) == 150
    # online on a stopped instance is refused (the pattern falls back to offline on IncorrectInstanceStatus)
    stop(raw, d["InstanceId"])
    e = disk(raw, "scale-payg-01-data1")
    assert err(raw, "ResizeDisk", {"DiskId": e["DiskId"], "NewSize": "300", "Type": "online"}) == \
        (403, "IncorrectInstanceStatus")
    raw.ok("ecs", "ResizeDisk", {"DiskId": e["DiskId"], "NewSize": "300"})
    wait(lambda: disk(raw, "scale-payg-01-data1")["Size"], 300)
    assert guest(slab, e["DiskId"])["pending_reboot"] is True
    raw.ok("ecs", "StartInstance", {"InstanceId": d["InstanceId"]})                 # the next start applies it
    assert wait(lambda: guest(slab, e["DiskId"])["pending_reboot"], False) is False


def test_run_instances_client_token_is_idempotent(slab, raw):
    src = inst(raw, "scale-payg-01")
    params = {"RegionId": "cn-lab-1", "ImageId": src["ImageId"], "InstanceType": "ecs.g6.large",
              "VSwitchId": src["VpcAttributes"]["VSwitchId"], "SecurityGroupId": src["SecurityGroupIds"]["SecurityGroupId"][0],
              "Amount": "3", "InstanceName": "scale-web-[1,2]", "ClientToken": "scale-out-1"}
    slab.faults.update(lost_response_rate=1.0, exempt_actions=["DescribeInstances"])
    status, _h, body = raw.call("ecs", "RunInstances", params)
    assert (status, body["Code"]) == (503, "ServiceUnavailable")
    slab.faults.update(lost_response_rate=0.0)
    ids = raw.ok("ecs", "RunInstances", params)["InstanceIdSets"]["InstanceIdSet"]
    assert len(ids) == 3
    assert raw.ok("ecs", "RunInstances", params)["InstanceIdSets"]["InstanceIdSet"] == ids
    made = raw.ok("ecs", "DescribeInstances", {"RegionId": "cn-lab-1", "InstanceName": "scale-web-*"})["Instances"]["Instance"]
    assert sorted(i["InstanceName"] for i in made) == ["scale-web-01", "scale-web-02", "scale-web-03"]
    assert {i["Status"] for i in made} <= {"Pending", "Running"}
    for iid in ids:
        assert wait(lambda iid=iid: inst_by_id(raw, iid)["Status"], "Running") == "Running"
    one = inst_by_id(raw, ids[0])
    assert one["SecurityGroupIds"]["SecurityGroupId"] == src["SecurityGroupIds"]["SecurityGroupId"]
    assert one["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0].startswith("10.50.1.")
    assert err(raw, "RunInstances", {**params, "Amount": "4"}) == (400, "IdempotenceParamNotMatch")


def test_run_instances_stock_quota_and_addresses(slab, raw):
    src = inst(raw, "scale-src-01")
    base = {"RegionId": "cn-lab-1", "ImageId": src["ImageId"], "VSwitchId": src["VpcAttributes"]["VSwitchId"],
            "InstanceName": "scale-more", "UniqueSuffix": "true"}
    before = slab.snapshot()
    assert err(raw, "RunInstances", {**base, "InstanceType": "ecs.g6.4xlarge"}) == (403, "OperationDenied.NoStock")
    assert err(raw, "RunInstances", {**base, "InstanceType": "ecs.g6.8xlarge"}) == \
        (403, "InvalidInstanceType.ValueNotSupported")
    assert err(raw, "RunInstances", {**base, "InstanceType": "ecs.g6.large", "Amount": "101"})[0] == 400
    # vsw-scale-small has 4 free addresses: 6 asked, at least 5 -> refused; at least 2 -> 4 made
    assert err(raw, "RunInstances", {**base, "InstanceType": "ecs.g6.large", "Amount": "6", "MinAmount": "5"}) == \
        (400, "OperationFailed.VSwitchNoAvailableIp")
    assert err(raw, "RunInstances", {**base, "InstanceType": "ecs.g6.large", "DryRun": "true"}) == \
        (400, "DryRunOperation")
    slab.faults.update(exhaust_capacity={"RunInstances": 1.0})
    assert err(raw, "RunInstances", {**base, "InstanceType": "ecs.g6.large"}) == (403, "OperationDenied.NoStock")
    slab.faults.update(exhaust_capacity={})
    assert slab.snapshot() == before
    ids = raw.ok("ecs", "RunInstances", {**base, "InstanceType": "ecs.g6.large", "Amount": "6", "MinAmount": "2"})
    names = sorted(inst_by_id(raw, i)["InstanceName"] for i in ids["InstanceIdSets"]["InstanceIdSet"])
    assert names == ["scale-more001", "scale-more002", "scale-more003", "scale-more004"]
    # quota: 160 pay-as-you-go vCPUs, 48 + 8 used
    big = {**base, "VSwitchId": inst(raw, "scale-payg-01")["VpcAttributes"]["VSwitchId"], "InstanceType": "ecs.g6.2xlarge"}
    assert err(raw, "RunInstances", {**big, "Amount": "14", "MinAmount": "14"}) == (403, "QuotaExceed.ElasticQuota")
    assert len(raw.ok("ecs", "RunInstances", {**big, "Amount": "14", "MinAmount": "1"})["InstanceIdSets"]["InstanceIdSet"]) == 13


def test_run_instances_failed_creation_leaves_nothing(slab, raw):
    src = inst(raw, "scale-payg-01")
    before = slab.snapshot()
    slab.faults.update(fail_async={"RunInstances": 1.0})
    raw.ok("ecs", "RunInstances", {"RegionId": "cn-lab-1", "ImageId": src["ImageId"], "InstanceType": "ecs.g6.large",
                                   "VSwitchId": src["VpcAttributes"]["VSwitchId"], "InstanceName": "scale-gone"})
    assert wait(lambda: raw.ok("ecs", "DescribeInstances", {"RegionId": "cn-lab-1", "InstanceName": "scale-gone"})
                ["TotalCount"], 0) == 0
    after = slab.snapshot()
    assert {k: v for k, v in after.items() if k != "_pending"} == {k: v for k, v in before.items() if k != "_pending"}


def test_start_instance_no_stock_knob_and_write_log(slab, raw):
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    stop(raw, iid)
    slab.reset_writes()
    slab.faults.update(exhaust_capacity={"StartInstance#1": 1.0})
    assert err(raw, "StartInstance", {"InstanceId": iid}) == (403, "OperationDenied.NoStock")
    raw.ok("ecs", "StartInstance", {"InstanceId": iid})
    assert [w["name"] for w in slab.writes()] == ["StartInstance", "StartInstance"]


def test_delete_instance_needs_stopped_unless_force_and_takes_its_system_disk(slab, raw):
    src = inst(raw, "scale-src-01")
    groups = src["SecurityGroupIds"]["SecurityGroupId"]
    params = {"RegionId": "cn-lab-1", "ImageId": src["ImageId"], "InstanceType": "ecs.g6.large",
              "VSwitchId": src["VpcAttributes"]["VSwitchId"], "InstanceName": "scale-del", "ClientToken": "del-1"}
    params.update({"SecurityGroupIds.%d" % (n + 1): g for n, g in enumerate(groups)})
    assert err(raw, "RunInstances", {**params, "SecurityGroupId": groups[0]}) == (400, "InvalidParameter.Conflict")
    iid = raw.ok("ecs", "RunInstances", params)["InstanceIdSets"]["InstanceIdSet"][0]
    assert wait(lambda: inst_by_id(raw, iid)["Status"], "Running") == "Running"
    assert inst_by_id(raw, iid)["SecurityGroupIds"]["SecurityGroupId"] == groups
    assert err(raw, "DeleteInstance", {"InstanceId": iid}) == (403, "IncorrectInstanceStatus")
    stop(raw, iid)
    raw.ok("ecs", "DeleteInstance", {"InstanceId": iid})
    assert raw.ok("ecs", "DescribeInstances", {"RegionId": "cn-lab-1", "InstanceName": "scale-del"})["Instances"][
        "Instance"] == []
    assert not [d for d in raw.ok("ecs", "DescribeDisks", {"RegionId": "cn-lab-1", "PageSize": 100})["Disks"]["Disk"]
                if d["InstanceId"] == iid]
    assert err(raw, "DeleteInstance", {"InstanceId": iid}) == (404, "InvalidInstanceId.NotFound")
    # Force releases a Running one; deletion protection (scale-prepay-01 has it) refuses even with Force
    again = raw.ok("ecs", "RunInstances", {**params, "ClientToken": "del-2"})["InstanceIdSets"]["InstanceIdSet"][0]
    assert wait(lambda: inst_by_id(raw, again)["Status"], "Running") == "Running"
    raw.ok("ecs", "DeleteInstance", {"InstanceId": again, "Force": "true"})
    prepay = inst(raw, "scale-prepay-01")["InstanceId"]
    assert err(raw, "DeleteInstance", {"InstanceId": prepay, "Force": "true"}) == \
        (403, "InvalidOperation.DeletionProtection")


def test_stopped_mode_is_not_kept_after_a_start(raw):
    iid = inst(raw, "scale-payg-01")["InstanceId"]
    raw.ok("ecs", "StopInstance", {"InstanceId": iid, "StoppedMode": "StopCharging"})
    assert wait(lambda: inst_by_id(raw, iid)["Status"], "Stopped") == "Stopped"
    assert inst_by_id(raw, iid)["StoppedMode"] == "StopCharging"
    raw.ok("ecs", "StartInstance", {"InstanceId": iid})
    assert wait(lambda: inst_by_id(raw, iid)["Status"], "Running") == "Running"
    assert inst_by_id(raw, iid)["StoppedMode"] == "Not-applicable"

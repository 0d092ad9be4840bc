"""The Apsara fast serving path (scoped lists, cached filtered results, cached rendered items, bytes built
directly) answers exactly what the plain path answers, pages both ways alike, and follows every state change."""
from __future__ import annotations

import time

import pytest
from apsara_raw import Raw
from lab.apsara import ApsaraLab

LISTS = [
    ("ecs", "DescribeInstances", "Instances.Instance", {}),
    ("ecs", "DescribeInstances", "Instances.Instance", {"PageSize": "7", "PageNumber": "2"}),
    ("ecs", "DescribeInstances", "Instances.Instance", {"MaxResults": "6"}),
    ("ecs", "DescribeInstances", "Instances.Instance", {"Status": "Running", "Tag.1.Key": "env", "Tag.1.Value": "prod"}),
    ("ecs", "DescribeInstances", "Instances.Instance", {"InstanceName": "web-*", "ResourceGroupId": "rs-lab-prod"}),
    ("ecs", "DescribeDisks", "Disks.Disk", {"PageSize": "100"}),
    ("ecs", "DescribeDisks", "Disks.Disk", {"DiskType": "data", "Portable": "true", "Status": "Available"}),
    ("ecs", "DescribeDisks", "Disks.Disk", {"MaxResults": "5"}),
    ("ecs", "DescribeSnapshots", "Snapshots.Snapshot", {"PageSize": "100"}),
    ("ecs", "DescribeSnapshots", "Snapshots.Snapshot", {"SnapshotType": "auto", "PageSize": "3", "PageNumber": "3"}),
    ("ecs", "DescribeSecurityGroups", "SecurityGroups.SecurityGroup", {}),
    ("ecs", "DescribeAutoSnapshotPolicyEx", "AutoSnapshotPolicies.AutoSnapshotPolicy", {}),
    ("vpc", "DescribeVSwitches", "VSwitches.VSwitch", {"PageSize": "50"}),
    ("vpc", "DescribeVpcs", "Vpcs.Vpc", {}),
    ("vpc", "DescribeEipAddresses", "EipAddresses.EipAddress", {"PageSize": "100"}),
    ("vpc", "DescribeNatGateways", "NatGateways.NatGateway", {}),
    ("cms", "DescribeMetricRuleList", "Alarms.Alarm", {}),
]


def _strip(body):
    body = dict(body)
    body.pop("RequestId", None)
    return body


@pytest.fixture(scope="module")
def slab():
    with ApsaraLab(world="demo", https_port=None, async_seconds=0.05) as lab:
        yield lab


def _raw(lab, **kw):
    return Raw(lab.http_url, lab.access_key_id, lab.access_key_secret, **kw)


def _both(lab, product, action, params, headers=None):
    """(fresh answer, cached answer, cached again), RequestId dropped."""
    raw = _raw(lab)
    lab.state.caching = False
    try:
        fresh = raw.ok(product, action, params, headers=headers)
    finally:
        lab.state.caching = True
    return _strip(fresh), _strip(raw.ok(product, action, params, headers=headers)), _strip(raw.ok(product, action, params, headers=headers))


@pytest.mark.parametrize("product,action,path,params", LISTS)
def test_cached_answer_equals_fresh_answer(slab, product, action, path, params):
    fresh, cached, again = _both(slab, product, action, params)
    assert fresh == cached == again
    outer, inner = path.split(".")
    assert isinstance(cached[outer][inner], list)


def test_scoping_is_part_of_the_cache_key(slab):
    everything = _both(slab, "ecs", "DescribeInstances", {"PageSize": "100"})
    dev = _both(slab, "ecs", "DescribeInstances", {"PageSize": "100"}, headers={"x-acs-resourcegroupid": "62"})
    assert everything[0] == everything[1] and dev[0] == dev[1]
    assert dev[1]["TotalCount"] < everything[1]["TotalCount"]
    assert {i["ResourceGroupId"] for i in dev[1]["Instances"]["Instance"]} == {"62"}


def test_both_paging_styles_walk_the_same_items(slab):
    raw = _raw(slab)
    pages, n = [], 1
    while True:
        body = raw.ok("ecs", "DescribeDisks", {"PageSize": "4", "PageNumber": str(n)})
        pages.extend(body["Disks"]["Disk"])
        if len(pages) >= body["TotalCount"]:
            break
        n += 1
    tokens, token = [], None
    while True:
        body = raw.ok("ecs", "DescribeDisks", {"MaxResults": "3", **({"NextToken": token} if token else {})})
        tokens.extend(body["Disks"]["Disk"])
        token = body["NextToken"]
        if not token:
            break
    assert [d["DiskId"] for d in pages] == [d["DiskId"] for d in tokens]
    assert len({d["DiskId"] for d in pages}) == body["TotalCount"]


def test_errors_are_never_cached(slab):
    raw = _raw(slab)
    for _n in range(2):
        status, _h, body = raw.call("ecs", "DescribeDisks", {"DiskType": "nosuch"})
        assert status == 400 and body["Code"] == "InvalidDiskType.ValueNotSupported"
    status, _h, body = raw.call("ecs", "DescribeInstances", {"NextToken": "0000000fdeadbeef"})
    assert status == 400 and body["Code"] == "InvalidParameter.NextToken"


def test_answers_follow_writes_and_transitions():
    with ApsaraLab(world="demo", https_port=None, async_seconds=0.05) as lab:
        raw = _raw(lab)
        first = raw.ok("ecs", "DescribeInstances", {"InstanceName": "web-01"})["Instances"]["Instance"][0]
        assert first["Status"] == "Running"
        raw.ok("ecs", "ModifyInstanceAttribute", {"InstanceId": first["InstanceId"], "Description": "edited"})
        inst = raw.ok("ecs", "DescribeInstances", {"InstanceName": "web-01"})["Instances"]["Instance"][0]
        assert inst["Description"] == "edited"
        raw.ok("ecs", "StopInstance", {"InstanceId": first["InstanceId"]})
        stopping = raw.ok("ecs", "DescribeInstances", {"Status": "Stopping"})["Instances"]["Instance"]
        assert [i["InstanceId"] for i in stopping] == [first["InstanceId"]]
        deadline = time.monotonic() + 5
        while raw.ok("ecs", "DescribeInstances", {"Status": "Stopping"})["TotalCount"]:
            assert time.monotonic() < deadline
        stopped = raw.ok("ecs", "DescribeInstances", {"Status": "Stopped"})["Instances"]["Instance"]
        assert first["InstanceId"] in [i["InstanceId"] for i in stopped]
        # a new snapshot shows up at once, progressing, then accomplished
        disk = raw.ok("ecs", "DescribeDisks", {"InstanceId": first["InstanceId"]})["Disks"]["Disk"][0]
        before = raw.ok("ecs", "DescribeSnapshots", {"DiskId": disk["DiskId"]})["TotalCount"]
        sid = raw.ok("ecs", "CreateSnapshot", {"DiskId": disk["DiskId"]})["SnapshotId"]
        snaps = raw.ok("ecs", "DescribeSnapshots", {"DiskId": disk["DiskId"]})
        assert snaps["TotalCount"] == before + 1 and sid in [s["SnapshotId"] for s in snaps["Snapshots"]["Snapshot"]]
        # direct edits are seen after state.touch(), as the README says
        with lab.state.lock:
            lab.state.get("disk", disk["DiskId"])["Description"] = "direct"
            lab.state.touch()
        again = raw.ok("ecs", "DescribeDisks", {"InstanceId": first["InstanceId"]})["Disks"]["Disk"][0]
        assert again["Description"] == "direct"
        # an EIP change reaches the instance's rendered EipAddress
        eip = raw.ok("vpc", "AllocateEipAddress", {})["AllocationId"]
        other = raw.ok("ecs", "DescribeInstances", {"InstanceName": "app-01"})["Instances"]["Instance"][0]
        assert other["EipAddress"]["AllocationId"] == ""
        raw.ok("vpc", "AssociateEipAddress", {"AllocationId": eip, "InstanceId": other["InstanceId"]})
        deadline = time.monotonic() + 5
        while raw.ok("ecs", "DescribeInstances", {"InstanceName": "app-01"})["Instances"]["Instance"][0]["EipAddress"]["AllocationId"] != eip:
            assert time.monotonic() < deadline


def test_scale_world_is_rich_and_quick():
    lab = ApsaraLab(world="scale", http_port=0, https_port=None, scale={"instances": 2000, "disks": 4000, "vswitches": 60})
    with lab:
        st = lab.state
        counts = {k: len(v) for k, v in st.kinds.items()}
        assert counts["instance"] == 2000 and counts["disk"] == 4000
        assert counts["eip"] >= 100 and counts["nat"] >= 2 and counts["snat"] == 60
        assert counts["alarm_rule"] >= 40 and counts["rds"] >= 4 and counts["slb"] >= 2 and counts["ri"] >= 2
        assert any(e["Status"] == "Available" for e in st.all("eip"))
        assert any(r["AlertState"] == "ALARM" for r in st.all("alarm_rule"))
        assert any(b["BackupStatus"] == "Failed" for b in st.all("rds_backup"))
        assert any(b["_health"] == "abnormal" for lb in st.all("slb") for b in lb["_backends"])
        raw = _raw(lab)
        assert raw.ok("vpc", "DescribeSnatTableEntries", {})["TotalCount"] == 60

"""The demo world holds exactly the planted problems, and is healthy everywhere else."""
from __future__ import annotations

import datetime as dt
import time

GiB = 1024 ** 3


def _parse(d):
    return dt.datetime.strptime(d, "%b %d, %Y %I:%M:%S %p")


def _iso(d):
    return dt.datetime.fromisoformat(d)


def test_planted_disconnected_host(client):
    hosts = client.query("/hosts")
    bad = [h["name"] for h in hosts if h["status"] != "Connected" or h["state"] != "Enabled"]
    assert bad == ["kvm-b-03"]
    assert client.query("/vm-instances?q=hostUuid=" + next(h["uuid"] for h in hosts if h["name"] == "kvm-b-03")) == []


def test_planted_primary_storage_over_90(client):
    over = []
    for p in client.query("/primary-storage"):
        used = 1 - p["availablePhysicalCapacity"] / p["totalPhysicalCapacity"]
        assert p["status"] == "Connected" and p["state"] == "Enabled"
        if used > 0.65:
            over.append((p["name"], round(used, 2)))
    assert over == [("PS-LOCAL-A", 0.93)]
    for b in client.query("/backup-storage"):
        assert b["status"] == "Connected" and 1 - b["availableCapacity"] / b["totalCapacity"] < 0.60


def test_planted_failed_backup_job(client):
    jobs = {j["uuid"]: j for j in client.query("/scheduler/jobs")}
    last = {}
    for h in client.query("/scheduler/job/history?sort=-startTime"):
        last.setdefault(h["schedulerJobUuid"], h)
    failed = [jobs[u]["name"] for u, h in last.items() if not h["success"]]
    assert failed == ["backup-db-02-data"]
    now = dt.datetime.now()
    late = [jobs[u]["name"] for u, h in last.items() if now - _parse(h["startTime"]) >= dt.timedelta(hours=24)]
    assert late == ["snapshot-app-02-data"]     # planted 10 (backup validation): enabled, not run for 100 h


def test_planted_license_expiry(client):
    lic = client.get("/licenses")
    days = (_iso(lic["inventory"]["expiredDate"]) - dt.datetime.now().astimezone()).total_seconds() / 86400
    assert 9.9 < days <= 10.0 and lic["inventory"]["licenseType"] == "Paid"
    assert lic["inventory"]["expired"] is False
    addons = client.get("/licenses/addons")["addons"]
    assert len(addons) == 1 and (_iso(addons[0]["expiredDate"]) - dt.datetime.now().astimezone()).days > 100


def test_planted_paused_vm_and_vm_health(client):
    vms = client.query("/vm-instances?q=type=UserVm")
    assert len(vms) == 25
    assert [v["name"] for v in vms if v["state"] != "Running"] == ["batch-01"]
    assert next(v for v in vms if v["name"] == "batch-01")["state"] == "Paused"
    ha = {v["uuid"] for v in client.query("/vm-instances?q=type=UserVm&q=__systemTag__=ha::NeverStop")}
    assert ha == {v["uuid"] for v in vms}
    now = dt.datetime.now()
    assert all(now - _parse(v["lastOpDate"]) < dt.timedelta(days=30) for v in vms)
    running_per_host = {}
    for v in vms:
        if v["state"] == "Running":
            running_per_host[v["hostUuid"]] = running_per_host.get(v["hostUuid"], 0) + 1
    assert max(running_per_host.values()) <= 20
    names = {v["name"] for v in vms}
    assert "<script>alert(1)</script>" in names
    assert "legacy \"billing\" vm's\nsecond line" in names


def test_planted_firing_alarm(client):
    alarms = client.query("/zwatch/alarms")
    assert {a["name"] for a in alarms} >= {"host-cpu-high", "host-mem-high", "ps-usage-high", "bs-usage-high", "vm-cpu-high"}
    assert [a["name"] for a in alarms if a["status"] != "OK"] == ["ps-usage-high"]
    hist = client.get("/zwatch/alarm-histories")["histories"]
    unread = [h for h in hist if h["readStatus"] == "Unread"]
    assert len(unread) == 1 and unread[0]["alarmName"] == "ps-usage-high" and unread[0]["alarmStatus"] == "Alarm"
    assert isinstance(unread[0]["time"], int) and unread[0]["time"] > 1e12      # epoch ms


def test_planted_router_disconnected(client):
    routers = client.query("/vpc/virtual-routers")
    assert {r["name"]: r["status"] for r in routers} == {"vpc-router-app": "Connected", "vpc-router-db": "Disconnected"}
    assert all(r["applianceVmType"] == "vpcvrouter" and r["agentPort"] == 7272 for r in routers)
    assert len(client.query("/vm-instances/appliances/virtual-routers")) == 2


def test_planted_ip_pool_95(client):
    usage = {}
    for l3 in client.query("/l3-networks"):
        cap = client.get(f"/ip-capacity?l3NetworkUuids={l3['uuid']}")
        usage[l3["name"]] = cap["usedIpAddressNumber"] / cap["totalCapacity"]
    assert usage.pop("L3-PUBLIC") == 0.95
    assert max(usage.values()) < 0.5
    pub = client.query("/l3-networks?q=name=L3-PUBLIC")[0]
    stat = client.get(f"/l3-networks/{pub['uuid']}/ip-statistic?resourceType=All&limit=100&replyWithCount=true")
    assert stat["total"] == 19


def test_everything_else_healthy(client):
    # host allocation < 80 %
    for h in client.query("/hosts?q=status=Connected"):
        assert 1 - h["availableCpuCapacity"] / h["totalCpuCapacity"] < 0.8
        assert 1 - h["availableMemoryCapacity"] / h["totalMemoryCapacity"] < 0.8
    # no unattached data volumes, <= 10 snapshots per volume
    assert client.query("/volumes?q=type=Data&q=vmInstanceUuid%20is%20null") == []
    per_vol = {}
    for s in client.query("/volume-snapshots"):
        per_vol[s["volumeUuid"]] = per_vol.get(s["volumeUuid"], 0) + 1
    assert per_vol and max(per_vol.values()) <= 10
    # EIPs all attached; no SG rule opening 22/3389 to the world
    eips = client.query("/eips")
    assert len(eips) == 17 and all(e.get("vmNicUuid") for e in eips)
    for r in client.query("/security-groups/rules?q=type=Ingress"):
        if r.get("allowedCidr") == "0.0.0.0/0":
            assert r["startPort"] not in (22, 3389) and r["protocol"] != "ALL"
    # management nodes fresh
    mns = client.query("/management-nodes")
    assert len(mns) == 2
    assert all(dt.datetime.now() - _parse(m["heartBeat"]) < dt.timedelta(seconds=15) for m in mns)
    # global configs at safe defaults
    gc = {f"{g['category']}/{g['name']}": g["value"] for g in client.query("/global-configurations")}
    assert gc["host/cpu.overProvisioning.ratio"] == "10"
    assert gc["mevoco/overProvisioning.memory"] == "1"
    assert gc["mevoco/overProvisioning.primaryStorage"] == "1"
    assert gc["ha/enable"] == "true"
    # a well-kept site: 8G reserved per host, 80 % PS physical threshold (ZStack defaults kept as defaultValue)
    gcs = {f"{g['category']}/{g['name']}": g for g in client.query("/global-configurations")}
    assert gc["kvm/reservedMemory"] == "8G" and gcs["kvm/reservedMemory"]["defaultValue"] == "1G"
    assert gc["mevoco/threshold.primaryStorage.physicalCapacity"] == "0.8"
    assert gcs["mevoco/threshold.primaryStorage.physicalCapacity"]["defaultValue"] == "0.9"
    # metric utilisation < 80 % for hosts and VMs
    now = int(time.time())
    for ns in ("ZStack/Host", "ZStack/VM"):
        for metric in ("CPUAverageUsedUtilization", "MemoryUsedInPercent"):
            data = client.get(f"/zwatch/metrics?namespace={ns}&metricName={metric}&startTime={now - 600}"
                              f"&endTime={now}&period=60")["data"]
            assert data and max(d["value"] for d in data) < 80
            assert all(isinstance(d["time"], int) and set(d["labels"]) for d in data)


def test_vm_cpu_metrics_neither_idle_nor_hot(client):
    now = int(time.time())
    running = {v["uuid"] for v in client.query("/vm-instances?q=type=UserVm&q=state=Running")}
    for window in ((now - 310, now), (now - 3600, now)):
        data = client.get("/zwatch/metrics?namespace=ZStack/VM&metricName=CPUAllUsedUtilization"
                          f"&startTime={window[0]}&endTime={window[1]}&period=60")["data"]
        assert {d["labels"]["VMUuid"] for d in data} == running
        assert all(15 <= d["value"] <= 65 for d in data), sorted(d["value"] for d in data)[:3]


def test_every_user_vm_has_an_enabled_backup_job(client):
    jobs = [j for j in client.query("/scheduler/jobs")
            if "backup" in j["jobClassName"].lower() and j["state"] == "Enabled"]
    triggers = {t["uuid"] for t in client.query("/scheduler/triggers")}
    last = {}
    for h in client.query("/scheduler/job/history?sort=-startTime"):
        last.setdefault(h["schedulerJobUuid"], h)
    now = dt.datetime.now()
    covered = {}
    for j in jobs:
        assert j["triggersUuid"] and set(j["triggersUuid"]) <= triggers
        h = last[j["uuid"]]
        assert now - _parse(h["startTime"]) < dt.timedelta(hours=24)
        assert h["success"] is (j["name"] != "backup-db-02-data")
        covered[j["targetResourceUuid"]] = j
    vms = client.query("/vm-instances?q=type=UserVm")
    assert len(vms) == 25
    for vm in vms:
        uuids = [vm["uuid"]] + [v["uuid"] for v in vm["allVolumes"]]
        assert any(u in covered for u in uuids) is (vm["name"] != "web-06"), vm["name"]   # planted 9
    names = {j["name"] for j in jobs}
    assert "backup-web-06-vm" not in names
    assert {"backup-db-01-data", "backup-db-02-data", "backup-app-01-vm", "backup-jump-01-vm",
            "backup-batch-01-vm", "backup-script-alert-1-script-vm"} <= names
    vm_jobs = [j for j in jobs if j["targetResourceUuid"] in {v["uuid"] for v in vms}]
    assert all(j["jobClassName"] == "org.zstack.storage.backup.CreateVmBackupJob" for j in vm_jobs)


def test_metric_label_filter_and_storage_metrics(client):
    ps = client.query("/primary-storage?q=name=PS-LOCAL-A")[0]
    data = client.get("/zwatch/metrics?namespace=ZStack/PrimaryStorage&metricName=UsedPhysicalCapacityInPercent"
                      f"&labels=PrimaryStorageUuid={ps['uuid']}&offsetAheadOfCurrentTime=300")["data"]
    assert data and {d["labels"]["PrimaryStorageUuid"] for d in data} == {ps["uuid"]}
    assert abs(data[-1]["value"] - 93.0) < 0.01


def test_capacity_endpoints(client):
    cap = client.get("/hosts/capacities/cpu-memory?all=true")
    assert cap["resourceType"] == "HostVO" and cap["success"] is True and len(cap["capacityData"]) == 5
    assert client.get("/hosts/capacities/cpu-memory", expect=503)["error"]["code"] == "SYS.1007"
    ps = client.get("/primary-storage/capacities?all=true")
    assert set(ps) >= {"totalCapacity", "availableCapacity", "totalPhysicalCapacity", "availablePhysicalCapacity"}
    bs = client.get("/backup-storage/capacities?all=true")
    assert bs["totalCapacity"] == 2 * 80 * 1024 ** 4
    nsp = {p["type"] for p in client.query("/network-services/providers")}
    assert nsp == {"vrouter", "Flat", "SecurityGroup"}
    assert len(client.query("/zwatch/events/subscriptions")) == 2
    assert client.query("/resource-configurations") == []
    assert len(client.query("/system-tags?q=tag=ha::NeverStop")) == 25

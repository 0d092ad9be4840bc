"""Stateful write APIs: VM state machine + capacity, resize rules, snapshots/backups, network changes, scheduler."""
from __future__ import annotations

GiB = 1024 ** 3


def _vm(c, name):
    return c.query(f"/vm-instances?q=name={name}")[0]


def _host(c, uuid):
    return c.query(f"/hosts/{uuid}")[0]


def _act(c, vm, body, expect=200):
    return c.call("PUT", f"/vm-instances/{vm['uuid']}/actions", body, expect=expect)[1]


def test_vm_state_machine_and_capacity(admin):
    vm = _vm(admin, "app-02")
    host_before = _host(admin, vm["hostUuid"])
    inv = _act(admin, vm, {"stopVmInstance": {"type": "grace"}})["inventory"]
    assert inv["state"] == "Stopped" and "hostUuid" not in inv and inv["lastHostUuid"] == vm["hostUuid"]
    host_after = _host(admin, vm["hostUuid"])
    assert host_after["availableCpuCapacity"] == host_before["availableCpuCapacity"] + vm["cpuNum"]
    assert host_after["availableMemoryCapacity"] == host_before["availableMemoryCapacity"] + vm["memorySize"]
    assert admin.query("/vm-instances?q=state=Stopped")[0]["uuid"] == vm["uuid"]
    # stop on a stopped VM is a no-op success; pause on it is a state error
    _act(admin, vm, {"stopVmInstance": {}})
    err = _act(admin, vm, {"pauseVmInstance": {}}, expect=503)["error"]
    assert err["code"] == "SYS.1006"
    inv = _act(admin, vm, {"startVmInstance": {}})["inventory"]
    assert inv["state"] == "Running" and inv["hostUuid"] == vm["hostUuid"]
    assert _act(admin, vm, {"pauseVmInstance": {}})["inventory"]["state"] == "Paused"
    assert _act(admin, vm, {"resumeVmInstance": {}})["inventory"]["state"] == "Running"
    # a start pinned to the disconnected host fails
    bad = admin.query("/hosts?q=status=Disconnected")[0]
    _act(admin, vm, {"stopVmInstance": {}})
    assert _act(admin, vm, {"startVmInstance": {"hostUuid": bad["uuid"]}}, expect=503)["error"]["code"] == "SYS.1006"


def test_transitional_state_visible_while_job_runs(fresh_lab, admin):
    fresh_lab.faults.update(job_seconds=0.5)
    vm = _vm(admin, "web-03")
    status, _h, text = admin.request("PUT", f"/zstack/v1/vm-instances/{vm['uuid']}/actions", {"stopVmInstance": {}})
    assert status == 202
    assert _vm(admin, "web-03")["state"] == "Stopping"
    import json
    st, out, _seen = admin.poll(json.loads(text)["location"])
    assert st == 200 and out["inventory"]["state"] == "Stopped"


def test_change_offering_numa_rules(admin):
    vm = _vm(admin, "web-02")                              # c2m4, Running
    offs = {o["name"]: o for o in admin.query("/instance-offerings")}
    err = _act(admin, vm, {"changeInstanceOffering": {"instanceOfferingUuid": offs["c4m8"]["uuid"]}}, expect=503)["error"]
    assert err["code"] == "SYS.1007"
    assert err["details"] == ("the VM cannot do online cpu/memory update because of disabling Instance Offering Online "
                              "Modification. Please stop the VM then do the cpu/memory update again")
    err = _act(admin, vm, {"updateVmInstance": {"cpuNum": 4}}, expect=503)["error"]
    assert err["details"].startswith("the VM cannot do cpu hot plug")
    # enable vm/numa for this VM only
    admin.call("PUT", f"/resource-configurations/vm/numa/{vm['uuid']}/actions", {"updateResourceConfig": {"value": "true"}})
    assert admin.get(f"/resource-configurations/{vm['uuid']}/vm/numa")["value"] == "true"
    inv = _act(admin, vm, {"changeInstanceOffering": {"instanceOfferingUuid": offs["c4m8"]["uuid"]}})["inventory"]
    assert (inv["cpuNum"], inv["memorySize"], inv["instanceOfferingUuid"]) == (4, 8 * GiB, offs["c4m8"]["uuid"])
    err = _act(admin, vm, {"updateVmInstance": {"cpuNum": 2}}, expect=503)["error"]
    assert err["details"] == f"can't decrease cpu of vm[uuid:{vm['uuid']}] when it is running"
    err = _act(admin, vm, {"changeInstanceOffering": {"instanceOfferingUuid": offs["c2m4"]["uuid"]}}, expect=503)["error"]
    assert err["details"] == f"can't decrease capacity when vm[uuid:{vm['uuid']}] is running"
    # stopped: any size
    _act(admin, vm, {"stopVmInstance": {}})
    inv = _act(admin, vm, {"updateVmInstance": {"cpuNum": 1, "memorySize": 2 * GiB, "name": "web-02-small"}})["inventory"]
    assert (inv["cpuNum"], inv["memorySize"], inv["name"]) == (1, 2 * GiB, "web-02-small")
    # paused: wrong state
    paused = _vm(admin, "batch-01")
    err = _act(admin, paused, {"updateVmInstance": {"cpuNum": 16}}, expect=503)["error"]
    assert err["code"] == "SYS.1006" and "Only these state[Running,Stopped]" in err["details"]


def test_snapshots_and_backups(admin):
    vm = _vm(admin, "db-03")
    root = vm["rootVolumeUuid"]
    snap = admin.call("POST", f"/volumes/{root}/volume-snapshots", {"params": {"name": "pre-change"}})[1]["inventory"]
    assert snap["volumeUuid"] == root and snap["status"] == "Ready" and snap["latest"] is True
    assert admin.get(f"/volume-snapshots?q=volumeUuid={root}&count=true")["total"] == 1
    err = admin.call("PUT", f"/volume-snapshots/{snap['uuid']}/actions", {"revertVolumeFromSnapshot": {}},
                     expect=503)[1]["error"]
    assert err["details"] == (f"unable to reset volume[uuid:{root}] to snapshot[uuid:{snap['uuid']}], the vm[uuid:"
                              f"{vm['uuid']}] volume attached to is not in Stopped state, current state is Running")
    _act(admin, vm, {"stopVmInstance": {}})
    assert admin.call("PUT", f"/volume-snapshots/{snap['uuid']}/actions", {"revertVolumeFromSnapshot": {}})[1] == {}
    admin.call("DELETE", f"/volume-snapshots/{snap['uuid']}")
    assert admin.query(f"/volume-snapshots/{snap['uuid']}") == []
    bs = admin.query("/backup-storage")[0]
    data = next(v for v in vm["allVolumes"] if v["type"] == "Data")
    bk = admin.call("POST", f"/volumes/{data['uuid']}/volume-backups",
                    {"params": {"name": "db-03-data", "backupStorageUuid": bs["uuid"], "mode": "full"}})[1]["inventory"]
    assert bk["backupStorageRefs"][0]["backupStorageUuid"] == bs["uuid"]
    restored = admin.call("POST", f"/volumes/data-volume/from/volume-template/{bk['uuid']}",
                          {"params": {"name": "restore-test"}})[1]["inventory"]
    assert restored["type"] == "Data" and restored["size"] == data["size"] and "vmInstanceUuid" not in restored
    admin.call("DELETE", f"/volumes/{restored['uuid']}")
    err = admin.call("PUT", f"/volumes/resize/{root}/actions", {"resizeRootVolume": {"size": 1024}}, expect=503)[1]
    assert err["error"]["code"] == "SYS.1007"
    grown = admin.call("PUT", f"/volumes/resize/{root}/actions", {"resizeRootVolume": {"size": 60 * GiB}})[1]
    assert grown["inventory"]["size"] == 60 * GiB


def test_vpc_network_build_sequence(admin):
    c = admin
    providers = {p["type"]: p["uuid"] for p in c.query("/network-services/providers")}
    l2 = c.query("/l2-networks?q=name=L2-VPC-APP")[0]
    l3_params = {"name": "VPC-NEW", "l2NetworkUuid": l2["uuid"], "type": "L3VpcNetwork", "category": "Private"}
    l3 = c.call("POST", "/l3-networks", {"params": l3_params})[1]["inventory"]
    c.call("POST", f"/l3-networks/{l3['uuid']}/network-services",
           {"params": {"networkServices": {providers["vrouter"]: ["SNAT", "Eip", "DNS"], providers["Flat"]: ["DHCP"],
                                           providers["SecurityGroup"]: ["SecurityGroup"]}}})
    out = c.call("POST", f"/l3-networks/{l3['uuid']}/ip-ranges/by-cidr",
                 {"params": {"name": "r1", "networkCidr": "192.168.30.0/24", "gateway": "192.168.30.1"}})[1]
    assert out["inventory"]["startIp"] == "192.168.30.2" and out["inventory"]["endIp"] == "192.168.30.254"
    c.call("POST", f"/l3-networks/{l3['uuid']}/dns", {"params": {"dns": "223.5.5.5"}})
    router = c.query("/vpc/virtual-routers?q=name=vpc-router-app")[0]
    inv = c.call("POST", f"/vm-instances/{router['uuid']}/l3-networks/{l3['uuid']}", {"params": {}})[1]["inventory"]
    assert any(n["l3NetworkUuid"] == l3["uuid"] and n["ip"] == "192.168.30.1" for n in inv["vmNics"])
    got = c.query(f"/l3-networks/{l3['uuid']}")[0]
    assert got["dns"] == ["223.5.5.5"] and len(got["ipRanges"]) == 1
    assert {s["networkServiceType"] for s in got["networkServices"]} == {"SNAT", "Eip", "DNS", "DHCP", "SecurityGroup"}
    assert c.query(f"/vpc/virtual-routers?q=vmNics.l3NetworkUuid={l3['uuid']}")[0]["uuid"] == router["uuid"]
    # a second router cannot take the same VPC network
    other = c.query("/vpc/virtual-routers?q=name=vpc-router-db")[0]
    c.call("POST", f"/vm-instances/{other['uuid']}/l3-networks/{l3['uuid']}", {"params": {}}, expect=503)
    # reconnecting the planted disconnected router keeps failing
    c.call("PUT", f"/vm-instances/appliances/virtual-routers/{other['uuid']}/actions", {"reconnectVirtualRouter": {}},
           expect=503)
    # create a new router from the offering
    off = c.query("/instance-offerings/virtual-routers")[0]
    vr_params = {"name": "vpc-router-new", "virtualRouterOfferingUuid": off["uuid"]}
    vr = c.call("POST", "/vpc/virtual-routers", {"params": vr_params})[1]["inventory"]
    assert vr["applianceVmType"] == "vpcvrouter" and vr["status"] == "Connected"


def test_vip_eip_and_pool_exhaustion(admin):
    c = admin
    pub = c.query("/l3-networks?q=name=L3-PUBLIC")[0]
    vip = c.call("POST", "/vips", {"params": {"name": "vip-last", "l3NetworkUuid": pub["uuid"]}})[1]["inventory"]
    assert vip["ip"].startswith("203.0.113.")
    cap = c.get(f"/ip-capacity?l3NetworkUuids={pub['uuid']}")
    assert cap["availableCapacity"] == 0
    err = c.call("POST", "/vips", {"params": {"name": "vip-none", "l3NetworkUuid": pub["uuid"]}}, expect=503)[1]
    assert err["error"]["code"] == "SYS.1006"
    vm = _vm(c, "jump-01")
    nic = vm["vmNics"][0]["uuid"]
    eip = c.call("POST", "/eips", {"params": {"name": "eip-jump", "vipUuid": vip["uuid"]}})[1]["inventory"]
    assert "vmNicUuid" not in eip
    eip = c.call("POST", f"/eips/{eip['uuid']}/vm-instances/nics/{nic}", {"params": {}})[1]["inventory"]
    assert eip["vmNicUuid"] == nic and eip["guestIp"] == vm["vmNics"][0]["ip"]
    assert c.query(f"/vm-instances?q=vmNics.eip.uuid={eip['uuid']}")[0]["uuid"] == vm["uuid"]
    eip = c.call("DELETE", f"/eips/{eip['uuid']}/vm-instances/nics")[1]["inventory"]
    assert "vmNicUuid" not in eip
    assert c.call("DELETE", f"/eips/{eip['uuid']}")[1] == {}
    c.call("DELETE", f"/vips/{vip['uuid']}")
    assert c.get(f"/ip-capacity?l3NetworkUuids={pub['uuid']}")["availableCapacity"] == 1


def test_security_group_and_scheduler(admin):
    c = admin
    sg = c.call("POST", "/security-groups", {"params": {"name": "sg-new"}})[1]["inventory"]
    sg = c.call("POST", f"/security-groups/{sg['uuid']}/rules",
                {"params": {"rules": [{"type": "Ingress", "protocol": "TCP", "startPort": 22, "endPort": 22,
                                       "allowedCidr": "0.0.0.0/0"}]}})[1]["inventory"]
    assert sg["rules"][0]["startPort"] == 22 and sg["rules"][0]["allowedCidr"] == "0.0.0.0/0"
    rule_uuid = sg["rules"][0]["uuid"]
    assert c.query("/security-groups/rules?q=startPort=22&q=allowedCidr=0.0.0.0/0")[0]["uuid"] == rule_uuid
    c.call("DELETE", f"/security-groups/rules?ruleUuids={rule_uuid}")
    assert c.query(f"/security-groups/{sg['uuid']}")[0]["rules"] == []
    vm = _vm(c, "db-04")
    trig = c.call("POST", "/scheduler/triggers", {"params": {"name": "t-nightly", "schedulerType": "cron",
                                                             "cron": "0 0 3 * * ?"}})[1]["inventory"]
    job_params = {"name": "backup-db-04", "type": "volumeBackup", "targetResourceUuid": vm["rootVolumeUuid"]}
    job = c.call("POST", "/scheduler/jobs", {"params": job_params})[1]["inventory"]
    c.call("POST", f"/scheduler/jobs/{job['uuid']}/scheduler/triggers/{trig['uuid']}", {"params": {"triggerNow": True}})
    hist = c.query(f"/scheduler/job/history?q=schedulerJobUuid={job['uuid']}")
    assert len(hist) == 1 and hist[0]["success"] is True
    assert c.query(f"/scheduler/jobs/{job['uuid']}")[0]["triggersUuid"] == [trig["uuid"]]
    out = c.call("PUT", f"/schedulers/{job['uuid']}", {"changeSchedulerState": {"stateEvent": "disable"}})[1]
    assert out["inventory"]["state"] == "Disabled"


def test_unimplemented_real_api_is_explicit(admin):
    # a real API the lab does not simulate answers SYS.1014 (after 202, it is async)
    vm = _vm(admin, "web-05")
    out = admin.call("PUT", f"/vm-instances/{vm['uuid']}/actions", {"migrateVm": {}}, expect=503)[1]
    assert out["error"]["code"] == "SYS.1014"
    # a real Query* API without lab data returns an empty list
    assert admin.get("/load-balancers") == {"inventories": [], "schema": {}}

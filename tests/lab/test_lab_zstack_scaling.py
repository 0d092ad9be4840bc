"""Scaling on the simulated ZStack, over raw HTTP (shared/reference/scaling-api.md section 2): the resize
interceptor, NUMA at the last start, memory alignment, host capacity, half-applied resizes, volume growth,
CloneVmInstance, the knobs half_apply_resize / exhaust_capacity, the write log and snapshot()."""
from __future__ import annotations

import json
import time

import pytest

from lab.zstack import ZStackLab
from zstack_raw import Raw

GiB = 1024 ** 3
MiB = 1024 ** 2


def logged_in(lab) -> Raw:
    """A raw client with an admin session on ``lab``."""
    raw = Raw(lab.http_url)
    raw.login(lab.account, lab.password)
    return raw


@pytest.fixture
def slab():
    """A private scaling world (demo plus CLU-SCALE) with 4 ms api-jobs (job_seconds 0.02)."""
    with ZStackLab(world="scaling", job_seconds=0.02, https_port=None, prewarm=False) as lab:
        yield lab


@pytest.fixture
def c(slab):
    return logged_in(slab)


def vm(c, name):
    found = c.query(f"/vm-instances?q=name={name}")
    assert len(found) == 1, found
    return found[0]


def act(c, uuid, body, expect=200):
    return c.call("PUT", f"/vm-instances/{uuid}/actions", body, expect=expect)[1]


def offering(c, name):
    return c.query(f"/instance-offerings?q=name={name}")[0]["uuid"]


def host_free(c, name="kvm-s-01"):
    h = c.query(f"/hosts?q=name={name}")[0]
    return h["availableCpuCapacity"], h["availableMemoryCapacity"]


def test_scaling_world_extends_demo(c):
    names = {v["name"] for v in c.query("/vm-instances?q=type=UserVm")}
    assert {"web-01", "db-04", "scale-hot-01", "scale-cold-01", "scale-late-01", "scale-src-01",
            "scale-stopped-01"} <= names and len(names) == 30
    assert c.get(f"/resource-configurations/{vm(c, 'scale-hot-01')['uuid']}/vm/numa")["value"] == "true"
    assert c.get(f"/resource-configurations/{vm(c, 'scale-cold-01')['uuid']}/vm/numa")["value"] == "false"
    cap = c.get(f"/hosts/capacities/cpu-memory?hostUuids={c.query('/hosts?q=name=kvm-s-01')[0]['uuid']}")
    assert (cap["availableCpu"], cap["availableMemory"]) == (72, 40 * GiB)


def test_running_resize_needs_numa(c):
    cold = vm(c, "scale-cold-01")
    err = act(c, cold["uuid"], {"updateVmInstance": {"cpuNum": 4}}, expect=503)["error"]
    assert err["code"] == "SYS.1007" and err["details"].startswith("the VM cannot do cpu hot plug")
    err = act(c, cold["uuid"], {"updateVmInstance": {"memorySize": 8 * GiB}}, expect=503)["error"]
    assert err["details"].startswith("the VM cannot do memory hot plug")
    # ChangeInstanceOffering refuses even to an offering of the same size
    err = act(c, cold["uuid"], {"changeInstanceOffering": {"instanceOfferingUuid": offering(c, "c2m4-alt")}},
              expect=503)["error"]
    assert err["code"] == "SYS.1007" and "Instance Offering Online Modification" in err["details"]
    assert vm(c, "scale-cold-01")["cpuNum"] == 2


def test_numa_enabled_after_last_start_fails_on_the_hypervisor_until_a_reboot(c):
    late = vm(c, "scale-late-01")
    err = act(c, late["uuid"], {"updateVmInstance": {"cpuNum": 4}}, expect=503)["error"]
    assert err["code"] == "SYS.1006" and "rebooted the VM" in err["details"]
    assert vm(c, "scale-late-01")["cpuNum"] == 2
    act(c, late["uuid"], {"rebootVmInstance": {}})          # ZStack reboot = stop + start on the hypervisor
    inv = act(c, late["uuid"], {"updateVmInstance": {"cpuNum": 4}})["inventory"]
    assert inv["cpuNum"] == 4


def test_states_allowed_and_grow_only_while_running(c):
    hot = vm(c, "scale-hot-01")
    err = act(c, hot["uuid"], {"updateVmInstance": {"cpuNum": 1}}, expect=503)["error"]
    assert err["details"] == f"can't decrease cpu of vm[uuid:{hot['uuid']}] when it is running"
    err = act(c, hot["uuid"], {"updateVmInstance": {"memorySize": 2 * GiB}}, expect=503)["error"]
    assert err["details"] == f"can't decrease memory size of vm[uuid:{hot['uuid']}] when it is running"
    err = act(c, hot["uuid"], {"updateVmInstance": {"memorySize": 4 * GiB, "reservedMemorySize": 5 * GiB}},
              expect=503)["error"]
    assert err["code"] == "SYS.1007" and err["details"].startswith("reservedMemorySize[")
    act(c, hot["uuid"], {"pauseVmInstance": {}})
    err = act(c, hot["uuid"], {"updateVmInstance": {"cpuNum": 4}}, expect=503)["error"]
    assert err["code"] == "SYS.1006" and "Only these state[Running,Stopped]" in err["details"]
    # Stopped: any size, shrink too, nothing aligned, no host capacity involved
    stopped = vm(c, "scale-stopped-01")
    inv = act(c, stopped["uuid"], {"updateVmInstance": {"cpuNum": 1, "memorySize": 1 * GiB + 30 * MiB}})["inventory"]
    assert (inv["cpuNum"], inv["memorySize"]) == (1, 1 * GiB + 30 * MiB)


def test_running_memory_increase_is_rounded_to_128_mib(c):
    hot = vm(c, "scale-hot-01")
    inv = act(c, hot["uuid"], {"updateVmInstance": {"memorySize": 6 * GiB + 100 * MiB}})["inventory"]
    assert inv["memorySize"] == 6 * GiB + 128 * MiB                    # the answer, not the request
    inv = act(c, hot["uuid"], {"updateVmInstance": {"memorySize": inv["memorySize"] + 30 * MiB}})["inventory"]
    assert inv["memorySize"] == 6 * GiB + 256 * MiB                    # a delta rounding to 0 becomes 128 MiB
    assert vm(c, "scale-hot-01")["memorySize"] == 6 * GiB + 256 * MiB
    assert host_free(c) == (72, 40 * GiB - 2 * GiB - 256 * MiB)


def test_change_offering_online_and_host_capacity(slab, c):
    hot = vm(c, "scale-hot-01")
    inv = act(c, hot["uuid"], {"changeInstanceOffering": {"instanceOfferingUuid": offering(c, "c8m16")}})["inventory"]
    assert (inv["cpuNum"], inv["memorySize"], inv["instanceOfferingUuid"]) == (8, 16 * GiB, offering(c, "c8m16"))
    before = slab.snapshot()
    err = act(c, hot["uuid"], {"changeInstanceOffering": {"instanceOfferingUuid": offering(c, "c16m64")}},
              expect=503)["error"]
    assert err["code"] == "SYS.1006" and err["details"].startswith(f"host[uuid:{hot['uuid']}] capacity is not enough")
    assert err["cause"]["code"] == "HOST_ALLOCATION.1000"
    assert slab.snapshot() == before


def test_half_applied_resize_keeps_the_cpu(slab, c):
    hot = vm(c, "scale-hot-01")
    slab.faults.update(half_apply_resize={"UpdateVmInstance": 1.0})
    err = act(c, hot["uuid"], {"updateVmInstance": {"cpuNum": 4, "memorySize": 8 * GiB}}, expect=503)["error"]
    assert err["code"] == "SYS.1006" and "The modification of some properties failed" in err["details"]
    now = vm(c, "scale-hot-01")
    assert (now["cpuNum"], now["memorySize"]) == (4, 4 * GiB)
    # ChangeInstanceOffering: the offering is switched too
    slab.faults.update(half_apply_resize={"ChangeInstanceOffering#1": 1.0})
    err = act(c, hot["uuid"], {"changeInstanceOffering": {"instanceOfferingUuid": offering(c, "c8m16")}},
              expect=503)["error"]
    now = vm(c, "scale-hot-01")
    assert (now["cpuNum"], now["memorySize"], now["instanceOfferingUuid"]) == (8, 4 * GiB, offering(c, "c8m16"))
    # memory alone: nothing applied, a plain failure
    slab.faults.update(half_apply_resize={"UpdateVmInstance": 1.0})
    err = act(c, hot["uuid"], {"updateVmInstance": {"memorySize": 8 * GiB}}, expect=503)["error"]
    assert "some properties" not in err["details"] and vm(c, "scale-hot-01")["memorySize"] == 4 * GiB


def test_exhaust_capacity_knob_and_start_after_a_stopped_resize(slab, c):
    hot = vm(c, "scale-hot-01")
    slab.faults.update(exhaust_capacity={"UpdateVmInstance": 1.0})
    err = act(c, hot["uuid"], {"updateVmInstance": {"cpuNum": 3}}, expect=503)["error"]
    assert err["cause"]["code"] == "HOST_ALLOCATION.1000"
    slab.faults.update(exhaust_capacity={})
    # a stopped VM takes 64G; its start then finds no host with room
    stopped = vm(c, "scale-stopped-01")
    act(c, stopped["uuid"], {"updateVmInstance": {"memorySize": 64 * GiB}})
    err = act(c, stopped["uuid"], {"startVmInstance": {}}, expect=503)["error"]
    assert err["code"] == "SYS.1006" and err["cause"]["code"] == "HOST_ALLOCATION.1000"
    assert vm(c, "scale-stopped-01")["state"] == "Stopped"


def test_get_cpu_memory_capacity_follows_resizes(c):
    cluster = c.query("/clusters?q=name=CLU-SCALE")[0]["uuid"]
    cap = c.get(f"/hosts/capacities/cpu-memory?clusterUuids={cluster}")
    assert cap["resourceType"] == "ClusterVO" and cap["availableCpu"] == 72
    act(c, vm(c, "scale-hot-01")["uuid"], {"updateVmInstance": {"cpuNum": 6}})
    assert c.get(f"/hosts/capacities/cpu-memory?clusterUuids={cluster}")["availableCpu"] == 68


def test_volume_growth_is_grow_only_online_or_offline(slab, c):
    src = vm(c, "scale-src-01")
    data = next(v for v in src["allVolumes"] if v["type"] == "Data")
    root = src["rootVolumeUuid"]
    err = c.call("PUT", f"/volumes/data/resize/{data['uuid']}/actions", {"resizeDataVolume": {"size": 10 * GiB}},
                 expect=503)[1]["error"]
    assert err["code"] == "SYS.1007" and "shrinking a volume is not supported" in err["details"]
    err = c.call("PUT", f"/volumes/data/resize/{root}/actions", {"resizeDataVolume": {"size": 80 * GiB}},
                 expect=503)[1]["error"]
    assert err["code"] == "SYS.1007"
    ps = c.query("/primary-storage?q=name=PS-SCALE")[0]
    grown = c.call("PUT", f"/volumes/data/resize/{data['uuid']}/actions", {"resizeDataVolume": {"size": 80 * GiB}})[1]
    assert grown["inventory"]["size"] == 80 * GiB                            # online: the VM is Running
    assert c.query("/primary-storage?q=name=PS-SCALE")[0]["availableCapacity"] == ps["availableCapacity"] - 30 * GiB
    act(c, src["uuid"], {"stopVmInstance": {}})
    assert c.call("PUT", f"/volumes/resize/{root}/actions",
                  {"resizeRootVolume": {"size": 60 * GiB}})[1]["inventory"]["size"] == 60 * GiB   # offline
    err = c.call("PUT", f"/volumes/data/resize/{data['uuid']}/actions", {"resizeDataVolume": {"size": 10 * 1024 * GiB}},
                 expect=503)[1]["error"]
    assert err["code"] == "SYS.1006" and "does not have enough capacity" in err["details"]


def test_clone_names_placement_ips_and_security_groups(slab, c):
    src = vm(c, "scale-src-01")
    out = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-web-01", "scale-web-02"], "full": True}})["result"]
    assert out["numberOfClonedVm"] == 2
    clones = [i["inventory"] for i in out["inventories"]]
    assert [x["name"] for x in clones] == ["scale-web-01", "scale-web-02"]
    for x in clones:
        assert x["state"] == "Running" and x["clusterUuid"] == src["clusterUuid"] and x["hostUuid"]
        assert (x["cpuNum"], x["memorySize"], x["instanceOfferingUuid"]) == (2, 4 * GiB, src["instanceOfferingUuid"])
        nic = x["vmNics"][0]
        assert nic["l3NetworkUuid"] == src["vmNics"][0]["l3NetworkUuid"] and nic["ip"].startswith("192.168.40.")
        assert {v["type"] for v in x["allVolumes"]} == {"Root", "Data"}
    assert len({x["vmNics"][0]["ip"] for x in clones} | {src["vmNics"][0]["ip"]}) == 3
    in_sg = {n["uuid"] for n in c.query("/vm-instances/nics?q=securityGroup.name=sg-scale")}
    assert {n["uuid"] for x in clones for n in x["vmNics"]} | {src["vmNics"][0]["uuid"]} == in_sg
    # names are not unique by default (vm/uniqueVmName false): a second clone of the same name is made
    again = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-web-01"], "strategy": "CreateStopped"}})["result"]
    assert again["inventories"][0]["inventory"]["state"] == "Stopped"
    assert len(c.query("/vm-instances?q=name=scale-web-01")) == 2


def test_clone_ip_exhaustion_is_partial_then_fails(slab, c):
    src = vm(c, "scale-src-01")
    names = [f"scale-many-{i:02d}" for i in range(1, 8)]                   # 5 free IPs on L3-SCALE
    out = act(c, src["uuid"], {"cloneVmInstance": {"names": names, "strategy": "JustCreate"}})["result"]
    assert out["numberOfClonedVm"] == 5 and len(out["inventories"]) == 5
    before = slab.snapshot()
    err = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-none"], "strategy": "JustCreate"}},
              expect=503)["error"]
    assert err["code"] == "SYS.1006" and "no available IP" in err["details"]
    assert slab.snapshot() == before


def test_clone_capacity_exhaustion_and_bad_input(slab, c):
    src = vm(c, "scale-src-01")
    before = slab.snapshot()
    slab.faults.update(exhaust_capacity={"CloneVmInstance": 1.0})
    err = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-x"]}}, expect=503)["error"]
    assert err["cause"]["code"] == "HOST_ALLOCATION.1000"
    slab.faults.update(exhaust_capacity={})
    assert act(c, src["uuid"], {"cloneVmInstance": {"names": []}}, expect=503)["error"]["code"] == "SYS.1007"
    assert act(c, src["uuid"], {"cloneVmInstance": {"names": ["a"], "strategy": "Later"}},
               expect=503)["error"]["code"] == "SYS.1007"
    assert slab.snapshot() == before


def test_unique_vm_name_config_refuses_duplicates(slab, c):
    c.call("PUT", "/global-configurations/vm/uniqueVmName/actions", {"updateGlobalConfig": {"value": "true"}})
    src = vm(c, "scale-src-01")
    err = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-hot-01"]}}, expect=503)["error"]
    assert err["code"] == "SYS.1007" and "not unique" in err["details"]


def test_clone_host_capacity_runs_out(slab, c):
    src = vm(c, "scale-src-01")
    act(c, src["uuid"], {"stopVmInstance": {}})
    act(c, src["uuid"], {"updateVmInstance": {"memorySize": 16 * GiB}})
    act(c, src["uuid"], {"startVmInstance": {}})                      # 40G - 12G more = 28G free
    out = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-big-1", "scale-big-2", "scale-big-3"]}})["result"]
    assert out["numberOfClonedVm"] == 1                               # one 16G clone fits, the next two do not
    assert host_free(c)[1] == 12 * GiB


def test_fail_async_and_lost_answer_on_clone(slab, c):
    src = vm(c, "scale-src-01")
    before = slab.snapshot()
    slab.faults.update(fail_async={"CloneVmInstance": 1.0})
    act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-f1"]}}, expect=503)
    assert slab.snapshot() == before
    slab.faults.update(fail_async={}, lost_response_rate=1.0)
    job = "ab" * 16
    status, _h, text = c.request("PUT", f"/zstack/v1/vm-instances/{src['uuid']}/actions",
                                 {"cloneVmInstance": {"names": ["scale-l1"]}}, headers={"X-Job-UUID": job})
    assert status == 503 and json.loads(text)["error"]["code"] == "SYS.1001"
    slab.faults.update(lost_response_rate=0.0)
    status, _h, text = c.request("PUT", f"/zstack/v1/vm-instances/{src['uuid']}/actions",
                                 {"cloneVmInstance": {"names": ["scale-l1"]}}, headers={"X-Job-UUID": job})
    assert status == 400 and "Duplicate job uuid" in text
    deadline = time.time() + 5
    while time.time() < deadline and not c.query("/vm-instances?q=name=scale-l1"):
        time.sleep(0.05)
    assert len(c.query("/vm-instances?q=name=scale-l1")) == 1                 # applied once, never duplicated


def test_write_log_records_refused_resizes(slab, c):
    slab.reset_writes()
    cold = vm(c, "scale-cold-01")
    act(c, cold["uuid"], {"updateVmInstance": {"cpuNum": 4}}, expect=503)
    names = [w["name"] for w in slab.writes()]
    assert names == ["UpdateVmInstance"]


def test_expunge_gives_back_storage_and_security_group_places(slab, c):
    before = slab.snapshot()
    src = vm(c, "scale-src-01")
    clone = act(c, src["uuid"], {"cloneVmInstance": {"names": ["scale-gone-01"]}})["result"]["inventories"][0]["inventory"]
    with slab.state.lock:
        assert any(n["uuid"] in (sg.get("_vmNicUuids") or []) for sg in slab.state.all("sg")
                   for n in slab.state.by("nic", "vmInstanceUuid", clone["uuid"]))
    c.call("DELETE", f"/vm-instances/{clone['uuid']}", None, expect=200)
    act(c, clone["uuid"], {"expungeVmInstance": {}})
    after = slab.snapshot()
    for snap in (before, after):       # what a start renews: not storage, not security groups
        for rec in snap.get("vm", {}).values():
            for key in ("_mem_hotplugs", "_max_vcpu_at_start", "_numa_at_start"):
                rec.pop(key, None)
    assert after["ps"] == before["ps"] and after["sg"] == before["sg"]
    assert after == before

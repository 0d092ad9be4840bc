"""VPC changes on the simulated ZStack, over raw HTTP: route tables, router NICs and destroy, the change
fault knobs (fail_apis, lost_response_rate, fail_async, Api#N keys), the write log and snapshot()."""
from __future__ import annotations

import json
import uuid as uuidlib

import pytest

from lab.zstack import ZStackLab
from zstack_raw import Raw

PROVIDER_SERVICES = {"vrouter": ["VRouterRoute", "SNAT", "Eip", "DNS"], "Flat": ["DHCP"]}


@pytest.fixture
def vlab():
    """A private demo lab with fast jobs (routers take 1 s at the default job_seconds)."""
    with ZStackLab(world="demo", job_seconds=0.02, https_port=None, prewarm=False) as lab:
        yield lab


@pytest.fixture
def c(vlab):
    raw = Raw(vlab.http_url)
    raw.login(vlab.account, vlab.password)
    return raw


def one(c, path):
    found = c.query(path)
    assert len(found) == 1, found
    return found[0]


def new_router(c, name="vpc-router-t1", offering="VR-OFFERING-EDGE"):
    off = one(c, f"/instance-offerings/virtual-routers?q=name={offering}")
    return c.call("POST", "/vpc/virtual-routers", {"params": {"name": name, "virtualRouterOfferingUuid": off["uuid"]}})[1]["inventory"]


def new_vpc_network(c, router, name="VPC-T1", cidr="192.168.50.0/24"):
    providers = {p["type"]: p["uuid"] for p in c.query("/network-services/providers")}
    l2 = one(c, "/l2-networks?q=name=L2-VPC-NEW")
    l3 = c.call("POST", "/l3-networks", {"params": {"name": name, "l2NetworkUuid": l2["uuid"], "type": "L3VpcNetwork",
                                                    "category": "Private"}})[1]["inventory"]
    c.call("POST", f"/l3-networks/{l3['uuid']}/ip-ranges/by-cidr", {"params": {"name": name, "networkCidr": cidr}})
    c.call("POST", f"/l3-networks/{l3['uuid']}/network-services",
           {"params": {"networkServices": {providers[k]: v for k, v in PROVIDER_SERVICES.items()}}})
    c.call("POST", f"/vm-instances/{router['uuid']}/l3-networks/{l3['uuid']}", {"params": {}})
    return l3


def free_ips(c, l3_uuid):
    return c.get(f"/ip-capacity?l3NetworkUuids={l3_uuid}")["availableCapacity"]


def test_demo_world_has_the_vpc_change_additions(c):
    edge = one(c, "/l3-networks?q=name=L3-EDGE-PUBLIC")
    assert edge["category"] == "Public" and edge["system"] is True and edge["ipRanges"][0]["gateway"] == "198.51.100.1"
    offerings = {o["name"]: o for o in c.query("/instance-offerings/virtual-routers")}
    assert offerings["VR-OFFERING-EDGE"]["publicNetworkUuid"] == edge["uuid"] and offerings["VR-OFFERING-EDGE"]["isDefault"] is False
    app = one(c, "/vpc/virtual-routers?q=name=vpc-router-app")
    assert [n["ip"] for n in app["vmNics"] if n["l3NetworkUuid"] == edge["uuid"]] == ["198.51.100.10"]
    assert one(c, "/l2-networks?q=name=L2-VPC-NEW")["vlan"] == 303


def test_router_gets_nics_and_destroy_expunges_it(c):
    edge = one(c, "/l3-networks?q=name=L3-EDGE-PUBLIC")
    free = free_ips(c, edge["uuid"])
    vr = new_router(c)
    assert vr["applianceVmType"] == "vpcvrouter" and vr["status"] == "Connected"
    assert [(n["l3NetworkUuid"], n["ip"]) for n in vr["vmNics"]] == [(edge["uuid"], "198.51.100.11")]
    assert free_ips(c, edge["uuid"]) == free - 1
    host_before = one(c, f"/hosts/{vr['hostUuid']}")
    l3 = new_vpc_network(c, vr)
    vr = one(c, f"/vpc/virtual-routers/{vr['uuid']}")
    assert {n["l3NetworkUuid"]: n["ip"] for n in vr["vmNics"]}[l3["uuid"]] == "192.168.50.1"

    status, body = c.call("DELETE", f"/vm-instances/{vr['uuid']}")
    assert status == 200 and body == {}
    # appliance VMs use the Direct deletion policy: gone at once, NICs and IPs returned
    assert c.query(f"/vm-instances/{vr['uuid']}") == []
    assert c.query(f"/vm-instances/nics?q=vmInstanceUuid={vr['uuid']}") == []
    assert free_ips(c, edge["uuid"]) == free
    assert one(c, f"/l3-networks/{l3['uuid']}")["name"] == "VPC-T1"      # the network stays, without a router
    host_after = one(c, f"/hosts/{vr['hostUuid']}")
    assert host_after["availableMemoryCapacity"] == host_before["availableMemoryCapacity"] + vr["memorySize"]
    # a user VM still goes to Destroyed (recoverable)
    vm = one(c, "/vm-instances?q=name=jump-01")
    c.call("DELETE", f"/vm-instances/{vm['uuid']}")
    assert one(c, f"/vm-instances/{vm['uuid']}")["state"] == "Destroyed"


def test_router_needs_a_free_ip_on_its_networks(c, vlab):
    off = one(c, "/instance-offerings/virtual-routers?q=name=VR-OFFERING-2C2G")
    pub = one(c, "/l3-networks?q=name=L3-PUBLIC")
    c.call("POST", "/vips", {"params": {"name": "take-the-last", "l3NetworkUuid": pub["uuid"]}})
    assert free_ips(c, pub["uuid"]) == 0
    before = vlab.snapshot()
    status, body = c.call("POST", "/vpc/virtual-routers", {"params": {"name": "no-room", "virtualRouterOfferingUuid": off["uuid"]}},
                          expect=503)
    assert body["error"]["code"] == "SYS.1006" and pub["uuid"] in body["error"]["details"]
    assert vlab.snapshot() == before


def test_route_table_entries_and_validation(c):
    table = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-t"}})[1]["inventory"]
    assert table["attachedRouterRefs"] == [] and table["routeEntries"] == [] and "type" not in table
    base = f"/vrouter-route-tables/{table['uuid']}/route-entries"
    entry = c.call("POST", base, {"params": {"destination": "10.9.8.7/16", "target": "198.51.100.1"}})[1]["inventory"]
    # type from the target, host bits cleared, distance 128
    assert (entry["type"], entry["destination"], entry["distance"]) == ("UserStatic", "10.9.0.0/16", 128)
    hole = c.call("POST", base, {"params": {"destination": "10.7.0.0/16"}})[1]["inventory"]
    assert hole["type"] == "UserBlackHole" and "target" not in hole
    bad = {
        "wrong destination": {"destination": "10.1.0.0", "target": "1.2.3.4"},
        "wrong target": {"destination": "10.1.0.0/16", "target": "nope"},
        "could not allow to configure default router": {"destination": "0.0.0.0/0", "target": "1.2.3.4"},
        "target cannot be empty if type is UserStatic": {"destination": "10.1.0.0/16", "type": "UserStatic"},
        "can not has blackHole route and static route": {"destination": "10.7.0.0/16", "target": "1.2.3.4"},
    }
    for text, params in bad.items():
        err = c.call("POST", base, {"params": params}, expect=503)[1]["error"]
        assert text in err["details"], (text, err)
    # the same destination may take a second static entry (ZStack does not refuse it)
    c.call("POST", base, {"params": {"destination": "10.9.0.0/16", "target": "198.51.100.2"}})
    got = one(c, f"/vrouter-route-tables/{table['uuid']}")
    assert sorted(e["destination"] for e in got["routeEntries"]) == ["10.7.0.0/16", "10.9.0.0/16", "10.9.0.0/16"]
    assert len(c.query(f"/vrouter-route-tables/route-entries?q=routeTableUuid={table['uuid']}")) == 3
    out = c.call("DELETE", f"{base}/{entry['uuid']}")[1]
    assert len(out["inventory"]["routeEntries"]) == 2
    assert c.call("DELETE", f"{base}/{entry['uuid']}")[1] == {}          # already gone: success


def test_attach_rules_live_routes_detach_and_delete(c):
    app = one(c, "/vpc/virtual-routers?q=name=vpc-router-app")
    table = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-app"}})[1]["inventory"]
    c.call("POST", f"/vrouter-route-tables/{table['uuid']}/route-entries",
           {"params": {"destination": "100.64.0.0/16", "target": "198.51.100.1"}})
    attached = c.call("POST", f"/vrouter-route-tables/{table['uuid']}/attach",
                      {"params": {"virtualRouterVmUuid": app["uuid"]}})[1]["inventory"]
    assert attached["attachedRouterRefs"] == [{"virtualRouterVmUuid": app["uuid"], "routeTableUuid": table["uuid"]}]
    refs = c.query(f"/vrouter-route-tables/virtual-router-refs?q=virtualRouterVmUuid={app['uuid']}")
    assert refs == [{"virtualRouterVmUuid": app["uuid"], "routeTableUuid": table["uuid"]}]
    live = c.get(f"/vrouter-route-tables/vrouter/{app['uuid']}")["inventories"]
    assert {"destination": "192.168.10.0/24", "type": "DirectConnect"}.items() <= next(
        r for r in live if r["destination"] == "192.168.10.0/24").items()
    static = next(r for r in live if r["destination"] == "100.64.0.0/16")
    assert (static["type"], static["target"], static["status"]) == ("UserStatic", "198.51.100.1", "active")
    # one table per router
    second = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-second"}})[1]["inventory"]
    err = c.call("POST", f"/vrouter-route-tables/{second['uuid']}/attach", {"params": {"virtualRouterVmUuid": app["uuid"]}},
                 expect=503)[1]["error"]
    assert err["code"] == "SYS.1007" and f"has already attach route table [uuid: [{table['uuid']}]]" in err["details"]
    # a router without a VRouterRoute network (only its public NIC) cannot take a table
    bare = new_router(c, "vpc-router-bare")
    err = c.call("POST", f"/vrouter-route-tables/{second['uuid']}/attach", {"params": {"virtualRouterVmUuid": bare["uuid"]}},
                 expect=503)[1]["error"]
    assert "does not has VRouterRoute service attached" in err["details"]
    # a disconnected router's agent cannot be asked for its routes
    db = one(c, "/vpc/virtual-routers?q=name=vpc-router-db")
    status, body = c.json("GET", f"/zstack/v1/vrouter-route-tables/vrouter/{db['uuid']}")
    assert status == 503 and body["error"]["code"] == "SYS.1006"
    # detach: only what is attached
    err = c.call("DELETE", f"/vrouter-route-tables/{second['uuid']}/detach/{app['uuid']}", expect=503)[1]["error"]
    assert "not attached to vrouter" in err["details"]
    c.call("DELETE", f"/vrouter-route-tables/{table['uuid']}/detach/{app['uuid']}")
    assert c.query(f"/vrouter-route-tables/virtual-router-refs?q=virtualRouterVmUuid={app['uuid']}") == []
    # deleting an attached table detaches it and drops its entries
    c.call("POST", f"/vrouter-route-tables/{table['uuid']}/attach", {"params": {"virtualRouterVmUuid": app["uuid"]}})
    c.call("DELETE", f"/vrouter-route-tables/{table['uuid']}")
    assert c.query(f"/vrouter-route-tables/{table['uuid']}") == []
    assert c.query(f"/vrouter-route-tables/route-entries?q=routeTableUuid={table['uuid']}") == []
    assert c.query(f"/vrouter-route-tables/virtual-router-refs?q=virtualRouterVmUuid={app['uuid']}") == []
    assert c.call("DELETE", f"/vrouter-route-tables/{table['uuid']}")[1] == {}


def test_destroying_a_router_drops_its_route_table_ref(c):
    vr = new_router(c)
    new_vpc_network(c, vr)
    table = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-gone"}})[1]["inventory"]
    c.call("POST", f"/vrouter-route-tables/{table['uuid']}/attach", {"params": {"virtualRouterVmUuid": vr["uuid"]}})
    c.call("DELETE", f"/vm-instances/{vr['uuid']}")
    assert one(c, f"/vrouter-route-tables/{table['uuid']}")["attachedRouterRefs"] == []


def test_detach_network_services_with_repeated_map_parameters(c):
    l3 = one(c, "/l3-networks?q=name=VPC-APP")
    vrouter = one(c, "/network-services/providers?q=type=vrouter")["uuid"]
    status, _h, text = c.request(
        "DELETE", f"/zstack/v1/l3-networks/{l3['uuid']}/network-services?networkServices.{vrouter}=SNAT"
                  f"&networkServices.{vrouter}=Eip")
    assert status == 202
    st, out, _seen = c.poll(json.loads(text)["location"])
    assert st == 200
    types = {s["networkServiceType"] for s in out["inventory"]["networkServices"]}
    assert "SNAT" not in types and "Eip" not in types and "VRouterRoute" in types


def test_fail_apis_answers_at_once_and_does_nothing(c, vlab):
    before = vlab.snapshot()
    vlab.reset_writes()
    vlab.faults.update(fail_apis={"CreateVRouterRouteTable": 1.0})
    status, body = c.json("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "rt-x"}})
    assert status == 503 and body["error"]["code"] == "SYS.1006" and "lab fault injection" in body["error"]["details"]
    assert [w["name"] for w in vlab.writes()] == ["CreateVRouterRouteTable"]    # logged as it arrived
    assert vlab.snapshot() == before
    # fail_async: the job is accepted, then fails; nothing is created either
    vlab.faults.update(fail_apis={}, fail_async={"CreateVRouterRouteTable": 1.0})
    status, body = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-x"}}, expect=503)
    assert body["error"]["code"] == "SYS.1006"
    assert vlab.snapshot() == before


def test_nth_call_keys_fail_only_that_call(c, vlab):
    vlab.faults.update(fail_apis={"CreateVRouterRouteTable#2": 1.0}, fail_async={"AddVRouterRouteEntry#2": 1.0})
    first = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-1"}})[1]["inventory"]
    status, body = c.json("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "rt-2"}})
    assert status == 503 and body["error"]["code"] == "SYS.1006"
    c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-3"}})
    assert sorted(t["name"] for t in c.query("/vrouter-route-tables")) == ["rt-1", "rt-3"]
    base = f"/vrouter-route-tables/{first['uuid']}/route-entries"
    c.call("POST", base, {"params": {"destination": "10.1.0.0/16", "target": "198.51.100.1"}})
    c.call("POST", base, {"params": {"destination": "10.2.0.0/16", "target": "198.51.100.1"}}, expect=503)
    c.call("POST", base, {"params": {"destination": "10.3.0.0/16", "target": "198.51.100.1"}})
    assert sorted(e["destination"] for e in c.query(f"/vrouter-route-tables/{first['uuid']}")[0]["routeEntries"]) == [
        "10.1.0.0/16", "10.3.0.0/16"]
    # setting the knob again starts counting again
    vlab.faults.update(fail_apis={"CreateVRouterRouteTable#1": 1.0})
    c.json("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "rt-4"}})
    assert "rt-4" not in [t["name"] for t in c.query("/vrouter-route-tables")]


def test_lost_response_then_duplicate_job_uuid(c, vlab):
    vlab.faults.update(lost_response_rate=1.0)
    job = uuidlib.uuid4().hex
    status, _h, text = c.request("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "rt-lost"}},
                                 headers={"X-Job-UUID": job})
    assert status == 503 and json.loads(text)["error"]["code"] == "SYS.1001"
    # the write was applied: the retry with the same job uuid is a duplicate, and the job has the answer
    status, _h, text = c.request("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "rt-lost"}},
                                 headers={"X-Job-UUID": job})
    assert status == 400 and text == f"Duplicate job uuid[{job}]"
    st, out, _seen = c.poll(f"http://127.0.0.2:8080/zstack/v1/api-jobs/{job}")
    assert st == 200 and out["inventory"]["name"] == "rt-lost"
    assert [t["name"] for t in c.query("/vrouter-route-tables")] == ["rt-lost"]
    # reads are never "lost"
    assert c.query("/vrouter-route-tables?q=name=rt-lost")


def test_fault_knobs_over_the_control_endpoint(c, vlab):
    status, _h, text = c.request("PUT", "/_lab/faults", {"fail_apis": {"CreateVip": "1", "CreateEip#3": 0.5},
                                                         "lost_response_rate": "0.5"}, auth=False)
    assert status == 200
    got = json.loads(text)
    assert got["fail_apis"] == {"CreateVip": 1.0, "CreateEip#3": 0.5} and got["lost_response_rate"] == 0.5
    status, _h, text = c.request("PUT", "/_lab/faults", {"fail_apiz": {}}, auth=False)
    assert status == 400 and "fail_apis" in text


def test_snapshot_is_canonical_and_compares(c, vlab):
    first = vlab.snapshot()
    assert first == vlab.snapshot() and json.dumps(first)            # JSON-able, stable
    assert "lastOpDate" not in json.dumps(first)
    table = c.call("POST", "/vrouter-route-tables", {"params": {"name": "rt-snap"}})[1]["inventory"]
    assert vlab.snapshot() != first
    c.call("DELETE", f"/vrouter-route-tables/{table['uuid']}")
    assert vlab.snapshot() == first                                  # emptied tables do not count
    # a touched but restored resource compares equal (lastOpDate is left out)
    l3 = one(c, "/l3-networks?q=name=VPC-APP")
    c.call("POST", f"/l3-networks/{l3['uuid']}/dns", {"params": {"dns": "1.1.1.1"}})
    c.call("DELETE", f"/l3-networks/{l3['uuid']}/dns/1.1.1.1")
    assert vlab.snapshot() == first

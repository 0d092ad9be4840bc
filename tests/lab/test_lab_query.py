"""Query engine: the 12 operators, joins, tags, paging, count, sort, fields, schema, 400 texts."""
from __future__ import annotations

import urllib.parse

import pytest
from lab.zstack import ZStackLab
from zstack_raw import Raw

Q = urllib.parse.quote


def names(invs):
    return sorted(i["name"] for i in invs)


def test_every_operator(client):
    vms = client.query("/vm-instances?q=type=UserVm")
    assert len(vms) == 25
    # =
    assert names(client.query("/vm-instances?q=name=web-01")) == ["web-01"]
    # != (must not be parsed as '=')
    assert len(client.query("/vm-instances?q=type=UserVm&q=name!=web-01")) == 24
    # > and < are numeric (4 GiB vs 16 GiB would compare the wrong way as strings)
    big = client.query("/vm-instances?q=type=UserVm&q=memorySize>8589934592")
    assert {v["memorySize"] for v in big} == {17179869184, 34359738368}
    small = client.query("/vm-instances?q=type=UserVm&q=memorySize<8589934592")
    assert {v["memorySize"] for v in small} == {4294967296}
    # >= and <=
    assert {v["cpuNum"] for v in client.query("/vm-instances?q=type=UserVm&q=cpuNum>=8")} == {8}
    assert {v["cpuNum"] for v in client.query("/vm-instances?q=type=UserVm&q=cpuNum<=2")} == {2}
    # ?= (in) and !?= (not in)
    assert names(client.query("/vm-instances?q=name?=web-01,web-02,nope")) == ["web-01", "web-02"]
    assert len(client.query("/vm-instances?q=type=UserVm&q=name!?=web-01,web-02")) == 23
    # ~= with % and _, and !~=
    assert names(client.query("/vm-instances?q=name~=db-%")) == ["db-01", "db-02", "db-03", "db-04"]
    assert names(client.query("/vm-instances?q=name~=web-0_")) == [f"web-0{i}" for i in range(1, 7)]
    assert len(client.query("/vm-instances?q=type=UserVm&q=name!~=web%")) == 19
    # is null / not null (stopped or appliance-free fields)
    nulls = client.query("/volumes?q=type=Data&q=vmInstanceUuid%20is%20null")
    assert nulls == []
    assert len(client.query("/vm-instances?q=hostUuid%20not%20null")) == 27


def test_operator_order_and_value_not_trimmed(client):
    # 'a!=b' contains '=' but '!=' is tried first; a space inside the value is kept
    assert client.query("/vm-instances?q=name!=web-01&q=name=web-02")[0]["name"] == "web-02"
    assert client.query("/vm-instances?q=name=%20web-01") == []


def test_booleans_and_dates(client):
    assert len(client.query("/l3-networks?q=system=false")) == 4
    hist = client.query("/scheduler/job/history?q=success=false")
    assert len(hist) == 1
    # dates compare as dates: everything was created in the past, nothing in the future
    assert len(client.query("/vm-instances?q=createDate<2100-01-01%2000:00:00")) == 27
    assert client.query("/vm-instances?q=createDate>2100-01-01") == []
    recent = client.query("/scheduler/job/history?q=startTime>" + Q("Jan 1, 2000 1:00:00 AM"))
    assert len(recent) == len(client.query("/scheduler/job/history"))


def test_dotted_joins(client):
    web1 = client.query("/vm-instances?q=name=web-01")[0]
    nic = web1["vmNics"][0]
    assert names(client.query(f"/vm-instances?q=vmNics.ip={nic['ip']}")) == ["web-01"]
    on_l3 = client.query(f"/vm-instances?q=type=UserVm&q=vmNics.l3NetworkUuid={nic['l3NetworkUuid']}")
    assert "web-01" in names(on_l3) and "db-01" not in names(on_l3)
    assert {v["hostUuid"] for v in client.query("/vm-instances?q=host.managementIp=172.20.1.11")} == \
        {client.query("/hosts?q=managementIp=172.20.1.11")[0]["uuid"]}
    assert {h["name"] for h in client.query("/hosts?q=cluster.name=CLU-COMPUTE-B")} == {"kvm-b-01", "kvm-b-02", "kvm-b-03"}
    assert len(client.query("/vm-instances?q=zone.name=ZONE-SH-01")) == 27
    assert names(client.query("/vm-instances?q=vmNics.eip.vipIp~=203.0.113.%&q=name~=web%")) == \
        [f"web-0{i}" for i in range(1, 7)]
    # negative join: VMs with no NIC on that L3
    assert "web-01" not in names(client.query(f"/vm-instances?q=vmNics.l3NetworkUuid!={nic['l3NetworkUuid']}"))


def test_tag_conditions(client, lab):
    assert len(client.query("/vm-instances?q=__systemTag__=ha::NeverStop")) == 25
    assert len(client.query("/vm-instances?q=__systemTag__~=ha::%")) == 25
    assert names(client.query("/vm-instances?q=__systemTag__!=ha::NeverStop")) == ["vpc-router-app", "vpc-router-db"]
    assert client.query("/vm-instances?q=__userTag__=owner::nobody") == []


def test_get_by_uuid_path(client):
    vm = client.query("/vm-instances?q=name=app-01")[0]
    one = client.get(f"/vm-instances/{vm['uuid']}")
    assert len(one["inventories"]) == 1 and one["inventories"][0]["uuid"] == vm["uuid"]
    assert "schema" in one and "total" not in one
    assert client.get("/vm-instances/" + "0" * 32) == {"inventories": [], "schema": {}}


def test_count_total_schema_fields_sort(client):
    assert client.get("/vm-instances?count=true") == {"total": 27, "schema": {}}
    body = client.get("/vm-instances?replyWithCount=true&limit=2")
    assert body["total"] == 27 and len(body["inventories"]) == 2
    assert "total" not in client.get("/vm-instances?limit=2")
    schema = client.get("/vm-instances?q=name=web-01")["schema"]
    assert schema["inventories[0]"] == "org.zstack.header.vm.VmInstanceInventory"
    assert schema["inventories[0].vmNics[0]"] == "org.zstack.header.vm.VmNicInventory"
    assert schema["inventories[0].vmNics[0].usedIps[0]"] == "org.zstack.header.network.l3.UsedIpInventory"
    assert schema["inventories[0].allVolumes[0]"] == "org.zstack.header.volume.VolumeInventory"
    only = client.query("/vm-instances?fields=uuid,name&limit=3")
    assert all(set(v) == {"uuid", "name"} for v in only)
    desc = client.query("/vm-instances?q=type=UserVm&sort=-memorySize")
    assert [v["memorySize"] for v in desc] == sorted((v["memorySize"] for v in desc), reverse=True)
    for sort in ("name", "%2Bname", "+name"):      # unencoded '+' decodes to a space, then trimmed: still asc
        asc = client.query(f"/hosts?sort={sort}")
        assert [h["name"] for h in asc] == sorted(h["name"] for h in asc)
    assert len(client.query("/vm-instances?condition=state=Running")) == 27   # unknown params are ignored


def test_query_400_texts(client):
    c = client
    assert c.request("GET", "/zstack/v1/vm-instances?q=name")[::2] == (
        400, "Invalid query parameter. The 'name' in the parameter[q] doesn't contain any query operator. "
             "Valid query operators are [[!=, >=, <=, !?=, !~=, ~=, ?=, =, >, <, is null, not null]]")
    assert c.request("GET", "/zstack/v1/vm-instances?limit=ten")[::2] == (
        400, "Invalid query parameter. 'limit' must be an integer")
    assert c.request("GET", "/zstack/v1/vm-instances?start=1.5")[::2] == (
        400, "Invalid query parameter. 'start' must be an integer")
    status, body = c.json("GET", "/zstack/v1/vm-instances?q=noSuchField=1")
    assert status == 503 and body["error"]["code"] == "SYS.1007"


@pytest.fixture(scope="module")
def scale_client():
    with ZStackLab(world="scale", scale=dict(hosts=60, vms=1500, volumes=3000), https_port=None) as lab:
        c = Raw(lab.http_url)
        c.login()
        yield c


def test_paging_over_1000_items(scale_client):
    c = scale_client
    assert len(c.query("/vm-instances")) == 1000            # default limit
    total = c.get("/vm-instances?count=true")["total"]
    assert total > 1500
    seen, start, limit = [], 0, 400
    while True:
        page = c.get(f"/vm-instances?start={start}&limit={limit}&replyWithCount=true&sort=createDate&fields=uuid")
        assert page["total"] == total
        seen += [v["uuid"] for v in page["inventories"]]
        start += limit
        if start >= page["total"]:
            break
    assert len(seen) == total == len(set(seen))
    assert c.get(f"/vm-instances?start={total}&limit=10")["inventories"] == []
    vols = c.get("/volumes?count=true")["total"]
    assert vols >= 3000

"""The fast serving path (render cache, result cache, compiled conditions, one-write responses)
answers exactly what the plain path answers, and follows every state change."""
from __future__ import annotations

import http.client
import json
import time
import urllib.parse

import pytest

from lab.zstack import query as q
from lab.zstack.kinds import KINDS
from lab.zstack.resources import platform


def _spec(*pairs):
    return q.parse(list(pairs))


SPECS = [
    (),
    (("limit", "5"), ("start", "2"), ("replyWithCount", "true")),
    (("sort", "-name"), ("limit", "7")),
    (("fields", "uuid,name,vmNics,allVolumes,state,nosuch,_util"), ("replyWithCount", "true")),
    (("q", "state?=Running,Paused"), ("q", "cpuNum>2")),
    (("q", "cpuNum=4"),),
    (("q", "cpuNum?=2,8"),),
    (("q", "name!=web-01"), ("q", "state!?=Paused")),
    (("q", "host.name=kvm-a-01"),),
    (("q", "__systemTag__~=%"),),
    (("q", "hostUuid is null"),),
]


@pytest.mark.parametrize("pairs", SPECS)
def test_cached_answer_equals_fresh_answer(lab, pairs):
    st = lab.state
    for kind_name in ("vm", "volume", "l3", "vip", "sg", "systemtag"):
        if any(p[0] in ("q", "sort") for p in pairs) and kind_name != "vm":
            continue
        fresh = q.run(st, kind_name, _spec(*pairs), cache=False)
        cached = q.run(st, kind_name, _spec(*pairs))
        again = q.run(st, kind_name, _spec(*pairs))
        assert json.loads(fresh) == json.loads(cached) == json.loads(again)
        body = json.loads(cached)
        if ("fields", "uuid,name,vmNics,allVolumes,state,nosuch,_util") in pairs:
            assert all(set(i) <= {"uuid", "name", "vmNics", "allVolumes", "state"} for i in body["inventories"])


def test_schema_map_matches_nested_lists(lab):
    body = json.loads(q.run(lab.state, "vm", _spec(("limit", "3"))))
    schema = body["schema"]
    for i, inv in enumerate(body["inventories"]):
        assert schema[f"inventories[{i}]"] == KINDS["vm"].java_class
        for j, nic in enumerate(inv["vmNics"]):
            assert schema[f"inventories[{i}].vmNics[{j}]"] == "org.zstack.header.vm.VmNicInventory"
            for k in range(len(nic["usedIps"])):
                assert f"inventories[{i}].vmNics[{j}].usedIps[{k}]" in schema
        for j in range(len(inv["allVolumes"])):
            assert schema[f"inventories[{i}].allVolumes[{j}]"] == "org.zstack.header.volume.VolumeInventory"
    expected = 3 + sum(len(v["vmNics"]) + len(v["allVolumes"]) + len(v["vmCdRoms"])
                       + sum(len(n["usedIps"]) for n in v["vmNics"]) for v in body["inventories"])
    assert len(schema) == expected


def test_compiled_conditions_agree_with_eval(lab):
    st, kind = lab.state, KINDS["vm"]
    conds = ["state=Running", "state!=Running", "state?=Running,Paused", "state!?=Running,Stopped",
             "cpuNum=2", "cpuNum!=2", "cpuNum?=2,8", "cpuNum!?=2", "memorySize=4294967296", "hostUuid=nope",
             "name=web-01", "name?=web-01,db-02,", "type=UserVm"]
    for text in conds:
        c = q.parse_cond(text)
        pred = q._compile_cond(st, kind, c)   # pylint: disable=protected-access
        path = c.name.split(".")
        for rec in st.all("vm"):
            assert pred(rec) == q._eval(st, kind, rec, path, c.op, c.value), (text, rec["name"])  # pylint: disable=protected-access


def test_answers_follow_state_changes(fresh_lab, admin):
    vm = admin.query("/vm-instances?q=name=web-01")[0]
    assert vm["state"] == "Running"
    before = admin.get("/vm-instances?q=state=Stopped&replyWithCount=true")["total"]
    admin.call("PUT", f"/vm-instances/{vm['uuid']}/actions", {"stopVmInstance": {}})
    assert admin.query(f"/vm-instances/{vm['uuid']}")[0]["state"] == "Stopped"
    assert admin.get("/vm-instances?q=state=Stopped&replyWithCount=true")["total"] == before + 1
    # direct edits are seen after state.touch(), as the README says
    with fresh_lab.state.lock:
        fresh_lab.state.get("vm", vm["uuid"])["description"] = "edited"
        fresh_lab.state.touch()
    assert admin.query(f"/vm-instances?q=uuid={vm['uuid']}")[0]["description"] == "edited"
    # an embedded volume follows its own changes too
    vol = fresh_lab.state.get("volume", vm["rootVolumeUuid"])
    with fresh_lab.state.lock:
        vol["description"] = "root-edited"
        fresh_lab.state.touch()
    inv = admin.query(f"/vm-instances/{vm['uuid']}")[0]
    assert next(v for v in inv["allVolumes"] if v["uuid"] == vol["uuid"])["description"] == "root-edited"


def test_management_node_heartbeat_is_never_cached(client):
    first = client.query("/management-nodes")
    time.sleep(1.1)
    second = client.query("/management-nodes")
    assert [m["heartBeat"] for m in first] != [m["heartBeat"] for m in second]


def test_metric_values_follow_the_jitter_formula(client, lab):
    now = int(time.time())
    data = client.get("/zwatch/metrics?namespace=ZStack/VM&metricName=CPUAllUsedUtilization"
                      f"&startTime={now - 300}&endTime={now}&period=60")["data"]
    assert data
    for d in data[:20]:
        vm = lab.state.get("vm", d["labels"]["VMUuid"])
        base = float(vm["_util"]["cpu"])
        expected = round(max(min(max(base + platform._jitter(vm["uuid"], d["time"], 5.0), 0.0), 100.0), 0.0), 2)  # pylint: disable=protected-access
        assert d["value"] == expected and set(d) == {"value", "time", "labels"}


def test_small_answers_do_not_stall_on_keep_alive(client, lab):
    """Status line, headers and body go out in one write with TCP_NODELAY: no ~40 ms delayed-ACK stall."""
    u = urllib.parse.urlsplit(lab.http_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        started = time.monotonic()
        for _i in range(20):
            conn.request("GET", "/zstack/v1/zones", headers={"Authorization": f"OAuth {client.session}"})
            r = conn.getresponse()
            body = r.read()
            assert r.status == 200 and r.getheader("Content-Type") is None
            assert int(r.getheader("Content-Length")) == len(body) and json.loads(body)["inventories"]
        assert time.monotonic() - started < 0.6
    finally:
        conn.close()

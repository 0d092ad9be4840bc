"""HTTPS with the lab CA, fault injection (API and runtime endpoint), the CLI, and the API table."""
from __future__ import annotations

import csv
import json
import os
import ssl
import time
import urllib.error
import urllib.request

import pytest
from lab.zstack import ZStackLab
from lab.zstack.routes import HANDLERS, QUERIES, router
from lab_cli import ROOT, lab_json, serving
from zstack_raw import Raw

REFERENCE_TSV = "/work/shared/reference/zstack-api-index.tsv"


def test_https_with_ca_file(lab):
    assert lab.https_url.startswith("https://127.0.0.1:")
    c = Raw(lab.https_url, ca_file=lab.ca_file)
    c.login()
    assert len(c.query("/zones")) == 1
    # without the lab CA the certificate does not verify
    with pytest.raises((ssl.SSLError, urllib.error.URLError)):
        urllib.request.urlopen(lab.https_url + "/zstack/v1/licenses", context=ssl.create_default_context(), timeout=5)
    # the certificate also carries the name localhost
    ctx = ssl.create_default_context(cafile=lab.ca_file)
    port = lab.https_url.rsplit(":", 1)[1]
    with urllib.request.urlopen(f"https://localhost:{port}/zstack/v1/licenses", context=ctx, timeout=5) as rsp:
        assert rsp.status == 200 and rsp.headers.get("Content-Type") is None


def test_latency_and_error_injection(fresh_lab, admin):
    fresh_lab.faults.update(latency_ms=80)
    t = time.monotonic()
    admin.get("/zones")
    assert time.monotonic() - t >= 0.08
    fresh_lab.faults.update(latency_ms=0, error_rate=1.0, seed=1)
    statuses = []
    for _i in range(12):
        status, _h, text = admin.request("GET", "/zstack/v1/zones")
        statuses.append(status)
        if status == 503:
            assert json.loads(text)["error"]["code"] == "SYS.1000"
        else:
            assert status == 500 and not text.startswith("{")      # plain text, like an uncaught exception
    assert set(statuses) == {500, 503}
    # the same seed replays the same sequence
    fresh_lab.faults.update(seed=1)
    assert [admin.request("GET", "/zstack/v1/zones")[0] for _i in range(12)] == statuses
    fresh_lab.faults.update(error_rate=0.0, overload_rate=1.0)
    status, body = admin.json("GET", "/zstack/v1/zones")
    assert status == 503 and body["error"]["code"] == "SYS.1001"
    fresh_lab.faults.update(overload_rate=0.0)
    assert admin.get("/zones")["inventories"]


def test_async_failure_injection_rolls_back(fresh_lab, admin):
    fresh_lab.faults.update(fail_async={"StopVmInstance": 1.0}, seed=3)
    vm = admin.query("/vm-instances?q=name=web-01")[0]
    st, out = admin.call("PUT", f"/vm-instances/{vm['uuid']}/actions", {"stopVmInstance": {}}, expect=503)
    assert out["error"]["code"] == "SYS.1006"
    assert admin.query(f"/vm-instances/{vm['uuid']}")[0]["state"] == "Running"
    # other APIs are unaffected
    admin.call("PUT", f"/vm-instances/{vm['uuid']}/actions", {"rebootVmInstance": {}})


def test_runtime_control_endpoint(fresh_lab, admin):
    base = fresh_lab.http_url + "/_lab"
    req = urllib.request.Request(base + "/faults", data=json.dumps({"latency_ms": 5, "error_rate": 0}).encode(),
                                 method="PUT")
    with urllib.request.urlopen(req, timeout=5) as rsp:
        assert json.loads(rsp.read())["latency_ms"] == 5
    assert fresh_lab.faults.latency_ms == 5
    with urllib.request.urlopen(base + "/stats", timeout=5) as rsp:
        stats = json.loads(rsp.read())
    assert stats["logins"] == 1 and stats["by_api"]["LogInByAccount"] == 1
    urllib.request.urlopen(urllib.request.Request(base + "/expire-sessions", data=b"{}", method="PUT"), timeout=5)
    assert admin.get("/zones", expect=503)["error"]["code"] == "ID.1001"
    urllib.request.urlopen(urllib.request.Request(base + "/reset-stats", data=b"{}", method="PUT"), timeout=5)
    assert fresh_lab.stats()["requests"] == 0
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(urllib.request.Request(base + "/faults", data=b'{"bogus": 1}', method="PUT"), timeout=5)
    assert e.value.code == 400


def test_world_faults_key(tmp_path):
    src = open(os.path.join(ROOT, "lab", "worlds", "demo.yml"), encoding="utf-8").read()
    world = tmp_path / "slow.yml"
    world.write_text(src.replace("faults: {}", "faults: {latency_ms: 30, seed: 9}", 1), encoding="utf-8")
    with ZStackLab(world=str(world), https_port=None) as lab:
        assert lab.faults.latency_ms == 30 and lab.faults.seed == 9


def test_loopback_only():
    with pytest.raises(ValueError):
        ZStackLab(host="0.0.0.0")


def test_cli_serve_and_faults(tmp_path):
    state = tmp_path / "state"
    with serving(state, "--world", "demo") as proc:
        line = proc.stdout.readline()
        assert line.startswith("lab ready ")
        info = json.loads((state / "lab.json").read_text())
        assert info["pid"] == proc.pid and os.path.exists(info["zstack"]["ca_file"])
        assert (state / "zstack-ca.pem").exists()
        c = Raw(info["zstack"]["http_url"])
        c.login(info["account"], info["password"])
        shown = lab_json("faults", "--state-dir", str(state), "latency_ms=7", "fail_async.StopVmInstance=0.5")
        assert shown["latency_ms"] == 7 and shown["fail_async"] == {"StopVmInstance": 0.5}
        shown = lab_json("faults", "--state-dir", str(state), "fail_apis.CreateVip#2=1")
        assert shown["fail_apis"] == {"CreateVip#2": 1.0}
        shown = lab_json("faults", "--state-dir", str(state), "--apsara", "fail_actions.CreateVpc=1")
        assert shown["fail_actions"] == {"CreateVpc": 1.0}
        assert lab_json("writes", "--state-dir", str(state)) == {"writes": []}   # logins and faults are not writes
        c.call("POST", "/zones", {"params": {"name": "cli-zone"}}, expect=None)
        log = lab_json("writes", "--state-dir", str(state))["writes"]
        assert [(w["name"], w["params"]["params"]) for w in log] == [("CreateZone", {"name": "cli-zone"})]
        lab_json("reset-writes", "--state-dir", str(state))
        assert lab_json("writes", "--state-dir", str(state)) == {"writes": []}
    assert proc.returncode == 0
    assert not (state / "lab.json").exists()


def test_api_table_matches_reference():
    r = router()
    for name in HANDLERS:
        assert name in r.apis, name
    for name in QUERIES:
        assert name in r.apis and r.apis[name].is_query, name
    if not os.path.exists(REFERENCE_TSV):
        pytest.skip("shared reference not available")
    with open(REFERENCE_TSV, encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    assert len(rows) == len(r.apis) == 1905
    for name, method, path, need_session, is_async, body_key, *_rest in rows:
        api = r.apis[name]
        assert (api.method, api.path, api.need_session, api.is_async) == \
            (method, "/v1" + path, need_session == "true", is_async == "true"), name

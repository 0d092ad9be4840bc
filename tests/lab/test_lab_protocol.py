"""Wire protocol: login, sessions, auth headers, async jobs, envelopes, error shapes."""
from __future__ import annotations

import datetime as dt
import json
import re
import time

from lab.zstack import ZStackLab

from zstack_raw import Raw, sha512

DATE_RE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$")
ID1001 = {"code": "ID.1001",
          "description": "The session is invalid, either wrong session id or the session has been expired",
          "details": "Session expired"}


def _parse(d):
    return dt.datetime.strptime(d, "%b %d, %Y %I:%M:%S %p")


def test_login_success_shape(lab):
    c = Raw(lab.http_url)
    status, hdrs, text = c.request("PUT", "/zstack/v1/accounts/login",
                                   {"logInByAccount": {"accountName": "admin", "password": sha512("LabAdmin#2026")}})
    assert status == 200
    assert "content-type" not in hdrs          # the real server never sets Content-Type
    inv = json.loads(text)["inventory"]
    assert set(inv) == {"uuid", "accountUuid", "userUuid", "createDate", "expiredDate"}
    assert re.fullmatch(r"[0-9a-f]{32}", inv["uuid"])
    assert DATE_RE.match(inv["createDate"]) and DATE_RE.match(inv["expiredDate"])
    assert (_parse(inv["expiredDate"]) - _parse(inv["createDate"])).total_seconds() == 7200


def test_login_failure_shape(lab):
    c = Raw(lab.http_url)
    for name, pw in (("admin", "wrong"), ("nobody", "LabAdmin#2026")):
        status, hdrs, text = c.request("PUT", "/zstack/v1/accounts/login",
                                       {"logInByAccount": {"accountName": name, "password": sha512(pw)}})
        assert status == 503
        assert "content-type" not in hdrs
        assert json.loads(text) == {"error": {"code": "ID.1000", "description": "Unable to authenticate a user",
                                              "details": "wrong account name or password"}}
    # plaintext instead of the SHA-512 hex is wrong too
    status, _h, _t = c.request("PUT", "/zstack/v1/accounts/login",
                               {"logInByAccount": {"accountName": "admin", "password": "LabAdmin#2026"}})
    assert status == 503


def test_missing_and_bad_authorization(lab):
    c = Raw(lab.http_url)
    assert c.request("GET", "/zstack/v1/hosts")[::2] == (400, "missing header 'Authorization'")
    assert c.request("GET", "/zstack/v1/hosts", headers={"Authorization": "Bearer abc"})[::2] == \
        (400, "Authorization type must be 'OAuth'")
    status, hdrs, text = c.request("GET", "/zstack/v1/hosts", headers={"Authorization": "OAuth " + "0" * 32})
    assert status == 503 and "content-type" not in hdrs
    assert json.loads(text) == {"error": ID1001}


def test_expired_session_sync_and_async(fresh_lab):
    c = Raw(fresh_lab.http_url)
    c.login()
    vm = c.query("/vm-instances?q=name=web-02")[0]
    fresh_lab.expire_sessions()
    status, body = c.json("GET", "/zstack/v1/zones")
    assert status == 503 and body == {"error": ID1001}
    # async: accepted first, the session error arrives at poll time
    status, _h, text = c.request("PUT", f"/zstack/v1/vm-instances/{vm['uuid']}/actions", {"stopVmInstance": {}})
    assert status == 202
    st, out, _seen = c.poll(json.loads(text)["location"])
    assert st == 503 and out == {"error": ID1001}
    c.login()
    assert c.query(f"/vm-instances/{vm['uuid']}")[0]["state"] == "Running"


def test_session_timeout_knob():
    with ZStackLab(world="demo", session_timeout=1, https_port=None) as lab:
        c = Raw(lab.http_url)
        inv = c.login()
        assert (_parse(inv["expiredDate"]) - _parse(inv["createDate"])).total_seconds() == 1
        c.get("/zones")
        time.sleep(1.2)
        assert c.get("/zones", expect=503)["error"]["code"] == "ID.1001"


def test_session_cap_id1006():
    with ZStackLab(world="demo", max_sessions=5, https_port=None) as lab:
        clients = [Raw(lab.http_url) for _i in range(5)]
        for c in clients:
            c.login()
        extra = Raw(lab.http_url)
        status, body = extra.json("PUT", "/zstack/v1/accounts/login",
                                  {"logInByAccount": {"accountName": "admin", "password": sha512("LabAdmin#2026")}})
        assert status == 503
        assert body["error"]["code"] == "ID.1006"
        assert body["error"]["details"] == "Login sessions hit limit of max allowed concurrent login sessions"
        # the cap is per account
        Raw(lab.http_url).login("auditor", "LabAudit#2026")
        # logging one out frees a slot
        assert clients[0].json("DELETE", f"/zstack/v1/accounts/sessions/{clients[0].session}", auth=False) == (200, {})
        extra.login()
        assert lab.stats()["logouts"] == 1


def test_logout_and_validate(lab):
    c = Raw(lab.http_url)
    c.login()
    sid = c.session
    assert c.json("GET", f"/zstack/v1/accounts/sessions/{sid}/valid", auth=False) == (200, {"valid": True})
    status, hdrs, text = c.request("DELETE", f"/zstack/v1/accounts/sessions/{sid}", auth=False)
    assert (status, text) == (200, "{}") and "content-type" not in hdrs
    assert c.json("GET", f"/zstack/v1/accounts/sessions/{sid}/valid", auth=False) == (200, {"valid": False})
    assert c.get("/zones", expect=503)["error"]["code"] == "ID.1001"


def test_renew_session_is_async(lab):
    c = Raw(lab.http_url)
    before = c.login()
    st, out = c.call("PUT", f"/accounts/sessions/{c.session}/renew", {"renewSession": {"duration": 86400}})
    assert out["inventory"]["uuid"] == c.session
    assert _parse(out["inventory"]["expiredDate"]) > _parse(before["expiredDate"])
    st, out = c.call("PUT", f"/accounts/sessions/{c.session}/renew", {"renewSession": {"duration": 5}}, expect=503)
    assert out["error"]["code"] == "SYS.1007"


def test_permission_denied_for_auditor(lab):
    c = Raw(lab.http_url)
    c.login("auditor", "LabAudit#2026")
    vm = c.query("/vm-instances?q=name=web-03")[0]          # reads are fine
    st, out = c.call("PUT", f"/vm-instances/{vm['uuid']}/actions", {"stopVmInstance": {}}, expect=503)
    assert out["error"]["code"] == "ID.1002"
    assert out["error"]["description"] == "The user doesn't have permission to perform the operation"
    assert c.query(f"/vm-instances/{vm['uuid']}")[0]["state"] == "Running"


def test_async_location_host_differs_and_rewrite_polls(client, lab):
    vm = client.query("/vm-instances?q=name=web-04")[0]
    status, hdrs, text = client.request("PUT", f"/zstack/v1/vm-instances/{vm['uuid']}/actions",
                                        {"rebootVmInstance": {}})
    assert status == 202 and "content-type" not in hdrs
    body = json.loads(text)
    assert set(body) == {"location", "apiTimeout"} and isinstance(body["apiTimeout"], int)
    m = re.fullmatch(r"http://([^/]+)/zstack/v1/api-jobs/([0-9a-f]{32})", body["location"])
    assert m and m.group(1) != f"{client.host}:{client.port}" and m.group(1) == "127.0.0.2:8080"
    st, out, seen = client.poll(body["location"])
    assert st == 200 and out["inventory"]["uuid"] == vm["uuid"]
    assert seen[0] == 202          # still running on the first poll
    # the job endpoint needs no Authorization header and answers the same result again
    status, _h, text = client.request("GET", client.rewrite(body["location"]), auth=False)
    assert status == 200 and json.loads(text)["inventory"]["state"] == "Running"


def test_job_expiry_unknown_and_method():
    with ZStackLab(world="demo", job_seconds=0.01, job_expiry=0.3, https_port=None) as lab:
        c = Raw(lab.http_url)
        c.login()
        assert c.request("GET", "/zstack/v1/api-jobs/" + "f" * 32)[::2] == (404, "the job has been expired")
        zone = c.query("/zones")[0]
        status, _h, text = c.request("PUT", f"/zstack/v1/zones/{zone['uuid']}/actions",
                                     {"updateZone": {"name": "ZONE-SH-01"}})
        assert status == 202
        path = c.rewrite(json.loads(text)["location"])
        assert c.request("POST", path, {})[::2] == (405, "only GET method is allowed for querying job status")
        time.sleep(0.5)
        assert c.request("GET", path)[::2] == (404, "the job has been expired")


def test_x_job_uuid_rules(client):
    vm = client.query("/vm-instances?q=name=web-05")[0]
    jid = "0123456789abcdef0123456789abcdef"
    path = f"/zstack/v1/vm-instances/{vm['uuid']}/actions"
    status, _h, text = client.request("PUT", path, {"rebootVmInstance": {}}, headers={"X-Job-UUID": jid})
    assert status == 202 and json.loads(text)["location"].endswith("/api-jobs/" + jid)
    status, _h, text = client.request("PUT", path, {"rebootVmInstance": {}}, headers={"X-Job-UUID": jid})
    assert status == 400 and text == f"Duplicate job uuid[{jid}]" and text.startswith("Duplicate job uuid")
    for bad in ("123", "0123456789-abcdef-0123456789abcd", "z" * 32):
        status, _h, text = client.request("PUT", path, {"rebootVmInstance": {}}, headers={"X-Job-UUID": bad})
        assert (status, text) == (400, "Invalid header[X-Job-UUID], it must be a UUID with '-' stripped")
    client.poll("http://x/zstack/v1/api-jobs/" + jid)


def test_unknown_action_and_path(client):
    vm = client.query("/vm-instances?q=name=web-06")[0]
    status, hdrs, text = client.request("PUT", f"/zstack/v1/vm-instances/{vm['uuid']}/actions", {"flyVmInstance": {}})
    assert status == 400 and "content-type" not in hdrs
    assert text == f"the body doesn't contain action mapping to the URL[/v1/vm-instances/{vm['uuid']}/actions]"
    assert client.request("GET", "/zstack/v1/no-such-thing")[::2] == (404, "no api mapping to /v1/no-such-thing")


def test_validation_error_arrives_at_poll_time(client):
    vm = client.query("/vm-instances?q=name=app-03")[0]
    st, out = client.call("PUT", f"/vm-instances/{vm['uuid']}/actions",
                          {"changeInstanceOffering": {"instanceOfferingUuid": "0" * 32}}, expect=503)
    assert out["error"]["code"] == "SYS.1007"
    assert out["error"]["description"] == "One or more API argument is invalid"


def test_envelope_conventions(client):
    # no-auth APIs
    c = Raw(client.base)
    assert c.json("PUT", "/zstack/v1/management-nodes/actions", {"getVersion": {}}, auth=False) == \
        (200, {"version": "4.8.10", "success": True})
    status, lic = c.json("GET", "/zstack/v1/licenses", auth=False)
    assert status == 200 and set(lic) == {"inventory", "additions"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000[+-]\d\d:\d\d", lic["inventory"]["expiredDate"])
    # nulls omitted, integers stay integers, dates in Gson format
    stopped = client.query("/vm-instances?q=name=batch-01")[0]
    assert isinstance(stopped["memorySize"], int) and isinstance(stopped["cpuNum"], int)
    assert DATE_RE.match(stopped["createDate"]) and DATE_RE.match(stopped["lastOpDate"])
    assert "description" not in stopped         # null -> omitted
    host = client.query("/hosts?limit=1")[0]
    assert isinstance(host["totalMemoryCapacity"], int)
    # fieldsTo=all replies carry success
    assert client.get("/primary-storage/capacities?all=true")["success"] is True

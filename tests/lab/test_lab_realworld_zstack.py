"""ZStack lab, real-world answer shapes and the AccessKey way in (issue 13), proved over raw HTTP:

- the ``location_context_path`` knob: 202 answers carry ``http://<mn>:8080/v1/api-jobs/<uuid>`` (what ZStack
  builds when its REST path is empty) while the job stays pollable where the lab serves it;
- AccessKey authentication (zstack-api.md 1.3, last paragraph, and the 1.7 table): ``Authorization: ZStack
  <AccessKeyId>:<base64(HMAC-SHA1(secret, METHOD\\nDate\\n/v1/<path>))>`` + ``Date``; path without the context
  path and the query string; > 15 min skew -> 403 ``requestTimeTooSkewed``; a wrong key or signature -> the
  invalid-session answer (ID.1001 in a 503; for an async API from the job).
"""
from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import os
import re
import time

import pytest
from lab_cli import serving
from zstack_raw import Raw
from lab.zstack import ZStackLab

ADMIN_KEY, ADMIN_SECRET = "LabAccessKeyAdmin0001", "LabAccessKeySecretAdmin0123456789"
AUDIT_KEY, AUDIT_SECRET = "LabAccessKeyAudit0002", "LabAccessKeySecretAudit0123456789"


@pytest.fixture(scope="module")
def zlab():
    with ZStackLab(world="demo", job_seconds=0.05, https_port=None) as lab:
        yield lab


def _date(offset_s: float = 0.0) -> str:
    return email.utils.formatdate(time.time() + offset_s, usegmt=True)     # EEE, dd MMM yyyy HH:mm:ss GMT


def _signed(key_id, secret, method, path, date=None, sign_path=None):
    """Headers for an AccessKey call to /zstack<path>; ``sign_path`` overrides what is signed."""
    date = date or _date()
    to_sign = f"{method}\n{date}\n{sign_path or path.split('?')[0]}"
    sig = base64.b64encode(hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    return {"Authorization": f"ZStack {key_id}:{sig}", "Date": date}


def _ak(raw, method, path, body=None, key=(ADMIN_KEY, ADMIN_SECRET), **kw):
    headers = _signed(key[0], key[1], method, path, **kw)
    status, _h, text = raw.request(method, "/zstack" + path, body, headers=headers, auth=False)
    return status, text


# ---- async location without the context path ----------------------------------------------------------------
def test_location_without_context_path_is_still_pollable(zlab):
    raw = Raw(zlab.http_url)
    raw.login(zlab.account, zlab.password)
    try:
        zlab.faults.update(location_context_path="")
        status, _h, text = raw.request("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "RT-NO-CONTEXT"}})
        assert status == 202
        location = json.loads(text)["location"]
        m = re.fullmatch(r"http://127\.0\.0\.2:8080/v1/api-jobs/([0-9a-f]{32})", location)
        assert m, location
        # the lab serves jobs under its own context path only: a client re-bases onto it
        assert raw.request("GET", "/v1/api-jobs/" + m.group(1), auth=False)[0] == 404
        st, out, _seen = raw.poll("http://x/zstack/v1/api-jobs/" + m.group(1))
        assert st == 200 and out["inventory"]["name"] == "RT-NO-CONTEXT"
    finally:
        zlab.faults.update(location_context_path="/zstack")
    status, _h, text = raw.request("POST", "/zstack/v1/vrouter-route-tables", {"params": {"name": "RT-WITH-CONTEXT"}})
    assert status == 202 and "/zstack/v1/api-jobs/" in json.loads(text)["location"]
    assert raw.poll(json.loads(text)["location"])[0] == 200


def test_location_context_path_knob_is_validated(zlab):
    raw = Raw(zlab.http_url)
    status, _h, text = raw.request("PUT", "/_lab/faults", {"location_context_path": "zstack"})
    assert status == 400 and "location_context_path" in text
    assert zlab.faults.location_context_path == "/zstack"


# ---- AccessKey authentication -------------------------------------------------------------------------------------
def test_access_key_signed_query_and_async_write(zlab):
    raw = Raw(zlab.http_url)
    status, text = _ak(raw, "GET", "/v1/zones")
    assert status == 200 and json.loads(text)["inventories"][0]["name"] == "ZONE-SH-01"
    # the query string is not signed
    status, text = _ak(raw, "GET", "/v1/vm-instances?q=name=web-01&limit=5")
    assert status == 200 and [v["name"] for v in json.loads(text)["inventories"]] == ["web-01"]
    # an async write acts as the key's account (admin): accepted, the job runs
    status, text = _ak(raw, "POST", "/v1/vrouter-route-tables", {"params": {"name": "RT-BY-ACCESS-KEY"}})
    assert status == 202
    st, out, _seen = raw.poll(json.loads(text)["location"])
    assert st == 200 and out["inventory"]["name"] == "RT-BY-ACCESS-KEY"


def test_access_key_of_a_read_only_account_cannot_write(zlab):
    raw = Raw(zlab.http_url)
    assert _ak(raw, "GET", "/v1/zones", key=(AUDIT_KEY, AUDIT_SECRET))[0] == 200
    status, text = _ak(raw, "POST", "/v1/vrouter-route-tables", {"params": {"name": "nope"}}, key=(AUDIT_KEY, AUDIT_SECRET))
    assert status == 202
    st, out, _seen = raw.poll(json.loads(text)["location"])
    assert st == 503 and out["error"]["code"] == "ID.1002"


@pytest.mark.parametrize("key,sign_path", [
    ((ADMIN_KEY, "wrong-secret"), None),
    (("LabNoSuchAccessKey", ADMIN_SECRET), None),
    ((ADMIN_KEY, ADMIN_SECRET), "/zstack/v1/zones"),          # the context path is not signed
    ((ADMIN_KEY, ADMIN_SECRET), "/v1/zones?limit=5"),          # nor the query string
])
def test_wrong_key_or_signature_is_the_invalid_session_answer(zlab, key, sign_path):
    raw = Raw(zlab.http_url)
    status, text = _ak(raw, "GET", "/v1/zones?limit=5", key=key, sign_path=sign_path)
    assert status == 503
    err = json.loads(text)["error"]
    assert err["code"] == "ID.1001" and err["description"].startswith("The session is invalid")
    # an async API answers 202 and the job carries the same error (as for a bad session, 1.3)
    status, text = _ak(raw, "POST", "/v1/vrouter-route-tables?x=1", {"params": {"name": "never"}}, key=key,
                       sign_path=sign_path and sign_path.replace("zones", "vrouter-route-tables"))
    assert status == 202
    st, out, _seen = raw.poll(json.loads(text)["location"])
    assert st == 503 and out["error"]["code"] == "ID.1001"
    tables = _ak(raw, "GET", "/v1/vrouter-route-tables")[1]
    assert "never" not in [t["name"] for t in json.loads(tables)["inventories"]]


@pytest.mark.parametrize("offset,expected", [(-14 * 60, 200), (14 * 60, 200), (-16 * 60, 403), (16 * 60, 403)])
def test_date_skew_over_15_minutes_is_403_plain_text(zlab, offset, expected):
    raw = Raw(zlab.http_url)
    status, text = _ak(raw, "GET", "/v1/zones", date=_date(offset))
    assert status == expected
    if expected == 403:
        assert text == "requestTimeTooSkewed"


def test_missing_or_bad_date_is_a_bad_header(zlab):
    raw = Raw(zlab.http_url)
    headers = _signed(ADMIN_KEY, ADMIN_SECRET, "GET", "/v1/zones")
    status, _h, text = raw.request("GET", "/zstack/v1/zones", headers={"Authorization": headers["Authorization"]},
                                   auth=False)
    assert (status, text) == (400, "'Date' must be incuded in request header")
    status, text = _ak(raw, "GET", "/v1/zones", date="yesterday")
    assert status == 400 and "Date" in text
    status, _h, text = raw.request("GET", "/zstack/v1/zones", headers={"Authorization": "ZStack no-colon", "Date": _date()},
                                   auth=False)
    assert (status, text) == (400, "accessKey format is 'ZStack AccessKeyId:Signature'")


def test_access_keys_come_from_the_world_and_are_listed(zlab, tmp_path):
    keys = {k["id"]: k for k in zlab.info()["access_keys"]}
    assert keys[ADMIN_KEY] == {"id": ADMIN_KEY, "secret": ADMIN_SECRET, "account": "admin"}
    assert keys[AUDIT_KEY]["account"] == "auditor"
    bad = tmp_path / "bad.yml"
    bad.write_text("world: bad\naccounts:\n  - {name: admin, password: x, admin: true}\n"
                   "access_keys:\n  - {id: K1, secret: s, account: nobody}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown account"):
        ZStackLab(world=str(bad), http_port=0, https_port=None, prewarm=False).start()
    with serving(tmp_path / "state") as proc:
        line = proc.stdout.readline()
        assert line.startswith("lab ready ") and f"access_keys={ADMIN_KEY},{AUDIT_KEY}" in line
        with open(os.path.join(tmp_path / "state", "lab.json"), encoding="utf-8") as f:
            info = json.load(f)
        assert {k["id"] for k in info["access_keys"]} == {ADMIN_KEY, AUDIT_KEY}
        raw = Raw(info["zstack"]["http_url"])
        assert _ak(raw, "GET", "/v1/zones")[0] == 200
    assert proc.returncode == 0

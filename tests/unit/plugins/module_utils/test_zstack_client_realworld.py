"""The ZStack client against real-world answer shapes (issue 13): AccessKey authentication and async
locations without the context path, each against the lab's knob for it."""

import email.utils

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import SessionStore
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import (
    ZStackClient,
    ZStackError,
    access_key_signature,
    client_from_params,
    signed_path,
)


def admin_key(lab):
    return next(k for k in lab.info()["access_keys"] if k["account"] == "admin")


def key_client(lab, secret=None, **kwargs):
    key = admin_key(lab)
    kwargs.setdefault("retries", 1)
    kwargs.setdefault("base_delay", 0.01)
    return ZStackClient(lab.http_url, access_key_id=key["id"], access_key_secret=secret or key["secret"], **kwargs)


# -- AccessKey: zstack-api.md 1.3 (last paragraph) -----------------------------------------------
def test_access_key_signature_covers_method_date_and_the_path_without_context_or_query():
    # The string to sign of ZSClient.calculateAccessKeySignature: METHOD \n Date \n /v1/<path>.
    date = "Mon, 02 Jan 2006 15:04:05 GMT"
    assert signed_path("http://mn:8080/zstack/v1/vm-instances?q=state=Running&limit=1") == "/v1/vm-instances"
    assert signed_path("https://vip/proxy/zstack/v1/zones") == "/v1/zones"
    assert access_key_signature("secret", "get", date, "/v1/zones") == access_key_signature("secret", "GET", date, "/v1/zones")
    assert access_key_signature("secret", "GET", date, "/v1/zones") != access_key_signature("secret", "GET", date, "/v1/hosts")


def test_access_key_reads_and_writes_without_a_session(fresh_lab, tmp_path):
    store = SessionStore("run-accesskey", directory=str(tmp_path))
    client = key_client(fresh_lab, session_store=store)
    assert client.login() is None and client.uses_session is False
    vm = client.query_all("/vm-instances", ["type=UserVm", "state=Running"], max_items=1)[0]
    reply = client.call("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"stopVmInstance": {"type": "grace"}})
    assert reply["inventory"]["state"] == "Stopped"
    assert client.stats["logins"] == 0
    # Nothing to share or log out: the sessions callback finds no entry for an AccessKey client.
    assert list(store.entries()) == []
    client.close()


def test_wrong_access_key_secret_fails_reads_and_writes_with_the_api_code(fresh_lab):
    client = key_client(fresh_lab, secret="LabAccessKeySecretWrong000000000")
    with pytest.raises(ZStackError) as err:
        client.login()
    assert err.value.code == "ID.1001" and "AccessKey" in str(err.value)
    assert "LabAccessKeySecretWrong" not in str(err.value)
    vm = key_client(fresh_lab).query_all("/vm-instances", ["type=UserVm", "state=Running"], max_items=1)[0]
    with pytest.raises(ZStackError) as err:
        client.call("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"stopVmInstance": {"type": "grace"}})
    assert err.value.code == "ID.1001"
    assert client.stats["relogins"] == 0 and client.stats["logins"] == 0


def test_access_key_date_outside_15_minutes_is_refused(fresh_lab):
    real = key_client(fresh_lab).clock()
    client = key_client(fresh_lab, clock=lambda: real - 20 * 60)
    with pytest.raises(ZStackError) as err:
        client.query("/zones", limit=1)
    assert err.value.status == 403 and "requestTimeTooSkewed" in str(err.value)


def test_auditor_access_key_acts_as_its_account(fresh_lab):
    key = next(k for k in fresh_lab.info()["access_keys"] if k["account"] != "admin")
    client = ZStackClient(fresh_lab.http_url, access_key_id=key["id"], access_key_secret=key["secret"], retries=0)
    vm = client.query_all("/vm-instances", ["type=UserVm", "state=Running"], max_items=1)[0]
    with pytest.raises(ZStackError) as err:
        client.call("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"stopVmInstance": {"type": "grace"}})
    assert err.value.code == "ID.1002"


@pytest.mark.parametrize("kwargs", [
    dict(account="admin", password="x", access_key_id="k", access_key_secret="s"),
    dict(access_key_id="k"),
    dict(access_key_secret="s"),
])
def test_access_key_and_account_do_not_mix(kwargs):
    with pytest.raises(ZStackError):
        ZStackClient("http://127.0.0.1:1", **kwargs)


def test_client_from_params_takes_an_access_key():
    client = client_from_params({"endpoint": "http://127.0.0.1:1", "access_key_id": "k", "access_key_secret": "s"},
                                session_store=None)
    assert client.access_key_id == "k" and not client.uses_session
    headers = client._auth_headers("GET", client.endpoint + "/zstack/v1/zones?limit=1")  # pylint: disable=protected-access
    assert headers["Authorization"].startswith("ZStack k:")
    assert email.utils.parsedate_to_datetime(headers["Date"]) is not None


# -- async location without the context path: zstack-api.md 1.4 ---------------------------------
@pytest.mark.parametrize("location", [
    "http://10.0.0.10:8080/v1/api-jobs/d0345d3ddcae485f8170572b15a2b581",
    "http://10.0.0.10:8080/zstack/v1/api-jobs/d0345d3ddcae485f8170572b15a2b581",
    "http://10.0.0.10:8080/other/v1/api-jobs/d0345d3ddcae485f8170572b15a2b581/",
])
def test_job_location_with_or_without_context_path_is_rebased(location):
    client = ZStackClient("https://127.0.0.1:18443", "admin", "password")
    assert client.job_url(location) == "https://127.0.0.1:18443/zstack/v1/api-jobs/d0345d3ddcae485f8170572b15a2b581"


def test_unexpected_location_is_still_refused():
    client = ZStackClient("https://127.0.0.1:18443", "admin", "password")
    with pytest.raises(ZStackError):
        client.job_url("http://10.0.0.10:8080/zstack/v1/vm-instances/abc")


def test_write_completes_when_location_lacks_the_context_path(fresh_lab):
    fresh_lab.faults.update(location_context_path="")
    client = ZStackClient(fresh_lab.http_url, fresh_lab.account, fresh_lab.password, retries=1, base_delay=0.01)
    vm = client.query_all("/vm-instances", ["type=UserVm", "state=Running"], max_items=1)[0]
    reply = client.call("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"stopVmInstance": {"type": "grace"}})
    assert reply["inventory"]["state"] == "Stopped"
    client.close()

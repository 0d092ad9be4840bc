"""The ZStack client against the lab (a real protocol peer), plus its pure helpers."""

import socket
import time

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import SessionStore
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import (
    ZStackClient,
    ZStackError,
    condition,
    hash_password,
    normalize_endpoint,
    parse_condition,
)


def client_for(lab, https=False, **kwargs):
    kwargs.setdefault("retries", 2)
    kwargs.setdefault("base_delay", 0.01)
    if https:
        kwargs.setdefault("ca_path", lab.ca_file)
    return ZStackClient(lab.https_url if https else lab.http_url, lab.account, lab.password, **kwargs)


# -- pure helpers --------------------------------------------------------------------------------
def test_password_is_lowercase_sha512_hex():
    # The value in ZStack's own REST manual for "password".
    assert hash_password("password") == (
        "b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb9"
        "80b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86")


@pytest.mark.parametrize("given,expected", [
    ("mn.example.invalid", "http://mn.example.invalid:8080"),
    ("https://mn.example.invalid:8443/", "https://mn.example.invalid:8443"),
    ("http://127.0.0.1:8080/zstack", "http://127.0.0.1:8080"),
    ("http://127.0.0.1:8080/zstack/v1", "http://127.0.0.1:8080"),
])
def test_normalize_endpoint(given, expected):
    assert normalize_endpoint(given) == expected


def test_normalize_endpoint_rejects_garbage():
    with pytest.raises(ZStackError):
        normalize_endpoint("ftp://host")


@pytest.mark.parametrize("text", ["state=Running", "state!=Running", "memorySize>=1024", "memorySize<=1024",
                                  "cpuNum>2", "cpuNum<2", "state?=Running,Paused", "state!?=Running,Paused",
                                  "name~=web%", "name!~=web%", "vmInstanceUuid is null", "hostUuid not null"])
def test_parse_condition_keeps_every_operator(text):
    assert parse_condition(text) == text


def test_condition_builder_and_bad_input():
    assert condition("state", "?=", ["Running", "Paused"]) == "state?=Running,Paused"
    assert condition("system", "=", False) == "system=false"
    with pytest.raises(ZStackError, match="no operator"):
        parse_condition("state")
    with pytest.raises(ZStackError, match="unknown query operator"):
        condition("a", "==", 1)


def test_job_location_is_rebased_on_our_endpoint():
    client = ZStackClient("https://127.0.0.1:18443", "admin", "x")
    assert client.job_url("http://127.0.0.2:8080/zstack/v1/api-jobs/abc") == "https://127.0.0.1:18443/zstack/v1/api-jobs/abc"


class _ListOf(object):
    """A list read by limit/start that counts its calls; `with_total` says whether answers carry the total."""

    def __init__(self, size, with_total):
        self.items, self.with_total, self.calls = list(range(size)), with_total, []

    def __call__(self, start, limit):
        self.calls.append((start, limit))
        return self.items[start:start + limit], len(self.items) if self.with_total else None


@pytest.mark.parametrize("with_total", [True, False])
@pytest.mark.parametrize("workers", [1, 4])
@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 2500])
def test_pages_cost_one_call_per_page_with_or_without_a_total(size, with_total, workers):
    fetch = _ListOf(size, with_total)
    items, total = ZStackClient("127.0.0.1", "admin", "x").pages(fetch, page_size=1000, workers=workers)
    assert items == fetch.items and total == size
    assert sorted(fetch.calls) == [(start, 1000) for start in range(0, max(size, 1), 1000)] + (
        [(size, 1000)] if size and size % 1000 == 0 and not with_total else [])  # no total: only a short page ends the list


def test_pages_stop_at_max_items():
    fetch = _ListOf(2500, True)
    items, total = ZStackClient("127.0.0.1", "admin", "x").pages(fetch, page_size=1000, max_items=1500, workers=4)
    assert items == fetch.items[:1500] and total == 2500
    assert sorted(fetch.calls) == [(0, 1000), (1000, 500)]


# -- against the lab -------------------------------------------------------------------------------
def test_login_query_and_logout(fresh_lab):
    client = client_for(fresh_lab)
    hosts = client.query_all("/hosts")
    assert hosts and all("uuid" in h for h in hosts)
    assert client.stats["logins"] == 1
    client.close()
    assert fresh_lab.stats()["logouts"] == 1


def test_wrong_password_carries_the_api_error(zstack_lab):
    client = ZStackClient(zstack_lab.http_url, zstack_lab.account, "wrong", retries=0)
    with pytest.raises(ZStackError) as info:
        client.login()
    assert info.value.code == "ID.1000"
    assert "ID.1000" in str(info.value) and "Traceback" not in str(info.value)


def test_expired_session_logs_in_again_once(fresh_lab):
    client = client_for(fresh_lab)
    assert client.count("/hosts") > 0
    fresh_lab.expire_sessions()
    assert client.count("/hosts") > 0
    assert client.stats["relogins"] == 1 and client.stats["logins"] == 2


def test_async_call_follows_rewritten_location(fresh_lab):
    client = client_for(fresh_lab)
    vm = client.query_all("/vm-instances", ["type=UserVm", "state=Running"], max_items=1)[0]
    reply = client.call("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"stopVmInstance": {"type": "grace"}})
    assert reply["inventory"]["state"] == "Stopped"
    again = client.query_all("/vm-instances", ["uuid=%s" % vm["uuid"]])
    assert again[0]["state"] == "Stopped"


def test_session_expiring_while_polling_is_renewed(fresh_lab):
    client = client_for(fresh_lab)
    vm = client.query_all("/vm-instances", ["type=UserVm", "state=Running"], max_items=1)[0]
    fresh_lab.expire_sessions()
    reply = client.call("PUT", "/vm-instances/%s/actions" % vm["uuid"], {"stopVmInstance": {"type": "grace"}})
    assert reply["inventory"]["state"] == "Stopped"
    assert client.stats["relogins"] == 1


def test_async_validation_error_arrives_at_poll_time(fresh_lab):
    client = client_for(fresh_lab)
    with pytest.raises(ZStackError) as info:
        client.call("PUT", "/vm-instances/%s/actions" % ("0" * 32), {"stopVmInstance": {"type": "grace"}})
    assert info.value.code in ("SYS.1007", "SYS.1006")
    assert info.value.status == 503


def test_session_store_shares_one_login(fresh_lab, tmp_path):
    store = SessionStore("run-1", str(tmp_path))
    for _task in range(5):  # five "tasks", each a new client as in a new module process
        client_for(fresh_lab, session_store=store).count("/hosts")
    assert fresh_lab.stats()["logins"] == 1
    entries = store.entries()
    assert len(entries) == 1 and (tmp_path.stat().st_mode & 0o777) == 0o700


def test_paging_over_more_than_1000_items_costs_one_call_per_page():
    from lab.zstack import ZStackLab

    with ZStackLab(world="scale", http_port=0, https_port=0, scale={"hosts": 10, "vms": 2500, "volumes": 2600}) as lab:
        client = client_for(lab)
        vms = client.query_all("/vm-instances", ["type=UserVm"])
        assert len(vms) == 2500 and len(set(v["uuid"] for v in vms)) == 2500
        assert client.stats["api_calls"] == 1 + 3  # login + three pages
        parallel = client.query_all("/vm-instances", ["type=UserVm"], workers=4)  # the collector's fan-out
        assert [v["uuid"] for v in parallel] == [v["uuid"] for v in vms]
        assert client.stats["api_calls"] == 1 + 3 + 3
        client.close()


def test_retries_ride_out_injected_5xx(fresh_lab):
    client = client_for(fresh_lab, retries=6)
    fresh_lab.faults.update(error_rate=0.3, seed=7)
    counts = [client.count("/vm-instances", ["type=UserVm"]) for _attempt in range(10)]
    fresh_lab.faults.update(error_rate=0.0)
    assert len(set(counts)) == 1
    assert client.stats["retries"] > 0


def test_unknown_path_is_a_clear_error(zstack_lab):
    client = client_for(zstack_lab)
    with pytest.raises(ZStackError) as info:
        client.query_all("/no-such-things")
    assert info.value.status == 404 and "no api mapping" in str(info.value)


def test_https_with_ca_bundle(zstack_lab):
    assert client_for(zstack_lab, https=True).count("/zones") >= 1


def test_https_self_signed_without_ca_names_the_option(zstack_lab):
    client = ZStackClient(zstack_lab.https_url, zstack_lab.account, zstack_lab.password, retries=0)
    with pytest.raises(ZStackError) as info:
        client.login()
    assert "validate_certs" in str(info.value) and "ca_path" in str(info.value)


def test_https_without_verification(zstack_lab):
    assert ZStackClient(zstack_lab.https_url, zstack_lab.account, zstack_lab.password, validate_certs=False).count("/zones") >= 1


def test_unreachable_endpoint_fails_fast_and_names_it():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    client = ZStackClient("http://127.0.0.1:%d" % port, "admin", "x", timeout=2, retries=1, base_delay=0.01)
    started = time.monotonic()
    with pytest.raises(ZStackError) as info:
        client.login()
    assert time.monotonic() - started < 5
    assert "127.0.0.1:%d" % port in str(info.value)


def test_session_cap_is_reported_with_the_api_code():
    from lab.zstack import ZStackLab

    with ZStackLab(world="demo", http_port=0, https_port=None, max_sessions=3) as lab:
        clients = [client_for(lab) for _index in range(3)]
        for client in clients:
            client.login()
        with pytest.raises(ZStackError) as info:
            client_for(lab, retries=0).login()
        assert info.value.code == "ID.1006"
        clients[0].close()  # logging out frees a slot
        assert client_for(lab).count("/zones") >= 1


@pytest.mark.parametrize("make_condition,keep", [
    (lambda vm: "state=%s" % vm["state"], lambda vm, ref: vm["state"] == ref["state"]),
    (lambda vm: "state!=%s" % vm["state"], lambda vm, ref: vm["state"] != ref["state"]),
    (lambda vm: "memorySize>=%d" % vm["memorySize"], lambda vm, ref: vm["memorySize"] >= ref["memorySize"]),
    (lambda vm: "memorySize<=%d" % vm["memorySize"], lambda vm, ref: vm["memorySize"] <= ref["memorySize"]),
    (lambda vm: "cpuNum>%d" % vm["cpuNum"], lambda vm, ref: vm["cpuNum"] > ref["cpuNum"]),
    (lambda vm: "cpuNum<%d" % vm["cpuNum"], lambda vm, ref: vm["cpuNum"] < ref["cpuNum"]),
    (lambda vm: "state?=Running,Paused", lambda vm, ref: vm["state"] in ("Running", "Paused")),
    (lambda vm: "state!?=Running,Paused", lambda vm, ref: vm["state"] not in ("Running", "Paused")),
    (lambda vm: "name~=%s%%" % vm["name"][:3], lambda vm, ref: vm["name"].startswith(ref["name"][:3])),
    (lambda vm: "name!~=%s%%" % vm["name"][:3], lambda vm, ref: not vm["name"].startswith(ref["name"][:3])),
    (lambda vm: "hostUuid is null", lambda vm, ref: not vm.get("hostUuid")),
    (lambda vm: "hostUuid not null", lambda vm, ref: bool(vm.get("hostUuid"))),
])
def test_every_operator_through_the_client(zstack_lab, make_condition, keep):
    client = client_for(zstack_lab)
    vms = client.query_all("/vm-instances", ["type=UserVm"])
    ref = sorted(vms, key=lambda vm: vm["name"])[3]
    expected = sorted(vm["uuid"] for vm in vms if keep(vm, ref))
    got = client.query_all("/vm-instances", ["type=UserVm", make_condition(ref)])
    assert sorted(vm["uuid"] for vm in got) == expected


def test_sort_fields_and_count(zstack_lab):
    client = client_for(zstack_lab)
    body = client.query("/hosts", sort="-totalMemoryCapacity", fields=["uuid", "totalMemoryCapacity"], reply_with_count=True)
    memory = [h["totalMemoryCapacity"] for h in body["inventories"]]
    assert memory == sorted(memory, reverse=True)
    assert set(body["inventories"][0]) == {"uuid", "totalMemoryCapacity"}
    assert body["total"] == client.count("/hosts") == len(memory)

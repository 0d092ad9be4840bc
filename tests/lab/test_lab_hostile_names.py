"""A lone surrogate in a name (issue 18): the lab kept answering 500 to every query holding it, where a real
ZStack writes the name out.  Now the name goes out as the JSON escape \\udc80 (valid UTF-8, valid JSON)."""

import json

import pytest

from zstack_raw import Raw

HOSTILE = ["x\udc80y", "\ud83d", "bell\x07esc\x1b[31m", "\u202etxt.exe", "all", "../../etc/x"]


@pytest.fixture
def named(fresh_lab):
    raw = Raw(fresh_lab.http_url)
    raw.login(fresh_lab.account, fresh_lab.password)
    with fresh_lab.state.lock:
        vms = [vm for vm in fresh_lab.state.all("vm") if vm.get("type") == "UserVm"][:len(HOSTILE)]
        for vm, name in zip(vms, HOSTILE):
            vm["name"] = name
        fresh_lab.state.touch()
    return raw, dict((vm["uuid"], name) for vm, name in zip(vms, HOSTILE))


def test_every_vm_query_answers_with_a_lone_surrogate_name(named):
    raw, names = named
    status, _headers, text = raw.request("GET", "/zstack/v1/vm-instances?replyWithCount=true")
    assert status == 200, text[:300]
    text.encode("utf-8")  # valid UTF-8 text: no raw surrogate went out
    assert "\\udc80" in text
    got = dict((vm["uuid"], vm["name"]) for vm in json.loads(text)["inventories"])
    for uuid, name in names.items():
        assert got[uuid] == name  # the JSON escape decodes to the very name


def test_one_vm_and_selected_fields_also_answer(named):
    raw, names = named
    uuid = next(u for u, n in names.items() if n == "x\udc80y")
    assert raw.get("/vm-instances/%s" % uuid)["inventories"][0]["name"] == "x\udc80y"
    assert raw.get("/vm-instances?fields=uuid,name&q=uuid=%s" % uuid)["inventories"] == [{"uuid": uuid, "name": "x\udc80y"}]

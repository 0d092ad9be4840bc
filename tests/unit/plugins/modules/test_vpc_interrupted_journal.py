"""Every write is journaled before it is issued (issue 18 item 4): a change module killed between its API call and
its task result (SIGKILL, as a job_timeout or an operator's kill -9 does) leaves its intent in the persisted
journal (change/journal_file.py); the rollback of that change finds what the interrupted write made and removes
it, and a re-run of the same change journals what it adopts from the interrupted run.  The lab's write log is
compared with the journal file.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import client_from_params
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.common import ChangeRun as ApsaraRun
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import Runner
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.journal_file import JournalFile
from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_vpc, apsara_vpc_rollback, zstack_vpc_rollback, zstack_vpc_router)

from . import test_apsara_vpc_support as apsara
from . import test_zstack_vpc_common as zstack
from .test_apsara_vpc_modules import NEW_VPC
from .test_rollback_wrong_credentials import alab_fixture  # noqa: F401  pylint: disable=unused-import
from .test_zstack_vpc_common import vpc_world  # noqa: F401  pylint: disable=unused-import

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
CHILD = """
import json, sys
from ansible.module_utils.testing import patch_module_args
from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_vpc_router as module
with patch_module_args(json.loads(sys.argv[1])):
    module.main()
"""


@pytest.fixture(name="slow_lab")
def slow_lab_fixture(vpc_world, tmp_path, monkeypatch):
    """The ZStack lab with slow async jobs: a create is accepted at once and runs for seconds."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    empty = tmp_path / "no-ca.pem"
    empty.write_text("", encoding="ascii")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    with ZStackLab(world=vpc_world, job_seconds=2.0, https_port=None, prewarm=False) as lab:
        yield lab


def _wait(what, test, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = test()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError("timed out waiting for %s" % what)


def _routers(lab, name):
    with lab.state.lock:
        return [dict(v) for v in lab.state.all("vm") if v.get("name") == name and v.get("applianceVmType") == "vpcvrouter"]


def _kill_after_create(lab, journal_dir):
    """Run zstack_vpc_router in its own process and SIGKILL it once the lab has the create call."""
    args = zstack.margs(lab, name="vr-new", offering="OFF")
    env = dict(os.environ, CLOUDOPS_JOURNAL_DIR=str(journal_dir),
               PYTHONPATH=os.path.join(ROOT, "build", "collections") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    child = subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(args)], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        created = _wait("the create call", lambda: [w for w in lab.writes() if w["name"] == "CreateVpcVRouter"])
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL and b"journal" not in out       # no task result came back
    return created[0]


def test_a_killed_zstack_create_is_found_and_removed_by_the_rollback(slow_lab, journal_dir, capsys):
    before = slow_lab.snapshot()
    write = _kill_after_create(slow_lab, journal_dir)
    router = _wait("the router the interrupted job makes", lambda: _routers(slow_lab, "vr-new"))[0]
    # the lab's write log and the journal file agree: the intent names the very uuid the cloud gave the router
    journal = JournalFile.for_change(zstack.CHANGE["id"], "zstack", slow_lab.http_url)
    intents = [l for l in journal.lines() if l["kind"] == "intent"]
    assert [(i["type"], i["name"], i["id"]) for i in intents] == [("vpc_router", "vr-new", router["uuid"])]
    assert write["params"]["params"]["resourceUuid"] == router["uuid"]
    assert not [l for l in journal.lines() if l["kind"] in ("result", "delivered")]
    time.sleep(2.5)          # the interrupted job runs to its end in the cloud
    failed, result = zstack.run(zstack_vpc_rollback, slow_lab, capsys, journal=[])
    assert not failed, result.get("msg")
    assert [(r["action"], r["target"]["id"], r["status"]) for r in result["changes"]] == [
        ("rollback_vpc_router", router["uuid"], "rolled_back")]
    assert _routers(slow_lab, "vr-new") == [] and slow_lab.snapshot() == before
    # undone: a second rollback of the change has nothing left to do
    failed, again = zstack.run(zstack_vpc_rollback, slow_lab, capsys, journal=[])
    assert not failed and again["total"] == 0


def test_a_rerun_after_a_killed_create_journals_what_it_adopts(slow_lab, journal_dir, capsys):
    _kill_after_create(slow_lab, journal_dir)
    router = _wait("the router the interrupted job makes", lambda: _routers(slow_lab, "vr-new"))[0]
    time.sleep(2.5)
    failed, rerun = zstack.run(zstack_vpc_router, slow_lab, capsys, name="vr-new", offering="OFF")
    assert not failed, rerun.get("msg")
    assert [(c["action"], c["status"], c.get("adopted")) for c in rerun["changes"]] == [
        ("create_vpc_router", "unchanged", True)]
    assert [(j["type"], j["id"]) for j in rerun["journal"]] == [("vpc_router", router["uuid"])]
    # the role's rescue rolls back this run's journal: the adopted router goes; nothing is undone twice
    failed, result = zstack.run(zstack_vpc_rollback, slow_lab, capsys, journal=rerun["journal"])
    assert not failed, result.get("msg")
    assert [r["status"] for r in result["changes"]] == ["rolled_back"] and _routers(slow_lab, "vr-new") == []


class Killed(BaseException):
    """Stands for SIGKILL in-process: nothing after the raise runs, no result, no exit_json."""


def test_an_apsara_create_killed_before_its_result_is_looked_up_by_name_and_removed(
        alab, journal_dir, capsys, monkeypatch):
    before = alab.snapshot()
    lines = _killed_after_vswitch_create(alab, capsys, monkeypatch, journal_dir).lines()
    assert [(l["kind"], l.get("type") or l["entry"]["type"]) for l in lines] == [
        ("intent", "vpc"), ("result", "vpc"), ("intent", "vswitch")]
    made = [w for w in alab.writes() if w["name"] in ("CreateVpc", "CreateVSwitch")]
    assert [w["params"].get("ClientToken") for w in made] == [l["token"] for l in lines if l["kind"] == "intent"]
    failed, result = apsara.run(apsara_vpc_rollback, alab, capsys, journal=[])
    assert not failed, result.get("msg")
    assert [(r["action"], r["status"]) for r in result["changes"]] == [("rollback_vswitch", "rolled_back"),
                                                                       ("rollback_vpc", "rolled_back")]
    assert alab.snapshot() == before


def _killed_after_vswitch_create(alab, capsys, monkeypatch, journal_dir):
    real_created = Runner.created

    def killed(self, rec, rtype, rid, *a, **kw):
        if rtype == "vswitch":       # the vSwitch was created by the cloud; the process dies before its result
            raise Killed()
        return real_created(self, rec, rtype, rid, *a, **kw)
    monkeypatch.setattr(ApsaraRun, "created", killed)
    with pytest.raises(Killed):
        apsara.run(apsara_vpc, alab, capsys, **NEW_VPC)
    capsys.readouterr()
    monkeypatch.undo()
    monkeypatch.setenv("CLOUDOPS_JOURNAL_DIR", str(journal_dir))
    _settle(alab)
    return JournalFile(_only_file(journal_dir))


def _settle(alab, timeout=10.0):
    """Let the cloud finish the create the killed process left running (a snapshot must not race it)."""
    deadline = time.monotonic() + timeout
    while alab.snapshot().get("_pending") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alab.snapshot().get("_pending"), "the lab's async create never finished"


def test_an_ambiguous_interrupted_create_is_refused_and_nothing_is_deleted(alab, journal_dir, capsys, monkeypatch):
    journal = _killed_after_vswitch_create(alab, capsys, monkeypatch, journal_dir)
    vpc_id = next(l for l in journal.lines() if l["kind"] == "result")["entry"]["id"]
    # someone else's vSwitch of the same name in the same VPC: which one the interrupted write made is unknown
    client = client_from_params(apsara.args(alab))
    client.call("vpc", "CreateVSwitch", {"VpcId": vpc_id, "ZoneId": "cn-lab-1a", "CidrBlock": "10.30.2.0/24",
                                         "VSwitchName": "vsw-new-a"})
    time.sleep(0.3)
    before = alab.snapshot()
    failed, result = apsara.run(apsara_vpc_rollback, alab, capsys, journal=[])
    assert failed
    vswitch = result["changes"][0]
    assert vswitch["status"] == "rollback_failed" and "2 resources match the interrupted vswitch write" in vswitch["error"]
    assert alab.snapshot() == before


def _only_file(folder):
    found = [os.path.join(d, f) for d, _s, fs in os.walk(str(folder)) for f in fs]
    assert len(found) == 1, found
    return found[0]


def test_wrong_credentials_also_name_what_only_the_journal_file_knows(alab, journal_dir, capsys, monkeypatch):
    _killed_after_vswitch_create(alab, capsys, monkeypatch, journal_dir)
    before = alab.snapshot()
    failed, result = apsara.run(apsara_vpc_rollback, alab, capsys, journal=[], access_key_secret="wrong-secret")
    assert failed and result["total"] == 2 and result["rollback_failed"] == 2
    assert [r["action"] for r in result["changes"]] == ["rollback_vswitch", "rollback_vpc"]
    assert alab.snapshot() == before

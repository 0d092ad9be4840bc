# -*- coding: utf-8 -*-
"""Interrupted change runs (issue 18 items 2, 3 and the run/report items of 8), with real processes against the lab.

- SIGTERM to `ansible-playbook` is a cancel: the change report is written, marked cancelled, naming the task that
  was running; the ZStack session is logged out; the run is in the store; no process of the run is left.
- Cancelling `tools/run_change.py` (SIGTERM) or its job_timeout stops Ansible's workers too (they run in sessions
  of their own): no process of the run outlives the tool, no write reaches the lab after it exits, and journal.yml
  lists what the journal file holds that no task result carried.
- A preset CLOUDOPS_RUN_ID: a reused one never overwrites a report, and without an owner its sessions are logged out.
- A report that cannot be written fails the run; a change naming a host not in the inventory is refused.
- runner's `command` artifact keeps only allow-listed environment values.

Processes of a test are found by a marker in their environment (/proc/<pid>/environ).
"""
from __future__ import annotations

import glob
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
import yaml
from test_change_runner import EXAMPLE, NETWORK, ROUTER, ZSTACK_ONLY, OnFirstApplied, Tool, load_tool  # pylint: disable=import-error

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
PLAYBOOK = os.path.join(ROOT, "playbooks", "change_vpc.yml")
SPEC = os.path.join(ROOT, "playbooks", "changes", "vpc_networks.yml")
WINDOW = os.path.join(ROOT, "playbooks", "changes", "lab_window.yml")
MARK = "CLOUDOPS_TEST_INTERRUPTION"
CHANGE_ID = "CHG-2026-1127-01"     # vpc_networks.yml's


def processes_marked(mark):
    """(pid, command line) of every living process whose environment carries MARK=mark."""
    needle = ("%s=%s" % (MARK, mark)).encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as fh:
                if needle not in fh.read().split(b"\0"):
                    continue
            with open("/proc/%s/stat" % name, "rb") as fh:
                if fh.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    continue
            with open("/proc/%s/cmdline" % name, "rb") as fh:
                found.append((int(name), fh.read().replace(b"\0", b" ").decode("utf-8", "replace")))
        except OSError:
            continue
    return found


def wait_until(what, test, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = test()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError("timed out waiting for %s" % what)


def assert_no_process_left(mark):
    """Nothing of the run may outlive it; a stray one is killed here so it cannot hurt the next test."""
    left = processes_marked(mark)
    for pid, _cmd in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert left == [], left


def assert_no_write_after(lab, moment, settle=3.0):
    """The lab's write log: nothing arrives after `moment` (the run's end), also a few seconds later."""
    time.sleep(settle)
    late = [(w["name"], round(w["at"] - moment, 1)) for w in lab.writes() if w["at"] > moment]
    assert late == [], late


def journal_lines(journal_dir):
    lines = []
    for path in glob.glob(os.path.join(str(journal_dir), "*", "*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            lines.extend(json.loads(line) for line in fh if line.strip())
    return lines


def assert_writes_journaled(lab, journal_dir):
    """Every create the lab received has its intent in the change's journal file (the id ZStack was told to use)."""
    intents = set(l.get("id") for l in journal_lines(journal_dir) if l.get("kind") == "intent")
    created = [w["params"].get("params", {}).get("resourceUuid") for w in lab.writes() if w["name"].startswith("Create")]
    assert created and set(created) <= intents, (created, intents)


def inventory(tmp_path, zstack):
    """zstack-lab on the lab; apsara-lab (which the example change also names) is never targeted here."""
    hosts = {"zstack-lab": {"zstack_endpoint": zstack.https_url, "zstack_account": zstack.account,
                            "zstack_password": zstack.password, "zstack_ca_path": zstack.ca_file}}
    data = {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
            "zstack": {"vars": {"cloud_platform": "zstack"}, "hosts": hosts},
            "apsara": {"vars": {"cloud_platform": "apsara"}, "hosts": {"apsara-lab": {"apsara_region_id": "cn-unused"}}}}
    path = tmp_path / "hosts.yml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture
def zlab():
    """A private ZStack demo world (these tests change it and count its sessions)."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


class Playbook(object):
    """ansible-playbook on the change playbook, as an engineer runs it, its processes marked."""

    def __init__(self, tmp_path, lab):
        self.tmp = tmp_path
        self.lab = lab
        self.mark = uuid.uuid4().hex
        self.reports = tmp_path / "reports"
        self.journals = tmp_path / "journals"
        self.inventory = inventory(tmp_path, lab)

    def env(self, **extra):
        env = dict(os.environ)
        for key in ("CLOUDOPS_RUN_ID", "CLOUDOPS_RUN_OWNER"):
            env.pop(key, None)
        env.update({"ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"), "CLOUDOPS_REPORT_DIR": str(self.reports),
                    "CLOUDOPS_SESSION_DIR": str(self.tmp / "sessions"), "CLOUDOPS_JOURNAL_DIR": str(self.journals),
                    "ANSIBLE_NOCOLOR": "1", "PATH": BIN + os.pathsep + env.get("PATH", ""), MARK: self.mark})
        env.update(extra)
        return env

    def command(self, *args):
        return [os.path.join(BIN, "ansible-playbook"), "-i", str(self.inventory), PLAYBOOK, "-e", "@" + SPEC,
                "-e", "@" + WINDOW, "-e", "vpc_change_hosts=zstack-lab"] + list(args)

    def run(self, *args, **env):
        return subprocess.run(self.command(*args), cwd=ROOT, env=self.env(**env), capture_output=True, text=True,
                              timeout=300, check=False)

    def start(self, *args, **env):
        return subprocess.Popen(self.command(*args), cwd=ROOT, env=self.env(**env), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def reports_of(self, kind="change"):
        directory = self.reports / kind
        if not directory.exists():
            return {}
        out = {}
        for path in glob.glob(str(directory / "*" / "report.json")):
            if os.path.islink(os.path.dirname(path)):
                continue
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
            out[doc["run"]["id"]] = doc
        return out


def created_routers(lab):
    return [w for w in lab.writes() if w["name"] == "CreateVpcVRouter"]


# -- item 3: SIGTERM to ansible-playbook --------------------------------------------------------------------------
def test_sigterm_to_ansible_playbook_is_a_cancel_with_report_logout_and_store(tmp_path, zlab):
    pb = Playbook(tmp_path, zlab)
    proc = pb.start()
    try:
        # the router is created; the network step then waits on a 2-minute job when SIGTERM comes
        wait_until("the router's create call", lambda: created_routers(zlab) or proc.poll() is not None, timeout=120)
        assert proc.poll() is None, proc.communicate()[0]
        zlab.faults.update(job_seconds=120)
        wait_until("the network's create call", lambda: [w for w in zlab.writes() if w["name"] == "CreateL3Network"],
                   timeout=120)
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    ended = time.time()
    assert proc.returncode not in (0, -signal.SIGTERM), out       # a cancel, not a success nor a kill
    docs = list(pb.reports_of().values())
    assert len(docs) == 1, docs
    doc = docs[0]
    reasons = doc["run"]["incomplete_reasons"]
    assert doc["run"]["complete"] is False and doc["outcome"]["status"] == "incomplete", out
    assert reasons[0] == "run cancelled by SIGTERM before the end of the playbook (no final stats)", reasons
    assert any(r.startswith("zstack-lab: task ") and "VPC networks" in r and "still running" in r for r in reasons), reasons
    steps = dict((s["target"].get("name"), s["status"]) for t in doc["targets"] for s in t["steps"] if s["kind"] != "window")
    assert steps.get(ROUTER) == "applied", steps
    # the ZStack session of the run is logged out: logged in = logged out
    assert zlab.stats()["sessions"] == 0
    # recorded in the run store
    with sqlite3.connect(str(pb.reports / "store.sqlite3")) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        assert any(db.execute("select count(*) from %s where run_id = ?" % t, (doc["run"]["id"],)).fetchone()[0]
                   for t in tables if "run_id" in [c[1] for c in db.execute("pragma table_info(%s)" % t)])
    assert_no_process_left(pb.mark)
    assert_no_write_after(zlab, ended)
    assert_writes_journaled(zlab, pb.journals)


# -- item 2: cancelling tools/run_change.py ------------------------------------------------------------------------
class MarkedTool(Tool):
    def __init__(self, tmp_path, inventory_path, secrets):
        super(MarkedTool, self).__init__(tmp_path, inventory_path, secrets)
        self.mark = uuid.uuid4().hex

    def env(self):
        env = super(MarkedTool, self).env()
        env.update({MARK: self.mark, "CLOUDOPS_JOURNAL_DIR": str(self.tmp / "journals")})
        env.pop("CLOUDOPS_RUN_OWNER", None)
        return env


def run_cut_short(tool, zlab, args, stop):
    """Run the tool, slow the lab once the router is applied, `stop(proc)`; (proc, output, end time)."""
    proc = subprocess.Popen(tool.command(*args), cwd=str(tool.tmp), env=tool.env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)

    def slow_then_stop():
        zlab.faults.update(job_seconds=120)
        wait_until("the network's create call", lambda: [w for w in zlab.writes() if w["name"] == "CreateL3Network"])
        stop(proc)

    watcher = OnFirstApplied(tool.runs, slow_then_stop)
    watcher.start()
    try:
        out = proc.communicate(timeout=180)[0]
    finally:
        watcher.stop.set()
        if proc.poll() is None:
            proc.kill()
    return proc, out, time.time()


def check_stopped_run(tool, zlab, proc, out, ended, first_reason):
    assert proc.returncode == 4, out
    assert_no_process_left(tool.mark)
    assert_no_write_after(zlab, ended)
    (run_id,) = tool.run_dirs()
    with open(str(tool.reports / "change" / run_id / "report.json"), encoding="utf-8") as fh:
        doc = json.load(fh)
    reasons = doc["run"]["incomplete_reasons"]
    assert doc["outcome"]["status"] == "incomplete" and reasons[0].startswith(first_reason), reasons
    assert any(r.startswith("zstack-lab: task ") and "VPC networks" in r for r in reasons), reasons
    journal = yaml.safe_load((tool.runs / run_id / "journal.yml").read_text())
    assert journal["change"] == {"id": CHANGE_ID}
    assert [(e["type"], e["name"]) for e in journal["journal_by_host"]["zstack-lab"]] == [("vpc_router", ROUTER)]
    # the network whose create call went out while its task was cut: only the journal file knows it
    unreported = journal["open_by_host"]["zstack-lab"]
    assert [e.get("name") for e in unreported] == [NETWORK], unreported
    assert_writes_journaled(zlab, tool.tmp / "journals")
    assert zlab.stats()["sessions"] == 0
    return run_id


def test_sigterm_to_run_change_stops_every_process_of_the_run(tmp_path, zlab):
    tool = MarkedTool(tmp_path, inventory(tmp_path, zlab), (zlab.password,))
    proc, out, ended = run_cut_short(tool, zlab, EXAMPLE + ZSTACK_ONLY, lambda p: p.send_signal(signal.SIGTERM))
    run_id = check_stopped_run(tool, zlab, proc, out, ended, "cancelled by the operator")
    assert yaml.safe_load((tool.runs / run_id / "run.yml").read_text())["status"] == "canceled"
    assert "stopping (cancel): SIGTERM to ansible-playbook" in out


def test_job_timeout_stops_every_process_of_the_run(tmp_path, zlab):
    tool = MarkedTool(tmp_path, inventory(tmp_path, zlab), (zlab.password,))
    proc, out, ended = run_cut_short(tool, zlab, ["--job-timeout", "25"] + EXAMPLE + ZSTACK_ONLY, lambda p: None)
    run_id = check_stopped_run(tool, zlab, proc, out, ended, "killed by job_timeout after 25 s")
    assert yaml.safe_load((tool.runs / run_id / "run.yml").read_text())["status"] == "timeout"


# -- item 8 ----------------------------------------------------------------------------------------------------------
def test_a_reused_run_id_never_overwrites_and_its_sessions_are_logged_out(tmp_path, zlab):
    pb = Playbook(tmp_path, zlab)
    preset = "20261127T140000Z-abcdef"
    first = pb.run("--check", CLOUDOPS_RUN_ID=preset)
    assert first.returncode == 0, first.stdout + first.stderr
    assert zlab.stats()["sessions"] == 0                 # nobody claimed the preset id's sessions: the callback ends them
    before = (pb.reports / "change" / preset / "report.json").read_bytes()
    second = pb.run("--check", CLOUDOPS_RUN_ID=preset)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (pb.reports / "change" / preset / "report.json").read_bytes() == before
    docs = pb.reports_of()
    assert len(docs) == 2 and preset in docs
    (fresh,) = [rid for rid in docs if rid != preset]
    note = "run id %s already has a change report" % preset
    assert any(note in n and fresh in n for n in docs[fresh]["run"]["notes"]), docs[fresh]["run"]["notes"]
    assert note in second.stdout + second.stderr
    assert zlab.stats()["sessions"] == 0


def test_a_report_that_cannot_be_written_fails_the_run(tmp_path, zlab):
    pb = Playbook(tmp_path, zlab)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the reports folder should be")
    proc = pb.run("--check", CLOUDOPS_REPORT_DIR=str(blocker / "reports"))
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "could not write the change report" in proc.stdout + proc.stderr
    # the same under tools/run_change.py: no success without a change report
    tool = MarkedTool(tmp_path, pb.inventory, (zlab.password,))
    tool.reports = blocker / "reports"
    ran = tool.run("--check", *(EXAMPLE + ZSTACK_ONLY))
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "the run fails" in ran.stdout


def test_a_change_naming_a_host_not_in_the_inventory_is_refused(tmp_path, zlab):
    pb = Playbook(tmp_path, zlab)
    with open(SPEC, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    spec["vpc_change_specs"]["zstack-typo"] = spec["vpc_change_specs"]["zstack-lab"]
    path = tmp_path / "typo.yml"
    path.write_text(yaml.safe_dump(spec))
    cmd = [os.path.join(BIN, "ansible-playbook"), "-i", str(pb.inventory), PLAYBOOK, "-e", "@" + str(path),
           "-e", "@" + WINDOW, "-e", "vpc_change_hosts=zstack-lab"]
    proc = subprocess.run(cmd, cwd=ROOT, env=pb.env(), capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert zlab.writes() == []
    docs = list(pb.reports_of().values())
    assert len(docs) == 1, docs
    doc = docs[0]
    assert doc["outcome"]["status"] == "refused"
    text = json.dumps(doc)
    assert "names host(s) not in the inventory: zstack-typo" in text
    steps = [(s["target"].get("name"), s["status"]) for t in doc["targets"] for s in t["steps"]]
    assert steps and set(status for _name, status in steps) == {"not_started"}


def test_runner_artifacts_keep_only_allow_listed_environment_values(tmp_path):
    tool = load_tool()
    artifact = tmp_path / "artifact"
    artifact.mkdir()
    env = {"PATH": "/usr/bin", "HOME": "/home/op", "ANSIBLE_CONFIG": "/repo/ansible.cfg", "CLOUDOPS_RUN_ID": "r",
           "SSHPASS": "hunter2", "DB_PASS": "pw1", "ANSIBLE_BECOME_PASS": "pw2", "ZSTACK_PASSWORD": "pw3",
           "CLOUDOPS_STORE_DSN": "postgresql://u:pw4@db/x", "MY_APP_SETTING": "opaque", "EMPTY": ""}
    (artifact / "command").write_text(json.dumps({"command": ["ansible-playbook"], "env": env}))
    tool.scrub_command_artifact(str(artifact))
    kept = json.loads((artifact / "command").read_text())["env"]
    assert dict((k, kept[k]) for k in ("PATH", "HOME", "ANSIBLE_CONFIG", "CLOUDOPS_RUN_ID", "EMPTY")) == \
        {"PATH": "/usr/bin", "HOME": "/home/op", "ANSIBLE_CONFIG": "/repo/ansible.cfg", "CLOUDOPS_RUN_ID": "r", "EMPTY": ""}
    for name in ("SSHPASS", "DB_PASS", "ANSIBLE_BECOME_PASS", "ZSTACK_PASSWORD", "CLOUDOPS_STORE_DSN", "MY_APP_SETTING"):
        assert kept[name] == "********", name

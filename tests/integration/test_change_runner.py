# -*- coding: utf-8 -*-
"""tools/run_change.py: change runs under ansible-runner, each in its own private data dir, always with a change report.

The first part feeds runner_events synthetic job events (fast, no Ansible); the second runs the
tool against the labs: a run inside its window, a run killed by job_timeout mid-change, a cancelled
run, refusals before anything starts.
"""
from __future__ import annotations

import datetime
import glob
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zoneinfo

import pytest
import yaml
from test_inspect_playbook import all_text  # pylint: disable=import-error

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import runner_events
from tests.unit.plugins.plugin_utils.change_synthetic import apply_result, plan_result, window_result

HOST = "apsara-lab"


class Events(object):
    """Job events as runner stores them (counter, event, event_data with host, task, res)."""

    def __init__(self):
        self.events = []

    def add(self, event, task=None, res=None, host=HOST, action=None, uuid=None, **data):
        event_data = dict(data, host=host, task=task, task_action=action or "cloudops.privatecloud.apsara_vpc",
                          task_uuid=uuid or ("task-%s" % task), role="vpc_change")
        if res is not None:
            event_data["res"] = res
        self.events.append({"counter": len(self.events) + 1, "uuid": "ev-%d" % (len(self.events) + 1), "event": event,
                            "created": "2026-11-27T14:00:%02d.000000+00:00" % len(self.events), "event_data": event_data})
        return self

    def task(self, task, res, event="runner_on_ok", action=None, **data):
        self.add("runner_on_start", task, action=action)
        return self.add(event, task, res, action=action, **data)

    def write(self, artifact_dir):
        directory = os.path.join(str(artifact_dir), "job_events")
        os.makedirs(directory)
        for e in self.events:
            with open(os.path.join(directory, "%d-%s.json" % (e["counter"], e["uuid"])), "w", encoding="utf-8") as fh:
                json.dump(e, fh)


def item(res, name):
    """A loop item's result: Ansible puts the item and its label into the result."""
    return dict(res, item={"name": name}, _ansible_item_label=name)


def killed_mid_change():
    """Window ok, pre-check with a plan of 4 steps, the VPC applied, then the vSwitch task cut by the kill."""
    ev = Events().add("playbook_on_start").add("playbook_on_play_start")
    ev.task("Check the change window", window_result([HOST]), action="cloudops.privatecloud.change_window")
    ev.task("Pre-check the change against the current state", plan_result(), action="cloudops.privatecloud.apsara_vpc_precheck")
    ev.add("runner_on_start", "Create the VPCs and vSwitches")
    ev.add("runner_item_on_ok", "Create the VPCs and vSwitches", item(apply_result(upto=1), "vpc-prod"))
    return ev


def rebuild(tmp_path, events, reason="killed by job_timeout after 30 s"):
    run = {"id": "20261127T140000Z-abcdef", "started": "2026-11-27T14:00:00Z", "playbook": "change_vpc.yml",
           "operator": "alice", "check_mode": False, "incomplete_reasons": [reason] if reason else [], "notes": []}
    return runner_events.rebuild_reports(events, run, str(tmp_path / "reports"))["change"]


def test_rebuilt_report_keeps_finished_steps_and_marks_the_rest_not_started(tmp_path):
    doc, written = rebuild(tmp_path, killed_mid_change().events)
    assert doc["outcome"]["status"] == "incomplete" and doc["run"]["complete"] is False
    reasons = doc["run"]["incomplete_reasons"]
    assert reasons[0] == "killed by job_timeout after 30 s"
    assert any("'Create the VPCs and vSwitches' was still running" in r for r in reasons)
    steps = dict((s["target"]["name"], s["status"]) for s in doc["targets"][0]["steps"] if s["kind"] != "window")
    assert steps == {"vpc-prod": "applied", "vsw-a": "not_started", "vsw-b": "not_started", "vtb-prod": "not_started"}
    assert doc["change"]["window"]["state"] == "open"
    assert os.path.realpath(str(tmp_path / "reports" / "change" / "latest")) == written["dir"]
    for name in ("report.json", "report.html", "report.md", "junit.xml"):
        assert os.path.isfile(os.path.join(written["dir"], name))


def test_journal_of_a_killed_run_is_what_was_applied_renumbered(tmp_path):
    ev = killed_mid_change()
    ev.add("runner_item_on_ok", "Create the VPCs and vSwitches", item(apply_result(upto=3), "vpc-b"))
    journal = runner_events.journals(ev.events)[HOST]
    assert [(e["seq"], e["id"]) for e in journal] == [(1, "vpc-0001"), (2, "vsw-000a"), (3, "vsw-000b")]
    assert len(set(e["record_uid"] for e in journal)) == 3


def test_load_events_orders_by_counter_keeps_partials_skips_broken(tmp_path):
    ev = killed_mid_change()
    ev.write(tmp_path)
    directory = tmp_path / "job_events"
    # the kill cut one write, and left one partial (written by the callback, never paired with stdout)
    (directory / "99-broken.json").write_text('{"event": "runner_on_ok", "event_da')
    partial = dict(ev.events[-1], event="runner_item_on_ok", counter=None, uuid="late")
    partial["event_data"] = dict(partial["event_data"], res=apply_result(upto=2))
    (directory / "late-partial.json").write_text(json.dumps(partial))
    loaded = runner_events.load_events(str(tmp_path))
    assert [e.get("counter") for e in loaded] == list(range(1, len(ev.events) + 1)) + [None]
    doc, _written = rebuild(tmp_path, loaded)
    steps = dict((s["target"]["name"], s["status"]) for s in doc["targets"][0]["steps"] if s["kind"] != "window")
    assert steps["vsw-a"] == "applied" and steps["vsw-b"] == "not_started"


def test_collector_follows_the_callback_rules():
    ev = killed_mid_change()
    # a failed item of a change task: whole, in order; its looped aggregate is not counted twice
    failed = apply_result(upto=3, fail_at=2)
    ev.add("runner_item_on_failed", "Create the VPCs and vSwitches", item(failed, "vpc-b"))
    ev.add("runner_on_failed", "Create the VPCs and vSwitches", {"results": [failed], "failed": True, "msg": "One or more items failed"})
    # an ignored failure of a task of no report kind, and a censored result, are not report material
    ev.add("runner_on_failed", "Probe", {"msg": "nope"}, action="ansible.builtin.uri", ignore_errors=True)
    ev.add("runner_on_ok", "Secret", {"censored": "the output has been hidden", "_ansible_no_log": True})
    builders = runner_events.EventCollector().add_events(ev.events).finish(["change"])
    assert sorted(builders) == ["change"]
    doc = builders["change"].build({"id": "r1", "incomplete_reasons": []})
    steps = dict((s["target"]["name"], s["status"]) for s in doc["targets"][0]["steps"] if s["kind"] != "window")
    assert steps == {"vpc-prod": "applied", "vsw-a": "applied", "vsw-b": "failed", "vtb-prod": "not_started"}
    assert [e["task"] for e in doc["targets"][0]["errors"]] == ["Create the VPCs and vSwitches"]
    assert doc["outcome"]["status"] == "failed"


def test_task_result_lines():
    ev = killed_mid_change()
    lines = [runner_events.task_result(e) for e in ev.events]
    lines = [r for r in lines if r]
    assert lines[0] == {"host": HOST, "task": "Check the change window", "status": "ok", "changed": False, "item": None}
    assert lines[-1]["status"] == "changed" and lines[-1]["item"] == "vpc-prod"
    assert runner_events.in_flight(ev.events) == [(HOST, "Create the VPCs and vSwitches")]
    assert not runner_events.playbook_finished(ev.events)


# -- the tool against the labs ---------------------------------------------------------------------------
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "run_change.py")


def window(start_h, end_h, tz="Asia/Shanghai"):
    """A window from now+start_h to now+end_h hours, as wall-clock times in `tz` (what a change file holds)."""
    now = datetime.datetime.now(zoneinfo.ZoneInfo(tz))
    fmt = "%Y-%m-%d %H:%M:%S"
    return {"start": (now + datetime.timedelta(hours=start_h)).strftime(fmt),
            "end": (now + datetime.timedelta(hours=end_h)).strftime(fmt), "timezone": tz}


class Tool(object):
    """Runs tools/run_change.py like an engineer, with its own runs and reports dirs."""

    def __init__(self, tmp_path, inventory, secrets):
        self.tmp = tmp_path
        self.inventory = inventory
        self.runs = tmp_path / "runs"
        self.reports = tmp_path / "reports"
        self.secrets = secrets

    def env(self):
        env = dict(os.environ)
        env.pop("CLOUDOPS_RUN_ID", None)
        # Credentials in the environment (the modules' documented fallbacks) must not reach the run dir.
        env.update({"CLOUDOPS_SESSION_DIR": str(self.tmp / "sessions"), "ZSTACK_PASSWORD": self.secrets[0],
                    "APSARA_ACCESS_KEY_SECRET": self.secrets[-1]})
        return env

    def spec(self, name, data):
        path = self.tmp / name
        path.write_text(yaml.safe_dump(data))
        return str(path)

    def command(self, *args):
        return [sys.executable, TOOL, "--playbook", "change_vpc.yml", "--inventory", str(self.inventory),
                "--runs-dir", str(self.runs), "--reports-dir", str(self.reports)] + list(args)

    def run(self, *args):
        return subprocess.run(self.command(*args), cwd=str(self.tmp), env=self.env(), capture_output=True, text=True,
                              timeout=600, check=False)

    def run_dirs(self):
        return sorted(os.listdir(str(self.runs))) if self.runs.exists() else []


def assert_no_secret(tool, *texts):
    for secret in tool.secrets:
        for text in texts:
            assert secret not in text
        assert secret not in all_text(str(tool.runs))
        assert secret not in all_text(str(tool.reports))


def load_tool():
    spec = importlib.util.spec_from_file_location("run_change", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_exit_codes_and_the_early_window_check():
    tool = load_tool()
    assert [tool.exit_code("successful", {"outcome": {"status": o}}, True) for o in ("success", "unchanged", "dry_run")] == [0, 0, 0]
    assert [tool.exit_code("failed", {"outcome": {"status": o}}, True)
            for o in ("refused", "failed", "rolled_back", "rollback_failed", "partial")] == [1, 2, 2, 3, 4]
    assert tool.exit_code("timeout", {"outcome": {"status": "incomplete"}}, True) == 4
    assert tool.exit_code("canceled", None, True) == 4
    assert tool.exit_code("failed", None, False) == 1              # ansible-playbook never reached a play
    closed = {"vpc_change_id": "CHG-1", "vpc_change_window": window(-5, -3)}
    assert "change window for CHG-1 closed at" in tool.check_window(closed, check_mode=False)
    assert tool.check_window(closed, check_mode=True) is None      # a dry run goes ahead, as the action lets it
    assert tool.check_window(dict(closed, vpc_change_override="true"), check_mode=False) is None
    assert "opens at" in tool.check_window({"change": {"id": "CHG-2", "window": window(2, 4)}}, check_mode=False)
    assert tool.check_window({"vpc_change_window": window(-1, 1)}, check_mode=False) is None
    assert "window.timezone" in tool.check_window({"vpc_change_window": {"start": "2026-11-27 22:00", "end": "x"}}, False)
    assert tool.check_window({"vpc_change_id": "CHG-3"}, check_mode=False) is None   # the playbook names what is missing
    assert tool.secret_keys({"a": [{"access_key_secret": 1}], "zstack_password": "x", "ticket": "t"}) == \
        ["a[0].access_key_secret", "zstack_password"]


def test_refused_outside_the_window_before_anything_starts(tmp_path):
    tool = Tool(tmp_path, os.path.join(ROOT, "inventories", "lab"), ("LabAdmin#2026",))
    spec = tool.spec("closed.yml", {"vpc_change_id": "CHG-T-CLOSED", "vpc_change_window": window(-5, -3),
                                    "vpc_change_specs": {"zstack-lab": {"vpc_routers": [{"name": "vr-x"}]}}})
    proc = tool.run("--spec", spec)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "change window for CHG-T-CLOSED closed at" in proc.stderr and "ago" in proc.stderr
    assert tool.run_dirs() == [] and not tool.reports.exists()


def test_refused_credentials_in_extra_vars(tmp_path):
    tool = Tool(tmp_path, os.path.join(ROOT, "inventories", "lab"), ("LabAdmin#2026",))
    spec = tool.spec("open.yml", {"vpc_change_id": "CHG-T-SECRET", "vpc_change_window": window(-1, 2)})
    proc = tool.run("--spec", spec, "-e", "zstack_password=LabAdmin#2026")
    assert proc.returncode == 1 and "refusing credentials as extra vars (zstack_password)" in proc.stderr
    assert tool.run_dirs() == []


# The example change (playbooks/changes/vpc_networks.yml): on ZStack a VPC router, then a VPC network
# behind it; on Apsara a VPC with two vSwitches.  lab_window.yml opens its window around now.
EXAMPLE = ["--spec", "changes/vpc_networks.yml", "-e", "@changes/lab_window.yml"]
ZSTACK_ONLY = ["-e", "vpc_change_hosts=zstack-lab"]


def example_names():
    with open(os.path.join(ROOT, "playbooks", "changes", "vpc_networks.yml"), encoding="utf-8") as fh:
        specs = yaml.safe_load(fh)["vpc_change_specs"]
    return specs["zstack-lab"]["vpc_routers"][0]["name"], specs["zstack-lab"]["networks"][0]["name"], specs["apsara-lab"]["vpcs"][0]["name"]


ROUTER, NETWORK, VPC = example_names()


@pytest.fixture
def labs(tmp_path):
    """Private demo worlds of both clouds (these tests change them) and the tool pointed at them."""
    # pylint: disable=import-outside-toplevel
    from lab.apsara import ApsaraLab
    from lab.zstack import ZStackLab

    with ZStackLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as zstack, \
            ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as apsara:
        inventory = {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
                     "zstack": {"vars": {"cloud_platform": "zstack"}, "hosts": {"zstack-lab": {
                         "zstack_endpoint": zstack.https_url, "zstack_account": zstack.account, "zstack_password": zstack.password,
                         "zstack_ca_path": zstack.ca_file}}},
                     "apsara": {"vars": {"cloud_platform": "apsara"}, "hosts": {"apsara-lab": {
                         "apsara_region_id": apsara.region_id, "apsara_access_key_id": apsara.access_key_id,
                         "apsara_access_key_secret": apsara.access_key_secret,
                         "apsara_organization_id": str(apsara.organization_id),
                         "apsara_endpoints": dict(apsara.https_endpoints), "apsara_ca_path": apsara.ca_file}}}}
        path = tmp_path / "hosts.yml"
        path.write_text(yaml.safe_dump(inventory))
        yield Tool(tmp_path, path, (zstack.password, apsara.access_key_secret)), zstack, apsara


class OnFirstApplied(threading.Thread):
    """Calls `action` once a change result with an applied step shows up in a run's job events."""

    def __init__(self, runs_dir, action):
        super(OnFirstApplied, self).__init__(daemon=True)
        self.runs_dir = str(runs_dir)
        self.action = action
        self.fired = threading.Event()
        self.stop = threading.Event()

    def run(self):
        seen = set()
        while not self.stop.is_set():
            for path in glob.glob(os.path.join(self.runs_dir, "*", "artifacts", "*", "job_events", "*.json")):
                if path in seen:
                    continue
                try:
                    with open(path, encoding="utf-8") as fh:
                        res = (json.load(fh).get("event_data") or {}).get("res") or {}
                except (OSError, ValueError):
                    continue
                seen.add(path)
                if res.get("report_kind") == "change" and any(c.get("status") == "applied" for c in res.get("changes") or ()):
                    self.action()
                    self.fired.set()
                    return
            time.sleep(0.1)


def run_meta(tool, run_id):
    with open(str(tool.runs / run_id / "run.yml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def change_report(tool, run_id):
    with open(str(tool.reports / "change" / run_id / "report.json"), encoding="utf-8") as fh:
        return json.load(fh)


def steps_by_target(doc):
    return dict(((s["target"].get("name"), s["action"]), s["status"]) for t in doc["targets"] for s in t["steps"]
                if s["kind"] != "window")


def test_change_in_its_window_writes_the_change_report_each_run_in_its_own_dir(labs):
    tool, zstack, apsara = labs
    real = tool.run(*EXAMPLE)
    assert real.returncode == 0, real.stdout + real.stderr
    writes = (len(zstack.writes()), len(apsara.writes()))
    assert min(writes) > 0
    # The same change again as a dry run: every step is already there, nothing is written.
    dry = tool.run("--check", *EXAMPLE)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert (len(zstack.writes()), len(apsara.writes())) == writes
    real_id, dry_id = tool.run_dirs()
    assert dry_id != real_id
    for run_id, outcome in ((real_id, "success"), (dry_id, "dry_run")):
        meta = run_meta(tool, run_id)
        assert meta["run_id"] == run_id and meta["status"] == "successful" and meta["exit_code"] == 0
        assert meta["report_rebuilt"] is False                 # the callback wrote it, under the run id
        doc = change_report(tool, run_id)
        assert doc["run"]["id"] == run_id and doc["run"]["complete"] is True and doc["outcome"]["status"] == outcome
        run_dir = tool.runs / run_id
        for name in ("run.yml", "env/settings", "env/envvars", "env/extravars", "env/cmdline", "project/change_vpc.yml",
                     "artifacts/%s/stdout" % run_id, "artifacts/%s/command" % run_id):
            assert (run_dir / name).is_file(), name
        assert glob.glob(str(run_dir / "artifacts" / run_id / "job_events" / "*.json"))
        envvars = yaml.safe_load((run_dir / "env" / "envvars").read_text())
        assert envvars["CLOUDOPS_RUN_ID"] == run_id and envvars["CLOUDOPS_REPORT_DIR"] == str(tool.reports)
        extravars = yaml.safe_load((run_dir / "env" / "extravars").read_text())
        assert extravars["vpc_change_id"] == "CHG-2026-1127-01" and "{{" in extravars["vpc_change_window"]["start"]
        assert (run_dir / "project" / "changes" / "vpc_networks.yml").is_file()
        assert not (run_dir / "journal.yml").exists()
    assert "--check" in (tool.runs / dry_id / "env" / "cmdline").read_text()
    assert "--check" not in (tool.runs / real_id / "env" / "cmdline").read_text()
    steps = steps_by_target(change_report(tool, real_id))
    assert set(s for (name, _a), s in steps.items() if name.startswith((ROUTER, NETWORK, VPC))) == {"applied"}
    assert sorted(t["name"] for t in change_report(tool, real_id)["targets"]) == ["apsara-lab", "zstack-lab"]
    assert set(s for (name, _a), s in steps_by_target(change_report(tool, dry_id)).items()) == {"unchanged"}
    # one progress line per task result, the outcome, the report's place
    assert re.search(r"\d\d:\d\d:\d\d  zstack-lab +changed +vpc_change : Create the VPC routers \(%s\)" % ROUTER, real.stdout)
    assert "change outcome: success" in real.stdout and "change report: %s" % (tool.reports / "change" / real_id) in real.stdout
    # the ZStack sessions of both runs are logged out
    assert zstack.stats()["sessions"] == 0
    command = json.loads((tool.runs / real_id / "artifacts" / real_id / "command").read_text())
    assert command["env"]["ZSTACK_PASSWORD"] == "********"
    assert_no_secret(tool, dry.stdout + dry.stderr, real.stdout + real.stderr)


def test_killed_by_job_timeout_mid_change_still_leaves_a_change_report(labs):
    tool, zstack, _apsara = labs
    # Once the router is created, every further ZStack job takes 2 minutes: the network step is
    # still waiting when the job_timeout hits.
    watcher = OnFirstApplied(tool.runs, lambda: zstack.faults.update(job_seconds=120))
    watcher.start()
    proc = tool.run("--job-timeout", "20", *(EXAMPLE + ZSTACK_ONLY))
    watcher.stop.set()
    assert watcher.fired.is_set(), proc.stdout + proc.stderr
    assert proc.returncode == 4, proc.stdout + proc.stderr
    (run_id,) = tool.run_dirs()
    meta = run_meta(tool, run_id)
    assert meta["status"] == "timeout" and meta["report_rebuilt"] is True and meta["outcome"] == "incomplete"
    doc = change_report(tool, run_id)
    reasons = doc["run"]["incomplete_reasons"]
    assert doc["run"]["complete"] is False and reasons[0] == "killed by job_timeout after 20 s"
    assert any("Create the VPC networks" in r and "still running" in r for r in reasons), reasons
    steps = steps_by_target(doc)
    assert [s for (name, _a), s in steps.items() if name == ROUTER] == ["applied"]
    network_steps = [s for (name, _a), s in steps.items() if name.startswith(NETWORK)]
    assert network_steps and set(network_steps) == {"not_started"}   # planned, never recorded
    assert "change report REBUILT from the job events, incomplete: killed by job_timeout after 20 s" in proc.stdout
    # what stays applied, for a rollback by hand: the router, as the rollback module takes it
    journal = yaml.safe_load((tool.runs / run_id / "journal.yml").read_text())["journal_by_host"]["zstack-lab"]
    assert [(e["seq"], e["type"], e["name"]) for e in journal] == [(1, "vpc_router", ROUTER)]
    assert zstack.stats()["sessions"] == 0                           # logged out although ansible was killed
    assert_no_secret(tool, proc.stdout + proc.stderr)
    # runner/README.md's playbook undoes it with journal.yml as it is
    zstack.faults.update(job_seconds=0.2)
    undo = undo_playbook(tool, tool.runs / run_id / "journal.yml")
    assert undo.returncode == 0, undo.stdout + undo.stderr
    with zstack.state.lock:
        assert [v for v in zstack.state.all("vm") if v.get("name") == ROUTER] == []


def undo_playbook(tool, journal):
    """Run the README's "Undoing a killed change" playbook against the test inventory."""
    with open(os.path.join(ROOT, "runner", "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    section = readme[readme.index("### Undoing a killed change"):]
    play = yaml.safe_load(section[section.index("```yaml") + len("```yaml"):section.index("```", section.index("```yaml") + 7)])
    play[0]["vars_files"] = [str(journal)]
    path = tool.tmp / "undo.yml"
    path.write_text(yaml.safe_dump(play))
    env = dict(tool.env(), ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), CLOUDOPS_REPORT_DIR=str(tool.tmp / "undo-reports"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(tool.inventory), str(path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_ctrl_c_cancels_the_run_and_the_report_says_so(labs):
    tool, zstack, _apsara = labs
    proc = subprocess.Popen(tool.command(*(EXAMPLE + ZSTACK_ONLY)), cwd=str(tool.tmp), env=tool.env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)

    def interrupt():
        zstack.faults.update(job_seconds=120)
        proc.send_signal(signal.SIGINT)

    watcher = OnFirstApplied(tool.runs, interrupt)
    watcher.start()
    out = proc.communicate(timeout=300)[0]
    watcher.stop.set()
    assert watcher.fired.is_set() and proc.returncode == 4, out
    (run_id,) = tool.run_dirs()
    doc = change_report(tool, run_id)
    assert run_meta(tool, run_id)["status"] == "canceled"
    assert doc["outcome"]["status"] == "incomplete" and doc["run"]["incomplete_reasons"][0].startswith("cancelled by the operator")
    assert [s for (name, _a), s in steps_by_target(doc).items() if name == ROUTER] == ["applied"]

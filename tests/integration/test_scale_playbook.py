"""playbooks/scale.yml (role resource_scaling) against both labs' scaling worlds: each example change in check mode
(zero writes, the plan with its restarts), for real, and again (unchanged), each with a change report; bad input
fails before any write; a failure at the start of a stopped VM rolls the change back."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import Runner  # pylint: disable=import-error

PLAYBOOK = "playbooks/scale.yml"
LAB_WINDOW = "@playbooks/changes/scale_lab_window.yml"
EXAMPLES = ["scale_resize", "scale_offering", "scale_disk", "scale_out", "scale_out_apsara"]
HOSTS = ("apsara-lab", "zstack-lab")


@pytest.fixture
def scale(tmp_path):
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="scaling", host="127.0.0.1", http_port=0, https_port=0, job_seconds=0.02) as zstack:
        with ApsaraLab(world="scaling", host="127.0.0.1", http_port=0, https_port=0, async_seconds=0.02) as apsara:
            apsara.faults.update(type_change_interval_seconds=0.5)
            runner = Runner(zstack, tmp_path, apsara)
            runner.write_inventory()
            yield runner


def labs(runner):
    return {"apsara-lab": runner.apsara, "zstack-lab": runner.lab}


def run_change(runner, change_file, *args):
    for lab in labs(runner).values():
        lab.reset_writes()
    extra = ["-e", "@" + change_file, "-e", LAB_WINDOW]
    proc = runner.playbook(PLAYBOOK, *(extra + list(args)), extra_env={"CLOUDOPS_JOURNAL_DIR": str(runner.tmp / "journals")})
    proc.text = proc.stdout + proc.stderr
    return proc


def writes(runner):
    return {host: [w["name"] for w in lab.writes()] for host, lab in labs(runner).items()}


def report(runner):
    run_dir = os.path.realpath(os.path.join(str(runner.reports), "change", "latest"))
    with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def statuses(target):
    return [s["status"] for s in target["steps"] if s.get("kind", "step") == "step"]


def resources(snapshot):
    """A ZStack snapshot without the facts of a VM's last boot, which the rollback's stop/start renews."""
    for rec in snapshot.get("vm", {}).values():
        rec.pop("_mem_hotplugs", None)
        rec.pop("_max_vcpu_at_start", None)
    return snapshot


NO_WRITES = {"apsara-lab": [], "zstack-lab": []}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_check_apply_again(scale, name):
    change_file = os.path.join("playbooks", "changes", name + ".yml")
    dry = run_change(scale, change_file, "--check", "--diff")
    assert dry.returncode == 0, dry.text[-4000:]
    assert writes(scale) == NO_WRITES
    doc = report(scale)
    assert doc["outcome"]["status"] == "dry_run"
    for target in doc["targets"]:
        assert set(statuses(target)) == {"planned"}, target["steps"]
    assert "stop/start or reboot" in dry.stdout

    applied = run_change(scale, change_file)
    assert applied.returncode == 0, applied.text[-4000:]
    doc = report(scale)
    assert doc["outcome"]["status"] == "success"
    for target in doc["targets"]:
        assert set(statuses(target)) == {"applied"}, target["steps"]
        assert writes(scale)[target["name"]], target["name"]

    again = run_change(scale, change_file)
    assert again.returncode == 0, again.text[-4000:]
    assert writes(scale) == NO_WRITES
    assert report(scale)["outcome"]["status"] == "unchanged"


def test_bad_input_zero_writes(scale):
    bad = scale.tmp / "bad.yml"
    bad.write_text(yaml.safe_dump({"resource_scaling_id": "CHG-SCALE-BAD", "resource_scaling_specs": {
        "zstack-lab": {"resize": [{"names": ["scale-cold-01"], "cpu": 4, "restart": "never"}]},
        "apsara-lab": {"resize": [{"names": ["scale-payg-01"], "instance_type": "ecs.g6.4xlarge"}]}}}), encoding="utf-8")
    proc = run_change(scale, str(bad), "-e", "resource_scaling_serial=2")
    assert proc.returncode != 0
    assert writes(scale) == NO_WRITES
    assert "restart is never" in proc.stdout and "not available" in proc.stdout


def test_failure_is_rolled_back(scale):
    before = scale.lab.snapshot()
    scale.lab.faults.update(fail_async={"StartVmInstance#1": 1.0})
    change_file = os.path.join("playbooks", "changes", "scale_resize.yml")
    proc = run_change(scale, change_file, "-l", "zstack-lab")
    assert proc.returncode != 0
    assert "Rollback: rolled back" in proc.stdout, proc.text[-3000:]
    assert resources(scale.lab.snapshot()) == resources(before)
    assert report(scale)["outcome"]["status"] == "rolled_back"


TOOL = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tools", "run_change.py")


def tool_inventory(runner):
    """The labs as an inventory file for tools/run_change.py (its own copy of the project, HTTPS with the lab CAs)."""
    zstack, apsara = runner.lab, runner.apsara
    inventory = {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
                 "zstack": {"vars": {"cloud_platform": "zstack"}, "hosts": {"zstack-lab": {
                     "zstack_endpoint": zstack.https_url, "zstack_account": zstack.account,
                     "zstack_password": zstack.password, "zstack_ca_path": zstack.ca_file}}},
                 "apsara": {"vars": {"cloud_platform": "apsara"}, "hosts": {"apsara-lab": {
                     "apsara_region_id": apsara.region_id, "apsara_access_key_id": apsara.access_key_id,
                     "apsara_access_key_secret": apsara.access_key_secret,
                     "apsara_organization_id": str(apsara.organization_id),
                     "apsara_endpoints": dict(apsara.https_endpoints), "apsara_ca_path": apsara.ca_file}}}}
    path = runner.tmp / "tool-hosts.yml"
    path.write_text(yaml.safe_dump(inventory), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["scale_resize", "scale_out_apsara"])
def test_run_change_tool_dry_run_then_real(scale, name):
    """tools/run_change.py --playbook scale.yml --spec changes/<scale file>: a dry run writes nothing, the real run
    applies, each run in its own run dir with its change report."""
    inventory = tool_inventory(scale)
    runs, reports = scale.tmp / "runs", scale.tmp / "tool-reports"

    def tool(*args):
        for lab in labs(scale).values():
            lab.reset_writes()
        env = dict(os.environ, CLOUDOPS_SESSION_DIR=str(scale.tmp / "sessions"))
        env.pop("CLOUDOPS_RUN_ID", None)
        return subprocess.run([sys.executable, TOOL, "--playbook", "scale.yml", "--inventory", str(inventory),
                               "--runs-dir", str(runs), "--reports-dir", str(reports), "--spec",
                               "changes/%s.yml" % name, "-e", "@changes/scale_lab_window.yml"] + list(args),
                              cwd=str(scale.tmp), env=env, capture_output=True, text=True, timeout=600, check=False)

    dry = tool("--check")
    assert dry.returncode == 0, dry.stdout[-3000:] + dry.stderr[-2000:]
    assert writes(scale) == NO_WRITES
    real = tool()
    assert real.returncode == 0, real.stdout[-3000:] + real.stderr[-2000:]
    assert any(writes(scale).values())
    assert "change outcome: success" in real.stdout
    dry_id, real_id = sorted(os.listdir(str(runs)), key=lambda r: os.path.getmtime(str(runs / r)))
    for run_id, outcome in ((dry_id, "dry_run"), (real_id, "success")):
        with open(str(reports / "change" / run_id / "report.json"), encoding="utf-8") as handle:
            assert json.load(handle)["outcome"]["status"] == outcome


def test_apsara_scale_out_failure_is_rolled_back(scale):
    """The second RunInstances refused: the role's rescue stops and deletes the first clone, the lab is as before."""
    before = scale.apsara.snapshot()
    scale.apsara.faults.update(fail_actions={"RunInstances#2": 1.0})
    proc = run_change(scale, os.path.join("playbooks", "changes", "scale_out_apsara.yml"), "-l", "apsara-lab")
    assert proc.returncode != 0
    assert "Rollback: rolled back" in proc.stdout, proc.text[-3000:]
    assert writes(scale)["apsara-lab"] == ["RunInstances", "RunInstances", "StopInstance", "DeleteInstance"]   # the 2nd refused
    after = scale.apsara.snapshot()
    for snap in (before, after):
        for rec in snap.get("instance", {}).values():
            rec.pop("StartTime", None)
    assert after == before
    assert report(scale)["outcome"]["status"] == "rolled_back"

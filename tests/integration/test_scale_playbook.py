"""playbooks/scale.yml (role resource_scaling) against both labs' scaling worlds: each example change in check mode
(zero writes, the plan with its restarts), for real, and again (unchanged), each with a change report; bad input
fails before any write; a failure at the start of a stopped VM rolls the change back."""

import json
import os

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

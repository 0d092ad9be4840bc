"""playbooks/change_switch.yml (role switch_change) against the lab switches, unmodified netmiko: every example change
file in check mode (zero lines sent, the diff), for real (applied, saved), and again (unchanged), each with a change
report; bad input fails before any line is sent; a failure after the change rolls back and the report says so."""

import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
PLAYBOOK = "playbooks/change_switch.yml"
LAB_WINDOW = "@playbooks/changes/switch_lab_window.yml"
USER, PASSWORD = "netops", "LabSwitch#2026"
GROUPS = {"huawei_ce": ("huawei_vrpv8", ["DSW-CE-01", "DSW-CE-02"]), "huawei_vrp": ("huawei", ["CSW-S-01", "CSW-S-02"]),
          "h3c_comware": ("hp_comware", ["CSW-H3C-01", "CSW-H3C-02"])}
# example change file -> the switch it changes and a line its change leaves in the running configuration
EXAMPLES = {
    "switch_ce_vlan": ("DSW-CE-01", " port trunk allow-pass vlan 10 20 30 40"),
    "switch_vrp_vlan": ("CSW-S-01", " port trunk allow-pass vlan 10 20 30 40"),
    "switch_comware_vlan": ("CSW-H3C-01", " port trunk permit vlan 10 20 to 30 40"),
    "switch_raw_lines": ("DSW-CE-02", "ip route-static 10.88.0.0 255.255.0.0 192.0.2.1"),
}


class SwitchRunner(object):
    def __init__(self, lab, tmp):
        self.lab = lab
        self.tmp = tmp
        self.reports = tmp / "reports"
        self.inventory = tmp / "hosts.yml"
        children = {}
        for group, (device_type, names) in GROUPS.items():
            hosts = dict((n, {"ansible_host": "127.0.0.1", "ansible_port": lab.device(n).port}) for n in names)
            children[group] = {"hosts": hosts, "vars": {"switch_device_type": device_type}}
        inventory = {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
                     "switches": {"children": children, "vars": {"cloud_platform": "switch", "switch_username": USER,
                                                                 "switch_password": PASSWORD}}}
        self.inventory.write_text(yaml.safe_dump(inventory))

    def playbook(self, *args):
        env = dict(os.environ)
        env.pop("CLOUDOPS_RUN_ID", None)
        env.update({"ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"), "CLOUDOPS_REPORT_DIR": str(self.reports),
                    "CLOUDOPS_SESSION_DIR": str(self.tmp / "sessions"), "CLOUDOPS_JOURNAL_DIR": str(self.tmp / "journals"),
                    "ANSIBLE_NOCOLOR": "1", "PATH": BIN + os.pathsep + env.get("PATH", "")})
        cmd = [os.path.join(BIN, "ansible-playbook"), "-i", str(self.inventory), PLAYBOOK] + list(args)
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
        proc.text = proc.stdout + proc.stderr
        return proc

    def change(self, change_file, *args):
        self.lab.reset_writes()
        return self.playbook("-e", "@" + change_file, "-e", LAB_WINDOW, *args)

    def report(self):
        run_dir = os.path.realpath(os.path.join(str(self.reports), "change", "latest"))
        with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as handle:
            return run_dir, json.load(handle)

    def lines_sent(self, name):
        return [w["params"]["line"] for w in self.lab.writes() if w["name"] == name]


@pytest.fixture
def switches(tmp_path):
    from lab.switches import SwitchLab  # pylint: disable=import-outside-toplevel
    with SwitchLab(world="switches_demo") as lab:
        yield SwitchRunner(lab, tmp_path)


def steps(doc):
    return [s for t in doc["targets"] for s in t["steps"] if s.get("kind", "step") == "step"]


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_example_check_apply_again(switches, example):
    name, line = EXAMPLES[example]
    change_file = os.path.join("playbooks", "changes", example + ".yml")
    before = switches.lab.device(name).snapshot()

    dry = switches.change(change_file, "--check", "--diff")
    assert dry.returncode == 0, dry.text[-4000:]
    assert switches.lab.writes() == []                                  # zero lines sent
    assert line.strip() in dry.stdout                                   # the --diff shows the change's lines
    _run_dir, doc = switches.report()
    assert doc["outcome"]["status"] == "dry_run"
    assert set(s["status"] for s in steps(doc)) == {"planned"}

    applied = switches.change(change_file)
    assert applied.returncode == 0, applied.text[-4000:]
    snap = switches.lab.device(name).snapshot()
    assert line in snap["running"].split("\n") and snap["saved"] == snap["running"]
    run_dir, doc = switches.report()
    assert doc["outcome"]["status"] == "success"
    assert [t["platform"] for t in doc["targets"]] == ["switch"]
    assert set(s["status"] for s in steps(doc)) == {"applied"}
    assert steps(doc)[-1]["action"] == "save_config"
    md = open(os.path.join(run_dir, "report.md"), encoding="utf-8").read()
    assert "configure\\_" in md and line.strip() in md                # the switch steps' before -> after lines

    again = switches.change(change_file)
    assert again.returncode == 0, again.text[-4000:]
    assert switches.lines_sent(name) == []
    assert switches.report()[1]["outcome"]["status"] == "unchanged"
    assert before["running"] != snap["running"]
    for secret in (PASSWORD, "LabHashNotASecret", "LabCommunityCipher"):
        assert secret not in dry.text + applied.text + again.text


def test_bad_input_zero_lines(switches):
    bad = switches.tmp / "bad.yml"
    spec = {"vlans": [{"id": 5000}],
            "interfaces": [{"name": "10GE9/0/9", "description": "x"}, {"name": "MEth0/0/0", "shutdown": True}]}
    bad.write_text(yaml.safe_dump({"switch_change_id": "CHG-SW-BAD", "switch_change_specs": {"DSW-CE-01": spec}}),
                   encoding="utf-8")
    proc = switches.change(str(bad))
    assert proc.returncode != 0
    assert switches.lab.writes() == []
    for text in ("VLAN 5000 is outside 1-4094", "interface '10GE9/0/9' does not exist",
                 "MEth0/0/0 is the management interface: it may not be shut down"):
        assert text in proc.stdout, proc.text[-3000:]


def test_failure_is_rolled_back(switches):
    before = switches.lab.device("CSW-S-01").snapshot()
    switches.lab.faults_for("CSW-S-01").update(fail_commands={"port default vlan 40": 1.0})
    proc = switches.change(os.path.join("playbooks", "changes", "switch_vrp_vlan.yml"))
    assert proc.returncode != 0
    assert "Rollback: rolled back" in proc.stdout, proc.text[-3000:]
    after = switches.lab.device("CSW-S-01").snapshot()
    assert (after["running"], after["saved"]) == (before["running"], before["saved"])
    assert switches.report()[1]["outcome"]["status"] == "rolled_back"


def test_run_change_entry_point(switches):
    """The ansible-runner entry point runs a switch change like any other: a dry run and the real one, each with its
    change report, and exit code 0; the credentials (in the inventory) reach neither the run dir nor the report."""
    tool = [sys.executable, os.path.join(ROOT, "tools", "run_change.py"), "--playbook", "change_switch.yml",
            "--inventory", str(switches.inventory), "--runs-dir", str(switches.tmp / "runs"),
            "--reports-dir", str(switches.reports), "--spec", "changes/switch_vrp_vlan.yml", "-e", "@changes/switch_lab_window.yml"]
    env = dict(os.environ, CLOUDOPS_JOURNAL_DIR=str(switches.tmp / "journals"))
    env.pop("CLOUDOPS_RUN_ID", None)
    for extra, outcome in ((["--check"], "dry_run"), ([], "success")):
        proc = subprocess.run(tool + extra, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        assert "change outcome: %s" % outcome in proc.stdout
        assert switches.report()[1]["outcome"]["status"] == outcome
        assert PASSWORD not in proc.stdout + proc.stderr
    assert " port trunk allow-pass vlan 10 20 30 40" in switches.lab.device("CSW-S-01").snapshot()["running"].split("\n")

"""playbooks/inspect.yml with the clouds and the lab switches: one report covers three platforms, the switch demo
world's seven planted problems are findings, configuration backups are kept per run and diffed, secrets never leak."""

import json
import os

import pytest
import yaml

from test_inspect_playbook import PLANTED, all_text, latest_report  # pylint: disable=import-error

USER, PASSWORD = "netops", "LabSwitch#2026"
GROUPS = {"huawei_ce": ("huawei_vrpv8", ["DSW-CE-01", "DSW-CE-02"]), "huawei_vrp": ("huawei", ["CSW-S-01", "CSW-S-02"]),
          "h3c_comware": ("hp_comware", ["CSW-H3C-01", "CSW-H3C-02"])}
# The switch demo world's planted problems (lab/worlds/switches_demo.yml) as (check, resource name).
PLANTED_SWITCH = {
    ("switch_interface_errdown", "DSW-CE-01 10GE1/0/4"),       # 1. error-down port (bpdu-protection)
    ("switch_fan_failed", "CSW-S-01 FAN2"),                    # 2. failed fan ...
    ("switch_alarm_active", "CSW-S-01 0x8120001-1"),           # ... and its active hwFanInvalid alarm
    ("switch_cpu_high", "CSW-H3C-01"),                         # 3. CPU at 93 %
    ("switch_config_unsaved", "CSW-S-02"),                     # 4. running configuration not saved
    ("switch_ntp_unsynchronized", "DSW-CE-02"),                # 5. NTP unsynchronised
    ("switch_lldp_neighbor_missing", "DSW-CE-01 40GE1/0/2"),   # 6. cloud uplink without LLDP neighbour
    ("switch_stp_topology_change", "CSW-H3C-02 CIST"),        # 7. STP topology change 4 minutes ago
}


@pytest.fixture(scope="module")
def switch_lab():
    from lab.switches import SwitchLab  # pylint: disable=import-outside-toplevel
    with SwitchLab(world="switches_demo") as lab:
        yield lab


@pytest.fixture
def switch_runner(runner, switch_lab):
    """The clouds' Runner with the lab switches added to its inventory (group `switches`, per-vendor children)."""
    inventory = yaml.safe_load(runner.inventory.read_text())
    children = {}
    for group, (device_type, names) in GROUPS.items():
        hosts = dict((name, {"ansible_host": "127.0.0.1", "ansible_port": switch_lab.device(name).port}) for name in names)
        children[group] = {"hosts": hosts, "vars": {"switch_device_type": device_type}}
    children["huawei_ce"]["hosts"]["DSW-CE-01"]["switch_expected_lldp"] = {
        "40GE1/0/1": {"system": "cloud-gw-1", "port": "eth2"}, "40GE1/0/2": {"system": "cloud-gw-2", "port": "eth2"}}
    children["huawei_ce"]["hosts"]["DSW-CE-02"]["switch_stp_root_bridge"] = True
    # an AWX machine credential injects ansible_user / ansible_password: the role takes them when switch_* are unset
    inventory["switches"] = {"children": children, "vars": {"cloud_platform": "switch", "ansible_user": USER,
                                                            "ansible_password": PASSWORD}}
    runner.inventory.write_text(yaml.safe_dump(inventory))
    runner.switch_lab = switch_lab
    return runner


def test_one_report_covers_clouds_and_switches(switch_runner):
    runner = switch_runner
    proc = runner.playbook("playbooks/inspect.yml", "--forks", "10")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    run_dir, report = latest_report(runner.reports)
    assert set(e["platform"] for e in report["endpoints"]) == {"zstack", "apsara", "switch"}
    assert set(report["score"]["platforms"]) == {"zstack", "apsara", "switch"}
    assert report["run"]["complete"] is True
    assert not [f for f in report["findings"] if f["status"] == "ERROR"]
    failing = set((f["check_id"], f["resource"]["name"]) for f in report["findings"]
                  if f["status"] == "FAIL" and f["platform"] == "switch")
    assert failing == PLANTED_SWITCH
    clouds = set(f["check_id"] for f in report["findings"] if f["status"] == "FAIL" and f["platform"] != "switch")
    assert clouds == PLANTED
    html = open(os.path.join(run_dir, "report.html"), encoding="utf-8").read()
    assert "CSW-S-01 FAN2" in html and "Switches (CSW/DSW)" in html

    # configuration backups of this run, secrets masked, next to the reports
    run_id = os.path.basename(run_dir)
    folder = os.path.join(str(runner.reports), "switch_config", run_id, "DSW-CE-01")
    running = open(os.path.join(folder, "running.cfg"), encoding="utf-8").read()
    assert "sysname DSW-CE-01" in running and "irreversible-cipher ******" in running
    for secret in (PASSWORD, "LabHashNotASecret", "LabCommunityCipher"):
        assert secret not in proc.stdout + proc.stderr
        assert secret not in all_text(str(runner.reports))

    # a second run compares with the first backup: a change made in between is a finding with its diff
    dev = runner.switch_lab.device("CSW-H3C-02")
    from netmiko import ConnectHandler  # pylint: disable=import-outside-toplevel
    conn = ConnectHandler(device_type="hp_comware", host="127.0.0.1", port=dev.port, username=USER, password=PASSWORD,
                          fast_cli=True)
    try:
        conn.send_config_set(["vlan 88"])
    finally:
        conn.paramiko_cleanup()
    proc = runner.playbook("playbooks/inspect.yml", "-e", "inspection_hosts=switches")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    _run_dir, second = latest_report(runner.reports)
    changed = [f for f in second["findings"] if f["check_id"] == "switch_config_changed" and f["status"] == "FAIL"]
    assert [f["resource"]["name"] for f in changed] == ["CSW-H3C-02"]
    assert any("vlan 88" in line for line in changed[0]["evidence"]["diff"])
    assert set(e["platform"] for e in second["endpoints"]) == {"switch"}


def test_unreachable_switch_fails_its_host_only_and_env_credentials_work(switch_runner):
    runner = switch_runner
    inventory = yaml.safe_load(runner.inventory.read_text())
    dead = {"ansible_host": "127.0.0.1", "ansible_port": 1, "switch_conn_timeout": 2}
    inventory["switches"]["children"]["huawei_vrp"]["hosts"]["CSW-DEAD"] = dead
    # no credentials in the inventory this time: an AWX credential type's env injector supplies them
    del inventory["switches"]["vars"]["ansible_user"], inventory["switches"]["vars"]["ansible_password"]
    runner.inventory.write_text(yaml.safe_dump(inventory))
    proc = runner.playbook("playbooks/inspect.yml", "-e", "inspection_hosts=switches",
                           extra_env={"CLOUDOPS_SWITCH_USERNAME": USER, "CLOUDOPS_SWITCH_PASSWORD": PASSWORD})
    assert proc.returncode != 0
    assert "unreachable" in proc.stdout and PASSWORD not in proc.stdout + proc.stderr
    _run_dir, report = latest_report(runner.reports)
    states = dict((e["name"], e["status"]) for e in report["endpoints"])
    assert states.pop("CSW-DEAD") == "failed" and set(states.values()) == {"ok"}
    assert report["run"]["complete"] is False
    assert json.dumps(report).count(PASSWORD) == 0

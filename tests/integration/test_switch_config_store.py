"""The switch configuration comparison under AWX: every job runs in a throw-away container, so the previous run's
backup folder is gone; the previous configuration comes from the run store (here a real PostgreSQL, as AWX uses)."""

import json
import shutil

from netmiko import ConnectHandler

from test_inspect_playbook import all_text, latest_report  # pylint: disable=import-error
from test_switch_inspect_playbook import PASSWORD, USER, switch_lab, switch_runner  # noqa: F401  pylint: disable=import-error,unused-import

SECRETS = (PASSWORD, "LabHashNotASecret", "LabCommunityCipher")


def test_a_change_between_two_jobs_is_found_from_the_run_store_without_the_report_folder(switch_runner, pg_dsn):
    runner = switch_runner
    env = {"CLOUDOPS_STORE_DSN": pg_dsn}
    proc = runner.playbook("playbooks/inspect.yml", "-e", "inspection_hosts=switches", extra_env=env)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    _run_dir, first = latest_report(runner.reports)
    assert set(e["config_backup"]["previous_source"] or "" for e in first["endpoints"]) == {""}
    assert "compared with: nothing" in proc.stdout

    shutil.rmtree(str(runner.reports))           # the next job's container starts empty
    dev = runner.switch_lab.device("CSW-H3C-02")
    conn = ConnectHandler(device_type="hp_comware", host="127.0.0.1", port=dev.port, username=USER, password=PASSWORD,
                          fast_cli=True)
    try:
        conn.send_config_set(["vlan 89"])
    finally:
        conn.paramiko_cleanup()

    proc = runner.playbook("playbooks/inspect.yml", "-e", "inspection_hosts=switches", extra_env=env)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    _run_dir, second = latest_report(runner.reports)
    sources = dict((e["name"], e["config_backup"]["previous_source"]) for e in second["endpoints"])
    assert set(sources.values()) == {"run_store"}, sources
    assert all(e["config_backup"]["previous_run_id"] == first["run"]["id"] for e in second["endpoints"])
    changed = [f for f in second["findings"] if f["check_id"] == "switch_config_changed" and f["status"] == "FAIL"]
    assert [f["resource"]["name"] for f in changed] == ["CSW-H3C-02"]
    diff = changed[0]["evidence"]["diff"]
    assert "+vlan 89" in diff and any("run store, run %s" % first["run"]["id"] in line for line in diff)
    assert "compared with: run_store %s" % first["run"]["id"] in proc.stdout
    for secret in SECRETS:
        assert secret not in proc.stdout + proc.stderr + json.dumps(second) + all_text(str(runner.reports))

"""switch_inspect run in-process (patch_module_args) against the lab switches: the demo world's planted problems
are findings, bad input fails before any connection, secrets never reach the result or the backup."""

import json
import os
import socket

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import switch_inspect

from ..module_utils.switch.conftest import PASSWORD, USER, switches  # noqa: F401  pylint: disable=unused-import
from .module_runner import run_module

PLAN = {"DSW-CE-01": {"expected_lldp": {"40GE1/0/1": {"system": "cloud-gw-1", "port": "eth2"},
                                        "40GE1/0/2": {"system": "cloud-gw-2", "port": "eth2"}}},
        "DSW-CE-02": {"stp_root_bridge": True}}


def args_for(lab, name, **extra):
    dev = lab.device(name)
    args = {"switch_host": "127.0.0.1", "switch_port": dev.port, "switch_username": USER, "switch_password": PASSWORD,
            "device_type": dev.vendor.kind}
    args.update(PLAN.get(name, {}))
    args.update(extra)
    return args


def failed_ids(result):
    return sorted(set((f["check_id"], f["resource"]["name"]) for f in result["findings"] if f["status"] == "FAIL"))


@pytest.fixture(scope="module")
def results(switches, tmp_path_factory):
    """Every demo switch inspected once (with a backup), shared by the assertions below."""
    capsys = None
    backup_dir = str(tmp_path_factory.mktemp("backups"))
    out = {}
    for name in ("DSW-CE-01", "DSW-CE-02", "CSW-S-01", "CSW-S-02", "CSW-H3C-01", "CSW-H3C-02"):
        out[name] = _run(args_for(switches, name, backup_dir=backup_dir, run_id="20261207T220000Z-aaaaaa"))
    out["_backup_dir"] = backup_dir
    del capsys
    return out


def _run(args):
    from ansible.module_utils.testing import patch_module_args
    import contextlib
    import io
    buf = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(buf):
        with pytest.raises(SystemExit):
            switch_inspect.main()
    return json.loads(buf.getvalue())


def test_the_seven_planted_problems_are_findings(results):
    found = dict((name, failed_ids(r)) for name, r in results.items() if not name.startswith("_"))
    assert ("switch_interface_errdown", "DSW-CE-01 10GE1/0/4") in found["DSW-CE-01"]
    assert ("switch_fan_failed", "CSW-S-01 FAN2") in found["CSW-S-01"]
    assert ("switch_cpu_high", "CSW-H3C-01") in found["CSW-H3C-01"]
    assert ("switch_config_unsaved", "CSW-S-02") in found["CSW-S-02"]
    assert ("switch_ntp_unsynchronized", "DSW-CE-02") in found["DSW-CE-02"]
    assert ("switch_lldp_neighbor_missing", "DSW-CE-01 40GE1/0/2") in found["DSW-CE-01"]
    # the fan's alarm is active too; nothing else fails anywhere (no noise around the planted problems)
    assert ("switch_alarm_active", "CSW-S-01 0x8120001-1") in found["CSW-S-01"]
    assert found["CSW-H3C-02"] == [("switch_stp_topology_change", "CSW-H3C-02 CIST")]   # last TC 4 minutes ago
    total = sum(len(v) for v in found.values())
    assert total == 8, found
    unsaved = next(f for f in results["CSW-S-02"]["findings"] if f["check_id"] == "switch_config_unsaved")
    assert unsaved["evidence"]["first_change"] == "+vlan batch 10 20 30 40"
    assert "+ description temp-migration" in unsaved["evidence"]["diff"]


def test_result_shape_matches_the_cloud_inspections(results):
    r = results["CSW-H3C-01"]
    assert r["report_kind"] == "inspection" and r["platform"] == "switch" and not r["changed"]
    assert r["endpoint"].startswith("CSW-H3C-01 (127.0.0.1:")
    assert r["switch"]["model"] == "S6850-56HF" and r["inventory_counts"]["fans"] == 2
    assert not r["collection"]["errors"] and r["collection"]["api_calls"] > 5
    cpu = next(f for f in r["findings"] if f["check_id"] == "switch_cpu_high")
    assert cpu["severity"] == "high" and "93" in cpu["message"]["en"] and "93" in cpu["message"]["zh_CN"]
    assert all(f.get("error") is None for f in r["findings"])
    assert not [f for f in r["findings"] if f["status"] == "ERROR"]


def test_backup_written_masked_and_diffed_on_the_next_run(switches, results):
    base = results["_backup_dir"]
    folder = os.path.join(base, "20261207T220000Z-aaaaaa", "DSW-CE-01")
    running = open(os.path.join(folder, "running.cfg"), encoding="utf-8").read()
    assert "sysname DSW-CE-01" in running and "local-user netops password irreversible-cipher ******" in running
    assert "LabHashNotASecret" not in running and "LabCommunityCipher" not in running
    assert oct(os.stat(os.path.join(folder, "running.cfg")).st_mode & 0o777) == "0o600"
    assert results["DSW-CE-01"]["config_backup"]["previous_run_id"] is None
    # a later run finds the earlier backup; CSW-S-02 unchanged -> no change finding
    again = _run(args_for(switches, "CSW-S-02", backup_dir=base, run_id="20261208T220000Z-bbbbbb"))
    backup = again["config_backup"]
    assert backup["previous_run_id"] == "20261207T220000Z-aaaaaa" and not backup["changed"]
    assert backup["previous_source"] == "backup_folder" and results["CSW-S-02"]["config_backup"]["previous_source"] is None
    changed = [f for f in again["findings"] if f["check_id"] == "switch_config_changed"]
    assert [f["status"] for f in changed] == ["PASS"]


def test_config_change_between_runs_is_a_finding_with_the_diff(own_switches, tmp_path):
    base = str(tmp_path)
    first = _run(args_for(own_switches, "CSW-H3C-02", backup_dir=base, run_id="20261207T220000Z-cccccc"))
    assert first["config_backup"]["previous_run_id"] is None
    from tests.unit.plugins.module_utils.switch.conftest import make_client
    with make_client(own_switches, "CSW-H3C-02") as client:
        client.send_config(["vlan 77"])
    second = _run(args_for(own_switches, "CSW-H3C-02", backup_dir=base, run_id="20261208T220000Z-dddddd"))
    finding = next(f for f in second["findings"] if f["check_id"] == "switch_config_changed")
    assert finding["status"] == "FAIL" and finding["severity"] == "info"
    assert any("vlan 77" in line for line in finding["evidence"]["diff"])
    diff = open(os.path.join(base, "20261208T220000Z-dddddd", "CSW-H3C-02", "diff.txt"), encoding="utf-8").read()
    assert "+vlan 77" in diff


def test_password_never_in_result(results):
    for name, result in results.items():
        if not name.startswith("_"):
            assert PASSWORD not in json.dumps(result)


def test_wrong_password_fails_with_kind_auth(switches, capsys):
    failed, result = run_module(switch_inspect, args_for(switches, "CSW-S-01", switch_password="Not-The-One-9"), capsys)
    assert failed and result["error"]["kind"] == "auth" and "Not-The-One-9" not in json.dumps(result)


def test_unreachable_switch_fails_with_kind_unreachable(capsys):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    failed, result = run_module(switch_inspect, {"switch_host": "127.0.0.1", "switch_port": port, "switch_username": USER,
                                                 "switch_password": PASSWORD, "device_type": "huawei", "conn_timeout": 3},
                                capsys)
    assert failed and result["error"]["kind"] == "unreachable"


@pytest.mark.parametrize("extra, words", [
    ({"thresholds": {"switch_cpu_high": {"high_pct": 190}}}, "percentage"),
    ({"thresholds": {"switch_no_such_check": {}}}, "unknown check id"),
    ({"expected_lldp": {"40GE1/0/1": "cloud-gw-1"}}, "expected_lldp.40GE1/0/1"),
    ({"switch_port": 70000}, "switch_port"),
])
def test_bad_input_fails_before_connecting(extra, words, capsys):
    args = {"switch_host": "192.0.2.1.invalid", "switch_username": USER, "switch_password": PASSWORD,
            "device_type": "huawei", "conn_timeout": 1}
    args.update(extra)
    failed, result = run_module(switch_inspect, args, capsys)
    assert failed and words in result["msg"]
    assert "error" not in result or result["error"].get("kind") != "unreachable"


@pytest.fixture
def own_switches():
    from lab.switches import SwitchLab  # pylint: disable=import-outside-toplevel
    with SwitchLab(world="switches_demo") as lab:
        yield lab


def test_inspection_under_faults(own_switches):
    """Fault knobs at inspection time: a failed supply and a flapping port are findings; a refused display command
    and a session dropped mid-collection leave ERROR findings naming the cause instead of silent passes."""
    own_switches.faults_for("DSW-CE-02").update(power_failed=["PWR2"])
    result = _run(args_for(own_switches, "DSW-CE-02"))
    failed = failed_ids(result)
    assert ("switch_power_failed", "DSW-CE-02 PWR2") in failed
    assert any(check == "switch_alarm_active" for check, _name in failed)

    own_switches.faults_for("CSW-S-02").update(fail_commands={"^display stp brief$": 1.0})
    result = _run(args_for(own_switches, "CSW-S-02"))
    errors = [f for f in result["findings"] if f["status"] == "ERROR"]
    assert [f["check_id"] for f in errors] == ["switch_stp_port_blocked", "switch_stp_unexpected_root"]
    assert "rejected_command" in errors[0]["message"]["en"] and "stp" in result["collection"]["errors"]
    assert ("switch_config_unsaved", "CSW-S-02") in failed_ids(result)        # the rest still judged

    own_switches.faults_for("CSW-H3C-02").update(drop_on={"^display lldp": 1.0})
    # netmiko notices a closed channel only when read_timeout runs out; the client then tells it from a slow device
    result = _run(args_for(own_switches, "CSW-H3C-02", read_timeout=3))
    errors = result["collection"]["errors"]
    assert errors["lldp"].startswith("connection_lost")
    assert all(v.endswith("not collected after the session failed") for k, v in errors.items() if k != "lldp")
    assert "switch_lldp_neighbor_missing" in [f["check_id"] for f in result["findings"] if f["status"] == "ERROR"]
    assert result["inventory_counts"]["fans"] == 2          # collected before the drop

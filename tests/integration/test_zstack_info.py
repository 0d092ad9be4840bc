"""zstack_info and the inventory plugin, run by ansible as an engineer would."""

import os

import yaml


def test_zstack_info_playbook(runner):
    proc = runner.playbook("tests/integration/playbooks/zstack_info.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "failed=0" in proc.stdout
    assert runner.lab.password not in proc.stdout + proc.stderr


def test_one_session_per_run_and_logged_out(fresh_runner):
    before = fresh_runner.lab.stats()
    proc = fresh_runner.playbook("tests/integration/playbooks/zstack_info.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = fresh_runner.lab.stats()
    # Five successful tasks share one session; the wrong-password task's failed login is the only other attempt.
    assert after["logins"] - before["logins"] == 1
    assert after["logouts"] - before["logouts"] == 1


def test_inventory_plugin_groups_vms(runner, tmp_path):
    source = tmp_path / "lab.zstack.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.zstack",
        "endpoint": runner.lab.https_url,
        "account": runner.lab.account,
        "password": runner.lab.password,
        "ca_path": runner.lab.ca_file,
        "include_hosts": True,
        "keyed_groups": [{"key": "zstack_platform", "prefix": "os"}],
        "groups": {"big_vms": "zstack_memory_size >= 4294967296"},
    }))
    inventory = runner.inventory_list(source)
    vms = inventory["zstack_vms"]["hosts"]
    assert len(vms) >= 10
    assert any(group.startswith("zstack_zone_") for group in inventory)
    assert any(group.startswith("zstack_cluster_") for group in inventory)
    assert "zstack_state_paused" in inventory
    assert inventory["zstack_hosts"]["hosts"]
    assert any(group.startswith("os_") for group in inventory)
    hostvars = inventory["_meta"]["hostvars"]
    assert all(hostvars[name]["zstack_uuid"] for name in vms)
    assert runner.lab.password not in str(inventory)


def test_inventory_plugin_cache_serves_without_the_endpoint(fresh_runner, tmp_path):
    source = tmp_path / "cached.zstack.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.zstack",
        "endpoint": fresh_runner.lab.http_url,
        "account": fresh_runner.lab.account,
        "password": fresh_runner.lab.password,
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "cache"),
        "cache_timeout": 3600,
    }))
    first = fresh_runner.inventory_list(source)
    calls = fresh_runner.lab.stats()["requests"]
    second = fresh_runner.inventory_list(source)
    assert fresh_runner.lab.stats()["requests"] == calls  # served from the cache, no API call
    assert sorted(first["zstack_vms"]["hosts"]) == sorted(second["zstack_vms"]["hosts"])
    assert fresh_runner.lab.password not in (tmp_path / "cache").joinpath(os.listdir(str(tmp_path / "cache"))[0]).read_text()

"""apsara_info and the apsara inventory plugin, run by ansible as an engineer would, against the Apsara lab."""

import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


class ApsaraRunner(object):
    """Runs ansible commands from the repo root with the repo's ansible.cfg."""

    def __init__(self, lab, tmp_path):
        self.lab = lab
        self.tmp = tmp_path
        self.inventory = tmp_path / "hosts.yml"
        host = {
            "apsara_access_key_id": lab.access_key_id,
            "apsara_access_key_secret": lab.access_key_secret,
            "apsara_region_id": lab.region_id,
            "apsara_organization_id": lab.organization_id,
            "apsara_endpoints": lab.https_endpoints,
            "apsara_ca_path": lab.ca_file,
        }
        self.inventory.write_text(yaml.safe_dump({
            "all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
            "apsara": {"hosts": {"apsara-lab": host}, "vars": {"cloud_platform": "apsara"}},
        }))

    def env(self, extra=None):
        env = dict(os.environ)
        env.pop("CLOUDOPS_RUN_ID", None)
        for name in list(env):
            if name.startswith("APSARA_"):
                env.pop(name)
        env.update({
            "ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"),
            "CLOUDOPS_REPORT_DIR": str(self.tmp / "reports"),
            "CLOUDOPS_SESSION_DIR": str(self.tmp / "sessions"),
            "ANSIBLE_NOCOLOR": "1",
            "PATH": BIN + os.pathsep + env.get("PATH", ""),
        })
        env.update(extra or {})
        return env

    def playbook(self, playbook, *args):
        cmd = [os.path.join(BIN, "ansible-playbook"), "-i", str(self.inventory), playbook] + list(args)
        return subprocess.run(cmd, cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=600, check=False)

    def inventory_list(self, source, extra_env=None):
        cmd = [os.path.join(BIN, "ansible-inventory"), "-i", str(source), "--list"]
        proc = subprocess.run(cmd, cwd=ROOT, env=self.env(extra_env), capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr
        assert self.lab.access_key_secret not in proc.stdout + proc.stderr
        return json.loads(proc.stdout)


def plain(value):
    """ansible-inventory --list marks strings from an API as {"__ansible_unsafe": ...}."""
    if isinstance(value, dict) and set(value) == {"__ansible_unsafe"}:
        return value["__ansible_unsafe"]
    return value


@pytest.fixture(scope="module")
def apsara_lab():
    lab_module = pytest.importorskip("lab.apsara")
    with lab_module.ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


@pytest.fixture
def fresh_apsara_lab():
    lab_module = pytest.importorskip("lab.apsara")
    with lab_module.ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


def test_apsara_info_playbook(apsara_lab, tmp_path):
    runner = ApsaraRunner(apsara_lab, tmp_path)
    proc = runner.playbook("tests/integration/playbooks/apsara_info.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "failed=0" in proc.stdout
    assert apsara_lab.access_key_secret not in proc.stdout + proc.stderr


def test_apsara_info_playbook_verbose_never_shows_the_secret(apsara_lab, tmp_path):
    runner = ApsaraRunner(apsara_lab, tmp_path)
    proc = runner.playbook("tests/integration/playbooks/apsara_info.yml", "-vvv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert apsara_lab.access_key_secret not in proc.stdout + proc.stderr


def test_inventory_plugin_groups_instances(apsara_lab, tmp_path):
    runner = ApsaraRunner(apsara_lab, tmp_path)
    source = tmp_path / "lab.apsara.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.apsara",
        "region_id": apsara_lab.region_id,
        "organization_id": apsara_lab.organization_id,
        "endpoints": apsara_lab.https_endpoints,
        "ca_path": apsara_lab.ca_file,
        "keyed_groups": [{"key": "apsara_os_type", "prefix": "os"}],
        "groups": {"big_instances": "apsara_memory is not none and apsara_memory >= 8192"},
        "compose": {"instance_label": "apsara_instance_id ~ '@' ~ apsara_zone_id"},
    }))
    # Credentials from the environment, as the PLUGINS doc fragment promises.
    inventory = runner.inventory_list(source, {"APSARA_ACCESS_KEY_ID": apsara_lab.access_key_id,
                                               "APSARA_ACCESS_KEY_SECRET": apsara_lab.access_key_secret})
    hosts = inventory["apsara_instances"]["hosts"]
    assert len(hosts) >= 5
    for prefix in ("apsara_zone_", "apsara_vswitch_", "apsara_status_"):
        assert any(group.startswith(prefix) for group in inventory), prefix
    assert any(group.startswith("apsara_tag_") for group in inventory)
    assert any(group.startswith("os_") for group in inventory)
    hostvars = inventory["_meta"]["hostvars"]
    for name in hosts:
        hostvar = dict((key, plain(value)) for key, value in hostvars[name].items())
        assert hostvar["apsara_instance_id"].startswith("i-")
        assert hostvar["instance_label"].startswith(hostvar["apsara_instance_id"] + "@")
        if hostvar["apsara_private_ip"]:
            assert hostvar["ansible_host"] == hostvar["apsara_private_ip"]


def test_inventory_plugin_cache_serves_without_the_endpoint(fresh_apsara_lab, tmp_path):
    runner = ApsaraRunner(fresh_apsara_lab, tmp_path)
    source = tmp_path / "cached.apsara.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.apsara",
        "access_key_id": fresh_apsara_lab.access_key_id,
        "access_key_secret": fresh_apsara_lab.access_key_secret,
        "region_id": fresh_apsara_lab.region_id,
        "endpoints": fresh_apsara_lab.endpoints,
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "cache"),
        "cache_timeout": 3600,
    }))
    first = runner.inventory_list(source)
    calls = fresh_apsara_lab.stats()["requests"]
    second = runner.inventory_list(source)
    assert fresh_apsara_lab.stats()["requests"] == calls  # served from the cache, no API call
    assert sorted(first["apsara_instances"]["hosts"]) == sorted(second["apsara_instances"]["hosts"])
    cache_dir = tmp_path / "cache"
    for name in os.listdir(str(cache_dir)):
        assert fresh_apsara_lab.access_key_secret not in (cache_dir / name).read_text()


def test_inventory_plugin_wrong_secret_fails_cleanly(apsara_lab, tmp_path):
    runner = ApsaraRunner(apsara_lab, tmp_path)
    source = tmp_path / "bad.apsara.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.apsara",
        "access_key_id": apsara_lab.access_key_id,
        "access_key_secret": "definitely-wrong-secret",
        "region_id": apsara_lab.region_id,
        "endpoints": apsara_lab.endpoints,
        "retries": 0,
    }))
    cmd = [os.path.join(BIN, "ansible-inventory"), "-i", str(source), "--list"]
    proc = subprocess.run(cmd, cwd=ROOT, env=runner.env({"ANSIBLE_INVENTORY_UNPARSED_FAILED": "1"}), capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode != 0
    assert "SignatureDoesNotMatch" in proc.stderr
    assert "definitely-wrong-secret" not in proc.stdout + proc.stderr

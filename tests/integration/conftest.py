"""Integration: real ansible-playbook runs against a lab this fixture starts on ephemeral ports."""

import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


class Runner(object):
    """Runs ansible commands from the repo root with the repo's ansible.cfg, like an engineer."""

    def __init__(self, lab, tmp_path, apsara=None):
        self.lab = lab
        self.apsara = apsara
        self.tmp = tmp_path
        self.reports = tmp_path / "reports"
        self.inventory = tmp_path / "hosts.yml"
        self.write_inventory()

    def write_inventory(self, **overrides):
        host = {
            "zstack_endpoint": self.lab.https_url,
            "zstack_account": self.lab.account,
            "zstack_password": self.lab.password,
            "zstack_validate_certs": True,
            "zstack_ca_path": self.lab.ca_file,
        }
        host.update(overrides)
        inventory = {
            "all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
            "zstack": {"hosts": {"zstack-lab": host}, "vars": {"cloud_platform": "zstack"}},
        }
        rule = [{"name": "prod-daily", "match": {"tag": "env=prod"}, "rpo_hours": 24, "retention_days": 7}]
        host.update({"backup_validation_requirements": rule, "backup_validation_restore_resources": ["DATA-app-01-1", "DATA-db-01-1"],
                     "backup_validation_content_probe_url": self.lab.http_url + "/_lab/content/{id}"})
        if self.apsara is not None:
            inventory["apsara"] = {"vars": {"cloud_platform": "apsara"}, "hosts": {"apsara-lab": {
                "apsara_region_id": self.apsara.region_id,
                "apsara_access_key_id": self.apsara.access_key_id,
                "apsara_access_key_secret": self.apsara.access_key_secret,
                "apsara_organization_id": str(self.apsara.organization_id),
                "apsara_endpoints": dict(self.apsara.https_endpoints),
                "apsara_ca_path": self.apsara.ca_file,
                "backup_validation_requirements": rule,
                "backup_validation_restore_resources": ["app-01-data1", "db-02-data1"],
                "backup_validation_content_probe_url": self.apsara.http_url + "/_lab/content/{id}",
            }}}
        self.inventory.write_text(yaml.safe_dump(inventory))

    def env(self, extra=None):
        env = dict(os.environ)
        env.pop("CLOUDOPS_RUN_ID", None)
        env.update({
            "ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"),
            "CLOUDOPS_REPORT_DIR": str(self.reports),
            "CLOUDOPS_SESSION_DIR": str(self.tmp / "sessions"),
            # change journals persist across runs of one change id (docs/changes.md): one store per test
            "CLOUDOPS_JOURNAL_DIR": str(self.tmp / "journals"),
            "ANSIBLE_NOCOLOR": "1",
            "PATH": BIN + os.pathsep + env.get("PATH", ""),
        })
        env.update(extra or {})
        return env

    def playbook(self, playbook, *args, extra_env=None):
        cmd = [os.path.join(BIN, "ansible-playbook"), "-i", str(self.inventory), playbook] + list(args)
        return subprocess.run(cmd, cwd=ROOT, env=self.env(extra_env), capture_output=True, text=True, timeout=600, check=False)

    def inventory_list(self, source):
        cmd = [os.path.join(BIN, "ansible-inventory"), "-i", str(source), "--list"]
        proc = subprocess.run(cmd, cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def apsara_lab():
    """The Apsara demo world on ephemeral loopback ports."""
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


@pytest.fixture
def runner(zstack_lab, apsara_lab, tmp_path):
    return Runner(zstack_lab, tmp_path, apsara_lab)


@pytest.fixture
def fresh_runner(fresh_lab, tmp_path):
    return Runner(fresh_lab, tmp_path)

"""The shipped inventories resolve as the playbooks need them: every endpoint local, every run filed under a site.

A `group_vars/all/` directory beside `group_vars/all.yml` makes Ansible ignore the file (and with it
`ansible_connection: local`): every task then tries SSH to the endpoint's name.  This keeps that from coming back.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".venv", "bin")


@pytest.mark.parametrize("inventory, site", [("inventories/lab/hosts.yml", "lab"), ("inventories/example/hosts.yml", "example-customer")])
def test_every_endpoint_runs_locally_under_the_site(inventory, site):
    proc = subprocess.run([os.path.join(BIN, "ansible-inventory"), "-i", inventory, "--list"], cwd=ROOT,
                          env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    hostvars = json.loads(proc.stdout)["_meta"]["hostvars"]
    endpoints = [h for h, v in hostvars.items() if v.get("cloud_platform") in ("zstack", "apsara")]
    assert endpoints
    for host in endpoints:
        assert hostvars[host]["ansible_connection"] == "local", host
        assert hostvars[host]["cloudops_site"] == site, host

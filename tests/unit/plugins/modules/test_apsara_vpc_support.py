"""Fixtures and helpers of the Apsara VPC change module tests (no tests here).

The lab world is the demo world plus one VPC, vpc-shared (192.168.0.0/16, vSwitches vsw-shared-a/-b), that no
router interface connects yet: peerings and NAT gateways have somewhere to go.  Module code runs in-process
(module_runner), the lab's write log says whether anything was written.
"""

import os

import pytest
import yaml

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import module as apsara_module
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import client_from_params

from .module_runner import run_module

ASYNC = 0.05
DEMO = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "lab", "worlds", "apsara_demo.yml")
SHARED = {"name": "vpc-shared", "cidr": "192.168.0.0/16", "rg": "prod",
          "vswitches": [{"name": "vsw-shared-a", "zone": "cn-lab-1a", "cidr": "192.168.1.0/24"},
                        {"name": "vsw-shared-b", "zone": "cn-lab-1b", "cidr": "192.168.2.0/24"}]}


@pytest.fixture(name="vpc_world")
def vpc_world_fixture(tmp_path):
    with open(DEMO, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    spec["vpcs"].append(SHARED)
    path = tmp_path / "apsara_vpc_changes.yml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return str(path)


@pytest.fixture(name="vlab")
def vlab_fixture(vpc_world):
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world=vpc_world, host="127.0.0.1", http_port=0, https_port=None, async_seconds=ASYNC) as lab:
        yield lab


@pytest.fixture(name="fast_retries")
def fast_retries_fixture(monkeypatch):
    """Client backoff in milliseconds, so fault-heavy runs stay quick (the delays are not under test)."""
    def fast(params):
        client = client_from_params(params)
        client.base_delay, client.max_delay = 0.005, 0.02
        return client
    monkeypatch.setattr(apsara_module.ApsaraModule, "client_from_params", staticmethod(fast))


def args(lab, change_id="CHG-TEST-1", **extra):
    result = {"access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret, "region_id": lab.region_id,
              "organization_id": lab.organization_id, "endpoints": lab.endpoints, "wait_timeout": 30,
              "change": {"id": change_id, "ticket": "ITSM-1", "operator": "tester"}}
    result.update(extra)
    return result


def run(module, lab, capsys, check_mode=False, **extra):
    params = args(lab, **extra)
    if check_mode:
        params["_ansible_check_mode"] = True
    return run_module(module, params, capsys)


def steps(result):
    """(action, target name, status) of every change record."""
    return [(r["action"], r["target"]["name"], r["status"]) for r in result["changes"]]


def statuses(result):
    return set(r["status"] for r in result["changes"])


def writes(lab):
    return [w["name"] for w in lab.writes()]

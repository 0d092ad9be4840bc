"""execution-environment.yml: valid for ansible-builder 3, the same pins as requirements.txt, and
`ansible-builder create` writes the build context offline (tools/awx_ee.py)."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import tarfile

import pytest
import yaml

from tests.unit.awx.awx_specs import ROOT

EE_FILE = os.path.join(ROOT, "execution-environment.yml")


def _ee():
    with open(EE_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _requirements():
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.startswith("#")]


def test_the_definition_passes_ansible_builders_schema():
    from ansible_builder.ee_schema import validate_schema  # pylint: disable=import-outside-toplevel

    ee = _ee()
    validate_schema(ee)
    assert ee["version"] == 3
    bad = copy.deepcopy(ee)
    bad["build_arg_defaults"]["EE_BASE_IMAGE"] = "x"     # a v1/v2 build arg, gone in v3
    with pytest.raises(Exception, match="EE_BASE_IMAGE"):
        validate_schema(bad)


def test_ansible_core_and_runner_are_the_pinned_ones():
    ee = _ee()
    pins = dict(re.match(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)$", r).groups() for r in _requirements())
    assert ee["dependencies"]["ansible_core"]["package_pip"] == "ansible-core==" + pins["ansible-core"]
    assert ee["dependencies"]["ansible_runner"]["package_pip"] == "ansible-runner==" + pins["ansible-runner"]
    assert ee["dependencies"]["python"] == "requirements.txt"


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """tools/awx_ee.py run with every proxy pointing at a closed port: a network call would fail the build."""
    ctx = tmp_path_factory.mktemp("ee") / "context"
    env = dict(os.environ, http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", PIP_NO_INDEX="1")
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "awx_ee.py"), "--context", str(ctx)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return ctx


def test_create_writes_the_build_context(context):
    containerfile = (context / "Containerfile").read_text()
    assert "FROM $EE_BASE_IMAGE AS base" in containerfile and "quay.io/centos/centos:stream9" in containerfile
    assert "ansible-core==2.19.14" in containerfile
    assert "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml" in containerfile
    built = [line.strip() for line in (context / "_build" / "requirements.txt").read_text().splitlines()]
    assert [line for line in built if line and not line.startswith("#")] == _requirements()
    bindep = (context / "_build" / "bindep.txt").read_text()
    for package in ("libpq [platform:rpm]", "google-noto-sans-cjk-ttc-fonts [platform:rpm]", "chromium-headless [platform:rpm]"):
        assert package in bindep


def test_the_context_carries_this_collection(context):
    reqs = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    tarball = context / "_build" / reqs["collections"][0]["name"]
    with tarfile.open(tarball) as tf:
        names = tf.getnames()
        manifest = yaml.safe_load(tf.extractfile("MANIFEST.json").read())
    assert manifest["collection_info"]["namespace"] == "cloudops" and manifest["collection_info"]["name"] == "privatecloud"
    assert "plugins/callback/report.py" in names and "roles/inspection/meta/argument_specs.yml" in names

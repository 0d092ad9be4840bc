# -*- coding: utf-8 -*-
"""End to end: the callback under ansible-playbook and under ansible-runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from ..plugin_utils.reporting.synthetic import inspection_result

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
VENV_BIN = os.path.dirname(sys.executable)
PYTHON = sys.executable
COLLECTIONS = os.path.join(ROOT, "build", "collections")

MODULE = textwrap.dedent('''\
    #!/usr/bin/python
    import json
    from ansible.module_utils.basic import AnsibleModule


    def main():
        m = AnsibleModule(argument_spec={"fixture": {"type": "path"}, "fail": {"type": "bool", "default": False},
                                         "report_kind": {"type": "str"}})
        if m.params["fail"]:
            # a report module says its report kind in its failures too; a local module has no RETURN docs to read it from
            m.fail_json(msg="cannot reach endpoint <api>: connection refused", report_kind=m.params["report_kind"])
        with open(m.params["fixture"]) as fh:
            m.exit_json(**json.load(fh))


    if __name__ == "__main__":
        main()
    ''')

PLAYBOOK = textwrap.dedent('''\
    - hosts: endpoints
      gather_facts: false
      tasks:
        - name: inspect
          test_inspect:
            fixture: "{{ fixture }}"
            fail: "{{ inspect_fails | default(false) | bool }}"
            report_kind: inspection
        - name: something unrelated
          ansible.builtin.set_fact:
            x: 1
        - name: a later task fails on one host
          ansible.builtin.fail:
            msg: later failure
          when: later_fails | default(false) | bool
    ''')


def make_project(tmp_path, hosts):
    project = tmp_path / "project"
    (project / "library").mkdir(parents=True)
    (project / "library" / "test_inspect.py").write_text(MODULE)
    (project / "site.yml").write_text(PLAYBOOK)
    lines = ["[endpoints]"]
    for i, (name, extra) in enumerate(hosts):
        fixture = tmp_path / ("%s.json" % name)
        fixture.write_text(json.dumps(inspection_result(endpoint="https://%s.example" % name, n=40, hostile=True, seed=i + 1)))
        lines.append("%s fixture=%s %s" % (name, fixture, extra))
    lines += ["[endpoints:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % PYTHON]
    (project / "hosts.ini").write_text("\n".join(lines) + "\n")
    return project


def env_for(out_dir, lang="en"):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
        "ANSIBLE_CALLBACKS_ENABLED": "cloudops.privatecloud.report",
        "ANSIBLE_PYTHON_INTERPRETER": PYTHON,
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "CLOUDOPS_REPORT_DIR": str(out_dir),
        "CLOUDOPS_REPORT_LANG": lang,
        "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
    })
    return env


def run_playbook(project, out_dir, *extra, lang="en"):
    cmd = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", "hosts.ini", "site.yml"] + list(extra)
    return subprocess.run(cmd, cwd=str(project), env=env_for(out_dir, lang), capture_output=True, text=True, check=False, timeout=300)


def latest(out_dir):
    path = os.path.join(str(out_dir), "inspection", "latest", "report.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def test_playbook_writes_report_and_delta(tmp_path):
    project = make_project(tmp_path, [("zs-a", ""), ("zs-b", "")])
    out = tmp_path / "reports"
    proc = run_playbook(project, out, "-e", "awx_user_name=alice")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cloudops report [inspection] score" in proc.stdout
    doc = latest(out)
    assert doc["run"]["complete"] is True and doc["run"]["operator"] == "alice"
    assert doc["run"]["playbook"] == "site.yml" and doc["run"]["ansible_version"]
    assert sorted(e["name"] for e in doc["endpoints"]) == ["zs-a", "zs-b"]
    assert len(doc["findings"]) == 80 and doc["delta"]["previous_run_id"] is None
    run_dir = out / "inspection" / doc["run"]["id"]
    for name in ("report.json", "report.html", "report.md", "junit.xml"):
        assert (run_dir / name).is_file()
    assert os.path.islink(str(out / "inspection" / "latest"))
    assert "<script>alert(1)</script>" not in (run_dir / "report.html").read_text(encoding="utf-8")

    proc = run_playbook(project, out, "-e", "cloudops_report_language=zh_CN")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    second = latest(out)
    assert second["run"]["id"] != doc["run"]["id"]
    assert second["delta"]["previous_run_id"] == doc["run"]["id"]
    assert second["delta"]["new"] == [] and len(second["delta"]["persisting"]) == second["summary"]["by_status"]["FAIL"]
    assert second["run"]["language"] == "zh_CN"
    assert "巡检报告" in (out / "inspection" / second["run"]["id"] / "report.html").read_text(encoding="utf-8")
    index = json.loads((out / "inspection" / "index.json").read_text())
    assert [r["id"] for r in index["runs"]] == [second["run"]["id"], doc["run"]["id"]]


def test_failed_endpoint_and_later_failure_mark_run_incomplete(tmp_path):
    project = make_project(tmp_path, [("zs-a", ""), ("zs-down", "inspect_fails=true"), ("zs-late", "later_fails=true")])
    out = tmp_path / "reports"
    proc = run_playbook(project, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    doc = latest(out)
    assert doc["run"]["complete"] is False
    eps = dict((e["name"], e) for e in doc["endpoints"])
    assert eps["zs-down"]["status"] == "failed" and "connection refused" in eps["zs-down"]["error"]
    assert eps["zs-late"]["status"] == "ok" and any("later failure" in w for w in eps["zs-late"]["warnings"])
    reasons = " ".join(doc["run"]["incomplete_reasons"])
    assert "zs-down" in reasons and "zs-late" in reasons
    junit = (out / "inspection" / doc["run"]["id"] / "junit.xml").read_text()
    assert 'classname="zs-down"' in junit


def test_formats_option_and_unrelated_playbook(tmp_path):
    project = make_project(tmp_path, [("zs-a", "")])
    (project / "noop.yml").write_text("- hosts: endpoints\n  gather_facts: false\n  tasks:\n    - ansible.builtin.debug: msg=hi\n")
    out = tmp_path / "reports"
    env = env_for(out)
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-playbook"), "-i", "hosts.ini", "noop.yml"], cwd=str(project), env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0 and not out.exists()
    env["CLOUDOPS_REPORT_FORMATS"] = "md"
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-playbook"), "-i", "hosts.ini", "site.yml"], cwd=str(project), env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    run_dir = out / "inspection" / latest(out)["run"]["id"]
    assert sorted(os.listdir(str(run_dir))) == ["report.json", "report.md"]


def test_under_ansible_runner(tmp_path):
    ansible_runner = pytest.importorskip("ansible_runner")
    project = make_project(tmp_path, [("zs-a", ""), ("zs-down", "inspect_fails=true")])
    pdd = tmp_path / "pdd"
    (pdd / "inventory").mkdir(parents=True)
    (pdd / "inventory" / "hosts").write_text((project / "hosts.ini").read_text())
    os.rename(str(project), str(pdd / "project"))
    out = tmp_path / "reports"
    env = env_for(out)
    envvars = dict((k, env[k]) for k in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_CALLBACKS_ENABLED", "ANSIBLE_PYTHON_INTERPRETER",
                                         "CLOUDOPS_REPORT_DIR", "ANSIBLE_LOCALHOST_WARNING", "PATH"))
    r = ansible_runner.run(private_data_dir=str(pdd), playbook="site.yml", envvars=envvars, quiet=True,
                           extravars={"tower_user_name": "awx-bob"})
    assert r.status == "failed" and r.rc == 2
    doc = latest(out)
    assert doc["run"]["operator"] == "awx-bob" and doc["run"]["complete"] is False
    assert dict((e["name"], e["status"]) for e in doc["endpoints"]) == {"zs-a": "ok", "zs-down": "failed"}
    assert "cloudops report [inspection]" in r.stdout.read()


def test_interrupted_run_still_writes_incomplete_report(tmp_path):
    import signal
    import time

    project = make_project(tmp_path, [("zs-a", "")])
    (project / "slow.yml").write_text(textwrap.dedent('''\
        - hosts: endpoints
          gather_facts: false
          tasks:
            - name: inspect
              test_inspect:
                fixture: "{{ fixture }}"
            - name: long task
              ansible.builtin.command: sleep 60
        '''))
    out = tmp_path / "reports"
    proc = subprocess.Popen([os.path.join(VENV_BIN, "ansible-playbook"), "-i", "hosts.ini", "slow.yml"], cwd=str(project),
                            env=env_for(out), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    seen = ""
    while time.time() < deadline:
        line = proc.stdout.readline()
        seen += line
        if "long task" in line:
            break
    time.sleep(2)
    proc.send_signal(signal.SIGINT)
    rest, _err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    doc = latest(out)
    assert doc["run"]["complete"] is False
    assert any("interrupted" in r for r in doc["run"]["incomplete_reasons"])
    assert doc["endpoints"][0]["status"] == "ok" and len(doc["findings"]) == 40
    assert "cloudops report [inspection]" in seen + rest

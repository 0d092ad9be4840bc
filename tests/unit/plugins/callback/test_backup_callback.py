# -*- coding: utf-8 -*-
"""End to end: the callback writes the backup report from *_backup_validate and *_restore_test results."""
from __future__ import annotations

import json
import os
import textwrap

from ..plugin_utils.reporting.synthetic import SOURCE_HOSTILE, backup_validate_result, restore_test_result
from .test_report_callback import MODULE, PYTHON, run_playbook

# Test-only modules: a failed result belongs to the report kind it names (report_kind), as the real modules' do.
PLAYBOOK = textwrap.dedent('''\
    - hosts: endpoints
      gather_facts: false
      tasks:
        - name: validate backups
          test_backup_validate:
            fixture: "{{ validate_fixture }}"
            fail: "{{ validate_fails | default(false) | bool }}"
            report_kind: backup
        - name: restore test
          test_restore_test:
            fixture: "{{ restore_fixture }}"
            fail: "{{ restore_fails | default(false) | bool }}"
            report_kind: backup
    ''')


def make_project(tmp_path, hosts):
    project = tmp_path / "project"
    (project / "library").mkdir(parents=True)
    (project / "library" / "test_backup_validate.py").write_text(MODULE)
    (project / "library" / "test_restore_test.py").write_text(MODULE)
    (project / "site.yml").write_text(PLAYBOOK)
    lines = ["[endpoints]"]
    for name, extra in hosts:
        url = "https://%s.example" % name
        validate = tmp_path / ("%s-validate.json" % name)
        validate.write_text(json.dumps(backup_validate_result(endpoint=url)))
        restore = tmp_path / ("%s-restore.json" % name)
        restore.write_text(json.dumps(restore_test_result(endpoint=url)))
        lines.append("%s validate_fixture=%s restore_fixture=%s %s" % (name, validate, restore, extra))
    lines += ["[endpoints:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % PYTHON]
    (project / "hosts.ini").write_text("\n".join(lines) + "\n")
    return project


def latest_backup(out_dir):
    with open(os.path.join(str(out_dir), "backup", "latest", "report.json"), encoding="utf-8") as fh:
        return json.load(fh)


def test_backup_report_end_to_end(tmp_path):
    project = make_project(tmp_path, [("zs-a", ""), ("ap-b", "")])
    out = tmp_path / "reports"
    proc = run_playbook(project, out, "-e", "cloudops_report_language=zh_CN")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cloudops report [backup] score" in proc.stdout and "cloudops report [backup] coverage 75.0% (6/8)" in proc.stdout
    assert not (out / "inspection").exists()
    doc = latest_backup(out)
    assert doc["kind"] == "backup" and doc["schema_version"] and doc["run"]["complete"] is True
    assert sorted(e["name"] for e in doc["endpoints"]) == ["ap-b", "zs-a"]
    for e in doc["endpoints"]:
        assert len(e["protection"]) == 5 and len(e["restore_tests"]) == 2 and len(e["leftovers"]) == 1
    assert doc["backup"]["restore_tests"]["failed"] == 2
    run_dir = out / "backup" / doc["run"]["id"]
    for name in ("report.json", "report.html", "report.md", "junit.xml"):
        assert (run_dir / name).is_file()
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "备份报告" in html and SOURCE_HOSTILE not in html
    assert (out / "backup" / "index.html").is_file()
    assert json.loads((out / "backup" / "index.json").read_text())["runs"][0]["id"] == doc["run"]["id"]


def test_failed_restore_task_marks_run_incomplete(tmp_path):
    project = make_project(tmp_path, [("zs-a", ""), ("zs-bad", "restore_fails=true")])
    out = tmp_path / "reports"
    proc = run_playbook(project, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    doc = latest_backup(out)
    assert doc["run"]["complete"] is False
    eps = dict((e["name"], e) for e in doc["endpoints"])
    assert eps["zs-a"]["status"] == "ok"
    bad = eps["zs-bad"]
    assert bad["status"] == "failed" and "connection refused" in bad["error"]
    assert len(bad["protection"]) == 5 and bad["restore_tests"] == []  # validation data kept
    assert any("zs-bad" in r and "restore test" in r for r in doc["run"]["incomplete_reasons"])
    junit = (out / "backup" / doc["run"]["id"] / "junit.xml").read_text(encoding="utf-8")
    assert 'classname="zs-bad" name="backup"' in junit


def test_failed_validate_task_is_a_failed_endpoint(tmp_path):
    project = make_project(tmp_path, [("zs-down", "validate_fails=true")])
    out = tmp_path / "reports"
    proc = run_playbook(project, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    doc = latest_backup(out)
    assert doc["run"]["complete"] is False
    assert [(e["name"], e["status"]) for e in doc["endpoints"]] == [("zs-down", "failed")]

# -*- coding: utf-8 -*-
"""End to end under ansible-playbook: the real change_window action, test modules named like the change
modules (returning realistic results made with the real ChangeTracker), and the report callback writing
reports/change/<run-id>/."""
from __future__ import annotations

import datetime
import json
import os
import textwrap
import xml.etree.ElementTree as ET

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds

from ..plugin_utils import change_synthetic as cs
from .test_report_callback import PYTHON, run_playbook

MODULE = textwrap.dedent('''\
    #!/usr/bin/python
    import json
    from ansible.module_utils.basic import AnsibleModule


    def main():
        m = AnsibleModule(argument_spec={"fixture": {"type": "path", "required": True}}, supports_check_mode=True)
        with open(m.params["fixture"]) as fh:
            data = json.load(fh)
        if data.pop("failed", False):
            m.fail_json(**data)
        m.exit_json(**data)


    if __name__ == "__main__":
        main()
    ''')

# The shape of the vpc_change role: window check, pre-check, apply in a block, rollback in the rescue.
PLAYBOOK = textwrap.dedent('''\
    - hosts: endpoints
      gather_facts: false
      serial: "{{ batch_size | default(10) | int }}"
      tasks:
        - name: change window
          cloudops.privatecloud.change_window:
            change: {id: CHG-2026-1127-01, ticket: ITSM-4711, title: "Connect vpc-prod <script>alert(1)</script>"}
            window: {start: "{{ win_start }}", end: "{{ win_end }}", timezone: Asia/Shanghai}
          register: window_check
        - name: end the play after the deadline
          ansible.builtin.meta: end_play
          when: window_check.end_play
        - name: pre-check
          apsara_vpc_precheck:
            fixture: "{{ plan_fixture }}"
        - name: apply and verify
          block:
            - name: apply
              apsara_vpc:
                fixture: "{{ item }}"
              loop: "{{ apply_fixtures }}"
            - name: hold the batch until the window has closed
              ansible.builtin.pause:
                seconds: "{{ window_check.window.remaining_s | int + 1 }}"
              when: hold | default(false) | bool
          rescue:
            - name: rollback
              apsara_vpc_rollback:
                fixture: "{{ rollback_fixture }}"
            - name: report the failure
              ansible.builtin.fail:
                msg: "CHG-2026-1127-01 failed on {{ inventory_hostname }}; rolled back"
        - name: a task whose output is secret
          apsara_vpc:
            fixture: "{{ secret_fixture }}"
          no_log: true
          when: secret_fixture is defined
    ''')


def local(delta_s):
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta_s)
    return now.astimezone(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")


def dump(path, data):
    path.write_text(json.dumps(data))
    return str(path)


def make_project(tmp_path, hosts, start=-3600, end=3600):
    """`hosts`: {name: {"apply": [result, ...], "rollback": result or None, ...}}."""
    project = tmp_path / "project"
    (project / "library").mkdir(parents=True)
    for name in ("apsara_vpc_precheck", "apsara_vpc", "apsara_vpc_rollback"):
        (project / "library" / ("%s.py" % name)).write_text(MODULE)
    (project / "site.yml").write_text(PLAYBOOK)
    lines = ["[endpoints]"]
    for i, (name, spec) in enumerate(hosts.items()):
        endpoint = "https://127.0.0.%d:18453" % (10 + i)
        plan = dump(tmp_path / ("%s-plan.json" % name), cs.plan_result(host_endpoint=endpoint))
        applies = [dump(tmp_path / ("%s-apply-%d.json" % (name, n)), r) for n, r in enumerate(spec["apply"](endpoint))]
        rollback = dump(tmp_path / ("%s-rollback.json" % name), spec["rollback"](endpoint) if spec.get("rollback") else {"msg": "-"})
        extra = " ".join("%s=%s" % kv for kv in spec.get("vars", {}).items())
        if spec.get("secret"):
            extra += " secret_fixture=%s" % dump(tmp_path / ("%s-secret.json" % name), spec["secret"](endpoint))
        lines.append("%s plan_fixture=%s rollback_fixture=%s apply_fixtures='%s' %s" % (
            name, plan, rollback, json.dumps(applies), extra))
    lines += ["[endpoints:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % PYTHON,
              "win_start='%s'" % local(start), "win_end='%s'" % local(end), "cloud_platform=apsara"]
    (project / "hosts.ini").write_text("\n".join(lines) + "\n")
    return project


def latest_change(out):
    with open(os.path.join(str(out), "change", "latest", "report.json"), encoding="utf-8") as fh:
        return json.load(fh)


def all_artifacts(out):
    for root, _dirs, files in os.walk(str(out)):
        for name in files:
            # the run store (store.sqlite3) is binary: decode leniently, a secret in clear would still show
            with open(os.path.join(root, name), "rb") as fh:
                yield name, fh.read().decode("utf-8", errors="replace")


def steps(doc, host):
    return [(s["action"], s["target"].get("name"), s["status"]) for t in doc["targets"] if t["name"] == host for s in t["steps"]]


def test_successful_change_and_no_log_result_is_not_report_material(tmp_path):
    def secret(endpoint):
        r = cs.apply_result(upto=1, endpoint=endpoint, ctx=cs.change(title="title carries %s" % cs.SECRET))
        r["changes"][0]["action"] = "create_secret_thing"   # a new uid: it would show if it were collected
        return r
    hosts = {"ap-a": {"apply": lambda e: [cs.apply_result(upto=2, endpoint=e), cs.apply_result(endpoint=e)], "secret": secret},
             "ap-b": {"apply": lambda e: [cs.apply_result(endpoint=e, unchanged=True)]}}
    project = make_project(tmp_path, hosts)
    out = tmp_path / "reports"
    proc = run_playbook(project, out, "-e", "awx_user_name=alice", lang="zh_CN")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cloudops report [change] CHG-2026-1127-01: outcome success - 4 applied, 4 unchanged; window open; run complete" in proc.stdout
    doc = latest_change(out)
    assert doc["outcome"]["status"] == "success" and doc["run"]["complete"] is True and doc["run"]["check_mode"] is False
    assert doc["run"]["operator"] == "alice" and doc["change"]["operator"] == "alice" and doc["run"]["language"] == "zh_CN"
    assert [t["name"] for t in doc["targets"]] == ["ap-a", "ap-b"]
    assert [s for _a, _n, s in steps(doc, "ap-a")] == ["applied"] * 4 and [s for _a, _n, s in steps(doc, "ap-b")] == ["unchanged"] * 4
    assert all(p["status"] in ("applied", "unchanged") for p in doc["planned"]) and len(doc["planned"]) == 8
    assert not any(a == "create_secret_thing" for a, _n, _s in steps(doc, "ap-a"))
    run_dir = out / "change" / doc["run"]["id"]
    for name in ("report.json", "report.html", "report.md", "junit.xml"):
        assert (run_dir / name).is_file()
    assert "变更报告" in (run_dir / "report.html").read_text(encoding="utf-8")
    assert json.loads((out / "change" / "index.json").read_text())["runs"][0]["outcome"] == "success"
    for name, text in all_artifacts(out):
        assert cs.SECRET not in text, name
        # data stores (the JSON, the run store) keep the text as it is; renderers must escape it
        assert "<script>alert(1)</script>" not in text or name.endswith(".json") or ".sqlite3" in name, name
    assert not (out / "inspection").exists() and not (out / "backup").exists()


def test_failed_change_in_a_loop_is_rolled_back(tmp_path):
    def applies(endpoint):
        return [cs.apply_result(upto=2, endpoint=endpoint), cs.apply_result(fail_at=2, endpoint=endpoint)]

    def rollback(endpoint):
        first, failed = applies(endpoint)
        journal = first["journal"] + [j for j in failed["journal"] if j["record_uid"] == failed["changes"][2]["uid"]]
        return cs.rollback_result(journal, endpoint=endpoint)
    project = make_project(tmp_path, {"ap-a": {"apply": applies, "rollback": rollback}})
    out = tmp_path / "reports"
    proc = run_playbook(project, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "outcome rolled_back" in proc.stdout
    doc = latest_change(out)
    assert doc["outcome"]["status"] == "rolled_back" and doc["run"]["complete"] is True
    assert steps(doc, "ap-a") == [
        ("create_vpc", "vpc-prod", "rolled_back"), ("create_vswitch", "vsw-a", "rolled_back"), ("create_vswitch", "vsw-b", "rolled_back"),
        ("modify_route_table", "vtb-prod", "not_started"),
        ("rollback_vswitch", "vsw-b", "rolled_back"), ("rollback_vswitch", "vsw-a", "rolled_back"), ("rollback_vpc", "vpc-prod", "rolled_back")]
    target = doc["targets"][0]
    assert target["steps"][2]["original_status"] == "failed" and "InvalidVSwitchId" in target["steps"][2]["error"]
    assert any("rolled back" in e["message"] for e in target["errors"])
    junit = ET.parse(str(out / "change" / doc["run"]["id"] / "junit.xml")).getroot()
    assert junit.get("failures") == "3" and junit.get("skipped") == "1"


def test_refused_outside_the_window(tmp_path):
    project = make_project(tmp_path, {"ap-a": {"apply": lambda e: [cs.apply_result(endpoint=e)]},
                                      "ap-b": {"apply": lambda e: [cs.apply_result(endpoint=e)]}}, start=3 * 3600, end=5 * 3600)
    out = tmp_path / "reports"
    proc = run_playbook(project, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "change window for CHG-2026-1127-01 opens at" in proc.stdout
    doc = latest_change(out)
    assert doc["outcome"]["status"] == "refused" and doc["change"]["window"]["state"] == "not_yet_open"
    assert [(t["name"], t["status"]) for t in doc["targets"]] == [("ap-a", "refused"), ("ap-b", "refused")]
    assert steps(doc, "ap-b") == [("start_change", "ap-b", "not_started")] and doc["planned"] == []
    assert [t["platform"] for t in doc["targets"]] == ["apsara", "apsara"]   # from hostvars, for hosts that never ran


def test_deadline_between_serial_batches_ends_the_play_cleanly(tmp_path):
    project = make_project(tmp_path, {"ap-a": {"apply": lambda e: [cs.apply_result(endpoint=e)], "vars": {"hold": "true"}},
                                      "ap-b": {"apply": lambda e: [cs.apply_result(endpoint=e)]}}, start=-3600, end=12)
    out = tmp_path / "reports"
    proc = run_playbook(project, out, "-e", "batch_size=1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = latest_change(out)
    assert doc["outcome"]["status"] == "partial" and doc["run"]["complete"] is True
    assert [(t["name"], t["status"]) for t in doc["targets"]] == [("ap-a", "changed"), ("ap-b", "not_started")]
    assert steps(doc, "ap-b") == [("start_change", "ap-b", "not_started")]
    assert doc["targets"][1]["steps"][0]["reason"] == "deadline passed before this batch started"
    assert "TASK [pre-check]" in proc.stdout and proc.stdout.count("TASK [pre-check]") == 1


def test_check_mode_is_labelled_a_dry_run(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDOPS_RUN_ID", "20261127T000000Z-abcdef")   # tools/run_change.py names the run
    project = make_project(tmp_path, {"ap-a": {"apply": lambda e: [cs.apply_result(endpoint=e, check_mode=True)]}},
                           start=3600, end=7200)
    out = tmp_path / "reports"
    proc = run_playbook(project, out, "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "outcome dry_run (dry run) - 4 planned" in proc.stdout
    doc = latest_change(out)
    assert doc["run"]["id"] == "20261127T000000Z-abcdef"
    assert doc["run"]["check_mode"] is True and doc["outcome"]["status"] == "dry_run"
    html = (out / "change" / doc["run"]["id"] / "report.html").read_text(encoding="utf-8")
    assert 'id="dry-run"' in html and "DRY RUN (check mode)" in html


def test_run_for_change_only_an_interruption_is_incomplete():
    run = {"id": "r", "incomplete_reasons": ["ap-a: failed or unreachable (from the play stats)"]}
    assert kinds.get("inspection").run_for(run, False) is run
    calm = kinds.get("change").run_for(run, False)
    assert calm["incomplete_reasons"] == [] and calm["notes"] == run["incomplete_reasons"]
    cut = kinds.get("change").run_for(run, True)
    assert cut["incomplete_reasons"] == run["incomplete_reasons"] and cut["notes"] == []

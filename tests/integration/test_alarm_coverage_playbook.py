"""playbooks/alarm_coverage.yml: the audit on both clouds, then the remediation as a change in its window (dry run writes
nothing, apply creates only the baseline's missing rules and writes the change report, again changes nothing)."""
from __future__ import annotations

import datetime
import json


def window():
    now = datetime.datetime.now(datetime.timezone.utc)
    return {"start": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "end": (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+00:00"), "timezone": "UTC"}


def test_audit_then_remediate_in_the_window(fresh_runner, apsara_lab, tmp_path):
    from tests.integration.conftest import Runner  # pylint: disable=import-outside-toplevel
    runner = Runner(fresh_runner.lab, tmp_path, apsara_lab)
    proc = runner.playbook("playbooks/alarm_coverage.yml")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "no_notification: bs-usage-high" in proc.stdout and "no_notification: ecs-disk-high" in proc.stdout
    alarms = len(runner.lab.state.all("alarm"))
    rules = set(apsara_lab.state.table("alarm_rule"))
    change = ["-e", "alarm_coverage_state=present", "-e", "alarm_coverage_id=CHG-ALARMS-1", "-e",
              json.dumps({"alarm_coverage_window": window()}), "-e", "alarm_coverage_hosts=zstack"]
    proc = runner.playbook("playbooks/alarm_coverage.yml", "--check", "--diff", *change)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert len(runner.lab.state.all("alarm")) == alarms
    proc = runner.playbook("playbooks/alarm_coverage.yml", *change)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    made = sorted(a["name"] for a in runner.lab.state.all("alarm"))
    assert "cloudops-vm-MemoryUsedInPercent" in made and "cloudops-vpc-router-CPUAverageUsedUtilization" in made
    assert len(made) == alarms + 2 and set(apsara_lab.state.table("alarm_rule")) == rules
    report = json.loads((runner.reports / "change" / "latest" / "report.json").read_text(encoding="utf-8"))
    actions = sorted((s["action"], s["status"]) for t in report["targets"] for s in t["steps"])
    assert actions.count(("create_alarm", "applied")) == 2
    proc = runner.playbook("playbooks/alarm_coverage.yml", *change)
    assert proc.returncode == 0 and len(runner.lab.state.all("alarm")) == alarms + 2

"""playbooks/inspect.yml against the demo world: the report shows every planted problem and nothing else FAILs."""

import json
import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The demo world's planted problems (lab/worlds/demo.yml) and the checks that must catch them.
PLANTED_ZSTACK = {
    "zstack_host_disconnected",        # a disconnected host
    "zstack_ps_physical_usage",        # a primary storage over 90 % physically used
    "zstack_ps_allocation",            # ... which is also over-allocated
    "zstack_backup_job_last_failed",   # a failed backup job
    "zstack_license_expiring",         # licence expiring within 15 days
    "zstack_vm_paused",                # a paused VM
    "zstack_alarm_firing",             # a firing alarm ...
    "zstack_alarm_unread_backlog",     # ... whose alarm record nobody has read
    "zstack_vpc_router_disconnected",  # a VPC router not Connected
    "zstack_public_ip_pool_usage",     # an L3 (public) IP pool almost exhausted
    "zstack_vm_without_backup_job",    # web-06, the prod VM nobody backs up (backup demo)
}
# ... and the Apsara demo world's (lab/worlds/apsara_demo.yml).
PLANTED_APSARA = {
    "apsara_instance_operation_locked",      # an instance locked for arrears
    "apsara_instance_prepaid_expiring",      # a subscription instance expiring in 5 days
    "apsara_disk_unattached",                # a data disk detached for 40 days
    "apsara_disk_no_auto_snapshot_policy",   # a prod data disk without a snapshot policy
    "apsara_vswitch_ip_exhaustion",          # a vSwitch with 6 free IPs
    "apsara_eip_unassociated",               # an EIP bound to nothing
    "apsara_sg_ssh_open_world",              # SSH open to 0.0.0.0/0
    "apsara_cms_alarm_firing",               # a CMS alarm rule in ALARM
    "apsara_rds_backup_last_failed",         # an RDS instance whose latest backup failed ...
    "apsara_rds_backup_stale",               # ... so its last good backup is older than the RPO
    "apsara_slb_backend_abnormal",           # an SLB backend reported abnormal
    "apsara_disk_snapshot_stale",            # mon-01-data1, newest snapshot 4 days old (backup demo)
}
PLANTED = PLANTED_ZSTACK | PLANTED_APSARA


def latest_report(reports):
    run_dir = os.path.realpath(os.path.join(str(reports), "inspection", "latest"))
    with open(os.path.join(run_dir, "report.json")) as handle:
        return run_dir, json.load(handle)


def all_text(directory):
    chunks = []
    for base, _dirs, files in os.walk(directory):
        for name in files:
            with open(os.path.join(base, name), "rb") as handle:
                chunks.append(handle.read().decode("utf-8", "replace"))
    return "\n".join(chunks)


def test_demo_inspection_report(runner):
    proc = runner.playbook("playbooks/inspect.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    run_dir, report = latest_report(runner.reports)
    failing = set(f["check_id"] for f in report["findings"] if f["status"] == "FAIL")
    assert failing == PLANTED, "missing %s, unexpected %s" % (sorted(PLANTED - failing), sorted(failing - PLANTED))
    assert report["run"]["complete"] is True
    assert not [f for f in report["findings"] if f["status"] == "ERROR"]
    assert "score" in proc.stdout and "report.html" in proc.stdout
    assert set(report["score"]["platforms"]) == {"zstack", "apsara"}
    assert set(e["platform"] for e in report["endpoints"]) == {"zstack", "apsara"}

    html = open(os.path.join(run_dir, "report.html"), encoding="utf-8").read()
    markdown = open(os.path.join(run_dir, "report.md"), encoding="utf-8").read()
    assert "<script>alert(1)</script>" not in html and "<script>alert(1)</script>" not in markdown
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # self-contained, nothing fetched

    junit = ET.parse(os.path.join(run_dir, "junit.xml")).getroot()
    cases = junit.findall(".//testcase")
    assert len(cases) == sum(len(e["checks_run"]) for e in report["endpoints"])
    assert len([c for c in cases if c.find("failure") is not None]) == len(PLANTED)

    # The other language, rebuilt from the JSON alone.
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "render_report.py"), os.path.join(run_dir, "report.json"),
                    "--language", "zh_CN", "--out", os.path.join(run_dir, "zh_CN")], check=True)
    zh_html = open(os.path.join(run_dir, "zh_CN", "report.html"), encoding="utf-8").read()
    assert "巡检报告" in zh_html

    # The password never leaves the inventory: not in output, not in any artifact.
    for secret in (runner.lab.password, runner.apsara.access_key_secret):
        assert secret not in proc.stdout + proc.stderr
        assert secret not in all_text(str(runner.reports))


def test_an_unreachable_endpoint_marks_the_run_incomplete(runner):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    dead = "http://127.0.0.1:%d" % sock.getsockname()[1]
    sock.close()
    inventory = yaml.safe_load(runner.inventory.read_text())
    inventory["zstack"]["hosts"]["zstack-dead"] = {"zstack_endpoint": dead, "zstack_account": "admin",
                                                   "zstack_password": "x", "zstack_timeout": 2}
    runner.inventory.write_text(yaml.safe_dump(inventory))
    proc = runner.playbook("playbooks/inspect.yml")
    assert proc.returncode != 0
    assert dead.split("//")[1] in proc.stdout  # the error names the endpoint
    _run_dir, report = latest_report(runner.reports)
    assert report["run"]["complete"] is False
    states = dict((e["name"], e["status"]) for e in report["endpoints"])
    assert states == {"zstack-lab": "ok", "apsara-lab": "ok", "zstack-dead": "failed"}
    assert set(f["check_id"] for f in report["findings"] if f["status"] == "FAIL") >= {"zstack_host_disconnected"}

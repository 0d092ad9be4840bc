"""Issue 13, end to end: one inspection and one VPC change in each real-world mode, with real ansible-playbook runs.

- ZStack with AccessKey authentication (signed requests, no account or password in the inventory);
- Apsara through the ASAPI gateway port only (``apsara_asapi_endpoint``, no per-product endpoints);
- the Apsara gateway answering an error in XML although JSON was asked for (knob ``xml_error_codes``), and ZStack
  202 ``location`` URLs without the ``/zstack`` context path (knob ``location_context_path``).

Each test gets its own pair of demo labs with fast async operations (the changes write). A mode's inspection is
compared with the same lab inspected the usual way (account/password, POP endpoints) in the same test, so
"the same findings" means the same checks on the same resources with the same statuses. The change is
playbooks/changes/vpc_service_routes.yml, the smallest example (one route per cloud).
"""

import json
import os
import re

import pytest
import yaml

from conftest import Runner  # pylint: disable=import-error
# pylint: disable=import-error
from test_change_vpc_playbook import labs as lab_by_host, recap, report, step_statuses, steps, targets, writes
from test_inspect_playbook import PLANTED_APSARA, PLANTED_ZSTACK, all_text, latest_report
# pylint: enable=import-error

CHANGE = os.path.join("playbooks", "changes", "vpc_service_routes.yml")
LAB_WINDOW = "@playbooks/changes/lab_window.yml"


@pytest.fixture
def labs(fresh_lab, tmp_path):
    """A Runner on a private ZStack and a private Apsara demo lab (with its ASAPI port), fast async operations."""
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    fresh_lab.faults.update(job_seconds=0.02)
    with ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0, async_seconds=0.02,
                   asapi_port=0) as apsara:
        assert apsara.asapi_url
        yield Runner(fresh_lab, tmp_path, apsara)


def zstack_access_key(lab):
    """The admin account's AccessKey of the demo world (world key access_keys)."""
    return next(k for k in lab.info()["access_keys"] if k["account"] == lab.account)


def use_zstack_access_key(runner):
    """Rewrite the inventory: the ZStack host signs with an AccessKey and has no account or password."""
    key = zstack_access_key(runner.lab)
    inventory = yaml.safe_load(runner.inventory.read_text())
    host = inventory["zstack"]["hosts"]["zstack-lab"]
    del host["zstack_account"], host["zstack_password"]
    host.update(zstack_access_key_id=key["id"], zstack_access_key_secret=key["secret"])
    runner.inventory.write_text(yaml.safe_dump(inventory))


def use_apsara_asapi(runner):
    """Rewrite the inventory: the Apsara host reaches every product through the ASAPI gateway only."""
    inventory = yaml.safe_load(runner.inventory.read_text())
    host = inventory["apsara"]["hosts"]["apsara-lab"]
    del host["apsara_endpoints"]
    host["apsara_asapi_endpoint"] = runner.apsara.asapi_url
    runner.inventory.write_text(yaml.safe_dump(inventory))
    assert "apsara_endpoints" not in yaml.safe_load(runner.inventory.read_text())["apsara"]["hosts"]["apsara-lab"]


def inspect(runner, host):
    proc = runner.playbook("playbooks/inspect.yml", "--limit", host)
    proc.text = proc.stdout + proc.stderr
    return proc


def outcome(findings):
    """What an inspection found, independent of how the endpoint was reached: check, resource, status.

    Endpoint-level checks name the endpoint URL in their resource (``cn-lab-1 https://host:port/``); that URL is
    the way in, which differs by mode on purpose, so it is left out of the comparison.
    """
    return sorted((f["check_id"], re.sub(r"https?://\S+", "<endpoint>", f["resource"]["uuid"]), f["status"])
                  for f in findings)


def text_of(message):
    """A finding's message in English (messages are bilingual dicts; plain text tolerated)."""
    return message.get("en", "") if isinstance(message, dict) else str(message or "")


def change(runner, host, *args):
    """ansible-playbook playbooks/change_vpc.yml -e @vpc_service_routes.yml -e @lab_window.yml --limit HOST."""
    for lab in lab_by_host(runner).values():
        lab.reset_writes()
    proc = runner.playbook("playbooks/change_vpc.yml", "-e", "@" + CHANGE, "-e", LAB_WINDOW, "--limit", host, *args)
    proc.text = proc.stdout + proc.stderr
    return proc


def assert_applied_then_unchanged(runner, host):
    """The change applies on HOST (writes, applied steps, no failed post-check); a second run writes nothing."""
    before = lab_by_host(runner)[host].snapshot()
    applied = change(runner, host)
    assert applied.returncode == 0, applied.text[-4000:]
    doc = report(runner)
    assert doc["outcome"]["status"] == "success", doc["outcome"]
    target = targets(doc)[host]
    assert "applied" in step_statuses(target), steps(target)
    assert set(step_statuses(target)) <= {"applied", "unchanged"}, steps(target)
    assert all(c["status"] != "FAIL" for s in target["steps"] for c in s.get("post_checks") or [])
    written = writes(runner)
    assert written[host], "the change wrote nothing on %s" % host
    assert lab_by_host(runner)[host].snapshot() != before

    again = change(runner, host)
    assert again.returncode == 0, again.text[-4000:]
    assert writes(runner) == {"apsara-lab": [], "zstack-lab": []}
    doc = report(runner)
    assert doc["outcome"]["status"] == "unchanged", doc["outcome"]
    assert set(step_statuses(targets(doc)[host])) == {"unchanged"}, steps(targets(doc)[host])
    assert recap(again, host)["changed"] == 0
    applied.written = written[host]
    return applied, again


# -- (a) ZStack with AccessKey authentication ----------------------------------------------------------------------

def inspect_twice(runner, host, switch_mode, planted):
    """Inspect HOST the usual way, switch_mode(runner), inspect again: the same findings, all planted ones, no
    ERROR. Returns the second run's process and report."""
    usual = inspect(runner, host)
    assert usual.returncode == 0, usual.text[-4000:]
    _run_dir, expected = latest_report(runner.reports)

    switch_mode(runner)
    proc = inspect(runner, host)
    assert proc.returncode == 0, proc.text[-4000:]
    _run_dir, got = latest_report(runner.reports)
    assert got["run"]["complete"] is True
    assert not [f for f in got["findings"] if f["status"] == "ERROR"]
    assert set(f["check_id"] for f in got["findings"] if f["status"] == "FAIL") == planted
    assert outcome(got["findings"]) == outcome(expected["findings"])
    return proc, got


def test_zstack_access_key_inspection_and_change(labs):
    def switch(runner):
        use_zstack_access_key(runner)
        runner.lab.reset_stats()

    by_key, _doc = inspect_twice(labs, "zstack-lab", switch, PLANTED_ZSTACK)
    applied, again = assert_applied_then_unchanged(labs, "zstack-lab")
    assert labs.lab.stats()["logins"] == 0          # signed requests only: no session was ever opened
    secret = zstack_access_key(labs.lab)["secret"]
    for proc in (by_key, applied, again):
        assert secret not in proc.text
    assert secret not in all_text(str(labs.reports))


# -- (b) Apsara through the ASAPI gateway only ---------------------------------------------------------------------

def test_apsara_asapi_inspection_and_change(labs):
    by_asapi, got = inspect_twice(labs, "apsara-lab", use_apsara_asapi, PLANTED_APSARA)
    # ... and the endpoint was reached through the gateway, not the POP port (this run's findings name the way
    # in; the report's comparison with the previous run still names the POP one, so only findings are read)
    reported = json.dumps(got["findings"])
    assert labs.apsara.asapi_url.rstrip("/") in reported and labs.apsara.https_url.rstrip("/") not in reported

    applied, again = assert_applied_then_unchanged(labs, "apsara-lab")
    for proc in (by_asapi, applied, again):
        assert labs.apsara.access_key_secret not in proc.text


# -- (c) XML error bodies, and ZStack locations without the context path -------------------------------------------

# A dataset the Apsara inspection reads (EIPs), refused with the lab's default non-retriable 4xx
# (OperationDenied, lab/apsara/faults.py) and answered in XML although the client asked for JSON.
XML_FAILED_ACTION = "DescribeEipAddresses"
XML_FAILED_CODE = "OperationDenied"


def test_xml_error_body_is_an_error_finding_with_the_api_code(labs):
    labs.apsara.faults.update(fail_actions={XML_FAILED_ACTION: 1.0}, xml_error_codes=[XML_FAILED_CODE])
    proc = inspect(labs, "apsara-lab")
    # a dataset that could not be read makes the run incomplete; the report is still written
    _run_dir, doc = latest_report(labs.reports)
    errors = [f for f in doc["findings"] if f["status"] == "ERROR"]
    assert errors, proc.text[-4000:]
    messages = [text_of(f["message"]) for f in errors]
    # the code and the RequestId come from the XML body's <Code> and <RequestId>
    assert any(XML_FAILED_CODE in m and "RequestId" in m and XML_FAILED_ACTION in m for m in messages), messages
    for message in messages:
        assert "<?xml" not in message and "<Error>" not in message and "<Code>" not in message, message
    # the other datasets were read: the planted problems that do not need EIPs are still found
    failing = set(f["check_id"] for f in doc["findings"] if f["status"] == "FAIL")
    assert PLANTED_APSARA - failing <= {"apsara_eip_unassociated"}, sorted(PLANTED_APSARA - failing)


def test_zstack_change_follows_locations_without_the_context_path(labs):
    labs.lab.faults.update(location_context_path="")
    applied, _again = assert_applied_then_unchanged(labs, "zstack-lab")
    # the route went through ZStack's async API (202 + a location without /zstack) and its job was followed
    assert "AddVRouterRouteEntry" in applied.written, applied.written
    assert "unexpected async location" not in applied.text

"""playbooks/change_vpc.yml (role vpc_change) against both labs: the example changes, bad input, the window, faults.

Every test gets its own pair of labs (they start in well under a second) with fast async operations, so a test
may change state; the labs' write logs tell "zero writes" and their snapshots tell "restored exactly".
"""

import datetime
import json
import os
import re
import threading
import time

import pytest
import yaml

from test_inspect_playbook import all_text  # pylint: disable=import-error

PLAYBOOK = "playbooks/change_vpc.yml"
LAB_WINDOW = "@playbooks/changes/lab_window.yml"
EXAMPLES = ["vpc_networks", "vpc_peering", "vpc_internet", "vpc_service_routes"]
HOSTS = ("apsara-lab", "zstack-lab")


@pytest.fixture
def change(fresh_runner):
    """A Runner (tests/integration/conftest.py) on a private ZStack and a private Apsara demo lab."""
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    fresh_runner.lab.faults.update(job_seconds=0.02)
    with ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=0, async_seconds=0.02) as apsara:
        fresh_runner.apsara = apsara
        fresh_runner.write_inventory()
        yield fresh_runner


def labs(runner):
    return {"apsara-lab": runner.apsara, "zstack-lab": runner.lab}


def run_change(runner, change_file, *args, lab_window=True):
    """ansible-playbook playbooks/change_vpc.yml -e @<change> [-e @lab_window.yml] ARGS, with the write logs reset."""
    for lab in labs(runner).values():
        lab.reset_writes()
    extra = ["-e", "@" + change_file]
    if lab_window:
        extra += ["-e", LAB_WINDOW]
    # each test's persisted change journals (module_utils/change/journal_file.py) in its own directory
    proc = runner.playbook(PLAYBOOK, *(extra + list(args)), extra_env={"CLOUDOPS_JOURNAL_DIR": str(runner.tmp / "journals")})
    proc.text = proc.stdout + proc.stderr
    return proc


def example(name):
    return os.path.join("playbooks", "changes", name + ".yml")


def write_change(runner, name, **values):
    """A change file of the test's own, in the test's temp dir."""
    path = runner.tmp / (name + ".yml")
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    return str(path)


def writes(runner):
    return {host: [w["name"] for w in lab.writes()] for host, lab in labs(runner).items()}


def snapshots(runner):
    return {host: lab.snapshot() for host, lab in labs(runner).items()}


def report(runner):
    run_dir = os.path.realpath(os.path.join(str(runner.reports), "change", "latest"))
    with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def targets(doc):
    return {t["name"]: t for t in doc["targets"]}


def step_statuses(target, kind="step"):
    return [s["status"] for s in target["steps"] if s.get("kind", "step") == kind]


def steps(target):
    """(action, target name, status) of a target's steps, for assertion messages."""
    return [(s["action"], s["target"].get("name"), s["status"]) for s in target["steps"]]


def recap(proc, host):
    """{ok, changed, failed, ...} of the PLAY RECAP line of a host."""
    line = next(text for text in proc.stdout.splitlines() if text.startswith(host + " ") and "ok=" in text)
    return dict((k, int(v)) for k, v in (part.split("=") for part in line.split(":", 1)[1].split()))


def window(start_s, end_s):
    """A window relative to now, in Shanghai time with its offset, as a change board would write it."""
    tz = datetime.timezone(datetime.timedelta(hours=8))
    now = datetime.datetime.now(tz).replace(microsecond=0)
    return {"start": (now + datetime.timedelta(seconds=start_s)).isoformat(),
            "end": (now + datetime.timedelta(seconds=end_s)).isoformat(), "timezone": "Asia/Shanghai"}


def assert_no_secret(runner, proc):
    for secret in (runner.lab.password, runner.apsara.access_key_secret):
        assert secret not in proc.text
        assert secret not in all_text(str(runner.reports))


# A dry run of a change whose later items use what its earlier items create (a network on a new VPC router, a
# peering of a new VPC) needs the apply modules to take, in check mode, a reference the pre-check already found
# "created earlier in the spec". zstack_vpc_network / zstack_vpc_peering and apsara_vpc_peering (default routes
# from a new VPC's CIDR) do not yet: strict, so the fix turns these into failures that ask to drop the marker.


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_dry_run_writes_nothing(change, name):
    before = snapshots(change)
    dry = run_change(change, example(name), "--check", "--diff")
    assert dry.returncode == 0, dry.text[-4000:]
    assert writes(change) == {"apsara-lab": [], "zstack-lab": []}
    assert snapshots(change) == before
    doc = report(change)
    assert doc["outcome"]["status"] == "dry_run" and doc["run"]["check_mode"] is True
    for host, target in targets(doc).items():
        assert "planned" in step_statuses(target), (host, steps(target))
        assert set(step_statuses(target)) <= {"planned", "unchanged"}, (host, steps(target))
    assert "(before)" in dry.stdout and "(after)" in dry.stdout          # --diff shows each step


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_apply_then_again_changes_nothing(change, name):
    before = snapshots(change)
    applied = run_change(change, example(name))
    assert applied.returncode == 0, applied.text[-4000:]
    doc = report(change)
    assert doc["outcome"]["status"] == "success"
    for host, target in targets(doc).items():
        assert "applied" in step_statuses(target), (host, steps(target))
        assert set(step_statuses(target)) <= {"applied", "unchanged"}, (host, steps(target))
        assert writes(change)[host], host
        assert all(c["status"] != "FAIL" for s in target["steps"] for c in s.get("post_checks") or [])
    assert snapshots(change) != before
    if name == "vpc_peering":
        # ZStack has no peering object: the run says how the two networks were connected and why
        assert "peer-app-shared: router_routes - " in applied.stdout

    again = run_change(change, example(name))
    assert again.returncode == 0, again.text[-4000:]
    assert writes(change) == {"apsara-lab": [], "zstack-lab": []}
    doc = report(change)
    assert doc["outcome"]["status"] == "unchanged"
    for host, target in targets(doc).items():
        assert set(step_statuses(target)) == {"unchanged"}, (host, steps(target))
        assert recap(again, host)["changed"] == 0
    assert_no_secret(change, again)


def test_bad_input_fails_before_any_write(change):
    """Invalid CIDR, overlapping CIDR, unknown VPC / network on both clouds: one clear message each, zero writes."""
    specs = {
        "apsara-lab": {
            "vpcs": [{"name": "vpc-bad-cidr", "cidr_block": "10.300.0.0/16"},
                     {"name": "vpc-overlap", "cidr_block": "10.10.128.0/17"}],
            "peerings": [{"name": "pcx-nowhere", "local_vpc": "vpc-prod", "peer_vpc": "vpc-nope"}]},
        "zstack-lab": {
            "networks": [{"name": "VPC-BAD-CIDR", "vpc_router": "vpc-router-app", "l2_network": "L2-VPC-NEW", "cidr": "192.168.300.0/24"},
                         {"name": "VPC-OVERLAP", "vpc_router": "vpc-router-app", "l2_network": "L2-VPC-NEW", "cidr": "192.168.10.128/25"}],
            "peerings": [{"name": "peer-nowhere", "local_network": "VPC-APP", "peer_network": "VPC-NOPE"}]},
    }
    bad = write_change(change, "bad", vpc_change_id="CHG-TEST-BAD", vpc_change_specs=specs)
    before = snapshots(change)
    # both endpoints in one batch; the operator is AWX's user when AWX runs the job
    proc = run_change(change, bad, "-e", "vpc_change_serial=2", "-e", "awx_user_name=alice")
    assert proc.returncode != 0
    assert writes(change) == {"apsara-lab": [], "zstack-lab": []} and snapshots(change) == before
    for text in ("10.300.0.0/16", "10.10.128.0/17", "vpc-prod", "vpc-nope",
                 "192.168.300.0/24", "192.168.10.128/25", "VPC-APP", "VPC-NOPE"):
        assert text in proc.stdout, text
    assert "Pre-check the change" in proc.stdout
    doc = report(change)
    assert doc["outcome"]["status"] == "failed" and doc["change"]["operator"] == "alice"
    for target in doc["targets"]:
        assert target["status"] == "failed" and "applied" not in step_statuses(target)
        assert any(c["status"] == "FAIL" for c in target["pre_checks"])


def test_missing_window_is_refused_before_any_call(change):
    no_window = write_change(change, "no_window", vpc_change_id="CHG-TEST-NOWIN", vpc_change_specs={
        "apsara-lab": {"vpcs": [{"name": "vpc-x", "cidr_block": "192.168.0.0/16"}]}})
    requests = {host: lab.stats()["requests"] for host, lab in labs(change).items()}
    proc = run_change(change, no_window, lab_window=False)
    assert proc.returncode != 0
    assert "vpc_change_window" in proc.stdout
    assert {host: lab.stats()["requests"] for host, lab in labs(change).items()} == requests


def test_closed_window_is_refused_before_any_call(change):
    requests = {host: lab.stats()["requests"] for host, lab in labs(change).items()}
    closed = json.dumps({"vpc_change_window": window(-7200, -3600)})
    proc = run_change(change, example("vpc_networks"), "-e", closed)
    assert proc.returncode != 0
    assert "change window for CHG-2026-1127-01 closed at" in proc.stdout and "override" in proc.stdout
    assert {host: lab.stats()["requests"] for host, lab in labs(change).items()} == requests
    doc = report(change)
    assert doc["outcome"]["status"] == "refused"
    assert {name: t["status"] for name, t in targets(doc).items()} == {h: "refused" for h in HOSTS}
    assert {s["status"] for t in doc["targets"] for s in t["steps"]} == {"not_started"}


def test_deadline_between_serial_batches_ends_the_play(change):
    """Two endpoints one after the other; the window closes while the first is being changed: the second is not started.

    The labs answer slowly (latency) until the deadline has passed, so the first batch always outlasts the window;
    then they answer at full speed again.
    """
    deadline_s = 15
    win = window(-60, deadline_s)
    end = time.time() + deadline_s
    for lab in labs(change).values():
        lab.faults.update(latency_ms=1000)

    def release():
        time.sleep(max(0.0, end - time.time()) + 0.5)
        for lab in labs(change).values():
            lab.faults.update(latency_ms=0)

    releaser = threading.Thread(target=release, daemon=True)
    releaser.start()
    proc = run_change(change, example("vpc_peering"), "-e", json.dumps({"vpc_change_window": win}))
    releaser.join()
    assert proc.returncode == 0, proc.text[-4000:]
    assert "deadline" in proc.text or "before this batch started" in proc.text
    doc = report(change)
    assert doc["outcome"]["status"] == "partial"
    statuses = {name: t["status"] for name, t in targets(doc).items()}
    first = next(h for h, s in statuses.items() if s != "not_started")
    second = next(h for h in HOSTS if h != first)
    assert statuses[first] == "changed" and statuses[second] == "not_started"
    assert writes(change)[second] == []


# A failure in the middle of a VPC-to-VPC and of a VPC-to-internet change, on both clouds at once: each
# endpoint rolls back exactly what the change did. (step that fails, Apsara fault, ZStack fault)
FAULTS = {
    "vpc_peering": ({"fail_actions": {"ConnectRouterInterface": 1.0}},          # after both router interfaces exist
                    {"fail_apis": {"AddVRouterRouteEntry#2": 1.0}}),          # after the first router's route
    "vpc_internet": ({"fail_actions": {"CreateSnatEntry": 1.0}},                # after NAT gateway and EIP
                     {"fail_apis": {"CreateEip": 1.0}}),                        # after the VIP
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_failure_mid_change_rolls_back_exactly(change, name):
    apsara_fault, zstack_fault = FAULTS[name]
    before = snapshots(change)
    change.apsara.faults.update(**apsara_fault)
    change.lab.faults.update(**zstack_fault)
    proc = run_change(change, example(name), "-e", "vpc_change_serial=2")     # both endpoints in one batch
    assert proc.returncode != 0
    assert snapshots(change) == before, "rollback did not restore the labs exactly"
    for host in HOSTS:
        fatal = [line for line in proc.stdout.splitlines() if line.startswith("fatal: [%s]" % host)][-1]
        assert re.search(r"failed on %s at step '[^']+' item '[^']+': .+ Rollback: rolled back: (\d+) of \1 " % host, fatal), fatal
        assert recap(proc, host)["rescued"] == 1
    doc = report(change)
    assert doc["outcome"]["status"] == "rolled_back"
    for host, target in targets(doc).items():
        assert target["status"] == "rolled_back", host
        assert "rolled_back" in step_statuses(target) and "failed" in step_statuses(target), (host, target["steps"])
        undo = step_statuses(target, kind="rollback")
        assert undo and set(undo) == {"rolled_back"}, (host, undo)
    assert_no_secret(change, proc)


def test_failed_undo_is_reported_as_rollback_failed(change):
    """The NAT gateway cannot be deleted either: the endpoint fails saying so, and the report asks for manual action."""
    change.apsara.faults.update(fail_actions={"CreateSnatEntry": 1.0, "DeleteNatGateway": 1.0})
    proc = run_change(change, example("vpc_internet"), "-l", "apsara-lab")
    assert proc.returncode != 0
    fatal = [line for line in proc.stdout.splitlines() if line.startswith("fatal: [apsara-lab]")][-1]     # the first one is the undo's
    assert "Rollback: ROLLBACK FAILED: 1 of " in fatal and "clean up by hand" in fatal, fatal
    doc = report(change)
    assert doc["outcome"]["status"] == "rollback_failed"
    target = targets(doc)["apsara-lab"]
    assert target["status"] == "rollback_failed"
    undo = step_statuses(target, kind="rollback")
    assert "rollback_failed" in undo and "rolled_back" in undo, undo      # the other undos still ran

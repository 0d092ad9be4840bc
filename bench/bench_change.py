"""Change benchmarks (issue 6), printed numbers, never asserted against a clock.

Each example change of playbooks/changes/ runs through playbooks/change_vpc.yml against fresh demo
labs of both clouds with 20 ms injected latency and the labs' default async durations (ZStack jobs
0.2 s, Apsara transitions 0.5 s): dry run, apply, the same again, and the apply with a failure
injected late in the change (rollback). Printed: wall seconds, API requests and writes the labs
counted, and whether the rollback left both labs exactly as before.
"""

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

import _paths  # noqa: F401  pylint: disable=unused-import

from lab.apsara import ApsaraLab
from lab.zstack import ZStackLab

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The integration tests' Runner builds the inventory for a pair of labs: one definition for both.
_SPEC = importlib.util.spec_from_file_location("integration_conftest", os.path.join(ROOT, "tests", "integration", "conftest.py"))
_CONFTEST = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_CONFTEST)
EXAMPLES = ["vpc_networks", "vpc_peering", "vpc_internet", "vpc_service_routes"]
LATE_FAULTS = {"vpc_peering": ({"fail_actions": {"CreateRouteEntry#2": 1.0}}, {"fail_apis": {"AddVRouterRouteEntry#2": 1.0}}),
               "vpc_internet": ({"fail_actions": {"CreateSnatEntry": 1.0}}, {"fail_apis": {"CreateEip": 1.0}})}


def timed_run(runner, labs, name, *args):
    for lab in labs:
        lab.reset_stats()
    t0 = time.perf_counter()
    proc = runner.playbook("playbooks/change_vpc.yml", "-e", "@playbooks/changes/%s.yml" % name,
                           "-e", "@playbooks/changes/lab_window.yml", "-e", "vpc_change_serial=2", *args)
    wall = time.perf_counter() - t0
    requests = sum(lab.stats()["requests"] for lab in labs)
    writes = sum(len(lab.writes()) for lab in labs)
    return proc.returncode, wall, requests, writes


def one_example(name, faults=None):
    with ZStackLab(world="demo", http_port=0, https_port=0, latency_ms=20) as zlab, \
            ApsaraLab(world="demo", http_port=0, https_port=0, latency_ms=20) as alab, \
            tempfile.TemporaryDirectory() as tmp:
        runner = _CONFTEST.Runner(zlab, Path(tmp), alab)
        labs = (zlab, alab)
        if faults:
            before = (zlab.snapshot(), alab.snapshot())
            alab.faults.update(**faults[0])
            zlab.faults.update(**faults[1])
            rc, wall, req, wr = timed_run(runner, labs, name)
            same = (zlab.snapshot(), alab.snapshot()) == before
            return [("apply+rollback", rc, wall, req, wr, "labs as before: %s" % same)]
        rows = []
        for label, args in (("dry run", ("--check", "--diff")), ("apply", ()), ("again", ())):
            rc, wall, req, wr = timed_run(runner, labs, name, *args)
            rows.append((label, rc, wall, req, wr, ""))
        return rows


def main():
    print("example change (both clouds, 20 ms latency) | run | rc | seconds | API requests | writes")
    for name in EXAMPLES:
        for label, rc, wall, req, wr, note in one_example(name):
            print("%-22s %-15s rc=%d %6.1f s %5d req %4d writes %s" % (name, label, rc, wall, req, wr, note), flush=True)
    for name in sorted(LATE_FAULTS):
        for label, rc, wall, req, wr, note in one_example(name, LATE_FAULTS[name]):
            print("%-22s %-15s rc=%d %6.1f s %5d req %4d writes %s" % (name, label, rc, wall, req, wr, note), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Overhead of the report callback on a big, cheap localhost playbook.

A/B interleaved: the default stdout callback alone vs the same plus cloudops.privatecloud.report.
Prints both medians and their ratio (goal <= 1.03).

    .venv/bin/python bench/bench_callback.py [--hosts 200] [--tasks 10] [--forks 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)


def write_project(tmp, hosts, tasks):
    lines = ["[bench]"] + ["h%04d" % i for i in range(hosts)]
    lines += ["[bench:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % sys.executable]
    with open(os.path.join(tmp, "hosts.ini"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    body = ["- hosts: bench", "  gather_facts: false", "  tasks:"]
    for i in range(tasks):
        if i % 2:
            body += ["    - name: debug %d" % i, "      ansible.builtin.debug:", "        msg: \"{{ inventory_hostname }} %d\"" % i]
        else:
            body += ["    - name: fact %d" % i, "      ansible.builtin.set_fact:", "        f%d: \"{{ inventory_hostname }}\"" % i]
    with open(os.path.join(tmp, "site.yml"), "w") as fh:
        fh.write("\n".join(body) + "\n")


def run_once(tmp, forks, with_report):
    env = dict(os.environ)
    env.update({"ANSIBLE_COLLECTIONS_PATH": os.path.join(ROOT, "build", "collections"), "ANSIBLE_FORKS": str(forks),
                "ANSIBLE_PYTHON_INTERPRETER": sys.executable, "ANSIBLE_HOST_KEY_CHECKING": "False",
                "CLOUDOPS_REPORT_DIR": os.path.join(tmp, "reports")})
    env.pop("ANSIBLE_CALLBACKS_ENABLED", None)
    if with_report:
        env["ANSIBLE_CALLBACKS_ENABLED"] = "cloudops.privatecloud.report"
    t0 = time.perf_counter()
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-playbook"), "-i", "hosts.ini", "site.yml"], cwd=tmp, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit("ansible-playbook failed (%d): %s" % (proc.returncode, proc.stderr[-2000:]))
    return dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--tasks", type=int, default=10)
    ap.add_argument("--forks", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-callback-")
    try:
        write_project(tmp, 1, 1)
        run_once(tmp, args.forks, True)  # warm-up: byte-compile and cache imports, 1 host x 1 task
        write_project(tmp, args.hosts, args.tasks)
        base, report = [], []
        for i in range(args.rounds):
            order = (False, True) if i % 2 == 0 else (True, False)
            for with_report in order:
                dt = run_once(tmp, args.forks, with_report)
                (report if with_report else base).append(dt)
                print("round %d %-16s %7.2f s" % (i + 1, "default+report" if with_report else "default", dt), flush=True)
        mb, mr = statistics.median(base), statistics.median(report)
        print("hosts=%d tasks=%d forks=%d rounds=%d load=%s" % (args.hosts, args.tasks, args.forks, args.rounds, os.getloadavg()))
        print("median default:        %.2f s" % mb)
        print("median default+report: %.2f s" % mr)
        print("ratio: %.3f (goal <= 1.03)" % (mr / mb))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

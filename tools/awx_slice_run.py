#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX job slicing of the inspection, shown on the lab: N endpoints, S slices run as S parallel ansible-runner jobs
the way AWX splits the inventory (hosts ordered by name, slice k takes hosts[k-1::S]), every slice's records in
one run store, and ONE report for the logical run.

    .venv/bin/python tools/awx_slice_run.py bench --endpoints 40 --slices 4 --dsn postgresql://... [--out DIR]
    .venv/bin/python tools/awx_slice_run.py report --run-id RUN --dsn postgresql://... --site lab --out DIR
    .venv/bin/python tools/awx_slice_run.py fleet --zstack 20 --apsara 20 --info fleet.json   # labs only

A sliced run is one logical run: every slice gets the same CLOUDOPS_RUN_ID and its own CLOUDOPS_RUN_SLICE, so
the store keeps (run id, kind, slice) rows of one run (docs/store.md); `report` reads every slice of a run id
back and builds one document through the report kind's own builder (the endpoints and findings of all slices,
the delta against the previous logical run), rendered by the registry's renderers.  Nothing in the store
changes for this.  `bench` also measures wall time and the peak memory (sum of the RSS of every process of the
jobs, sampled: PSS, and RSS) of the unsliced and the sliced run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, ROOT)
import awx_jobs  # noqa: E402  pylint: disable=wrong-import-position,import-error
from collection_path import ensure_importable  # noqa: E402  pylint: disable=wrong-import-position,import-error

ensure_importable()
PAGE = os.sysconf("SC_PAGE_SIZE")
SITE = "lab"


# -- the lab fleet: many small worlds on many ports, in one process of its own ------------------------------------
def serve_fleet(n_zstack, n_apsara, info_path, world="demo"):
    """Start the labs (127.0.0.1, ephemeral ports), write their URLs and credentials to `info_path`, serve until
    SIGTERM."""
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel
    from lab.common.serving import stop_requested, write_info  # pylint: disable=import-outside-toplevel
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    done = stop_requested()
    labs, info = [], {"zstack": [], "apsara": [], "pid": os.getpid()}
    try:
        for _n in range(n_zstack):
            lab = ZStackLab(world=world, host="127.0.0.1", http_port=0, https_port=0).start()
            labs.append(lab)
            info["zstack"].append({"https_url": lab.https_url, "http_url": lab.http_url, "ca_file": lab.ca_file,
                                   "account": lab.account, "password": lab.password})
        for _n in range(n_apsara):
            lab = ApsaraLab(world=world, host="127.0.0.1", http_port=0, https_port=0).start()
            labs.append(lab)
            info["apsara"].append({"endpoints": dict(lab.https_endpoints), "http_url": lab.http_url, "ca_file": lab.ca_file,
                                   "access_key_id": lab.access_key_id, "access_key_secret": lab.access_key_secret,
                                   "region_id": lab.region_id, "organization_id": str(lab.organization_id)})
        write_info(info_path, info)
        done.wait()
    finally:
        for lab in labs:
            lab.stop()
    return 0


class Fleet(object):
    """The fleet in a child process (its own interpreter: the labs do not share a GIL with the jobs)."""

    def __init__(self, n_zstack, n_apsara, workdir):
        self.info_path = os.path.join(workdir, "fleet.json")
        self.cmd = [sys.executable, os.path.abspath(__file__), "fleet", "--zstack", str(n_zstack), "--apsara", str(n_apsara),
                    "--info", self.info_path]
        self.proc = None
        self.info = None

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT)  # pylint: disable=consider-using-with
        deadline = time.time() + 120
        while not os.path.exists(self.info_path):
            if self.proc.poll() is not None or time.time() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("the lab fleet did not start")
            time.sleep(0.1)
        with open(self.info_path, encoding="utf-8") as fh:
            self.info = json.load(fh)
        return self

    def __exit__(self, *_exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def fleet_inventory(info):
    """One inventory host per lab endpoint (the site's synced AWX inventory); no secret in it."""
    zstack = dict(("zstack-%02d" % (n + 1), {"zstack_endpoint": z["https_url"], "zstack_ca_path": z["ca_file"]})
                  for n, z in enumerate(info["zstack"]))
    apsara = dict(("apsara-%02d" % (n + 1), {"apsara_endpoints": a["endpoints"], "apsara_region_id": a["region_id"],
                                             "apsara_organization_id": a["organization_id"], "apsara_ca_path": a["ca_file"]})
                  for n, a in enumerate(info["apsara"]))
    return {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                             "cloudops_site": SITE}},
            "zstack": {"vars": {"cloud_platform": "zstack"}, "hosts": zstack},
            "apsara": {"vars": {"cloud_platform": "apsara"}, "hosts": apsara}}


def fleet_credentials(info, dsn):
    """The site's credentials: every lab world has the same accounts, so one credential per cloud."""
    creds = [("cloudops run store", {"dsn": dsn})]
    if info["zstack"]:
        z = info["zstack"][0]
        creds.append(("ZStack account (cloudops)", {"account": z["account"], "password": z["password"]}))
    if info["apsara"]:
        a = info["apsara"][0]
        creds.append(("Apsara Stack AccessKey (cloudops)", {"access_key_id": a["access_key_id"], "access_key_secret": a["access_key_secret"],
                                                            "region_id": a["region_id"], "organization_id": a["organization_id"]}))
    return creds


# -- memory: the sum of the RSS of every process of the jobs --------------------------------------------------------
def _children():
    """{pid: ppid} of every process on the machine (from /proc)."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name, encoding="utf-8") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                out[int(name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    return out


def _memory(pid):
    """(RSS, PSS) bytes of one process.  PSS shares the pages a forked worker still has in common with its parent
    among them, so the sum over a job's processes is what the job really holds; the RSS sum counts them per process."""
    rss = pss = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        try:
            with open("/proc/%d/statm" % pid, encoding="utf-8") as fh:
                rss = pss = int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return rss, pss


def tree_memory(root, exclude=()):
    """(RSS, PSS) bytes of `root`'s descendants (not `root` itself), minus the subtrees of `exclude`."""
    parents = _children()
    kids = {}
    for pid, ppid in parents.items():
        kids.setdefault(ppid, []).append(pid)
    rss = pss = 0
    todo = [p for p in kids.get(root, []) if p not in exclude]
    while todo:
        pid = todo.pop()
        one = _memory(pid)
        rss += one[0]
        pss += one[1]
        todo.extend(p for p in kids.get(pid, []) if p not in exclude)
    return rss, pss


class PeakMemory(object):
    """Samples tree_memory every `interval` seconds while running; `.peak_rss` / `.peak_pss` in bytes."""

    def __init__(self, exclude=(), interval=0.25):
        self.exclude = set(exclude)
        self.interval = interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self._stop.is_set():
            rss, pss = tree_memory(os.getpid(), self.exclude)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        self._thread.join()


def _count(inventory):
    return len(set(h for g in inventory.values() for h in (g.get("hosts") or {})))


# -- a sliced run ------------------------------------------------------------------------------------------------
def run_sliced(inventory, credentials, slices, workdir, run_id, forks=None, exclude_pids=(), template="inspect"):
    """Run `template` as `slices` parallel jobs (1 = unsliced) under one run id; returns the measurements."""
    import ansible_runner  # pylint: disable=import-outside-toplevel

    job = awx_jobs.Job.from_template(template, inventory, credentials, tmpdir=workdir)
    job.forks = forks or job.forks
    started = time.time()
    runs = []
    with PeakMemory(exclude_pids) as memory:
        for n in range(1, slices + 1):
            # every slice its own report folder, as every AWX job its own container: the report callback refuses to
            # write a second report under a run id that already has one in the same folder
            env = {"CLOUDOPS_RUN_ID": run_id, "CLOUDOPS_REPORT_DIR": os.path.join(workdir, "reports-%d" % n),
                   "CLOUDOPS_SESSION_DIR": os.path.join(workdir, "sessions-%d" % n), "ANSIBLE_NOCOLOR": "1"}
            if slices > 1:
                env["CLOUDOPS_RUN_SLICE"] = str(n)
            kwargs = job.runner_args(os.path.join(workdir, "slice-%d" % n), extra_env=env, slice_number=n, slice_count=slices,
                                     workflow_job_id=run_id)
            runs.append(ansible_runner.run_async(**kwargs))
        for thread, _runner in runs:
            thread.join()
    wall = time.time() - started
    statuses = [r.status for _t, r in runs]
    hosts = _count(inventory)
    # Ansible workers at once: per job min(forks, hosts of its slice), as AWX counts a job's impact (minus its +1)
    concurrent = sum(min(job.forks or 5, _count(awx_jobs.slice_inventory(inventory, n, slices))) for n in range(1, slices + 1))
    return {"slices": slices, "endpoints": hosts, "forks_per_job": job.forks, "workers": concurrent, "wall_s": round(wall, 1),
            "peak_rss_mb": round(memory.peak_rss / 1048576.0, 1),
            "peak_pss_mb": round(memory.peak_pss / 1048576.0, 1), "statuses": statuses,
            "endpoints_per_hour": int(hosts * 3600 / wall) if wall else None, "run_id": run_id}


# -- one report for the logical run --------------------------------------------------------------------------------
def slice_documents(store, kind, site, run_id):
    """The report documents of every slice of `run_id`, by slice id."""
    rows = [r for r in store.runs(kind=kind, site=site) if r["run_id"] == run_id]
    return dict((r["slice_id"], store.get_run(run_id, kind, r["slice_id"])) for r in sorted(rows, key=lambda r: r["slice_id"]))


def merge(docs, kind, previous=None):
    """One document from the slice documents of a run, built by the kind's own builder (so summary, score, delta
    and carried findings are computed for the whole run, not added up)."""
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds  # pylint: disable=import-outside-toplevel

    if kind != "inspection":
        raise ValueError("merging slices is implemented for inspection reports, not %s" % kind)
    builder = kinds.make_builder(kind)
    docs = list(docs)
    for doc in docs:
        for entry in doc["endpoints"]:
            findings = [f for f in doc["findings"] if f.get("host") == entry["name"]]
            if entry["status"] == "ok":
                builder.add_result(entry["name"], dict(entry, findings=findings))
            else:
                builder.add_failure(entry["name"], {"msg": entry.get("error") or "", "endpoint": entry.get("endpoint"),
                                                    "platform": entry.get("platform")}, unreachable=entry.get("unreachable"))
            merged = [e for e in builder.endpoints if e["name"] == entry["name"] and e["endpoint"] == entry.get("endpoint")]
            for e in merged:
                e["warnings"] = list(entry.get("warnings") or [])
        for reason in doc["run"].get("incomplete_reasons") or ():
            builder.add_reason(reason)
    first = docs[0]["run"]
    run = {"id": first["id"], "started": min(d["run"]["started"] for d in docs), "ended": max(d["run"]["ended"] for d in docs),
           "playbook": first.get("playbook"), "operator": first.get("operator"), "ansible_version": first.get("ansible_version"),
           "collection_version": first.get("collection_version"), "language": first.get("language")}
    doc = builder.build(run, previous)
    doc["run"]["slices"] = len(docs)
    return doc


def logical_report(store, kind, site, run_id):
    """The merged document of `run_id`, its delta taken against the previous logical run (all its slices)."""
    docs = slice_documents(store, kind, site, run_id)
    if not docs:
        raise ValueError("no %s run %s at site %s in the store" % (kind, run_id, site))
    started = min(d["run"]["started"] for d in docs.values())
    earlier = [r for r in store.runs(kind=kind, site=site) if r["run_id"] != run_id and r["started"] <= started]
    previous = None
    if earlier:
        previous = merge(slice_documents(store, kind, site, earlier[0]["run_id"]).values(), kind)
    return merge(docs.values(), kind, previous)


def render(doc, out_dir, languages=("en", "zh_CN")):
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output  # pylint: disable=import-outside-toplevel

    written = {}
    for language in languages:
        target = out_dir if language == languages[0] else os.path.join(out_dir, language)
        written[language] = output.render_to_dir(doc, target, language)
    return written


def _open_store(dsn):
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore  # pylint: disable=import-outside-toplevel

    return RunStore(dsn).open()


def bench(endpoints, slices, dsn, workdir, forks=None):
    """The unsliced run, then the sliced one, against one fleet; each merged into one report under workdir."""
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import new_run_id  # pylint: disable=import-outside-toplevel

    n_zstack = endpoints // 2
    results = []
    with Fleet(n_zstack, endpoints - n_zstack, workdir) as fleet:
        inventory = fleet_inventory(fleet.info)
        credentials = fleet_credentials(fleet.info, dsn)
        for count in (1, slices):
            run_id = new_run_id()
            result = run_sliced(inventory, credentials, count, os.path.join(workdir, "run-%d" % count), run_id, forks,
                                exclude_pids=(fleet.proc.pid,))
            store = _open_store(dsn)
            try:
                doc = logical_report(store, "inspection", SITE, run_id)
                result["stored_slices"] = len(slice_documents(store, "inspection", SITE, run_id))
            finally:
                store.close()
            result["report_endpoints"] = doc["summary"]["endpoints"]
            result["report_status"] = doc["run"]["status"]
            result["report"] = render(doc, os.path.join(workdir, "report-%d" % count))["en"]["html"]
            results.append(result)
    return results


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fleet", help="serve lab worlds on ephemeral ports until SIGTERM")
    f.add_argument("--zstack", type=int, default=20)
    f.add_argument("--apsara", type=int, default=20)
    f.add_argument("--info", required=True)
    b = sub.add_parser("bench", help="unsliced and sliced inspection of a lab fleet, one report each")
    b.add_argument("--endpoints", type=int, default=40)
    b.add_argument("--slices", type=int, default=4)
    b.add_argument("--forks", type=int, default=None, help="forks per job (default: the job template's)")
    b.add_argument("--dsn", default=os.environ.get("CLOUDOPS_STORE_DSN"))
    b.add_argument("--out", default=None)
    r = sub.add_parser("report", help="one report from every slice of a run in the store")
    r.add_argument("--run-id", required=True)
    r.add_argument("--kind", default="inspection")
    r.add_argument("--site", default=SITE)
    r.add_argument("--dsn", default=os.environ.get("CLOUDOPS_STORE_DSN"))
    r.add_argument("--out", required=True)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "fleet":
        return serve_fleet(args.zstack, args.apsara, args.info)
    if not args.dsn:
        sys.stderr.write("awx_slice_run: give --dsn or CLOUDOPS_STORE_DSN (the run store every slice writes to)\n")
        return 1
    if args.command == "report":
        store = _open_store(args.dsn)
        try:
            doc = logical_report(store, args.kind, args.site, args.run_id)
        finally:
            store.close()
        print(json.dumps(render(doc, args.out), indent=1))
        return 0
    workdir = args.out or tempfile.mkdtemp(prefix="awx-slices-")
    print(json.dumps(bench(args.endpoints, args.slices, args.dsn, workdir, args.forks), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

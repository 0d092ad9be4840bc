#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""A month of alarm history at scale (docs/events.md): the scale worlds of both clouds with alarm episodes spread
over 30 days (default 3,000 per cloud, an alarm and a recovery record each: 12,000 records), collected as
zstack_events / apsara_events do (wall time, API calls, 20 ms latency per call), then merged into the run store
(SQLite and PostgreSQL: first merge, the same month again, and the period read back with acks).  Printed numbers.

    .venv/bin/python bench/bench_events.py [--episodes 3000] [--small]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from bench_inspect import APSARA_SCALE, ZSTACK_SCALE
from lab.apsara import ApsaraLab
from lab.apsara.products import cms_events
from lab.zstack import ZStackLab
from lab.zstack.resources import zwatch

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import events as apsara_events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import period
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import events as zstack_events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAY = 86400.0
UTC = datetime.timezone.utc


def plant_zstack(lab, episodes, rng, now):
    """`episodes` alarm episodes on random VMs over the last 30 days: an Alarm and an OK record each."""
    st = lab.state
    with st.lock:
        alarm = next(a for a in st.all("alarm") if a["namespace"] == "ZStack/VM")
        vms = [v["uuid"] for v in st.all("vm") if v.get("type") == "UserVm"] or ["vm"]
        for _n in range(episodes):
            start = now - rng.uniform(0.01, 29.9) * DAY
            vm = rng.choice(vms)
            zwatch.record_row(st, alarm, vm, "VmInstanceVO", 95.0, start * 1000, "Alarm")
            zwatch.record_row(st, alarm, vm, "VmInstanceVO", 40.0, (start + rng.uniform(60, 3600)) * 1000, "OK")
        st.touch()
    return len(st.all("alarmrecord"))


def plant_apsara(lab, episodes, rng, now):
    st = lab.state
    with st.lock:
        rule = st.all("alarm_rule")[0]
        instances = st.all("instance")
        for n in range(episodes):
            start = now - rng.uniform(0.01, 29.9) * DAY
            inst = rng.choice(instances)
            cms_events._history_row(st, rule, "bench-a-%d" % n, "ALARM", start, 93, "P2", 0, inst)  # pylint: disable=protected-access
            cms_events._history_row(st, rule, "bench-o-%d" % n, "OK", start + rng.uniform(60, 3600), 40, "P2",  # pylint: disable=protected-access
                                    60000, inst)
        st.touch()
    return len(st.all("alarm_history"))


def collect_both(zlab, alab, start, end):
    zclient = ZStackClient(zlab.http_url, zlab.account, zlab.password)
    t0 = time.monotonic()
    zs = zstack_events.collect(zclient, zlab.http_url, period.ms(start), period.ms(end), period.iso(end))
    zs_s, zs_calls = time.monotonic() - t0, zclient.stats["api_calls"]
    zclient.close()
    aclient = ApsaraClient(alab.access_key_id, alab.access_key_secret, alab.region_id, endpoints=alab.endpoints)
    t0 = time.monotonic()
    ap = apsara_events.collect(aclient, "bench-apsara", alab.region_id, start, end)
    ap_s, ap_calls = time.monotonic() - t0, aclient.stats["api_calls"]
    print("collect zstack: %d records -> %d events in %.2f s, %d api calls" % (zs["records"], len(zs["events"]), zs_s, zs_calls))
    print("collect apsara: %d records -> %d events in %.2f s, %d api calls (%d windows of <= 15 days)"
          % (ap["records"], len(ap["events"]), ap_s, ap_calls,
             len(period.windows(period.ms(start), period.ms(end), apsara_events.WINDOW_MS))))
    return zs["events"] + ap["events"], zs["recoveries"] + ap["recoveries"]


def bench_store(name, dsn, events, recoveries, start, end):
    with RunStore(dsn) as store:
        t0 = time.monotonic()
        first = ev.merge(store, "bench", events, recoveries, period.iso(end), "run-1")
        first_s = time.monotonic() - t0
        t0 = time.monotonic()
        again = ev.merge(store, "bench", events, recoveries, period.iso(end), "run-2")
        again_s = time.monotonic() - t0
        t0 = time.monotonic()
        rows = ev.events_in(store, "bench", period.iso(start), period.iso(end))
        read_s = time.monotonic() - t0
    print("%s: merge %d events in %.2f s (new %d), again in %.2f s (seen %d), period read back (%d) in %.2f s"
          % (name, len(events), first_s, first["new"], again_s, again["seen"], len(rows), read_s))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=3000, help="alarm episodes per cloud (2 records each)")
    parser.add_argument("--small", action="store_true", help="small worlds instead of the scale worlds")
    args = parser.parse_args()
    rng = random.Random(7)
    zscale = {"hosts": 20, "vms": 400, "volumes": 800} if args.small else ZSTACK_SCALE
    ascale = {"instances": 400, "disks": 800, "vswitches": 20} if args.small else APSARA_SCALE
    started = time.monotonic()
    with ZStackLab(world="scale", http_port=0, https_port=None, scale=zscale, prewarm=False) as zlab, \
            ApsaraLab(world="scale", http_port=0, https_port=None, scale=ascale) as alab:
        now = time.time()
        zn = plant_zstack(zlab, args.episodes, rng, now)
        an = plant_apsara(alab, args.episodes, rng, now)
        print("worlds ready in %.1f s: ZStack %s with %d alarm records, Apsara %s with %d alert history rows (%d records)"
              % (time.monotonic() - started, zscale, zn, ascale, an, zn + an), flush=True)
        zlab.faults.update(latency_ms=20)
        alab.faults.update(latency_ms=20)
        end = datetime.datetime.now(UTC)
        start = end - datetime.timedelta(days=30)
        events, recoveries = collect_both(zlab, alab, start, end)
    tmp = tempfile.mkdtemp(prefix="bench-events-")
    try:
        bench_store("sqlite", "sqlite:///" + os.path.join(tmp, "store.sqlite3"), events, recoveries, start, end)
        sys.path.insert(0, os.path.join(ROOT, "tests"))
        from conftest import PostgresServer, _pg_bin  # pylint: disable=import-outside-toplevel,import-error

        bin_dir = _pg_bin()
        if bin_dir is None:
            print("postgresql: skipped (no initdb/pg_ctl: make setup-system installs Debian's postgresql)")
        else:
            base = tempfile.mkdtemp(prefix="bench-pg-")
            os.chmod(base, 0o755)
            server = PostgresServer(bin_dir, base).start()
            try:
                bench_store("postgresql", server.create_database("bench_events"), events, recoveries, start, end)
            finally:
                server.stop()
                shutil.rmtree(base, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

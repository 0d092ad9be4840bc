#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Fill a run store with a month of runs for the demo site, for the service report (docs/service_report.md).

How: the real modules run against the lab's demo worlds (ZStack and Apsara, started here on 127.0.0.1 with
ephemeral ports), in this process as AnsiballZ would run them: the inspection collectors and checks once per cloud,
zstack_backup_validate and apsara_backup_validate once, zstack_restore_test once per week (real restores in the lab),
and two real changes (zstack_vm_resize) in the month.  Each day's inspection is the one result with a deterministic
history applied: a finding of uid u appears on day open(u) (a quarter of them later in the month) and is fixed on
day close(u) (critical ones by day 20, the month's remediation); every document is re-dated (08:30 site time for
inspections, 07:00 for backups), built by the report kinds' builders with the previous run as baseline (delta,
first seen) and recorded through RunStore.  Events (schema 0004): seven alarms with acks (one late, one never
acknowledged) and resolutions.

    .venv/bin/python tools/fill_store.py --dsn sqlite:///$PWD/reports/store.sqlite3 --site lab [--month 2026-11]
"""

from __future__ import annotations

import argparse
import copy
import datetime
import hashlib
import os
import sys
import zoneinfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.join(ROOT, "bench"))

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize  # noqa: E402
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds  # noqa: E402
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import ledger  # noqa: E402
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as store_events  # noqa: E402
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore  # noqa: E402


def lab_results(world="demo", scale=None):
    """One inspection module result per cloud, from the real collectors and checks against the lab."""
    from inspect_worker import build as build_client  # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate  # pylint: disable=import-outside-toplevel
    from bench_inspect import apsara_target, zstack_target  # pylint: disable=import-outside-toplevel
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import capacity as acap  # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import capacity as zcap  # pylint: disable=import-outside-toplevel

    zworld = aworld = world
    zkw = {"scale": scale[0]} if scale else {}
    akw = {"scale": scale[1]} if scale else {}
    with ZStackLab(world=zworld, http_port=0, https_port=None, **zkw) as zlab, \
            ApsaraLab(world=aworld, http_port=0, https_port=None, **akw) as alab:
        out = []
        for host, target, cap in (("zstack-lab", zstack_target(zlab), zcap), ("apsara-lab", apsara_target(alab), acap)):
            client, checks, collector, endpoint = build_client(target)
            data, errors, _seconds = collector.collect(set(n for c in checks for n in c.requires))
            if hasattr(client, "close"):
                client.close()
            findings = evaluate(checks, data, target["platform"], endpoint, collect_errors=errors)
            result = {"report_kind": "inspection", "platform": target["platform"], "endpoint": endpoint, "findings": findings,
                      "summary": summarize(findings), "checks_run": [{"id": c.id, "title": c.title, "pillar": c.pillar,
                                                                      "severity": c.severity} for c in checks],
                      "collection": {"errors": errors}}
            result["capacity"] = cap.capacity_summary(data)
            result["inventory_counts"] = cap.inventory_counts(data)
            out.append((host, result))
    return out


def _h(uid, salt):
    return int(hashlib.sha256((salt + uid).encode()).hexdigest()[:8], 16)


def history(finding):
    """(open day, close day) of an open finding over the month (day numbers from 0; close None = still open)."""
    uid = finding["uid"]
    opened = _h(uid, "open") % 12 if _h(uid, "late") % 4 == 0 else 0
    if finding.get("severity") == "critical":
        return opened, max(opened + 1, 1 + _h(uid, "close") % 20)        # every critical is fixed by day 20
    close = _h(uid, "close") % 90
    return opened, (close if close > opened else None)


def day_result(result, day):
    r = copy.deepcopy(result)
    for f in r["findings"]:
        if f.get("status") == "FAIL":
            opened, close = history(f)
            if day < opened or (close is not None and day >= close):
                f["status"] = "PASS"
    r["summary"] = summarize(r["findings"])
    return r


def run_module(name, args):
    """A collection module's result, run in this process with its arguments as AnsiballZ would pass them."""
    import contextlib  # pylint: disable=import-outside-toplevel
    import importlib  # pylint: disable=import-outside-toplevel
    import io  # pylint: disable=import-outside-toplevel
    import json  # pylint: disable=import-outside-toplevel
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=import-outside-toplevel

    module = importlib.import_module("ansible_collections.cloudops.privatecloud.plugins.modules." + name)
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    result = json.loads(out.getvalue())
    result.pop("invocation", None)
    if result.get("failed"):
        raise RuntimeError("%s failed against the lab: %s" % (name, result.get("msg")))
    return result


EVERYTHING = [{"name": "all-daily", "match": {"name": "*"}, "rpo_hours": 24}]


# The demo's ZStack billing prices (per second: the billing API stores 5 decimals, billing-api.md 2.1).
DEMO_PRICES = (("cpu", "Core", 0.00003), ("memory", "GB", 0.00001), ("rootVolume", "GB", 0.00001), ("dataVolume", "GB", 0.00001))


def lab_billing(zlab, zargs, since, until):
    """Prices effective from before the period (CreateResourcePrice), then zstack_spending_info for the period."""
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient  # pylint: disable=import-outside-toplevel

    client = ZStackClient(zlab.http_url, zlab.account, zlab.password)
    effective = int((datetime.datetime.fromisoformat(since.replace("Z", "+00:00")) - datetime.timedelta(days=31)).timestamp() * 1000)
    for name, unit, price in DEMO_PRICES:
        client.call("POST", "/billings/prices", {"params": {"resourceName": name, "resourceUnit": unit, "timeUnit": "s",
                                                            "price": price, "dateInLong": effective}})
    client.logout()
    return run_module("zstack_spending_info", dict(zargs, since=since, until=until, mn_timezone="UTC", currency="CNY"))


def lab_backups_and_changes(weeks=5, period=None):
    """Backup validation of both clouds, `weeks` restore tests, two changes and (with `period`: since, until) the
    ZStack billing collection, from the real modules on the lab."""
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="demo", http_port=0, https_port=None, restore_seconds=0.05, job_seconds=0.02) as zlab, \
            ApsaraLab(world="apsara_demo", http_port=0, https_port=None, restore_seconds=0.05) as alab:
        zargs = {"endpoint": zlab.http_url, "account": zlab.account, "password": zlab.password}
        aargs = {"access_key_id": alab.access_key_id, "access_key_secret": alab.access_key_secret,
                 "region_id": alab.region_id, "endpoints": dict(alab.endpoints)}
        validate = [("zstack-lab", run_module("zstack_backup_validate", dict(zargs, backup_requirements=EVERYTHING))),
                    ("apsara-lab", run_module("apsara_backup_validate", dict(aargs, backup_requirements=EVERYTHING)))]
        restores = [("zstack-lab", run_module("zstack_restore_test", dict(
            zargs, sample_size=2, source="volume_backup", content_probe_url=zlab.http_url + "/_lab/content/{id}")))
            for _week in range(weeks)]
        running = sorted(v["name"] for v in zlab.state.all("vm") if v.get("type") == "UserVm" and v["state"] == "Running")
        changes = []
        for name in running[:2]:
            vm = [v for v in zlab.state.all("vm") if v.get("name") == name][0]
            resize = dict(zargs, names=[name], cpu=vm["cpuNum"] + 2, restart="if_needed")
            changes.append(("zstack-lab", run_module("zstack_vm_resize", resize)))
        billing = lab_billing(zlab, zargs, *period) if period else None
    return validate, restores, changes, billing


def _stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def fill_backups(store, site, first, days, tz, validate, restores):
    previous, week = None, 0
    for d in range(days):
        day = first + datetime.timedelta(days=d)
        start = datetime.datetime.combine(day, datetime.time(7, 0), tz).astimezone(datetime.timezone.utc)
        builder = kinds.make_builder("backup")
        for host, result in validate:
            builder.add_result(host, copy.deepcopy(result))
        if day.weekday() == 0 and week < len(restores):
            builder.add_result(restores[week][0], copy.deepcopy(restores[week][1]))
            week += 1
        run = {"id": start.strftime("%Y%m%dT%H%M%SZ") + "-fillb%02d" % d, "started": _stamp(start),
               "ended": _stamp(start + datetime.timedelta(minutes=5)), "playbook": "playbooks/backup.yml",
               "operator": "fill_store"}
        doc = builder.build(run, previous)
        store.record_run(doc, site)
        previous = doc


def fill_changes(store, site, first, tz, changes):
    for i, (host, result) in enumerate(changes):
        day = first + datetime.timedelta(days=9 + 10 * i)
        start = datetime.datetime.combine(day, datetime.time(22, 0), tz).astimezone(datetime.timezone.utc)
        builder = kinds.make_builder("change")
        builder.add_result(host, copy.deepcopy(result))
        run = kinds.get("change").run_for({"id": start.strftime("%Y%m%dT%H%M%SZ") + "-fillc%d" % i, "started": _stamp(start),
                                           "ended": _stamp(start + datetime.timedelta(minutes=12)),
                                           "playbook": "playbooks/scale.yml", "operator": "李工"}, False)
        store.record_run(builder.build(run), site)


def fill(dsn, site, month, tzname="Asia/Shanghai", results=None, with_events=True, backups=None, days=None):
    """Record the month's runs (the first `days` days only, when given); returns the inspection run ids."""
    tz = zoneinfo.ZoneInfo(tzname)
    first = datetime.date.fromisoformat(month + "-01")
    in_month = ((first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - first).days
    days = min(days or in_month, in_month)
    results = results or lab_results()
    recorded = []
    with RunStore(dsn) as store:
        previous = None
        for d in range(days):
            day = first + datetime.timedelta(days=d)
            start = datetime.datetime.combine(day, datetime.time(8, 30), tz).astimezone(datetime.timezone.utc)
            run = {"id": start.strftime("%Y%m%dT%H%M%SZ") + "-fill%02d" % d, "started": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "ended": (start + datetime.timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "playbook": "playbooks/inspect.yml", "operator": "fill_store"}
            builder = kinds.make_builder("inspection")
            for host, result in results:
                builder.add_result(host, day_result(result, d))
            doc = builder.build(run, previous)
            store.record_run(doc, site)
            previous = doc
            recorded.append(run["id"])
        since = _stamp(datetime.datetime.combine(first, datetime.time(), tz).astimezone(datetime.timezone.utc))
        until = _stamp(datetime.datetime.combine(first + datetime.timedelta(days=in_month), datetime.time(), tz).astimezone(
            datetime.timezone.utc))
        validate, restores, changes, billing = backups or lab_backups_and_changes(period=(since, until))
        fill_backups(store, site, first, days, tz, validate, restores)
        fill_changes(store, site, first, tz, changes)
        if billing is not None:
            ledger.put_cost(store, site, "zstack-lab", "zstack", billing, since, until)
        if with_events:
            fill_events(store, site, first, days, tz)
    return recorded


# (day, hour, minutes to ack or None, priority, rule, resource)
EVENT_PLAN = ((2, 10, 4, "P2", "host cpu high", "kvm-host-01"), (6, 15, 7, "P3", "primary storage used", "ps-ceph-01"),
              (11, 9, 3, "P1", "vm unreachable", "db-02"), (15, 14, 14, "P2", "eip bandwidth", "eip-web"),
              (19, 11, 6, "P3", "disk io latency", "DATA-db-03-1"), (24, 3, None, "P4", "backup job slow", "bs-01"),
              (27, 14, 2, "P2", "host memory high", "kvm-host-02"))


def event_rows(first, days, tz):
    out = []
    for day, hour, ack, prio, rule, res in EVENT_PLAN:
        if day >= days:
            continue
        at = datetime.datetime.combine(first + datetime.timedelta(days=day), datetime.time(hour, 5), tz).astimezone(datetime.timezone.utc)
        out.append({"event_id": hashlib.sha256(("%s%s%s" % (rule, res, at)).encode()).hexdigest()[:32], "cloud": "zstack",
                    "host": "zstack-lab", "source": "alarm_record", "rule_name": rule, "resource_name": res, "priority": prio,
                    "severity": {"P1": "Emergent", "P2": "Important", "P3": "Normal", "P4": "Normal"}[prio],
                    "alert_time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "recovered_time": (at + datetime.timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "_ack": ack})
    return out


def fill_events(store, site, first, days, tz):
    rows = event_rows(first, days, tz)
    store_events.merge(store, site, [dict((k, v) for k, v in r.items() if k != "_ack") for r in rows])
    for r in rows:
        if r["_ack"] is None or store_events.get_event(store, site, r["event_id"])["acks"]:
            continue            # never acknowledged, or filled before: a second fill adds nothing
        at = datetime.datetime.fromisoformat(r["alert_time"].replace("Z", "+00:00")) + datetime.timedelta(minutes=r["_ack"])
        store_events.ack(store, site, r["event_id"], "李工", acked_at=at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        store_events.resolve(store, site, r["event_id"], "李工", cause="threshold crossed by load", action="load rebalanced",
                             resolved_at=(at + datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--site", default="lab")
    ap.add_argument("--month", default="last", help="YYYY-MM, or last (the previous month in --timezone; the default)")
    ap.add_argument("--timezone", default="Asia/Shanghai")
    args = ap.parse_args()
    month = args.month
    if month == "last":
        first = datetime.datetime.now(zoneinfo.ZoneInfo(args.timezone)).date().replace(day=1)
        month = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    docs = fill(args.dsn, args.site, month, args.timezone)
    print("recorded %d inspection runs, as many backup runs, 2 changes and the month's events for site %s in %s"
          % (len(docs), args.site, month))


if __name__ == "__main__":
    main()

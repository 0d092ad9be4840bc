# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collect, once, every ZStack dataset the check catalogue reads.

Collect only: this file calls the API and returns raw items with the API's own field names;
the checks (pure functions) judge them and the reports render them.  Datasets are fetched
concurrently by a small bounded worker pool (management nodes are small machines), and within
a large dataset the pages after the first are fetched concurrently too, so a 10,000-VM site
costs one call per 1,000 items and not much more wall time than the biggest dataset.

A dataset that fails is recorded in `errors` with the API's message and left out of `data`:
the engine turns every check needing it into an ERROR finding instead of losing coverage.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import MAX_PAGE, ZStackError

ALARM_HISTORY_DAYS = 7
METRIC_WINDOW_SECONDS = 310  # ZStack's own inspection script asks for the last ~5 minutes
HOST_METRICS = ("CPUAllUsedUtilization", "MemoryUsedInPercent", "DiskRootUsedCapacityInPercent")
VM_METRICS = ("CPUAllUsedUtilization",)
# The system tags the checks read (VM HA level).  Asking for exactly these keeps a big site's
# tag table (tens of thousands of rows) off the wire.
SYSTEM_TAG_CONDITIONS = ["resourceType=VmInstanceVO", "tag=ha::NeverStop"]

# VM columns the checks and reports read.  Asking for columns only (`fields=`) leaves out the
# nested vmNics/allVolumes lists (the volumes dataset has them), which makes the biggest query of
# a large site several times cheaper for the management node and for us.
VM_FIELDS = ("uuid", "name", "zoneUuid", "clusterUuid", "hostUuid", "lastHostUuid", "rootVolumeUuid", "type",
             "state", "cpuNum", "memorySize", "platform", "lastOpDate", "createDate")
VOLUME_FIELDS = ("uuid", "name", "type", "vmInstanceUuid", "primaryStorageUuid", "size", "actualSize", "state", "status",
                 "lastDetachDate", "createDate", "lastOpDate")

# dataset -> (query path, conditions[, fields]).  Plain Query APIs, paged.
QUERY_DATASETS = {
    "zones": ("/zones", []),
    "clusters": ("/clusters", []),
    "hosts": ("/hosts", []),
    "vms": ("/vm-instances", ["type=UserVm"], VM_FIELDS),
    "volumes": ("/volumes", [], VOLUME_FIELDS),
    "primary_storages": ("/primary-storage", []),
    "backup_storages": ("/backup-storage", []),
    "l3_networks": ("/l3-networks", []),
    "vpc_routers": ("/vpc/virtual-routers", []),
    "vips": ("/vips", []),
    "eips": ("/eips", []),
    "security_groups": ("/security-groups", []),
    "snapshots": ("/volume-snapshots", []),
    "volume_backups": ("/volume-backups", []),
    "scheduler_jobs": ("/scheduler/jobs", []),
    "scheduler_triggers": ("/scheduler/triggers", []),
    "scheduler_history": ("/scheduler/job/history", []),
    "alarms": ("/zwatch/alarms", []),
    "event_subscriptions": ("/zwatch/events/subscriptions", []),
    "management_nodes": ("/management-nodes", []),
    "global_configs": ("/global-configurations", []),
    "resource_configs": ("/resource-configurations", []),
    "system_tags": ("/system-tags", SYSTEM_TAG_CONDITIONS, ("uuid", "resourceUuid", "resourceType", "tag")),
    # user tags (e.g. "env::prod") that backup requirements match on
    "user_tags": ("/user-tags", [], ("uuid", "resourceUuid", "resourceType", "tag")),
}

ALL_DATASETS = tuple(sorted(QUERY_DATASETS)) + (
    "ip_capacity", "license", "license_addons", "alarm_histories", "host_metrics", "vm_metrics")


class Collector(object):
    """Fetch datasets with a bounded pool.  `client` is a ZStackClient (thread-safe)."""

    def __init__(self, client, workers=4, page_size=MAX_PAGE, now=None):
        self.client = client
        self.workers = max(1, int(workers))
        self.page_size = page_size
        self.now = now or time.time
        self._pool = None

    # -- paged queries, pages after the first in parallel ----------------------------------
    def _query_all(self, path, conditions, fields=None):
        first = self.client.query(path, conditions, limit=self.page_size, reply_with_count=True, fields=fields)
        items = list(first.get("inventories", []))
        total = int(first.get("total", len(items)))
        starts = list(range(self.page_size, total, self.page_size)) if len(items) >= self.page_size else []
        if not starts:
            return items
        pages = self._map(lambda start: self.client.query(path, conditions, limit=self.page_size, start=start,
                                                          fields=fields).get("inventories", []), starts)
        for page in pages:
            items.extend(page)
        return items

    def _map(self, func, args):
        # Page fetches share the dataset pool; the pool is sized so nested waits cannot starve it.
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(func, args))

    # -- the non-query datasets -------------------------------------------------------------
    def _ip_capacity(self, l3_networks):
        uuids = [l3["uuid"] for l3 in l3_networks]
        result = []
        for offset in range(0, len(uuids), 100):  # keep the URL short on big sites
            body = self.client.get("/ip-capacity", [("l3NetworkUuids", u) for u in uuids[offset:offset + 100]],
                                   api="GetIpAddressCapacity")
            result.extend(body.get("capacityData", []))
        return result

    def _license(self):
        body = self.client.get("/licenses", api="GetLicenseInfo", auth=False)
        return [body["inventory"]] if body.get("inventory") else []

    def _license_addons(self):
        return self.client.get("/licenses/addons", api="GetLicenseAddOns", auth=False).get("addons", [])

    def _alarm_histories(self):
        end = int(self.now())
        start_time = end - ALARM_HISTORY_DAYS * 86400
        histories = []
        start = 0
        while True:
            body = self.client.get("/zwatch/alarm-histories", [("startTime", start_time), ("endTime", end),
                                                               ("limit", self.page_size), ("start", start)],
                                   api="GetAlarmData")
            page = body.get("histories", [])
            histories.extend(page)
            if len(page) < self.page_size:
                return histories
            start += self.page_size

    def _metrics(self, namespace, names):
        result = {}
        for name in names:
            body = self.client.get("/zwatch/metrics", [("namespace", namespace), ("metricName", name),
                                                       ("offsetAheadOfCurrentTime", METRIC_WINDOW_SECONDS), ("period", 60)],
                                   api="GetMetricData")
            result[name] = body.get("data", [])
        return result

    def _tasks(self, wanted):
        tasks = {}
        for name, spec in QUERY_DATASETS.items():
            tasks[name] = (lambda spec=spec: self._query_all(*spec))
        tasks["license"] = self._license
        tasks["license_addons"] = self._license_addons
        tasks["alarm_histories"] = self._alarm_histories
        tasks["host_metrics"] = lambda: self._metrics("ZStack/Host", HOST_METRICS)
        tasks["vm_metrics"] = lambda: self._metrics("ZStack/VM", VM_METRICS)
        return dict((k, v) for k, v in tasks.items() if k in wanted)

    def collect(self, wanted=ALL_DATASETS):
        """Returns (data, errors, seconds)."""
        started = time.monotonic()
        wanted = set(wanted)
        if "ip_capacity" in wanted:
            wanted.add("l3_networks")
        data, errors = {}, {}

        def run(name, func):
            try:
                data[name] = func()
            except ZStackError as err:
                errors[name] = str(err)
            except (KeyError, TypeError, ValueError, AttributeError) as err:
                errors[name] = "unexpected answer: %s: %s" % (type(err).__name__, err)

        tasks = self._tasks(wanted)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(run, name, func) for name, func in sorted(tasks.items())]
            for future in futures:
                future.result()
        if "ip_capacity" in wanted:
            if "l3_networks" in data:
                run("ip_capacity", lambda: self._ip_capacity(data["l3_networks"]))
            else:
                errors["ip_capacity"] = "needs l3_networks: %s" % errors.get("l3_networks")
        return data, errors, round(time.monotonic() - started, 3)

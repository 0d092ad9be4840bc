# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collect, once, every ZStack dataset the check catalogue reads.

Collect only: this file calls the API and returns raw items with the API's own field names;
the checks (pure functions) judge them and the reports render them.  This file is ZStack's
table of datasets and its few custom fetchers; the engine (core/collect.py) fetches them on a
small bounded pool (management nodes are small machines) and records a failing dataset as an
error.  Within a large dataset the client fetches the pages after the first concurrently too,
so a 10,000-VM site costs one call per 1,000 items and not much more wall time than the
biggest dataset.
"""

from __future__ import annotations

from functools import partial

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.collect import DatasetCollector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import MAX_PAGE, ZStackError, listed

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


class Collector(DatasetCollector):
    """ZStack's datasets.  `client` is a ZStackClient (thread-safe)."""

    platform = "ZStack"
    error_type = ZStackError

    def __init__(self, client, workers=4, page_size=MAX_PAGE, now=None):
        super(Collector, self).__init__(client, workers, now)
        self.page_size = page_size

    def table(self):
        table = dict((name, (None, partial(self._query_all, *spec))) for name, spec in QUERY_DATASETS.items())
        table.update({
            "license": (None, self._license),
            "license_addons": (None, self._license_addons),
            "alarm_histories": (None, self._alarm_histories),
            "host_metrics": (None, partial(self._metrics, "ZStack/Host", HOST_METRICS)),
            "vm_metrics": (None, partial(self._metrics, "ZStack/VM", VM_METRICS)),
            "ip_capacity": ("l3_networks", self._ip_capacity),
        })
        return table

    def _query_all(self, path, conditions, fields=None):
        return self.client.query_all(path, conditions, fields=fields, page_size=self.page_size, workers=self.workers)

    # -- the non-query datasets -------------------------------------------------------------
    def _ip_capacity(self, l3_networks):
        uuids = [l3["uuid"] for l3 in l3_networks]
        result = []
        for offset in range(0, len(uuids), 100):  # keep the URL short on big sites
            body = self.client.get("/ip-capacity", [("l3NetworkUuids", u) for u in uuids[offset:offset + 100]],
                                   api="GetIpAddressCapacity")
            result.extend(listed(body, "capacityData", "GetIpAddressCapacity"))
        return result

    def _license(self):
        body = self.client.get("/licenses", api="GetLicenseInfo", auth=False)
        return [body["inventory"]] if body.get("inventory") else []

    def _license_addons(self):
        return listed(self.client.get("/licenses/addons", api="GetLicenseAddOns", auth=False), "addons", "GetLicenseAddOns")

    def _alarm_histories(self):
        end = int(self.now())
        window = [("startTime", end - ALARM_HISTORY_DAYS * 86400), ("endTime", end)]
        return self.client.get_all("/zwatch/alarm-histories", window, "histories", "GetAlarmData", page_size=self.page_size)

    def _metrics(self, namespace, names):
        result = {}
        for name in names:
            body = self.client.get("/zwatch/metrics", [("namespace", namespace), ("metricName", name),
                                                       ("offsetAheadOfCurrentTime", METRIC_WINDOW_SECONDS), ("period", 60)],
                                   api="GetMetricData")
            result[name] = listed(body, "data", "GetMetricData")
        return result

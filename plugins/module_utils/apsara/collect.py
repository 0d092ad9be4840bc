# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collect, once, every Apsara Stack dataset the check catalogue reads.

Collect only: this file calls the API and returns raw items with the API's own field names
(lists unwrapped: `Instances.Instance` -> the list of instances); the checks (pure functions)
judge them and the reports render them.  Datasets are fetched concurrently by a small bounded
worker pool, and within a large page-style dataset the pages after the first are fetched
concurrently too.  Per-resource datasets (security group rules, SNAT entries, RDS backups and
policies, SLB backend health) are fetched after their parent list, one call (or page) per resource.

A dataset that fails is recorded in `errors` with the API's message and left out of `data`: the
engine turns every check needing it into an ERROR finding instead of losing coverage.

Dataset contract (the checks are written against exactly these names):
  instances, disks, snapshots, auto_snapshot_policies, security_groups       ECS items
  security_group_rules      {SecurityGroupId: DescribeSecurityGroupAttribute Permissions.Permission[]}
  vpcs, vswitches, router_interfaces, eips, nat_gateways                    VPC items
  snat_entries              DescribeSnatTableEntries items of every SNAT table of every NAT gateway
  cms_alarm_rules           DescribeMetricRuleList Alarms.Alarm[]
  cms_alarm_history         DescribeAlertHistoryList AlarmHistoryList.AlarmHistory[], last 7 days
  cms_cpu                   DescribeMetricLast acs_ecs_dashboard/CPUUtilization, Datapoints parsed from JSON
  rds_instances             DescribeDBInstances Items.DBInstance[]
  rds_backups               {DBInstanceId: DescribeBackups Items.Backup[]}, last 7 days
  rds_backup_policies       {DBInstanceId: DescribeBackupPolicy answer}
  slb_load_balancers        DescribeLoadBalancers LoadBalancers.LoadBalancer[]
  slb_backend_health        {LoadBalancerId: DescribeHealthStatus BackendServers.BackendServer[]}
  resource_groups           ASCM ListResourceGroup data[]
"""

from __future__ import annotations

import datetime
import math
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import (
    PAGING,
    ApsaraError,
    list_path_of,
    unwrap,
    total_of,
)

HISTORY_DAYS = 7
CPU_NAMESPACE = "acs_ecs_dashboard"
CPU_METRIC = "CPUUtilization"

# dataset -> (product, action, extra params).  Plain list actions, all pages.
LIST_DATASETS = {
    "instances": ("ecs", "DescribeInstances", {}),
    "disks": ("ecs", "DescribeDisks", {}),
    "snapshots": ("ecs", "DescribeSnapshots", {}),
    "auto_snapshot_policies": ("ecs", "DescribeAutoSnapshotPolicyEx", {}),
    "security_groups": ("ecs", "DescribeSecurityGroups", {}),
    "vpcs": ("vpc", "DescribeVpcs", {}),
    "vswitches": ("vpc", "DescribeVSwitches", {}),
    "router_interfaces": ("vpc", "DescribeRouterInterfaces", {}),
    "eips": ("vpc", "DescribeEipAddresses", {}),
    "nat_gateways": ("vpc", "DescribeNatGateways", {}),
    "cms_alarm_rules": ("cms", "DescribeMetricRuleList", {}),
    "rds_instances": ("rds", "DescribeDBInstances", {}),
    "slb_load_balancers": ("slb", "DescribeLoadBalancers", {}),
    "resource_groups": ("ascm", "ListResourceGroup", {}),
}

# dataset -> the parent dataset it iterates over.
DEPENDENT_DATASETS = {
    "security_group_rules": "security_groups",
    "snat_entries": "nat_gateways",
    "rds_backups": "rds_instances",
    "rds_backup_policies": "rds_instances",
    "slb_backend_health": "slb_load_balancers",
}

OTHER_DATASETS = ("cms_alarm_history", "cms_cpu")

ALL_DATASETS = tuple(sorted(set(LIST_DATASETS) | set(DEPENDENT_DATASETS) | set(OTHER_DATASETS)))


def _ids(value, inner):
    """SnatTableIds: {"SnatTableId": [...]} (or a bare list / a string) -> list of ids."""
    if isinstance(value, dict):
        value = value.get(inner)
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return list(value or [])


class Collector(object):
    """Fetch datasets with a bounded pool.  `client` is an ApsaraClient (thread-safe)."""

    def __init__(self, client, workers=4, now=None):
        self.client = client
        self.workers = max(1, int(workers))
        self.now = now or time.time

    def _map(self, func, args):
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(func, args))

    # -- lists, pages after the first in parallel ---------------------------------------------
    def list_all(self, product, action, params=None):
        params = dict(params or {})
        spec = PAGING.get((product, action))
        if not spec or not spec[0]:
            return self.client.call_all_pages(product, action, params)
        page_param, size_param, size = spec[0], spec[1], spec[2]
        first = self.client.call(product, action, dict(params, **{page_param: 1, size_param: size}))
        path = list_path_of(product, action, first)
        items = unwrap(first, path) if path else []
        total = total_of(first)
        if total is None or len(items) < size or total <= size:
            if total is None and len(items) >= size:  # no total given: walk on sequentially
                return items + self.client.call_all_pages(product, action, dict(params, **{page_param: 2}), list_path=path)
            return items
        numbers = range(2, int(math.ceil(total / float(size))) + 1)
        pages = self._map(lambda number: unwrap(self.client.call(product, action, dict(params, **{page_param: number, size_param: size})),
                                                path), numbers)
        for page in pages:
            items.extend(page)
        return items

    # -- per-resource datasets ---------------------------------------------------------------------
    def _per(self, parents, id_field, fetch):
        ids = [p.get(id_field) for p in parents if p.get(id_field)]
        return dict(zip(ids, self._map(fetch, ids)))

    def security_group_rules(self, groups):
        def fetch(group_id):
            body = self.client.call("ecs", "DescribeSecurityGroupAttribute", {"SecurityGroupId": group_id})
            return unwrap(body, "Permissions.Permission")
        return self._per(groups, "SecurityGroupId", fetch)

    def snat_entries(self, gateways):
        tables = []
        for gateway in gateways:
            tables.extend(_ids(gateway.get("SnatTableIds"), "SnatTableId"))
        pages = self._map(lambda table: self.list_all("vpc", "DescribeSnatTableEntries", {"SnatTableId": table}), tables)
        return [entry for page in pages for entry in page]

    def _window(self, fmt):
        end = datetime.datetime.fromtimestamp(self.now(), datetime.timezone.utc)
        start = end - datetime.timedelta(days=HISTORY_DAYS)
        return start.strftime(fmt), end.strftime(fmt)

    def rds_backups(self, instances):
        start, end = self._window("%Y-%m-%dT%H:%MZ")
        return self._per(instances, "DBInstanceId", lambda db: self.list_all(
            "rds", "DescribeBackups", {"DBInstanceId": db, "StartTime": start, "EndTime": end}))

    def rds_backup_policies(self, instances):
        return self._per(instances, "DBInstanceId", lambda db: self.client.call("rds", "DescribeBackupPolicy", {"DBInstanceId": db}))

    def slb_backend_health(self, balancers):
        def fetch(balancer_id):
            body = self.client.call("slb", "DescribeHealthStatus", {"LoadBalancerId": balancer_id})
            return unwrap(body, "BackendServers.BackendServer")
        return self._per(balancers, "LoadBalancerId", fetch)

    def cms_alarm_history(self):
        end = int(self.now() * 1000)
        start = end - HISTORY_DAYS * 86400 * 1000
        return self.list_all("cms", "DescribeAlertHistoryList", {"StartTime": str(start), "EndTime": str(end)})

    def cms_cpu(self):
        return self.client.call_all_pages("cms", "DescribeMetricLast", {"Namespace": CPU_NAMESPACE, "MetricName": CPU_METRIC},
                                          list_path="Datapoints")

    # -- the run -----------------------------------------------------------------------------------
    def collect(self, wanted=ALL_DATASETS):
        """Returns (data, errors, seconds)."""
        started = time.monotonic()
        wanted = set(wanted)
        unknown = wanted - set(ALL_DATASETS)
        if unknown:
            raise ValueError("unknown Apsara datasets: %s" % ", ".join(sorted(unknown)))
        first = set(name for name in wanted if name in LIST_DATASETS or name in OTHER_DATASETS)
        first |= set(DEPENDENT_DATASETS[name] for name in wanted if name in DEPENDENT_DATASETS)
        data, errors = {}, {}

        def run(name, func):
            try:
                data[name] = func()
            except ApsaraError as err:
                errors[name] = str(err)
            except (KeyError, TypeError, ValueError, AttributeError) as err:
                errors[name] = "unexpected answer: %s: %s" % (type(err).__name__, err)

        tasks = {}
        for name in first:
            if name in LIST_DATASETS:
                product, action, params = LIST_DATASETS[name]
                tasks[name] = (lambda product=product, action=action, params=params: self.list_all(product, action, params))
            else:
                tasks[name] = getattr(self, name)
        self._run_all(run, tasks)

        second = {}
        for name in sorted(wanted & set(DEPENDENT_DATASETS)):
            parent = DEPENDENT_DATASETS[name]
            if parent in data:
                second[name] = (lambda name=name, parent=parent: getattr(self, name)(data[parent]))
            else:
                errors[name] = "needs %s: %s" % (parent, errors.get(parent))
        self._run_all(run, second)
        for name in list(data):
            if name not in wanted:
                data.pop(name)  # a parent fetched only for its dependents
        return data, errors, round(time.monotonic() - started, 3)

    def _run_all(self, run, tasks):
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(run, name, func) for name, func in sorted(tasks.items())]
            for future in futures:
                future.result()

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Collect, once, every Apsara Stack dataset the check catalogue reads.

Collect only: this file calls the API and returns raw items with the API's own field names
(lists unwrapped: `Instances.Instance` -> the list of instances); the checks (pure functions)
judge them and the reports render them.  This file is Apsara's table of datasets and its few
custom fetchers; the engine (core/collect.py) fetches them on a small bounded pool and records a
failing dataset as an error.  Within a large page-style dataset the client fetches the pages
after the first concurrently too.  Per-resource datasets (security group rules, SNAT entries, RDS
backups and policies, SLB backend health) are fetched after their parent list, one call (or page)
per resource.

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
from functools import partial

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError, unwrap
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.collect import DatasetCollector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import id_list

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


class Collector(DatasetCollector):
    """Apsara's datasets.  `client` is an ApsaraClient (thread-safe)."""

    platform = "Apsara"
    error_type = ApsaraError

    def table(self):
        table = dict((name, (None, partial(self.list_all, *spec))) for name, spec in LIST_DATASETS.items())
        table.update((name, (None, getattr(self, name))) for name in OTHER_DATASETS)
        table.update((name, (parent, getattr(self, name))) for name, parent in DEPENDENT_DATASETS.items())
        return table

    def list_all(self, product, action, params=None):
        """Every item of a list action; the pages a first answer's total names are fetched in parallel."""
        return self.client.call_all_pages(product, action, params, workers=self.workers)

    # -- per-resource datasets ---------------------------------------------------------------------
    def _per(self, parents, id_field, fetch):
        ids = [p.get(id_field) for p in parents if p.get(id_field)]
        return dict(zip(ids, self.map(fetch, ids)))

    def security_group_rules(self, groups):
        def fetch(group_id):
            body = self.client.call("ecs", "DescribeSecurityGroupAttribute", {"SecurityGroupId": group_id})
            return unwrap(body, "Permissions.Permission", required=True, action="DescribeSecurityGroupAttribute")
        return self._per(groups, "SecurityGroupId", fetch)

    def snat_entries(self, gateways):
        tables = []
        for gateway in gateways:
            tables.extend(id_list(gateway.get("SnatTableIds"), "SnatTableId"))
        pages = self.map(lambda table: self.list_all("vpc", "DescribeSnatTableEntries", {"SnatTableId": table}), tables)
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
            return unwrap(body, "BackendServers.BackendServer", required=True, action="DescribeHealthStatus")
        return self._per(balancers, "LoadBalancerId", fetch)

    def cms_alarm_history(self):
        end = int(self.now() * 1000)
        start = end - HISTORY_DAYS * 86400 * 1000
        return self.list_all("cms", "DescribeAlertHistoryList", {"StartTime": str(start), "EndTime": str(end)})

    def cms_cpu(self):
        return self.client.call_all_pages("cms", "DescribeMetricLast", {"Namespace": CPU_NAMESPACE, "MetricName": CPU_METRIC},
                                          list_path="Datapoints")

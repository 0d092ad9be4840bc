#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_backup_validate
short_description: Validate backup coverage, policy health, RPO and retention of an Apsara Stack region
version_added: 0.1.0
description:
  - Reads ECS instances, disks, snapshots, automatic snapshot policies, RDS instances with their backups (last 7 days) and
    backup policies, and the ASCM resource groups, once.
  - Builds the protection table (which instances, data disks and RDS instances a policy protects, the newest good snapshot or
    backup, how far back they reach) against O(backup_requirements), the health of every policy on every disk and of every RDS
    backup policy (last automatic snapshot or backup, success or failure, failures in a row, policies that stopped producing),
    and the backup check catalogue's findings (pillar C(backup)).
  - An instance's row stands for the instance and its system disk; data disks have rows of their own. A snapshot in status
    C(accomplished) is good, C(failed) is a failed run. RDS retention is the backup policy's own retention period (the API
    lists a window of backups only).
  - The C(cloudops.privatecloud.report) callback turns the result (report kind C(backup)) into the backup report.
  - Read-only; bad requirements or site configuration fail before any API call.
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - cloudops.privatecloud.backup
  - cloudops.privatecloud.inspection
  - cloudops.privatecloud.inspection.collection
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: Validate the backups of the Apsara Stack region of this inventory host
  cloudops.privatecloud.apsara_backup_validate:
    access_key_id: "{{ apsara_access_key_id }}"
    access_key_secret: "{{ apsara_access_key_secret }}"
    region_id: cn-example-1
    endpoints:
      ecs: https://ecs.cn-example-1.example.invalid
      rds: https://rds.cn-example-1.example.invalid
      ascm: https://ascm.example.invalid
    backup_requirements:
      - name: prod-daily
        match:
          tag: env=prod
        rpo_hours: 24
        retention_days: 7
      - name: databases
        match:
          name: "db-*"
          group: ResourceSet(prod)
        rpo_hours: 24
  register: backups
"""

RETURN = r"""
report_kind:
  description: Always C(backup); what the report callback looks for.
  returned: always
  type: str
  sample: backup
platform:
  description: Always C(apsara).
  returned: always
  type: str
  sample: apsara
endpoint:
  description: The region and ECS endpoint validated (never credentials).
  returned: always
  type: str
  sample: cn-example-1 https://ecs.cn-example-1.example.invalid
findings:
  description: One finding per backup check and required resource or job; the schema is in C(docs/records.md).
  returned: always
  type: list
  elements: dict
summary:
  description: Counts by status, and failed findings by severity and pillar.
  returned: always
  type: dict
checks_run:
  description: Metadata of every check evaluated (id, title, pillar, severity).
  returned: always
  type: list
  elements: dict
protection:
  description:
    - One row per ECS instance, data disk and RDS instance, with C(resource), C(required), C(rule), C(policies) (policy names), C(last_success)
      (ISO 8601 UTC), C(rpo_hours), C(age_hours), C(retention_days), C(retained) (restore point records kept) and
      C(status) (C(ok), C(unprotected), C(stale), C(failing) or C(not_required)).
  returned: always
  type: list
  elements: dict
  sample: [{"resource": {"type": "disk", "uuid": "d-...", "name": "db-01-data1"}, "required": true, "rule": "prod-daily",
            "policies": ["asp-data-daily"], "last_success": "2026-11-27T08:56:25Z", "rpo_hours": 24.0, "age_hours": 6.0,
            "retention_days": 7.0, "retained": 7, "status": "ok"}]
policies:
  description: Every automatic snapshot policy and RDS backup policy (C(uuid), C(name), C(kind), C(schedule), C(retention), C(targets), C(state),
    C(last_run), C(last_result)).
  returned: always
  type: list
  elements: dict
jobs:
  description:
    - Health of every policy on every disk and every RDS backup policy (C(uuid), C(name), C(policy), C(target), C(last_run),
      C(success), C(consecutive_failures), C(stale)).
  returned: always
  type: list
  elements: dict
coverage:
  description: Required resources, how many of them a policy protects, and the percentage.
  returned: always
  type: dict
  sample: {"required": 12, "protected": 11, "pct": 91.7}
collection:
  description: How collection went. C(errors) maps a dataset to why it could not be collected.
  returned: always
  type: dict
  sample: {"api_calls": 10, "retries": 0, "relogins": 0, "seconds": 0.2, "errors": {}}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.collect import Collector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.protection import apsara_model
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.validate import BackupValidation
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import run_report_module

DATASETS = ("instances", "disks", "snapshots", "auto_snapshot_policies", "rds_instances", "rds_backups", "rds_backup_policies",
            "resource_groups")


def main():
    run_report_module(ApsaraModule, BackupValidation("apsara", Collector, DATASETS, apsara_model))


if __name__ == "__main__":
    main()

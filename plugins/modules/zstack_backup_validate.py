#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_backup_validate
short_description: Validate backup coverage, job health, RPO and retention of a ZStack cloud
version_added: 0.1.0
description:
  - Reads VMs, volumes, clusters, user tags, volume snapshots, volume backups and the scheduler jobs of types
    volumeSnapshot, volumeBackup, vmBackup and rootVolumeBackup with their triggers and run history, once.
  - Builds the protection table (which VMs and data volumes a job protects, the newest good restore point, how far back
    restore points reach) against O(backup_requirements), the health of every backup job (last run, failures in a row,
    jobs that stopped running), and the backup check catalogue's findings (pillar C(backup)).
  - A VM's row stands for the VM and its root volume; data volumes have rows of their own. A successful run of a job that
    protects a resource counts as a restore point for the RPO (a VM backup leaves no volume-backup record); retention counts
    snapshot and volume-backup records only.
  - The C(cloudops.privatecloud.report) callback turns the result (report kind C(backup)) into the backup report.
  - Read-only; bad requirements or site configuration fail before any API call.
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - cloudops.privatecloud.backup
  - cloudops.privatecloud.inspection
  - cloudops.privatecloud.inspection.collection
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.attributes.read_only
"""

EXAMPLES = r"""
- name: Validate the backups of the ZStack cloud of this inventory host
  cloudops.privatecloud.zstack_backup_validate:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    backup_requirements:
      - name: prod-daily
        match:
          tag: env=prod
        rpo_hours: 24
        retention_days: 7
      - name: databases
        match:
          name: "db-*"
          group: CLU-COMPUTE-B
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
  description: Always C(zstack).
  returned: always
  type: str
  sample: zstack
endpoint:
  description: The normalised endpoint URL (never credentials).
  returned: always
  type: str
  sample: https://127.0.0.1:18443
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
    - One row per VM and data volume, with C(resource), C(required), C(rule), C(policies) (job names), C(last_success)
      (ISO 8601 UTC), C(rpo_hours), C(age_hours), C(retention_days), C(retained) (restore point records kept) and
      C(status) (C(ok), C(unprotected), C(stale), C(failing) or C(not_required)).
  returned: always
  type: list
  elements: dict
  sample: [{"resource": {"type": "vm", "uuid": "f402...", "name": "db-01"}, "required": true, "rule": "prod-daily",
            "policies": ["backup-db-01-data"], "last_success": "2026-11-27T08:56:25Z", "rpo_hours": 24.0, "age_hours": 6.0,
            "retention_days": 7.0, "retained": 7, "status": "ok"}]
policies:
  description: Every backup or snapshot job as a policy (C(uuid), C(name), C(kind), C(schedule), C(retention), C(targets), C(state),
    C(last_run), C(last_result)).
  returned: always
  type: list
  elements: dict
jobs:
  description: Health of every backup job (C(uuid), C(name), C(policy), C(target), C(last_run), C(success), C(consecutive_failures), C(stale)).
  returned: always
  type: list
  elements: dict
coverage:
  description: Required resources, how many of them a job protects, and the percentage.
  returned: always
  type: dict
  sample: {"required": 12, "protected": 11, "pct": 91.7}
collection:
  description: How collection went. C(errors) maps a dataset to why it could not be collected.
  returned: always
  type: dict
  sample: {"api_calls": 10, "retries": 0, "relogins": 0, "seconds": 0.2, "errors": {}}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.protection import zstack_model
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.validate import BackupValidation
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import run_report_module
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.collect import Collector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.module import ZStackModule

DATASETS = ("vms", "volumes", "clusters", "user_tags", "snapshots", "volume_backups", "scheduler_jobs", "scheduler_triggers",
            "scheduler_history")


def main():
    run_report_module(ZStackModule, BackupValidation("zstack", Collector, DATASETS, zstack_model))


if __name__ == "__main__":
    main()

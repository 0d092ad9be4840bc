#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_restore_test
short_description: Prove Apsara Stack disk snapshots restorable by restoring them into scratch disks
version_added: 0.1.0
description:
  - Samples disks that have an accomplished snapshot, restores the newest one with C(CreateDisk) (C(SnapshotId), a C(ClientToken),
    the source disk's zone and category) into a B(new) disk named C(cloudops-restore-<run8>-<disk name>), waits until it is
    C(Available), verifies its state, size and (with O(content_probe_url)) a content marker, records the measured RTO, and
    deletes the scratch disk again.
  - The scratch disk is deleted also when the restore fails or verification fails (a disk still C(Creating) is waited out first).
  - It never writes to an existing disk; the original is read before and after and RV(restore_tests[].original_unchanged) says
    whether it stayed the same.
  - Scratch disks of an earlier, interrupted run are listed in RV(leftovers) and deleted with O(cleanup_leftovers).
  - The C(cloudops.privatecloud.report) callback turns the result into the backup report.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  source:
    description:
      - What to restore from. Only C(snapshot) (ECS disk snapshots, C(Status=accomplished), newest by C(CreationTime)).
    type: str
    choices: [snapshot]
    default: snapshot
extends_documentation_fragment:
  - cloudops.privatecloud.backup.restore_test
  - cloudops.privatecloud.inspection
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
attributes:
  check_mode:
    description: Every read runs and the result lists what would be restored (rows with status C(planned)); nothing is created or deleted.
    support: full
  diff_mode:
    description: Every scratch resource the module creates is deleted again in the same run, so there is no lasting change to show as a diff.
    support: none
notes:
  - Scratch disks carry the name prefix C(cloudops-restore-); do not use it for anything else.
  - When C(CreateDisk) fails asynchronously the disk disappears without an error text; the row says so.
"""

EXAMPLES = r"""
- name: Restore-test the newest snapshot of one sampled disk
  cloudops.privatecloud.apsara_restore_test:
    access_key_id: "{{ apsara_access_key_id }}"
    access_key_secret: "{{ apsara_access_key_secret }}"
    region_id: "{{ apsara_region_id }}"
    endpoints: "{{ apsara_endpoints }}"
    content_probe_url: "http://127.0.0.1:18090/_lab/content/{id}"
  register: restore

- name: Restore named disks and delete scratch disks an interrupted run left behind
  cloudops.privatecloud.apsara_restore_test:
    resources: [log-01-data1, d-lab0000000000000042]
    cleanup_leftovers: true
    time_budget_seconds: 1200
  module_defaults:
    group/cloudops.privatecloud.apsara:
      access_key_id: "{{ apsara_access_key_id }}"
      access_key_secret: "{{ apsara_access_key_secret }}"
      region_id: "{{ apsara_region_id }}"
"""

RETURN = r"""
platform:
  description: Always C(apsara).
  returned: always
  type: str
  sample: apsara
endpoint:
  description: The region and ECS endpoint used (never credentials).
  returned: always
  type: str
  sample: cn-lab-1 https://127.0.0.1:18453
report_kind:
  description: Always C(backup); what the report callback looks for.
  returned: always
  type: str
  sample: backup
changed:
  description: True when a scratch resource was created or anything was deleted.
  returned: always
  type: bool
restore_tests:
  description:
    - One row per selected resource.
    - C(status) is C(passed), C(failed) (restored but a check failed), C(error) (the restore or the wait failed, or no good
      backup exists; C(error) holds the API's text), C(planned) (check mode) or C(not_run) (the time budget was spent).
    - C(checks) are C(true)/C(false), or C(null) when not run (C(content) without O(content_probe_url)).
    - C(rto_seconds) is measured from the restore call until the scratch resource is usable.
    - C(cleaned_up) is true when no scratch resource of this test remains (none was created, or it was deleted).
    - C(original_unchanged) compares the original's representation (and content marker, with a probe) read before and after.
  returned: always
  type: list
  elements: dict
  contains:
    source:
      description: The original resource (C(type), C(uuid), C(name)).
      type: dict
    backup:
      description: The backup or snapshot restored (C(type), C(uuid), C(name), C(created)); null without a good one.
      type: dict
    scratch:
      description: The scratch resource (C(type), C(uuid), C(name)); null when none was attempted. C(uuid) is null when the restore call failed.
      type: dict
    status:
      description: C(passed), C(failed), C(error), C(planned) or C(not_run).
      type: str
    checks:
      description: C(state), C(size) and C(content), each true, false or null.
      type: dict
    rto_seconds:
      description: Seconds from the restore call until usable; null when it never became usable.
      type: float
    cleaned_up:
      description: No scratch resource of this test remains.
      type: bool
    error:
      description: Why the test failed or errored; null when it passed.
      type: str
    original_unchanged:
      description: The original read the same before and after; null when nothing was restored.
      type: bool
leftovers:
  description:
    - Scratch resources from earlier interrupted runs (name prefix C(cloudops-restore-)), each C(type), C(uuid), C(name),
      C(created) and C(cleaned) (deleted by this run).
  returned: always
  type: list
  elements: dict
findings:
  description:
    - One finding per restore check and tested resource (or scratch resource), from the backup catalogue (C(docs/checks.md)), namely
      C(apsara_restore_test_failed) (a failed or errored test, severity high), C(apsara_restore_rto_exceeded) (the measured RTO over
      the C(max_rto_seconds) threshold) and C(apsara_restore_scratch_left) (a scratch resource of this or an earlier run remains).
    - Compact C(PASS) findings, complete C(FAIL) and C(MUTED) ones (en and zh_CN text); the schema is in C(docs/records.md).
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
collection:
  description: API calls of the run (C(api_calls), C(retries), C(relogins)), its C(seconds) and C(errors) (always empty here).
  returned: always
  type: dict
  sample: {"api_calls": 14, "retries": 0, "relogins": 0, "seconds": 3.2, "errors": {}}
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.module import ApsaraModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.restore import ApsaraRestore
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.restore_test import RestoreTest
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import run_report_module


def main():
    run_report_module(ApsaraModule, RestoreTest("apsara", ("snapshot",), ApsaraRestore))


if __name__ == "__main__":
    main()

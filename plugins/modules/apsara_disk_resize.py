#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apsara_disk_resize
short_description: Grow an Apsara Stack ECS disk (disk growth), one irreversible change step
version_added: 0.2.0
description:
  - Grows O(disk) to O(size) GiB with C(ResizeDisk) and polls C(DescribeDisks) until the size shows. Idempotent - a disk of
    that size is C(unchanged).
  - C(online) for cloud_efficiency, cloud_ssd and cloud_essd disks of a Running instance (the guest sees it at once);
    otherwise C(offline), which a Running instance's guest sees only after a reboot through the API - the module does that
    C(RebootInstance) unless O(restart=never), which makes it an error before any write. A Stopped instance sees it at its
    next start.
  - Grow only. A smaller size, a size beyond the category's maximum (cloud 2000 GiB, others 32768 GiB) or an instance that is
    not Running or Stopped is an error before any write.
  - A disk cannot shrink back - the step is irreversible, the plan says so (C(after.irreversible), C(title)) and the growth
    is never journaled. The guest's partition and file system are not touched (growpart, resize2fs or xfs_growfs in the guest).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  disk:
    description: Disk name or id (C(d-...)).
    type: str
    required: true
  size:
    description: The new size in GiB.
    type: int
    required: true
  restart:
    description: V(never) refuses an offline growth of a Running instance's disk (it needs an API reboot); otherwise the module reboots.
    type: str
    choices: [never, if_needed, always]
    default: if_needed
  snapshot:
    description:
      - Take a snapshot (C(CreateSnapshot)) before the growth and wait for it. It is recorded in the change record
        (C(after.snapshot)) and journaled as C(disk_snapshot); a rollback keeps it (the growth cannot be undone, the snapshot is the way
        back for the data during the rollback window). Delete it by hand when the window is over.
    type: bool
    default: false
  snapshot_name:
    description: The snapshot's name; default C(before-grow-<change id>-<volume>).
    type: str
  context_spec:
    description: Not used by this module (the option every apply module shares).
    type: dict
  wait_timeout:
    description: Seconds to wait for the growth and the reboot.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.apsara
  - cloudops.privatecloud.apsara.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Grow a data disk to 200 GiB
  cloudops.privatecloud.apsara_disk_resize:
    disk: scale-payg-01-data1
    size: 200
"""

RETURN = r"""
disk:
  description: The disk after the run (in check mode, as planned) - id, size_gib, category, status, irreversible, mode, restart.
  returned: success
  type: dict
changed:
  description: True when the disk grew (in check mode, would).
  returned: always
  type: bool
changes:
  description: One change record (action C(grow_disk)), also when the task fails.
  returned: always
  type: list
  elements: dict
journal:
  description: Empty unless O(snapshot) - then the snapshot (type C(disk_snapshot)), which a rollback keeps; the growth itself cannot be undone.
  returned: always
  type: list
  elements: dict
report_kind:
  description: Always C(change).
  returned: always
  type: str
platform:
  description: Always C(apsara).
  returned: always
  type: str
endpoint:
  description: The region and ECS endpoint.
  returned: always
  type: str
change:
  description: The change this task belongs to.
  returned: always
  type: dict
pre_checks:
  description: The checks that failed validation, when the task fails before any write.
  returned: on validation failure
  type: list
  elements: dict
diff:
  description: The disk before and after (Ansible's --diff).
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.scaling.module import DiskGrowth


def main():
    DiskGrowth().run()


if __name__ == "__main__":
    main()

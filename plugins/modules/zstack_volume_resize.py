#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zstack_volume_resize
short_description: Grow the root or a data volume of a ZStack VM (disk growth), one irreversible change step
version_added: 0.2.0
description:
  - Grows the root volume (C(ResizeRootVolume)) or a data volume (C(ResizeDataVolume)) of O(vm) to O(size) and waits for
    the job - online when the VM is Running, offline when it is Stopped. Idempotent - a volume of that size is C(unchanged).
  - Grow only. A smaller size, a VM that is not Running or Stopped, or a primary storage without the room is an error
    before any write.
  - A volume cannot shrink back, so the step is irreversible - the plan (check mode) says so (C(after.irreversible),
    C(title)) and the growth is never journaled; a rollback of the change leaves the growth in place.
  - The guest's partition and file system are not touched - the guest must grow them (growpart, resize2fs or xfs_growfs).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  vm:
    description: Name or uuid of the VM.
    type: str
    required: true
  volume:
    description: V(root), or the name or uuid of a data volume attached to the VM.
    type: str
    default: root
  size:
    description: The new total size, a number of MiB or with a unit (V(80G)).
    type: str
    required: true
  snapshot:
    description:
      - Take a snapshot (C(CreateVolumeSnapshot)) before the growth and wait for it. It is recorded in the change record
        (C(after.snapshot)) and journaled as C(volume_snapshot); a rollback keeps it (the growth cannot be undone, the snapshot is the way
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
    description: Seconds to wait for the job.
    type: int
    default: 600
extends_documentation_fragment:
  - cloudops.privatecloud.zstack
  - cloudops.privatecloud.zstack.action_group
  - cloudops.privatecloud.change
"""

EXAMPLES = r"""
- name: Grow the data volume of scale-src-01 to 80 GiB
  cloudops.privatecloud.zstack_volume_resize:
    endpoint: "{{ zstack_endpoint }}"
    account: "{{ zstack_account }}"
    password: "{{ zstack_password }}"
    vm: scale-src-01
    volume: DATA-scale-src-01-1
    size: 80G
"""

RETURN = r"""
volume:
  description: The volume after the run (in check mode, as planned) - uuid, size (bytes), type, status, irreversible, mode.
  returned: success
  type: dict
changed:
  description: True when the volume grew (in check mode, would).
  returned: always
  type: bool
changes:
  description: One change record (action C(grow_volume)), also when the task fails.
  returned: always
  type: list
  elements: dict
journal:
  description: Empty unless O(snapshot) - then the snapshot (type C(volume_snapshot)), which a rollback keeps; the growth itself cannot be undone.
  returned: always
  type: list
  elements: dict
report_kind:
  description: Always C(change).
  returned: always
  type: str
platform:
  description: Always C(zstack).
  returned: always
  type: str
endpoint:
  description: The normalised endpoint URL.
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
  description: The volume before and after (Ansible's --diff).
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.scaling.module import VolumeGrowth


def main():
    VolumeGrowth().run()


if __name__ == "__main__":
    main()

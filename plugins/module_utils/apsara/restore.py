# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara (ECS) steps of a restore test (see restore_test.py for the run around them).

Wire facts (shared/reference/apsara-api.md):
- a good snapshot is `Status=accomplished` (DescribeSnapshots, newest first by CreationTime);
- the restore is `CreateDisk` with `SnapshotId`, the source disk's `ZoneId` and `DiskCategory`, a
  `DiskName`, and a `ClientToken` so a retried call creates one disk only; the disk goes
  `Creating` -> `Available`; when the creation fails the disk disappears (there is no error text
  to read, so the row says that);
- `DeleteDisk` takes a disk in `Available` only, so cleanup waits out `Creating` first.
"""

from __future__ import annotations

import hashlib
import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.restore_test import SCRATCH_PREFIX, newest
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.retry import wait_until
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import resource_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import parse_iso
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import iso_utc

# What a restore test must never change on the original disk.
ORIGINAL_FIELDS = ("DiskId", "DiskName", "Type", "Category", "Size", "Status", "ZoneId", "InstanceId", "Device",
                   "SourceSnapshotId", "AttachedTime", "DetachedTime", "Encrypted")
NOT_FOUND = ("InvalidDiskId.NotFound", "InvalidDisk.NotFound")
GONE = object()  # what a delete step reads once the disk no longer exists


class ApsaraRestore(object):
    platform = "apsara"
    source_type = "disk"
    scratch_type = "disk"
    error_type = ApsaraError

    def __init__(self, client, endpoint, sleep=time.sleep, clock=time.monotonic, poll_interval=1.0):
        self.client = client
        self.endpoint = endpoint  # "<region> <ECS endpoint>", as apsara_inspect names it
        self.sleep = sleep
        self.clock = clock
        self.poll_interval = poll_interval
        self._all_disks = None

    @staticmethod
    def backup_label(source):
        return "accomplished %s" % source

    # -- reads ---------------------------------------------------------------------------------
    def _disks(self):
        """Every disk in scope, listed once per run (candidates and leftovers share it)."""
        if self._all_disks is None:
            self._all_disks = self.client.call_all_pages("ecs", "DescribeDisks", {})
        return self._all_disks

    def _disk(self, disk_id):
        items = self.client.call_all_pages("ecs", "DescribeDisks", {"DiskIds": [disk_id]})
        return next((d for d in items if d.get("DiskId") == disk_id), None)

    def candidates(self, source):
        """(newest accomplished snapshot per existing disk, {id: name} of every disk)."""
        disks = dict((d["DiskId"], d) for d in self._disks())
        snaps = [s for s in self.client.call_all_pages("ecs", "DescribeSnapshots", {"Status": "accomplished"})
                 if s.get("Status") == "accomplished"]
        best = newest(snaps, lambda s: s.get("SourceDiskId"), lambda s: parse_iso(s.get("CreationTime")), lambda s: s["SnapshotId"])
        rows = []
        for disk_id, snap in best.items():
            disk = disks.get(disk_id)
            if disk is None:
                continue  # the source disk is gone (or out of scope): no original to compare with
            try:
                size = int(snap.get("SourceDiskSize"))
            except (TypeError, ValueError):
                size = disk.get("Size")
            rows.append({
                "source": resource_ref("disk", disk_id, disk.get("DiskName")),
                "backup": {"type": source, "uuid": snap["SnapshotId"], "name": snap.get("SnapshotName") or snap["SnapshotId"],
                           "created": iso_utc(parse_iso(snap.get("CreationTime"))) or snap.get("CreationTime")},
                "expected_size": size,
                "zone_id": disk.get("ZoneId"),
                "category": disk.get("Category"),
            })
        return rows, dict((d_id, d.get("DiskName") or d_id) for d_id, d in disks.items())

    @staticmethod
    def lookup(keys):
        return {}  # candidates() already knows every disk in scope

    def list_scratch(self):
        return [{"type": "disk", "uuid": d["DiskId"], "name": d.get("DiskName"), "created": iso_utc(parse_iso(d.get("CreationTime"))) or d.get("CreationTime")}
                for d in self._disks() if (d.get("DiskName") or "").startswith(SCRATCH_PREFIX)]

    def find_scratch(self, name):
        return [d["DiskId"] for d in self.client.call_all_pages("ecs", "DescribeDisks", {"DiskName": name})
                if d.get("DiskName") == name]

    def read_original(self, disk_id):
        disk = self._disk(disk_id)
        return None if disk is None else dict((k, disk.get(k)) for k in ORIGINAL_FIELDS)

    # -- writes ----------------------------------------------------------------------------------
    def restore(self, candidate, name, params):
        """CreateDisk from the snapshot; returns the new disk's id (the disk is still Creating)."""
        snap = candidate["backup"]["uuid"]
        request = {"SnapshotId": snap, "DiskName": name, "ZoneId": candidate["zone_id"],
                   "Description": "cloudops.privatecloud restore test of snapshot %s" % snap,
                   "ClientToken": hashlib.sha1(("%s/%s" % (name, snap)).encode("utf-8")).hexdigest()}
        if candidate.get("category"):
            request["DiskCategory"] = candidate["category"]
        body = self.client.call("ecs", "CreateDisk", request)
        disk_id = body.get("DiskId") if isinstance(body, dict) else None
        if not disk_id:
            raise ApsaraError("Apsara CreateDisk answered without a DiskId", product="ecs", action="CreateDisk")
        return disk_id

    def _wait(self, read, done, timeout, on_timeout, check=None):
        """core.retry.wait_until with this object's clock, sleep and poll interval."""
        return wait_until(read, done, timeout, on_timeout, check=check, first_delay=0.1, max_delay=self.poll_interval,
                          clock=self.clock, sleep=self.sleep)

    def wait_usable(self, disk_id, timeout):
        def failed(disk):
            # A disk that vanished is checked first: it has no Status to report.
            if disk is None:
                raise ApsaraError("Apsara CreateDisk of %s failed: the disk disappeared while Creating (the restore from "
                                  "the snapshot did not complete)" % disk_id, code="RestoreFailed", product="ecs", action="CreateDisk")
            if disk.get("Status") not in ("Creating", "ReIniting"):
                raise ApsaraError("restored disk %s is %s, expected Available" % (disk_id, disk.get("Status")),
                                  code="RestoreFailed", product="ecs", action="CreateDisk")

        def timed_out(disk):
            return ApsaraError("restored disk %s did not become Available within %ss (Status %s)" % (
                disk_id, timeout, disk.get("Status")), code="WaitTimeout", product="ecs", action="DescribeDisks")
        return self._wait(lambda: self._disk(disk_id), lambda disk: disk is not None and disk.get("Status") == "Available",
                          timeout, timed_out, check=failed)

    @staticmethod
    def verify(candidate, scratch):
        expected = candidate.get("expected_size")
        return {"state": scratch.get("Status") == "Available",
                "size": bool(expected) and scratch.get("Size") == expected}

    @staticmethod
    def describe_mismatch(key, candidate, scratch):
        if key == "state":
            return "restored disk is %s, expected Available" % scratch.get("Status")
        return "restored disk size %s GiB differs from the snapshot's %s GiB" % (scratch.get("Size"), candidate.get("expected_size"))

    def delete(self, disk_id, timeout):
        """Delete a scratch disk (waiting out Creating, detaching first when attached); True when it is gone.

        Raises ApsaraError when it is still there after `timeout`: the last DeleteDisk error, if any."""
        last_error = []

        def step():
            """One poll: read the disk and take the next step towards deleting it; GONE once it is."""
            disk = self._disk(disk_id)
            if disk is None:
                return GONE
            if not (disk.get("DiskName") or "").startswith(SCRATCH_PREFIX):
                raise ApsaraError("refusing to delete disk %s (%s): not a scratch disk" % (disk_id, disk.get("DiskName")),
                                  product="ecs", action="DeleteDisk")
            if disk.get("Status") == "Available":
                try:
                    self.client.call("ecs", "DeleteDisk", {"DiskId": disk_id})
                except ApsaraError as err:
                    if err.code in NOT_FOUND:
                        return GONE
                    last_error[:] = [err]  # retried until the deadline: a disk just detached may still be busy
            elif disk.get("Status") == "In_use" and disk.get("InstanceId"):
                self.client.call("ecs", "DetachDisk", {"DiskId": disk_id, "InstanceId": disk["InstanceId"]})
            return disk

        def timed_out(disk):
            if last_error:
                return last_error[0]
            return ApsaraError("scratch disk %s still exists after %ss (Status %s)" % (disk_id, timeout, disk.get("Status")),
                               code="WaitTimeout", product="ecs", action="DeleteDisk")
        return self._wait(step, lambda value: value is GONE, timeout, timed_out) is GONE

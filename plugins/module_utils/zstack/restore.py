# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack steps of a restore test (see restore_test.py for the run around them).

Wire facts (shared/reference/zstack-api.md 3.3 and zstack-api-index.tsv):
- CreateDataVolumeFromVolumeBackup: `POST /volumes/data-volume/from/volume-template/{backupUuid}`
  `{"params": {"name", "primaryStorageUuid"?}}`, async (202 + api-job) -> `inventory` (a VolumeInventory);
- CreateDataVolumeFromVolumeSnapshot: `POST /volumes/data/from/volume-snapshots/{volumeSnapshotUuid}`,
  same shape;
- DeleteDataVolume: `DELETE /volumes/{uuid}?deleteMode=Permissive`; on a real management node the volume
  may then sit in status `Deleted` (the recycle bin) until ExpungeDataVolume, `PUT /volumes/{uuid}/actions`
  `{"expungeDataVolume": {}}`, so we expunge whatever is still there;
- a good backup is `status=Ready` and `state=Enabled`; a usable volume is `status=Ready`, `state=Enabled`.
Every write goes through `ZStackClient.call`, which sends an X-Job-UUID (a retried submit never runs twice).
"""

from __future__ import annotations

import json
import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.restore_test import SCRATCH_PREFIX, newest
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.retry import wait_until
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import resource_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.timeparse import parse_zstack_date
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import iso_utc
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError

SOURCES = {
    # option value -> (query path, restore path, backup type in rows, API name)
    "volume_backup": ("/volume-backups", "/volumes/data-volume/from/volume-template/%s", "volume_backup",
                      "CreateDataVolumeFromVolumeBackup"),
    "volume_snapshot": ("/volume-snapshots", "/volumes/data/from/volume-snapshots/%s", "volume_snapshot",
                        "CreateDataVolumeFromVolumeSnapshot"),
}

# What a restore test must never change on the original volume.
ORIGINAL_FIELDS = ("uuid", "name", "type", "size", "state", "status", "primaryStorageUuid", "vmInstanceUuid",
                   "installPath", "format", "lastOpDate")
CHUNK = 100  # uuids per `uuid?=` condition


def _backup_volume_size(backup):
    """The source volume's size at backup time, from the backup's metadata when it says."""
    try:
        meta = json.loads(backup.get("metadata") or "{}")
        return int(meta["volume"]["size"])
    except (ValueError, TypeError, KeyError):
        return None


class ZStackRestore(object):
    platform = "zstack"
    source_type = "volume"
    scratch_type = "volume"
    error_type = ZStackError

    def __init__(self, client, endpoint=None, sleep=time.sleep, clock=time.monotonic, poll_interval=1.0):
        self.client = client
        self.endpoint = endpoint or client.endpoint
        self.sleep = sleep
        self.clock = clock
        self.poll_interval = poll_interval

    @staticmethod
    def backup_label(source):
        return source.replace("_", " ")

    # -- reads ---------------------------------------------------------------------------------
    def _volumes(self, uuids):
        found = {}
        uuids = sorted(set(uuids))
        for start in range(0, len(uuids), CHUNK):
            for vol in self.client.query_all("/volumes", ["uuid?=%s" % ",".join(uuids[start:start + CHUNK])]):
                found[vol["uuid"]] = vol
        return found

    def candidates(self, source):
        """(newest good backup per existing volume, {uuid: name} of every volume that has any backup of the kind)."""
        path, _restore, btype, _api = SOURCES[source]
        items = self.client.query_all(path)
        every = set(i["volumeUuid"] for i in items if i.get("volumeUuid"))
        good = [i for i in items if i.get("status") == "Ready" and i.get("state") == "Enabled"]
        best = newest(good, lambda i: i.get("volumeUuid"), lambda i: parse_zstack_date(i.get("createDate")), lambda i: i["uuid"])
        volumes = self._volumes(every)
        known = dict((u, v.get("name") or u) for u, v in volumes.items())
        rows = []
        for vol_uuid, item in best.items():
            vol = volumes.get(vol_uuid)
            if vol is None:
                continue  # the source volume is gone: nothing to compare with and no original to protect
            size = _backup_volume_size(item) if source == "volume_backup" else None
            rows.append({
                "source": resource_ref("volume", vol_uuid, vol.get("name")),
                "backup": {"type": btype, "uuid": item["uuid"], "name": item.get("name") or item["uuid"],
                           "created": iso_utc(parse_zstack_date(item.get("createDate"))) or item.get("createDate")},
                "expected_size": size or vol.get("size"),
                "primary_storage": vol.get("primaryStorageUuid"),
            })
        return rows, known

    def lookup(self, keys):
        found = {}
        for cond in ("name?=%s", "uuid?=%s"):
            for vol in self.client.query_all("/volumes", [cond % ",".join(keys)]):
                found[vol["uuid"]] = vol.get("name") or vol["uuid"]
        return found

    def list_scratch(self):
        vols = self.client.query_all("/volumes", ["name~=%s%%" % SCRATCH_PREFIX])
        return [{"type": "volume", "uuid": v["uuid"], "name": v.get("name"),
                 "created": iso_utc(parse_zstack_date(v.get("createDate"))) or v.get("createDate")}
                for v in vols if (v.get("name") or "").startswith(SCRATCH_PREFIX)]

    def find_scratch(self, name):
        return [v["uuid"] for v in self.client.query_all("/volumes", ["name=%s" % name])]

    def _volume(self, uuid):
        items = self.client.query("/volumes", ["uuid=%s" % uuid]).get("inventories") or []
        return items[0] if items else None

    def read_original(self, uuid):
        vol = self._volume(uuid)
        return None if vol is None else dict((k, vol.get(k)) for k in ORIGINAL_FIELDS)

    # -- writes ----------------------------------------------------------------------------------
    def restore(self, candidate, name, params):
        """Start (and, ZStack being async, finish) the restore into a new volume; returns its uuid."""
        _path, restore_path, _btype, api = SOURCES[params["source"]]
        body = {"name": name, "description": "cloudops.privatecloud restore test of %s %s" % (
            candidate["backup"]["type"], candidate["backup"]["uuid"])}
        ps = params.get("primary_storage") or candidate.get("primary_storage")
        if ps:
            body["primaryStorageUuid"] = ps
        reply = self.client.call("POST", restore_path % candidate["backup"]["uuid"], {"params": body}, api=api,
                                 timeout=params["wait_timeout"])
        inventory = reply.get("inventory") if isinstance(reply, dict) else None
        if not inventory or not inventory.get("uuid"):
            raise ZStackError("ZStack %s answered without a volume inventory" % api, endpoint=self.endpoint)
        return inventory["uuid"]

    def wait_usable(self, uuid, timeout):
        def failed(vol):
            if vol is None or vol.get("status") in ("Deleted", "NotInstantiated"):
                raise ZStackError("restored volume %s is %s, not Ready" % (uuid, "gone" if vol is None else vol.get("status")),
                                  endpoint=self.endpoint)

        def timed_out(vol):
            return ZStackError("restored volume %s did not become Ready within %ss (status %s)" % (uuid, timeout, vol.get("status")),
                               endpoint=self.endpoint)
        return wait_until(lambda: self._volume(uuid), self.usable, timeout, timed_out, check=failed, first_delay=0.1,
                          max_delay=self.poll_interval, clock=self.clock, sleep=self.sleep)

    @staticmethod
    def usable(vol):
        """Usable: Ready and Enabled."""
        return vol is not None and vol.get("status") == "Ready" and vol.get("state") == "Enabled"

    @staticmethod
    def verify(candidate, scratch):
        expected = candidate.get("expected_size")
        return {"state": ZStackRestore.usable(scratch), "size": bool(expected) and scratch.get("size") == expected}

    @staticmethod
    def describe_mismatch(key, candidate, scratch):
        if key == "state":
            return "restored volume is %s/%s, expected Ready/Enabled" % (scratch.get("status"), scratch.get("state"))
        return "restored volume size %s differs from the source's %s" % (scratch.get("size"), candidate.get("expected_size"))

    def delete(self, uuid, timeout):
        """Delete and expunge a scratch volume; True when it is gone."""
        vol = self._volume(uuid)
        if vol is None:
            return True
        if not (vol.get("name") or "").startswith(SCRATCH_PREFIX):
            raise ZStackError("refusing to delete volume %s (%s): not a scratch volume" % (uuid, vol.get("name")),
                              endpoint=self.endpoint)
        if vol.get("vmInstanceUuid"):
            self.client.call("DELETE", "/volumes/%s/vm-instances" % uuid, api="DetachDataVolumeFromVm", timeout=timeout)
        if vol.get("status") != "Deleted":
            self.client.call("DELETE", "/volumes/%s?deleteMode=Permissive" % uuid, api="DeleteDataVolume", timeout=timeout)
        vol = self._volume(uuid)
        if vol is not None and vol.get("status") == "Deleted":
            self.client.call("PUT", "/volumes/%s/actions" % uuid, {"expungeDataVolume": {}}, api="ExpungeDataVolume", timeout=timeout)
            vol = self._volume(uuid)
        return vol is None

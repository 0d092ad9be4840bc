"""The in-memory world: tables of records keyed by uuid, cached reverse indexes, capacity maths.

Records are plain dicts whose keys are the real inventory field names. Keys starting with ``_``
are lab-internal (utilisation values, planted ages) and never reach the wire.
"""
from __future__ import annotations

import threading
from collections import defaultdict

from . import wire

# VM states that hold host capacity (ZStack releases capacity only when a VM stops or is destroyed)
CAPACITY_STATES = {"Starting", "Running", "Stopping", "Rebooting", "Migrating", "Pausing", "Paused",
                   "Resuming", "Unknown", "Crashed", "VolumeMigrating"}


class State:
    def __init__(self, name: str = "world"):
        self.name = name
        self.tables: dict[str, dict[str, dict]] = defaultdict(dict)
        self.lock = threading.RLock()
        self.version = 0
        self._idx: dict = {}
        self._idx_version = -1
        # serving caches (rendered inventories, filtered+sorted query results), valid for one version
        self._render_cache: dict = {}
        self._result_cache: dict = {}
        self._cache_version = -1
        self.accounts: list[dict] = []
        self.access_keys: dict[str, dict] = {}   # AccessKeyId -> {"secret", "account"} (world key access_keys)
        self.license: dict = {}
        self.license_addons: list[dict] = []
        self.version_string = "4.8.10"
        self.meta: dict = {}          # world-level extras (faults, description)
        self.history_seq = 0

    # ---- basic table access -------------------------------------------------------------
    def add(self, kind: str, rec: dict) -> dict:
        key = rec.get("uuid") or rec.get("_key")
        self.tables[kind][key] = rec
        self.touch()
        return rec

    def get(self, kind: str, uuid: str | None) -> dict | None:
        if uuid is None:
            return None
        return self.tables[kind].get(uuid)

    def all(self, kind: str) -> list[dict]:
        return list(self.tables[kind].values())

    def remove(self, kind: str, uuid: str) -> dict | None:
        rec = self.tables[kind].pop(uuid, None)
        self.touch()
        return rec

    def touch(self):
        self.version += 1

    def serving_caches(self) -> tuple[dict, dict]:
        """(rendered inventories by (kind, id(record)), query results by query key), both emptied
        whenever the version moved. Call with ``self.lock`` held."""
        if self._cache_version != self.version:
            self._render_cache = {}
            self._result_cache = {}
            self._cache_version = self.version
        return self._render_cache, self._result_cache

    def by(self, kind: str, field: str, value) -> list[dict]:
        """Records of ``kind`` whose ``field`` equals ``value`` (cached until the next change)."""
        if self._idx_version != self.version:
            self._idx = {}
            self._idx_version = self.version
        key = (kind, field)
        idx = self._idx.get(key)
        if idx is None:
            idx = defaultdict(list)
            for rec in self.tables[kind].values():
                v = rec.get(field)
                if isinstance(v, list):
                    for item in v:
                        idx[item].append(rec)
                else:
                    idx[v].append(rec)
            self._idx[key] = idx
        return idx.get(value, [])

    # ---- configuration helpers ---------------------------------------------------------
    def global_config(self, category: str, name: str, default=None):
        rec = self.tables["globalconfig"].get(f"{category}/{name}")
        return rec["value"] if rec else default

    def resource_config(self, resource_uuids: list[str], category: str, name: str, default=None):
        """Resource-level override (vm, then cluster, then zone), then global config."""
        for ru in resource_uuids:
            if not ru:
                continue
            rec = self.tables["resourceconfig"].get(f"{ru}/{category}/{name}")
            if rec:
                return rec["value"]
        return self.global_config(category, name, default)

    def system_tags(self, resource_uuid: str) -> list[str]:
        return [t["tag"] for t in self.by("systemtag", "resourceUuid", resource_uuid)]

    def add_system_tag(self, resource_uuid: str, resource_type: str, tag: str, inherent=False):
        ts = wire.now()
        uid = wire.new_uuid()
        self.add("systemtag", {"uuid": uid, "resourceUuid": resource_uuid, "resourceType": resource_type,
                               "tag": tag, "type": "System", "inherent": inherent,
                               "createDate": ts, "lastOpDate": ts})

    # ---- capacity maths ---------------------------------------------------------------
    def cpu_ratio(self, host: dict) -> float:
        v = self.resource_config([host.get("clusterUuid"), host.get("zoneUuid")], "host",
                                 "cpu.overProvisioning.ratio", "10")
        return float(v)

    def mem_ratio(self, host: dict) -> float:
        v = self.resource_config([host.get("clusterUuid"), host.get("zoneUuid")], "mevoco",
                                 "overProvisioning.memory", "1")
        return float(v)

    def reserved_memory(self, host: dict) -> int:
        v = self.resource_config([host.get("clusterUuid"), host.get("zoneUuid")], "kvm",
                                 "reservedMemory", "1G")
        return parse_size(str(v))

    def recompute_host(self, host: dict):
        """availableCpuCapacity = cpuNum x ratio - sum(vCPU); availableMemory = total - reserved - sum(mem)/ratio."""
        vms = [v for v in self.by("vm", "hostUuid", host["uuid"]) if v.get("state") in CAPACITY_STATES]
        used_cpu = sum(v["cpuNum"] for v in vms)
        used_mem = sum(v["memorySize"] for v in vms)
        total_cpu = int(host["cpuNum"] * self.cpu_ratio(host))
        host["totalCpuCapacity"] = total_cpu
        host["availableCpuCapacity"] = total_cpu - used_cpu
        total_mem = host["totalMemoryCapacity"]
        host["availableMemoryCapacity"] = int(total_mem - self.reserved_memory(host) - used_mem / self.mem_ratio(host))

    def recompute_hosts(self, host_uuids=None):
        with self.lock:
            hosts = self.all("host") if host_uuids is None else [self.get("host", u) for u in host_uuids]
            for h in hosts:
                if h:
                    self.recompute_host(h)

    def next_history_id(self) -> int:
        self.history_seq += 1
        return self.history_seq


_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024 ** 2, "MB": 1024 ** 2, "G": 1024 ** 3,
          "GB": 1024 ** 3, "T": 1024 ** 4, "TB": 1024 ** 4, "P": 1024 ** 5, "PB": 1024 ** 5}


def parse_size(v) -> int:
    """'512G' -> bytes; ints pass through."""
    if isinstance(v, (int, float)):
        return int(v)
    s = str(v).strip().upper().replace("I", "")
    num = s.rstrip("KMGTPB")
    unit = s[len(num):]
    return int(float(num) * _UNITS[unit])

"""The in-memory world: resources by kind, tenancy, async transitions, ClientToken idempotency.

Records are dicts in API field naming; keys starting with "_" are internal (owner organization,
pending transition, ...) and never rendered. Transitions are applied lazily: every API call first
runs ``advance()``, so there are no timer threads and results are deterministic for a seed.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time

from .wire import ApiError


def make_id(prefix: str, seed: str, length: int = 20) -> str:
    """A real-looking Alibaba id ("i-" + 20 lowercase hex chars), deterministic for a seed."""
    return prefix + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:length]


class Tx:
    __slots__ = ("kind", "rid", "action", "start", "due", "field", "final", "fail", "fail_final", "on_done", "on_fail")

    def __init__(self, kind, rid, action, start, due, field, final, fail, fail_final, on_done, on_fail):
        self.kind, self.rid, self.action, self.start, self.due = kind, rid, action, start, due
        self.field, self.final, self.fail, self.fail_final = field, final, fail, fail_final
        self.on_done, self.on_fail = on_done, on_fail

    def progress(self, now: float) -> float:
        span = self.due - self.start
        return 1.0 if span <= 0 else max(0.0, min(1.0, (now - self.start) / span))


class State:
    def __init__(self, name: str):
        self.name = name
        self.lock = threading.RLock()
        self.region_id = "cn-lab-1"
        self.region_name = "Lab Region 1"
        self.domain = "lab.apsara.local"
        self.zones: list[dict] = []
        self.orgs: dict[str, dict] = {}            # id -> {"id", "name", "parent"}
        self.resource_groups: dict[str, dict] = {}  # id -> {"id", "name", "rs_id", "org"}
        self.credentials: dict[str, dict] = {}     # AccessKeyId -> {"secret", "org", "active", "sts"}
        self.kinds: dict[str, dict[str, dict]] = {}
        self.pending: dict[tuple, Tx] = {}
        self.tokens: dict[tuple, tuple] = {}
        self.meta: dict = {}
        self.created_at = time.time()
        self._seq = 0
        # serving caches (scoped lists, filtered+sorted results, rendered JSON items), valid for one version;
        # every write action, transition, add and remove moves the version (direct edits: call touch())
        self.version = 0
        self.caching = True
        self._caches: dict = {}
        self._cache_version = -1

    # ---- serving caches ---------------------------------------------------------------------------
    def touch(self):
        """Invalidate every serving cache: call after editing records directly (with ``self.lock`` held)."""
        self.version += 1

    def cache(self, name: str) -> dict | None:
        """The named cache for the current version (None when caching is off). Call with ``self.lock`` held."""
        if not self.caching:
            return None
        if self._cache_version != self.version:
            self._caches = {}
            self._cache_version = self.version
        return self._caches.setdefault(name, {})

    # ---- records ------------------------------------------------------------------------------
    def table(self, kind: str) -> dict:
        return self.kinds.setdefault(kind, {})

    def add(self, kind: str, rid: str, rec: dict) -> dict:
        self.table(kind)[rid] = rec
        self.version += 1
        return rec

    def get(self, kind: str, rid: str | None) -> dict | None:
        if not rid:
            return None
        return self.kinds.get(kind, {}).get(rid)

    def all(self, kind: str) -> list:
        return list(self.kinds.get(kind, {}).values())

    def remove(self, kind: str, rid: str):
        self.kinds.get(kind, {}).pop(rid, None)
        self.pending.pop((kind, rid), None)
        self.version += 1

    def new_id(self, prefix: str) -> str:
        self._seq += 1
        return make_id(prefix, f"{self.name}/{prefix}/new/{self._seq}")

    def snapshot(self) -> dict:
        """Every resource as plain data, by kind and id, plus the transitions still running: two snapshots
        of a settled state compare equal unless a resource was created, deleted or changed (nothing in a
        record moves by itself; the running transition object is left out). Call with ``self.lock`` held."""
        out = {}
        for kind in sorted(self.kinds):
            table = self.kinds[kind]
            if not table:               # a kind whose last record went is the same as one never used
                continue
            out[kind] = {rid: {k: v for k, v in rec.items() if k != "_tx"} for rid, rec in sorted(table.items())}
        out["_pending"] = sorted("%s/%s/%s" % (tx.kind, tx.rid, tx.action) for tx in self.pending.values())
        # a JSON round trip: deep copy, and tuples/objects become the plain values a test compares
        return json.loads(json.dumps(out, sort_keys=True, default=str))

    # ---- tenancy ------------------------------------------------------------------------------
    def org_subtree(self, org_id: str) -> set:
        out = {org_id}
        changed = True
        while changed:
            changed = False
            for o in self.orgs.values():
                if o.get("parent") in out and o["id"] not in out:
                    out.add(o["id"])
                    changed = True
        return out

    def resolve_rg(self, value: str | None) -> dict | None:
        if not value:
            return None
        rg = self.resource_groups.get(value)
        if rg is None:
            rg = next((r for r in self.resource_groups.values() if r.get("rs_id") == value), None)
        return rg

    # ---- async transitions -----------------------------------------------------------------------
    def begin(self, kind: str, rid: str, action: str, seconds: float, field: str, during, final,
              fail: bool = False, fail_final=None, on_done=None, on_fail=None):
        """Put a record in a transitional value now and schedule the final (or failed) value."""
        rec = self.get(kind, rid)
        now = time.time()
        if during is not None:
            rec[field] = during
        tx = Tx(kind, rid, action, now, now + max(0.0, seconds), field, final, fail, fail_final, on_done, on_fail)
        self.pending[(kind, rid)] = tx
        rec["_tx"] = tx
        self.version += 1
        if seconds <= 0:
            self.advance(now)
        return tx

    def busy(self, kind: str, rid: str) -> bool:
        return (kind, rid) in self.pending

    def advance(self, now: float | None = None):
        if not self.pending:
            return
        now = time.time() if now is None else now
        due = sorted((tx for tx in self.pending.values() if tx.due <= now), key=lambda t: t.due)
        if due:
            self.version += 1
        for tx in due:
            self.pending.pop((tx.kind, tx.rid), None)
            rec = self.get(tx.kind, tx.rid)
            if rec is None:
                continue
            rec.pop("_tx", None)
            if tx.fail:
                if tx.fail_final is not None:
                    rec[tx.field] = tx.fail_final
                if tx.on_fail:
                    tx.on_fail(rec)
            else:
                if tx.final is not None:
                    rec[tx.field] = tx.final
                if tx.on_done:
                    tx.on_done(rec)

    # ---- ClientToken idempotency -------------------------------------------------------------------
    def idempotent(self, key_id: str, action: str, params: dict, create, mismatch: str = "IdempotentParameterMismatch"):
        """Run ``create()`` once per (AccessKeyId, Action, ClientToken); replay its body afterwards. ``mismatch``:
        the action's code for the same token with other parameters (ECS lists IdempotenceParamNotMatch)."""
        token = params.get("ClientToken")
        if not token:
            return create()
        fp = tuple(sorted((k, v) for k, v in params.items()
                          if k not in _VOLATILE and not k.startswith("x-")))
        key = (key_id, action, token)
        hit = self.tokens.get(key)
        if hit is not None:
            if hit[0] != fp:
                raise ApiError(400, mismatch,
                               "The specified parameters are different from before with the same ClientToken.")
            return dict(hit[1])
        body = create()
        self.tokens[key] = (fp, dict(body))
        return body


_VOLATILE = {"Signature", "SignatureNonce", "Timestamp", "SecurityToken", "AccessKeyId", "SignatureMethod",
             "SignatureVersion", "SignatureType", "Format"}

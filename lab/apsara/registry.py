"""Action registry (product by Version) and the per-call context handlers see."""
from __future__ import annotations

import hashlib
import time

from .wire import ApiError, Fragments, encode, invalid

# Version -> product key. One gateway serves all: the Version parameter selects the product.
PRODUCTS = {
    "2014-05-26": "ecs",
    "2016-04-28": "vpc",
    "2019-01-01": "cms",
    "2014-08-15": "rds",
    "2014-05-15": "slb",
    "2019-05-10": "ascm",
}
VERSIONS = {v: k for k, v in PRODUCTS.items()}
# the host name a real deployment would answer as (HostId in error bodies)
HOSTS = {"ecs": "ecs-internal.{domain}", "vpc": "vpc-internal.{domain}", "cms": "metrics.open.{domain}",
         "rds": "rds.{domain}", "slb": "slb-vpc.{domain}", "ascm": "ascm.{domain}"}
# products whose success bodies carry the Apsara quirk {"Code":"200","Message":"successful","Success":true}
ENVELOPE = {"vpc", "cms"}

ACTIONS: dict[tuple, "Action"] = {}


class Action:
    def __init__(self, product, name, fn, required, write):
        self.product, self.name, self.fn, self.required, self.write = product, name, fn, tuple(required), write


def action(product: str, name: str, required=(), write: bool = False):
    def deco(fn):
        ACTIONS[(product, name)] = Action(product, name, fn, required, write)
        return fn
    return deco


def actions_by_product() -> dict:
    out: dict = {}
    for (product, name) in sorted(ACTIONS):
        out.setdefault(product, []).append(name)
    return out


class Ctx:
    def __init__(self, lab, act: Action, params: dict, cred: dict, key_id: str, orgs: set, rg: dict | None):
        self.lab = lab
        self.state = lab.state
        self.faults = lab.faults
        self.action = act
        self.params = params
        self.cred = cred
        self.key_id = key_id
        self.orgs = orgs          # organization ids visible to this call
        self.rg = rg              # resource group record the call is scoped to, or None
        self.now = time.time()

    # ---- parameters ---------------------------------------------------------------------------
    def get(self, name, default=None):
        v = self.params.get(name)
        return default if v is None or v == "" else v

    def req(self, name):
        v = self.params.get(name)
        if v is None or v == "":
            from .wire import missing
            raise missing(name)
        return v

    def int(self, name, default=None, lo=None, hi=None):
        v = self.params.get(name)
        if v is None or v == "":
            return default
        try:
            n = int(v)
        except ValueError:
            raise invalid(name) from None
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            raise invalid(name)
        return n

    # ---- tenancy ------------------------------------------------------------------------------
    def visible(self, rec: dict) -> bool:
        if rec.get("_public"):
            return True
        if rec.get("_org") not in self.orgs:
            return False
        return self.rg is None or rec.get("ResourceGroupId") == self.rg["id"]

    def scope_key(self) -> tuple:
        return (frozenset(self.orgs), self.rg["id"] if self.rg else None)

    def scoped(self, kind: str) -> list:
        """Visible records of a kind, in table order. Cached for the state version: never mutate the list."""
        cache = self.state.cache("scoped")
        key = (kind, self.scope_key())
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            hit = [r for r in self.state.all(kind) if self.visible(r)]
            if cache is not None:
                cache[key] = hit
        return hit

    def memo(self, name: str, key, fn):
        """``fn()`` once per (name, key) and state version (derived tables such as EIPs by instance)."""
        cache = self.state.cache(name)
        if cache is None:
            return fn()
        hit = cache.get(key, _MISS)
        if hit is _MISS:
            hit = cache[key] = fn()
        return hit

    def results(self, select, *extra) -> list:
        """The filtered (+sorted) records of a list action, cached per (action, filter parameters, scope)
        for one state version, so every later page is a slice. ``select`` raises on bad filters (never cached)."""
        key = (self.action.name, tuple(sorted((k, v) for k, v in self.params.items() if k not in _NOT_FILTERS)),
               self.scope_key(), extra)
        return self.memo("results", key, select)

    def encoded(self, kind: str, recs: list, render, id_field: str, volatile=None) -> Fragments:
        """Each record rendered and JSON-encoded once per state version; ``volatile(rec)`` true: rendered fresh
        (time-dependent fields such as snapshot Progress)."""
        cache = self.state.cache("render:" + kind)
        out = Fragments()
        for r in recs:
            if cache is None or (volatile is not None and volatile(r)):
                out.append(encode(render(r)))
                continue
            rid = r[id_field]
            data = cache.get(rid)
            if data is None:
                data = cache[rid] = encode(render(r))
            out.append(data)
        return out

    def find(self, kind: str, rid: str, code: str, what: str) -> dict:
        rec = self.state.get(kind, rid)
        if rec is None or not self.visible(rec):
            raise ApiError(404, code, f"The specified {what} does not exist.")
        return rec

    def owner_fields(self) -> dict:
        """Org and resource group for a resource created by this call."""
        rg = self.rg
        if rg is None and self.get("ResourceGroupId"):
            rg = self.state.resolve_rg(self.get("ResourceGroupId"))
        if rg is None:
            org = self.cred["org"]
            rg = next((r for r in self.state.resource_groups.values() if r["org"] == org), None)
        return {"_org": rg["org"] if rg else self.cred["org"], "ResourceGroupId": rg["id"] if rg else ""}

    def seconds(self, factor: float = 1.0) -> float:
        return self.faults.async_seconds * factor

    def fails(self) -> bool:
        return self.faults.async_fails(self.action.name)


_MISS = object()
# parameters that never change which records a list action selects: signature, transport and paging
_NOT_FILTERS = frozenset(("Signature", "SignatureNonce", "Timestamp", "SecurityToken", "AccessKeyId", "SignatureMethod",
                          "SignatureVersion", "SignatureType", "Format", "Action", "Version",
                          "PageNumber", "PageSize", "NextToken", "MaxResults", "Page", "Length", "MaxResult"))


# ---- paging --------------------------------------------------------------------------------------
def _token(action: str, offset: int) -> str:
    mac = hashlib.sha1(f"{action}:{offset}:apsara-lab".encode()).hexdigest()[:24]
    return f"{offset:08x}{mac}"


def _offset(action: str, token: str, name: str = "NextToken") -> int:
    try:
        off = int(token[:8], 16)
    except ValueError:
        raise ApiError(400, f"InvalidParameter.{name}", f"The specified parameter \"{name}\" is not valid.") from None
    if _token(action, off) != token:
        raise ApiError(400, f"InvalidParameter.{name}", f"The specified parameter \"{name}\" is not valid.")
    return off


def page_numbers(ctx: Ctx, items: list, max_size: int, default: int = 10, number="PageNumber", size="PageSize"):
    """PageNumber/PageSize paging; returns (slice, PageNumber, PageSize, TotalCount)."""
    n = ctx.int(number, 1, lo=1)
    s = ctx.int(size, default, lo=1, hi=max_size)
    start = (n - 1) * s
    return items[start:start + s], n, s, len(items)


def tokens(ctx: Ctx, items: list, max_size: int, default: int = 10, size="MaxResults"):
    """NextToken/MaxResults paging; returns (slice, NextToken or "")."""
    s = ctx.int(size, default, lo=1, hi=max_size)
    tok = ctx.get("NextToken")
    start = _offset(ctx.action.name, tok) if tok else 0
    chunk = items[start:start + s]
    nxt = _token(ctx.action.name, start + s) if start + s < len(items) else ""
    return chunk, nxt


def token_mode(ctx: Ctx, size="MaxResults") -> bool:
    return bool(ctx.get("NextToken") or ctx.get(size))


def paged(ctx: Ctx, items: list, max_size: int, max_results: int | None = None, default: int = 10) -> tuple[list, dict]:
    """Both styles (ECS DescribeInstances/Disks/Snapshots/SecurityGroups): token mode when NextToken
    or MaxResults is given, else PageNumber/PageSize. Returns (slice, top-level paging fields)."""
    if max_results is not None and token_mode(ctx):
        chunk, nxt = tokens(ctx, items, max_results, default)
        return chunk, {"NextToken": nxt, "TotalCount": len(items)}
    chunk, n, s, total = page_numbers(ctx, items, max_size, default)
    out = {"PageNumber": n, "PageSize": s, "TotalCount": total}
    if max_results is not None:
        out["NextToken"] = ""
    return chunk, out

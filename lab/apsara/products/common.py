"""Shared rendering and filtering helpers for the product handlers."""
from __future__ import annotations

import copy
import fnmatch


def public(rec: dict, **extra) -> dict:
    """The API view of a record: internal "_" keys dropped, deep-copied (rendered outside the lock)."""
    out = {k: copy.deepcopy(v) for k, v in rec.items() if not k.startswith("_")}
    out.update(extra)
    return out


def view(rec: dict, **extra) -> dict:
    """``public`` without the copy, for renders encoded at once under the lock (the render cache)."""
    out = {k: v for k, v in rec.items() if k[0] != "_"}
    out.update(extra)
    return out


def match_name(value: str, pattern: str | None) -> bool:
    if not pattern:
        return True
    if "*" in pattern or "?" in pattern:
        return fnmatch.fnmatchcase(value, pattern)
    return value == pattern


def tag_match(rec: dict, wanted: list, key="TagKey", value="TagValue") -> bool:
    """``wanted`` is ``tags_filter(params)``, parsed once per request rather than once per record."""
    if not wanted:
        return True
    have = {t[key]: t[value] for t in rec.get("Tags", {}).get("Tag", [])}
    return all(k in have and (v is None or have[k] == v) for k, v in wanted)


def eq(rec: dict, field: str, value) -> bool:
    return value is None or value == "" or str(rec.get(field)) == str(value)


def filters(ctx, *pairs) -> list:
    """[(field, wanted value)] for the equality filters the call actually gives (absent/empty ones dropped)."""
    out = []
    for field, name in pairs:
        v = ctx.get(name)
        if v is not None:
            out.append((field, str(v)))
    return out


def eq_all(rec: dict, tests: list) -> bool:
    for field, v in tests:
        if str(rec.get(field)) != v:
            return False
    return True


def comma_ids(ctx, name: str) -> set:
    """A comma-separated id list parameter ("a,b"), empty parts dropped; empty when absent."""
    return {x for x in (ctx.get(name) or "").split(",") if x}


def rg_ok(ctx, rec: dict) -> bool:
    """The ResourceGroupId filter (numeric id or rs-... name); absent, every record passes."""
    rg = ctx.get("ResourceGroupId")
    return not rg or rec["ResourceGroupId"] == (ctx.state.resolve_rg(rg) or {}).get("id", rg)

"""Shared rendering and filtering helpers for the product handlers."""
from __future__ import annotations

import copy
import fnmatch

from ..wire import tags_filter


def public(rec: dict, **extra) -> dict:
    """The API view of a record: internal "_" keys dropped, deep-copied (rendered outside the lock)."""
    out = {k: copy.deepcopy(v) for k, v in rec.items() if not k.startswith("_")}
    out.update(extra)
    return out


def match_name(value: str, pattern: str | None) -> bool:
    if not pattern:
        return True
    if "*" in pattern or "?" in pattern:
        return fnmatch.fnmatchcase(value, pattern)
    return value == pattern


def tag_match(rec: dict, params: dict, key="TagKey", value="TagValue") -> bool:
    wanted = tags_filter(params)
    if not wanted:
        return True
    have = {t[key]: t[value] for t in rec.get("Tags", {}).get("Tag", [])}
    return all(k in have and (v is None or have[k] == v) for k, v in wanted)


def eq(rec: dict, field: str, value) -> bool:
    return value is None or value == "" or str(rec.get(field)) == str(value)


def comma_ids(ctx, name: str) -> set:
    """A comma-separated id list parameter ("a,b"), empty parts dropped; empty when absent."""
    return {x for x in (ctx.get(name) or "").split(",") if x}


def rg_ok(ctx, rec: dict) -> bool:
    """The ResourceGroupId filter (numeric id or rs-... name); absent, every record passes."""
    rg = ctx.get("ResourceGroupId")
    return not rg or rec["ResourceGroupId"] == (ctx.state.resolve_rg(rg) or {}).get("id", rg)

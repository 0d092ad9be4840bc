"""Resource kinds: how a table renders to an inventory and which dotted joins it supports."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

KINDS: dict[str, "Kind"] = {}
# JSON key of a nested list -> Java class, used to build the query "schema" map
NESTED_CLASSES: dict[str, str] = {}


@dataclass
class Kind:
    name: str                                  # table name in State
    java_class: str                            # for "schema": inventories[i] -> class
    render: Callable | None = None             # (state, rec) -> dict; default: the record itself
    joins: dict[str, tuple[str, Callable]] = field(default_factory=dict)  # name -> (kind, fn(state, rec) -> [rec])
    resource_type: str | None = None           # e.g. "VmInstanceVO", for tags
    extra_fields: tuple = ()                   # queryable fields not stored on every record

    def inventory(self, state, rec) -> dict:
        return self.render(state, rec) if self.render else rec


def kind(name, java_class, render=None, joins=None, resource_type=None, extra_fields=()):
    k = Kind(name, java_class, render, joins or {}, resource_type, tuple(extra_fields))
    KINDS[name] = k
    return k


def one(kind_name: str, fk: str):
    """Join to the record referenced by rec[fk]."""
    def fn(state, rec):
        r = state.get(kind_name, rec.get(fk))
        return [r] if r else []
    return (kind_name, fn)


def many(kind_name: str, field_name: str, key: str = "uuid"):
    """Join to records of kind_name whose field_name == rec[key]."""
    def fn(state, rec):
        return state.by(kind_name, field_name, rec.get(key))
    return (kind_name, fn)


def in_list(kind_name: str, list_field: str):
    """Join to the records whose uuids are listed in rec[list_field]."""
    def fn(state, rec):
        return [r for r in (state.get(kind_name, u) for u in rec.get(list_field) or []) if r]
    return (kind_name, fn)

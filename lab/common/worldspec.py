"""World files: YAML, optionally ``extends: <world>`` another world of the same side.

An extending world is its base plus its own keys: lists are appended (new hosts, VMs, instances ...),
mappings are merged key by key (``global_configs``, ``quotas``), anything else replaces the base value.
So a scenario world (``scaling``) adds resources without touching what the base world (``demo``) shows.
"""
from __future__ import annotations

import yaml


def merge(base, extra):
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    return extra


def read(path: str, resolve, seen=()) -> dict:
    """The spec of the world file ``path``; ``resolve(name)`` is the side's ``world_path``."""
    if path in seen:
        raise ValueError(f"world {path}: 'extends' loops back to itself")
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f) or {}
    parent = spec.pop("extends", None)
    if not parent:
        return spec
    return merge(read(resolve(parent), resolve, (*seen, path)), spec)

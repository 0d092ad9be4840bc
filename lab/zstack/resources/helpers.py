"""Small helpers the resource handlers share (record lookup, state changes)."""
from __future__ import annotations

from .. import wire
from ..wire import argerr


def fetch(ctx, kind_name: str, field: str, vo: str) -> dict:
    """The record named by parameter ``field``, or ZStack's "doesn't exist" argument error for type ``vo``."""
    uuid = ctx.get(field)
    rec = ctx.state.get(kind_name, uuid)
    if rec is None:
        raise argerr(f"the resource[uuid:{uuid}, type:{vo}] doesn't exist or has been deleted")
    return rec


def updated(ctx, rec: dict) -> dict:
    """Stamp lastOpDate, drop cached answers (state.touch) and reply with the record's inventory."""
    rec["lastOpDate"] = wire.now()
    ctx.state.touch()
    return {"inventory": dict(rec)}


def change_state(ctx, rec: dict) -> dict:
    """The Change*State APIs that take stateEvent enable|disable."""
    ev = ctx.req("stateEvent")
    if ev not in ("enable", "disable"):
        raise argerr(f"valid values of field[stateEvent] are [enable, disable], but got {ev}")
    rec["state"] = "Enabled" if ev == "enable" else "Disabled"
    return updated(ctx, rec)

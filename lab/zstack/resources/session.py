"""Login, logout, session validation and renewal; management-node actions without a session."""
from __future__ import annotations

import time

from .. import wire
from ..routes import handler


def _session_inventory(s: dict) -> dict:
    return {"uuid": s["uuid"], "accountUuid": s["accountUuid"], "userUuid": s["userUuid"],
            "createDate": s["createDate"], "expiredDate": s["expiredDate"]}


@handler("LogInByAccount")
def login(ctx):
    s = ctx.lab.sessions.login(ctx.get("accountName"), ctx.get("password"))
    return {"inventory": _session_inventory(s)}


@handler("LogOut")
def logout(ctx):
    ctx.lab.sessions.logout(ctx.get("sessionUuid"))
    return {}


@handler("ValidateSession")
def validate(ctx):
    return {"valid": ctx.lab.sessions.get_valid(ctx.get("sessionUuid")) is not None}


@handler("RenewSession")
def renew(ctx):
    duration = ctx.get("duration", 3600)
    try:
        duration = int(duration)
    except (TypeError, ValueError):
        raise wire.argerr(f"invalid duration[{duration}]")
    if not 60 <= duration <= 31536000:
        raise wire.argerr(f"field[duration] must be in range of [60, 31536000], but got {duration}")
    s = ctx.lab.sessions.renew(ctx.get("sessionUuid"), duration)
    return {"inventory": _session_inventory(s)}


@handler("GetVersion")
def get_version(ctx):
    return {"version": ctx.state.version_string, "success": True}


@handler("GetManagementNodeArch")
def get_arch(ctx):
    return {"architecture": "x86_64", "success": True}


@handler("GetCurrentTime")
def get_current_time(ctx):
    ms = int(time.time() * 1000)
    return {"currentTime": {"MillionSeconds": ms, "Seconds": ms // 1000}, "success": True}

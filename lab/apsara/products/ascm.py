"""ASCM 2019-05-10: ListResourceGroup (resource sets), in the ASCM body shape (apsara-api.md 2.4)."""
from __future__ import annotations

from ..registry import action
from ..wire import ApiError

P = "ascm"


def _int(ctx, name, default, hi):
    try:
        n = int(ctx.get(name, default))
    except ValueError:
        raise ApiError(400, "ascm.auth.InvalidParameter", f"Invalid request parameters. Details: [{name}]") from None
    if n < 1 or n > hi:
        raise ApiError(400, "ascm.auth.InvalidParameter", f"Invalid request parameters. Details: [{name}]")
    return n


@action(P, "ListResourceGroup")
def list_resource_group(ctx):
    name = ctx.get("resourceGroupName")
    org = ctx.get("organizationId")
    groups = [g for g in ctx.state.resource_groups.values() if g["org"] in ctx.orgs
              and (ctx.rg is None or g["id"] == ctx.rg["id"])
              and (not name or name in g["name"]) and (not org or g["org"] == str(org))]
    groups.sort(key=lambda g: int(g["id"]) if g["id"].isdigit() else g["id"])
    page = _int(ctx, "pageNumber", 1, 1_000_000)
    size = _int(ctx, "pageSize", 10, 1000)
    chunk = groups[(page - 1) * size:page * size]
    data = [{"id": int(g["id"]) if g["id"].isdigit() else g["id"], "organizationID": int(g["org"]) if g["org"].isdigit() else g["org"],
             "organizationName": ctx.state.orgs[g["org"]]["name"], "resourceGroupName": g["name"], "rsId": g.get("rs_id") or "",
             "gmtCreated": int(g["created"] * 1000), "gmtModified": int(g["created"] * 1000), "creator": "lab-admin",
             "resourceGroupType": 0} for g in chunk]
    total = len(groups)
    return {"code": "200", "cost": 12, "success": True, "message": "", "redirect": False, "pureListData": False,
            "successResponse": True, "data": data,
            "pageInfo": {"currentPage": page, "pageSize": size, "total": total, "totalPage": -(-total // size)}}

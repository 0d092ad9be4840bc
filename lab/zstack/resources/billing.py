"""Billing (shared/reference/billing-api.md sections 2-3): price tables, resource prices, spending.

CreateResourcePrice stores what PriceVO stores (the price rounded to 5 decimals: DOUBLE(14,5)); QueryPriceTable does
not return prices (read them with QueryResourcePrice?q=tableUuid=). CalculateAccountSpending (dateStart/dateEnd epoch
ms) and CalculateResourceSpending (dateStart/dateEnd "yyyyMMdd HH:mm:ss", paged) are synchronous.

Lab assumptions (closed code in ZStack): a resource's usage history is one segment from its createDate with its
current size; a VM is billed while it holds capacity (not Stopped/Destroyed); the literal spendingType strings are
not in open sources, the lab uses "VM" and "DataVolume" and clients key on the detail list names.
"""
from __future__ import annotations

import datetime as _dt
import re

from .. import wire
from ..kinds import kind
from ..routes import handler, query
from ..state import CAPACITY_STATES
from ..wire import argerr

DEFAULT_TABLE = "12a087c058cc45d5bf80a605f17c0083"      # global_default, created by migration 3.7.2
RESOURCE_NAMES = ("cpu", "memory", "rootVolume", "dataVolume", "snapShot", "gpu", "pubIpVmNicBandwidthOut",
                  "pubIpVmNicBandwidthIn", "pubIpVipBandwidthOut", "pubIpVipBandwidthIn", "bareMetal2Instance")
RESOURCE_TYPES = ("VM", "cpu", "memory", "rootVolume", "dataVolume", "snapShot", "gpu", "pubIpVipBandwidthIn",
                  "pubIpVipBandwidthOut", "pubIpVmNicBandwidthIn", "pubIpVmNicBandwidthOut", "bareMetal2Instance", "all")
TIME_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}      # only "s" is in every public sample
_DATE_RX = re.compile(r"(\d{4})([0-1]\d)([0-3]\d)\s([0-5]\d):([0-5]\d):([0-5]\d)")
GIB = 1024 ** 3
MIB = 1024 ** 2

kind("pricetable", "org.zstack.billing.PriceTableInventory")
kind("price", "org.zstack.billing.PriceInventory")
query("QueryPriceTable", "pricetable")
query("QueryResourcePrice", "price")


def _ms(d: _dt.datetime) -> int:
    return int(d.timestamp() * 1000)


def _table(ctx, uuid):
    st = ctx.state
    if uuid in (None, DEFAULT_TABLE) and st.get("pricetable", DEFAULT_TABLE) is None:
        ts = wire.now()
        st.add("pricetable", {"uuid": DEFAULT_TABLE, "name": "global_default", "description": None,
                              "createDate": ts, "lastOpDate": ts})
    table = st.get("pricetable", uuid or DEFAULT_TABLE)
    if table is None:
        raise argerr(f"the resource[uuid:{uuid}, type:PriceTableVO] doesn't exist or has been deleted")
    return table


def _new_price(ctx, spec, table_uuid):
    name = spec.get("resourceName")
    if name not in RESOURCE_NAMES:
        raise argerr(f"valid values of field[resourceName] are {list(RESOURCE_NAMES)}, but got {name}")
    if not spec.get("timeUnit"):
        raise argerr("missing mandatory field[timeUnit]")
    if spec["timeUnit"] not in TIME_UNITS:
        raise argerr(f"unsupported timeUnit[{spec['timeUnit']}]")
    try:
        price = float(spec.get("price"))
    except (TypeError, ValueError):
        raise argerr("missing mandatory field[price]") from None
    if price < 0:
        raise argerr(f"price[{price}] must be greater than or equal to 0")
    ts = wire.now()
    return ctx.state.add("price", {
        "uuid": wire.new_uuid(), "resourceName": name, "resourceUnit": spec.get("resourceUnit"),
        "timeUnit": spec["timeUnit"], "price": round(price, 5), "dateInLong": int(spec.get("dateInLong") or _ms(ts)),
        "endDateInLong": None, "tableUuid": table_uuid, "createDate": ts, "lastOpDate": ts})


@handler("CreatePriceTable", seconds=0.05)
def create_price_table(ctx):
    ts = wire.now()
    table = ctx.state.add("pricetable", {"uuid": wire.new_uuid(), "name": ctx.req("name"),
                                         "description": ctx.get("description"), "createDate": ts, "lastOpDate": ts})
    for spec in ctx.get("prices") or []:
        _new_price(ctx, spec, table["uuid"])
    return {"inventory": dict(table)}


@handler("CreateResourcePrice", seconds=0.05)
def create_resource_price(ctx):
    table = _table(ctx, ctx.get("tableUuid"))
    return {"inventory": dict(_new_price(ctx, ctx.params, table["uuid"]))}


# ---- spending ----------------------------------------------------------------------------------------------
def _prices(ctx):
    """resourceName -> its price records (every version) of the default table: the lab binds every account to it."""
    out = {}
    for p in ctx.state.all("price"):
        if p.get("tableUuid") == DEFAULT_TABLE:
            out.setdefault(p["resourceName"], []).append(p)
    return out


def _unit_quantity(price, name, raw):
    unit = str(price.get("resourceUnit") or "").lower()
    if name == "cpu":
        return raw
    if unit in ("mb", "m", "mib"):
        return raw / MIB
    return raw / GIB                                      # GB by default for memory and volumes


def _segment(versions, name, raw, start, end):
    """The spending of `raw` units over [start, end) ms: each price version charges its own part of the window."""
    total = 0.0
    for price in versions or ():
        begin, stop = max(start, price["dateInLong"]), min(end, price.get("endDateInLong") or end)
        if stop > begin:
            units = (stop - begin) / 1000.0 / TIME_UNITS[price["timeUnit"]]
            total += price["price"] * _unit_quantity(price, name, raw) * units
    return round(total, 5)


def _window(rec, date_start, date_end):
    begin = max(date_start, _ms(rec["createDate"]))
    end = min(date_end, _ms(wire.now()))
    return (begin, end) if end > begin else None


def _vm_details(ctx, date_start, date_end):
    prices = _prices(ctx)
    out = []
    for vm in sorted(ctx.state.all("vm"), key=lambda v: v["uuid"]):
        if vm.get("type", "UserVm") != "UserVm" or vm.get("state") not in CAPACITY_STATES:
            continue
        window = _window(vm, date_start, date_end)
        if window is None:
            continue
        root = ctx.state.get("volume", vm.get("rootVolumeUuid")) or {}
        parts = {}
        for name, key, raw, field in (("cpu", "cpuInventory", vm.get("cpuNum") or 0, "cpuNum"),
                                      ("memory", "memoryInventory", vm.get("memorySize") or 0, "memorySize"),
                                      ("rootVolume", "rootVolumeInventory", root.get("size") or 0, "volumeSize")):
            spent = _segment(prices.get(name), name, raw, *window)
            parts[key] = [{"startTime": window[0], "endTime": window[1], "spending": spent, field: raw}]
        total = round(sum(seg["spending"] for segs in parts.values() for seg in segs), 5)
        out.append(dict({"resourceUuid": vm["uuid"], "resourceName": vm.get("name"), "spending": total,
                         "hypervisorType": vm.get("hypervisorType") or "KVM", "type": "VM"}, **parts))
    return out


def _volume_details(ctx, date_start, date_end):
    prices = _prices(ctx)
    out = []
    for vol in sorted(ctx.state.all("volume"), key=lambda v: v["uuid"]):
        if vol.get("type") != "Data" or vol.get("status") in ("Deleted", "Expunged"):
            continue
        window = _window(vol, date_start, date_end)
        if window is None:
            continue
        spent = _segment(prices.get("dataVolume"), "dataVolume", vol.get("size") or 0, *window)
        out.append({"resourceUuid": vol["uuid"], "resourceName": vol.get("name"), "spending": spent,
                    "hypervisorType": "KVM", "type": "DataVolume",
                    "sizeInventory": [{"startTime": window[0], "endTime": window[1], "spending": spent,
                                       "volumeSize": vol.get("size") or 0}]})
    return out


def _long(ctx, name):
    value = ctx.req(name)
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise argerr(f"field[{name}] must be a Long, but got {value}") from None


@handler("CalculateAccountSpending")
def calculate_account_spending(ctx):
    account = ctx.get("accountUuid")
    if not any(a["uuid"] == account for a in ctx.lab.sessions.accounts.values()):
        raise argerr(f"the resource[uuid:{account}, type:AccountVO] doesn't exist or has been deleted")
    date_start, date_end = _long(ctx, "dateStart"), _long(ctx, "dateEnd")
    if date_end <= date_start:
        raise argerr("dateEnd must be after dateStart")
    spending = []
    for stype, details in (("VM", _vm_details(ctx, date_start, date_end)),
                           ("DataVolume", _volume_details(ctx, date_start, date_end))):
        total = round(sum(d["spending"] for d in details), 5)
        entry = {"spendingType": stype, "spending": total, "hypervisorTypeSpending": {"KVM": total},
                 "dateStart": date_start, "dateEnd": date_end}
        if details and not ctx.bool("simple"):
            entry["details"] = details
        spending.append(entry)
    return {"total": round(sum(s["spending"] for s in spending), 5), "spending": spending}


def _date(ctx, name):
    value = str(ctx.req(name))
    m = _DATE_RX.fullmatch(value)
    if not m:
        raise argerr(f"the value[{value}] of field[{name}] doesn't match the regular expression "
                     "[(\\d{4})([0-1]\\d)([0-3]\\d)\\s([0-5]\\d):([0-5]\\d):([0-5]\\d)]")
    y, mo, d, h, mi, s = (int(x) for x in m.groups())
    return _ms(_dt.datetime(y, mo, d, h, mi, s))


@handler("CalculateResourceSpending")
def calculate_resource_spending(ctx):
    rtype = ctx.req("resourceType")
    if rtype not in RESOURCE_TYPES:
        raise argerr(f"valid values of field[resourceType] are {list(RESOURCE_TYPES)}, but got {rtype}")
    date_start, date_end = _date(ctx, "dateStart"), _date(ctx, "dateEnd")
    start, limit = int(ctx.get("start", 0)), int(ctx.get("limit", 1000))
    if not 1 <= limit <= 10000:
        raise argerr(f"field[limit] must be in range of [1, 10000], but got {limit}")
    rows = []
    if rtype in ("VM", "all", "cpu", "memory", "rootVolume"):
        for d in _vm_details(ctx, date_start, date_end):
            key = {"cpu": "cpuInventory", "memory": "memoryInventory", "rootVolume": "rootVolumeInventory"}.get(rtype)
            spent = d["spending"] if key is None else sum(s["spending"] for s in d[key])
            seg = d["cpuInventory"][0]
            rows.append({"resourceType": "VM" if key is None else rtype, "resourceUuid": d["resourceUuid"],
                         "resourceName": d["resourceName"], "spending": round(spent, 5),
                         "startTime": seg["startTime"], "endTime": seg["endTime"]})
    if rtype in ("dataVolume", "all"):
        for d in _volume_details(ctx, date_start, date_end):
            seg = d["sizeInventory"][0]
            rows.append({"resourceType": "dataVolume", "resourceUuid": d["resourceUuid"], "resourceName": d["resourceName"],
                         "spending": d["spending"], "startTime": seg["startTime"], "endTime": seg["endTime"]})
    if ctx.get("resourceUuid"):
        rows = [r for r in rows if r["resourceUuid"] == ctx.get("resourceUuid")]
    return {"spending": rows[start:start + limit], "pagination": {"start": start, "limit": limit, "total": len(rows)}}

"""SLB 2014-05-15: load balancers, attributes, backend health (ServerHealthStatus normal/abnormal)."""
from __future__ import annotations

from ..registry import action, page_numbers
from ..wire import wrap
from .common import comma_ids, eq, match_name, public, rg_ok

P = "slb"


def _lb(ctx):
    return ctx.find("slb", ctx.get("LoadBalancerId"), "InvalidLoadBalancerId.NotFound", "load balancer")


@action(P, "DescribeLoadBalancers", required=("RegionId",))
def describe_load_balancers(ctx):
    ids = comma_ids(ctx, "LoadBalancerId")
    server = ctx.get("ServerId")
    items = [r for r in ctx.scoped("slb") if (not ids or r["LoadBalancerId"] in ids)
             and match_name(r["LoadBalancerName"], ctx.get("LoadBalancerName")) and eq(r, "AddressType", ctx.get("AddressType"))
             and eq(r, "VpcId", ctx.get("VpcId")) and eq(r, "VSwitchId", ctx.get("VSwitchId")) and eq(r, "Address", ctx.get("Address"))
             and eq(r, "LoadBalancerStatus", ctx.get("LoadBalancerStatus")) and eq(r, "NetworkType", ctx.get("NetworkType"))
             and rg_ok(ctx, r)
             and (not server or any(b["ServerId"] == server for b in r["_backends"]))]
    chunk, n, s, total = page_numbers(ctx, items, 100, default=10)
    return {"PageNumber": n, "PageSize": s, "TotalCount": total,
            **wrap("LoadBalancers", "LoadBalancer", [public(r) for r in chunk])}


@action(P, "DescribeLoadBalancerAttribute", required=("LoadBalancerId",))
def describe_load_balancer_attribute(ctx):
    r = _lb(ctx)
    out = public(r)
    listeners = r["_listeners"]
    out.update({
        "ListenerPorts": {"ListenerPort": [li["ListenerPort"] for li in listeners]},
        "ListenerPortsAndProtocol": {"ListenerPortAndProtocol": [
            {"ListenerPort": li["ListenerPort"], "ListenerProtocol": li["ListenerProtocol"], "Description": li["Description"],
             "ForwardPort": 0, "ListenerForward": "off"} for li in listeners]},
        "ListenerPortsAndProtocal": {"ListenerPortAndProtocal": [
            {"ListenerPort": li["ListenerPort"], "ListenerProtocal": li["ListenerProtocol"]} for li in listeners]},
        "BackendServers": {"BackendServer": [{k: v for k, v in b.items() if not k.startswith("_")} for b in r["_backends"]]},
        "EndTime": "", "EndTimeStamp": 0, "AutoReleaseTime": 0, "RenewalStatus": "", "RenewalDuration": 0,
        "RenewalCycUnit": "", "Labels": {"Label": []}})
    return out


@action(P, "DescribeHealthStatus", required=("LoadBalancerId",))
def describe_health_status(ctx):
    r = _lb(ctx)
    port = ctx.get("ListenerPort")
    proto = ctx.get("ListenerProtocol")
    out = []
    for li in r["_listeners"]:
        if port and str(li["ListenerPort"]) != str(port):
            continue
        if proto and li["ListenerProtocol"] != proto:
            continue
        for b in r["_backends"]:
            out.append({"ServerId": b["ServerId"], "ServerIp": b["ServerIp"], "Port": li["BackendServerPort"],
                        "ListenerPort": li["ListenerPort"], "Protocol": li["ListenerProtocol"],
                        "ServerHealthStatus": b["_health"], "EniHost": ""})
    return wrap("BackendServers", "BackendServer", out)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack Server Load Balancer checks: instance state and backend health."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara._common import slb_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual


def _backends(data):
    """(balancer, [backend entries]) for active balancers whose health was collected."""
    health = data["slb_backend_health"]
    for balancer in data["slb_load_balancers"]:
        balancer_id = balancer.get("LoadBalancerId")
        if balancer_id in health and str(balancer.get("LoadBalancerStatus") or "active").lower() == "active":
            yield balancer, health[balancer_id] or []


def _label(entry):
    return "%s:%s" % (entry.get("ServerId") or "-", entry.get("Port") or "-")


def slb_not_active(data, thresholds, ctx):
    for balancer in data["slb_load_balancers"]:
        status = str(balancer.get("LoadBalancerStatus") or "")
        yield Outcome(slb_ref(balancer), status.lower() == "active",
                      {"status": status or "-", "address": balancer.get("Address") or "-"},
                      severity="critical" if status.lower() == "locked" else None)


def slb_backend_abnormal(data, thresholds, ctx):
    for balancer, entries in _backends(data):
        bad = sorted(set("%s (listener %s)" % (_label(e), e.get("ListenerPort") or "-") for e in entries
                         if e.get("ServerHealthStatus") == "abnormal"))
        yield Outcome(slb_ref(balancer), not bad,
                      {"abnormal_count": len(bad), "total": len(entries), "abnormal": ", ".join(bad) or "-",
                       "address": balancer.get("Address") or "-"})


def slb_no_healthy_backend(data, thresholds, ctx):
    for balancer, entries in _backends(data):
        healthy = [e for e in entries if e.get("ServerHealthStatus") == "normal"]
        statuses = {}
        for entry in entries:
            status = entry.get("ServerHealthStatus") or "unknown"
            statuses[status] = statuses.get(status, 0) + 1
        yield Outcome(slb_ref(balancer), bool(healthy),
                      {"healthy": len(healthy), "total": len(entries), "address": balancer.get("Address") or "-",
                       "statuses": ", ".join("%s=%d" % pair for pair in sorted(statuses.items())) or "-"})


CHECKS = [
    Check(
        id="apsara_slb_not_active",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="load_balancer",
        requires=("slb_load_balancers",),
        title=bilingual("SLB instance is not active", "SLB 实例未处于运行中状态"),
        message=bilingual("SLB instance {name} ({address}) is {status}.", "SLB 实例 {name}（{address}）状态为 {status}。"),
        remediation=bilingual(
            "An inactive load balancer forwards no traffic: start it if it was stopped by mistake (SetLoadBalancerStatus "
            "active). A locked one is usually overdue: settle it with the Apsara Stack operator at once.",
            "已停止的负载均衡不转发任何流量：如为误操作请立即启动（SetLoadBalancerStatus active）。locked 状态通常为欠费锁定，请立即联系专有云运营方处理。"),
        func=slb_not_active,
    ),
    Check(
        id="apsara_slb_backend_abnormal",
        platform="apsara",
        pillar="availability",
        severity="high",
        resource_type="load_balancer",
        requires=("slb_load_balancers", "slb_backend_health"),
        title=bilingual("SLB backend server fails its health check", "SLB 后端服务器健康检查异常"),
        message=bilingual("SLB instance {name} ({address}) has {abnormal_count} of {total} backend entries abnormal: {abnormal}.",
                          "SLB 实例 {name}（{address}）有 {abnormal_count}/{total} 个后端健康检查异常：{abnormal}。"),
        remediation=bilingual(
            "Log in to the backend ECS and check that the service listens on the backend port, that the health-check "
            "path answers 2xx/3xx, and that the security group allows the SLB health-check range (100.64.0.0/10). The "
            "remaining backends carry the whole load until it is fixed.",
            "登录后端 ECS 检查服务是否在后端端口监听、健康检查路径是否返回 2xx/3xx，以及安全组是否放通 SLB 健康检查网段（100.64.0.0/10）。"
            "修复前其余后端承担全部流量。"),
        func=slb_backend_abnormal,
    ),
    Check(
        id="apsara_slb_no_healthy_backend",
        platform="apsara",
        pillar="availability",
        severity="critical",
        resource_type="load_balancer",
        requires=("slb_load_balancers", "slb_backend_health"),
        title=bilingual("SLB instance has no healthy backend server", "SLB 实例没有健康的后端服务器"),
        message=bilingual("SLB instance {name} ({address}) has {healthy} healthy backends out of {total} ({statuses}).",
                          "SLB 实例 {name}（{address}）健康后端数为 {healthy}/{total}（{statuses}）。"),
        remediation=bilingual(
            "The service behind this load balancer is down for its users. Restore at least one backend now (restart the "
            "application or the ECS, or add a healthy server to the listener), then fix the others; check that health "
            "checks are enabled on every listener.",
            "该负载均衡后的业务对用户已不可用。请立即恢复至少一台后端（重启应用或 ECS，或为监听添加健康的服务器），再修复其余后端；并确认所有监听都已开启健康检查。"),
        func=slb_no_healthy_backend,
    ),
]

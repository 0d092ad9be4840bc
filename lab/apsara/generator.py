"""Scale world: expand a small YAML skeleton into instances / disks / vSwitches (a few seconds at most).

Everything generated is healthy; the planted problems live in the demo world only.
"""
from __future__ import annotations

import copy
import ipaddress


def generate(spec: dict, instances: int = 10000, disks: int = 20000, vswitches: int = 200) -> dict:
    out = copy.deepcopy(spec)
    zones = out.get("zones") or ["cn-lab-1a", "cn-lab-1b"]
    vswitches = max(1, int(vswitches))
    instances = max(0, int(instances))
    data_disks = max(0, int(disks) - instances)          # every instance has a system disk
    per_vsw = -(-max(instances, 1) // vswitches)
    prefix = 32 - max(8, (per_vsw + 16).bit_length())     # room for the instances, < 70 % used
    base = ipaddress.ip_network("10.0.0.0/8")
    subnets = base.subnets(new_prefix=prefix)
    vpc_count = max(1, min(8, vswitches // 25 or 1))
    vpcs = [{"name": f"vpc-scale-{v:02d}", "cidr": "10.0.0.0/8", "rg": "prod" if v % 2 == 0 else "dev", "vswitches": []}
            for v in range(vpc_count)]
    for n in range(vswitches):
        vpc = vpcs[n % vpc_count]
        vpc["vswitches"].append({"name": f"vsw-scale-{n:04d}", "zone": zones[n % len(zones)], "cidr": str(next(subnets)),
                                 "rg": vpc["rg"]})
    out["vpcs"] = vpcs
    out["security_groups"] = [{"name": f"sg-scale-{v:02d}", "vpc": vpc["name"], "rg": vpc["rg"],
                               "rules": [{"protocol": "TCP", "port": "22/22", "source": "10.0.0.0/8"}]}
                              for v, vpc in enumerate(vpcs)]
    items = []
    per_inst, extra = divmod(data_disks, instances) if instances else (0, 0)
    for n in range(instances):
        vsw = n % vswitches
        vpc = n % vswitches % vpc_count
        rg = vpcs[vpc]["rg"]
        count = per_inst + (1 if n < extra else 0)
        items.append({"name": f"ecs-{n:05d}", "vswitch": f"vsw-scale-{vsw:04d}", "security_groups": [f"sg-scale-{vpc:02d}"],
                      "rg": rg, "tags": {"env": "prod" if rg == "prod" else "dev", "shard": str(n % 16)},
                      "data_disks": [{"size": 100} for _k in range(count)]})
    out["instances"] = items
    _network_services(out, vpcs, items)
    _monitoring(out, items)
    _databases_and_balancers(out, vpcs, items)
    for key in ("disks", "eips", "nat_gateways", "router_interfaces", "alarm_rules", "rds_instances", "load_balancers",
                "snapshots"):
        out.setdefault(key, [])
    return out


def _network_services(out: dict, vpcs: list, items: list):
    """A NAT gateway per VPC (SNAT for each of its vSwitches through the gateway's EIP), an EIP per 20
    instances, a few router interfaces. Sprinkled problems: 1 % of the EIPs idle, an extra NAT gateway
    without SNAT entries, one router interface Inactive."""
    pool = ipaddress.ip_network(out.get("eip_pool") or "198.51.100.0/24").hosts()
    eips, nats = [], []
    for v, vpc in enumerate(vpcs):
        eip = f"eip-nat-{v:02d}"
        eips.append({"name": eip, "ip": str(next(pool)), "bandwidth": 200, "bind": f"nat:nat-scale-{v:02d}", "rg": vpc["rg"]})
        nats.append({"name": f"nat-scale-{v:02d}", "vpc": vpc["name"], "vswitch": vpc["vswitches"][0]["name"], "spec": "Middle",
                     "rg": vpc["rg"], "snat": [{"vswitch": sw["name"], "eip": eip, "name": f"snat-{sw['name']}"}
                                               for sw in vpc["vswitches"]]})
    nats.append({"name": "nat-scale-idle", "vpc": vpcs[0]["name"], "vswitch": vpcs[0]["vswitches"][0]["name"], "rg": vpcs[0]["rg"]})
    for n in range(0, len(items), 20):
        eips.append({"name": f"eip-{items[n]['name']}", "ip": str(next(pool)), "bandwidth": 10, "bind": items[n]["name"],
                     "rg": items[n]["rg"]})
    for n in range(max(1, len(items) // 2000)):
        eips.append({"name": f"eip-spare-{n:02d}", "ip": str(next(pool)), "bandwidth": 5, "rg": "prod", "age_days": 30 + n})
    out["eips"] = eips
    out["nat_gateways"] = nats
    out["router_interfaces"] = [{"name": f"ri-scale-00-{v:02d}", "vpc": vpcs[0]["name"], "opposite_vpc": vpcs[v]["name"],
                                 "status": "Inactive" if v == 3 else "Active"} for v in range(1, min(len(vpcs), 5))]


def _monitoring(out: dict, items: list):
    """CPU / memory / disk rules for every instance plus per-instance rules for every 50th one; 1 in 25 of
    those fires (with history), 1 in 40 is disabled, one has no data."""
    rules = [{"name": "ecs-cpu-high", "metric": "CPUUtilization", "escalations": {"critical": {"threshold": 90}, "warn": {"threshold": 80}}},
             {"name": "ecs-mem-high", "metric": "memory_usedutilization", "escalations": {"critical": {"threshold": 90}}},
             {"name": "ecs-disk-high", "metric": "diskusage_utilization", "escalations": {"critical": {"threshold": 85}}}]
    metrics = ("CPUUtilization", "memory_usedutilization", "diskusage_utilization")
    for k, n in enumerate(range(0, len(items), 50)):
        inst = items[n]
        rule = {"name": f"{inst['name']}-{metrics[k % 3].split('_', 1)[0].lower()}", "metric": metrics[k % 3],
                "instance": inst["name"], "rg": inst["rg"], "escalations": {"critical": {"threshold": 85}}}
        if k % 25 == 7:
            rule.update(state="ALARM", history=[{"state": "ALARM", "level": "CRITICAL", "age_min": 20 + k % 60,
                                                 "last_min": 20 + k % 60, "value": 91.5, "expression": "$Average>=85"}])
        elif k % 40 == 13:
            rule["enabled"] = False
        elif k == 1:
            rule["state"] = "INSUFFICIENT_DATA"
        rules.append(rule)
    out["alarm_rules"] = rules


def _databases_and_balancers(out: dict, vpcs: list, items: list):
    """An RDS instance per 500 ECS (7 daily backups; 1 in 10 failed last night, 1 in 10 without a backup for
    2 days) and an SLB per 1,000 ECS (2 listeners, 4 backends; every 5th, from the 2nd, has one abnormal backend)."""
    rds = []
    for n in range(max(1, len(items) // 500)):
        vpc = vpcs[n % len(vpcs)]
        spec = {"name": f"rds-scale-{n:02d}", "engine": "MySQL" if n % 3 else "PostgreSQL",
                "engine_version": "8.0" if n % 3 else "14.0", "vswitch": vpc["vswitches"][-1]["name"], "rg": vpc["rg"]}
        if n % 10 == 3:
            spec["backups"] = [{"age_h": 5, "status": "Failed"}] + [{"age_h": 5 + 24 * k} for k in range(1, 7)]
        elif n % 10 == 7:
            spec["backups"] = [{"age_h": 50 + 24 * k} for k in range(6)]
        rds.append(spec)
    out["rds_instances"] = rds
    balancers = []
    for n in range(max(1, len(items) // 1000)):
        # instance i sits on vSwitch i % vswitches: stepping by that keeps the backends on the SLB's vSwitch
        members = items[(n * 97) % max(1, len(items)):len(items):sum(len(v["vswitches"]) for v in vpcs)][:4]
        if not members:
            continue
        backends = [{"instance": m["name"], "health": "abnormal" if n % 5 == 1 and k == 0 else "normal"} for k, m in enumerate(members)]
        balancers.append({"name": f"slb-scale-{n:02d}", "vswitch": members[0]["vswitch"], "rg": members[0]["rg"],
                          "listeners": [{"port": 80, "protocol": "http"}, {"port": 443, "protocol": "https", "backend_port": 80}],
                          "backends": backends})
    out["load_balancers"] = balancers

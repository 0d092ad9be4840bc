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
    for key in ("disks", "eips", "nat_gateways", "router_interfaces", "alarm_rules", "rds_instances", "load_balancers",
                "snapshots"):
        out.setdefault(key, [])
    return out

"""Load an Apsara world: a YAML description (lab/worlds/apsara_<name>.yml) or the scale generator.

Both paths produce the same spec dict, which ``Builder`` turns into API-shaped records.
Times in the spec are relative to now (``age_days``, ``expires_in_days``, ``age_h``), so a world
is always "current" when the lab starts.
"""
from __future__ import annotations

import ipaddress
import json
import os
import time
import zlib

from ..common import worldspec
from .state import State, make_id
from .wire import iso

WORLDS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "worlds")
PAYG_EXPIRY = "2099-12-31T15:59Z"      # what Apsara shows for pay-as-you-go resources
DAY = 86400.0
HOUR = 3600.0


def world_path(world: str) -> str:
    if os.path.sep in world or world.endswith((".yml", ".yaml")):
        return world
    name = world if world.startswith("apsara_") else f"apsara_{world}"
    return os.path.join(WORLDS_DIR, f"{name}.yml")


def load(world: str = "demo", scale: dict | None = None) -> State:
    spec = worldspec.read(world_path(world), world_path)
    if spec.get("generator"):
        from .generator import generate
        knobs = dict(spec.get("scale") or {})
        knobs.update({k: v for k, v in (scale or {}).items() if v is not None})
        spec = generate(spec, **knobs)
    state = State(spec.get("world", os.path.splitext(os.path.basename(world))[0]))
    Builder(state, spec).build()
    state.meta.update({"faults": spec.get("faults") or {}, "description": spec.get("description")})
    return state


def _jitter(seed: str, lo: float, hi: float) -> float:
    return lo + (zlib.crc32(seed.encode()) % 10000) / 10000.0 * (hi - lo)


def _tags(tags: dict | None, key="TagKey", value="TagValue") -> dict:
    return {"Tag": [{key: str(k), value: str(v)} for k, v in (tags or {}).items()]}


def instance_record(st: State, iid: str, name: str, sw: dict, ip: str, itype: str, cpu: int, memory: int, image: dict,
                    charge: str, created: float, expired: str, sg_ids: list, tags: dict, owner: dict,
                    status: str = "Running", hostname: str | None = None, description: str = "",
                    deletion_protection: bool = True, locks: list | None = None, utils=(20.0, 40.0, 30.0)) -> dict:
    """One ECS instance in DescribeInstances field naming (the world builder and RunInstances)."""
    return {
        "InstanceId": iid, "InstanceName": name, "HostName": hostname or name,
        "Description": description, "RegionId": st.region_id, "ZoneId": sw["ZoneId"],
        "InstanceType": itype, "InstanceTypeFamily": itype.rsplit(".", 1)[0],
        "Cpu": cpu, "Memory": memory, "ImageId": image["ImageId"],
        "OSName": image["OSName"], "OSNameEn": image["OSNameEn"], "OSType": image["OSType"],
        "Status": status, "InstanceChargeType": charge,
        "InternetChargeType": "PayByTraffic", "InternetMaxBandwidthIn": -1, "InternetMaxBandwidthOut": 0,
        "ExpiredTime": expired, "CreationTime": iso(created, minutes=True),
        "StartTime": iso(created + 60, minutes=True), "AutoReleaseTime": "", "StoppedMode": "Not-applicable",
        "DeletionProtection": deletion_protection, "InstanceNetworkType": "vpc",
        "IoOptimized": True, "SerialNumber": make_id("", f"sn/{iid}", 32), "DeviceAvailable": True,
        "SpotStrategy": "NoSpot", "SpotPriceLimit": 0.0, "SpotDuration": 0, "CreditSpecification": "",
        "GPUAmount": 0, "GPUSpec": "", "LocalStorageAmount": 0, "LocalStorageCapacity": 0,
        "Recyclable": False, "ClusterId": "", "VlanId": "", "DeploymentSetId": "", "KeyPairName": "",
        "HpcClusterId": "", "SaleCycle": "" if charge == "PostPaid" else "Month",
        "SecurityGroupIds": {"SecurityGroupId": list(sg_ids)},
        "VpcAttributes": {"VpcId": sw["VpcId"], "VSwitchId": sw["VSwitchId"], "NatIpAddress": "",
                          "PrivateIpAddress": {"IpAddress": [ip]}},
        "InnerIpAddress": {"IpAddress": []}, "PublicIpAddress": {"IpAddress": []},
        "NetworkInterfaces": {"NetworkInterface": [{
            "NetworkInterfaceId": make_id("eni-", f"eni/{iid}"), "PrimaryIpAddress": ip, "Type": "Primary",
            "MacAddress": "00:16:3e:%02x:%02x:%02x" % tuple(ipaddress.ip_address(ip).packed[1:])}]},
        "OperationLocks": {"LockReason": locks or []}, "Tags": tags,
        "_cpu_pct": utils[0], "_mem_pct": utils[1], "_disk_pct": utils[2], **owner}


def disk_record(st: State, did: str, name: str, zone: str, dtype: str, category: str, size: int, inst: dict | None,
                device: str, created: float, owner: dict, image: str = "", asp: str = "", tags: dict | None = None,
                description: str = "") -> dict:
    """One ECS disk in DescribeDisks field naming (the world builder and RunInstances' system disks)."""
    return {
        "DiskId": did, "DiskName": name, "Description": description, "RegionId": st.region_id,
        "ZoneId": zone, "Type": dtype, "Category": category,
        "Size": size, "Status": "In_use" if inst else "Available",
        "InstanceId": inst["InstanceId"] if inst else "", "Device": device if inst else "",
        "Portable": dtype == "data", "DeleteWithInstance": dtype == "system",
        "EnableAutoSnapshot": bool(asp), "AutoSnapshotPolicyId": asp, "EnableAutomatedSnapshotPolicy": bool(asp),
        "DeleteAutoSnapshot": False, "Encrypted": False, "KMSKeyId": "", "DiskChargeType": "PostPaid",
        "ExpiredTime": PAYG_EXPIRY, "CreationTime": iso(created),
        "AttachedTime": iso(created + 30) if inst else "", "DetachedTime": "",
        "ImageId": image, "SourceSnapshotId": "", "PerformanceLevel": "PL1" if category == "cloud_essd" else "",
        "SerialNumber": did[2:], "IOPS": 4000, "IOPSRead": 2000, "IOPSWrite": 2000,
        "MultiAttach": "Disabled", "BdfId": "", "StorageSetId": "", "StorageSetPartitionNumber": 0,
        "ProductCode": "", "OperationLocks": {"OperationLock": []}, "Tags": tags or {"Tag": []}, **owner}


class Builder:
    def __init__(self, state: State, spec: dict):
        self.st = state
        self.spec = spec
        self.now = time.time()
        self.ids: dict[tuple, str] = {}       # (kind, name) -> id
        self.rg_by_name: dict[str, str] = {}
        self._ip_next: dict[str, int] = {}

    # ---- helpers --------------------------------------------------------------------------------
    def rid(self, kind: str, prefix: str, name: str) -> str:
        rid = make_id(prefix, f"{self.st.name}/{kind}/{name}")
        self.ids[(kind, name)] = rid
        return rid

    def ref(self, kind: str, name: str) -> str:
        try:
            return self.ids[(kind, name)]
        except KeyError:
            raise ValueError(f"world {self.st.name}: unknown {kind} {name!r}") from None

    def owner(self, item: dict) -> dict:
        rg_id = self.rg_by_name.get(item.get("rg") or self.spec.get("default_rg", "prod"))
        rg = self.st.resource_groups[rg_id]
        return {"_org": rg["org"], "ResourceGroupId": rg_id}

    def ago(self, days: float = 0.0, hours: float = 0.0) -> float:
        return self.now - days * DAY - hours * HOUR

    def next_ip(self, vsw_id: str, cidr: str) -> str:
        net = ipaddress.ip_network(cidr)
        n = self._ip_next.get(vsw_id, 10)
        self._ip_next[vsw_id] = n + 1
        return str(net.network_address + n)

    # ---- build ----------------------------------------------------------------------------------
    def build(self):
        s, st = self.spec, self.st
        reg = s.get("region") or {}
        st.region_id = reg.get("id", st.region_id)
        st.region_name = reg.get("name", st.region_name)
        st.domain = reg.get("domain", st.domain)
        st.zones = [{"ZoneId": z, "LocalName": f"{st.region_name} zone {z[-1].upper()}"} for z in s.get("zones") or []]
        for o in s.get("organizations") or []:
            st.orgs[str(o["id"])] = {"id": str(o["id"]), "name": o["name"], "parent": str(o["parent"]) if o.get("parent") else None}
        for r in s.get("resource_groups") or []:
            st.resource_groups[str(r["id"])] = {"id": str(r["id"]), "name": r["name"], "rs_id": r.get("rs_id"),
                                                "org": str(r["org"]), "created": self.ago(days=r.get("age_days", 400))}
            self.rg_by_name[r.get("key", r["name"])] = str(r["id"])
        st.meta["eip_pool"] = s.get("eip_pool", "198.51.100.0/24")
        # count limits the VPC handlers enforce with the real QuotaExceeded codes (defaults in products/vpc.py)
        st.meta["quotas"] = dict(s.get("quotas") or {})
        st.meta["default_resource_group"] = self.rg_by_name.get(s.get("default_rg", "prod"))
        # scaling (products/ecs_scaling.py): the instance types offered per zone with their stock, and actions
        # this deployment does not have (answered InvalidAction.NotFound, e.g. DescribeResourcesModification)
        st.meta["instance_types"] = list(s.get("instance_types") or [])
        st.meta["unsupported_actions"] = set(s.get("unsupported_actions") or [])
        for k in s.get("access_keys") or []:
            st.credentials[k["id"]] = {"secret": k["secret"], "org": str(k["org"]), "active": k.get("active", True),
                                       "sts": None}
            if k.get("demo"):
                st.meta["demo_key"] = k["id"]
        for t in s.get("sts_tokens") or []:
            st.credentials[t["id"]] = {"secret": t["secret"], "org": str(t["org"]), "active": True,
                                       "sts": {"token": t["token"], "expires": self.now + float(t["expires_in_s"])}}
        self.images()
        self.policies()
        self.vpcs()
        self.security_groups()
        self.instances()
        self.disks()
        self.snapshots()
        self.eips_and_nat()
        self.router_interfaces()
        self.cms()
        self.rds()
        self.slb()

    def images(self):
        for i in self.spec.get("images") or []:
            iid = i["id"]
            self.ids[("image", i["name"])] = iid
            self.ids[("image", iid)] = iid
            self.st.add("image", iid, {
                "ImageId": iid, "ImageName": i["name"], "Description": i.get("description", ""),
                "OSName": i.get("os_name", i["name"]), "OSNameEn": i.get("os_name", i["name"]),
                "OSType": i.get("os_type", "linux"), "Platform": i.get("platform", "CentOS"),
                "Architecture": "x86_64", "Size": i.get("size", 40), "Status": "Available",
                "ImageOwnerAlias": i.get("owner", "system"), "IsPublic": i.get("owner", "system") == "system",
                "CreationTime": iso(self.ago(days=i.get("age_days", 300))), "Progress": "100%",
                "IsSupportCloudinit": True, "IsSupportIoOptimized": True, "IsSelfShared": "", "IsCopied": False,
                "IsSubscribed": False, "Usage": "instance", "BootMode": "BIOS", "ImageVersion": "",
                "ImageFamily": "", "ProductCode": "", "ResourceGroupId": "",
                "DiskDeviceMappings": {"DiskDeviceMapping": [{"Device": "/dev/xvda", "Size": str(i.get("size", 40)),
                                                              "Type": "system", "Format": "", "SnapshotId": ""}]},
                "Tags": _tags(None), "_public": True})

    def policies(self):
        for p in self.spec.get("auto_snapshot_policies") or []:
            pid = self.rid("asp", "sp-", p["name"])
            self.st.add("asp", pid, {
                "AutoSnapshotPolicyId": pid, "AutoSnapshotPolicyName": p["name"],
                "TimePoints": json.dumps([str(x) for x in p.get("time_points", [2])]),
                "RepeatWeekdays": json.dumps([str(x) for x in p.get("repeat_weekdays", [1, 2, 3, 4, 5, 6, 7])]),
                "RetentionDays": p.get("retention_days", 7), "Status": "Normal", "RegionId": self.st.region_id,
                "CreationTime": iso(self.ago(days=p.get("age_days", 200)), minutes=True),
                "EnableCrossRegionCopy": False, "TargetCopyRegions": "[]", "CopiedSnapshotsRetentionDays": -1,
                "VolumeNums": 0, "Type": "Custom", "Tags": _tags(p.get("tags")), **self.owner(p)})

    def vpcs(self):
        st = self.st
        for v in self.spec.get("vpcs") or []:
            vid = self.rid("vpc", "vpc-", v["name"])
            vrt = make_id("vrt-", f"{st.name}/vrouter/{v['name']}")
            vtb = make_id("vtb-", f"{st.name}/vtb/{v['name']}")
            own = self.owner(v)
            created = self.ago(days=v.get("age_days", 300))
            st.add("vpc", vid, {
                "VpcId": vid, "VpcName": v["name"], "CidrBlock": v["cidr"], "Status": "Available", "VRouterId": vrt,
                "RegionId": st.region_id, "Description": v.get("description", ""), "IsDefault": False,
                "CreationTime": iso(created), "CenStatus": "", "OwnerId": 1000000000000027, "DhcpOptionsSetId": "",
                "DhcpOptionsSetStatus": "", "Ipv6CidrBlock": "", "EnabledIpv6": False,
                "UserCidrs": {"UserCidr": []}, "SecondaryCidrBlocks": {"SecondaryCidrBlock": []},
                "Tags": _tags(v.get("tags"), "Key", "Value"), **own})
            st.add("route_table", vtb, {
                "RouteTableId": vtb, "RouteTableName": f"{v['name']}-system", "RouteTableType": "System",
                "RouterId": vrt, "RouterType": "VRouter", "VpcId": vid, "Status": "Available",
                "CreationTime": iso(created), "Description": "", "AssociateType": "VSwitch", "OwnerId": 1000000000000027,
                "RegionId": st.region_id, "Tags": _tags(None, "Key", "Value"), **own})
            self.ids[("route_table", v["name"])] = vtb
            st.add("vrouter", vrt, {"VRouterId": vrt, "VRouterName": "", "VpcId": vid, "RegionId": st.region_id,
                                    "CreationTime": iso(created), "Description": "", **own})
            self.route_entry(vtb, "100.64.0.0/10", "System", "", "", own)   # cloud service route
            for sw in v.get("vswitches") or []:
                sid = self.rid("vswitch", "vsw-", sw["name"])
                st.add("vswitch", sid, {
                    "VSwitchId": sid, "VSwitchName": sw["name"], "VpcId": vid, "ZoneId": sw["zone"],
                    "CidrBlock": sw["cidr"], "Status": "Available", "Description": sw.get("description", ""),
                    "CreationTime": iso(self.ago(days=sw.get("age_days", 280))), "IsDefault": False,
                    "RouteTable": {"RouteTableId": vtb, "RouteTableType": "System"}, "NetworkAclId": "",
                    "OwnerId": 1000000000000027, "ShareType": "Sole", "Ipv6CidrBlock": "", "EnabledIpv6": False,
                    "RegionId": st.region_id, "Tags": _tags(sw.get("tags"), "Key", "Value"),
                    "_reserved": int(sw.get("reserved_ips", 0)), "_fixed_available": sw.get("available_ips"),
                    **self.owner(sw if sw.get("rg") else v)})
                self.route_entry(vtb, sw["cidr"], "System", "local", "", own, _vswitch=sid)
            for r in v.get("routes") or []:
                self.route_entry(vtb, r["destination"], "Custom", r["next_hop_type"], r.get("next_hop", ""), own,
                                 name=r.get("name", ""))

    def route_entry(self, vtb, dest, rtype, hop_type, hop_id, own, name="", **internal):
        rte = make_id("rte-", f"{self.st.name}/rte/{vtb}/{dest}")
        hops = [] if hop_type in ("", "local") else [{"NextHopType": hop_type, "NextHopId": hop_id, "Enabled": 1,
                                                      "Weight": 100, "NextHopRegionId": self.st.region_id}]
        self.st.add("route_entry", rte, {
            "RouteEntryId": rte, "RouteTableId": vtb, "DestinationCidrBlock": dest, "Type": rtype,
            "Status": "Available", "RouteEntryName": name, "Description": "", "IpVersion": "ipv4",
            "NextHops": {"NextHop": hops}, "GmtModified": iso(self.ago(days=30)), "Origin": "",
            "_hop_pending": hop_id, **own, **internal})

    def security_groups(self):
        st = self.st
        for g in self.spec.get("security_groups") or []:
            gid = self.rid("sg", "sg-", g["name"])
            rules = []
            for n, r in enumerate(g.get("rules") or []):
                direction = r.get("direction", "ingress")
                rules.append({
                    "SecurityGroupRuleId": make_id("sgr-", f"{st.name}/{g['name']}/{n}"),
                    "Direction": direction, "IpProtocol": r.get("protocol", "TCP").upper(),
                    "PortRange": str(r.get("port", "-1/-1")), "Policy": r.get("policy", "Accept"),
                    "Priority": str(r.get("priority", 1)), "NicType": "intranet",
                    "SourceCidrIp": r.get("source", "") if direction == "ingress" else "",
                    "DestCidrIp": r.get("dest", "0.0.0.0/0") if direction == "egress" else "",
                    "SourceGroupId": "", "DestGroupId": "", "SourceGroupName": "", "DestGroupName": "",
                    "SourcePortRange": "", "DestPrefixListId": "", "SourcePrefixListId": "",
                    "Ipv6SourceCidrIp": "", "Ipv6DestCidrIp": "", "SourceGroupOwnerAccount": "",
                    "DestGroupOwnerAccount": "", "Description": r.get("description", ""),
                    "CreateTime": iso(self.ago(days=r.get("age_days", 100)))})
            st.add("sg", gid, {
                "SecurityGroupId": gid, "SecurityGroupName": g["name"], "Description": g.get("description", ""),
                "VpcId": self.ref("vpc", g["vpc"]), "SecurityGroupType": "normal", "RegionId": st.region_id,
                "CreationTime": iso(self.ago(days=g.get("age_days", 250))), "ServiceManaged": False,
                "Tags": _tags(g.get("tags")), "_rules": rules, **self.owner(g)})

    def instances(self):
        st = self.st
        defaults = self.spec.get("instance_defaults") or {}
        for raw in self.spec.get("instances") or []:
            i = {**defaults, **raw}
            iid = self.rid("instance", "i-", i["name"])
            sw_id = self.ref("vswitch", i["vswitch"])
            sw = st.get("vswitch", sw_id)
            ip = i.get("ip") or self.next_ip(sw_id, sw["CidrBlock"])
            charge = i.get("charge", "PostPaid")
            created = self.ago(days=i.get("age_days", 120))
            expired = PAYG_EXPIRY if charge == "PostPaid" else iso(self.now + i.get("expires_in_days", 200) * DAY, minutes=True)
            image = st.get("image", self.ref("image", i["image"]))
            locks = [{"LockReason": lk["reason"], "LockMsg": lk.get("message", "")} for lk in i.get("locks") or []]
            itype = i.get("type", "ecs.g6.large")
            st.add("instance", iid, instance_record(
                st, iid, i["name"], sw, ip, itype, i.get("cpu", 2), i.get("memory", 8192), image, charge,
                created, expired, [self.ref("sg", g) for g in i.get("security_groups") or []], _tags(i.get("tags")),
                self.owner(i), status=i.get("status", "Running"), hostname=i.get("hostname", i["name"]),
                description=i.get("description", ""), deletion_protection=bool(i.get("deletion_protection", True)),
                locks=locks, utils=(float(i.get("cpu_pct", _jitter(iid + "cpu", 12, 45))),
                                    float(i.get("mem_pct", _jitter(iid + "mem", 30, 65))),
                                    float(i.get("disk_pct", _jitter(iid + "disk", 20, 60))))))
            # system disk
            self.disk({"name": f"{i['name']}-system", "size": i.get("system_disk_size", 40), "type": "system",
                       "category": i.get("system_disk_category", "cloud_ssd"), "instance": i["name"],
                       "asp": i.get("system_asp", defaults.get("system_asp")), "age_days": i.get("age_days", 120),
                       "image": image["ImageId"], "rg": i.get("rg"), "tags": i.get("tags")}, device="/dev/xvda")
            for n, d in enumerate(i.get("data_disks") or []):
                spec = {"name": f"{i['name']}-data{n + 1}", "type": "data", "instance": i["name"],
                        "age_days": i.get("age_days", 120), "rg": i.get("rg"), "tags": i.get("tags"),
                        "asp": defaults.get("data_asp"), **d}
                self.disk(spec, device="/dev/xvd" + "bcdefghij"[n])

    def disks(self):
        for d in self.spec.get("disks") or []:
            self.disk({"type": "data", **d}, device="")

    def disk(self, d: dict, device: str):
        st = self.st
        did = self.rid("disk", "d-", d["name"])
        inst = st.get("instance", self.ref("instance", d["instance"])) if d.get("instance") else None
        created = self.ago(days=d.get("age_days", 100))
        detached = d.get("detached_days")
        asp = self.ref("asp", d["asp"]) if d.get("asp") else ""
        zone = inst["ZoneId"] if inst else d.get("zone") or st.zones[0]["ZoneId"]
        rec = disk_record(st, did, d["name"], zone, d.get("type", "data"), d.get("category", "cloud_ssd"),
                          int(d.get("size", 100)), inst, device, created, self.owner(d), image=d.get("image", ""),
                          asp=asp, tags=_tags(d.get("tags")), description=d.get("description", ""))
        if detached is not None:
            rec["DetachedTime"] = iso(self.ago(days=detached))
        rec.update(_snapshots=d.get("snapshots"), _asp_name=d.get("asp"))
        st.add("disk", did, rec)
        return did

    def snapshots(self):
        """An accomplished auto snapshot (< 24 h) for every disk with a policy, plus the previous day's.

        With ``auto_snapshot_history_days: N`` (the demo world: 8) a disk under a policy keeps a daily
        history instead: ``min(policy RetentionDays, N)`` auto snapshots; a disk that lists its own
        snapshots gets its auto history continued daily before its oldest listed auto snapshot."""
        st = self.st
        per_disk = int(self.spec.get("auto_snapshots_per_disk", 2))
        history_days = self.spec.get("auto_snapshot_history_days")
        for disk in st.all("disk"):
            recs = disk.pop("_snapshots", None)
            disk.pop("_asp_name", None)
            policy = st.get("asp", disk["AutoSnapshotPolicyId"]) if disk["AutoSnapshotPolicyId"] else None
            keep = per_disk
            if history_days and policy:
                keep = max(1, min(int(policy["RetentionDays"]), int(history_days)))
            if recs is None:
                if not policy:
                    continue
                age = _jitter(disk["DiskId"], 2.0, 20.0)
                recs = [{"age_h": age + 24 * k, "type": "auto"} for k in range(keep)]
            elif history_days and policy:
                autos = [r for r in recs if r.get("type", "auto") == "auto"]
                oldest = max((r.get("age_h", 6) for r in autos), default=_jitter(disk["DiskId"], 2.0, 20.0) - 24)
                recs = list(recs) + [{"age_h": oldest + 24 * (k + 1), "type": "auto"} for k in range(keep - len(autos))]
            for n, s in enumerate(recs):
                self.snapshot(disk, n, s)
        for s in self.spec.get("snapshots") or []:
            self.snapshot(st.get("disk", self.ref("disk", s["disk"])), 100 + len(st.table("snapshot")), s)

    def snapshot(self, disk: dict, n: int, s: dict):
        st = self.st
        sid = make_id("s-", f"{st.name}/snap/{disk['DiskId']}/{n}")
        created = self.ago(hours=s.get("age_h", 6))
        auto = s.get("type", "auto") == "auto"
        name = s.get("name") or (f"auto_{iso(created)[:10].replace('-', '')}_{n + 1}" if auto else f"{disk['DiskName']}-manual")
        status = s.get("status", "accomplished")
        st.add("snapshot", sid, {
            "SnapshotId": sid, "SnapshotName": name, "Description": s.get("description", ""),
            "Status": status, "Progress": "100%" if status == "accomplished" else "0%",
            "CreationTime": iso(created), "LastModifiedTime": iso(created + 300), "SourceDiskId": disk["DiskId"],
            "SourceDiskSize": str(disk["Size"]), "SourceDiskType": disk["Type"], "SourceStorageType": "disk",
            "RetentionDays": s.get("retention_days", 7 if auto else 30), "RemainTime": 0, "Usage": "none",
            "SnapshotType": "auto" if auto else "user", "Encrypted": False, "Category": "standard",
            "InstantAccess": False, "InstantAccessRetentionDays": 0, "Available": status == "accomplished",
            "SnapshotSN": sid[2:18], "ProductCode": "", "KMSKeyId": "", "SourceSnapshotId": "",
            "SourceRegionId": "", "SnapshotLinkId": "sl-" + disk["DiskId"][2:],
            "RegionId": st.region_id, "Tags": _tags(None), "_org": disk["_org"],
            "ResourceGroupId": disk["ResourceGroupId"]})
        if s.get("corrupt"):
            st.get("snapshot", sid)["_corrupt"] = True   # lab-internal: its restore reads back another marker

    def eips_and_nat(self):
        st = self.st
        for e in self.spec.get("eips") or []:
            aid = self.rid("eip", "eip-", e["name"])
            st.add("eip", aid, {
                "AllocationId": aid, "IpAddress": e["ip"], "Name": e["name"], "Description": e.get("description", ""),
                "Status": "Available", "InstanceId": "", "InstanceType": "", "InstanceRegionId": "",
                "Bandwidth": str(e.get("bandwidth", 5)), "InternetChargeType": "PayByTraffic", "ChargeType": "PostPaid",
                "AllocationTime": iso(self.ago(days=e.get("age_days", 90))), "ExpiredTime": "", "RegionId": st.region_id,
                "BusinessStatus": "Normal", "OperationLocks": {"LockReason": []}, "Tags": _tags(e.get("tags"), "Key", "Value"),
                "Mode": "NAT", "Netmode": "public", "DeletionProtection": False, "PrivateIpAddress": "", "ISP": "BGP",
                "HDMonitorStatus": "false", "SecondLimited": False, "ServiceManaged": 0, "EipBandwidth": "",
                "BandwidthPackageId": "", "BandwidthPackageBandwidth": "", "BandwidthPackageType": "",
                "HasReservationData": "false", "SegmentInstanceId": "", "_bind": e.get("bind"), **self.owner(e)})
        for g in self.spec.get("nat_gateways") or []:
            nid = self.rid("nat", "ngw-", g["name"])
            vpc = st.get("vpc", self.ref("vpc", g["vpc"]))
            stb = make_id("stb-", f"{st.name}/stb/{g['name']}")
            ftb = make_id("ftb-", f"{st.name}/ftb/{g['name']}")
            sw_id = self.ref("vswitch", g["vswitch"])
            st.add("nat", nid, {
                "NatGatewayId": nid, "Name": g["name"], "Description": g.get("description", ""), "VpcId": vpc["VpcId"],
                "Spec": g.get("spec", "Small"), "NatType": "Enhanced", "Status": "Available", "BusinessStatus": "Normal",
                "InstanceChargeType": "PostPaid", "InternetChargeType": "PayBySpec", "NetworkType": "internet",
                "CreationTime": iso(self.ago(days=g.get("age_days", 200))), "ExpiredTime": "", "RegionId": st.region_id,
                "DeletionProtection": False, "EipBindMode": "MULTI_BINDED", "AutoPay": False,
                "EcsMetricEnabled": False, "IcmpReplyEnabled": True, "SecurityProtectionEnabled": False,
                "PrivateLinkEnabled": False, "PrivateLinkMode": "", "EnableSessionLog": False,
                "SnatTableIds": {"SnatTableId": [stb]}, "ForwardTableIds": {"ForwardTableId": [ftb]},
                "FullNatTableIds": {"FullNatTableId": []}, "BandwidthPackageIds": {"BandwidthPackageId": []},
                "NatGatewayPrivateInfo": {"VswitchId": sw_id, "EniInstanceId": make_id("eni-", f"nat/{nid}"),
                                          "IzNo": st.get("vswitch", sw_id)["ZoneId"],
                                          "PrivateIpAddress": self.next_ip(sw_id, st.get("vswitch", sw_id)["CidrBlock"]),
                                          "MaxBandwidth": 5120, "MaxSessionQuota": 2000000,
                                          "MaxSessionEstablishRate": 100000, "EniType": "indirect"},
                "Tags": _tags(g.get("tags"), "Key", "Value"), "_snat_table": stb, **self.owner(g)})
            vtb = self.ids[("route_table", g["vpc"])]
            for e in st.all("route_entry"):
                if e["RouteTableId"] == vtb and e.get("_hop_pending") == g["name"]:
                    e["NextHops"]["NextHop"][0]["NextHopId"] = nid
            for n, sn in enumerate(g.get("snat") or []):
                src = self.ref("vswitch", sn["vswitch"])
                eip = st.get("eip", self.ref("eip", sn["eip"]))
                seid = make_id("snat-", f"{st.name}/snat/{g['name']}/{n}")
                st.add("snat", seid, {
                    "SnatEntryId": seid, "SnatTableId": stb, "SnatEntryName": sn.get("name", ""), "SourceVSwitchId": src,
                    "SourceCIDR": st.get("vswitch", src)["CidrBlock"], "SnatIp": eip["IpAddress"], "Status": "Available",
                    "NatGatewayId": nid, "EipAffinity": 0, "_org": st.get("nat", nid)["_org"],
                    "ResourceGroupId": st.get("nat", nid)["ResourceGroupId"]})
        for e in st.all("route_entry"):
            e.pop("_hop_pending", None)
        # bind EIPs last: instances and NAT gateways exist now
        for eip in st.all("eip"):
            bind = eip.pop("_bind", None)
            if not bind:
                continue
            kind, _sep, name = bind.partition(":")
            if kind == "nat":
                eip.update({"Status": "InUse", "InstanceId": self.ref("nat", name), "InstanceType": "Nat",
                            "InstanceRegionId": st.region_id})
            else:
                eip.update({"Status": "InUse", "InstanceId": self.ref("instance", name or kind),
                            "InstanceType": "EcsInstance", "InstanceRegionId": st.region_id})

    def router_interfaces(self):
        st = self.st
        for r in self.spec.get("router_interfaces") or []:
            a = st.get("vpc", self.ref("vpc", r["vpc"]))
            b = st.get("vpc", self.ref("vpc", r["opposite_vpc"]))
            ri_a = self.rid("ri", "ri-", r["name"])
            ri_b = self.rid("ri", "ri-", r["name"] + "-peer")
            for rid, me, other, peer, role in ((ri_a, a, b, ri_b, "InitiatingSide"), (ri_b, b, a, ri_a, "AcceptingSide")):
                st.add("ri", rid, {
                    "RouterInterfaceId": rid, "Name": r["name"] if role == "InitiatingSide" else r["name"] + "-peer",
                    "Description": r.get("description", ""), "Role": role, "RouterId": me["VRouterId"],
                    "RouterType": "VRouter", "Spec": r.get("spec", "Large.2"), "Status": r.get("status", "Active"),
                    "BusinessStatus": "Normal", "OppositeInterfaceId": peer, "OppositeRouterId": other["VRouterId"],
                    "OppositeRouterType": "VRouter", "OppositeRegionId": st.region_id,
                    "OppositeInterfaceOwnerId": "1000000000000027", "OppositeInterfaceSpec": r.get("spec", "Large.2"),
                    "OppositeInterfaceStatus": r.get("status", "Active"), "OppositeInterfaceBusinessStatus": "Normal",
                    "VpcInstanceId": me["VpcId"], "OppositeVpcInstanceId": other["VpcId"], "ChargeType": "AfterPay",
                    "Bandwidth": 0, "CrossBorder": False, "HasReservationData": "false", "HealthCheckSourceIp": "",
                    "HealthCheckTargetIp": "", "HcRate": 0, "HcThreshold": 0,
                    "CreationTime": iso(self.ago(days=r.get("age_days", 150))),
                    "ConnectedTime": iso(self.ago(days=r.get("age_days", 150) - 1)), "EndTime": "",
                    "_org": me["_org"], "ResourceGroupId": me["ResourceGroupId"]})

    def cms(self):
        st = self.st
        for r in self.spec.get("alarm_rules") or []:
            rule_id = r.get("id") or make_id("", f"{st.name}/rule/{r['name']}", 32)
            dims = []
            if r.get("instance"):
                dims = [{"instanceId": self.ref("instance", r["instance"])}]
            resources = json.dumps(dims or [{"resource": "_ALL"}], separators=(",", ":"))
            esc = {}
            for level in ("Critical", "Warn", "Info"):
                e = (r.get("escalations") or {}).get(level.lower())
                esc[level] = {"ComparisonOperator": e.get("operator", "GreaterThanOrEqualToThreshold") if e else "",
                              "Statistics": e.get("statistics", "Average") if e else "",
                              "Threshold": str(e["threshold"]) if e else "", "Times": e.get("times", 3) if e else 0,
                              "PreCondition": ""}
            st.add("alarm_rule", rule_id, {
                "RuleId": rule_id, "RuleName": r["name"], "Namespace": r.get("namespace", "acs_ecs_dashboard"),
                "MetricName": r["metric"], "Dimensions": json.dumps(dims, separators=(",", ":")), "Resources": resources,
                "Period": str(r.get("period", 60)), "EnableState": bool(r.get("enabled", True)),
                "AlertState": r.get("state", "OK"), "GroupId": "", "GroupName": "", "Escalations": esc,
                "ContactGroups": r.get("contact_groups", "ops-oncall"), "SilenceTime": 86400,
                "EffectiveInterval": "00:00-23:59", "NoEffectiveInterval": "", "MailSubject": "", "Webhook": "",
                "SourceType": "METRIC", "NoDataPolicy": "KEEP_LAST_STATE", "Labels": {"Labels": []},
                **self.owner(r)})
            for n, h in enumerate(r.get("history") or []):
                hid = make_id("", f"{st.name}/hist/{rule_id}/{n}", 24)
                inst = st.get("instance", self.ref("instance", r["instance"])) if r.get("instance") else None
                st.add("alarm_history", hid, {
                    "RuleId": rule_id, "RuleName": r["name"], "Namespace": r.get("namespace", "acs_ecs_dashboard"),
                    "MetricName": r["metric"], "State": h.get("state", "ALARM"), "Status": h.get("status", 0),
                    "Level": h.get("level", "CRITICAL"), "AlertTime": int((self.now - h.get("age_min", 30) * 60) * 1000),
                    "LastTime": int(h.get("last_min", 30) * 60 * 1000), "Value": str(h.get("value", "")),
                    "Expression": h.get("expression", ""), "EvaluationCount": h.get("times", 3),
                    "InstanceName": inst["InstanceName"] if inst else "", "GroupId": "",
                    "Dimensions": json.dumps(dims[0] if dims else {}, separators=(",", ":")), "Webhooks": "",
                    "Contacts": {"Contact": []}, "ContactGroups": {"ContactGroup": [r.get("contact_groups", "ops-oncall")]},
                    "ContactALIIMs": {"ContactALIIM": []}, "ContactMails": {"ContactMail": []},
                    "ContactSmses": {"ContactSms": []}, "_org": st.get("alarm_rule", rule_id)["_org"],
                    "ResourceGroupId": st.get("alarm_rule", rule_id)["ResourceGroupId"], "_time": self.now - h.get("age_min", 30) * 60})

        from .products import cms_events   # contacts, the alert timeline, ECS system events (alarms-events-api.md 3)
        cms_events.build(self)

    def rds(self):
        st = self.st
        for r in self.spec.get("rds_instances") or []:
            did = r.get("id") or make_id("rm-", f"{st.name}/rds/{r['name']}", 20)
            sw = st.get("vswitch", self.ref("vswitch", r["vswitch"]))
            st.add("rds", did, {
                "DBInstanceId": did, "DBInstanceDescription": r["name"], "DBInstanceStatus": r.get("status", "Running"),
                "Engine": r.get("engine", "MySQL"), "EngineVersion": str(r.get("engine_version", "8.0")),
                "DBInstanceClass": r.get("class", "rds.mysql.s3.large"), "DBInstanceType": "Primary",
                "DBInstanceNetType": "Intranet", "InstanceNetworkType": "VPC", "PayType": "Postpaid",
                "LockMode": "Unlock", "LockReason": "", "CreateTime": iso(self.ago(days=r.get("age_days", 300))),
                "ExpireTime": "", "DestroyTime": "", "RegionId": st.region_id, "ZoneId": sw["ZoneId"],
                "VpcId": sw["VpcId"], "VSwitchId": sw["VSwitchId"], "VpcCloudInstanceId": did,
                "ConnectionMode": "Standard", "ConnectionString": f"{did}.mysql.{st.domain}",
                "Category": r.get("category", "HighAvailability"), "DBInstanceStorageType": "cloud_ssd",
                "DBInstanceCPU": str(r.get("cpu", 4)), "DBInstanceMemory": r.get("memory", 8192),
                "MutriORsignle": False, "ReadOnlyDBInstanceIds": {"ReadOnlyDBInstanceId": []}, "Tips": "",
                "TipsLevel": 0, "MasterInstanceId": "", "GuardDBInstanceId": "", "TempDBInstanceId": "",
                "GeneralGroupName": "", "SwitchWeight": 100, "DBInstanceStorage": r.get("storage_gb", 200),
                "_policy": {"BackupRetentionPeriod": r.get("retention_days", 7),
                            "PreferredBackupPeriod": r.get("backup_period", "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday"),
                            "PreferredBackupTime": r.get("backup_time", "18:00Z-19:00Z"),
                            "EnableBackupLog": "1", "LogBackupRetentionPeriod": r.get("retention_days", 7),
                            "BackupMethod": "Physical", "BackupLog": "Enable", "LocalLogRetentionHours": 18,
                            "LocalLogRetentionSpace": "30", "HighSpaceUsageProtection": "Enable",
                            "LogBackupFrequency": "LogInterval", "CompressType": "4", "Category": "Standard",
                            "BackupInterval": "-1", "ArchiveBackupRetentionPeriod": "0", "ArchiveBackupKeepPolicy": "ByMonth",
                            "ArchiveBackupKeepCount": "1", "ReleasedKeepPolicy": "None", "SupportReleasedKeep": 0,
                            "SupportVolumeShadowCopy": 0, "LogBackupLocalRetentionNumber": 60,
                            "EnableIncrementDataBackup": False, "SupportModifyBackupPriority": False, "BackupPriority": 1},
                **self.owner(r)})
            backups = r.get("backups") or [{"age_h": _jitter(did, 3, 20) + 24 * k} for k in range(7)]
            for n, b in enumerate(backups):
                self.rds_backup(did, n, b)

    def rds_backup(self, did: str, n: int, b: dict):
        st = self.st
        rec = st.get("rds", did)
        start = self.ago(hours=b.get("age_h", 6))
        bid = str(100000000 + zlib.crc32(f"{did}/{n}".encode()) % 899999999)
        st.add("rds_backup", bid, {
            "BackupId": bid, "DBInstanceId": did, "BackupStatus": b.get("status", "Success"),
            "BackupStartTime": iso(start), "BackupEndTime": iso(start + b.get("minutes", 12) * 60),
            "BackupType": b.get("type", "FullBackup"), "BackupMode": b.get("mode", "Automated"),
            "BackupMethod": "Physical", "BackupSize": int(b.get("size", 2_167_808_000)) if b.get("status", "Success") == "Success" else 0,
            "IsAvail": 1 if b.get("status", "Success") == "Success" else 0, "BackupInitiator": "System",
            "BackupLocation": "", "BackupDownloadURL": "", "BackupIntranetDownloadURL": "", "HostInstanceID": "5882781",
            "StoreStatus": "Disabled", "MetaStatus": "OK", "ConsistentTime": int(start + 600), "Checksum": "",
            "CopyOnlyBackup": "0", "StorageClass": "0", "Encryption": "{}", "BackupDownloadLinkByDB": {"BackupDownloadLinkByDB": []},
            "BackupDBNames": "", "TotalBackupSize": 0, "BackupExtractionStatus": "", "BackupScale": "",
            "_start": start, "_org": rec["_org"], "ResourceGroupId": rec["ResourceGroupId"]})

    def slb(self):
        st = self.st
        for lb in self.spec.get("load_balancers") or []:
            lid = self.rid("slb", "lb-", lb["name"])
            sw = st.get("vswitch", self.ref("vswitch", lb["vswitch"]))
            created = self.ago(days=lb.get("age_days", 180))
            backends = []
            for b in lb.get("backends") or []:
                inst = st.get("instance", self.ref("instance", b["instance"]))
                backends.append({"ServerId": inst["InstanceId"], "Weight": b.get("weight", 100), "Type": "ecs",
                                 "Description": b.get("description", ""),
                                 "ServerIp": inst["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0],
                                 "_health": b.get("health", "normal")})
            st.add("slb", lid, {
                "LoadBalancerId": lid, "LoadBalancerName": lb["name"], "LoadBalancerStatus": "active",
                "Address": lb.get("address") or self.next_ip(sw["VSwitchId"], sw["CidrBlock"]), "AddressType": "intranet",
                "AddressIPVersion": "ipv4", "VpcId": sw["VpcId"], "VSwitchId": sw["VSwitchId"], "NetworkType": "vpc",
                "LoadBalancerSpec": lb.get("spec", "slb.s2.small"), "PayType": "PayOnDemand",
                "InternetChargeType": "paybytraffic", "InternetChargeTypeAlias": "paybytraffic",
                "InstanceChargeType": "PayBySpec", "CreateTime": iso(created), "CreateTimeStamp": int(created * 1000),
                "MasterZoneId": sw["ZoneId"], "SlaveZoneId": st.zones[-1]["ZoneId"], "RegionId": st.region_id,
                "RegionIdAlias": st.region_id, "DeleteProtection": "on", "ModificationProtectionStatus": "NonProtection",
                "ModificationProtectionReason": "", "Bandwidth": -1, "Tags": _tags(lb.get("tags")),
                "_listeners": [{"ListenerPort": li["port"], "ListenerProtocol": li.get("protocol", "http"),
                                "BackendServerPort": li.get("backend_port", li["port"]),
                                "Description": li.get("description", "")} for li in lb.get("listeners") or []],
                "_backends": backends, **self.owner(lb)})

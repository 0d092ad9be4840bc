"""Creates realistic records (real field names, bytes, dates) for worlds and the scale generator.

UUIDs are derived from the world name and the resource's kind and name, so a world gives the
same UUIDs on every start (inspection findings keep stable ids across runs).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import ipaddress
import json

from . import wire
from .state import State, parse_size

GiB = 1024 ** 3
TiB = 1024 ** 4

DEFAULT_GLOBAL_CONFIGS = [
    # category, name, value, description
    ("host", "cpu.overProvisioning.ratio", "10", "The default over provisioning ratio for host CPU"),
    ("mevoco", "overProvisioning.memory", "1", "The over provisioning ratio of host memory"),
    ("mevoco", "overProvisioning.primaryStorage", "1", "The over provisioning ratio of primary storage"),
    ("mevoco", "threshold.primaryStorage.physicalCapacity", "0.9", "The physical capacity threshold of primary storage"),
    ("ha", "enable", "true", "Enable or disable high availability of VMs"),
    ("kvm", "reservedMemory", "1G", "The memory reserved on every KVM host for the host OS"),
    ("identity", "session.timeout", "7200", "Session timeout in seconds"),
    ("identity", "session.maxConcurrent", "500", "Max concurrent sessions per account"),
    ("vm", "numa", "false", "Enable NUMA, allowing online change of VM CPU and memory"),
    ("vm", "dataVolume.deleteOnVmDestroy", "false", "Delete data volumes when the VM is destroyed"),
    ("primaryStorage", "reservedCapacity", "1G", "Capacity reserved on primary storage"),
    ("backupStorage", "reservedCapacity", "1G", "Capacity reserved on backup storage"),
    ("localStoragePrimaryStorage", "qcow2.allocation", "falloc", "qcow2 preallocation on local storage"),
    ("managementServer", "node.heartbeatInterval", "5", "Management node heartbeat interval in seconds"),
    ("rest", "completedApi.expiredPeriod", "10800", "Seconds a completed async API result is kept"),
    ("volumeSnapshot", "incrementalSnapshot.maxNum", "16", "Max incremental snapshots in a chain"),
]

PROVIDERS = {
    "vrouter": ("vrouter", ["IPsec", "VRouterRoute", "VipQos", "SNAT", "PortForwarding", "Eip", "DNS",
                            "LoadBalancer", "CentralizedDNS"]),
    "Flat": ("Flat Network Service Provider", ["DHCP", "Eip", "Userdata", "HostRoute", "DNS"]),
    "SecurityGroup": ("SecurityGroup", ["SecurityGroup"]),
}


class Builder:
    def __init__(self, state: State, world: str | None = None):
        self.st = state
        self.world = world or state.name
        self.now = wire.now()
        self._ip_cursor: dict[str, tuple] = {}
        self._taken_ips: dict[str, set] = {}
        self._range_cache: dict[str, list] = {}
        self._internal = 1000 + len(state.all("vm"))

    # ---- helpers ------------------------------------------------------------------------------
    def uid(self, kind: str, name: str) -> str:
        return hashlib.md5(f"{self.world}/{kind}/{name}".encode()).hexdigest()

    def ago(self, days=0.0, hours=0.0, minutes=0.0, seconds=0.0) -> _dt.datetime:
        return self.now - _dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)

    def _base(self, kind, name, created_days=200.0, last_op_hours=6.0, uuid=None):
        return {"uuid": uuid or self.uid(kind, name), "name": name,
                "createDate": self.ago(days=created_days), "lastOpDate": self.ago(hours=last_op_hours)}

    def tag(self, resource_uuid, resource_type, tag):
        ts = self.ago(days=30)
        uid = self.uid("systemtag", f"{resource_uuid}/{tag}")
        self.st.tables["systemtag"][uid] = {"uuid": uid, "resourceUuid": resource_uuid, "resourceType": resource_type,
                                            "tag": tag, "type": "System", "inherent": False,
                                            "createDate": ts, "lastOpDate": ts}

    def user_tag(self, resource_uuid, resource_type, tag):
        """A user tag (CreateUserTag, QueryUserTag, ``__userTag__`` conditions), e.g. ``env::prod``."""
        ts = self.ago(days=30)
        uid = self.uid("usertag", f"{resource_uuid}/{tag}")
        self.st.tables["usertag"][uid] = {"uuid": uid, "resourceUuid": resource_uuid, "resourceType": resource_type,
                                          "tag": tag, "type": "User", "createDate": ts, "lastOpDate": ts}

    # ---- platform -----------------------------------------------------------------------------
    def global_configs(self, overrides: dict | None = None):
        overrides = overrides or {}
        for cat, name, value, desc in DEFAULT_GLOBAL_CONFIGS:
            key = f"{cat}/{name}"
            self.st.tables["globalconfig"][key] = {
                "_key": key, "category": cat, "name": name, "value": str(overrides.get(key, value)),
                "defaultValue": value, "description": desc}
        for key, value in overrides.items():
            if key not in self.st.tables["globalconfig"]:
                cat, _sep, name = key.partition("/")
                self.st.tables["globalconfig"][key] = {"_key": key, "category": cat, "name": name,
                                                       "value": str(value), "defaultValue": str(value),
                                                       "description": ""}

    def resource_config(self, resource_uuid, resource_type, category, name, value):
        key = f"{resource_uuid}/{category}/{name}"
        self.st.tables["resourceconfig"][key] = {
            "_key": key, "uuid": self.uid("resourceconfig", key), "resourceUuid": resource_uuid,
            "resourceType": resource_type, "category": category, "name": name, "value": str(value),
            "createDate": self.ago(days=90), "lastOpDate": self.ago(days=90)}

    def account(self, name, password, admin):
        uuid = "36c27e8ff05c4780bf6d2fa65700f22e" if name == "admin" else self.uid("account", name)
        self.st.accounts.append({"uuid": uuid, "name": name, "password": password, "admin": admin})
        self.st.add("account", {"uuid": uuid, "name": name, "type": "SystemAdmin" if admin else "Normal",
                                "state": "Enabled", "createDate": self.ago(days=400), "lastOpDate": self.ago(days=30)})

    def management_node(self, host_name, heartbeat_age_s=2):
        uuid = self.uid("mn", host_name)
        self.st.add("mn", {"uuid": uuid, "hostName": host_name, "joinDate": self.ago(days=20),
                           "heartBeat": self.ago(seconds=heartbeat_age_s), "_heartbeat_age_s": heartbeat_age_s})
        return self.st.get("mn", uuid)

    def license(self, lic_type="Paid", expires_in_days=365, issued_days_ago=30, host_num=None, cpu_num=None,
                vm_num=None, user="ops@example.com", name=None, modules=None, addon=False):
        mns = self.st.all("mn")
        rec = {"uuid": self.uid("license", name or "platform"), "user": user, "licenseType": lic_type,
               "prodInfo": "ZStack Cloud", "hostNum": host_num, "cpuNum": cpu_num, "vmNum": vm_num,
               "managementNodeUuid": mns[0]["uuid"] if mns else None,
               "licenseRequest": "eyJwcml2YXRlS2V5IjoibGFiIn0=", "source": "Platform",
               "_expires_at": self.now + _dt.timedelta(days=expires_in_days),
               "_issued_at": self.now - _dt.timedelta(days=issued_days_ago)}
        if addon:
            rec["name"] = name
            rec["modules"] = modules or []
            rec["source"] = "AddOn"
            self.st.license_addons.append(rec)
        else:
            self.st.license = rec
        return rec

    # ---- compute ------------------------------------------------------------------------------
    def zone(self, name):
        rec = dict(self._base("zone", name, 400), description=None, state="Enabled", type="zstack", isDefault=True)
        return self.st.add("zone", rec)

    def cluster(self, name, zone):
        rec = dict(self._base("cluster", name, 390), description=None, zoneUuid=zone["uuid"], state="Enabled",
                   hypervisorType="KVM", type="zstack", architecture="x86_64")
        self.st.add("cluster", rec)
        return rec

    def host(self, name, cluster, ip, cpu_num=64, sockets=2, memory="512G", status="Connected", state="Enabled",
             util=None, unreachable=False):
        rec = dict(self._base("host", name, 380, 2), description=None, zoneUuid=cluster["zoneUuid"],
                   clusterUuid=cluster["uuid"], managementIp=ip, hypervisorType="KVM", state=state, status=status,
                   totalCpuCapacity=0, availableCpuCapacity=0, cpuSockets=sockets, cpuNum=cpu_num,
                   totalMemoryCapacity=parse_size(memory), availableMemoryCapacity=0, architecture="x86_64",
                   username="root", sshPort=22, osDistribution="centos", osRelease="Core", osVersion="7.9.2009",
                   cpuStatus="Normal", memoryStatus="Normal", diskStatus="Normal", nicStatus="Normal",
                   gpuStatus="Normal", powerSupplyStatus="Normal", fanStatus="Normal", raidStatus="Normal",
                   temperatureStatus="Normal", ipmiPowerStatus="PowerOn",
                   _util=util or {"cpu": 30.0, "mem": 45.0, "disk": 35.0})
        if unreachable:
            rec["_unreachable"] = True
        self.st.add("host", rec)
        return rec

    def offering(self, name, cpu, memory):
        rec = dict(self._base("offering", name, 390), description=None, cpuNum=cpu, cpuSpeed=0,
                   memorySize=parse_size(memory), reservedMemorySize=0, type="UserVm",
                   allocatorStrategy="LeastVmPreferredHostAllocatorStrategy", sortKey=0, state="Enabled")
        return self.st.add("offering", rec)

    def disk_offering(self, name, size):
        rec = dict(self._base("diskoffering", name, 390), description=None, diskSize=parse_size(size),
                   sortKey=0, state="Enabled", type="zstack", allocatorStrategy="DefaultPrimaryStorageAllocationStrategy")
        return self.st.add("diskoffering", rec)

    def image(self, name, platform="Linux", guest="CentOS 7", size="40G", media="RootVolumeTemplate", system=False):
        rec = dict(self._base("image", name, 390), description=None, state="Enabled", status="Ready",
                   size=parse_size(size), actualSize=parse_size(size) // 4, md5Sum="not calculated",
                   url=f"http://images.lab.invalid/{name}.qcow2", mediaType=media, guestOsType=guest,
                   type="zstack", platform=platform, architecture="x86_64", format="qcow2", system=system,
                   virtio=True)
        return self.st.add("image", rec)

    # ---- storage ------------------------------------------------------------------------------
    def primary_storage(self, name, ps_type, zone, clusters, total="20T", used_pct=40.0, used_physical_pct=None,
                        url=None, status="Connected", state="Enabled", pools=None):
        total_b = parse_size(total)
        upp = used_pct if used_physical_pct is None else used_physical_pct
        rec = dict(self._base("ps", name, 380, 1), description=None, zoneUuid=zone["uuid"],
                   url=url or {"LocalStorage": "/zstack_ps", "Ceph": "ceph://pool", "SharedBlock": "sharedblock://"}.get(ps_type, "/ps"),
                   type=ps_type, state=state, status=status, totalCapacity=total_b,
                   availableCapacity=int(total_b * (1 - used_pct / 100.0)), totalPhysicalCapacity=total_b,
                   availablePhysicalCapacity=int(total_b * (1 - upp / 100.0)),
                   systemUsedCapacity=int(total_b * 0.01), mountPath=url if ps_type == "LocalStorage" else None,
                   attachedClusterUuids=[c["uuid"] for c in clusters])
        if ps_type == "Ceph":
            rec["fsid"] = self.uid("fsid", name)[:8] + "-ceph"
            rec["mons"] = [{"monUuid": self.uid("mon", f"{name}/{i}"), "hostname": f"172.20.9.{10 + i}",
                            "monPort": 6789, "status": "Connected", "primaryStorageUuid": rec["uuid"],
                            "monAddr": f"172.20.9.{10 + i}", "sshUsername": "root", "sshPort": 22} for i in range(3)]
            used = total_b - rec["availablePhysicalCapacity"]
            rec["pools"] = pools or [{"uuid": self.uid("pool", name), "primaryStorageUuid": rec["uuid"],
                                      "poolName": "pri-v-r-" + rec["uuid"][:8], "type": "Root",
                                      "availableCapacity": rec["availablePhysicalCapacity"] // 3,
                                      "usedCapacity": used // 3, "totalCapacity": total_b // 3,
                                      "replicatedSize": 3, "diskUtilization": 0.33,
                                      "createDate": rec["createDate"], "lastOpDate": rec["lastOpDate"]}]
        self.st.add("ps", rec)
        if ps_type != "LocalStorage":
            self.tag(rec["uuid"], "PrimaryStorageVO", "primaryStorage::gateway::cidr::172.20.9.0/24")
        return rec

    def backup_storage(self, name, zones, total="50T", used_pct=35.0, hostname="172.20.8.10",
                       bs_type="ImageStoreBackupStorage", status="Connected", state="Enabled"):
        total_b = parse_size(total)
        rec = dict(self._base("bs", name, 380, 1), description=None, url="/zstack_bs", type=bs_type,
                   state=state, status=status, totalCapacity=total_b,
                   availableCapacity=int(total_b * (1 - used_pct / 100.0)),
                   attachedZoneUuids=[z["uuid"] for z in zones], hostname=hostname, username="root", sshPort=22)
        self.st.add("bs", rec)
        self.tag(rec["uuid"], "BackupStorageVO", "allowbackup")
        return rec

    def volume(self, name, vtype, ps, size, vm=None, device_id=None, actual_pct=45.0, image=None, uuid=None,
               created_days=150.0):
        size_b = parse_size(size)
        rec = dict(self._base("volume", name, created_days, 12, uuid=uuid), description=None,
                   primaryStorageUuid=ps["uuid"], vmInstanceUuid=vm["uuid"] if vm else None,
                   diskOfferingUuid=None, rootImageUuid=image["uuid"] if image and vtype == "Root" else None,
                   type=vtype, format="qcow2", size=size_b, actualSize=int(size_b * actual_pct / 100.0),
                   deviceId=device_id, state="Enabled", status="Ready", isShareable=False)
        uid = rec["uuid"]
        rec["installPath"] = (f"{ps['url']}/{'rootVolumes' if vtype == 'Root' else 'dataVolumes'}/acct-36c27e8f/"
                              f"vol-{uid}/{uid}.qcow2") if ps["type"] != "Ceph" else f"ceph://pri-v-r-{ps['uuid'][:8]}/{uid}"
        if vm:
            rec["lastAttachDate"] = vm["createDate"]
        self.st.tables["volume"][uid] = rec
        return rec

    def snapshot(self, volume, name, age_days, parent=None, latest=True):
        uid = self.uid("snapshot", f"{volume['uuid']}/{name}")
        ts = self.ago(days=age_days)
        ps = self.st.get("ps", volume["primaryStorageUuid"])
        rec = {"uuid": uid, "name": name, "description": None,
               "type": "Storage" if ps and ps["type"] == "Ceph" else "Hypervisor",
               "volumeUuid": volume["uuid"], "treeUuid": parent["treeUuid"] if parent else self.uid("tree", volume["uuid"]),
               "parentUuid": parent["uuid"] if parent else None, "primaryStorageUuid": volume["primaryStorageUuid"],
               "primaryStorageInstallPath": f"{volume['installPath']}@{uid}", "volumeType": volume["type"],
               "format": volume["format"], "latest": latest, "size": max(volume["actualSize"] // 20, 1048576),
               "state": "Enabled", "status": "Ready", "distance": (parent or {}).get("distance", 0) + 1,
               "createDate": ts, "lastOpDate": ts}
        if parent:
            parent["latest"] = False
        self.st.tables["snapshot"][uid] = rec
        return rec

    def volume_backup(self, volume, bs, name, age_days, vm=None, corrupt=False, group_uuid=None):
        uid = self.uid("backup", f"{volume['uuid']}/{name}")
        ts = self.ago(days=age_days)
        rec = {"uuid": uid, "name": name, "description": None, "volumeUuid": volume["uuid"], "type": volume["type"],
               "state": "Enabled", "status": "Ready", "size": volume["actualSize"],
               "metadata": json.dumps({"volume": {"uuid": volume["uuid"], "size": volume["size"],
                                                  "format": volume["format"]}}, separators=(",", ":")),
               "groupUuid": group_uuid, "mode": "full", "vmInstanceUuid": vm["uuid"] if vm else volume.get("vmInstanceUuid"),
               "backupStorageRefs": [{"volumeBackupUuid": uid, "backupStorageUuid": bs["uuid"],
                                      "installPath": f"zstore://{bs['uuid']}/volume-backup/{uid}", "status": "Ready",
                                      "createDate": ts, "lastOpDate": ts}],
               "createDate": ts, "lastOpDate": ts}
        if corrupt:
            rec["_corrupt"] = True      # lab-internal: its restore reads back a different content marker
        self.st.tables["backup"][uid] = rec
        return rec

    # ---- network ------------------------------------------------------------------------------
    def provider(self, ptype, zones, l2s=()):
        name, services = PROVIDERS[ptype]
        rec = dict(self._base("provider", ptype, 400), description=None, type=ptype, name=name,
                   networkServiceTypes=list(services), attachedZoneUuids=[z["uuid"] for z in zones],
                   attachedL2NetworkUuids=[l["uuid"] for l in l2s])
        return self.st.add("provider", rec)

    def l2(self, name, zone, clusters, l2_type="L2VlanNetwork", vlan=None, interface="bond0"):
        rec = dict(self._base("l2", name, 380), description=None, zoneUuid=zone["uuid"],
                   physicalInterface=interface, type=l2_type, vSwitchType="LinuxBridge",
                   attachedClusterUuids=[c["uuid"] for c in clusters])
        if vlan is not None:
            rec["vlan"] = vlan
        return self.st.add("l2", rec)

    def l3(self, name, l2, l3_type="L3BasicNetwork", category="Private", ranges=(), dns=("223.5.5.5",),
           services=(), system=False):
        rec = dict(self._base("l3", name, 370), description=None, type=l3_type, zoneUuid=l2["zoneUuid"],
                   l2NetworkUuid=l2["uuid"], state="Enabled", system=system, category=category, ipVersion=4,
                   enableIPAM=True, dnsDomain=None, dns=list(dns), _services=[])
        self.st.add("l3", rec)
        for ptype, types in services:
            prov = next(p for p in self.st.all("provider") if p["type"] == ptype)
            for t in types:
                rec["_services"].append({"providerUuid": prov["uuid"], "type": t})
        for i, r in enumerate(ranges):
            self.ip_range(rec, f"{name}-range-{i + 1}", r["start"], r["end"], r.get("netmask", "255.255.255.0"),
                          r.get("gateway"))
        return rec

    def ip_range(self, l3, name, start, end, netmask, gateway):
        net = ipaddress.IPv4Network(f"{start}/{netmask}", strict=False)
        rec = dict(self._base("iprange", f"{l3['uuid']}/{name}", 370), l3NetworkUuid=l3["uuid"], description=None,
                   startIp=start, endIp=end, netmask=netmask, gateway=gateway, networkCidr=str(net), ipVersion=4,
                   prefixLen=net.prefixlen, ipRangeType="Normal")
        rec["name"] = name
        return self.st.add("iprange", rec)

    def _taken(self, l3):
        t = self._taken_ips.get(l3["uuid"])
        if t is None:
            from .resources.network import used_ips
            t = {u["ip"] for u in used_ips(self.st, l3["uuid"])}
            self._taken_ips[l3["uuid"]] = t
        return t

    def _ranges(self, l3):
        rs = self._range_cache.get(l3["uuid"])
        if rs is None:
            rs = [(r, int(ipaddress.IPv4Address(r["startIp"])), int(ipaddress.IPv4Address(r["endIp"])))
                  for r in self.st.by("iprange", "l3NetworkUuid", l3["uuid"])]
            self._range_cache[l3["uuid"]] = rs
        return rs

    def next_ip(self, l3):
        """Fast sequential allocation (skips gateways and used IPs); O(1) amortised for generated worlds."""
        taken = self._taken(l3)
        ranges = self._ranges(l3)
        ri, nxt = self._ip_cursor.get(l3["uuid"]) or (0, ranges[0][1])
        while ri < len(ranges):
            r, _lo, hi = ranges[ri]
            while nxt <= hi:
                ip = _int_to_ip(nxt)
                nxt += 1
                if ip != r.get("gateway") and ip not in taken:
                    self._ip_cursor[l3["uuid"]] = (ri, nxt)
                    taken.add(ip)
                    return ip, r
            ri += 1
            if ri < len(ranges):
                nxt = ranges[ri][1]
        raise ValueError(f"L3 network {l3['name']} is out of IP addresses")

    def nic(self, vm, l3, device_id, ip=None):
        if ip is None:
            ip, rng = self.next_ip(l3)
        else:
            self._taken(l3).add(ip)
            n = int(ipaddress.IPv4Address(ip))
            rng = next(r for r, lo, hi in self._ranges(l3) if r.get("gateway") == ip or lo <= n <= hi)
        uid = self.uid("nic", f"{vm['uuid']}/{device_id}")
        h = bytes.fromhex(uid[:10])
        rec = {"uuid": uid, "vmInstanceUuid": vm["uuid"], "l3NetworkUuid": l3["uuid"], "ip": ip,
               "mac": "fa:%02x:%02x:%02x:%02x:%02x" % tuple(h), "netmask": rng["netmask"],
               "gateway": rng.get("gateway"), "ipVersion": 4, "driverType": "virtio", "deviceId": device_id,
               "internalName": f"vnic{vm['internalId']}.{device_id}", "type": "VNIC", "state": "enable",
               "hypervisorType": "KVM", "usedIpUuid": self.uid("usedip", uid), "_ipRangeUuid": rng["uuid"],
               "createDate": vm["createDate"], "lastOpDate": vm["createDate"]}
        self.st.tables["nic"][uid] = rec
        return rec

    def vm(self, name, host, offering, l3s, image, root_ps, state="Running", data_volumes=(), util=None,
           ha=True, created_days=120.0, last_op_hours=20.0, platform="Linux", ips=None, uuid=None,
           root_size="40G", description=None):
        self._internal += 1
        uid = uuid or self.uid("vm", name)
        running = state not in ("Stopped", "Destroyed", "Created")
        rec = {"uuid": uid, "name": name, "description": description, "zoneUuid": host["zoneUuid"],
               "clusterUuid": host["clusterUuid"], "hostUuid": host["uuid"] if running else None,
               "lastHostUuid": host["uuid"], "instanceOfferingUuid": offering["uuid"] if offering else None,
               "imageUuid": image["uuid"], "rootVolumeUuid": None,
               "defaultL3NetworkUuid": l3s[0]["uuid"] if l3s else None, "type": "UserVm", "hypervisorType": "KVM",
               "platform": platform, "architecture": "x86_64", "guestOsType": image.get("guestOsType"),
               "state": state, "cpuNum": offering["cpuNum"], "cpuSpeed": 0, "memorySize": offering["memorySize"],
               "reservedMemorySize": 0, "internalId": self._internal,
               "allocatorStrategy": "LeastVmPreferredHostAllocatorStrategy",
               "createDate": self.ago(days=created_days), "lastOpDate": self.ago(hours=last_op_hours),
               "_cdromUuid": self.uid("cdrom", uid), "_util": util or {"cpu": 20.0, "mem": 40.0}}
        self.st.tables["vm"][uid] = rec
        root = self.volume(f"ROOT-for-{name}", "Root", root_ps, root_size, vm=rec, device_id=0, image=image,
                           uuid=self.uid("volume", f"{uid}/root"), created_days=created_days)
        rec["rootVolumeUuid"] = root["uuid"]
        for i, size in enumerate(data_volumes):
            self.volume(f"DATA-{name}-{i + 1}", "Data", root_ps, size, vm=rec, device_id=i + 1,
                        uuid=self.uid("volume", f"{uid}/data{i + 1}"), created_days=created_days)
        for i, l3 in enumerate(l3s):
            self.nic(rec, l3, i, ip=(ips or {}).get(i))
        if ha:
            self.tag(uid, "VmInstanceVO", "ha::NeverStop")
        self.st.touch()
        return rec

    def vpc_router(self, name, host, vr_offering, status="Connected", l3s=(), uuid=None, description=None,
                   unreachable=False, util=None, public_l3s=()):
        """A VPC router with NICs on its management and public network (an allocated IP each), the
        gateway IP of every VPC L3 in ``l3s``, then an allocated IP on each additional public network."""
        st = self.st
        image = st.get("image", vr_offering["imageUuid"]) or {"uuid": vr_offering["imageUuid"], "guestOsType": "Linux"}
        offering = {"uuid": vr_offering["uuid"], "cpuNum": vr_offering["cpuNum"], "memorySize": vr_offering["memorySize"]}
        ps = next((p for p in st.all("ps") if host["clusterUuid"] in (p.get("attachedClusterUuids") or [])), None)
        mgmt = st.get("l3", vr_offering["managementNetworkUuid"])
        public = st.get("l3", vr_offering["publicNetworkUuid"])
        vr = self.vm(name, host, offering, [], image, ps, ha=False, uuid=uuid or self.uid("vr", name),
                     util=util or {"cpu": 6.0, "mem": 28.0}, description=description, root_size="8G")
        vr.update({"type": "ApplianceVm", "applianceVmType": "vpcvrouter", "platform": "Linux",
                   "managementNetworkUuid": mgmt["uuid"], "defaultRouteL3NetworkUuid": public["uuid"],
                   "publicNetworkUuid": public["uuid"], "status": status, "agentPort": 7272, "haStatus": "NoHa",
                   "virtualRouterVips": [], "dns": [], "defaultL3NetworkUuid": public["uuid"]})
        if unreachable:
            vr["_unreachable"] = True
        dev = 0
        for l3 in ([mgmt] if mgmt["uuid"] == public["uuid"] else [mgmt, public]):
            self.nic(vr, l3, dev)
            dev += 1
        for l3 in l3s:
            gw = st.by("iprange", "l3NetworkUuid", l3["uuid"])[0]["gateway"]
            self.nic(vr, l3, dev, ip=gw)
            dev += 1
        for l3 in public_l3s:
            self.nic(vr, l3, dev)
            dev += 1
        st.touch()
        st.recompute_host(host)
        return vr

    def vr_offering(self, name, zone, mgmt_l3, public_l3, image, cpu=2, memory="2G", default=True):
        rec = dict(self._base("vroffering", name, 370), description=None, cpuNum=cpu, cpuSpeed=0,
                   memorySize=parse_size(memory), reservedMemorySize=0, type="VirtualRouter", state="Enabled",
                   allocatorStrategy="LeastVmPreferredHostAllocatorStrategy", sortKey=0, zoneUuid=zone["uuid"],
                   managementNetworkUuid=mgmt_l3["uuid"], publicNetworkUuid=public_l3["uuid"],
                   imageUuid=image["uuid"], isDefault=default)
        return self.st.add("vroffering", rec)

    def vip(self, name, l3, ip=None):
        if ip is None:
            ip, rng = self.next_ip(l3)
        else:
            self._taken(l3).add(ip)
            rng = self.st.by("iprange", "l3NetworkUuid", l3["uuid"])[0]
        rec = dict(self._base("vip", name, 100), description=None, l3NetworkUuid=l3["uuid"], ip=ip,
                   state="Enabled", gateway=rng.get("gateway"), netmask=rng["netmask"], prefixLen=rng.get("prefixLen"),
                   ipRangeUuid=rng["uuid"], usedIpUuid=self.uid("usedip", f"vip/{name}"), serviceProvider="vrouter",
                   peerL3NetworkUuids=[], system=False)
        self.st.tables["vip"][rec["uuid"]] = rec
        return rec

    def eip(self, name, vip, nic=None):
        rec = dict(self._base("eip", name, 100), description=None, vmNicUuid=nic["uuid"] if nic else None,
                   vipUuid=vip["uuid"], state="Enabled", vipIp=vip["ip"], guestIp=nic["ip"] if nic else None)
        self.st.tables["eip"][rec["uuid"]] = rec
        return rec

    def security_group(self, name, rules=(), l3s=(), nics=()):
        rec = dict(self._base("sg", name, 300), description=None, state="Enabled", ipVersion=4,
                   attachedL3NetworkUuids=[l["uuid"] for l in l3s], _vmNicUuids=[n["uuid"] for n in nics])
        self.st.tables["sg"][rec["uuid"]] = rec
        for i, r in enumerate(rules):
            from .resources.network import new_rule
            rule = new_rule(self.st, rec["uuid"], r, i + 1)
            rule["createDate"] = rule["lastOpDate"] = rec["createDate"]
        for n in nics:
            uid = self.uid("sgnic", f"{rec['uuid']}/{n['uuid']}")
            self.st.tables["sgnic"][uid] = {"uuid": uid, "vmNicUuid": n["uuid"], "securityGroupUuid": rec["uuid"],
                                            "vmInstanceUuid": n["vmInstanceUuid"], "priority": 1,
                                            "createDate": rec["createDate"], "lastOpDate": rec["createDate"]}
        self.st.touch()
        return rec

    # ---- scheduler and zwatch --------------------------------------------------------------------
    def trigger(self, name, cron=None, interval=None):
        rec = dict(self._base("schedtrigger", name, 200), description=None,
                   schedulerType="cron" if cron else "simple", cron=cron, schedulerInterval=interval,
                   repeatCount=None, startTime=self.ago(days=200), stopTime=None, jobsUuid=[], jobGroupsUuid=[])
        return self.st.add("schedtrigger", rec)

    def scheduler_job(self, name, job_type, target_uuid, trigger, state="Enabled", params=None):
        from .resources.platform import JOB_CLASSES
        mns = self.st.all("mn")
        rec = dict(self._base("schedjob", name, 200), description=None, targetResourceUuid=target_uuid,
                   state=state, jobClassName=JOB_CLASSES[job_type], jobType=job_type,
                   jobData=json.dumps(dict(params or {}, targetResourceUuid=target_uuid, name=name), separators=(",", ":")),
                   triggersUuid=[trigger["uuid"]] if trigger else [], schedulerJobGroupUuids=[],
                   managementNodeUuid=mns[0]["uuid"] if mns else None)
        if trigger:
            trigger["jobsUuid"].append(rec["uuid"])
        return self.st.add("schedjob", rec)

    def alarm(self, name, namespace, metric, threshold, op="GreaterThanOrEqualTo", status="OK", level="Important",
              labels=(), period=300, state="Enabled"):
        rec = dict(self._base("alarm", name, 180), description=None, comparisonOperator=op, period=period,
                   namespace=namespace, metricName=metric, threshold=float(threshold), repeatInterval=1800,
                   repeatCount=-1, enableRecovery=True, emergencyLevel=level, state=state, status=status,
                   labels=[{"uuid": self.uid("alarmlabel", f"{name}/{k}"), "alarmUuid": self.uid("alarm", name),
                            "key": k, "operator": "Equal", "value": v} for k, v in labels],
                   actions=[{"alarmUuid": self.uid("alarm", name), "actionType": "sns",
                             "actionUuid": self.uid("sns", "ops-email")}])
        return self.st.add("alarm", rec)

    def alarm_history(self, alarm, resource_uuid, resource_type, value, age_minutes, read=True, status="Alarm"):
        data_uuid = self.uid("alarmdata", f"{alarm['uuid']}/{resource_uuid}/{age_minutes}")
        t = int((self.now - _dt.timedelta(minutes=age_minutes)).timestamp() * 1000)
        label_txt = ", ".join(f"{lb['key']} Equal {lb['value']}" for lb in alarm.get("labels") or [])
        rec = {"_key": data_uuid, "dataUuid": data_uuid, "alarmUuid": alarm["uuid"], "namespace": alarm["namespace"],
               "metricName": alarm["metricName"], "resourceUuid": resource_uuid, "resourceType": resource_type,
               "alarmStatus": status, "alarmName": alarm["name"], "threshold": alarm["threshold"],
               "labels": label_txt, "metricValue": float(value), "comparisonOperator": alarm["comparisonOperator"],
               "emergencyLevel": alarm["emergencyLevel"], "readStatus": "Read" if read else "Unread",
               "accountUuid": "36c27e8ff05c4780bf6d2fa65700f22e", "time": t}
        self.st.tables["alarmhistory"][data_uuid] = rec
        return rec

    def event_subscription(self, name, namespace, event, level="Important"):
        rec = dict(self._base("eventsub", name, 180), description=None, namespace=namespace, eventName=event,
                   state="Enabled", emergencyLevel=level, labels=[],
                   actions=[{"subscriptionUuid": self.uid("eventsub", name), "actionType": "sns",
                             "actionUuid": self.uid("sns", "ops-email")}])
        return self.st.add("eventsub", rec)

    def event(self, namespace, name, resource, level, age_minutes, read=True, error=None):
        data_uuid = self.uid("event", f"{namespace}/{name}/{resource['uuid']}/{age_minutes}")
        rec = {"_key": data_uuid, "dataUuid": data_uuid, "namespace": namespace, "name": name,
               "labels": {"ResourceUuid": resource["uuid"]}, "emergencyLevel": level, "resourceId": resource["uuid"],
               "resourceName": resource.get("name"), "error": error, "readStatus": "Read" if read else "Unread",
               "accountUuid": "36c27e8ff05c4780bf6d2fa65700f22e",
               "time": int((self.now - _dt.timedelta(minutes=age_minutes)).timestamp() * 1000)}
        self.st.tables["event"][data_uuid] = rec
        return rec

    def finish(self):
        self.st.touch()
        self.st.recompute_hosts()


def _int_to_ip(v: int) -> str:
    return f"{(v >> 24) & 255}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}"

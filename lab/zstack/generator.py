"""Scale world generator: hosts / VMs / volumes knobs, everything else proportional.

Healthy-ish with a realistic, deterministic sprinkle of problems (seeded): a few disconnected
hosts, stopped/paused VMs, VMs without HA, unattached volumes, failed backups, two full primary
storages, a disconnected router, firing alarms.
"""
from __future__ import annotations

import random
import time

from .builder import Builder
from .state import State


def generate(name: str, spec: dict, hosts: int = 500, vms: int = 10000, volumes: int = 20000,
             seed: int = 2026, **_ignored) -> State:
    t0 = time.monotonic()
    hosts, vms, volumes = int(hosts), int(vms), int(volumes)
    rnd = random.Random(seed)
    st = State(name)
    b = Builder(st, name)
    b.global_configs(spec.get("global_configs"))
    for a in spec.get("accounts") or [{"name": "admin", "password": "LabAdmin#2026", "admin": True},
                                      {"name": "auditor", "password": "LabAudit#2026", "admin": False}]:
        b.account(a["name"], a["password"], bool(a.get("admin")))
    st.version_string = str(spec.get("version", "4.8.10"))
    b.management_node("172.16.0.5", 2)
    b.management_node("172.16.0.6", 3)
    b.license("Paid", 120, 245, host_num=hosts + 100, cpu_num=(hosts + 100) * 2)
    b.license("AddOn", 300, 65, name="Backup Service", modules=["backup"], addon=True)

    n_zones = max(1, hosts // 250)
    zones = [b.zone(f"ZONE-{i + 1:02d}") for i in range(n_zones)]
    n_clusters = max(1, hosts // 20)
    clusters = [b.cluster(f"CLU-{i + 1:03d}", zones[i % n_zones]) for i in range(n_clusters)]
    offerings = [b.offering("c2m4", 2, "4G"), b.offering("c4m8", 4, "8G"), b.offering("c8m16", 8, "16G"),
                 b.offering("c8m32", 8, "32G")]
    images = [b.image("CentOS-7.9-x86_64"), b.image("Ubuntu-22.04", guest="Ubuntu 22.04"),
              b.image("Windows-2019-DC", "Windows", "Windows 2019", "60G")]
    vr_image = b.image("VRouter-4.8", guest="Linux", size="8G", system=True)

    host_list = []
    for i in range(hosts):
        c = clusters[i % n_clusters]
        ip = f"10.{100 + i // 62500}.{(i // 250) % 250}.{i % 250 + 1}"
        host_list.append(b.host(f"kvm-{i + 1:04d}", c, ip, 96, 2, "768G",
                                util={"cpu": round(rnd.uniform(15, 65), 1), "mem": round(rnd.uniform(30, 70), 1),
                                      "disk": round(rnd.uniform(20, 60), 1)}))
    bad_hosts = set(rnd.sample(range(hosts), max(1, hosts // 100)))
    for i in bad_hosts:
        host_list[i]["status"] = "Disconnected"
        host_list[i]["_unreachable"] = True
    good_hosts = [h for i, h in enumerate(host_list) if i not in bad_hosts]

    ps_by_cluster = {}
    for i, c in enumerate(clusters):
        local = i % 2 == 0
        used = rnd.uniform(30, 60)
        ps = b.primary_storage(f"PS-{'LOCAL' if local else 'CEPH'}-{i + 1:03d}", "LocalStorage" if local else "Ceph",
                               next(z for z in zones if z["uuid"] == c["zoneUuid"]),
                               [c], "40T" if local else "120T", round(used + 5, 1), round(used, 1))
        ps_by_cluster[c["uuid"]] = ps
    for ps in list(ps_by_cluster.values())[:2]:
        ps["availablePhysicalCapacity"] = int(ps["totalPhysicalCapacity"] * 0.06)
        ps["availableCapacity"] = int(ps["totalCapacity"] * 0.08)
    bss = [b.backup_storage(f"BS-IMAGESTORE-{i + 1:02d}", zones, "200T", round(rnd.uniform(20, 55), 1),
                            f"10.200.8.{10 + i}") for i in range(max(2, hosts // 100))]

    for ptype in ("vrouter", "Flat", "SecurityGroup"):
        b.provider(ptype, zones)
    n_eips = vms // 10
    n_routers = max(2, vms // 1000)
    public_l2 = b.l2("L2-PUBLIC", zones[0], clusters, vlan=100)
    size = n_eips + n_routers + 64
    public = b.l3("L3-PUBLIC", public_l2, category="Public",
                  ranges=[{"start": "100.64.0.10", "end": _ip_add("100.64.0.10", size - 1), "netmask": "255.192.0.0",
                           "gateway": "100.64.0.1"}])
    vr_off = b.vr_offering("VR-OFFERING-2C2G", zones[0], public, public, vr_image)
    vr_services = [("vrouter", ["SNAT", "Eip", "DNS", "PortForwarding", "LoadBalancer", "IPsec"]),
                   ("Flat", ["DHCP", "Userdata"]), ("SecurityGroup", ["SecurityGroup"])]
    n_vpc = max(2, vms // 600)
    vpcs = []
    for i in range(n_vpc):
        l2 = b.l2(f"L2-VPC-{i + 1:03d}", zones[0], clusters, vlan=1000 + i)
        base = f"172.{16 + i // 64}.{(i % 64) * 4}.0"
        vpcs.append(b.l3(f"VPC-{i + 1:03d}", l2, "L3VpcNetwork", "Private",
                         [{"start": _ip_add(base, 2), "end": _ip_add(base, 1022), "netmask": "255.255.252.0",
                           "gateway": _ip_add(base, 1)}], services=vr_services))
    routers = []
    for i in range(n_routers):
        attach = vpcs[i::n_routers]
        routers.append(b.vpc_router(f"vpc-router-{i + 1:03d}", good_hosts[i % len(good_hosts)], vr_off,
                                    "Disconnected" if i == n_routers - 1 else "Connected", attach,
                                    unreachable=i == n_routers - 1))

    data_total = max(volumes - vms, 0)
    data_per_vm = [0] * vms
    attached_data = int(data_total * 0.99)
    for k in range(attached_data):
        data_per_vm[k % vms] += 1
    vm_list = []
    for i in range(vms):
        h = good_hosts[i % len(good_hosts)]
        roll = rnd.random()
        state = "Stopped" if roll < 0.02 else "Paused" if roll < 0.025 else "Running"
        off = offerings[i % len(offerings)]
        vm = b.vm(f"vm-{i + 1:05d}", h, off, [vpcs[i % n_vpc]], images[i % 3], ps_by_cluster[h["clusterUuid"]],
                  state=state, data_volumes=["100G"] * data_per_vm[i],
                  util={"cpu": round(rnd.uniform(5, 70), 1), "mem": round(rnd.uniform(20, 75), 1)},
                  ha=rnd.random() > 0.03, created_days=rnd.uniform(10, 700), last_op_hours=rnd.uniform(1, 24 * 60))
        vm_list.append(vm)
    for k in range(data_total - attached_data):
        ps = ps_by_cluster[clusters[k % n_clusters]["uuid"]]
        b.volume(f"orphan-data-{k + 1:04d}", "Data", ps, "200G")

    nics_by_vm = {n["vmInstanceUuid"]: n for n in st.all("nic")}
    for i in range(n_eips):
        vm = vm_list[(i * 7) % vms]
        vip = b.vip(f"vip-{vm['name']}", public)
        b.eip(f"eip-{vm['name']}", vip, nics_by_vm[vm["uuid"]] if i % 50 else None)

    for i in range(max(4, vms // 500)):
        members = [nics_by_vm[v["uuid"]] for v in vm_list[i::max(4, vms // 500)][:50]]
        rules = [{"type": "Ingress", "protocol": "TCP", "dstPortRange": "443", "allowedCidr": "0.0.0.0/0"},
                 {"type": "Ingress", "protocol": "TCP", "dstPortRange": "22",
                  "allowedCidr": "0.0.0.0/0" if i == 0 else "10.0.0.0/8"},
                 {"type": "Egress", "protocol": "ALL", "allowedCidr": "0.0.0.0/0"}]
        b.security_group(f"sg-{i + 1:03d}", rules, [vpcs[i % n_vpc]], members)

    for i in range(vms // 5):
        vm = vm_list[(i * 3) % vms]
        vol = st.get("volume", vm["rootVolumeUuid"])
        parent = None
        for k in range(12 if i == 0 else 1 + i % 3):
            parent = b.snapshot(vol, f"snap-{k + 1}", 1 + k * 2, parent)
    trig = b.trigger("daily-0100", cron="0 0 1 * * ?")
    from .resources.platform import add_history
    for i in range(max(5, vms // 50)):
        vm = vm_list[(i * 11) % vms]
        vol = st.get("volume", vm["rootVolumeUuid"])
        bs = bss[i % len(bss)]
        for k in range(2):
            b.volume_backup(vol, bs, f"{vm['name']}-root-backup-{k + 1}", 0.3 + k)
        job = b.scheduler_job(f"backup-{vm['name']}-root", "volumeBackup", vol["uuid"], trig,
                              params={"backupStorageUuid": bs["uuid"]})
        failed_last = rnd.random() < 0.05
        for k in range(2, -1, -1):
            add_history(st, job, trig["uuid"], not (k == 0 and failed_last), b.ago(hours=5 + 24 * k), 900)

    b.alarm("host-cpu-high", "ZStack/Host", "CPUAverageUsedUtilization", 80)
    b.alarm("host-mem-high", "ZStack/Host", "MemoryUsedInPercent", 80)
    ps_alarm = b.alarm("ps-usage-high", "ZStack/PrimaryStorage", "UsedPhysicalCapacityInPercent", 85,
                       status="Alarm", level="Emergent")
    for ps in list(ps_by_cluster.values())[:2]:
        b.alarm_history(ps_alarm, ps["uuid"], "PrimaryStorageVO", 94.0, 30, read=False)
    b.alarm("bs-usage-high", "ZStack/BackupStorage", "UsedCapacityInPercent", 80)
    b.alarm("vm-cpu-high", "ZStack/VM", "CPUAverageUsedUtilization", 90)
    b.finish()
    st.meta["generated_in_s"] = round(time.monotonic() - t0, 2)
    return st


def _ip_add(ip: str, n: int) -> str:
    a, b_, c, d = (int(x) for x in ip.split("."))
    v = ((a << 24) | (b_ << 16) | (c << 8) | d) + n
    return ".".join(str((v >> s) & 255) for s in (24, 16, 8, 0))

"""Load a world: a YAML description (lab/worlds/<name>.yml) or the scale generator."""
from __future__ import annotations

import os
import re

from ..common import worldspec
from .builder import Builder
from .state import State

WORLDS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "worlds")


def world_path(world: str) -> str:
    if os.path.sep in world or world.endswith((".yml", ".yaml")):
        return world
    return os.path.join(WORLDS_DIR, f"{world}.yml")


def load(world: str = "demo", scale: dict | None = None) -> State:
    spec = worldspec.read(world_path(world), world_path)
    name = spec.get("world", os.path.splitext(os.path.basename(world))[0])
    if spec.get("generator"):
        from .generator import generate
        knobs = dict(spec.get("scale") or {})
        knobs.update({k: v for k, v in (scale or {}).items() if v is not None})
        state = generate(name, spec, **knobs)
    else:
        state = State(name)
        YamlWorld(state, spec).build()
    state.meta.update({"faults": spec.get("faults") or {}, "description": spec.get("description"),
                       "lab": spec.get("lab") or {}})
    load_access_keys(state, spec.get("access_keys"))
    return state


def load_access_keys(state: State, keys):
    """``access_keys: [{id, secret, account}]``: AccessKey authentication (zstack-api.md 1.3) as that account."""
    names = {a["name"] for a in state.accounts}
    for k in keys or []:
        if k.get("account") not in names:
            raise ValueError(f"world {state.name}: access key {k.get('id')!r} names unknown account {k.get('account')!r}")
        state.access_keys[str(k["id"])] = {"secret": str(k["secret"]), "account": k["account"]}


class YamlWorld:
    def __init__(self, state: State, spec: dict):
        self.st = state
        self.spec = spec
        self.b = Builder(state, spec.get("world", state.name))
        self.named: dict[str, dict[str, dict]] = {}

    def ref(self, kind, name):
        try:
            return self.named[kind][name]
        except KeyError:
            raise ValueError(f"world {self.st.name}: unknown {kind} {name!r}") from None

    def keep(self, kind, rec):
        self.named.setdefault(kind, {})[rec["name"]] = rec
        return rec

    def build(self):
        s, b = self.spec, self.b
        self.st.version_string = str(s.get("version", self.st.version_string))
        b.global_configs(s.get("global_configs"))
        for a in s.get("accounts") or []:
            b.account(a["name"], a["password"], bool(a.get("admin")))
        for mn in s.get("management_nodes") or []:
            b.management_node(mn["hostName"], mn.get("heartbeat_age_s", 2))
        lic = s.get("license") or {}
        b.license(lic.get("type", "Paid"), lic.get("expires_in_days", 365), lic.get("issued_days_ago", 355),
                  lic.get("hostNum"), lic.get("cpuNum"), lic.get("vmNum"), lic.get("user", "ops@example.com"))
        for a in s.get("license_addons") or []:
            b.license(a.get("type", "AddOn"), a.get("expires_in_days", 365), a.get("issued_days_ago", 355),
                      a.get("hostNum"), a.get("cpuNum"), a.get("vmNum"), lic.get("user", "ops@example.com"),
                      name=a["name"], modules=a.get("modules"), addon=True)
        for z in s.get("zones") or []:
            self.keep("zone", b.zone(z["name"]))
        for c in s.get("clusters") or []:
            self.keep("cluster", b.cluster(c["name"], self.ref("zone", c["zone"])))
        for i in s.get("images") or []:
            self.keep("image", b.image(i["name"], i.get("platform", "Linux"), i.get("guest", "CentOS 7"),
                                       i.get("size", "40G"), system=i.get("system", False)))
        for o in s.get("instance_offerings") or []:
            self.keep("offering", b.offering(o["name"], o["cpu"], o["memory"]))
        for o in s.get("disk_offerings") or []:
            self.keep("diskoffering", b.disk_offering(o["name"], o["size"]))
        for h in s.get("hosts") or []:
            self.keep("host", b.host(h["name"], self.ref("cluster", h["cluster"]), h["ip"], h.get("cpu_num", 64),
                                     h.get("sockets", 2), h.get("memory", "512G"), h.get("status", "Connected"),
                                     h.get("state", "Enabled"), h.get("util"), h.get("unreachable", False)))
        for p in s.get("primary_storages") or []:
            self.keep("ps", b.primary_storage(p["name"], p["type"], self.ref("zone", p["zone"]),
                                              [self.ref("cluster", c) for c in p.get("clusters") or []],
                                              p.get("total", "20T"), p.get("used_pct", 40.0),
                                              p.get("used_physical_pct"), p.get("url"), p.get("status", "Connected")))
        for x in s.get("backup_storages") or []:
            self.keep("bs", b.backup_storage(x["name"], [self.ref("zone", z) for z in x.get("zones") or []],
                                             x.get("total", "50T"), x.get("used_pct", 35.0),
                                             x.get("hostname", "172.20.8.10"), status=x.get("status", "Connected")))
        zones = list(self.named.get("zone", {}).values())
        for ptype in ("vrouter", "Flat", "SecurityGroup"):
            b.provider(ptype, zones)
        for l2 in s.get("l2_networks") or []:
            self.keep("l2", b.l2(l2["name"], self.ref("zone", l2["zone"]),
                                 [self.ref("cluster", c) for c in l2.get("clusters") or []],
                                 l2.get("type", "L2VlanNetwork"), l2.get("vlan"), l2.get("interface", "bond0")))
        for l3 in s.get("l3_networks") or []:
            services = list((l3.get("services") or {}).items())
            self.keep("l3", b.l3(l3["name"], self.ref("l2", l3["l2"]), l3.get("type", "L3BasicNetwork"),
                                 l3.get("category", "Private"), l3.get("ranges") or [], l3.get("dns", ["223.5.5.5"]),
                                 services, l3.get("system", False)))
        for o in s.get("virtual_router_offerings") or []:
            self.keep("vroffering", b.vr_offering(o["name"], self.ref("zone", o["zone"]),
                                                  self.ref("l3", o["management_l3"]), self.ref("l3", o["public_l3"]),
                                                  self.ref("image", o["image"]), o.get("cpu", 2), o.get("memory", "2G"),
                                                  o.get("default", True)))
        for r in s.get("vpc_routers") or []:
            self.keep("vm", b.vpc_router(r["name"], self.ref("host", r["host"]), self.ref("vroffering", r["offering"]),
                                         r.get("status", "Connected"), [self.ref("l3", n) for n in r.get("l3s") or []],
                                         unreachable=r.get("unreachable", False), util=r.get("util"),
                                         public_l3s=[self.ref("l3", n) for n in r.get("public_l3s") or []]))
        self.build_vms()
        self.build_network_services()
        self.build_data_protection()
        self.build_zwatch()
        b.finish()

    def _vm_specs(self):
        s = self.spec
        for g in s.get("vm_groups") or []:
            hosts = g["hosts"]
            for i in range(g["count"]):
                spec = {k: v for k, v in g.items() if k not in ("prefix", "count", "hosts", "utils")}
                spec["name"] = f"{g['prefix']}-{i + 1:02d}"
                spec["host"] = hosts[i % len(hosts)]
                if g.get("utils"):
                    spec["util"] = g["utils"][i % len(g["utils"])]
                yield spec
        yield from s.get("vms") or []

    def build_vms(self):
        b = self.b
        for v in self._vm_specs():
            host = self.ref("host", v["host"])
            ps = next(p for p in self.named["ps"].values() if host["clusterUuid"] in p["attachedClusterUuids"])
            vm = b.vm(v["name"], host, self.ref("offering", v["offering"]), [self.ref("l3", n) for n in v["l3s"]],
                      self.ref("image", v.get("image", next(iter(self.named["image"])))), ps,
                      state=v.get("state", "Running"), data_volumes=v.get("data_volumes", ()), util=v.get("util"),
                      ha=v.get("ha", True), created_days=v.get("created_days", 120),
                      last_op_hours=v.get("last_op_hours", 20), platform=v.get("platform", "Linux"),
                      description=v.get("description"))
            self.keep("vm", vm)
            if v.get("numa") is not None:
                # scaling: vm/numa for this VM, and whether it was on when the VM last started (hot-plug needs both)
                b.resource_config(vm["uuid"], "VmInstanceVO", "vm", "numa", str(bool(v["numa"])).lower())
            if v.get("numa") is not None or v.get("numa_at_start") is not None:
                vm["_numa_at_start"] = bool(v.get("numa_at_start", v.get("numa")))
            for tag in v.get("user_tags") or ():
                b.user_tag(vm["uuid"], "VmInstanceVO", tag)
            vm["_spec"] = v

    def build_network_services(self):
        b, s = self.b, self.spec
        eip_l3 = self.ref("l3", s["eip_network"]) if s.get("eip_network") else None
        for vm in list(self.named.get("vm", {}).values()):
            v = vm.pop("_spec", None)
            if not v or not v.get("eip"):
                continue
            nic = next(n for n in self.st.all("nic") if n["vmInstanceUuid"] == vm["uuid"] and n["deviceId"] == 0)
            vip = b.vip(f"vip-{vm['name']}", eip_l3)
            b.eip(f"eip-{vm['name']}", vip, nic)
        for sg in s.get("security_groups") or []:
            vms = [self.ref("vm", n) for n in sg.get("vms") or []]
            nics = [n for n in self.st.all("nic") if n["vmInstanceUuid"] in {v["uuid"] for v in vms}]
            l3s = [self.ref("l3", n) for n in sg.get("l3s") or []]
            if sg.get("all_nics_on_l3s"):
                nics = [n for n in self.st.all("nic") if n["l3NetworkUuid"] in {l["uuid"] for l in l3s}
                        and (self.st.get("vm", n["vmInstanceUuid"]) or {}).get("type") == "UserVm"]
            self.keep("sg", b.security_group(sg["name"], sg.get("rules") or [], l3s, nics))

    def _volume(self, vm_name, which):
        vm = self.ref("vm", vm_name)
        if which == "root":
            return self.st.get("volume", vm["rootVolumeUuid"])
        idx = int(str(which).replace("data", ""))
        return next(v for v in self.st.all("volume") if v["vmInstanceUuid"] == vm["uuid"] and v["deviceId"] == idx)

    def build_data_protection(self):
        b, s = self.b, self.spec
        for sn in s.get("snapshots") or []:
            vol = self._volume(sn["vm"], sn.get("volume", "root"))
            parent = None
            count = sn.get("count", 1)
            for i in range(count):
                if "newest_age_days" in sn:     # newest_age_days, then one every every_days (default 1) before it
                    age = sn["newest_age_days"] + sn.get("every_days", 1) * (count - 1 - i)
                else:
                    age = sn.get("max_age_days", 7) * (count - i) / count
                parent = b.snapshot(vol, f"{sn.get('prefix', 'snap')}-{i + 1}", age, parent)
        for bk in s.get("volume_backups") or []:
            vol = self._volume(bk["vm"], bk.get("volume", "root"))
            bs = self.ref("bs", bk["bs"])
            count = bk.get("count", 1)
            for i in range(count):
                b.volume_backup(vol, bs, f"{bk['vm']}-{bk.get('volume', 'root')}-backup-{i + 1}",
                                bk.get("every_days", 1) * (count - i) - 0.8,
                                corrupt=bool(bk.get("corrupt_newest")) and i == count - 1)
        for t in s.get("triggers") or []:
            self.keep("schedtrigger", b.trigger(t["name"], t.get("cron"), t.get("interval")))
        for j in s.get("scheduler_jobs") or []:
            if j.get("vm"):
                vm = self.ref("vm", j["vm"])
                target = vm["uuid"] if j["type"] in ("vmBackup", "startVm", "stopVm", "rebootVm") else \
                    self._volume(j["vm"], j.get("volume", "root"))["uuid"]
            else:
                target = j["target"]
            self._scheduler_job(j, j["name"], target)
        policy = s.get("vm_backup_policy")
        if policy:
            self._vm_backup_policy(policy)

    def _scheduler_job(self, j, name, target):
        """A scheduler job from a YAML entry (type, trigger, bs, state, history) with its run history."""
        from .resources.platform import add_history
        b = self.b
        trig = self.ref("schedtrigger", j["trigger"]) if j.get("trigger") else None
        params = {"backupStorageUuid": self.ref("bs", j["bs"])["uuid"]} if j.get("bs") else {}
        job = b.scheduler_job(name, j["type"], target, trig, j.get("state", "Enabled"), params)
        self.keep("schedjob", job)
        h = j.get("history") or {}
        runs, every = h.get("runs", 7), h.get("interval_hours", 24)
        first_age = h.get("last_run_hours_ago", 5)
        good_ages = []
        for i in range(runs - 1, -1, -1):
            failed = (i == 0 and h.get("last_failed")) or i in (h.get("failed_runs") or [])
            add_history(self.st, job, trig["uuid"] if trig else None, not failed,
                        b.ago(hours=first_age + i * every), h.get("duration_s", 600),
                        error=h.get("error") if failed else None)
            if not failed:
                good_ages.append(first_age + i * every)
        self._job_records(j, job, good_ages)
        return job

    def _job_records(self, j, job, ages_hours):
        """What the successful runs of a job left behind, oldest first: a VM backup job one volume backup
        per volume of the VM (root first, sharing one groupUuid per run, as CreateVmBackup does), a
        volume snapshot job one snapshot (the newest ``snapshot_keep``, default 8, are kept)."""
        b = self.b
        if j["type"] == "vmBackup" and j.get("bs"):
            vm = self.st.get("vm", job["targetResourceUuid"])
            if vm is None:
                return
            bs = self.ref("bs", j["bs"])
            vols = sorted(self.st.by("volume", "vmInstanceUuid", vm["uuid"]),
                          key=lambda v: (v["uuid"] != vm["rootVolumeUuid"], v.get("deviceId") or 0))
            for n, age_h in enumerate(ages_hours, 1):
                group = b.uid("vmbackup", f"{job['uuid']}/{n}")
                for vol in vols:
                    which = "root" if vol["uuid"] == vm["rootVolumeUuid"] else f"data{vol.get('deviceId')}"
                    b.volume_backup(vol, bs, f"{job['name']}-{n}-{which}", age_h / 24.0, vm=vm, group_uuid=group)
        elif j["type"] == "volumeSnapshot":
            vol = self.st.get("volume", job["targetResourceUuid"])
            if vol is None:
                return
            parent = None
            kept = ages_hours[-int(j.get("snapshot_keep", 8)):]
            first = len(ages_hours) - len(kept) + 1
            for n, age_h in enumerate(kept, first):
                parent = b.snapshot(vol, f"{j.get('prefix', job['name'])}-{n}", age_h / 24.0, parent)

    def _vm_backup_policy(self, policy):
        """Every user VM that no enabled VM-level backup job covers (one targeting the VM or its root
        volume; a data-volume job protects that volume only) gets one ``policy`` job (default vmBackup)
        targeting the VM, named backup-<vm name>-vm."""
        covered = set()
        for job in self.st.all("schedjob"):
            if job.get("state") == "Enabled" and "backup" in job["jobClassName"].lower():
                covered.add(job["targetResourceUuid"])
        skip = set(policy.get("except") or ())     # VMs deliberately left without a backup job
        entry = {k: v for k, v in policy.items() if k != "except"}
        entry["type"] = policy.get("type", "vmBackup")
        for vm in self.st.all("vm"):
            if vm.get("type") != "UserVm" or vm["name"] in skip:
                continue
            if {vm["uuid"], vm["rootVolumeUuid"]} & covered:
                continue
            slug = re.sub(r"[^A-Za-z0-9]+", "-", vm["name"]).strip("-").lower() or vm["uuid"][:8]
            target = vm["uuid"] if entry["type"] == "vmBackup" else vm["rootVolumeUuid"]
            self._scheduler_job(entry, f"backup-{slug}-vm", target)

    def build_zwatch(self):
        b, s = self.b, self.spec
        for a in s.get("alarms") or []:
            labels = []
            for k, v in (a.get("labels") or {}).items():
                if isinstance(v, dict):
                    v = self.ref(v["kind"], v["name"])["uuid"]
                labels.append((k, v))
            alarm = b.alarm(a["name"], a["namespace"], a["metric"], a["threshold"], a.get("op", "GreaterThanOrEqualTo"),
                            a.get("status", "OK"), a.get("level", "Important"), labels, a.get("period", 300),
                            a.get("state", "Enabled"))
            self.keep("alarm", alarm)
            for hrec in a.get("history") or []:
                res = self.ref(hrec["resource"]["kind"], hrec["resource"]["name"])
                b.alarm_history(alarm, res["uuid"], hrec.get("resource_type", "VmInstanceVO"), hrec["value"],
                                hrec.get("age_minutes", 30), hrec.get("read", True), hrec.get("status", "Alarm"))
        from .resources import zwatch      # SNS topics and endpoints, alarm records, the alarm timeline
        zwatch.build(self)
        for e in s.get("event_subscriptions") or []:
            b.event_subscription(e["name"], e["namespace"], e["event"], e.get("level", "Important"))
        for e in s.get("events") or []:
            res = self.ref(e["resource"]["kind"], e["resource"]["name"])
            b.event(e["namespace"], e["name"], res, e.get("level", "Important"), e.get("age_minutes", 60),
                    e.get("read", True), e.get("error"))
        for rc in s.get("resource_configs") or []:
            res = self.ref(rc["resource"]["kind"], rc["resource"]["name"])
            vo = {"cluster": "ClusterVO", "vm": "VmInstanceVO", "host": "HostVO", "zone": "ZoneVO"}[rc["resource"]["kind"]]
            b.resource_config(res["uuid"], vo, rc["category"], rc["name"], rc["value"])

"""A small ZStack world for the VPC change modules, the fixtures and helpers their tests share, and the
lab behaviour those tests rely on (a fresh lab per test; snapshots compare)."""

import pytest
import yaml

from .module_runner import lab_args, run_module

VPC_SERVICES = {"vrouter": ["IPsec", "VRouterRoute", "VipQos", "SNAT", "PortForwarding", "Eip", "DNS", "LoadBalancer",
                            "CentralizedDNS"], "Flat": ["DHCP", "Userdata"], "SecurityGroup": ["SecurityGroup"]}


def _vpc(name, l2, prefix):
    return {"name": name, "l2": l2, "type": "L3VpcNetwork", "category": "Private", "services": VPC_SERVICES,
            "ranges": [{"start": prefix + ".2", "end": prefix + ".254", "gateway": prefix + ".1"}]}


# Two routers share PUB (their offering's network), vr-iso sits alone on PUB-ISO; VPC-SPARE is on no router.
WORLD = {
    "world": "vpclab",
    "accounts": [{"name": "admin", "password": "LabAdmin#2026", "admin": True}],
    "management_nodes": [{"hostName": "172.20.0.5"}],
    "zones": [{"name": "Z1"}],
    "clusters": [{"name": "C1", "zone": "Z1"}],
    "images": [{"name": "CentOS-7"}, {"name": "VRouter", "system": True, "size": "8G"}],
    "instance_offerings": [{"name": "c1m2", "cpu": 1, "memory": "2G"}],
    "hosts": [{"name": "h1", "cluster": "C1", "ip": "172.20.1.11", "cpu_num": 32, "memory": "128G"},
              {"name": "h2", "cluster": "C1", "ip": "172.20.1.12", "cpu_num": 32, "memory": "128G"}],
    "primary_storages": [{"name": "PS1", "type": "LocalStorage", "zone": "Z1", "clusters": ["C1"], "total": "10T",
                          "used_pct": 20.0}],
    "backup_storages": [{"name": "BS1", "zones": ["Z1"]}],
    "l2_networks": [{"name": n, "zone": "Z1", "clusters": ["C1"], "vlan": v}
                    for n, v in (("L2-PUB", 10), ("L2-ISO", 11), ("L2-SMALL", 12), ("L2-VPC", 20))],
    "l3_networks": [
        {"name": "PUB", "l2": "L2-PUB", "category": "Public",
         "ranges": [{"start": "198.51.100.10", "end": "198.51.100.40", "gateway": "198.51.100.1"}]},
        {"name": "PUB-ISO", "l2": "L2-ISO", "category": "Public",
         "ranges": [{"start": "203.0.113.10", "end": "203.0.113.20", "gateway": "203.0.113.1"}]},
        {"name": "PUB-SMALL", "l2": "L2-SMALL", "category": "Public",
         "ranges": [{"start": "192.0.2.10", "end": "192.0.2.11", "gateway": "192.0.2.1"}]},
        _vpc("VPC-A", "L2-VPC", "10.10.0"), _vpc("VPC-B", "L2-VPC", "10.20.0"), _vpc("VPC-C", "L2-VPC", "10.30.0"),
        _vpc("VPC-SPARE", "L2-VPC", "10.40.0"),
    ],
    "virtual_router_offerings": [
        {"name": "OFF", "zone": "Z1", "management_l3": "PUB", "public_l3": "PUB", "image": "VRouter"},
        {"name": "OFF-ISO", "zone": "Z1", "management_l3": "PUB-ISO", "public_l3": "PUB-ISO", "image": "VRouter",
         "default": False},
    ],
    "vpc_routers": [{"name": "vr-a", "host": "h1", "offering": "OFF", "l3s": ["VPC-A"]},
                    {"name": "vr-b", "host": "h2", "offering": "OFF", "l3s": ["VPC-B"]},
                    {"name": "vr-iso", "host": "h2", "offering": "OFF-ISO", "l3s": ["VPC-C"]}],
    "vms": [{"name": "vm-a1", "host": "h1", "offering": "c1m2", "l3s": ["VPC-A"], "image": "CentOS-7"},
            {"name": "vm-a2", "host": "h1", "offering": "c1m2", "l3s": ["VPC-A"], "image": "CentOS-7"}],
}


@pytest.fixture(scope="session")
def vpc_world(tmp_path_factory):
    path = tmp_path_factory.mktemp("vpcworld") / "vpclab.yml"
    path.write_text(yaml.safe_dump(WORLD), encoding="utf-8")
    return str(path)


@pytest.fixture
def vlab(vpc_world, tmp_path, monkeypatch):
    """A fresh small lab per test (plain http), fast jobs."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    # The client builds a TLS context per request, also for http, and loading the system CA store
    # costs ~50-90 ms each time; an empty store makes these http-only tests several times faster.
    empty = tmp_path / "no-ca.pem"
    empty.write_text("", encoding="ascii")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-ca-dir"))
    with ZStackLab(world=vpc_world, job_seconds=0.01, https_port=None, prewarm=False) as lab:
        yield lab


CHANGE = {"id": "CHG-TEST-1", "ticket": "ITSM-1", "operator": "tester"}


def margs(lab, **extra):
    args = lab_args(lab, change=CHANGE)
    args.update(extra)
    return args


def run(module, lab, capsys, **extra):
    return run_module(module, margs(lab, **extra), capsys)


def merged(base, **over):
    """base with some options replaced (a function, so pylint does not see repeated keywords)."""
    out = dict(base)
    out.update(over)
    return out


def names(lab, table):
    with lab.state.lock:
        return sorted(r.get("name") for r in lab.state.all(table))


def statuses(result):
    return [(c["action"], c["status"]) for c in result["changes"]]


def writes(lab):
    return [w["name"] for w in lab.writes()]


def test_world_loads_with_routers_sharing_pub(vlab):
    with vlab.state.lock:
        routers = {r["name"]: r for r in vlab.state.all("vm") if r.get("applianceVmType") == "vpcvrouter"}
        pub = next(l3 for l3 in vlab.state.all("l3") if l3["name"] == "PUB")
        on_pub = sorted(vlab.state.get("vm", n["vmInstanceUuid"])["name"] for n in vlab.state.by("nic", "l3NetworkUuid", pub["uuid"]))
    assert sorted(routers) == ["vr-a", "vr-b", "vr-iso"]
    assert on_pub == ["vr-a", "vr-b"]
    assert vlab.snapshot() == vlab.snapshot()

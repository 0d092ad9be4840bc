"""zstack_eip against the small lab world: check mode, apply, re-run, binding an existing EIP, bad input."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import zstack_eip

from .test_zstack_vpc_common import merged, run, statuses, vlab, vpc_world, writes  # noqa: F401  pylint: disable=unused-import

EIP = dict(name="eip-a1", vm="vm-a1", vm_network="VPC-A", public_network="PUB")


def nic_of(lab, vm_name):
    with lab.state.lock:
        vm = next(v for v in lab.state.all("vm") if v["name"] == vm_name)
        return dict(lab.state.by("nic", "vmInstanceUuid", vm["uuid"])[0])


def test_eip_check_mode_apply_rerun(vlab, capsys):
    failed, result = run(zstack_eip, vlab, capsys, _ansible_check_mode=True, _ansible_diff=True, **EIP)
    assert not failed, result.get("msg")
    assert writes(vlab) == [] and statuses(result) == [("create_vip", "planned"), ("create_eip", "planned")]
    assert result["eip"]["uuid"] is None and result["diff"]["after"]
    failed, result = run(zstack_eip, vlab, capsys, vip_ip="198.51.100.33", **EIP)
    assert not failed, result.get("msg")
    nic = nic_of(vlab, "vm-a1")
    assert statuses(result) == [("create_vip", "applied"), ("create_eip", "applied")]
    assert result["vip"]["ip"] == "198.51.100.33" and result["vip"]["name"] == "vip-eip-a1"
    assert (result["eip"]["vmNicUuid"], result["eip"]["guestIp"], result["eip"]["vipIp"]) == (nic["uuid"], nic["ip"], "198.51.100.33")
    assert [j["type"] for j in result["journal"]] == ["vip", "eip"]
    assert [c["status"] for c in result["changes"][-1]["post_checks"]] == ["PASS", "PASS"]
    vlab.reset_writes()
    failed, result = run(zstack_eip, vlab, capsys, vip_ip="198.51.100.33", **EIP)
    assert not failed and not result["changed"] and writes(vlab) == []


def test_existing_unbound_eip_is_attached(vlab, capsys):
    run(zstack_eip, vlab, capsys, **EIP)
    with vlab.state.lock:
        eip = next(e for e in vlab.state.all("eip") if e["name"] == "eip-a1")
        eip["vmNicUuid"] = eip["guestIp"] = None
        vlab.state.touch()
    failed, result = run(zstack_eip, vlab, capsys, **EIP)
    assert not failed, result.get("msg")
    assert statuses(result) == [("create_vip", "unchanged"), ("attach_eip", "applied")]
    assert result["journal"][0]["type"] == "eip_attachment" and result["eip"]["vmNicUuid"] == nic_of(vlab, "vm-a1")["uuid"]


@pytest.mark.parametrize("change, text", [
    (dict(vm="vm-nope"), "VM 'vm-nope' does not exist"),
    (dict(vm_network="VPC-B"), "has no NIC on VPC-B"),
    (dict(public_network="PUB-NOPE"), "'PUB-NOPE' does not exist"),
    (dict(public_network="VPC-B"), "VPC-B is a Private network"),
    (dict(vip_ip="203.0.113.50"), "not in a range on PUB"),
    (dict(vip_ip="198.51.100.10"), "in use on PUB"),
])
def test_eip_bad_input_fails_before_any_write(vlab, capsys, change, text):
    failed, result = run(zstack_eip, vlab, capsys, **merged(EIP, **change))
    assert failed and text in result["msg"], result["msg"]
    assert writes(vlab) == [] and result["journal"] == []


def test_nic_with_another_eip_and_eip_on_another_nic(vlab, capsys):
    run(zstack_eip, vlab, capsys, **EIP)
    vlab.reset_writes()
    failed, result = run(zstack_eip, vlab, capsys, **merged(EIP, name="eip-second"))
    assert failed and "already has EIP eip-a1" in result["msg"] and writes(vlab) == []
    failed, result = run(zstack_eip, vlab, capsys, **merged(EIP, vm="vm-a2"))
    assert failed and "is bound to NIC" in result["msg"] and writes(vlab) == []


def test_full_public_network_is_refused(vlab, capsys):
    small = merged(EIP, public_network="PUB-SMALL")
    for name, vm in (("e1", "vm-a1"), ("e2", "vm-a2")):
        failed, result = run(zstack_eip, vlab, capsys, **merged(small, name=name, vm=vm))
        assert not failed, result.get("msg")
    vlab.reset_writes()
    failed, result = run(zstack_eip, vlab, capsys, **merged(small, name="e3", vm="vm-a1"))
    assert failed and "has 0 free IPs" in result["msg"] and writes(vlab) == []

"""Wrong credentials never report success (issue 13, "Bad input and safety"): for every undo type of both clouds
(the undo tables), a rollback with a wrong ZStack password or a wrong Apsara AccessKey secret fails, records every
journal entry as `rollback_failed` (not undone, with the error), never calls anything "already gone", and leaves
the lab exactly as it was; the pre-checks of both clouds fail too.

ZStack refuses the login (the rollback module's readiness check): every entry is then reported not undone.
Apsara signs each call: the first read of every undo is refused with the signature error.
"""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.undo import UNDO_TABLE as APSARA_UNDO
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.undo import UNDO_TABLE as ZSTACK_UNDO
from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_nat_gateway, apsara_route_entry, apsara_vpc, apsara_vpc_peering, apsara_vpc_precheck, apsara_vpc_rollback,
    zstack_eip, zstack_vpc_network, zstack_vpc_precheck, zstack_vpc_rollback, zstack_vpc_route, zstack_vpc_router)

from . import test_apsara_vpc_support as apsara
from . import test_zstack_vpc_common as zstack
from .test_apsara_vpc_modules import NAT, NEW_VPC, PEERING, ROUTES as APSARA_ROUTES
from .test_zstack_vpc_common import vlab, vpc_world  # noqa: F401  pylint: disable=unused-import

NETWORK = dict(name="VPC-N", vpc_router="vr-a", l2_network="L2-VPC", cidr="10.50.0.0/24", dns=["223.5.5.5"])
ZSTACK_ROUTES = [{"destination_cidr": "100.64.0.0/16", "next_hop": "198.51.100.1"}]
EIP = dict(name="eip-a1", vm="vm-a1", vm_network="VPC-A", public_network="PUB")


def _applied(runner, lab, capsys, module, **params):
    failed, result = runner(module, lab, capsys, **params)
    assert not failed, result.get("msg")
    return list(result["journal"])


def _not_undone(result, journal, secret):
    """Every entry reported rollback_failed with the error; nothing rolled back, no secret shown."""
    assert result.get("msg") and result["rollback_failed"] == result["total"] == len(journal), result.get("summary")
    assert [r["status"] for r in result["changes"]] == ["rollback_failed"] * len(journal)
    assert [(r["target"]["type"], r["target"]["id"]) for r in result["changes"]] == [
        (e["type"], e["id"]) for e in reversed(journal)]
    assert all(r["error"] for r in result["changes"]) and result["summary"].startswith("ROLLBACK FAILED")
    assert not result["rolled_back_uids"] and result["rolled_back"] == 0
    assert "already gone" not in str(result["changes"]) and secret not in str(result)


def _each_entry_then_all(runner, module, lab, capsys, journal, **wrong):
    """A rollback of each entry alone, then of the whole journal, with the wrong credential: all fail, nothing undone."""
    secret = next(iter(wrong.values()))
    for entry in journal:
        failed, result = runner(module, lab, capsys, journal=[entry], **wrong)
        assert failed, (entry["type"], result)
        _not_undone(result, [entry], secret)
    failed, result = runner(module, lab, capsys, journal=journal, **wrong)
    assert failed
    _not_undone(result, journal, secret)
    return result


def _zstack_journal(lab, capsys):
    journal = _applied(zstack.run, lab, capsys, zstack_vpc_router, name="vr-new", offering="OFF")
    journal += _applied(zstack.run, lab, capsys, zstack_vpc_network, **NETWORK)
    journal += _applied(zstack.run, lab, capsys, zstack_vpc_route, vpc_router="vr-a", route_table="rt-svc",
                        routes=ZSTACK_ROUTES)
    journal += _applied(zstack.run, lab, capsys, zstack_eip, **EIP)
    with lab.state.lock:     # an EIP that exists unbound: the module binds it (an eip_attachment entry)
        eip = next(e for e in lab.state.all("eip") if e["name"] == "eip-a1")
        eip["vmNicUuid"] = eip["guestIp"] = None
        lab.state.touch()
    journal += _applied(zstack.run, lab, capsys, zstack_eip, **EIP)
    return journal


def test_every_zstack_undo_type_with_a_wrong_password_undoes_nothing_and_fails(vlab, capsys):
    journal = _zstack_journal(vlab, capsys)
    assert {j["type"] for j in journal} == set(ZSTACK_UNDO.created) | set(ZSTACK_UNDO.modified)
    before = vlab.snapshot()
    result = _each_entry_then_all(zstack.run, zstack_vpc_rollback, vlab, capsys, journal, password="wrong-password")
    assert "none of %d journal entries were undone" % len(journal) in result["summary"]
    assert vlab.snapshot() == before


def test_a_zstack_rollback_in_check_mode_with_a_wrong_password_fails_too(vlab, capsys):
    journal = _applied(zstack.run, vlab, capsys, zstack_vpc_router, name="vr-new", offering="OFF")
    failed, result = zstack.run(zstack_vpc_rollback, vlab, capsys, journal=journal, password="wrong-password",
                                _ansible_check_mode=True)
    assert failed
    _not_undone(result, journal, "wrong-password")


def test_zstack_precheck_with_a_wrong_password_fails(vlab, capsys):
    failed, result = zstack.run(zstack_vpc_precheck, vlab, capsys, spec={"networks": [NETWORK]}, password="wrong-password")
    assert failed and result.get("msg") and "wrong-password" not in str(result)


@pytest.fixture(name="alab")
def alab_fixture(tmp_path):
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world=_apsara_world(tmp_path), host="127.0.0.1", http_port=0, https_port=None,
                   async_seconds=apsara.ASYNC) as lab:
        yield lab


def _apsara_world(tmp_path):
    import yaml  # pylint: disable=import-outside-toplevel

    with open(apsara.DEMO, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    spec["vpcs"].append(apsara.SHARED)
    path = tmp_path / "apsara_vpc_changes.yml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return str(path)


def _apsara_journal(lab, capsys):
    journal = _applied(apsara.run, lab, capsys, apsara_vpc, **NEW_VPC)
    journal += _applied(apsara.run, lab, capsys, apsara_vpc_peering, **PEERING)
    journal += _applied(apsara.run, lab, capsys, apsara_nat_gateway, **NAT)
    journal += _applied(apsara.run, lab, capsys, apsara_route_entry, **APSARA_ROUTES)
    ri = next(e for e in journal if e["type"] == "router_interface")
    # an interface the change did not create but re-pointed (what a peering onto an existing interface journals)
    journal.append(dict(ri, op="modify", seq=99, keys={"RouterInterfaceId": ri["id"]},
                        restore={"OppositeInterfaceId": "", "OppositeRouterId": "", "OppositeRouterType": "VRouter"}))
    return journal


def test_every_apsara_undo_type_with_a_wrong_secret_undoes_nothing_and_fails(alab, capsys):
    journal = _apsara_journal(alab, capsys)
    assert {(j["op"], j["type"]) for j in journal} == (
        {("create", t) for t in APSARA_UNDO.created} | {("modify", t) for t in APSARA_UNDO.modified})
    before = alab.snapshot()
    alab.reset_writes()
    _each_entry_then_all(apsara.run, apsara_vpc_rollback, alab, capsys, journal, access_key_secret="wrong-secret")
    assert apsara.writes(alab) == [] and alab.snapshot() == before


def test_apsara_precheck_with_a_wrong_secret_fails(alab, capsys):
    failed, result = apsara.run(apsara_vpc_precheck, alab, capsys, spec={"vpcs": [NEW_VPC]}, access_key_secret="wrong-secret")
    assert failed and result.get("msg") and "wrong-secret" not in str(result)

"""Wrong credentials never report success (issue 13, "Bad input and safety"): a rollback with a wrong password
fails, leaves every journal entry in place and never calls it "already gone"; the precheck fails too.

Covered here: the ZStack undo types a network change journals (l3_network, ip_range, l3_dns,
l3_network_services, router_nic) and vpc_router. Not yet covered: the other ZStack undo types and Apsara."""

from ansible_collections.cloudops.privatecloud.plugins.modules import (
    zstack_vpc_network, zstack_vpc_precheck, zstack_vpc_rollback, zstack_vpc_router)

from .test_zstack_vpc_common import run, vlab, vpc_world  # noqa: F401  pylint: disable=unused-import

NETWORK = dict(name="VPC-N", vpc_router="vr-a", l2_network="L2-VPC", cidr="10.50.0.0/24", dns=["223.5.5.5"])


def test_zstack_rollback_with_a_wrong_password_undoes_nothing_and_fails(vlab, capsys):
    failed, result = run(zstack_vpc_router, vlab, capsys, name="vr-new", offering="OFF")
    assert not failed, result.get("msg")
    journal = list(result["journal"])
    failed, result = run(zstack_vpc_network, vlab, capsys, **NETWORK)
    assert not failed, result.get("msg")
    journal += result["journal"]
    assert {j["type"] for j in journal} == {"vpc_router", "l3_network", "ip_range", "l3_dns", "l3_network_services", "router_nic"}
    before = vlab.snapshot()
    for entry in journal:
        failed, result = run(zstack_vpc_rollback, vlab, capsys, journal=[entry], password="wrong-password")
        assert failed, (entry["type"], result)
        assert "already gone" not in str(result.get("changes")) and not result.get("rolled_back_uids")
        assert "wrong-password" not in str(result)
        assert result.get("msg")
    assert vlab.snapshot() == before


def test_zstack_precheck_with_a_wrong_password_fails(vlab, capsys):
    failed, result = run(zstack_vpc_precheck, vlab, capsys, spec={"networks": [NETWORK]}, password="wrong-password")
    assert failed and result.get("msg")

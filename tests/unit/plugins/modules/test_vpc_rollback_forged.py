"""A rollback undoes only what the change made (issue 18 item 5): before an undo the live resource is matched to
its journal entry (id and name, keys, creation after the step began or the creation stamp the API answered).
Forged journals on both clouds (an entry naming a pre-existing resource of the same type, with or without a
plausible creation bound; a wrong name for an id) are refused one by one: `rollback_failed` with the reason, the
task fails, nothing is deleted.  The real entries next to them still roll back.
"""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import client_from_params
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc import reads
from ansible_collections.cloudops.privatecloud.plugins.modules import (
    apsara_nat_gateway, apsara_vpc, apsara_vpc_rollback, zstack_eip, zstack_vpc_network, zstack_vpc_rollback,
    zstack_vpc_router)

from . import test_apsara_vpc_support as apsara
from . import test_zstack_vpc_common as zstack
from .test_apsara_vpc_modules import NAT, NEW_VPC
from .test_rollback_wrong_credentials import alab_fixture  # noqa: F401  pylint: disable=unused-import
from .test_zstack_vpc_common import vlab, vpc_world  # noqa: F401  pylint: disable=unused-import

NETWORK = dict(name="VPC-N", vpc_router="vr-a", l2_network="L2-VPC", cidr="10.50.0.0/24")


def _applied(runner, lab, capsys, module, **params):
    failed, result = runner(module, lab, capsys, **params)
    assert not failed, result.get("msg")
    return list(result["journal"])


def _refused(result, count, *texts):
    refused = [r for r in result["changes"] if r["status"] == "rollback_failed"]
    assert len(refused) == count, result["changes"]
    for rec in refused:
        assert "refused, this change did not make it" in rec["error"], rec["error"]
    for text in texts:
        assert text in str([r["error"] for r in refused]), [r["error"] for r in refused]
    assert result["summary"].startswith("ROLLBACK FAILED")


def _zstack_uuid(lab, table, name):
    with lab.state.lock:
        return next(r["uuid"] for r in lab.state.all(table) if r.get("name") == name)


# -- ZStack ------------------------------------------------------------------------------------------
def test_zstack_forged_entries_naming_pre_existing_resources_delete_nothing(vlab, capsys):
    real = _applied(zstack.run, vlab, capsys, zstack_vpc_network, **NETWORK)
    l3 = next(e for e in real if e["type"] == "l3_network")
    spare = _zstack_uuid(vlab, "l3", "VPC-SPARE")
    router = _zstack_uuid(vlab, "vm", "vr-iso")
    forged = [
        dict(l3, id=spare, name="VPC-SPARE"),                          # its creation stamp is the real entry's
        dict(l3, id=spare, name="VPC-SPARE", created=None),            # no creation stamp at all
        dict(l3, id=spare, name="VPC-N"),                              # a wrong name for an id
        dict(l3, type="vpc_router", id=router, name="vr-iso", created=None),
    ]
    before = vlab.snapshot()
    vlab.reset_writes()
    for entry in forged:
        failed, result = zstack.run(zstack_vpc_rollback, vlab, capsys, journal=[dict((k, v) for k, v in entry.items()
                                                                                     if v is not None)])
        assert failed, entry
        _refused(result, 1)
        assert not result["rolled_back_uids"]
    assert zstack.writes(vlab) == [] and vlab.snapshot() == before


def test_zstack_a_wrong_name_for_a_real_id_is_refused_and_the_rest_still_rolls_back(vlab, capsys):
    router = _applied(zstack.run, vlab, capsys, zstack_vpc_router, name="vr-new", offering="OFF")
    eips = _applied(zstack.run, vlab, capsys, zstack_eip, name="eip-a1", vm="vm-a1", vm_network="VPC-A", public_network="PUB")
    vip = next(e for e in eips if e["type"] == "vip")
    journal = router + [dict(vip, name="vip-someone-elses")] + [e for e in eips if e["type"] != "vip"]
    failed, result = zstack.run(zstack_vpc_rollback, vlab, capsys, journal=journal)
    assert failed
    _refused(result, 1, "is named 'vip-eip-a1', the journal says 'vip-someone-elses'")
    assert zstack.names(vlab, "vip") == ["vip-eip-a1"]
    assert "vr-new" not in [r["name"] for r in _routers(vlab)] and "eip-a1" not in zstack.names(vlab, "eip")


def _routers(lab):
    with lab.state.lock:
        return [dict(r) for r in lab.state.all("vm") if r.get("applianceVmType") == "vpcvrouter"]


# -- Apsara ------------------------------------------------------------------------------------------
def _client(lab):
    return client_from_params(apsara.args(lab))


@pytest.mark.parametrize("drop", [(), ("not_before",)])
def test_apsara_a_forged_entry_naming_the_spare_eip_does_not_release_it(alab, capsys, drop):
    real = _applied(apsara.run, alab, capsys, apsara_nat_gateway, **NAT)
    eip_entry = next(e for e in real if e["type"] == "eip")
    spare = next(e for e in reads.eips(_client(alab), "eip-spare-01") if e.get("Name") == "eip-spare-01")
    forged = dict((k, v) for k, v in dict(eip_entry, id=spare["AllocationId"], name="eip-spare-01").items()
                  if k not in drop)
    before = alab.snapshot()
    alab.reset_writes()
    failed, result = apsara.run(apsara_vpc_rollback, alab, capsys, journal=[forged])
    assert failed
    _refused(result, 1, "eip %s" % spare["AllocationId"])
    assert apsara.writes(alab) == [] and alab.snapshot() == before
    assert reads.eip(_client(alab), spare["AllocationId"])["Status"] == "Available"


def test_apsara_a_forged_vpc_is_refused_and_the_real_entries_still_roll_back(alab, capsys):
    before = alab.snapshot()
    real = _applied(apsara.run, alab, capsys, apsara_vpc, **NEW_VPC)
    vpc_entry, vsw_entry = real
    failed, result = apsara.run(apsara_vpc_rollback, alab, capsys, journal=[dict(vsw_entry, name="vsw-someone-elses")])
    assert failed
    _refused(result, 1, "is named 'vsw-new-a', the journal says 'vsw-someone-elses'")
    shared = reads.find_vpc(_client(alab), "vpc-shared")
    forged_keys = {"RegionId": alab.region_id, "VpcId": shared["VpcId"]}
    forged_vpc = dict(vpc_entry, id=shared["VpcId"], name="vpc-shared", keys=forged_keys)
    failed, result = apsara.run(apsara_vpc_rollback, alab, capsys, journal=[forged_vpc] + real)
    assert failed
    _refused(result, 1, "before this change's step began")
    assert [r["status"] for r in result["changes"]] == ["rolled_back", "rolled_back", "rollback_failed"]
    assert alab.snapshot() == before and reads.find_vpc(_client(alab), "vpc-shared") is not None

"""The fault matrix of switch_config on all three lab switch kinds (unmodified netmiko): a fault at each step, and
afterwards the running configuration is what it was before, or the result says rollback_failed with the exact
lines left to undo.

| fault                     | where it strikes                                   | expected                                   |
|---------------------------|----------------------------------------------------|--------------------------------------------|
| rejected                  | the access port line is refused by the device      | rolled_back (VRPv8: nothing committed)     |
| dropped_before_commit     | the session drops when the access line arrives     | rolled_back (VRPv8: candidate discarded)   |
| after_commit_before_save  | `save` is refused, every line applied (committed)  | rolled_back (VRPv8: to the commit point)   |
| during_rollback           | as after_commit_before_save, and the trunk undo is | rollback_failed, the exact lines left      |
|                           | refused (VRPv8: the rollback to the commit point too) |                                         |

(A session dropped at `save` costs netmiko's fixed 100 s save read before it fails; the refusal exercises the same
rollback path in seconds.)
"""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import switch_config
from test_switch_config_support import KINDS, config_writes, run_switch_module, state, switch_args, typical_change

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FAULTS = ("rejected", "dropped_before_commit", "after_commit_before_save", "during_rollback")
LEFT = {
    "hp_comware": ["interface FortyGigE1/0/49", "undo port trunk permit vlan 40", "quit"],
    "huawei": ["interface XGigabitEthernet0/0/1", "undo port trunk allow-pass vlan 40", "quit"],
    "huawei_vrpv8": ["interface 10GE1/0/5", "undo description", "undo port default vlan", "quit", "interface 10GE1/0/1",
                     "undo port trunk allow-pass vlan 40", "quit", "undo vlan 40"],
}


def _faults(kind, fault):
    access = KINDS[kind]["access_line"].rsplit(" ", 1)[0] + " 40$"
    trunk_undo = "^undo " + KINDS[kind]["trunk_line"].split(" vlan ")[0] + " vlan"
    if fault == "rejected":
        return {"fail_commands": {access: 1.0}}
    if fault == "dropped_before_commit":
        return {"drop_on": {access: 1.0}}
    if fault == "after_commit_before_save":
        return {"fail_commands": {"^save": 1.0}}
    # VRPv8 undoes with `rollback configuration to commit-id`, and falls back to the undo lines when that is refused
    return {"fail_commands": {"^save": 1.0, trunk_undo: 1.0, "^rollback configuration": 1.0}}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_fault_matrix(fresh_switch_lab, capsys, kind, fault):
    lab, name = fresh_switch_lab, KINDS[kind]["switch"]
    if kind == "huawei_vrpv8" and fault == "after_commit_before_save":
        # an earlier change leaves a rollback point, so the undo is `rollback configuration to commit-id`
        failed, first = run_switch_module(switch_config, switch_args(lab, name, interfaces=[
            {"name": "10GE1/0/6", "description": "spare"}], save=False), capsys)
        assert not failed, first["msg"]
    before = state(lab, name)
    lab.faults_for(name).update(**_faults(kind, fault))
    lab.reset_writes()
    failed, res = run_switch_module(switch_config, switch_args(lab, name, read_timeout=8, **typical_change(kind)), capsys)
    lab.faults_for(name).update(drop_on={}, fail_commands={})
    assert failed
    after = state(lab, name)
    results = [w["result"] for w in config_writes(lab, name)]
    if fault == "during_rollback":
        assert res["rollback"] == "rollback_failed", res["msg"]
        assert "rollback_failed" in [r["status"] for r in res["changes"]]
        # the exact lines still to send: VRP5/Comware the trunk section whose undo was refused (the other sections were
        # undone); VRPv8 the whole commit's undo, newest section first (neither the rollback nor the lines got through)
        assert res["left_to_undo"] == LEFT[kind], res["left_to_undo"]
        assert "ROLLBACK FAILED" in res["msg"]
        return
    assert after["running"] == before["running"], res["msg"]
    assert after["saved"] == before["saved"]
    if kind == "huawei_vrpv8" and fault in ("rejected", "dropped_before_commit"):
        assert not [r for r in results if r.startswith("committed")], results      # nothing ever committed
        assert res["journal"] == []
    else:
        assert res["rollback"] == "rolled_back", res["msg"]
        assert "rolled back" in res["msg"]
    if kind == "huawei_vrpv8" and fault == "after_commit_before_save":
        assert any(r.startswith("rolled back, commit") for r in results), results

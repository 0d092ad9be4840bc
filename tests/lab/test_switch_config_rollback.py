"""switch_config_rollback against the lab: a change that failed with rollback=false leaves its journal (rollback
`not_run`); the rollback module undoes it, newest first, and the switch is back at its before-state. A journal of
another switch is refused before anything is sent."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import switch_config, switch_config_rollback
from test_switch_config_support import KINDS, config_writes, run_switch_module, state, switch_args, typical_change

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("kind", ["huawei_vrpv8", "hp_comware"])
def test_rollback_module_undoes_a_journal(fresh_switch_lab, capsys, kind):
    lab, name = fresh_switch_lab, KINDS[kind]["switch"]
    before = state(lab, name)
    lab.faults_for(name).update(fail_commands={"^save": 1.0})
    failed, res = run_switch_module(switch_config, switch_args(lab, name, rollback=False, **typical_change(kind)), capsys)
    lab.faults_for(name).update(fail_commands={})
    assert failed and res["rollback"] == "not_run"
    assert res["journal"] and state(lab, name)["running"] != before["running"]

    # another switch's journal: refused, nothing sent there
    other = "CSW-S-02"
    lab.reset_writes()
    failed, refused = run_switch_module(switch_config_rollback, switch_args(lab, other, journal=res["journal"]), capsys)
    assert failed and "cannot be rolled back here" in refused["msg"]
    assert config_writes(lab, other) == []

    failed, done = run_switch_module(switch_config_rollback, switch_args(lab, name, journal=res["journal"]), capsys)
    assert not failed, done["msg"]
    assert done["rolled_back"] == len(res["journal"]) and done["rollback_failed"] == 0
    assert state(lab, name) == before

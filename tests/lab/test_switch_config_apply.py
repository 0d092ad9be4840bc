"""switch_config against the lab switches with unmodified netmiko: check mode sends nothing, apply, verify by
reading back, second run unchanged, save only after verify; on all three switch kinds."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.modules import switch_config
from test_switch_config_support import KINDS, config_writes, run_switch_module, state, switch_args, typical_change

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_apply_verify_again(fresh_switch_lab, capsys, kind):
    lab, k = fresh_switch_lab, KINDS[kind]
    name = k["switch"]
    before = state(lab, name)
    args = switch_args(lab, name, **typical_change(kind))

    failed, dry = run_switch_module(switch_config, args, capsys, check_mode=True)
    assert not failed, dry["msg"]
    assert dry["changed"] is True
    assert config_writes(lab, name) == []                    # check mode: zero lines sent
    assert state(lab, name) == before
    assert [r["status"] for r in dry["changes"]] == ["planned"] * len(dry["changes"])
    assert k["trunk_line"].split(" vlan ")[0] + " vlan 40" in dry["commands"]       # set-aware: only VLAN 40 added
    assert "+ %s" % k["trunk_line"] in "\n".join("+ " + l.strip() for l in dry["diff"]["after"].split("\n"))

    failed, done = run_switch_module(switch_config, args, capsys)
    assert not failed, done["msg"]
    assert done["changed"] is True and done["saved"] is True
    running = lab.device(name).snapshot()["running"]
    assert k["trunk_line"] in running.replace("\n ", "\n").split("\n")
    assert k["access_line"] in running.replace("\n ", "\n").split("\n")
    assert lab.device(name).snapshot()["saved"] == running     # saved after verify
    statuses = dict((r["action"], r["status"]) for r in done["changes"])
    assert statuses["save_config"] == "applied"
    assert all(r["status"] == "applied" for r in done["changes"])
    writes = config_writes(lab, name)
    results = [w["result"] for w in writes]
    assert results[-1] == "saved"                              # save is the last write, after every line
    if kind == "huawei_vrpv8":
        assert [r for r in results if r.startswith("committed")], results
        assert done["journal"][0]["type"] == "switch_commit"
    else:
        assert set(results[:-1]) == {"applied"}
        assert [e["type"] for e in done["journal"]] == ["switch_section"] * 3

    lab.reset_writes()
    failed, again = run_switch_module(switch_config, args, capsys)
    assert not failed, again["msg"]
    assert again["changed"] is False
    assert config_writes(lab, name) == []                      # idempotent: nothing sent the second time
    assert all(r["status"] == "unchanged" for r in again["changes"])

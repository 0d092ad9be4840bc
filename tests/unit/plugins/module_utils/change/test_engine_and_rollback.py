"""The one change engine and the one rollback policy (module_utils/change/), on both clouds' undo tables."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.undo import UNDO_TABLE as APSARA_UNDO
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Runner, Step, StepFailed, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.planned import PlannedResources
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import (
    GONE, journal_problems, rollback_journal)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.vpc.undo import UNDO_TABLE as ZSTACK_UNDO

ZS_EP, AP_EP = "http://127.0.0.1:8080", "cn-lab-1 http://127.0.0.1:1/"


def _tracker(platform="zstack", endpoint=ZS_EP, check_mode=False):
    return ChangeTracker({"id": "CHG-1"}, platform, endpoint, check_mode=check_mode)


# -- engine ----------------------------------------------------------------------------------------
def test_runner_marks_the_rest_not_started_after_a_failure():
    tracker = _tracker()

    def boom(run, rec):
        run.created(rec, "thing", "t2", name="two")
        raise RuntimeError("lost")

    steps = [Step("create_thing", target("thing", "one"), before={"n": 1}),
             Step("create_thing", target("thing", "two"), apply=boom),
             Step("create_thing", target("thing", "three"), apply=boom, pre_checks=[check_result("c", True, "ok")]),
             Step("create_thing", target("thing", "four"), apply=boom)]
    with pytest.raises(StepFailed) as err:
        Runner(None, tracker).run(steps)
    assert err.value.record["target"] == {"type": "thing", "id": "t2", "name": "two"}
    assert [r["status"] for r in tracker.records] == ["unchanged", "failed", "not_started", "not_started"]
    assert tracker.records[2]["pre_checks"][0]["id"] == "c" and tracker.records[3]["ended_at"]
    assert [j["id"] for j in tracker.journal] == ["t2"]


def test_a_failing_post_check_fails_the_step():
    tracker = _tracker()
    step = Step("create_thing", target("thing", "one"), apply=lambda run, rec: {"id": "t1"},
                verify=lambda run: [check_result("up", False, "not up")])
    with pytest.raises(StepFailed, match="post-check failed: not up"):
        Runner(None, tracker).run([step, Step("create_thing", target("thing", "two"), apply=lambda run, rec: {})])
    assert [r["status"] for r in tracker.records] == ["failed", "not_started"]


def test_validation_raises_the_one_input_error_with_its_checks():
    v = Validation("item x")
    v.check("a", True, "fine", "A", "A")
    v.check("b", False, "broken", "B", "B")
    with pytest.raises(InputError) as err:
        v.raise_if_failed()
    assert err.value.message == "item x: broken" and err.value.problems == ["item x: broken"] and len(err.value.checks) == 2


def test_planned_registry():
    planned = PlannedResources()
    planned.add("vpc", "a", {"n": 1}, first_wins=True)
    planned.add("vpc", "a", {"n": 2}, first_wins=True)
    planned.reserve("l3", 2)
    assert planned.get("vpc", "a") == {"n": 1} and planned.all("vpc") == [{"n": 1}] and planned.reserved("l3") == 2
    assert planned.missing() == "" and not planned.has("vpc", "b")


# -- rollback policy -------------------------------------------------------------------------------
@pytest.mark.parametrize("table, platform, endpoint, entry", [
    (ZSTACK_UNDO, "zstack", ZS_EP, {"op": "create", "type": "l3_network", "id": "u1"}),
    (APSARA_UNDO, "apsara", AP_EP, {"op": "create", "type": "vpc", "id": "vpc-1"}),
])
def test_foreign_and_malformed_entries_are_refused_on_both_clouds(table, platform, endpoint, entry):
    good = dict(entry, platform=platform, endpoint=endpoint, seq=1)

    def here(e):
        return e == endpoint
    assert journal_problems([good], table, here) == []
    cases = [(dict(good, endpoint="elsewhere"), "belongs to endpoint elsewhere"),
             (dict(good, platform="other"), "belongs to platform other"),
             (dict(good, endpoint=None), "belongs to endpoint None"),
             (dict(good, id=None), "is malformed"),
             ("not a mapping", "is malformed"),
             (dict(good, op="delete"), "has op 'delete'"),
             (dict(good, type="teleporter"), "cannot undo")]
    for bad, text in cases:
        problems = journal_problems([good, bad], table, here)
        assert len(problems) == 1 and text in problems[0], (bad, problems)
    assert journal_problems({"not": "a list"}, table, here) == ["the journal is not a list"]


def test_rollback_counts_summary_and_already_gone():
    tracker = _tracker()
    journal = [{"op": "create", "type": "a", "id": "1", "record_uid": "r1"},
               {"op": "create", "type": "b", "id": "2", "record_uid": "r2"},
               {"op": "create", "type": "c", "id": "3", "record_uid": "r3"}]
    out = rollback_journal(tracker, journal, lambda e: GONE if e["id"] == "2" else "deleted")
    assert [r["target"]["id"] for r in tracker.records] == ["3", "2", "1"]        # the list order, reversed
    assert (out["rolled_back"], out["rollback_failed"], out["total"], out["ok"], out["changed"]) == (3, 0, 3, True, True)
    assert out["summary"] == "rolled back: 3 of 3 resource change(s) undone, newest first (1 already gone)"
    assert set(tracker.diff("rollback")["before"]) == {"01 rollback_c 3", "02 rollback_b 2", "03 rollback_a 1"}
    empty = rollback_journal(_tracker(), [], lambda e: "deleted")
    assert empty["total"] == 0 and empty["summary"].startswith("nothing to roll back") and not empty["changed"]


class _Run(object):
    def __init__(self, client):
        self.client = client
        self.wait_timeout = 5


class _DeniedZStack(object):
    """Every read answers as a ZStack whose session is not accepted (wrong account or password)."""

    def get(self, path, params=None, api=None):
        raise ZStackError("ZStack %s failed: ID.1001 invalid session" % api, code="ID.1001", status=401)

    def call(self, *args, **kwargs):
        raise AssertionError("no write after a failed read")


class _DeniedApsara(object):
    """Every read answers as Apsara with an unknown AccessKey: a 404 whose code is not the resource's NotFound."""

    def call_all_pages(self, product, action, params=None):
        raise ApsaraError("Specified access key is not found.", code="InvalidAccessKeyId.NotFound", status=404,
                          product=product, action=action)

    def call(self, *args, **kwargs):
        raise AssertionError("no write after a failed read")


@pytest.mark.parametrize("table, client, entry, code", [
    (ZSTACK_UNDO, _DeniedZStack(), {"op": "create", "type": "l3_network", "id": "u1"}, "ID.1001"),
    (APSARA_UNDO, _DeniedApsara(), {"op": "create", "type": "vpc", "id": "vpc-1"}, "access key is not found"),
    (APSARA_UNDO, _DeniedApsara(), {"op": "create", "type": "eip", "id": "eip-1"}, "access key is not found"),
])
def test_an_auth_error_is_rollback_failed_never_already_gone(table, client, entry, code):
    tracker = _tracker()
    run = _Run(client)
    out = rollback_journal(tracker, [dict(entry, record_uid="r1")], lambda e: table.find(e)(run, e))
    rec = tracker.records[0]
    assert rec["status"] == "rollback_failed" and code in rec["error"] and rec["after"] is None
    assert not out["ok"] and out["rollback_failed"] == 1 and out["summary"].startswith("ROLLBACK FAILED: 1 of 1")
    assert code in out["summary"]

"""Change records, the undo journal and the rollback loop (module_utils/change/tracker.py)."""
import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils import run_facts
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change import tracker as change
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import rollback_journal
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker, check_result, field_diff

CTX = {"id": "CHG-1", "ticket": "ITSM-1", "operator": "alice"}


def _tracker(check_mode=False):
    return ChangeTracker(CTX, "apsara", "https://127.0.0.1:18453", check_mode=check_mode)


def test_applied_step_has_diff_timings_and_journal():
    t = _tracker()
    rec = t.begin("create_vpc", {"type": "vpc", "id": None, "name": "vpc-prod"}, before=None)
    t.created(rec, "vpc", "vpc-1", keys={"RegionId": "cn-lab-1"}, name="vpc-prod")
    t.finish(rec, after={"id": "vpc-1", "cidr": "10.0.0.0/16"},
             post_checks=[check_result("vpc_available", True, "Available")])
    assert rec["status"] == "applied" and t.changed
    assert rec["diff"] == [{"path": "cidr", "before": None, "after": "10.0.0.0/16"},
                           {"path": "id", "before": None, "after": "vpc-1"}]
    assert rec["operator"] == "alice" and rec["ticket"] == "ITSM-1" and rec["duration_s"] >= 0
    assert rec["ended_at"] >= rec["started_at"]
    assert t.journal[0]["op"] == "create" and t.journal[0]["record_uid"] == rec["uid"]
    assert rec["journal_seqs"] == [1]
    res = t.result()
    assert res["report_kind"] == "change" and res["changes"] == [rec] and res["journal"] == t.journal


def test_same_step_of_a_rerun_has_the_same_uid_and_unchanged_is_not_a_change():
    a, b = _tracker(), _tracker()
    ra = a.begin("create_vpc", {"type": "vpc", "id": None, "name": "vpc-prod"})
    rb = b.begin("create_vpc", {"type": "vpc", "id": "vpc-1", "name": "vpc-prod"}, before={"id": "vpc-1"})
    b.unchanged(rb)
    assert ra["uid"] == rb["uid"]
    assert rb["status"] == "unchanged" and rb["diff"] == [] and not b.changed


def test_check_mode_plans_and_journals_nothing():
    t = _tracker(check_mode=True)
    rec = t.begin("create_vpc", {"type": "vpc", "name": "v"})
    assert t.created(rec, "vpc", None) is None
    t.finish(rec, after={"name": "v"})
    assert rec["status"] == "planned" and t.journal == [] and t.changed


def test_failed_step_keeps_error_and_nested_diff():
    t = _tracker()
    rec = t.begin("modify_ri", {"type": "router_interface", "id": "ri-1"}, before={"opposite": {"id": None}})
    t.fail(rec, RuntimeError("boom"), after={"opposite": {"id": "ri-2"}})
    assert rec["status"] == "failed" and rec["error"] == "boom"
    assert rec["diff"] == [{"path": "opposite.id", "before": None, "after": "ri-2"}]


def test_field_diff_reports_removed_keys():
    assert field_diff({"a": 1, "b": 2}, {"a": 1}) == [{"path": "b", "before": 2, "after": None}]


def test_rollback_is_newest_first_and_best_effort():
    t = _tracker()
    r1 = t.begin("create_vpc", {"type": "vpc", "name": "v"})
    t.created(r1, "vpc", "vpc-1")
    t.finish(r1, after={})
    r2 = t.begin("create_vswitch", {"type": "vswitch", "name": "s"})
    t.created(r2, "vswitch", "vsw-1")
    t.finish(r2, after={})
    seen = []

    def undo(entry):
        seen.append(entry["id"])
        if entry["id"] == "vpc-1":
            raise RuntimeError("DependencyViolation")
        return "deleted"

    rb = _tracker()
    out = rollback_journal(rb, t.journal, undo)
    assert seen == ["vsw-1", "vpc-1"]
    assert [r["status"] for r in rb.records] == ["rolled_back", "rollback_failed"]
    assert {k: out[k] for k in ("rolled_back_uids", "failed_uids", "ok", "rolled_back", "rollback_failed", "total")} == {
        "rolled_back_uids": [r2["uid"]], "failed_uids": [r1["uid"]], "ok": False, "rolled_back": 1, "rollback_failed": 1,
        "total": 2}
    assert out["summary"].startswith("ROLLBACK FAILED: 1 of 2 undo step(s) failed") and "DependencyViolation" in out["summary"]
    assert rb.records[1]["rollback_of"] == r1["uid"] and "DependencyViolation" in rb.records[1]["error"]


def test_rollback_in_check_mode_calls_nothing():
    t = _tracker()
    r = t.begin("create_vpc", {"type": "vpc", "name": "v"})
    t.created(r, "vpc", "vpc-1")
    rb = _tracker(check_mode=True)

    def undo(entry):
        raise AssertionError("called in check mode")

    rollback_journal(rb, t.journal, undo)
    assert [x["status"] for x in rb.records] == ["planned"]


def test_unknown_context_gets_defaults(monkeypatch):
    monkeypatch.setattr(run_facts.getpass, "getuser", lambda: "opsuser")
    t = ChangeTracker(None, "zstack", "http://127.0.0.1:18080")
    assert t.context.operator == "opsuser" and t.context.change_id == "unnamed-change"


@pytest.mark.parametrize("status", change.CHANGE_STATUSES)
def test_status_names_are_the_documented_ones(status):
    assert status in open("docs/changes.md").read()


def test_joined_journals_of_several_tasks_roll_back_by_list_position():
    first, second = _tracker(), _tracker()
    a = first.begin("create_vpc", {"type": "vpc", "name": "v"})
    first.created(a, "vpc", "vpc-1")
    b = second.begin("create_nat_gateway", {"type": "nat_gateway", "name": "n"})
    second.created(b, "nat_gateway", "ngw-1")
    second.created(b, "eip", "eip-1")
    joined = first.journal + second.journal          # seq 1, 1, 2: numbering restarts per task
    seen = []
    rollback_journal(_tracker(), joined, lambda e: seen.append(e["id"]) or "deleted")
    assert seen == ["eip-1", "ngw-1", "vpc-1"]

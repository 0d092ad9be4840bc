"""restore_test.py without a cloud: selection, budget, check mode, and the always-cleanup discipline (fake platform)."""

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.restore_test import (
    SCRATCH_PREFIX, RestoreTestError, Runner, restore_test_argument_spec, scratch_name, select, validate_params)


class FakeError(Exception):
    pass


def cand(name, uuid=None, size=10):
    uuid = uuid or "u-" + name
    return {"source": {"type": "volume", "uuid": uuid, "name": name},
            "backup": {"type": "volume_backup", "uuid": "b-" + name, "name": "bk-" + name, "created": "2026-01-01T00:00:00Z"},
            "expected_size": size}


class FakePlatform(object):
    platform = "zstack"
    endpoint = "http://fake:8080"
    source_type = "volume"
    scratch_type = "volume"
    error_type = FakeError

    def __init__(self, candidates, fail_restore=(), half_create=(), bad_size=(), leftovers=()):
        self._candidates = candidates
        self.fail_restore, self.half_create, self.bad_size = set(fail_restore), set(half_create), set(bad_size)
        self.existing = dict((u, n) for u, n in leftovers)
        self.writes = []

    @staticmethod
    def backup_label(source):
        return source

    def candidates(self, source):
        return list(self._candidates), dict((c["source"]["uuid"], c["source"]["name"]) for c in self._candidates)

    @staticmethod
    def lookup(keys):
        return {}

    def list_scratch(self):
        return [{"type": "volume", "uuid": u, "name": n, "created": None} for u, n in self.existing.items() if n.startswith(SCRATCH_PREFIX)]

    def find_scratch(self, name):
        return [u for u, n in self.existing.items() if n == name]

    @staticmethod
    def read_original(uuid):
        return {"uuid": uuid, "size": 10}

    def restore(self, candidate, name, params):
        self.writes.append(("restore", name))
        src = candidate["source"]["name"]
        if src in self.half_create:
            self.existing["half-" + src] = name
        if src in self.fail_restore or src in self.half_create:
            raise FakeError("job failed: injected")
        self.existing["s-" + src] = name
        return "s-" + src

    def wait_usable(self, uuid, timeout):
        return {"uuid": uuid, "size": 5 if uuid[2:] in self.bad_size else 10, "status": "Ready"}

    @staticmethod
    def verify(candidate, scratch):
        return {"state": True, "size": scratch["size"] == candidate["expected_size"]}

    @staticmethod
    def describe_mismatch(key, candidate, scratch):
        return "%s mismatch" % key

    def delete(self, uuid, timeout):
        self.writes.append(("delete", uuid))
        self.existing.pop(uuid, None)
        return True


def params(**extra):
    result = dict((k, v.get("default")) for k, v in restore_test_argument_spec(("volume_backup",)).items())
    result.update(extra)
    return result


def test_scratch_name_has_prefix_run8_and_source():
    assert scratch_name("0123456789abcdef", "DATA-db-01") == "cloudops-restore-01234567-DATA-db-01"
    assert len(scratch_name("0123456789abcdef", "x" * 200)) == 64


def test_validate_params_catches_structure_errors():
    errors = validate_params(params(sample_size=-1, time_budget_seconds=0, wait_timeout=0, content_probe_url="http://x/no-id", resources=[" "]))
    assert len(errors) == 5
    assert validate_params(params(content_probe_url="http://lab/_lab/content/{id}")) == []


def test_select_is_deterministic_and_sized():
    items = [cand("c"), cand("a"), cand("b")]
    assert [c["source"]["name"] for c in select(items, [], 2, {})] == ["a", "b"]
    assert [c["source"]["name"] for c in select(list(reversed(items)), [], 2, {})] == ["a", "b"]


def test_select_by_name_or_uuid_and_unknown_names():
    items = [cand("a"), cand("b")]
    known = {"u-a": "a", "u-b": "b", "u-c": "c"}
    picked = select(items, ["u-b", "a", "c"], 1, known)
    assert [c.get("source", {}) and c["source"]["name"] for c in picked[:2]] == ["b", "a"]
    assert picked[2]["backup"] is None and picked[2]["uuid"] == "u-c"
    with pytest.raises(RestoreTestError, match="nope"):
        select(items, ["a", "nope"], 1, known)


def test_passing_run_cleans_up_and_measures_rto():
    fake = FakePlatform([cand("a")])
    ticks = iter(range(100))
    result = Runner(fake, params(), clock=lambda: next(ticks), run_id="abcdef0123").run()
    row = result["restore_tests"][0]
    assert row["status"] == "passed" and row["cleaned_up"] and row["original_unchanged"]
    assert row["scratch"]["name"] == "cloudops-restore-abcdef01-a"
    assert row["rto_seconds"] == 1
    assert row["checks"] == {"state": True, "size": True, "content": None}
    assert fake.existing == {} and result["changed"]
    assert [(f["check_id"], f["status"]) for f in result["findings"]] == [
        ("zstack_restore_test_failed", "PASS"), ("zstack_restore_rto_exceeded", "PASS"), ("zstack_restore_scratch_left", "PASS")]


def test_verification_failure_still_deletes_and_fails():
    fake = FakePlatform([cand("a")], bad_size=["a"])
    result = Runner(fake, params()).run()
    row = result["restore_tests"][0]
    assert row["status"] == "failed" and row["checks"]["size"] is False and row["cleaned_up"]
    assert fake.existing == {}
    fail = result["findings"][0]
    assert fail["status"] == "FAIL" and fail["check_id"] == "zstack_restore_test_failed" and fail["severity"] == "high"
    assert "a" in fail["message"]["en"] and "「a」" in fail["message"]["zh_CN"]


def test_restore_error_removes_half_created_scratch():
    fake = FakePlatform([cand("a"), cand("b")], half_create=["a"], fail_restore=["b"])
    result = Runner(fake, params(sample_size=2)).run()
    rows = result["restore_tests"]
    assert [r["status"] for r in rows] == ["error", "error"]
    assert all("injected" in r["error"] and r["cleaned_up"] and r["scratch"]["uuid"] is None for r in rows)
    assert fake.existing == {}
    assert ("delete", "half-a") in fake.writes


def test_check_mode_plans_and_writes_nothing():
    fake = FakePlatform([cand("a"), cand("b")], leftovers=[("old", "cloudops-restore-00000000-x")])
    result = Runner(fake, params(sample_size=5, cleanup_leftovers=True), check_mode=True).run()
    assert [r["status"] for r in result["restore_tests"]] == ["planned", "planned"]
    assert fake.writes == [] and not result["changed"]
    assert result["leftovers"] == [{"type": "volume", "uuid": "old", "name": "cloudops-restore-00000000-x", "created": None, "cleaned": False}]


def test_time_budget_stops_new_restores():
    fake = FakePlatform([cand("a"), cand("b"), cand("c")])
    ticks = iter([0, 0, 5, 6, 100, 100, 100, 100])
    result = Runner(fake, params(sample_size=3, time_budget_seconds=50), clock=lambda: next(ticks)).run()
    assert [r["status"] for r in result["restore_tests"]] == ["passed", "not_run", "not_run"]
    assert "time budget" in result["restore_tests"][1]["error"]
    assert len([w for w in fake.writes if w[0] == "restore"]) == 1


def test_leftovers_listed_and_cleaned_on_request():
    left = [("old", "cloudops-restore-00000000-x")]
    fake = FakePlatform([], leftovers=left)
    result = Runner(fake, params()).run()
    assert result["leftovers"][0]["cleaned"] is False and not result["changed"] and "old" in fake.existing
    result = Runner(fake, params(cleanup_leftovers=True)).run()
    assert result["leftovers"][0]["cleaned"] is True and result["changed"] and fake.existing == {}


def test_findings_come_from_the_catalogue_bilingual_and_muteable():
    fake = FakePlatform([cand("a"), cand("b")], bad_size=["a", "b"])
    mute = {"check": "zstack_restore_test_failed", "resource": "b", "reason": "known broken backup CHG-7", "expires": "2099-01-01"}
    result = Runner(fake, params(sample_size=2, mutes=[mute])).run()
    failed = dict((f["resource"]["name"], f) for f in result["findings"] if f["check_id"] == "zstack_restore_test_failed")
    assert failed["a"]["status"] == "FAIL" and failed["b"]["status"] == "MUTED"
    assert failed["a"]["title"]["zh_CN"] == "云盘备份或快照恢复测试失败" and failed["a"]["title"]["en"].startswith("Restore test")
    assert failed["a"]["message"]["en"] == "Restore test of volume a from volume_backup bk-a failed: size mismatch"
    assert [c["id"] for c in result["checks_run"]] == [
        "zstack_restore_test_failed", "zstack_restore_rto_exceeded", "zstack_restore_scratch_left"]
    assert set(result) >= {"report_kind", "platform", "endpoint", "findings", "summary", "checks_run", "collection"}


def test_rto_target_is_a_threshold_and_skips_are_honoured():
    fake = FakePlatform([cand("a")])
    ticks = iter(range(0, 1000, 10))  # every clock read is 10 s later: the restore takes 10 s
    result = Runner(fake, params(thresholds={"zstack_restore_rto_exceeded": {"max_rto_seconds": 5}},
                                 skip_checks=["zstack_restore_scratch_left"]), clock=lambda: next(ticks)).run()
    rto = [f for f in result["findings"] if f["check_id"] == "zstack_restore_rto_exceeded"]
    assert [(f["status"], f["evidence"]["rto_seconds"]) for f in rto] == [("FAIL", 10)]
    assert "5 s" in rto[0]["message"]["en"] and "5 秒" in rto[0]["message"]["zh_CN"]
    assert not [f for f in result["findings"] if f["check_id"] == "zstack_restore_scratch_left"]


def test_scratch_left_behind_fails():
    class StickyPlatform(FakePlatform):
        def delete(self, uuid, timeout):
            raise FakeError("DeleteDataVolume refused")

    fake = StickyPlatform([cand("a")], leftovers=[("old", "cloudops-restore-00000000-x")])
    result = Runner(fake, params(cleanup_leftovers=True)).run()
    left = dict((f["resource"]["name"], f) for f in result["findings"] if f["check_id"] == "zstack_restore_scratch_left")
    assert sorted(left) == ["cloudops-restore-00000000-x", result["restore_tests"][0]["scratch"]["name"]]
    assert all(f["status"] == "FAIL" for f in left.values())
    assert "earlier, interrupted run" in left["cloudops-restore-00000000-x"]["message"]["en"]

# -*- coding: utf-8 -*-
from __future__ import annotations

import json
import os

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.model import REPORT_SCHEMA_VERSION
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.output import find_previous

from .synthetic import build_doc, inspection_result


def test_document_shape():
    doc = build_doc()
    assert doc["schema_version"] == REPORT_SCHEMA_VERSION
    assert doc["kind"] == "inspection"
    assert set(doc) >= {"run", "endpoints", "findings", "score", "delta", "summary"}
    assert set(doc["run"]) >= {"id", "started", "ended", "complete", "incomplete_reasons", "playbook", "operator",
                               "ansible_version", "collection_version", "language"}
    names = [e["name"] for e in doc["endpoints"]]
    assert names == sorted(names)
    down = [e for e in doc["endpoints"] if e["name"] == "zs-down"][0]
    assert down["status"] == "failed" and "connection refused" in down["error"]
    assert doc["run"]["complete"] is False
    assert any("zs-down" in r for r in doc["run"]["incomplete_reasons"])
    ok = [e for e in doc["endpoints"] if e["name"] == "zs-a"][0]
    assert ok["status"] == "ok" and ok["checks_run"] and ok["capacity"]["hosts"]
    # every finding knows the inventory host it came from
    assert all(f["host"] in ("zs-a", "zs-b<i>") for f in doc["findings"])
    # open problems first
    assert doc["findings"][0]["status"] == "FAIL"
    json.dumps(doc)


def test_complete_run_when_nothing_failed():
    doc = build_doc(failed_endpoint=False)
    assert doc["run"]["complete"] is True and doc["run"]["incomplete_reasons"] == []


def test_unrelated_later_failure_keeps_endpoint_data_but_marks_incomplete():
    b = make_builder("inspection")
    b.add_result("zs-a", inspection_result(n=10))
    b.add_failure("zs-a", {"msg": "later task broke"}, task_name="post", report_task=False)
    doc = b.build({"id": "r1", "started": "2026-01-01T00:00:00Z"})
    ep = doc["endpoints"][0]
    assert ep["status"] == "ok" and any("later task broke" in w for w in ep["warnings"])
    assert doc["run"]["complete"] is False


def test_unreachable_host_without_material_is_a_failed_endpoint():
    b = make_builder("inspection")
    b.add_failure("zs-x", {"msg": "ssh: no route"}, unreachable=True, report_task=False)
    doc = b.build({"id": "r1", "started": "2026-01-01T00:00:00Z"})
    assert doc["endpoints"][0]["status"] == "failed" and doc["endpoints"][0]["unreachable"]


def test_collection_errors_become_endpoint_warnings():
    r = inspection_result(n=5)
    r["collection"]["errors"] = {"vms": "HTTP 503"}
    b = make_builder("inspection")
    b.add_result("zs-a", r)
    doc = b.build({"id": "r1", "started": "x"})
    assert any("vms" in w and "503" in w for w in doc["endpoints"][0]["warnings"])


def test_write_layout_latest_index_and_previous(tmp_path):
    out = str(tmp_path)
    first = build_doc(run_id="20260101T000000Z-000001", started="2026-01-01T00:00:00Z")
    w = output.write_report(first, out, "en")
    kind = os.path.join(out, "inspection")
    for name in ("report.json", "report.html", "report.md", "junit.xml"):
        assert os.path.isfile(os.path.join(kind, "20260101T000000Z-000001", name))
    assert os.path.islink(os.path.join(kind, "latest"))
    assert w["dir"] == os.path.join(kind, "20260101T000000Z-000001")
    prev = find_previous(out, "inspection")
    assert prev["run"]["id"] == "20260101T000000Z-000001"
    second = build_doc(run_id="20260102T000000Z-000002", started="2026-01-02T00:00:00Z", previous=prev)
    assert second["delta"]["previous_run_id"] == "20260101T000000Z-000001"
    assert second["delta"]["new"] == [] and len(second["delta"]["persisting"]) == second["summary"]["by_status"]["FAIL"]
    output.write_report(second, out, "zh_CN")
    assert os.readlink(os.path.join(kind, "latest")) == "20260102T000000Z-000002"
    with open(os.path.join(kind, "index.json")) as fh:
        runs = json.load(fh)["runs"]
    assert [r["id"] for r in runs] == ["20260102T000000Z-000002", "20260101T000000Z-000001"]
    assert runs[0]["score"] == second["score"]["overall"]["score"]
    assert os.path.isfile(os.path.join(kind, "index.html"))
    assert not [n for n in os.listdir(kind) if n.startswith(".")]


def test_latest_pointer_file_fallback(tmp_path, monkeypatch):
    def no_symlinks(*args, **kwargs):
        raise OSError("symlinks not supported")
    monkeypatch.setattr(os, "symlink", no_symlinks)
    out = str(tmp_path)
    output.write_report(build_doc(run_id="r-1"), out, "en")
    latest = os.path.join(out, "inspection", "latest")
    assert os.path.isfile(latest)
    with open(latest) as fh:
        assert fh.read().strip() == "r-1"
    assert find_previous(out, "inspection")["run"]["id"] == "r-1"


def test_find_previous_tolerates_garbage(tmp_path):
    kind = tmp_path / "inspection" / "r1"
    kind.mkdir(parents=True)
    (kind / "report.json").write_text("not json")
    os.symlink("r1", str(tmp_path / "inspection" / "latest"))
    assert find_previous(str(tmp_path), "inspection") is None
    assert find_previous(str(tmp_path), "backup") is None


def test_json_only_subset_always_writes_json(tmp_path):
    w = output.write_report(build_doc(), str(tmp_path), "en", ["md"])
    assert set(w) == {"json", "md", "dir"}

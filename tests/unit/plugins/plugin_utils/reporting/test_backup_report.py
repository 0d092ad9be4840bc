# -*- coding: utf-8 -*-
"""The backup report (kind `backup`): merging validate + restore results, rendering, JUnit, re-rendering."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output, render_html, render_junit, render_markdown
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder

from .synthetic import SOURCE_HOSTILE, backup_validate_result, build_backup_doc, restore_test_result
from .test_render_html import parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", ".."))
RUN = {"id": "20260127T100000Z-cccccc", "started": "2026-01-27T10:00:00Z", "language": "en"}


@pytest.fixture(scope="module")
def doc():
    return build_backup_doc()


def test_validate_and_restore_merge_into_one_endpoint(doc):
    eps = dict((e["name"], e) for e in doc["endpoints"])
    assert sorted(eps) == ["zs-a", "zs-b"] and doc["kind"] == "backup"
    a = eps["zs-a"]
    assert a["status"] == "ok" and len(a["protection"]) == 5 and len(a["policies"]) == 2 and len(a["jobs"]) == 2
    assert a["coverage"] == {"required": 4, "protected": 3, "pct": 75.0}
    assert len(a["restore_tests"]) == 2 and len(a["leftovers"]) == 1
    assert [c["id"] for c in a["checks_run"]][-1] == "zstack_restore_test_failed" and len(a["checks_run"]) == 4
    # findings of both modules, summary recomputed over both
    assert a["summary"]["total"] == 6 and a["summary"]["by_status"]["FAIL"] == 4
    assert a["collection"]["api_calls"] == 21
    b = eps["zs-b"]
    assert b["restore_tests"] == [] and b["leftovers"] == [] and b["coverage"]["pct"] == 75.0
    assert doc["run"]["complete"] is True


def test_merge_is_order_independent_and_keyed_by_host():
    b = make_builder("backup")
    b.add_result("zs-a", restore_test_result(endpoint="https://zstack.example:8080/"))
    b.add_result("zs-a", backup_validate_result())
    d = b.build(dict(RUN))
    assert len(d["endpoints"]) == 1
    e = d["endpoints"][0]
    assert len(e["restore_tests"]) == 2 and len(e["protection"]) == 5
    assert e["endpoint"] == "https://zstack.example:8080/"


def test_backup_summary_numbers(doc):
    s = doc["backup"]
    assert s["coverage"]["required"] == 8 and s["coverage"]["protected"] == 6 and s["coverage"]["pct"] == 75.0
    assert s["coverage"]["by_endpoint"]["zs-a"]["pct"] == 75.0
    assert s["jobs"] == {"failed": 2, "stale": 0}
    assert s["rpo_breaches"] == 4  # stale (80.5 h) and failing (30 h) against 24 h, on both endpoints
    t = s["restore_tests"]
    assert (t["total"], t["passed"], t["failed"]) == (2, 1, 1)
    assert t["rto_seconds"] == {"min": 1.2, "max": 2.8, "avg": 2.0, "measured": 2}
    assert s["leftovers"] == {"found": 1, "cleaned": 1}
    assert s["protection"]["unprotected"] == 2
    # the score is the usual scoring over the backup findings (all in pillar backup)
    assert doc["score"]["overall"]["score"] == doc["score"]["pillars"]["backup"]["score"]
    assert doc["score"]["pillars"]["backup"]["open_critical"] == 1  # the failed restore test


def test_coverage_counted_from_rows_when_module_gives_none():
    result = backup_validate_result()
    del result["coverage"]
    b = make_builder("backup")
    b.add_result("zs-a", result)
    d = b.build(dict(RUN))
    assert d["backup"]["coverage"]["required"] == 4 and d["backup"]["coverage"]["protected"] == 3


def test_failed_restore_task_marks_endpoint_failed_and_run_incomplete():
    d = build_backup_doc(failed_restore_host=True)
    eps = dict((e["name"], e) for e in d["endpoints"])
    assert eps["zs-b"]["status"] == "failed" and "restore timed out" in eps["zs-b"]["error"]
    assert len(eps["zs-b"]["protection"]) == 5  # what validate delivered stays
    assert d["run"]["complete"] is False and any("zs-b" in r for r in d["run"]["incomplete_reasons"])


def test_failed_validate_without_any_result_is_a_failed_endpoint():
    b = make_builder("backup")
    b.add_failure("zs-x", {"msg": "401 unauthorized", "platform": "zstack"}, task_name="validate")
    b.add_result("zs-x", restore_test_result())
    d = b.build(dict(RUN))
    assert len(d["endpoints"]) == 1 and d["endpoints"][0]["status"] == "failed"
    assert d["endpoints"][0]["protection"] == [] and len(d["endpoints"][0]["restore_tests"]) == 2
    assert d["run"]["complete"] is False


@pytest.mark.parametrize("lang,title", [("en", "Backup report"), ("zh_CN", "备份报告")])
def test_html_both_languages_hostile_source_escaped(doc, lang, title):
    html = render_html.render(doc, lang)
    assert "<script>alert" not in html and "</script><script>" not in html
    p = parse(html)
    assert [s[0].get("type") for s in p.scripts] == ["application/json", None]
    assert "b" in p.tags and "x" not in p.tags
    text = "".join(p.text)
    assert title in text
    assert SOURCE_HOSTILE in text and "content marker mismatch </script><script>alert(5)</script>" in text
    # executive summary first, then policies, protection, jobs, restore tests, leftovers, findings, full table
    sections = ("summary", "bk-policies", "bk-protection", "bk-jobs", "bk-restore", "bk-leftovers", "bk-findings", "delta", "findings")
    order = [html.index('id="%s"' % s) for s in sections]
    assert order == sorted(order)
    assert 'id="capacity"' not in html and 'id="chart-rpo"' in html and "<svg" in html
    # unprotected first in the protection table
    table = html[html.index('id="bk-protection-table"'):]
    assert table.index("pr-unprotected") < table.index("pr-stale") < table.index("pr-failing") < table.index("pr-ok")
    island = json.loads(p.scripts[0][1])
    assert SOURCE_HOSTILE in set(r[6] for r in island["rows"])


def test_markdown_escapes_and_has_backup_sections(doc):
    md = render_markdown.render(doc, "en")
    assert md.startswith("# Backup report")
    for heading in ("## Backup policies", "## Protection per resource", "## Failed backup jobs", "## Restore tests",
                    "## Leftover scratch resources", "## Findings and remediation"):
        assert heading in md
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "weekly \\| backup" in md and "| 1.2 |" in md
    assert "**Unprotected**" in md and "**80.5 / 24**" in md
    assert "[link](javascript" not in md
    zh = render_markdown.render(doc, "zh_CN")
    assert zh.startswith("# 备份报告") and "## 恢复演练" in zh and "最短 1.2 / 平均 2.0 / 最长 2.8" in zh
    for text in (md, zh):
        assert "\u201c" not in text and "\u201d" not in text


def test_junit_counts_include_restore_tests():
    d = build_backup_doc(failed_restore_host=True)
    root = ET.fromstring(render_junit.render(d, "en").encode("utf-8"))
    cases = root.findall(".//testcase")
    checks = sum(len(e["checks_run"]) for e in d["endpoints"])
    restores = sum(len(e["restore_tests"]) for e in d["endpoints"])
    assert len(cases) == checks + restores + 1 and int(root.get("tests")) == len(cases)
    rt = [c for c in cases if c.get("name").startswith("restore_test: ")]
    assert len(rt) == 2
    failed = [c for c in rt if c.find("failure") is not None]
    assert len(failed) == 1 and SOURCE_HOSTILE in failed[0].get("name") and failed[0].get("time") == "2.800"
    assert [c for c in cases if c.get("name") == "backup"][0].find("error") is not None


def test_junit_planned_restore_is_skipped():
    result = restore_test_result()
    for t in result["restore_tests"]:
        t.update(status="planned", scratch=None, rto_seconds=None, cleaned_up=False)
    b = make_builder("backup")
    b.add_result("zs-a", result)
    d = b.build(dict(RUN))
    root = ET.fromstring(render_junit.render(d, "en").encode("utf-8"))
    assert root.get("skipped") == "2"
    assert d["backup"]["restore_tests"]["planned"] == 2 and d["backup"]["restore_tests"]["rto_seconds"]["avg"] is None
    html = render_html.render(d, "zh_CN")
    assert "计划 2 个（检查模式）" in html


def test_write_and_rerender_backup_report(tmp_path, doc):
    written = output.write_report(doc, str(tmp_path / "reports"), "en")
    assert written["dir"].endswith(os.path.join("backup", doc["run"]["id"]))
    assert os.path.islink(str(tmp_path / "reports" / "backup" / "latest"))
    index = json.loads((tmp_path / "reports" / "backup" / "index.json").read_text())
    assert index["runs"][0]["backup"]["coverage_pct"] == 75.0 and index["runs"][0]["backup"]["restore_failed"] == 1
    stored = json.loads(open(written["json"], encoding="utf-8").read())
    assert stored["schema_version"] and stored["backup"]["restore_tests"]["passed"] == 1
    out = tmp_path / "zh"
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "render_report.py"), written["json"],
                           "--language", "zh_CN", "--out", str(out)], capture_output=True, text=True, check=False, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "备份报告" in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# 备份报告")
    assert "restore_test: " in (out / "junit.xml").read_text(encoding="utf-8")

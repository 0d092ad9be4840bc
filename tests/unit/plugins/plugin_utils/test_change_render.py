# -*- coding: utf-8 -*-
"""The change report's renderers (HTML, Markdown, JUnit), its files on disk and re-rendering from JSON."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import (
    output,
    render_change_html,
    render_change_junit,
    render_change_markdown,
)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.output import load_report

from . import change_synthetic as cs
from .test_change_model import EXTRA, HOST, RUN, failed_and_rolled_back

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
HOSTILE_STEPS = cs.STEPS[:1] + (("create_vswitch", "vswitch", cs.HOSTILE, None, {"VSwitchId": "vsw-x", "Description": "a | b `c` *d*"},
                                 "vswitch", "vsw-x"),)


def rolled_back_doc(run_id=RUN["id"]):
    b = make_builder("change")
    failed_and_rolled_back(b)
    b.add_result("zstack-lab", cs.apply_result(platform="zstack", endpoint="https://127.0.0.2:18443", steps=HOSTILE_STEPS,
                                               ctx=cs.change(title=cs.HOSTILE)))
    b.add_failure("zstack-lab", {"msg": "boom %s" % cs.HOSTILE}, task_name="verify", report_task=False)
    return b.build(dict(RUN, id=run_id))


def dry_run_doc():
    b = make_builder("change")
    b.add_result(HOST, cs.window_result([HOST], opens_in=600, check_mode=True))
    b.add_result(HOST, cs.plan_result(steps=cs.STEPS + EXTRA))
    b.add_result(HOST, cs.apply_result(check_mode=True))
    return b.build(dict(RUN, id="20261127T150000Z-d00d00"))


def test_html_sections_and_escaping():
    doc = rolled_back_doc()
    html = render_change_html.render(doc, "en")
    assert "<title>Change report · CHG-2026-1127-01" in html and 'data-outcome="rolled_back"' in html
    assert "Failed and rolled back" in html and "ITSM-4711" in html and "Asia/Shanghai" in html
    for section in ("summary", "change", "targets", "planned", "sec-changed", "sec-failed", "sec-rolled_back",
                    "sec-rollback_steps", "sec-not_started", "run"):
        assert 'id="%s"' % section in html
    assert cs.HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html and "<script" not in html and " src=" not in html and "href=" not in html
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "rollback_vpc" in html and "was: Applied" in html and "undone by 1 rollback step(s)" in html
    assert "InvalidVSwitchId.NotFound" in html and "not started: the change stopped before this step" in html
    assert "10.10.1.0/24" in html                      # before/after table of a step
    assert 'id="dry-run"' not in html


def test_html_dry_run_and_chinese():
    html = render_change_html.render(dry_run_doc(), "zh_CN")
    assert '<html lang="zh-CN">' in html and "变更报告" in html and 'id="dry-run"' in html and "演练（检查模式）" in html
    assert "演练完成（未做变更）" in html and "将变更" in html and "未到窗口时间" in html
    assert "将变更（演练）" in html                      # the changed section is labelled as a dry run


def test_markdown():
    doc = rolled_back_doc()
    md = render_change_markdown.render(doc, "en")
    assert md.startswith("# Change report\n") and "## Outcome: Failed and rolled back" in md
    assert "## Targets and steps" in md and "### apsara-lab · Rolled back" in md and "## Rolled back (3)" in md
    assert cs.HOSTILE not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "a \\| b \\`c\\` \\*d\\*" in md
    assert "| 8 | rollback\\_vpc | vpc-prod (vpc) | Rolled back |" in md
    md_zh = render_change_markdown.render(dry_run_doc(), "zh_CN")
    assert md_zh.startswith("# 变更报告 (演练)") and "演练（检查模式）" in md_zh and "## 变更结果: 演练完成（未做变更）" in md_zh


def test_junit_mapping():
    doc = rolled_back_doc()
    root = ET.fromstring(render_change_junit.render(doc, "en").split("\n", 1)[1])
    suites = dict((s.get("name"), s) for s in root.findall("testsuite"))
    apsara = suites[HOST]
    cases = apsara.findall("testcase")
    assert [c.get("name") for c in cases][:3] == ["01 create_vpc vpc-prod (vpc)", "02 create_vswitch vsw-a (vswitch)",
                                                  "03 create_vswitch vsw-b (vswitch)"]
    assert [c.find("failure").get("message") for c in cases[:3]] == ["rolled back"] * 3
    assert [c.find("skipped") is not None for c in cases[3:5]] == [True, True]
    assert [c.find("failure") is None and c.find("skipped") is None for c in cases[5:]] == [True] * 3  # undo steps pass
    assert apsara.get("tests") == "8" and apsara.get("failures") == "3" and apsara.get("skipped") == "2"
    zs = suites["zstack-lab"]
    assert zs.find("testcase[@name='change']/error") is not None and zs.get("errors") == "1"

    b = make_builder("change")
    failed_and_rolled_back(b, fail_types=("vpc",))
    root = ET.fromstring(render_change_junit.render(b.build(RUN), "zh_CN").split("\n", 1)[1])
    failures = root.findall(".//failure")
    assert sorted(set(f.get("type") for f in failures)) == ["rollback_failed", "rolled_back"]
    assert any("DependencyViolation" in (f.get("message") or "") for f in failures)


def test_written_layout_index_and_rerender(tmp_path):
    out = str(tmp_path / "reports")
    first = output.write_report(dry_run_doc(), out, "en")
    second = output.write_report(rolled_back_doc(run_id="20261127T160000Z-0b0b0b"), out, "zh_CN")
    kind_dir = os.path.join(out, "change")
    assert os.path.realpath(os.path.join(kind_dir, "latest")) == os.path.realpath(second["dir"])
    for name in ("report.json", "report.html", "report.md", "junit.xml"):
        assert os.path.isfile(os.path.join(second["dir"], name)) and os.path.isfile(os.path.join(first["dir"], name))
    index = json.load(open(os.path.join(kind_dir, "index.json"), encoding="utf-8"))
    assert index["kind"] == "change"
    assert [(r["id"], r["outcome"], r["check_mode"]) for r in index["runs"]] == [
        ("20261127T160000Z-0b0b0b", "rolled_back", False), ("20261127T150000Z-d00d00", "dry_run", True)]
    assert index["runs"][0]["change_ids"] == ["CHG-2026-1127-01"] and index["runs"][0]["by_status"]["rolled_back"] == 3
    index_html = open(os.path.join(kind_dir, "index.html"), encoding="utf-8").read()
    assert "变更失败，已回滚" in index_html and "20261127T150000Z-d00d00/report.html" in index_html

    doc = load_report(second["json"])
    assert doc["kind"] == "change" and doc["outcome"]["status"] == "rolled_back"
    rerendered = tmp_path / "en"
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "render_report.py"), second["json"], "--language", "en",
                           "--out", str(rerendered)], capture_output=True, text=True, check=False, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert (rerendered / "report.html").read_text(encoding="utf-8") == render_change_html.render(doc, "en")
    assert (rerendered / "report.md").read_text(encoding="utf-8").startswith("# Change report")
    assert "rolled back" in (rerendered / "junit.xml").read_text(encoding="utf-8")


def test_no_secret_in_any_artifact(tmp_path):
    b = make_builder("change")
    leaky = cs.apply_result(extra_after={"AccessKeySecret": cs.SECRET})
    leaky["invocation"] = {"module_args": {"access_key_secret": cs.SECRET, "password": cs.SECRET}}
    b.add_result(HOST, leaky)
    written = output.write_report(b.build(RUN), str(tmp_path / "r"), "en")
    for fmt in ("json", "html", "md", "junit"):
        assert cs.SECRET not in open(written[fmt], encoding="utf-8").read(), fmt
    assert cs.SECRET not in open(os.path.join(str(tmp_path / "r"), "change", "index.json"), encoding="utf-8").read()

# -*- coding: utf-8 -*-
from __future__ import annotations

import os
import subprocess
import sys

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output

from .synthetic import build_doc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", ".."))


def test_rerender_from_json_in_other_language(tmp_path):
    written = output.write_report(build_doc(n=40), str(tmp_path / "reports"), "en")
    out = tmp_path / "zh"
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "render_report.py"), written["json"],
                           "--language", "zh_CN", "--out", str(out), "--formats", "html,md,junit"],
                          capture_output=True, text=True, check=False, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "巡检报告" in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# 巡检报告")
    assert (out / "junit.xml").exists() and not (out / "report.json").exists()


def test_rejects_non_report(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{}")
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "render_report.py"), str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "not a cloudops report" in proc.stderr

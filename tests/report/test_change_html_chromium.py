# -*- coding: utf-8 -*-
"""Open rendered change reports in headless Chromium: they render, log no console errors and fetch nothing.
Saves tests/output/change-report-screenshot.png as an artifact."""
from __future__ import annotations

import os
import re

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output

from tests.unit.plugins.plugin_utils.test_change_render import dry_run_doc, rolled_back_doc

from .test_html_chromium import CHROMIUM, ROOT, console_problems, flags, net_requests, run

ARTIFACT = os.path.join(ROOT, "tests", "output", "change-report-screenshot.png")

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason="%s not installed (apt-get install chromium) - HTML not checked in a browser" % CHROMIUM)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chromium-change")
    out = str(tmp / "reports")
    dry = output.write_report(dry_run_doc(), out, "zh_CN")
    failed = output.write_report(rolled_back_doc(run_id="20261127T160000Z-0b0b0b"), out, "en")
    return tmp, dry["html"], failed["html"], os.path.join(out, "change", "index.html")


def test_rolled_back_report_renders_escaped_without_errors_or_network(reports):
    tmp, _dry, html_path, _index = reports
    proc = run(flags(tmp, "failed") + ["--dump-dom", "file://" + html_path])
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert 'data-outcome="rolled_back"' in dom and "Failed and rolled back" in dom
    assert len(re.findall(r'<tr class="step s-', dom)) >= 10
    assert dom.count("<details>") >= 8
    assert "<script>alert" not in dom and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert console_problems(proc.stderr) == []
    assert net_requests(str(tmp / "netlog-failed.json")) == []


def test_dry_run_report_and_index(reports):
    tmp, dry_path, _failed, index_path = reports
    proc = run(flags(tmp, "dry") + ["--dump-dom", "file://" + dry_path])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'id="dry-run"' in proc.stdout and "演练完成" in proc.stdout
    assert console_problems(proc.stderr) == [] and net_requests(str(tmp / "netlog-dry.json")) == []
    proc = run(flags(tmp, "index") + ["--dump-dom", "file://" + index_path])
    assert proc.returncode == 0 and "20261127T160000Z-0b0b0b/report.html" in proc.stdout
    assert console_problems(proc.stderr) == [] and net_requests(str(tmp / "netlog-index.json")) == []


def test_screenshot_artifact(reports):
    tmp, _dry, html_path, _index = reports
    os.makedirs(os.path.dirname(ARTIFACT), exist_ok=True)
    if os.path.exists(ARTIFACT):
        os.unlink(ARTIFACT)
    proc = run(flags(tmp, "shot") + ["--window-size=1280,2400", "--hide-scrollbars", "--screenshot=%s" % ARTIFACT,
                                     "file://" + html_path])
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(ARTIFACT, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(ARTIFACT) > 50000
    assert console_problems(proc.stderr) == [] and net_requests(str(tmp / "netlog-shot.json")) == []

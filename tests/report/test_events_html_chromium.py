# -*- coding: utf-8 -*-
"""Open the events and incident reports (zh_CN and en) in headless Chromium: they render, log no console errors and
fetch nothing; the history pages link to the runs."""
from __future__ import annotations

import os

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output

from tests.unit.plugins.plugin_utils.reporting.test_events_report import episode, result

from .test_html_chromium import CHROMIUM, console_problems, flags, net_requests, run

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason="%s not installed (apt-get install chromium) - HTML not checked in a browser" % CHROMIUM)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chromium-events")
    out = str(tmp / "reports")
    b = kinds.make_builder("events")
    b.add_result("zs-a", result([episode("vm-1", "2026-12-07T08:00:00Z"), episode("<img src=x>", "2026-12-07T09:00:00Z")],
                                "2026-12-07T09:05:00Z"))
    events = output.write_report(b.build({"id": "20261207T120000Z-e1e1e1", "started": "2026-12-07T12:00:00Z"}, None), out, "zh_CN")
    inc = kinds.make_builder("incident")
    inc.add_result("localhost", {"incident": {"incident_id": "INC-1", "title": "<b>storm</b>", "priority": "P1", "status": "open",
                                              "opened_at": "2026-12-07T09:10:00Z", "events": [], "timeline": [
                                                  {"at": "2026-12-07T09:10:00Z", "entry": "opened", "actor": "alice", "text": "x"}],
                                              "evidence": {"hosts": [{"name": "kvm-a-02"}]}, "follow_ups": []}})
    incident = output.write_report(inc.build({"id": "20261207T121000Z-f1f1f1", "started": "2026-12-07T12:10:00Z"}, None), out, "en")
    return tmp, events["html"], incident["html"], os.path.join(out, "events", "index.html")


@pytest.mark.parametrize("which, words", [(1, ("事件清单", "响应 SLA")), (2, ("Incident report", "Timeline"))])
def test_renders_escaped_without_errors_or_network(pages, which, words):
    tmp, path = pages[0], pages[which]
    proc = run(flags(tmp, "p%d" % which) + ["--dump-dom", "file://" + path])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert all(w in proc.stdout for w in words)
    assert "<img src=x>" not in proc.stdout and "<b>storm" not in proc.stdout
    assert console_problems(proc.stderr) == [] and net_requests(str(tmp / ("netlog-p%d.json" % which))) == []


def test_the_index_links_to_the_run(pages):
    tmp, index = pages[0], pages[3]
    proc = run(flags(tmp, "index") + ["--dump-dom", "file://" + index])
    assert proc.returncode == 0 and 'href="20261207T120000Z-e1e1e1/report.html"' in proc.stdout

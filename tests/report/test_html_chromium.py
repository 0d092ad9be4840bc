# -*- coding: utf-8 -*-
"""Open a rendered report in headless Chromium: it renders, runs its script without errors and
fetches nothing.  Saves tests/output/report-screenshot.png as an artifact."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.kinds import make_builder

from tests.unit.plugins.plugin_utils.reporting.synthetic import inspection_result

CHROMIUM = "/usr/bin/chromium"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACT = os.path.join(ROOT, "tests", "output", "report-screenshot.png")

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason="%s not installed (apt-get install chromium) - HTML not checked in a browser" % CHROMIUM)


def flags(tmp_path, name):
    return [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", "--user-data-dir=%s" % (tmp_path / ("profile-" + name)),
            "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
            "--log-net-log=%s" % (tmp_path / ("netlog-%s.json" % name)), "--virtual-time-budget=5000"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chromium-report")
    out = str(tmp / "reports")
    previous = None
    for i in range(2):
        b = make_builder("inspection")
        b.add_result("zstack-prod", inspection_result(n=1300, hostile=True, seed=1 + i))
        b.add_result("zstack-dr", inspection_result(endpoint="https://dr.example", n=700, seed=5))
        if i:
            b.add_failure("zstack-edge", {"msg": "HTTPSConnectionPool(host='edge'): connection refused"}, task_name="inspect")
        doc = b.build({"id": "2026012%dT100000Z-00000%d" % (i, i), "started": "2026-01-2%dT10:00:00Z" % i,
                       "playbook": "inspect.yml", "operator": "alice", "ansible_version": "2.19.14",
                       "collection_version": "0.1.0"}, previous)
        written = output.write_report(doc, out, "en")
        previous = doc
    return tmp, written["html"], doc


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def net_requests(netlog):
    """URLs the *page* asked the network for, from a Chromium net log.

    Chromium's own background traffic (update checks, time sync, accounts) has the initiator
    "not an origin" and no file:// isolation key; requests made on behalf of our file:// page
    have initiator "null" and a file:// network isolation key.  file:/data: URLs are not network.
    """
    try:
        with open(netlog, encoding="utf-8") as fh:
            text = fh.read()
        try:
            events = json.loads(text).get("events") or []
        except ValueError:  # a log left unterminated by the exiting browser
            events = json.loads(text.rstrip().rstrip(",") + "]}").get("events") or []
    except (OSError, ValueError):
        return ["<unreadable net log %s>" % netlog]
    urls = set()
    for ev in events:
        params = ev.get("params") or {}
        url = params.get("url")
        if not url or "initiator" not in params or url.startswith(("file:", "data:", "about:", "chrome")):
            continue
        if params["initiator"] != "not an origin" or "file://" in str(params.get("network_isolation_key")):
            urls.add(url)
    return sorted(urls)


def console_problems(stderr):
    lines = [ln for ln in stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln or "Content Security Policy" in ln]
    return lines


def test_renders_without_errors_or_network(report):
    tmp, html_path, doc = report
    assert len(doc["findings"]) == 2000
    proc = run(flags(tmp, "dom") + ["--dump-dom", "file://" + html_path])
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert 'data-ready="1"' in dom, "the page script did not finish"
    tbody = dom[dom.index('id="fbody"'):dom.index("</tbody>", dom.index('id="fbody"'))]
    assert tbody.count('<tr class="row"') == 50          # first page, populated client-side
    assert "of 2000 findings" in dom
    assert "<script>alert" not in dom and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert console_problems(proc.stderr) == []
    assert net_requests(str(tmp / "netlog-dom.json")) == []


def test_screenshot_artifact(report):
    tmp, html_path, _doc = report
    os.makedirs(os.path.dirname(ARTIFACT), exist_ok=True)
    if os.path.exists(ARTIFACT):
        os.unlink(ARTIFACT)
    proc = run(flags(tmp, "shot") + ["--window-size=1280,2400", "--hide-scrollbars", "--screenshot=%s" % ARTIFACT,
                                     "file://" + html_path])
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(ARTIFACT, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(ARTIFACT) > 50000
    assert console_problems(proc.stderr) == []
    assert net_requests(str(tmp / "netlog-shot.json")) == []


def test_json_island_survives_in_browser(report):
    """The browser parsed exactly the data we embedded (hostile names included)."""
    tmp, html_path, doc = report
    probe = tmp / "probe.html"
    html = open(html_path, encoding="utf-8").read()
    marker = '<script>\n(function () {'
    assert marker in html
    inject = ('<script>document.addEventListener("DOMContentLoaded",function(){var d=JSON.parse(document.getElementById('
              '"report-data").textContent);var p=document.createElement("pre");p.id="probe";p.textContent=JSON.stringify('
              '{n:d.rows.length,scripts:document.scripts.length});document.body.appendChild(p);});</script>\n')
    # The page's CSP allows only its own script, by hash: the probe adds its own hash next to it.
    probe_js = inject[len("<script>"):-len("</script>\n")]
    probe_hash = base64.b64encode(hashlib.sha256(probe_js.encode("utf-8")).digest()).decode("ascii")
    html = html.replace("script-src 'sha256-", "script-src 'sha256-%s' 'sha256-" % probe_hash, 1)
    probe.write_text(html.replace(marker, inject + marker, 1), encoding="utf-8")
    proc = run(flags(tmp, "probe") + ["--dump-dom", "file://" + str(probe)])
    m = re.search(r'<pre id="probe">([^<]*)</pre>', proc.stdout)
    assert m, proc.stderr[-2000:]
    data = json.loads(m.group(1).replace("&quot;", '"'))
    assert data == {"n": len(doc["findings"]), "scripts": 3}


def test_network_probe_detects_a_fetching_page(tmp_path):
    """Control: the net log check does see a page that loads something."""
    page = tmp_path / "fetch.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://report-probe.invalid/x.png"></body></html>')
    run(flags(tmp_path, "control") + ["--dump-dom", "file://" + str(page)])
    assert any("report-probe.invalid" in u for u in net_requests(str(tmp_path / "netlog-control.json")))

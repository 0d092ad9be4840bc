"""report.html and index.html with control bytes in the data, and a CSP that allows only the page's own
script by its hash (issue 18, item 8)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import render_html
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_junit import clean_text

from .synthetic import build_doc

CONTROL = "vm\x07bell\x1b[31mred\x00nul\x9bcsi\x7fdel\udc80surrogate\ufffe"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@pytest.fixture(scope="module")
def doc():
    doc = build_doc(n=12)
    for finding in doc["findings"][:4]:
        finding["resource"]["name"] = CONTROL
        finding["message"] = "msg " + CONTROL
    doc["endpoints"][0]["name"] = CONTROL
    doc["run"]["operator"] = CONTROL
    return doc


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_raw_control_byte_reaches_the_page(doc, lang):
    html = render_html.render(doc, lang)
    assert not RAW.search(html)
    html.encode("utf-8")  # writable as UTF-8: no lone surrogate left
    assert "vmbell[31mrednulcsidelsurrogate" in html


def test_index_has_no_raw_control_byte():
    html = render_html.render_index({"kind": "inspection", "runs": [{"id": "r1", "operator": CONTROL, "started": "x",
                                                                     "complete": True, "by_status": {}}]}, "en")
    assert not RAW.search(html)


def test_csp_allows_the_inline_script_by_its_hash_only(doc):
    html = render_html.render(doc, "en")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert "script-src 'sha256-%s'" % digest in csp


def test_clean_text_keeps_tabs_newlines_and_every_script():
    assert clean_text("a\tb\nc\r数据库 – ✓ 😀") == "a\tb\nc\r数据库 – ✓ 😀"
    assert clean_text("a\x00b\x1bc\x85d\ud800e") == "abcde"

# -*- coding: utf-8 -*-
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import render_html
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_html import json_island

from .synthetic import HOSTILE, build_doc


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []
        self.attrs = []
        self.text = []
        self._in_script = None
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag == "script":
            self._in_script = [dict(attrs), ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append(tuple(self._in_script))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data
        else:
            self.text.append(data)


def parse(html):
    p = Collector()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def doc():
    return build_doc(n=120)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_hostile_names_are_escaped(doc, lang):
    html = render_html.render(doc, lang)
    assert "<script>alert" not in html
    assert "</script><script>" not in html
    p = parse(html)
    # exactly the two scripts we wrote: the data island and the page code
    assert [s[0].get("type") for s in p.scripts] == ["application/json", None]
    assert p.tags.count("script") == 2
    # no <b>, <x> or other markup smuggled in from data
    assert "x" not in p.tags and p.tags.count("i") == 6   # only our six pillar bars
    text = "".join(p.text)
    assert "<script>alert(1)</script>" in text          # shown, as text
    assert "connection refused </script><script>alert(9)</script>" in text
    assert "zs-b<i>" in text and "alice <ops>" in text


def test_json_island_round_trips_and_cannot_break_out(doc):
    html = render_html.render(doc, "en")
    p = parse(html)
    island = p.scripts[0][1]
    assert "<" not in island and ">" not in island
    data = json.loads(island)
    names = set(r[6] for r in data["rows"])
    for hostile in HOSTILE[:7]:
        assert hostile in names
    assert len(data["rows"]) == len(doc["findings"])
    assert set(data["hosts"]) == {"zs-a", "zs-b<i>"}


def test_json_island_function():
    text = str(json_island({"a": "</script><!--<script>", "b": "\u2028&"}))
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!--<script>", "b": "\u2028&"}


def test_self_contained(doc):
    html = render_html.render(doc, "en")
    p = parse(html)
    fetching = [(t, k, v) for t, k, v in p.attrs if k in ("src", "href", "action", "srcset", "poster", "data", "xmlns")]
    assert fetching == []
    assert not re.search(r"url\(|@import|<link|<img|<iframe", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "@media print" in html


def test_languages(doc):
    en = render_html.render(doc, "en")
    zh = render_html.render(doc, "zh_CN")
    assert "Inspection report" in en and "Executive summary" in en and 'lang="en"' in en
    assert "巡检报告" in zh and "总体结论" in zh and "容量" in zh and 'lang="zh-CN"' in zh
    assert "Check 0" in en and "检查项 0" in zh        # data texts picked in the report language


def test_summary_sections_and_failed_endpoint(doc):
    html = render_html.render(doc, "en")
    for anchor in ('id="summary"', 'id="toprisks"', 'id="delta"', 'id="capacity"', 'id="endpoints"', 'id="findings"',
                   'id="incomplete"', "<svg"):
        assert anchor in html
    assert html.index('id="summary"') < html.index('id="delta"') < html.index('id="findings"')
    assert 'class="ep-failed"' in html
    assert "Host CPU allocation" in html and "L3 network IP usage" in html
    assert "innerHTML" not in html


def test_index_html_escapes(tmp_path):
    index = {"kind": "inspection", "runs": [{"id": "r<1>", "started": "x", "complete": False, "score": 50.0, "band": "critical",
                                             "operator": "<script>alert(1)</script>", "by_status": {"FAIL": 3}}]}
    html = render_html.render_index(index, "zh_CN")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "r%3C1%3E/report.html" in html

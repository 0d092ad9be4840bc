# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import render_markdown
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_markdown import cell

from .synthetic import build_doc


def test_cell_escaping():
    out = cell("a|b `c` <script>x</script>\nnext [l](javascript:1) *b*")
    assert "|" not in out.replace("\\|", "")
    assert "`" not in out.replace("\\`", "")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\n" not in out and "<br>" in out
    assert "\\[l\\]" in out and "\\*b\\*" in out


@pytest.mark.parametrize("lang,title,heading", [
    ("en", "# Inspection report", "## Executive summary"),
    ("zh_CN", "# 巡检报告", "## 总体结论"),
])
def test_render(lang, title, heading):
    doc = build_doc(n=90)
    md = render_markdown.render(doc, lang)
    assert md.startswith(title) and heading in md
    assert "<script>" not in md
    # every table row keeps its column count despite hostile pipes and newlines
    for block in md.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.startswith("| ")]
        if not lines:
            continue
        widths = set(len(re_split(ln)) for ln in lines)
        assert len(widths) == 1, block


def re_split(line):
    import re
    return re.split(r"(?<!\\)\|", line)


def test_incomplete_banner_and_failed_endpoint():
    md = render_markdown.render(build_doc(n=30), "en")
    assert "Incomplete run" in md and "zs-down" in md and "**FAILED**" in md

# -*- coding: utf-8 -*-
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import render_junit

from .synthetic import build_doc


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_one_testcase_per_check_and_endpoint(lang):
    doc = build_doc(n=60)
    root = ET.fromstring(render_junit.render(doc, lang).encode("utf-8"))
    ok = [e for e in doc["endpoints"] if e["status"] == "ok"]
    failed = [e for e in doc["endpoints"] if e["status"] == "failed"]
    cases = root.findall(".//testcase")
    assert len(cases) == sum(len(e["checks_run"]) for e in ok) + len(failed)
    assert int(root.get("tests")) == len(cases)
    assert set(c.get("classname") for c in cases) == set(e["name"] for e in doc["endpoints"])
    down = [c for c in cases if c.get("classname") == "zs-down"][0]
    assert down.find("error") is not None and "alert(9)" in down.find("error").text


def test_failures_list_failing_resources_and_errors():
    doc = build_doc(n=60)
    root = ET.fromstring(render_junit.render(doc, "en").encode("utf-8"))
    fails = [f for f in doc["findings"] if f["status"] == "FAIL" and f["host"] == "zs-a"]
    by_check = {}
    for f in fails:
        by_check.setdefault(f["check_id"], []).append(f)
    for case in root.findall(".//testcase[@classname='zs-a']"):
        cid = case.get("name").split(":")[0]
        failure = case.find("failure")
        if cid in by_check:
            assert failure is not None
            for f in by_check[cid]:
                assert f["resource"]["uuid"] in failure.text
        else:
            assert failure is None
    errors = [f for f in doc["findings"] if f["status"] == "ERROR"]
    assert len(root.findall(".//testcase/error")) >= 1 if errors else True
    assert "<script>alert(1)</script>" in ET.tostring(root, encoding="unicode").replace("&lt;", "<").replace("&gt;", ">")


def test_check_without_findings_is_a_passing_testcase():
    doc = build_doc(n=0, failed_endpoint=False)
    root = ET.fromstring(render_junit.render(doc, "en").encode("utf-8"))
    assert len(root.findall(".//testcase")) == 24
    assert root.findall(".//failure") == [] and root.get("failures") == "0"

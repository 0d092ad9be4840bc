# -*- coding: utf-8 -*-
"""Partial reads of a stored report document give what a whole parse gives."""
from __future__ import annotations

import json
import random
import zlib

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import docread


def _doc(n=3000):
    hostile = 'x", "findings": [{"status": "FAIL"}], "y": "'
    return {"schema_version": "1.0", "kind": "inspection", "run": {"id": "r1", "started": "2026-11-01T00:30:00Z"},
            "summary": {"endpoints": 1}, "endpoints": [{"name": hostile, "inventory_counts": {"vms": 3}, "checks_run": []}],
            "findings": [{"uid": "u%d" % i, "status": ("FAIL", "PASS", "MUTED")[i % 3], "resource": {"name": hostile}}
                         for i in range(n)],
            "score": {"overall": {"score": 80.5}, "pillars": {"cost": {"score": 90}}}, "delta": {"new": ["u0"]},
            "carried": [{"uid": "c1", "status": "FAIL"}]}


def _blob(doc, **dumps):
    return zlib.compress(json.dumps(doc, ensure_ascii=False, **dumps).encode("utf-8"), 1)


def test_head_and_open_part_equal_a_whole_parse():
    doc = _doc()
    for blob in (_blob(doc), _blob(doc, indent=1)):          # the store's form and an indented report.json
        head = docread.head(blob)
        assert head == dict((k, doc[k]) for k in ("schema_version", "kind", "run", "summary", "endpoints"))
        kept, tail = docread.open_part(blob)
        assert kept == [f for f in doc["findings"] if f["status"] in ("FAIL", "MUTED")]
        assert tail == {"score": doc["score"], "delta": doc["delta"], "carried": doc["carried"]}


def test_a_chunk_boundary_inside_a_character():
    doc = _doc(10)
    rnd = random.Random(7)          # 3-byte characters that do not compress: many chunks, cut anywhere
    doc["endpoints"][0]["checks_run"] = [{"title": "".join(chr(0x4e00 + rnd.randrange(5000)) for _c in range(300))}
                                         for _t in range(200)]
    for offset in range(5):
        doc["run"]["pad"] = "x" * offset
        assert docread.head(_blob(doc))["endpoints"] == doc["endpoints"]


def test_a_document_of_another_layout_is_parsed_whole():
    doc = dict(_doc(10))
    doc = dict([("findings", doc.pop("findings"))] + list(doc.items()))       # findings first: no head before it
    head = docread.head(_blob(doc))
    assert head["endpoints"] == doc["endpoints"] and "findings" not in head
    kept, tail = docread.open_part(_blob(doc))
    assert [f["uid"] for f in kept] == [f["uid"] for f in doc["findings"] if f["status"] != "PASS"]
    assert tail["score"] == doc["score"]

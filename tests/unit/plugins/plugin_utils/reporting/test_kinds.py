# -*- coding: utf-8 -*-
"""The registry of report kinds: one entry per kind, results recognised by their own report_kind."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import collecting, kinds, output

from ..change_synthetic import apply_result, window_result
from .synthetic import backup_validate_result, inspection_result, restore_test_result

RUN = {"id": "20261127T140000Z-abcdef", "started": "2026-11-27T14:00:00Z", "ended": "2026-11-27T14:05:00Z",
       "incomplete_reasons": [], "notes": []}


def test_every_kind_has_every_part():
    assert {"backup", "change", "inspection", "events", "incident"} <= set(kinds.KINDS)      # other kinds join through the registry
    for name, kind in kinds.KINDS.items():
        assert kind.name == name and sorted(kind.renderers) == sorted(output.FORMATS)
        assert all(callable(f) for f in (kind.builder, kind.render_index, kind.index_entry, kind.console_lines,
                                         kind.is_document, kind.run_for))
        assert kind.builder().kind == name


@pytest.mark.parametrize("kind", [None, "", "nonsense", 7, "Inspection"])
def test_an_unknown_kind_is_refused_by_name_and_is_no_material(kind):
    with pytest.raises(kinds.UnknownReportKind, match="unknown report kind"):
        kinds.get(kind)
    assert kinds.kind_of_result({"report_kind": kind}) is None
    collector = collecting.Collector()
    collector.add_ok("h", {"report_kind": kind, "findings": []})
    assert collector.builders == {} and not collector.has_material()


@pytest.mark.parametrize("kind,result", [
    ("inspection", inspection_result(n=3)),
    ("backup", backup_validate_result()),
    ("backup", restore_test_result()),
    ("change", apply_result(upto=1)),
])
def test_each_kind_is_recognised_by_the_results_report_kind(kind, result):
    assert result["report_kind"] == kind and kinds.kind_of_result(result) == kind
    collector = collecting.Collector()
    collector.add_ok("h1", result)
    assert list(collector.builders) == [kind]
    doc = collector.finish()[kind].build(kinds.get(kind).run_for(RUN, False))
    assert doc["kind"] == kind and kinds.get(kind).is_document(doc)
    assert kinds.get(kind).index_entry(doc)["id"] == RUN["id"]
    lines = kinds.get(kind).console_lines(doc)
    assert lines and all(line.startswith("cloudops report [%s]" % kind) for line in lines)


def test_change_window_result_is_recognised():
    assert kinds.kind_of_result(window_result(["h1"])) == "change"
    assert kinds.documented_kind("cloudops.privatecloud.change_window") == "change"


def test_only_a_failure_without_report_kind_asks_the_modules_documentation():
    assert collecting.kind_of_failure({"report_kind": "inspection"}, "cloudops.privatecloud.zstack_eip") == "inspection"
    assert collecting.kind_of_failure({"msg": "boom"}, "cloudops.privatecloud.zstack_eip") == "change"
    assert kinds.documented_kind("community.general.zstack_eip") is None   # not this collection's module
    assert kinds.documented_kind("../modules/zstack_eip") is None

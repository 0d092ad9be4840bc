# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way to get a report builder for a kind (the callback and tools/run_change.py use it).

Every builder has the same interface: add_result(host, result), add_failure(host, result,
unreachable=False, task_name=None, report_task=True), add_reason(text), the list
incomplete_reasons, and build(run, previous) -> document for output.write_report().
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.change_model import ChangeReportBuilder
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.model import ReportBuilder

KINDS = ("inspection", "backup", "change")


def make_builder(kind):
    """A builder for report kind `kind`: ChangeReportBuilder for `change`, ReportBuilder otherwise."""
    if kind == "change":
        return ChangeReportBuilder()
    return ReportBuilder(kind)

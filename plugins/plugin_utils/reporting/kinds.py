# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of report kinds: everything the callback, the job-events rebuild and the writer need per kind.

A task result is material of the kind its own `report_kind` key names (every report module returns it,
the change_window action too).  A result that carries none (a module that crashed, an unreachable host,
an argument error) belongs to the kind its module documents it returns: `report_kind` in the module's
RETURN block, read from the collection's own plugins/modules/<name>.py.  No list of module names is kept.

Adding a report kind = one ReportKind entry in KINDS, plus its builder, view, renderers and templates.
"""

from __future__ import annotations

import ast
import functools
import os
import re

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import (
    backup_model,
    change_model,
    events_model,
    events_render,
    incident_model,
    incident_render,
    model,
    render_change_html,
    render_change_junit,
    render_change_markdown,
    render_html,
    render_json,
    render_junit,
    render_markdown,
)

COLLECTION = "cloudops.privatecloud"
# plugins/plugin_utils/reporting/<this file> -> plugins/modules
MODULES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "modules")
_REPORT_KIND_DOC = re.compile(r"^report_kind:[ \t]*\n((?:[ \t]+.*\n?)*)", re.MULTILINE)
_DOCUMENTED_KIND = re.compile(r"sample:[ \t]*['\"]?(\w+)|C\((\w+)\)")


class UnknownReportKind(ValueError):
    """A report kind no entry of the registry describes."""


class ReportKind(object):
    """One report kind: how its material is built, kept, rendered and announced.

    builder()              a new builder: add_result, add_failure, add_reason, incomplete_reasons, build(run, previous)
    renderers              {format: render(doc, language)} (json, html, md, junit)
    render_index           render(index, language) -> the history page
    index_entry(doc)       what <kind>/index.json keeps of a run
    console_lines(doc)     what the callback prints when the report is written
    is_document(doc)       a loaded report.json really is one of this kind
    run_for(run, interrupted)   the run facts as this kind's builder takes them
    failed_results_whole   a failed task's result is material (its records), taken at once and in order
    """

    def __init__(self, name, builder, renderers, render_index, index_entry, console_lines, is_document,
                 run_for=None, failed_results_whole=False):
        self.name = name
        self.builder = builder
        self.renderers = renderers
        self.render_index = render_index
        self.index_entry = index_entry
        self.console_lines = console_lines
        self.is_document = is_document
        self.run_for = run_for or (lambda run, interrupted: run)
        self.failed_results_whole = failed_results_whole


FINDINGS_RENDERERS = {"json": render_json.render, "html": render_html.render, "md": render_markdown.render,
                      "junit": render_junit.render}
# The change report has its own sections, so its own renderers (same files, same JSON).
CHANGE_RENDERERS = {"json": render_json.render, "html": render_change_html.render, "md": render_change_markdown.render,
                    "junit": render_change_junit.render}

KINDS = dict((k.name, k) for k in (
    ReportKind("inspection", model.ReportBuilder, FINDINGS_RENDERERS, render_html.render_index, model.index_entry,
               model.console_lines, model.is_document),
    ReportKind("backup", backup_model.BackupReportBuilder, FINDINGS_RENDERERS, render_html.render_index,
               backup_model.index_entry, backup_model.console_lines, model.is_document),
    ReportKind("change", change_model.ChangeReportBuilder, CHANGE_RENDERERS, render_change_html.render_index,
               change_model.change_index_entry, change_model.console_lines, change_model.is_document,
               run_for=change_model.run_for, failed_results_whole=True),
    ReportKind("events", events_model.EventsReportBuilder, {"json": render_json.render, "html": events_render.render_html,
                                                            "md": events_render.render_md, "junit": events_render.render_junit},
               events_render.render_index, events_model.index_entry, events_model.console_lines, events_model.is_document),
    ReportKind("incident", incident_model.IncidentReportBuilder, {"json": render_json.render, "html": incident_render.render_html,
                                                                  "md": incident_render.render_md, "junit": incident_render.render_junit},
               incident_render.render_index, incident_model.index_entry, incident_model.console_lines, incident_model.is_document),
))


def get(kind):
    """The registry entry of `kind`; UnknownReportKind otherwise."""
    entry = KINDS.get(kind) if isinstance(kind, str) else None
    if entry is None:
        raise UnknownReportKind("unknown report kind %r, expected one of %s" % (kind, ", ".join(sorted(KINDS))))
    return entry


def make_builder(kind):
    """A new builder for report kind `kind` (the callback, the job-events rebuild and the tests use it)."""
    return get(kind).builder()


def kind_of_result(result):
    """The registered kind a task result names in its own `report_kind` key, or None."""
    kind = (result or {}).get("report_kind")
    return kind if isinstance(kind, str) and kind in KINDS else None


@functools.lru_cache(maxsize=None)
def documented_kind(action):
    """The report kind module `action` documents it returns (RETURN: report_kind), or None.

    For a failed result without report_kind.  Only this collection's modules are read; `action` is the
    task's action, fully qualified (cloudops.privatecloud.zstack_inspect) or short (zstack_inspect).
    """
    name = str(action or "")
    if name.startswith(COLLECTION + "."):
        name = name[len(COLLECTION) + 1:]
    if not re.match(r"^\w+$", name):
        return None      # another collection's or a builtin module
    try:
        with open(os.path.join(MODULES_DIR, name + ".py"), "r", encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "RETURN" for t in node.targets):
            text = node.value.value if isinstance(node.value, ast.Constant) else ""
            block = _REPORT_KIND_DOC.search(str(text))
            for match in _DOCUMENTED_KIND.finditer(block.group(1) if block else ""):
                kind = match.group(1) or match.group(2)
                if kind in KINDS:
                    return kind
    return None

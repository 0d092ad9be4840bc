# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""junit.xml of the change report (docs/reports.md, "Change report").

One <testsuite> per target (inventory host), one <testcase> per step (classname = host,
name = "<position> <action> <target>", time = its duration): failed and rollback_failed steps are
<failure>s, a rolled_back step is a <failure> with the message "rolled back" (the change did not
stay), not_started is <skipped>.  An undo step (rollback_*) that worked passes.  A target whose
task failed without step records gets one <testcase name="change"> with an <error>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.change_view import target_label
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import title_for, tr
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_junit import clean_text, close_suite, document


def _case(suite, host, step, counts, lang):
    seq = "%02d " % step["position"] if step.get("position") else ""
    case = ET.SubElement(suite, "testcase", classname=clean_text(host),
                         name=clean_text("%s%s %s" % (seq, step.get("action") or "", target_label(step.get("target")))))
    if step.get("duration_s") is not None:
        case.set("time", "%.3f" % float(step["duration_s"]))
    counts["tests"] += 1
    status = step.get("status")
    detail = step.get("error") or step.get("reason") or ""
    if status in ("failed", "rollback_failed") or (status == "rolled_back" and step.get("kind") != "rollback"):
        message = tr("junit.rolled_back", lang) if status == "rolled_back" else (detail or tr("st." + status, lang))
        el = ET.SubElement(case, "failure", type=str(status), message=clean_text(message[:500]))
        el.text = clean_text("\n".join(x for x in (tr("st." + str(status), lang), step.get("original_status") or "", detail) if x))
        counts["failures"] += 1
    elif status == "not_started":
        ET.SubElement(case, "skipped", message=clean_text((detail or tr("st.not_started", lang))[:500]))
        counts["skipped"] += 1
    elif status in ("planned", "unchanged", "applied", "rolled_back"):
        out = ET.SubElement(case, "system-out")
        out.text = clean_text(tr("st." + status, lang))


def render(doc, language="en"):
    """Render the change JUnit XML text."""
    lang = language
    run = doc.get("run") or {}
    ids = ", ".join((doc.get("change") or {}).get("ids") or ())
    suites = ET.Element("testsuites", name=clean_text("%s %s %s" % (title_for("change", lang), ids, run.get("id") or "")))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for target in doc.get("targets") or ():
        host = target.get("name") or ""
        suite = ET.SubElement(suites, "testsuite", name=clean_text(host))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        steps = target.get("steps") or []
        if target.get("errors") and not any(s.get("status") in ("failed", "rollback_failed", "rolled_back") for s in steps):
            case = ET.SubElement(suite, "testcase", classname=clean_text(host), name="change")
            text = "\n".join(e.get("message") or "" for e in target["errors"])
            el = ET.SubElement(case, "error", type="TaskFailed", message=clean_text(text[:500]))
            el.text = clean_text(text)
            counts["tests"] += 1
            counts["errors"] += 1
        for step in steps:
            _case(suite, host, step, counts, lang)
        close_suite(suite, counts, totals)
    return document(suites, totals)

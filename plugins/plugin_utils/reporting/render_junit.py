# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""junit.xml for AWX / CI (docs/reports.md, "JUnit mapping").

One <testsuite> per endpoint, one <testcase> per check run on it (classname = endpoint
inventory name, name = check id + title).  Any FAIL finding -> <failure> listing the failing
resources; any ERROR finding -> <error>; only MUTED findings -> passes with a system-out note.
A failed endpoint gets a single <testcase name="inspection"> (or "backup") with an <error>.
Backup reports add one <testcase> per restore test (name = "restore_test: <source>"): a
<failure> when it failed, an <error> when it could not run, <skipped> when only planned.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import pick, title_for, tr

MAX_LISTED = 200


def _lines(findings, lang):
    out = []
    for f in findings[:MAX_LISTED]:
        res = f.get("resource") or {}
        out.append("[%s] %s %s (%s): %s" % (tr("sev." + str(f.get("severity")), lang), res.get("type", ""),
                                            res.get("name", ""), res.get("uuid", ""), pick(f.get("message"), lang)))
    if len(findings) > MAX_LISTED:
        out.append(tr("msg.more", lang, n=len(findings) - MAX_LISTED))
    return "\n".join(out)


# Characters XML 1.0 cannot carry and HTML calls parse errors: C0 controls but tab, newline and carriage return;
# DEL and C1 controls (terminal escapes such as CSI); lone surrogates (no UTF-8 holds them); U+FFFE and U+FFFF.
# One compiled class: a 10,000-VM report.html is megabytes, a per-character Python loop would cost seconds.
_UNSAFE = re.compile(u"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text):
    """Drop what XML 1.0 cannot carry and HTML calls parse errors (the JUnit and HTML writers)."""
    return _UNSAFE.sub("", text) if text else text


def _restore_case(suite, name, test, counts, lang):
    """One testcase for one restore test of a backup report."""
    src = test.get("source") or {}
    backup = test.get("backup") or {}
    label = "restore_test: %s (%s) <- %s" % (src.get("name") or src.get("uuid") or "-", src.get("type") or "",
                                             backup.get("name") or backup.get("uuid") or "-")
    case = ET.SubElement(suite, "testcase", classname=clean_text(name), name=clean_text(label))
    if test.get("rto_seconds") is not None:
        case.set("time", "%.3f" % float(test["rto_seconds"]))
    counts["tests"] += 1
    checks = test.get("checks") or {}
    detail = "checks: %s; scratch: %s; cleaned up: %s; original unchanged: %s" % (
        ", ".join("%s=%s" % (k, checks.get(k)) for k in ("state", "size", "content")),
        (test.get("scratch") or {}).get("name") or "-", test.get("cleaned_up"), test.get("original_unchanged"))
    status = test.get("status")
    if status == "failed":
        el = ET.SubElement(case, "failure", type="RestoreTestFailed", message=clean_text((test.get("error") or tr("rt.failed", lang))[:500]))
        el.text = clean_text("%s\n%s" % (test.get("error") or "", detail))
        counts["failures"] += 1
    elif status == "error":
        el = ET.SubElement(case, "error", type="RestoreTestError", message=clean_text((test.get("error") or tr("rt.error", lang))[:500]))
        el.text = clean_text("%s\n%s" % (test.get("error") or "", detail))
        counts["errors"] += 1
    elif status == "planned":
        ET.SubElement(case, "skipped", message=clean_text(tr("rt.planned", lang)))
        counts["skipped"] += 1
    else:
        out = ET.SubElement(case, "system-out")
        out.text = clean_text(detail)


def close_suite(suite, counts, totals):
    """Write a testsuite's counts as its attributes and add them to the run's totals."""
    for k, n in counts.items():
        suite.set(k, str(n))
        totals[k] += n


def document(suites, totals):
    """The XML text of the <testsuites> root with the run's totals."""
    for k, n in totals.items():
        suites.set(k, str(n))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render(doc, language="en"):
    """Render the JUnit XML text."""
    lang = language
    groups = {}
    for f in doc.get("findings") or ():
        groups.setdefault((f.get("host"), f.get("check_id")), []).append(f)
    run = doc["run"]
    status = run.get("status") or ("complete" if run.get("complete") else "incomplete")
    suffix = "" if status == "complete" else " (%s)" % tr("state." + status, lang)
    suites = ET.Element("testsuites", name=clean_text("%s %s%s" % (title_for(doc.get("kind", ""), lang), run["id"], suffix)))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for ep in doc.get("endpoints") or ():
        name = ep.get("name") or ""
        suite = ET.SubElement(suites, "testsuite", name=clean_text(name))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if ep.get("status") == "failed":
            case = ET.SubElement(suite, "testcase", classname=clean_text(name), name=doc.get("kind") or "inspection")
            err = ET.SubElement(case, "error", message=clean_text((ep.get("error") or "")[:500]), type="EndpointFailed")
            err.text = clean_text(ep.get("error") or "")
            counts["tests"] += 1
            counts["errors"] += 1
        for check in ep.get("checks_run") or ():
            cid = check.get("id") or ""
            case = ET.SubElement(suite, "testcase", classname=clean_text(name),
                                 name=clean_text("%s: %s" % (cid, pick(check.get("title"), lang))))
            counts["tests"] += 1
            found = groups.get((name, cid), [])
            fails = [f for f in found if f.get("status") == "FAIL"]
            errors = [f for f in found if f.get("status") == "ERROR"]
            muted = [f for f in found if f.get("status") == "MUTED"]
            if fails:
                el = ET.SubElement(case, "failure", type=str(fails[0].get("severity")),
                                   message=clean_text("%d %s" % (len(fails), tr("status.FAIL", lang))))
                el.text = clean_text(_lines(fails, lang))
                counts["failures"] += 1
            if errors:
                el = ET.SubElement(case, "error", type="CheckError",
                                   message=clean_text(pick(errors[0].get("message"), lang)[:500]))
                el.text = clean_text(_lines(errors, lang))
                counts["errors"] += 1
            if muted and not fails and not errors:
                out = ET.SubElement(case, "system-out")
                out.text = clean_text("%d %s\n%s" % (len(muted), tr("status.MUTED", lang), _lines(muted, lang)))
        for test in ep.get("restore_tests") or ():
            _restore_case(suite, name, test, counts, lang)
        close_suite(suite, counts, totals)
    return document(suites, totals)

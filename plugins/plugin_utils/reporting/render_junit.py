# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""junit.xml for AWX / CI (docs/reports.md, "JUnit mapping").

One <testsuite> per endpoint, one <testcase> per check run on it (classname = endpoint
inventory name, name = check id + title).  Any FAIL finding -> <failure> listing the failing
resources; any ERROR finding -> <error>; only MUTED findings -> passes with a system-out note.
A failed endpoint gets a single <testcase name="inspection"> with an <error>.
"""

from __future__ import annotations

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


def _clean(text):
    """Drop characters XML 1.0 cannot carry at all (control chars other than tab/newline/cr)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20) if text else text


def render(doc, language="en"):
    """Render the JUnit XML text."""
    lang = language
    groups = {}
    for f in doc.get("findings") or ():
        groups.setdefault((f.get("host"), f.get("check_id")), []).append(f)
    suites = ET.Element("testsuites", name=_clean("%s %s" % (title_for(doc.get("kind", ""), lang), doc["run"]["id"])))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for ep in doc.get("endpoints") or ():
        name = ep.get("name") or ""
        suite = ET.SubElement(suites, "testsuite", name=_clean(name))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if ep.get("status") == "failed":
            case = ET.SubElement(suite, "testcase", classname=_clean(name), name="inspection")
            err = ET.SubElement(case, "error", message=_clean((ep.get("error") or "")[:500]), type="EndpointFailed")
            err.text = _clean(ep.get("error") or "")
            counts["tests"] += 1
            counts["errors"] += 1
        for check in ep.get("checks_run") or ():
            cid = check.get("id") or ""
            case = ET.SubElement(suite, "testcase", classname=_clean(name),
                                 name=_clean("%s: %s" % (cid, pick(check.get("title"), lang))))
            counts["tests"] += 1
            found = groups.get((name, cid), [])
            fails = [f for f in found if f.get("status") == "FAIL"]
            errors = [f for f in found if f.get("status") == "ERROR"]
            muted = [f for f in found if f.get("status") == "MUTED"]
            if fails:
                el = ET.SubElement(case, "failure", type=str(fails[0].get("severity")),
                                   message=_clean("%d %s" % (len(fails), tr("status.FAIL", lang))))
                el.text = _clean(_lines(fails, lang))
                counts["failures"] += 1
            if errors:
                el = ET.SubElement(case, "error", type="CheckError",
                                   message=_clean(pick(errors[0].get("message"), lang)[:500]))
                el.text = _clean(_lines(errors, lang))
                counts["errors"] += 1
            if muted and not fails and not errors:
                out = ET.SubElement(case, "system-out")
                out.text = _clean("%d %s\n%s" % (len(muted), tr("status.MUTED", lang), _lines(muted, lang)))
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        suites.set(k, str(v))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

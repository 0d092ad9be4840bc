# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html and index.html of the change report: self-contained, no script, nothing fetched.

Same Jinja2 environment as the other kinds (autoescape on, nothing marked safe) and the same
stylesheet, plus _change_style.css.j2.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import CHANGE_STATUSES
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import change_view
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.i18n import title_for, tr
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_html import environment
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.render_junit import clean_text


def _html_lang(lang):
    return "zh-CN" if lang == "zh_CN" else "en"


def render(doc, language="en"):
    """Render the change report.html."""
    lang = language
    tpl = environment().get_template("change.html.j2")
    # control characters from the data are dropped from the page, as in every report
    return clean_text(tpl.render(doc=doc, run=doc["run"], v=change_view.build(doc, lang), lang=lang,
                                 t=lambda k, **kw: tr(k, lang, **kw), title=title_for("change", lang), html_lang=_html_lang(lang)))


def render_index(index, language="en"):
    """Render the change index.html (runs newest first: change, outcome, step counts)."""
    lang = language
    runs = []
    for r in index.get("runs") or ():
        if not isinstance(r, dict):
            continue
        outcome = r.get("outcome") or ""
        runs.append({"id": r.get("id"), "started": r.get("started"), "complete": r.get("complete"), "operator": r.get("operator"),
                     "ids": ", ".join(r.get("change_ids") or ()), "ticket": r.get("ticket") or "", "title": r.get("title") or "",
                     "outcome_label": tr("out." + outcome, lang) if outcome else "", "cls": change_view.OUTCOME_CLS.get(outcome, "na"),
                     "check_mode": r.get("check_mode"), "by_status": r.get("by_status") or {}})
    tpl = environment().get_template("change_index.html.j2")
    return clean_text(tpl.render(runs=runs, statuses=CHANGE_STATUSES, lang=lang, t=lambda k, **kw: tr(k, lang, **kw),
                                 title="%s · %s" % (title_for("change", lang), tr("title.index", lang)),
                                 html_lang=_html_lang(lang)))

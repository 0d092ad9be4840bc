# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make a service report end to end: site data + run store -> a new version in the store -> files in
reports/service/<site>/<period>/ (report.json, report.<lang>.html, .md, .pdf), and the site's index
(every version, confirmed or pending) and acceptance report (验收报告)."""

from __future__ import annotations

import json
import os

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.output import atomic_write
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import build, ledger, period as periods, render, sitedata
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore


def generate(dsn, site, site_dir, period_text, out_root, languages=("zh_CN", "en"), pdf=True, operator=None, today=None):
    data = sitedata.load_site(site_dir)
    if data["plan"]["site"] != site:
        raise sitedata.SiteDataError("%s/plan.yml is the plan of site %r, not %r" % (site_dir, data["plan"]["site"], site))
    period = periods.resolve(period_text, data["plan"]["timezone"], today=today)
    with RunStore(dsn) as store:
        if not store.runs(site=site, limit=1):
            raise sitedata.SiteDataError("site %r has no run at all in the run store %s" % (site, store.shown))
        doc = build.build(store, site, data, period, operator=operator)
        doc["digest"] = render.digest(doc)
        doc["version"] = ledger.add_report(store, site, period["label"], period["since"], period["until"], doc["digest"],
                                           language=languages[0], generated_by=operator,
                                           summary=dict(doc["summary"], plan=_plan_header(data["plan"])))
        out_dir = os.path.join(out_root, "service", site, period["label"])
        files = write(doc, out_dir, languages, pdf)
        index(store, site, os.path.join(out_root, "service", site), languages[0])
    return {"version": doc["version"], "period": period, "dir": out_dir, "files": files, "summary": doc["summary"]}


def write(doc, out_dir, languages, pdf):
    files = {"json": os.path.join(out_dir, "report.json")}
    atomic_write(files["json"], json.dumps(doc, ensure_ascii=False, indent=1, default=str))
    for lang in languages:
        html = os.path.join(out_dir, "report.%s.html" % lang)
        atomic_write(html, render.render_html(doc, lang))
        atomic_write(os.path.join(out_dir, "report.%s.md" % lang), render.render_markdown(doc, lang))
        files["html_" + lang] = html
        files["md_" + lang] = os.path.join(out_dir, "report.%s.md" % lang)
        if pdf:
            files["pdf_" + lang] = render.print_pdf(html, os.path.join(out_dir, "report.%s.pdf" % lang))
    return files


def _plan_header(plan):
    """What the index and the acceptance report show of the plan (kept with each version in the store)."""
    return dict((k, plan.get(k)) for k in ("customer", "contract", "contract_start", "contract_end", "tier", "timezone"))


def index(store, site, site_root, language):
    """index.json / index.html: every report version, confirmed or pending; acceptance.html: every period the contract
    owes so far, with its confirmation (the plan as recorded with the newest version)."""
    versions = ledger.reports(store, site)
    plan = (versions[-1]["summary"].get("plan") if versions else None) or {"customer": site}
    owed = periods.contract_periods(plan) if plan.get("tier") and plan.get("timezone") else []
    atomic_write(os.path.join(site_root, "index.json"), json.dumps(versions, ensure_ascii=False, indent=1, default=str))
    atomic_write(os.path.join(site_root, "index.html"), render.render_index(versions, plan, language, acceptance=False))
    atomic_write(os.path.join(site_root, "acceptance.html"), render.render_index(versions, plan, language, acceptance=True,
                                                                                 owed=owed))
    return versions


def confirm(dsn, site, period_label, confirmed_by, version=None, confirmed_at=None, channel=None, note=None,
            recorded_by=None, out_root=None, check_mode=False, language="zh_CN"):
    with RunStore(dsn) as store:
        changed, row = ledger.confirm(store, site, period_label, confirmed_by, version, confirmed_at, channel, note,
                                      recorded_by, check_mode=check_mode)
        if out_root and changed and not check_mode:
            index(store, site, os.path.join(out_root, "service", site), language)
    return changed, row


def put_cost(dsn, site, host, cloud, result, since, until):
    with RunStore(dsn) as store:
        ledger.put_cost(store, site, host, cloud, result, since, until)

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: service_report
short_description: Render the service report (运维服务报告), record its confirmation or a cost collection
version_added: 0.2.0
description:
  - Runs on the controller (an action plugin) and calls no cloud. Reads the run store and the site data only.
  - V(render) builds the report of a site and period (nine sections, executive summary, sign-off) from the run store
    and the site data in O(site_dir), records it as a new version in the store and writes
    C(<output_dir>/service/<site>/<period>/) report.json, report.<language>.html, .md and .pdf (headless Chromium),
    and the site's index.html (confirmed or pending) and acceptance.html (验收报告).
  - V(confirm) records who confirmed which report version and when (客户线上确认). The same person confirming the
    same version again changes nothing; a version already confirmed by someone else, or one that does not exist,
    fails before any write.
  - V(record_cost) keeps a M(cloudops.privatecloud.zstack_spending_info) result for its period in the store.
  - V(period) resolves a period in the site's time zone (what C(playbooks/collect_cost.yml) asks the billing API for).
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  action:
    description: What to do.
    type: str
    choices: [render, confirm, record_cost, period]
    default: render
  site:
    description: The site (C(cloudops_site) of the inventory) whose runs are read.
    type: str
    required: true
  site_dir:
    description: The site data directory (C(sites/<site>/)) with plan.yml, prices.yml and the registers.
    type: str
  period:
    description:
      - V(this_week), V(last_week), V(this_month), V(last_month), V(YYYY-MM), V(YYYY-Www) or V(YYYY-MM-DD..YYYY-MM-DD),
        in the site's time zone. For O(action=confirm) the period label of the report (V(2026-11), V(2026-W48)).
      - Empty for O(action=render) - the tier's cadence, V(last_week) for 7x24 and V(last_month) for 5x8.
    type: str
  output_dir:
    description: The reports folder (the run store is SQLite in it unless O(store_dsn) or E(CLOUDOPS_STORE_DSN) is set).
    type: str
    default: reports
  store_dsn:
    description: The run store (docs/store.md); default E(CLOUDOPS_STORE_DSN), else SQLite in O(output_dir).
    type: str
  languages:
    description: The languages to render; the first is the customer's (the default zh_CN).
    type: list
    elements: str
    default: [zh_CN, en]
  pdf:
    description: Print a PDF of each language with headless Chromium.
    type: bool
    default: true
  operator:
    description: Who renders (or records the confirmation).
    type: str
  version:
    description: For O(action=confirm), the report version confirmed (default the newest of the period).
    type: int
  confirmed_by:
    description: For O(action=confirm), the customer's person who confirmed.
    type: str
  confirmed_at:
    description: For O(action=confirm), when (ISO 8601); default now.
    type: str
  channel:
    description: For O(action=confirm), how (portal, mail, service group).
    type: str
  note:
    description: For O(action=confirm), a remark.
    type: str
  host:
    description: For O(action=record_cost), the inventory host the collection came from.
    type: str
  cloud:
    description: For O(action=record_cost), its cloud.
    type: str
    choices: [zstack, apsara]
  cost:
    description: For O(action=record_cost), the registered result of M(cloudops.privatecloud.zstack_spending_info).
    type: dict
attributes:
  action:
    description: An action plugin; runs on the controller only.
    support: full
  check_mode:
    description: V(render) only validates the site data and the period; V(confirm) says what it would record; nothing is written.
    support: full
  diff_mode:
    description: V(confirm) shows the confirmation it records.
    support: partial
  platform:
    description: Runs on the controller, whatever the target.
    support: full
    platforms: all
"""

EXAMPLES = r"""
- name: Last month's report of the site, zh_CN and en, HTML, Markdown, JSON and PDF
  cloudops.privatecloud.service_report:
    site: "{{ cloudops_site }}"
    site_dir: "{{ playbook_dir }}/../sites/{{ cloudops_site }}"
    period: last_month

- name: The customer confirmed version 2 of November's report
  cloudops.privatecloud.service_report:
    action: confirm
    site: acme-prod
    period: "2026-11"
    version: 2
    confirmed_by: 王明
    channel: portal
"""

RETURN = r"""
version:
  description: The report version recorded (render).
  returned: action is render
  type: int
  sample: 1
period:
  description: The period (label, kind, since, until in UTC, start, end as local dates, timezone).
  returned: action is render or period
  type: dict
dir:
  description: The folder the files were written to.
  returned: action is render
  type: str
  sample: reports/service/lab/2026-11
files:
  description: The files written, by format and language.
  returned: action is render
  type: dict
summary:
  description: The executive summary (score, open risks, SLA met, changes, cost, sections without data).
  returned: action is render
  type: dict
confirmation:
  description: The confirmation recorded (or already recorded).
  returned: action is confirm
  type: dict
zstack_billing:
  description: Whether the site's plan says its ZStack licenses billing.
  returned: action is period
  type: bool
"""

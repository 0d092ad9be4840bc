# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report machinery: model, scoring, delta, renderers and on-disk layout.

Runs on the controller only.  Never calls a cloud client: every report is rebuilt from its
JSON document alone (see tools/render_report.py and docs/reports.md).
"""

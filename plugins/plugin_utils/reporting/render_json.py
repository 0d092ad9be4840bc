# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.json: the document itself (language-neutral: every data text stays bilingual)."""

from __future__ import annotations

import json


def render(doc, language=None):  # pylint: disable=unused-argument
    """Serialize the report document.  One line per top-level key is not worth the 5x cost of
    the pure-Python indenting encoder on 100,000 findings, so the output is compact JSON."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=False, default=str) + "\n"

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's own TextFSM templates, for commands ntc-templates 9.3.0 has none for (reference 2.1).

Kept as Python text (not .textfsm files) because module_utils reach a module only as Python.
Keyed by (ntc platform, full command). Each is tested against the lab and a shape from the reference
(tests/unit/plugins/module_utils/switch/test_templates.py).
"""

from __future__ import annotations

TEMPLATES = {}

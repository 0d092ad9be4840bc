# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The switch check catalogue (CSW/DSW, platform `switch`): every check, in report order.

Imports are static on purpose: AnsiballZ bundles only module_utils it can see imported.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch import health, network, operations

# Report order: the box itself, then its ports and topology, then operations.
CHECKS = health.CHECKS + network.CHECKS + operations.CHECKS


def by_id():
    return dict((c.id, c) for c in CHECKS)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ZStack check catalogue: every check, in report order.

Imports are static on purpose: AnsiballZ bundles only module_utils it can see imported.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import (
    backup,
    compute,
    cost,
    network,
    operations,
    platform,
    security,
    storage,
)

# Report order: platform first (licence, management plane, settings), then the resource
# layers bottom-up, then the process pillars.
CHECKS = (platform.CHECKS + compute.CHECKS + storage.CHECKS + network.CHECKS + security.CHECKS
          + backup.CHECKS + operations.CHECKS + cost.CHECKS)


def by_id():
    return dict((c.id, c) for c in CHECKS)

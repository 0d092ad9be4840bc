# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Apsara Stack check catalogue: every check, in report order.

Imports are static on purpose: AnsiballZ bundles only module_utils it can see imported.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.apsara import (
    backup,
    compute,
    monitoring,
    network,
    rds,
    security,
    slb,
    storage,
)

# Report order: compute, storage, network, security, then databases and load balancers, then the
# process pillars (backup policies, monitoring).
CHECKS = (compute.CHECKS + storage.CHECKS + network.CHECKS + security.CHECKS + rds.CHECKS + slb.CHECKS
          + backup.CHECKS + monitoring.CHECKS)


def by_id():
    return dict((c.id, c) for c in CHECKS)

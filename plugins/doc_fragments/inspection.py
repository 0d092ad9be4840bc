# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Site configuration of the checks, shared by every report module (*_inspect, *_backup_validate, *_restore_test);
    COLLECTION: the limits of the modules that collect datasets with a pool of requests."""

    DOCUMENTATION = r"""
options:
  thresholds:
    description:
      - "Threshold overrides per check id, for example C({zstack_host_vm_density: {max_running_vms_count: 30}})."
      - The roles pass every default from their C(defaults/main/thresholds.yml) (generated from the catalogue, see C(docs/checks.md))
        merged with the site's overrides, and only the ids of the endpoint's own platform.
      - The backup modules share one catalogue per platform (validation and restore-test checks), so either accepts the ids of both.
      - Unknown check ids or threshold names, wrong types and percentages outside 0..100 fail before any API call.
    type: dict
    default: {}
  skip_checks:
    description: Check ids not to evaluate.
    type: list
    elements: str
    default: []
  mutes:
    description:
      - Accepted risks. A failing finding matching a mute is reported as C(MUTED) with the reason until the expiry date.
      - Each item has C(check) (id or glob), C(resource) (glob on resource uuid or name, default C(*)), C(reason) and
        C(expires) (YYYY-MM-DD); all but C(resource) are required.
    type: list
    elements: dict
    default: []
"""

    COLLECTION = r"""
options:
  workers:
    description: Concurrent API requests at most, 1 to 64. Keep it small; management endpoints are small machines.
    type: int
    default: 4
  requests_per_second:
    description: Cap on API requests per second, 0 (no cap) or 0.1 to 10000.
    type: float
    default: 0
"""

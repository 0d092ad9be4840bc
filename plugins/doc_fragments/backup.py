# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Required protection (site data) of every *_backup_validate module; RESTORE_TEST: the options every
    *_restore_test module shares (the platform documents its own C(source) and extras)."""

    DOCUMENTATION = r"""
options:
  backup_requirements:
    description:
      - Required protection as data. Each rule has C(name), C(match), C(rpo_hours) and optionally C(retention_days).
      - C(match) has any of C(tag) (C(key=value); a ZStack user tag C(key::value) matches too), C(name) (a glob on the
        resource name) and C(group) (ZStack cluster name; Apsara resource group name or C(rs-) id). Every key given must match.
      - A resource takes the first rule it matches; resources matching no rule are listed as C(not_required).
      - C(rpo_hours) (a positive number) is the largest allowed age of the newest good backup or snapshot;
        C(retention_days) (0 or more) how far back restore points must reach.
      - Unknown keys, an empty C(match), a malformed tag or non-numeric C(rpo_hours)/C(retention_days) fail before any API call;
        a C(tag) no resource carries or a C(group) that does not exist fails right after the reads.
    type: list
    elements: raw
    default: []
"""

    RESTORE_TEST = r"""
options:
  sample_size:
    description:
      - How many resources to restore, picked from every resource that has a good backup, in a deterministic order
        (by resource name, then uuid), so the same site gets the same sample until its backups change.
      - Ignored when O(resources) is given. V(0) restores nothing and only looks for leftovers (see O(cleanup_leftovers)).
    type: int
    default: 1
  time_budget_seconds:
    description:
      - Wall-clock budget of the run, counted from the module's start. When it is spent no new restore starts; the
        resources not yet tested are reported with status C(not_run). A restore already running is finished and cleaned up.
    type: int
    default: 600
  resources:
    description:
      - Names or uuids/ids of the resources to restore, instead of sampling. A name that matches no resource fails the task
        after the first reads and before any restore. A listed resource without a good backup is an C(error) row.
    type: list
    elements: str
    default: []
  content_probe_url:
    description:
      - URL template with the placeholder C({id}) answering C(GET) with a JSON object with the keys C(marker) and C(source_marker) for a
        resource id (the lab serves it at C(<lab control url>/_lab/content/{id})). The content check passes when the
        restored resource's C(marker) equals C(source_marker) (or, without that field, the marker the probe gives for the backup).
      - Without it the content check is C(null) (not run), never assumed.
      - Fetched with the connection's O(validate_certs), O(ca_path) and O(timeout).
    type: str
  cleanup_leftovers:
    description:
      - Delete scratch resources left behind by an earlier, interrupted run (found by the name prefix C(cloudops-restore-)).
        They are always listed in RV(leftovers); without this option they are only reported (and fail the check
        C(<platform>_restore_scratch_left)).
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait for one restore to become usable, and for one scratch resource to be deleted.
    type: int
    default: 600
"""

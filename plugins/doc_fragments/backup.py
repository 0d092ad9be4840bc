# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Required protection (site data) shared by every *_backup_validate and *_restore_test module."""

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

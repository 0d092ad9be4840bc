# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Options and attributes every change module shares (docs/changes.md)."""

    DOCUMENTATION = r"""
options:
  change:
    description:
      - The change this task belongs to, as the C(cloudops.privatecloud.change_window) action returns it in
        C(change) (the C(vpc_change) role passes it on). Copied into every change record.
    type: dict
    default: {}
    suboptions:
      id:
        description: Change id, for example the change ticket's number; records of one change share it.
        type: str
      ticket:
        description: The ticket (ITSM reference) that approved the change.
        type: str
      operator:
        description: Who runs the change (AWX C(awx_user_name), else the OS user). Defaults to the OS user.
        type: str
      title:
        description: A one-line title for the report.
        type: str
      window:
        description: The change window (start, end, timezone, state) as the window check returned it.
        type: dict
attributes:
  check_mode:
    description: Check mode reads the current state and reports what would change (status C(planned)) without any write.
    support: full
  diff_mode:
    description: Shows every step's target state before and after (returned as C(diff) by every change and rollback module,
      on both clouds).
    support: full
notes:
  - Every result, also of a failed task, carries C(report_kind=change), C(changes) (one change record per step) and
    C(journal) (what this task created or modified, for the rollback); see docs/changes.md.
  - A failed step fails the task; the steps after it are recorded with status C(not_started). Bad input fails before any
    write, with the failed pre-checks in C(pre_checks) and the texts in C(problems).
  - Every write is journaled before it is issued, outside the task result, in an append-only file per change and endpoint
    on the machine the module runs on - C($CLOUDOPS_JOURNAL_DIR/<change id>/), default C(~/.cloudops/journals), 0700/0600,
    ids, names and keys only, never credentials; C(CLOUDOPS_JOURNAL_DIR=off) turns it off. Nothing is persisted without
    O(change.id) or in check mode. A rollback of the change also undoes what an interrupted run left there, and a re-run
    journals what it adopts from one (docs/changes.md).
"""

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Module attributes shared by groups of modules."""

    READ_ONLY = r"""
attributes:
  check_mode:
    description: Read-only; runs fully in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
"""

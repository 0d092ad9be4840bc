# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Facts about the current run that modules, callbacks and tools share: the run id and the operator.

Neutral on purpose (standard library only): the change runtime, the session store and the reporting
layer all read these, and none of them may import another for it (docs/architecture.md).
"""

from __future__ import annotations

import getpass

# Set once per run by whoever starts it (the sessions callback, tools/run_change.py); every module
# process inherits it.
RUN_ID_ENV = "CLOUDOPS_RUN_ID"


def default_operator():
    """The OS user running the controller; AWX's awx_user_name wins (callers pass it in)."""
    try:
        return getpass.getuser()
    except Exception:  # pylint: disable=broad-except
        return "unknown"

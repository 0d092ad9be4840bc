# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The change window check (docs/changes.md, "Window"); documentation in plugins/modules/change_window.py.

Runs on the controller and calls no cloud.  Glue only: the arguments are validated here, the rules are
plugin_utils/window.py (tools/run_change.py applies the same ones before a run starts).
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import window

WINDOW_OPTIONS = {
    "start": {"type": "str"},
    "end": {"type": "str"},
    "timezone": {"type": "str"},
    "ticket": {"type": "str"},
}
ARGUMENT_SPEC = {
    "window": {"type": "dict", "options": WINDOW_OPTIONS},
    "change": {"type": "dict", "required": True, "options": {
        "id": {"type": "str"},
        "ticket": {"type": "str"},
        "title": {"type": "str"},
        "operator": {"type": "str"},
        "window": {"type": "dict", "options": WINDOW_OPTIONS},
    }},
    "override": {"type": "bool", "default": False},
    # the hosts the change file names: one missing from the inventory refuses the change
    "hosts": {"type": "list", "elements": "str"},
    "override_reason": {"type": "str"},
    "operator": {"type": "str"},
}


class ActionModule(ActionBase):
    """Refuse outside the change window; end the play between serial batches after its deadline."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        dummy, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        result.update(window.check(args, task_vars, window.utc_now(), check_mode=bool(self._task.check_mode)))
        return result

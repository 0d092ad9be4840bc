# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sessions
type: aggregate
short_description: Share one cloud API session per endpoint for a whole run, and log it out at the end
version_added: 0.1.0
description:
  - Gives the run an id (environment variable C(CLOUDOPS_RUN_ID)) that the collection's modules use to share one ZStack session
    per endpoint and account across all tasks and hosts, instead of logging in on every task (ZStack caps an account at 500 sessions).
  - It is the run's one id, sortable (C(20261127T140000Z-1a2b3c)), and the C(report) callback names its reports with it. Whoever
    starts first sets it; an id preset by a parent process (C(tools/run_change.py)) is kept, and its sessions are left to that parent
    when it says it owns them (E(CLOUDOPS_RUN_OWNER) set to the run id). An id preset without that (by hand, a CI job) is this
    callback's to end.
  - When the playbook ends, logs out every session the run opened and removes their entries; also when the run is cancelled with
    Ctrl-C or SIGTERM (SIGTERM is turned into the same interrupt as Ctrl-C, so the exit handlers run).
  - Session ids are kept in a per-user directory with mode 0700, files 0600 (C(CLOUDOPS_SESSION_DIR), default under the system temp dir).
  - If the run is killed (SIGKILL, ansible-runner timeout), the sessions simply expire on the server after their timeout.
requirements:
  - enabled in callbacks_enabled (the repository's ansible.cfg does this)
"""

import atexit

from ansible.plugins.callback import CallbackBase

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import SessionStore
from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import ensure_run_id, interrupt_on_sigterm, owns_sessions
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "cloudops.privatecloud.sessions"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._done = False
        # Set now, in the controller process: every worker and module process inherits it.
        run_id = ensure_run_id()
        # Ours to end unless a parent (tools/run_change.py) claimed them.
        self._owner = owns_sessions(run_id)
        self.store = SessionStore(run_id)
        atexit.register(self.logout_all)
        interrupt_on_sigterm()

    def v2_playbook_on_stats(self, stats):
        self.logout_all()

    def logout_all(self):
        """Log out every session of this run (only the process that named the run does it)."""
        if self._done or not self._owner:
            return
        self._done = True
        for endpoint in self.store.logout_all(ZStackClient):
            self._display.vvv("cloudops sessions: logout from %s failed; the session expires on its own" % endpoint)

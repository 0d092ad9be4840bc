# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Facts about the current run that modules, callbacks and tools share: the run id and the operator.

Neutral on purpose (standard library only): the change runtime, the session store and the reporting
layer all read these, and none of them may import another for it (docs/architecture.md).

One run, one id: whoever starts first (tools/run_change.py, else the first of the sessions and report
callbacks) puts a sortable id in CLOUDOPS_RUN_ID; everyone after reads it from there, so the shared API
sessions, the runner's run dir and every report of the run carry the same id.
"""

from __future__ import annotations

import getpass
import os
import re
import signal
import time

# Set once per run by whoever starts it; every module process inherits it.
RUN_ID_ENV = "CLOUDOPS_RUN_ID"
# 20260127T101500Z-1a2b3c: start time first, so run ids (and run directories) sort by time.
RUN_ID_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6,32}$")
# A parent that keeps a run's shared sessions and logs them out itself (tools/run_change.py) puts the run id it
# owns here.  A run id preset without it (by hand, a CI job, AWX) is the callbacks' to end: nobody else will.
RUN_OWNER_ENV = "CLOUDOPS_RUN_OWNER"
# Extra vars in which AWX / Tower name the user who launched the job.
OPERATOR_VARS = ("awx_user_name", "tower_user_name")

# Run ids this process put into the environment: the process that named the run ends its sessions.
_named_here = set()


def new_run_id(started=None):
    """A sortable, unique run id: 20260127T101500Z-1a2b3c.  `started` is an ISO 8601 UTC time ("...Z")."""
    stamp = started.replace("-", "").replace(":", "") if started else time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return "%s-%s" % (stamp, os.urandom(3).hex())


def run_id_from_env():
    """CLOUDOPS_RUN_ID when it holds a run id of the form above, else None."""
    value = os.environ.get(RUN_ID_ENV) or ""
    return value if RUN_ID_RE.match(value) else None


def ensure_run_id(started=None):
    """The run's id: CLOUDOPS_RUN_ID when set (a preset id is kept as it is), else a new one, set there now.

    Called by the callbacks in the controller process before any task runs, so every worker and
    module process inherits the id.  Only an empty variable is filled: an id preset by a parent
    (tools/run_change.py) belongs to that parent.
    """
    value = os.environ.get(RUN_ID_ENV)
    if not value:
        value = os.environ[RUN_ID_ENV] = new_run_id(started)
        _named_here.add(value)
    return value


def named_here(run_id):
    """True when this process set `run_id` (it then owns the run's shared sessions)."""
    return run_id in _named_here


def owns_sessions(run_id):
    """True when this process ends the run's shared sessions: it named the run, or no parent claimed them."""
    return named_here(run_id) or os.environ.get(RUN_OWNER_ENV) != run_id


# The signal that cancelled this process's run (SIGTERM turned into an interrupt), None before.
_cancelled_by = []


def cancel_signal():
    """The name of the signal that cancelled the run in this process ("SIGTERM"), or None."""
    return _cancelled_by[0] if _cancelled_by else None


def interrupt_on_sigterm():
    """Make SIGTERM end the run the way Ctrl-C does: once per process, in the controller's main thread.

    systemd, `timeout`, CI and Kubernetes stops and AWX's cancel send SIGTERM, and Ansible's own handler
    answers it by killing the controller at once: no atexit, so no report and no logout.  This handler chains
    the previous one as if Ctrl-C came - Ansible's TaskQueueManager forwards it to its workers (each in its
    own session, so nothing else reaches them) and stops the play with KeyboardInterrupt - and the callbacks'
    exit handlers then write the reports marked cancelled and log the sessions out.
    """
    previous = signal.getsignal(signal.SIGTERM)
    if getattr(previous, "cloudops_cancel", False):
        return False
    try:
        signal.signal(signal.SIGTERM, _chained_cancel(previous))
    except ValueError:
        return False  # not the main thread: only the controller's main process stops a run
    return True


def _chained_cancel(previous):
    def cancel(signum, frame):
        if not _cancelled_by:
            _cancelled_by.append(signal.Signals(signum).name)
        if callable(previous):
            # Ansible's TaskQueueManager kills its own process on SIGTERM: give it the Ctrl-C it stops on cleanly
            ansible_tqm = hasattr(getattr(previous, "__self__", None), "_workers")
            previous(signal.SIGINT if ansible_tqm else signum, frame)
        raise KeyboardInterrupt()
    cancel.cloudops_cancel = True
    return cancel


def default_operator():
    """The OS user running the controller; AWX's awx_user_name wins (see operator_name)."""
    try:
        return getpass.getuser()
    except Exception:  # pylint: disable=broad-except
        return "unknown"


def operator_from_vars(variables):
    """The operator AWX / Tower name in the extra vars (or task vars), or None."""
    for key in OPERATOR_VARS:
        value = (variables or {}).get(key)
        if value:
            return str(value)
    return None


def operator_name(variables=None):
    """The operator AWX names in the variables, else the OS user."""
    return operator_from_vars(variables) or default_operator()

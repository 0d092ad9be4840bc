# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a change module rolls its targets: `parallel` of them at a time (core/parallel.bounded_map), so the waits of 50
VMs or instances overlap instead of following one another; parallel 1 is a rolling change, one target at a time.
A mixin for a platform's runner (the scaling modules use it); the engine's Runner is unchanged.

Every record is opened in plan order first (the report keeps that order); journal writes and ClientTokens are
serialised (the tracker numbers entries, the journal file appends them, a token counter counts).  Only steps run
together: the writes inside one step stay one after another (an intent is keyed by its step and type).  One failure
does not stop the targets already under way: they finish (or fail) and are journaled, then the first failure fails
the module and the role's rollback undoes them all."""

from __future__ import annotations

import threading

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import Runner, StepFailed
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.parallel import bounded_map

PARALLEL_OPTION = dict(parallel=dict(type="int", default=5))


class Rollout(Runner):
    """Mixin before a platform's Runner subclass (`class X(Rollout, ChangeRun)`): its steps run `parallel` at a time."""

    parallel = 1

    def __init__(self, client, tracker, wait_timeout=600):
        super(Rollout, self).__init__(client, tracker, wait_timeout)
        self._journal_lock = threading.RLock()

    def token(self):
        """A platform's ClientToken counter, one token per call also when steps run together."""
        with self._journal_lock:
            return super(Rollout, self).token()  # pylint: disable=no-member

    def intend(self, rec, rtype, name=None, keys=None, rid=None, op="create", **extra):
        with self._journal_lock:
            return super(Rollout, self).intend(rec, rtype, name=name, keys=keys, rid=rid, op=op, **extra)

    def _persist(self, rec, entry):
        with self._journal_lock:
            return super(Rollout, self)._persist(rec, entry)

    def created(self, rec, rtype, rid, keys=None, name=None, **extra):
        with self._journal_lock:
            return super(Rollout, self).created(rec, rtype, rid, keys=keys, name=name, **extra)

    def modified(self, rec, rtype, rid, restore, keys=None, name=None):
        with self._journal_lock:
            return super(Rollout, self).modified(rec, rtype, rid, restore, keys=keys, name=name)

    def run(self, steps):
        steps = list(steps)
        if self.parallel <= 1 or self.check_mode or sum(1 for s in steps if s.changed) < 2:
            return super(Rollout, self).run(steps)
        recs = [self.tracker.begin(s.action, s.target, before=s.before, pre_checks=s.pre_checks, title=s.title)
                for s in steps]

        def one(pair):
            step, rec = pair
            try:
                self._one(step, rec)
            except Exception as err:  # pylint: disable=broad-except
                # the other targets go on; this one's record and journal must reach the rollback
                with self._journal_lock:
                    if rec["ended_at"] is None:
                        self.tracker.failed(rec, err)
                return err, rec
            return None

        failed = [f for f in bounded_map(one, list(zip(steps, recs)), self.parallel) if f]
        if failed:
            raise StepFailed(failed[0][0], failed[0][1])

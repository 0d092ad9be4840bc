# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retries with jittered exponential backoff, shared by every wire-protocol client.

"Full jitter" (sleep a random time between 0 and the exponential cap) spreads the retries of
many forks hitting the same small management node, instead of synchronising them.
"""

from __future__ import annotations

import random
import threading
import time


def backoff_delays(retries, base_delay=0.5, max_delay=10.0, rng=None):
    """Yield `retries` sleep times: uniform(0, min(max_delay, base_delay * 2**attempt))."""
    rng = rng or random
    for attempt in range(retries):
        yield rng.uniform(0, min(max_delay, base_delay * (2 ** attempt)))


def call_with_retries(func, is_retriable, retries=3, base_delay=0.5, max_delay=10.0, sleep=time.sleep, on_retry=None):
    """Call func(); on an exception for which is_retriable(exc) is true, sleep and try again.

    The last exception propagates once the retries are used up.  on_retry(exc, delay) is told
    about every retry (clients count them for their statistics).
    """
    delays = backoff_delays(retries, base_delay, max_delay)
    while True:
        try:
            return func()
        except Exception as exc:  # pylint: disable=broad-except
            if not is_retriable(exc):
                raise
            delay = next(delays, None)
            if delay is None:
                raise
            if on_retry:
                on_retry(exc, delay)
            sleep(delay)


class RateLimiter(object):
    """At most `rate` calls per second across threads (0 or None = unlimited)."""

    def __init__(self, rate=None, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def acquire(self):
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            self._sleep(wait)

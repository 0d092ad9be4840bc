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


def wait_until(read, done, timeout, on_timeout, check=None, first_delay=0.05, max_delay=2.0,
               clock=time.monotonic, sleep=time.sleep):
    """The one poll loop: call `read()` until `done(value)` is true and return that value.

    Every wait of the collection goes through here (an async job, a resource reaching a state, a
    delete finishing), so timing rules are decided once: quick first polls (most lab and many real
    jobs finish in well under a second), doubling up to `max_delay`, never past the deadline by more
    than one poll.  `check(value)`, when given, sees every value that is not done yet and raises to
    end the wait early (a failure state, a resource that vanished).  When `timeout` seconds have
    passed, the exception `on_timeout(last_value)` returns is raised: each client raises its own
    error type.
    """
    deadline = clock() + timeout
    delay = min(first_delay, max_delay)
    while True:
        value = read()
        if done(value):
            return value
        if check is not None:
            check(value)
        if clock() >= deadline:
            raise on_timeout(value)
        sleep(delay)
        delay = min(max_delay, delay * 2)

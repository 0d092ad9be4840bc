"""Fault injection: latency, 5xx, overload, async-job failures. Deterministic for a given seed."""
from __future__ import annotations

import random
import threading

from .wire import ApiError

FIELDS = ("latency_ms", "error_rate", "overload_rate", "fail_async", "fail_async_rate", "seed",
          "job_seconds", "exempt_login")


class Faults:
    def __init__(self, **kw):
        self._lock = threading.Lock()
        self.latency_ms = 0
        self.error_rate = 0.0           # fraction of calls answered with a plain 500 or a 503 SYS.1000
        self.overload_rate = 0.0        # fraction answered 503 SYS.1001 (MN too busy: message timeout)
        self.fail_async: dict[str, float] = {}   # api name -> probability the job fails (SYS.1006)
        self.fail_async_rate = 0.0      # probability that any async job fails
        self.job_seconds = 0.2          # default simulated duration of async jobs
        self.exempt_login = False       # True: never inject 5xx on login/logout
        self.seed = None
        self._rng = random.Random()
        self.update(**kw)

    def update(self, **kw) -> dict:
        with self._lock:
            for k, v in kw.items():
                if k not in FIELDS:
                    raise ValueError(f"unknown fault knob {k!r}; valid: {', '.join(FIELDS)}")
                if k == "fail_async":
                    v = {str(a): float(p) for a, p in (v or {}).items()}
                elif k in ("latency_ms",):
                    v = int(v)
                elif k in ("error_rate", "overload_rate", "fail_async_rate", "job_seconds"):
                    v = float(v)
                elif k == "exempt_login":
                    v = v if isinstance(v, bool) else str(v).lower() in ("1", "true", "yes")
                setattr(self, k, v)
            if "seed" in kw:
                self._rng = random.Random(self.seed)
        return self.as_dict()

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}

    def _roll(self, p: float) -> bool:
        if p <= 0:
            return False
        with self._lock:
            return self._rng.random() < p

    def http_fault(self):
        """Returns None, or (status, body bytes) to send instead of handling the call."""
        if self._roll(self.error_rate):
            with self._lock:
                plain = self._rng.random() < 0.5
            if plain:
                # an uncaught exception in the REST layer: 500 with the exception message as plain text
                return 500, b"java.lang.RuntimeException: org.springframework.amqp.AmqpIOException: java.io.IOException"
            err = ApiError("SYS.1000", "an internal error happened in the management node [lab fault injection]")
            return 503, err
        if self._roll(self.overload_rate):
            err = ApiError("SYS.1001", "Timeout after 30000ms, the management node is too busy to process the"
                                       " message [lab fault injection]")
            return 503, err
        return None

    def async_failure(self, api_name: str) -> ApiError | None:
        p = self.fail_async.get(api_name, self.fail_async_rate)
        if self._roll(p):
            return ApiError("SYS.1006", f"operation failure, {api_name} failed on the agent [lab fault injection]")
        return None

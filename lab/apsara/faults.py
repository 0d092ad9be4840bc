"""Fault injection for the Apsara gateway: latency, 5xx, throttling, async failures. Seeded."""
from __future__ import annotations

import random
import threading

from .wire import ApiError

FIELDS = ("latency_ms", "error_rate", "throttle_rate", "throttle_code", "throttle_status", "fail_async",
          "fail_async_rate", "async_seconds", "seed", "exempt_actions")

_THROTTLE_TEXT = {
    "Throttling": "Request was denied due to request throttling.",
    "Throttling.User": "Request was denied due to user flow control.",
    "Throttling.Api": "Request was denied due to api flow control.",
}


class Faults:
    def __init__(self, **kw):
        self._lock = threading.Lock()
        self.latency_ms = 0
        self.error_rate = 0.0            # fraction answered 500 InternalError or 503 ServiceUnavailable
        self.throttle_rate = 0.0         # fraction answered with throttle_code / throttle_status
        self.throttle_code = "Throttling.User"
        self.throttle_status = 400       # 400 as the POP gateway; 503 or 429 for other gateways
        self.fail_async: dict[str, float] = {}   # Action -> probability its async transition fails
        self.fail_async_rate = 0.0
        self.async_seconds = 0.5         # duration of Pending->Running, Stopping->Stopped, ...
        self.exempt_actions: list[str] = []       # never fault these actions
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
                elif k in ("latency_ms", "throttle_status"):
                    v = int(v)
                elif k in ("error_rate", "throttle_rate", "fail_async_rate", "async_seconds"):
                    v = float(v)
                elif k == "exempt_actions":
                    v = [str(a) for a in (v or [])]
                elif k == "throttle_code":
                    v = str(v)
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

    def http_fault(self, action: str) -> ApiError | None:
        if action in self.exempt_actions:
            return None
        if self._roll(self.error_rate):
            with self._lock:
                internal = self._rng.random() < 0.5
            if internal:
                return ApiError(500, "InternalError", "The request processing has failed due to some unknown error, "
                                                      "exception or failure.")
            return ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
        if self._roll(self.throttle_rate):
            return ApiError(self.throttle_status, self.throttle_code,
                            _THROTTLE_TEXT.get(self.throttle_code, "Request was denied due to flow control."))
        return None

    def async_fails(self, action: str) -> bool:
        return self._roll(self.fail_async.get(action, self.fail_async_rate))

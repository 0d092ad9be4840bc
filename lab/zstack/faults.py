"""Fault injection: latency, 5xx, overload, async-job failures, failing APIs, lost answers.

Deterministic for a given seed. ``fail_apis`` and ``fail_async`` keys are an API name (every call) or
``ApiName#N`` (only the Nth call of that API, counted from when the knob is set), as on the Apsara side.
"""
from __future__ import annotations

from collections import Counter

from ..common.faults import BaseFaults, flag, float_map
from .wire import ApiError

FIELDS = ("latency_ms", "error_rate", "overload_rate", "fail_async", "fail_async_rate", "seed",
          "job_seconds", "exempt_login", "restore_seconds", "fail_apis", "lost_response_rate",
          "location_context_path", "half_apply_resize", "exhaust_capacity")
_COUNTED = ("fail_apis", "fail_async", "half_apply_resize", "exhaust_capacity")


def _context_path(value) -> str:
    """"" or "/name" (a trailing "/" dropped); anything else is refused like any bad knob value."""
    text = "" if value is None else str(value).rstrip("/")
    if text and not text.startswith("/"):
        raise ValueError(f"location_context_path must be empty or start with '/', got {value!r}")
    return text


class Faults(BaseFaults):
    """error_rate: fraction of calls answered with a plain 500 or a 503 SYS.1000;
    fail_async: api name (or name#N) -> probability the job fails (SYS.1006);
    fail_apis: api name (or name#N) -> probability the call is answered at once with a 503 SYS.1006,
    nothing done (a fault matrix fails the second CreateVRouterRouteTable of one change with
    ``{"CreateVRouterRouteTable#2": 1.0}``);
    lost_response_rate: fraction of async writes that are applied but answered with a 503 SYS.1001,
    as when the answer is lost on the way back; the client's retry with the same X-Job-UUID then
    gets ZStack's 400 "Duplicate job uuid" and follows the job;
    location_context_path: the context path written into async 202 "location" URLs ("/zstack", or "");
    half_apply_resize: api name (UpdateVmInstance, ChangeInstanceOffering, or name#N) -> probability that a
    running resize hot-plugs the CPU and then fails the memory step (scaling-api.md 2.4.4: the DB keeps the CPU);
    exhaust_capacity: api name (StartVmInstance, UpdateVmInstance, ChangeInstanceOffering, CloneVmInstance, or
    name#N) -> probability that its host allocation finds no host (HOST_ALLOCATION.1000 under a SYS.1006)."""

    FIELDS = FIELDS
    COERCE = {**BaseFaults.COERCE, "overload_rate": float, "job_seconds": float, "exempt_login": flag,
              "restore_seconds": float, "fail_apis": float_map, "lost_response_rate": float,
              "location_context_path": _context_path, "half_apply_resize": float_map,
              "exhaust_capacity": float_map}

    def __init__(self, **kw):
        self.overload_rate = 0.0        # fraction answered 503 SYS.1001 (MN too busy: message timeout)
        self.job_seconds = 0.2          # default simulated duration of async jobs
        self.exempt_login = False       # True: never inject 5xx on login/logout
        self.restore_seconds = 1.0      # duration of CreateDataVolumeFromVolumeBackup/-Snapshot (test restores)
        self.fail_apis: dict[str, float] = {}
        self.lost_response_rate = 0.0
        # the context path in 202 "location" URLs: "" gives http://<mn>:8080/v1/api-jobs/<uuid>, what ZStack
        # builds when its REST path is empty (issue 13); the job stays pollable under /zstack/v1/api-jobs/
        self.location_context_path = "/zstack"
        self.half_apply_resize: dict[str, float] = {}
        self.exhaust_capacity: dict[str, float] = {}
        self._counts = {table: Counter() for table in _COUNTED}
        super().__init__(**kw)

    def update(self, **kw) -> dict:
        out = super().update(**kw)
        with self._lock:
            for table in _COUNTED:
                if table in kw:             # "#N" counts start when the knob is set
                    self._counts[table] = Counter()
        return out

    def _named(self, table: str, api_name: str) -> bool | None:
        """Roll the table's entry for this call ("Api#N" first, then "Api"); None when it has none."""
        probs = getattr(self, table)
        if not probs:
            return None
        with self._lock:
            self._counts[table][api_name] += 1
            nth = self._counts[table][api_name]
        key = "%s#%d" % (api_name, nth)
        if key in probs:
            return self._roll(probs[key])
        if api_name in probs:
            return self._roll(probs[api_name])
        return None

    def http_fault(self):
        """Returns None, or (status, body bytes) to send instead of handling the call."""
        if self._roll(self.error_rate):
            if self._coin():
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
        hit = self._named("fail_async", api_name)
        if hit is None:
            hit = self._roll(self.fail_async_rate)
        if hit:
            return ApiError("SYS.1006", f"operation failure, {api_name} failed on the agent [lab fault injection]")
        return None

    def api_failure(self, api_name: str) -> ApiError | None:
        """fail_apis: the error the call answers with before anything is done, or None."""
        if self._named("fail_apis", api_name):
            return ApiError("SYS.1006", f"operation failure, {api_name} failed [lab fault injection]")
        return None

    def named(self, table: str, api_name: str) -> bool:
        """True when the per-API knob ``table`` (half_apply_resize, exhaust_capacity) fires for this call."""
        return bool(self._named(table, api_name))

    def lost_response(self) -> ApiError | None:
        """The answer to send instead of an applied write's own, or None."""
        if self._roll(self.lost_response_rate):
            return ApiError("SYS.1001", "Timeout after 30000ms, the answer of the management node was lost"
                                        " [lab fault injection]")
        return None

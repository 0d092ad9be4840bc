"""Fault injection: latency, 5xx, overload, async-job failures. Deterministic for a given seed."""
from __future__ import annotations

from ..common.faults import BaseFaults, flag
from .wire import ApiError

FIELDS = ("latency_ms", "error_rate", "overload_rate", "fail_async", "fail_async_rate", "seed",
          "job_seconds", "exempt_login", "restore_seconds")


class Faults(BaseFaults):
    """error_rate: fraction of calls answered with a plain 500 or a 503 SYS.1000;
    fail_async: api name -> probability the job fails (SYS.1006)."""

    FIELDS = FIELDS
    COERCE = {**BaseFaults.COERCE, "overload_rate": float, "job_seconds": float, "exempt_login": flag, "restore_seconds": float}

    def __init__(self, **kw):
        self.overload_rate = 0.0        # fraction answered 503 SYS.1001 (MN too busy: message timeout)
        self.job_seconds = 0.2          # default simulated duration of async jobs
        self.exempt_login = False       # True: never inject 5xx on login/logout
        self.restore_seconds = 1.0      # duration of CreateDataVolumeFromVolumeBackup/-Snapshot (test restores)
        super().__init__(**kw)

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
        if self._async_roll(api_name):
            return ApiError("SYS.1006", f"operation failure, {api_name} failed on the agent [lab fault injection]")
        return None

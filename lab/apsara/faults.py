"""Fault injection for the Apsara gateway: latency, 5xx, throttling, async failures. Seeded."""
from __future__ import annotations

from ..common.faults import BaseFaults, str_list
from .wire import ApiError

FIELDS = ("latency_ms", "error_rate", "throttle_rate", "throttle_code", "throttle_status", "fail_async",
          "fail_async_rate", "async_seconds", "seed", "exempt_actions", "restore_seconds")

_THROTTLE_TEXT = {
    "Throttling": "Request was denied due to request throttling.",
    "Throttling.User": "Request was denied due to user flow control.",
    "Throttling.Api": "Request was denied due to api flow control.",
}


class Faults(BaseFaults):
    """error_rate: fraction answered 500 InternalError or 503 ServiceUnavailable;
    fail_async: Action -> probability its async transition fails."""

    FIELDS = FIELDS
    COERCE = {**BaseFaults.COERCE, "throttle_status": int, "throttle_rate": float, "async_seconds": float,
              "restore_seconds": float, "exempt_actions": str_list, "throttle_code": str}

    def __init__(self, **kw):
        self.throttle_rate = 0.0         # fraction answered with throttle_code / throttle_status
        self.throttle_code = "Throttling.User"
        self.throttle_status = 400       # 400 as the POP gateway; 503 or 429 for other gateways
        self.async_seconds = 0.5         # duration of Pending->Running, Stopping->Stopped, ...
        self.exempt_actions: list[str] = []       # never fault these actions
        self.restore_seconds = 1.0       # duration of CreateDisk from a SnapshotId (a test restore)
        super().__init__(**kw)

    def http_fault(self, action: str) -> ApiError | None:
        if action in self.exempt_actions:
            return None
        if self._roll(self.error_rate):
            if self._coin():
                return ApiError(500, "InternalError", "The request processing has failed due to some unknown error, "
                                                      "exception or failure.")
            return ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
        if self._roll(self.throttle_rate):
            return ApiError(self.throttle_status, self.throttle_code,
                            _THROTTLE_TEXT.get(self.throttle_code, "Request was denied due to flow control."))
        return None

    def async_fails(self, action: str) -> bool:
        return self._async_roll(action)

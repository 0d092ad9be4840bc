"""Fault injection for the Apsara gateway: latency, 5xx, throttling, named action failures, lost answers,
async failures. Seeded.

``fail_actions`` and ``fail_async`` keys are an action name (every call) or ``Action#N`` (only the Nth call
of that action, counted from the moment the knob was last set), so a test can fail one step of a
sequence that calls the same action twice (two router interfaces, two route entries).
"""
from __future__ import annotations

from collections import Counter

from ..common.faults import BaseFaults, flag, float_map, str_list
from .wire import ApiError

FIELDS = ("latency_ms", "error_rate", "throttle_rate", "throttle_code", "throttle_status", "fail_async",
          "fail_async_rate", "async_seconds", "seed", "exempt_actions", "restore_seconds", "fail_actions",
          "lost_response_rate", "xml_error_codes", "cms_legacy_fields", "exhaust_capacity",
          "type_change_interval_seconds")

_THROTTLE_TEXT = {
    "Throttling": "Request was denied due to request throttling.",
    "Throttling.User": "Request was denied due to user flow control.",
    "Throttling.Api": "Request was denied due to api flow control.",
}

# fail_actions answers: a real, non-retriable 4xx code from the action's own error list in
# shared/reference/apsara-api-meta.json (or the product docs where the metadata is silent), so the
# client gives up at once as it would on a real cloud that refuses the call.
_ACTION_ERRORS = {
    "CreateVpc": ("ResourceNotAvailable", "The resource is not available in the specified region."),
    "CreateVSwitch": ("ResourceNotAvailable", "The resource is not available in the specified zone."),
    "CreateRouterInterface": ("OperationFailed.SyncOrderToSub", "Failed to synchronise the order."),
    "ModifyRouterInterfaceAttribute": ("InvalidParam.ModifyRouterInterface", "Modify routerinterface param invalide"),
    "ConnectRouterInterface": ("Forbidden.BillsOutstanding", "You cannot use this action because you have bills outstanding."),
    "ActivateRouterInterface": ("Forbidden.FinancialLocked", "This RouterInterface is financiel locked because of bills outstanding."),
    "CreateRouteEntry": ("QuotaExceeded", "The route entry quota of the route table is exceeded."),
    "CreateNatGateway": ("OperationFailed.NormalInventoryNotEnough", "The NAT gateway inventory is not enough."),
    "AllocateEipAddress": ("QuotaExceeded.Eip", "The EIP quota is exceeded."),
    "AssociateEipAddress": ("OperationDenied", "The operation is not allowed in the current state."),
    "CreateSnatEntry": ("QuotaExceeded.SnatEntry", "The SNAT entry quota is exceeded."),
}
# DeleteVpc, DeleteRouteEntry, AssociateEipAddress, CreateNatGateway ... all list OperationDenied
_DEFAULT_ERROR = ("OperationDenied", "The operation is not allowed in the current state.")


def _codes(value) -> list[str]:
    """A list, or the CLI's comma-separated text (``xml_error_codes=SignatureDoesNotMatch,Throttling``)."""
    if isinstance(value, str):
        return [c.strip() for c in value.split(",") if c.strip()]
    return str_list(value)


def action_error(action: str) -> ApiError:
    code, message = _ACTION_ERRORS.get(action, _DEFAULT_ERROR)
    return ApiError(400, code, message)


class Faults(BaseFaults):
    """error_rate: fraction answered 500 InternalError or 503 ServiceUnavailable; fail_async: Action (or
    Action#N) -> probability its async transition fails; fail_actions: Action (or Action#N) -> probability
    the call is refused with a real 4xx before anything happens; lost_response_rate: fraction of writes
    that ARE applied and then answered 503 ServiceUnavailable (the answer was lost); xml_error_codes: error
    codes answered in XML regardless of Format; cms_legacy_fields: CMS alert history in the older field names."""

    FIELDS = FIELDS
    COERCE = {**BaseFaults.COERCE, "throttle_status": int, "throttle_rate": float, "async_seconds": float,
              "restore_seconds": float, "exempt_actions": str_list, "throttle_code": str,
              "fail_actions": float_map, "lost_response_rate": float, "xml_error_codes": _codes,
              "cms_legacy_fields": flag, "exhaust_capacity": float_map, "type_change_interval_seconds": float}

    def __init__(self, **kw):
        self.throttle_rate = 0.0         # fraction answered with throttle_code / throttle_status
        self.throttle_code = "Throttling.User"
        self.throttle_status = 400       # 400 as the POP gateway; 503 or 429 for other gateways
        self.async_seconds = 0.5         # duration of Pending->Running, Stopping->Stopped, ...
        self.exempt_actions: list[str] = []       # never fault these actions (fail_actions still applies)
        self.restore_seconds = 1.0       # duration of CreateDisk from a SnapshotId (a test restore)
        self.fail_actions: dict[str, float] = {}
        self.lost_response_rate = 0.0
        # error codes answered in XML whatever Format asked for ("*": every error), as real gateways do for
        # some errors, e.g. SignatureDoesNotMatch (issue 13); see xmlbody.py
        self.xml_error_codes: list[str] = []
        # CMS answers in the older field names: alert history items carry AlertState instead of State
        self.cms_legacy_fields = False
        # scaling: Action (or Action#N) -> probability the zone has no stock for it (OperationDenied.NoStock;
        # ResizeDisk: OperationDenied.NotEnoughCapacity), and the minimum time between two instance type
        # changes of one instance (scaling-api.md 3.1: 5 minutes)
        self.exhaust_capacity: dict[str, float] = {}
        self.type_change_interval_seconds = 300.0
        self._counts = {"fail_actions": Counter(), "fail_async": Counter(), "exhaust_capacity": Counter()}
        super().__init__(**kw)

    def update(self, **kw) -> dict:
        out = super().update(**kw)
        with self._lock:
            for table in ("fail_actions", "fail_async", "exhaust_capacity"):
                if table in kw:             # "#N" counts start when the knob is set
                    self._counts[table] = Counter()
        return out

    def _named(self, table: str, action: str) -> bool:
        """Roll the table's entry for this call: "Action" (every call) or "Action#N" (the Nth call only)."""
        probs = getattr(self, table)
        if not probs:
            return False
        with self._lock:
            self._counts[table][action] += 1
            nth = self._counts[table][action]
        p = probs.get("%s#%d" % (action, nth), probs.get(action, 0.0))
        return self._roll(p)

    def http_fault(self, action: str) -> ApiError | None:
        if self._named("fail_actions", action):
            return action_error(action)
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

    def xml_error(self, code: str | None) -> bool:
        """True when an error with this code goes out in XML even though JSON was asked for."""
        codes = self.xml_error_codes
        return bool(codes) and ("*" in codes or code in codes)

    def lost_response(self, action: str) -> bool:
        """After a write was applied: drop its answer (the caller sees 503 ServiceUnavailable)."""
        return action not in self.exempt_actions and self._roll(self.lost_response_rate)

    def exhausted(self, action: str) -> bool:
        return self._named("exhaust_capacity", action)

    def async_fails(self, action: str) -> bool:
        if self._named("fail_async", action):
            return True
        if action in self.fail_async:        # its own probability was rolled: the default rate is not
            return False
        return self._roll(self.fail_async_rate)

"""Wire conventions of the ZStack REST server (RestServer + Gson), kept in one place.

* dates: Gson's default ``MMM d, yyyy h:mm:ss a`` in English, MN local time, no zone
* license dates: ISO strings with offset (``2017-08-23T12:27:01.000+08:00``)
* null fields are omitted (Gson default), integers stay integers
* errors: ``{"error": {"code", "description", "details"}}``
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import re
import uuid as _uuid

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUM = {m: i + 1 for i, m in enumerate(_MONTHS)}

# descriptions from zstack conf/errorCodes/{sys,identity}.xml
ERROR_DESCRIPTIONS = {
    "SYS.1000": "An internal error happened in system",
    "SYS.1001": "A message or a operation timeout",
    "SYS.1003": "A resource can not be found",
    "SYS.1006": "An operation failed",
    "SYS.1007": "One or more API argument is invalid",
    "SYS.1010": "Management server is not ready to serve",
    "SYS.1014": "The operation is not implemented or not supported yet",
    # conf/errorCodes/hostAllocator.xml (scaling-api.md 2.4, 2.8)
    "HOST_ALLOCATION.1000": "No available host found",
    "ID.1000": "Unable to authenticate a user",
    "ID.1001": "The session is invalid, either wrong session id or the session has been expired",
    "ID.1002": "The user doesn't have permission to perform the operation",
    # ID.1006 (MAX_CONCURRENT_SESSION_EXCEEDED) has no <code> entry in the public identity.xml;
    # the details string below is the real one from AccountManagerImpl.
    "ID.1006": "Login sessions hit limit of max allowed concurrent login sessions",
}


def now() -> _dt.datetime:
    """MN local time, naive (Gson writes java.sql.Timestamp without a zone)."""
    return _dt.datetime.now().replace(microsecond=0)


def new_uuid() -> str:
    return _uuid.uuid4().hex


@functools.lru_cache(maxsize=65536)
def fmt_date(d: _dt.datetime) -> str:
    hour = d.hour % 12 or 12
    ampm = "AM" if d.hour < 12 else "PM"
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year} {hour}:{d.minute:02d}:{d.second:02d} {ampm}"


def fmt_iso_offset(d: _dt.datetime) -> str:
    """License style: 2017-08-23T12:27:01.000+08:00 (local offset)."""
    aware = d.astimezone() if d.tzinfo is None else d
    off = aware.strftime("%z")
    return aware.strftime("%Y-%m-%dT%H:%M:%S") + ".000" + off[:3] + ":" + off[3:]


_GSON_RE = re.compile(r"^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)$")


def parse_date(value: str) -> _dt.datetime | None:
    """Accept the forms a client may put in a q= condition on a date column."""
    v = value.strip()
    if re.fullmatch(r"\d{10,13}(\.\d+)?", v):
        num = float(v)
        if num > 1e11:
            num /= 1000.0
        return _dt.datetime.fromtimestamp(num)
    m = _GSON_RE.match(v)
    if m and m.group(1) in _MONTH_NUM:
        hour = int(m.group(4)) % 12 + (12 if m.group(7) == "PM" else 0)
        return _dt.datetime(int(m.group(3)), _MONTH_NUM[m.group(1)], int(m.group(2)), hour,
                            int(m.group(5)), int(m.group(6)))
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return _dt.datetime.strptime(v, fmt)
        except ValueError:
            pass
    try:
        d = _dt.datetime.fromisoformat(v)
        return d.astimezone().replace(tzinfo=None) if d.tzinfo else d
    except ValueError:
        return None


_SIMPLE = frozenset((str, int, float, bool))


class Wired(dict):
    """A mapping already in wire form (a cached rendering): to_wire returns it as is. Never mutate."""


def to_wire(obj):
    """Convert internal values to what Gson would emit: drop None and lab-internal keys, format dates."""
    # Exact type tests on purpose: this runs for every value of every page served, and a
    # subclass (Wired) must not take the dict branch.
    # pylint: disable=unidiomatic-typecheck
    t = type(obj)
    if t is Wired:
        return obj
    if t is dict:
        return {k: (v if type(v) in _SIMPLE else to_wire(v)) for k, v in obj.items()
                if v is not None and k[:1] != "_"}
    if t is list or t is tuple:
        return [v if type(v) in _SIMPLE or type(v) is Wired else to_wire(v) for v in obj]
    if t is _dt.datetime:
        return fmt_date(obj)
    if isinstance(obj, dict):
        return to_wire(dict(obj))
    return obj


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class RawJson(bytes):
    """A response body that is already encoded JSON (sent as is)."""


def utf8(text: str) -> bytes:
    """JSON text as UTF-8.  A lone surrogate (a name sent as "\\udc80") has no UTF-8 form: it goes out as the
    JSON escape \\udc80, as a JSON writer escaping it does, instead of failing every answer that holds it."""
    return text.encode("utf-8", "backslashreplace")


def dumps(obj) -> bytes:
    if isinstance(obj, bytes):
        return bytes(obj)
    return utf8(_ENCODE(to_wire(obj)))


class ApiError(Exception):
    """A business error: 503 with {"error": {...}} (sync), or a failed api-job (async)."""

    def __init__(self, code: str, details: str, description: str | None = None, cause: "ApiError | None" = None):
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details
        self.description = description or ERROR_DESCRIPTIONS.get(code, "An operation failed")
        self.cause = cause          # ErrorCode.cause: the error underneath (e.g. the host allocator's)

    def body(self) -> dict:
        return {"error": self.as_error_code()}

    def as_error_code(self) -> dict:
        out = {"code": self.code, "description": self.description, "details": self.details}
        if self.cause is not None:
            out["cause"] = self.cause.as_error_code()
        return out


class RestError(Exception):
    """An HTTP-layer error: a status code and a plain-text body (RestServer.RestException)."""

    def __init__(self, status: int, text: str):
        super().__init__(text)
        self.status = status
        self.text = text


def argerr(details: str) -> ApiError:
    return ApiError("SYS.1007", details)


def operr(details: str, cause: ApiError | None = None) -> ApiError:
    return ApiError("SYS.1006", details, cause=cause)

"""Wire helpers: errors, request ids, time formats, percent-encoding, list wrappers."""
from __future__ import annotations

import datetime as _dt
import json
import time
import uuid
from urllib.parse import quote

UTC = _dt.timezone.utc


class ApiError(Exception):
    """An error answered as {RequestId, HostId, Code, Message, Recommend} with an HTTP status."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


# ---- common errors (texts from the POP gateway list in apsara-api.md 1.4) ---------------------
def missing(name: str) -> ApiError:
    return ApiError(400, f"Missing{name}", f"{name} is mandatory for this action.")


def invalid(name: str, code: str | None = None, status: int = 400) -> ApiError:
    return ApiError(status, code or f"InvalidParameter.{name}", f"The specified parameter \"{name}\" is not valid.")


def not_found(code: str, what: str) -> ApiError:
    return ApiError(404, code, f"The specified {what} does not exist.")


def incorrect_status(code: str = "IncorrectInstanceStatus", what: str = "instance", status: int = 403) -> ApiError:
    return ApiError(status, code, f"The current status of the {what} does not support this operation.")


def request_id() -> str:
    return str(uuid.uuid4()).upper()


def now() -> float:
    return time.time()


def iso(ts: float | None, minutes: bool = False) -> str:
    """UTC ISO 8601: 2021-06-07T06:08:54Z, or minute precision 2017-12-10T04:04Z (several ECS fields)."""
    if ts is None:
        return ""
    return time.strftime("%Y-%m-%dT%H:%MZ" if minutes else "%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def parse_iso(text: str) -> float | None:
    """Parse the time formats Alibaba APIs accept as input; None when malformed."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return _dt.datetime.strptime(text, fmt).replace(tzinfo=UTC).timestamp()
        except ValueError:
            continue
    return None


def pe(value) -> str:
    """RFC 3986 percent-encoding as the V2 signature wants it (space %20, * %2A, ~ literal)."""
    return quote(str(value), safe="-_.~")


def wrap(outer: str, inner: str, items: list) -> dict:
    """XML-heritage list wrapper: {"Instances": {"Instance": [...]}}."""
    return {outer: {inner: items if isinstance(items, Fragments) else list(items)}}


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_HOLE = "\x00lab-fragments-%d\x00"


class Fragments(list):
    """List items already encoded as JSON (bytes, from the render cache); ``dumps`` splices them in."""


def encode(obj) -> bytes:
    # a lone surrogate (a name sent as "\udc80") has no UTF-8 form: it goes out as the JSON escape \udc80, as the
    # real gateway's JSON writer escapes it, instead of failing every answer that holds it
    return _ENCODE(obj).encode("utf-8", "backslashreplace")


def _mark(obj, holes: list):
    # only dicts are walked: fragments sit in list wrappers ({"Disks": {"Disk": Fragments}}), never inside lists
    if isinstance(obj, Fragments):
        holes.append(obj)
        return _HOLE % (len(holes) - 1)
    if isinstance(obj, dict):
        return {k: _mark(v, holes) for k, v in obj.items()}
    return obj


def dumps(obj) -> bytes:
    holes: list = []
    data = encode(_mark(obj, holes))
    for n, frags in enumerate(holes):
        data = data.replace(encode(_HOLE % n), b"[" + b",".join(frags) + b"]", 1)
    return data


def as_bool(value, default=None):
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"


def json_list(params: dict, name: str) -> list | None:
    """A JSON-array string parameter such as InstanceIds='["i-a","i-b"]'; None when absent."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        val = json.loads(raw)
    except ValueError:
        raise invalid(name, f"Invalid{name}.Malformed") from None
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list):
        raise invalid(name, f"Invalid{name}.Malformed")
    return [str(v) for v in val]


def repeat_list(params: dict, name: str) -> list:
    """repeatList style: InstanceId.1=a&InstanceId.2=b -> [a, b] (ordered by index)."""
    out = []
    prefix = name + "."
    for k, v in params.items():
        if k.startswith(prefix) and k[len(prefix):].isdigit():
            out.append((int(k[len(prefix):]), v))
    return [v for _i, v in sorted(out)]


def tags_filter(params: dict) -> list:
    """Tag.N.Key / Tag.N.Value pairs -> [(key, value-or-None)]."""
    out = {}
    for k, v in params.items():
        if k.startswith("Tag.") and k.count(".") == 2:
            _t, idx, field = k.split(".")
            if idx.isdigit() and field in ("Key", "Value"):
                out.setdefault(int(idx), {})[field] = v
    return [(d.get("Key"), d.get("Value")) for _i, d in sorted(out.items()) if d.get("Key")]

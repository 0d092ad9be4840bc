"""Server side of the RPC signature V2 (HMAC-SHA1, SignatureVersion 1.0), as apsara-api.md 1.3/1.4.

StringToSign = METHOD & pe("/") & pe(sorted "k=v" pairs, each pe-encoded), over every parameter of
query and form body except Signature (empty values included), key = secret + "&".

The ASAPI gateway also takes what the ASAPI SDK sends (apsara-api.md 1.10 and 7.3: ``SignatureVersion=2.1``
with HMAC-SHA256 by default or HMAC-SHA1, the same string to sign and key): ``verify(accepted=ASAPI)``.
HMAC-SM3 is not accepted (the standard library has no SM3): it answers InvalidSignatureMethod.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
import time

from .wire import ApiError, parse_iso, pe

SKEW_SECONDS = 15 * 60
_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")
_REQUIRED = ("Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce")
_DIGESTS = {"HMAC-SHA1": hashlib.sha1, "HMAC-SHA256": hashlib.sha256}
# accepted (SignatureMethod, SignatureVersion) pairs per gateway
POP = frozenset({("HMAC-SHA1", "1.0")})
ASAPI = frozenset({("HMAC-SHA1", "1.0"), ("HMAC-SHA1", "2.1"), ("HMAC-SHA256", "2.1")})


def string_to_sign(method: str, params: dict) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{pe(k)}={pe(v)}" for k, v in pairs)
    return f"{method.upper()}&{pe('/')}&{pe(canonical)}"


def sign(string: str, secret: str, method: str = "HMAC-SHA1") -> str:
    digest = hmac.new((secret + "&").encode("utf-8"), string.encode("utf-8"), _DIGESTS[method]).digest()
    return base64.b64encode(digest).decode("ascii")


class NonceCache:
    """SignatureNonce values seen in the last 15 minutes, per AccessKeyId."""

    def __init__(self, ttl: float = SKEW_SECONDS):
        self.ttl = ttl
        self._seen: dict = {}
        self._lock = threading.Lock()
        self._next_purge = 0.0

    def use(self, key_id: str, nonce: str) -> bool:
        """Record the nonce; False when it was used already."""
        now = time.monotonic()
        with self._lock:
            if now >= self._next_purge:
                self._seen = {k: t for k, t in self._seen.items() if t > now}
                self._next_purge = now + 60
            k = (key_id, nonce)
            if self._seen.get(k, 0) > now:
                return False
            self._seen[k] = now + self.ttl
            return True


def verify(method: str, params: dict, credentials, nonces: NonceCache, clock=time.time, accepted=POP) -> dict:
    """Authenticate one request; returns the credential record, raises ApiError otherwise.

    ``credentials`` maps AccessKeyId -> {"secret", "org", "active", "sts": {"token", "expires"} | None}.
    """
    key_id = params.get("AccessKeyId")
    if not key_id:
        raise ApiError(400, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.")
    for name in _REQUIRED:
        if params.get(name) in (None, ""):
            raise ApiError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
    sig_method = params.get("SignatureMethod")
    if sig_method not in {m for m, _v in accepted}:
        raise ApiError(400, "InvalidSignatureMethod", "Specified signature method is not valid.")
    if (sig_method, params.get("SignatureVersion")) not in accepted:
        raise ApiError(400, "InvalidSignatureVersion", "Specified signature version is not valid.")
    cred = credentials.get(key_id)
    if cred is None:
        raise ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    if not cred.get("active", True):
        raise ApiError(400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
    ts_text = params.get("Timestamp")
    if ts_text is None or ts_text == "":
        raise ApiError(400, "MissingTimestamp", "Timestamp is mandatory for this action.")
    ts = parse_iso(ts_text) if _TS.match(ts_text) else None
    if ts is None:
        raise ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
    if abs(clock() - ts) > SKEW_SECONDS:
        raise ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
    sts = cred.get("sts")
    token = params.get("SecurityToken")
    if sts is not None:
        if not token:
            raise ApiError(400, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
        if token != sts["token"]:
            raise ApiError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                           "Specified SecurityToken mismatch with the AccessKey.")
        if sts["expires"] <= clock():
            raise ApiError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
    elif token:
        raise ApiError(400, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
    server_sts = string_to_sign(method, params)
    expected = sign(server_sts, cred["secret"], sig_method)
    if not hmac.compare_digest(expected.encode(), str(params.get("Signature")).encode()):
        # exactly one ':' before the string to sign: aliyunsdkcore compares message.split(':')[1]
        raise ApiError(400, "SignatureDoesNotMatch",
                       "Specified signature is not matched with our calculation. server string to sign is:"
                       + server_sts)
    if not nonces.use(key_id, params["SignatureNonce"]):
        raise ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
    return cred

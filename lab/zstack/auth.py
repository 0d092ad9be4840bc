"""Accounts and sessions (identity/session.timeout, session.maxConcurrent, ID.100x errors), and AccessKeys.

AccessKey authentication, zstack-api.md 1.3 (last paragraph) and 1.7: ``Authorization: ZStack
<AccessKeyId>:<base64(HMAC-SHA1(secret, METHOD + "\n" + Date + "\n" + "/v1/<path>"))>`` with a ``Date:
EEE, dd MMM yyyy HH:mm:ss zzz`` header; the path has no context path and no query string. A Date more than
15 min off answers 403 plain text ``requestTimeTooSkewed`` (RestServer.checkTime). The reference does not give
the answer to a wrong key or signature; the lab answers it like an invalid session, which 1.3 and 1.7 document
(``ID.1001`` in a 503, at once for a sync API, from the job for an async one), with its own details text.
An unparseable Date is a bad header: 400 plain text (1.7), wording the lab's own.
"""
from __future__ import annotations

import base64
import datetime as _dt
import email.utils
import hashlib
import hmac
import threading
import time

from . import wire
from .wire import ApiError, RestError

ACCESS_KEY_SKEW_S = 15 * 60


def access_key_signature(secret: str, method: str, date: str, path: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{method}\n{date}\n{path}".encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


class AccessKeyRejected:
    """A wrong AccessKeyId or signature: ``Sessions.check`` turns it into ID.1001 where a session is checked."""

    def __init__(self, details: str):
        self.details = details


def sha512_hex(plaintext: str) -> str:
    return hashlib.sha512(plaintext.encode("utf-8")).hexdigest()


class Sessions:
    def __init__(self, accounts: list[dict], timeout_s: int = 7200, max_sessions: int = 500,
                 access_keys: dict | None = None):
        # accounts: [{"uuid", "name", "password" (plaintext), "admin": bool}]
        self.accounts = {a["name"]: dict(a, _hash=sha512_hex(a["password"])) for a in accounts}
        self.access_keys = dict(access_keys or {})     # AccessKeyId -> {"secret", "account"}
        self.timeout_s = timeout_s
        self.max_sessions = max_sessions
        self.sessions: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.logins = 0
        self.logouts = 0

    def _purge(self, now):
        for uid in [u for u, s in self.sessions.items() if s["expiredDate"] <= now]:
            del self.sessions[uid]

    def login(self, account_name, password_hash) -> dict:
        acct = self.accounts.get(account_name)
        if acct is None or not isinstance(password_hash, str) or password_hash.lower() != acct["_hash"]:
            raise ApiError("ID.1000", "wrong account name or password")
        with self.lock:
            now = wire.now()
            self._purge(now)
            live = sum(1 for s in self.sessions.values() if s["accountUuid"] == acct["uuid"])
            if live >= self.max_sessions:
                raise ApiError("ID.1006", "Login sessions hit limit of max allowed concurrent login sessions")
            sess = {"uuid": wire.new_uuid(), "accountUuid": acct["uuid"], "userUuid": acct["uuid"],
                    "createDate": now, "expiredDate": now + _dt.timedelta(seconds=self.timeout_s)}
            self.sessions[sess["uuid"]] = sess
            self.logins += 1
            return dict(sess)

    def get_valid(self, uuid: str | None) -> dict | None:
        with self.lock:
            s = self.sessions.get(uuid or "")
            if s is None:
                return None
            if s["expiredDate"] <= wire.now():
                del self.sessions[uuid]
                return None
            return s

    def access_key(self, key_id: str, signature: str, method: str, date: str, path: str, clock=time.time):
        """An AccessKey-signed request: the identity it acts as (a session-like dict), or AccessKeyRejected.
        Raises RestError for a bad or skewed Date (answered at the HTTP layer, before any key is looked up)."""
        try:
            sent = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError):
            raise RestError(400, f"Invalid header[Date], it must be in the format 'EEE, dd MMM yyyy HH:mm:ss zzz', "
                                 f"but got [{date}]") from None
        if abs(clock() - sent) > ACCESS_KEY_SKEW_S:
            raise RestError(403, "requestTimeTooSkewed")
        key = self.access_keys.get(key_id)
        if key is None:
            return AccessKeyRejected(f"access key[{key_id}] not found")
        expected = access_key_signature(key["secret"], method, date, path)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return AccessKeyRejected(f"the signature of access key[{key_id}] does not match")
        acct = self.accounts[key["account"]]
        return {"uuid": None, "accountUuid": acct["uuid"], "userUuid": acct["uuid"], "accessKeyId": key_id}

    def check(self, uuid) -> dict:
        """The session behind ``uuid``: a session uuid, or what ``access_key`` returned."""
        if isinstance(uuid, AccessKeyRejected):
            raise ApiError("ID.1001", uuid.details)
        if isinstance(uuid, dict):       # an AccessKey identity, verified already
            return uuid
        s = self.get_valid(uuid)
        if s is None:
            raise ApiError("ID.1001", "Session expired")
        return s

    def account_of(self, session: dict) -> dict:
        for a in self.accounts.values():
            if a["uuid"] == session["accountUuid"]:
                return a
        raise ApiError("ID.1001", "Session expired")

    def check_write(self, session: dict, api_name: str):
        acct = self.account_of(session)
        if not acct.get("admin"):
            raise ApiError("ID.1002", "the account[uuid:%s, name:%s] has no permission to call the API[%s]"
                           % (acct["uuid"], acct["name"], api_name))

    def logout(self, uuid: str):
        with self.lock:
            if self.sessions.pop(uuid, None) is not None:
                self.logouts += 1

    def renew(self, uuid: str, duration: int) -> dict:
        with self.lock:
            s = self.sessions.get(uuid)
            if s is None:
                raise ApiError("ID.1001", "Session expired")
            s["expiredDate"] = wire.now() + _dt.timedelta(seconds=duration)
            return dict(s)

    def expire_all(self):
        with self.lock:
            past = wire.now() - _dt.timedelta(seconds=1)
            for s in self.sessions.values():
                s["expiredDate"] = past

"""Accounts and sessions (identity/session.timeout, session.maxConcurrent, ID.100x errors)."""
from __future__ import annotations

import datetime as _dt
import hashlib
import threading

from . import wire
from .wire import ApiError


def sha512_hex(plaintext: str) -> str:
    return hashlib.sha512(plaintext.encode("utf-8")).hexdigest()


class Sessions:
    def __init__(self, accounts: list[dict], timeout_s: int = 7200, max_sessions: int = 500):
        # accounts: [{"uuid", "name", "password" (plaintext), "admin": bool}]
        self.accounts = {a["name"]: dict(a, _hash=sha512_hex(a["password"])) for a in accounts}
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

    def check(self, uuid: str | None) -> dict:
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

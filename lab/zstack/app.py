"""ZStackLab: the Python API that starts the simulated ZStack management node."""
from __future__ import annotations

import datetime as _dt
import os
from collections import Counter

# Imported for its side effect: it registers the kinds, queries and handlers.
from . import resources  # noqa: F401  pylint: disable=unused-import
from . import query as query_mod
from . import world as world_mod
from ..common.app import LabBase
from .auth import Sessions
from .faults import Faults
from .jobs import Jobs
from .server import Dispatcher, handler_for


# record fields that move on every write: a snapshot leaves them out, so "rolled back" compares equal
_MOVING_FIELDS = frozenset(("lastOpDate",))


def _canonical(value):
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
                if k not in _MOVING_FIELDS}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return value


def _merge_map_lists(pairs):
    """Repeated ``field.key=value`` query parameters are one map entry with a list value, as
    RestServer.mapQueryParameterToApiFieldValue builds them for a Map<String, List> field."""
    counts = Counter(k for k, _v in pairs if "." in k and not k.partition(".")[2].isdigit())
    if all(c < 2 for c in counts.values()):
        return pairs
    merged, lists = [], {}
    for k, v in pairs:
        if counts.get(k, 0) < 2:
            merged.append((k, v))
        elif k in lists:
            lists[k].append(v)
        else:
            lists[k] = [v]
            merged.append((k, lists[k]))
    return merged


class _FaultingDispatcher(Dispatcher):
    """The dispatcher plus the per-API faults: ``fail_apis`` answers before the handler
    runs, ``lost_response_rate`` loses the answer of an accepted async write."""

    def call(self, api, param_name, method, path, pairs, headers, body_map):
        faults = self.lab.faults
        failure = faults.api_failure(api.name)
        if failure is not None:
            return 503, failure.body()
        status, payload = super().call(api, param_name, method, path, _merge_map_lists(pairs), headers, body_map)
        if status == 202 and api.is_async and method != "GET":
            lost = faults.lost_response()
            if lost is not None:
                return 503, lost.body()
        return status, payload


class ZStackLab(LabBase):
    """A wire-faithful ZStack REST v1 management node on loopback.

    with ZStackLab(world="demo") as lab:
        lab.http_url, lab.https_url, lab.ca_file, lab.account, lab.password
    """

    NAME = "zstack"
    CA_ORGANIZATION = "cloudops lab CA"
    BY_NAME = "by_api"

    def __init__(self, world: str = "demo", host: str = "127.0.0.1", http_port: int | None = 0,
                 https_port: int | None = 0, session_timeout: int = 7200, latency_ms: int = 0,
                 scale: dict | None = None, max_sessions: int = 500, job_seconds: float | None = None,
                 job_expiry: float = 10800.0, state_dir: str | None = None, mn_address: str = "127.0.0.2:8080",
                 faults: dict | None = None, prewarm: bool = True, restore_seconds: float | None = None):
        super().__init__(world, host, http_port, https_port, scale, state_dir, latency_ms, faults, Faults())
        self.session_timeout = session_timeout
        self.max_sessions = max_sessions
        self.job_expiry = job_expiry
        self.mn_address = mn_address     # host:port written into 202 "location"; nothing listens there
        self.prewarm = prewarm           # render every inventory once at start (fast first queries)
        if job_seconds is not None:
            self._init_faults["job_seconds"] = job_seconds
        if restore_seconds is not None:
            self._init_faults["restore_seconds"] = restore_seconds
        self.sessions = None
        self.jobs = None
        self._logins_base = self._logouts_base = 0
        self.account = "admin"
        self.password = None

    # ---- lifecycle ------------------------------------------------------------------------------
    def start(self) -> "ZStackLab":
        self.state = world_mod.load(self.world, self.scale)
        if self.prewarm:
            query_mod.prewarm(self.state)
        admin = next((a for a in self.state.accounts if a.get("admin")), self.state.accounts[0])
        self.account, self.password = admin["name"], admin["password"]
        self._apply_faults()
        self.sessions = Sessions(self.state.accounts, self.session_timeout, self.max_sessions, self.state.access_keys)
        self.jobs = Jobs(self.job_expiry)
        self._listen(handler_for(_FaultingDispatcher(self)))
        return self

    def _stopped(self):
        if self.jobs is not None:
            self.jobs.stop()

    # ---- control --------------------------------------------------------------------------------
    def expire_sessions(self):
        """Force every current session to expire (the next call gets ID.1001)."""
        self.sessions.expire_all()

    def _more_stats(self) -> dict:
        return {"logins": self.sessions.logins - self._logins_base,
                "logouts": self.sessions.logouts - self._logouts_base,
                "sessions": len(self.sessions.sessions)}

    def _reset_more_stats(self):
        self._logins_base = self.sessions.logins
        self._logouts_base = self.sessions.logouts

    def snapshot(self) -> dict:
        """Every resource table, canonical and comparable: sorted keys, dates as ISO text, no
        ``lastOpDate`` and no empty tables. A rollback that undid everything gives an equal snapshot."""
        with self.state.lock:
            return {name: {str(key): _canonical(rec) for key, rec in sorted(table.items(), key=lambda kv: str(kv[0]))}
                    for name, table in sorted(self.state.tables.items()) if table}

    def info(self) -> dict:
        return {"world": self.state.name, "http_url": self.http_url, "https_url": self.https_url,
                "ca_file": self.ca_file, "account": self.account, "password": self.password,
                "accounts": [{"name": a["name"], "password": a["password"], "admin": a.get("admin", False)}
                             for a in self.state.accounts],
                "access_keys": [{"id": kid, "secret": k["secret"], "account": k["account"]}
                                for kid, k in self.state.access_keys.items()],
                "mn_address": self.mn_address, "pid": os.getpid()}

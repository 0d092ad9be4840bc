"""ZStackLab: the Python API that starts the simulated ZStack management node."""
from __future__ import annotations

import os

# Imported for its side effect: it registers the kinds, queries and handlers.
from . import resources  # noqa: F401  pylint: disable=unused-import
from . import query as query_mod
from . import world as world_mod
from ..common.app import LabBase
from .auth import Sessions
from .faults import Faults
from .jobs import Jobs
from .server import Dispatcher, handler_for


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
        self.sessions = Sessions(self.state.accounts, self.session_timeout, self.max_sessions)
        self.jobs = Jobs(self.job_expiry)
        self._listen(handler_for(Dispatcher(self)))
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

    def info(self) -> dict:
        return {"world": self.state.name, "http_url": self.http_url, "https_url": self.https_url,
                "ca_file": self.ca_file, "account": self.account, "password": self.password,
                "accounts": [{"name": a["name"], "password": a["password"], "admin": a.get("admin", False)}
                             for a in self.state.accounts],
                "mn_address": self.mn_address, "pid": os.getpid()}

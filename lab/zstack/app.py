"""ZStackLab: the Python API that starts the simulated ZStack management node."""
from __future__ import annotations

import ipaddress
import os
import shutil
import tempfile
import threading
from collections import Counter

# Imported for its side effect: it registers the kinds, queries and handlers.
from . import resources  # noqa: F401  pylint: disable=unused-import
from . import query as query_mod
from . import world as world_mod
from .auth import Sessions
from .faults import Faults
from .jobs import Jobs
from .server import Dispatcher, make_server


def _check_loopback(host: str):
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"the lab binds loopback addresses only, got {host!r}")


class ZStackLab:
    """A wire-faithful ZStack REST v1 management node on loopback.

    with ZStackLab(world="demo") as lab:
        lab.http_url, lab.https_url, lab.ca_file, lab.account, lab.password
    """

    def __init__(self, world: str = "demo", host: str = "127.0.0.1", http_port: int | None = 0,
                 https_port: int | None = 0, session_timeout: int = 7200, latency_ms: int = 0,
                 scale: dict | None = None, max_sessions: int = 500, job_seconds: float | None = None,
                 job_expiry: float = 10800.0, state_dir: str | None = None, mn_address: str = "127.0.0.2:8080",
                 faults: dict | None = None, prewarm: bool = True):
        _check_loopback(host)
        self.world = world
        self.host = host
        self.http_port = http_port
        self.https_port = https_port
        self.session_timeout = session_timeout
        self.scale = scale
        self.max_sessions = max_sessions
        self.job_expiry = job_expiry
        self.mn_address = mn_address     # host:port written into 202 "location"; nothing listens there
        self._state_dir = state_dir
        self._own_state_dir = False
        self._init_faults = dict(faults or {})
        self.prewarm = prewarm           # render every inventory once at start (fast first queries)
        if latency_ms:
            self._init_faults["latency_ms"] = latency_ms
        if job_seconds is not None:
            self._init_faults["job_seconds"] = job_seconds
        self.faults = Faults()
        self.state = None
        self.sessions = None
        self.jobs = None
        self._servers = []
        self._threads = []
        self._stats_lock = threading.Lock()
        self._by_api = Counter()
        self._requests = 0
        self._logins_base = self._logouts_base = 0
        self.http_url = self.https_url = self.ca_file = None
        self.account = "admin"
        self.password = None

    # ---- lifecycle ------------------------------------------------------------------------------
    def start(self) -> "ZStackLab":
        self.state = world_mod.load(self.world, self.scale)
        if self.prewarm:
            query_mod.prewarm(self.state)
        admin = next((a for a in self.state.accounts if a.get("admin")), self.state.accounts[0])
        self.account, self.password = admin["name"], admin["password"]
        world_faults = dict(self.state.meta.get("faults") or {})
        world_faults.update(self._init_faults)
        if world_faults:
            self.faults.update(**world_faults)
        self.sessions = Sessions(self.state.accounts, self.session_timeout, self.max_sessions)
        self.jobs = Jobs(self.job_expiry)
        dispatcher = Dispatcher(self)
        if self.http_port is not None:
            srv = make_server(self.host, self.http_port, dispatcher)
            self._servers.append(srv)
            self.http_url = f"http://{self.host}:{srv.server_address[1]}"
        if self.https_port is not None:
            from .tls import make_context
            if self._state_dir is None:
                self._state_dir = tempfile.mkdtemp(prefix="zstack-lab-")
                self._own_state_dir = True
            ctx, self.ca_file = make_context(self._state_dir)
            srv = make_server(self.host, self.https_port, dispatcher, ctx)
            self._servers.append(srv)
            self.https_url = f"https://{self.host}:{srv.server_address[1]}"
        for srv in self._servers:
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                                 name=f"zstack-lab-{srv.server_address[1]}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self):
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._servers.clear()
        if self.jobs is not None:
            self.jobs.stop()
        if self._own_state_dir and self._state_dir:
            shutil.rmtree(self._state_dir, ignore_errors=True)
            self._state_dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def state_dir(self):
        return self._state_dir

    # ---- control --------------------------------------------------------------------------------
    def expire_sessions(self):
        """Force every current session to expire (the next call gets ID.1001)."""
        self.sessions.expire_all()

    def count(self, api_name: str):
        with self._stats_lock:
            self._requests += 1
            self._by_api[api_name] += 1

    def stats(self) -> dict:
        with self._stats_lock:
            return {"requests": self._requests, "by_api": dict(self._by_api),
                    "logins": self.sessions.logins - self._logins_base,
                    "logouts": self.sessions.logouts - self._logouts_base,
                    "sessions": len(self.sessions.sessions)}

    def reset_stats(self):
        with self._stats_lock:
            self._requests = 0
            self._by_api.clear()
            self._logins_base = self.sessions.logins
            self._logouts_base = self.sessions.logouts

    def info(self) -> dict:
        return {"world": self.state.name, "http_url": self.http_url, "https_url": self.https_url,
                "ca_file": self.ca_file, "account": self.account, "password": self.password,
                "accounts": [{"name": a["name"], "password": a["password"], "admin": a.get("admin", False)}
                             for a in self.state.accounts],
                "mn_address": self.mn_address, "pid": os.getpid()}

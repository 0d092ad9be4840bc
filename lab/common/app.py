"""Lifecycle both labs share: loopback check, HTTP/HTTPS listeners on threads, state dir, stats counters."""
from __future__ import annotations

import ipaddress
import shutil
import tempfile
import threading
import time
from collections import Counter

from .server import make_server
from .tls import make_context

# request parameters the write log leaves out: signatures, keys and passwords are not test material
_UNLOGGED = frozenset(("Signature", "SignatureNonce", "AccessKeyId", "SecurityToken", "password", "Password"))


def check_loopback(host: str):
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"the lab binds loopback addresses only, got {host!r}")


class LabBase:
    """start() loads the world and calls _listen(handler); stop() closes the listeners and the state dir.

    NAME names the side: threads "<NAME>-lab-<port>", temp state dir "<NAME>-lab-*", "<NAME>-ca.pem".
    """

    NAME = "lab"
    CA_ORGANIZATION = "cloudops lab CA"
    BY_NAME = "by_name"            # the key stats() lists per-call counts under

    def __init__(self, world, host, http_port, https_port, scale, state_dir, latency_ms, faults, fault_knobs):
        check_loopback(host)
        self.world = world
        self.host = host
        self.http_port = http_port
        self.https_port = https_port
        self.scale = scale
        self._state_dir = state_dir
        self._own_state_dir = False
        self._init_faults = dict(faults or {})
        if latency_ms:
            self._init_faults["latency_ms"] = latency_ms
        self.faults = fault_knobs
        self.state = None
        self._servers = []
        self._threads = []
        self._stats_lock = threading.Lock()
        self._by_name = Counter()
        self._requests = 0
        self._writes = []               # the write log: every write call that reached a handler
        self.http_url = self.https_url = self.ca_file = None

    # ---- lifecycle ------------------------------------------------------------------------------
    def _apply_faults(self):
        """World faults first, then those given to the constructor."""
        world_faults = dict(self.state.meta.get("faults") or {})
        world_faults.update(self._init_faults)
        if world_faults:
            self.faults.update(**world_faults)

    def _listen(self, handler):
        if self.http_port is not None:
            srv = self._start_server(make_server(self.host, self.http_port, handler))
            self.http_url = f"http://{self.host}:{srv.server_address[1]}"
        if self.https_port is not None:
            if self._state_dir is None:
                self._state_dir = tempfile.mkdtemp(prefix=f"{self.NAME}-lab-")
                self._own_state_dir = True
            ctx, self.ca_file = make_context(self._state_dir, self.NAME, self.CA_ORGANIZATION)
            srv = self._start_server(make_server(self.host, self.https_port, handler, ctx))
            self.https_url = f"https://{self.host}:{srv.server_address[1]}"

    def _start_server(self, srv):
        # serving at once: stop() after a failed second bind must not wait on a server never started
        self._servers.append(srv)
        t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                             name=f"{self.NAME}-lab-{srv.server_address[1]}", daemon=True)
        t.start()
        self._threads.append(t)
        return srv

    def stop(self):
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._servers.clear()
        self._stopped()
        if self._own_state_dir and self._state_dir:
            shutil.rmtree(self._state_dir, ignore_errors=True)
            self._state_dir = None

    def _stopped(self):
        """Hook: release what the side started, after the listeners are closed."""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        raise NotImplementedError

    @property
    def state_dir(self):
        return self._state_dir

    # ---- stats ----------------------------------------------------------------------------------
    def count(self, name: str):
        with self._stats_lock:
            self._requests += 1
            self._by_name[name] += 1

    def record_write(self, name: str, params: dict):
        """Log one write call as it arrives (also one a fault then fails): tests assert "zero writes" on it."""
        with self._stats_lock:
            self._writes.append({"seq": len(self._writes) + 1, "at": time.time(), "name": name,
                                 "params": {k: v for k, v in params.items() if k not in _UNLOGGED}})

    def writes(self) -> list[dict]:
        with self._stats_lock:
            return [dict(w) for w in self._writes]

    def reset_writes(self):
        with self._stats_lock:
            self._writes.clear()

    def stats(self) -> dict:
        with self._stats_lock:
            return {"requests": self._requests, self.BY_NAME: dict(self._by_name), **self._more_stats()}

    def reset_stats(self):
        with self._stats_lock:
            self._writes.clear()
            self._requests = 0
            self._by_name.clear()
            self._reset_more_stats()

    def _more_stats(self) -> dict:
        """Hook: side-specific counters, read under the stats lock."""
        return {}

    def _reset_more_stats(self):
        """Hook: reset side-specific counters, under the stats lock."""

"""ApsaraLab: the Python API that starts the simulated Apsara Stack POP gateway."""
from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections import Counter

from . import products  # noqa: F401  pylint: disable=unused-import  (registers the actions)
from . import world as world_mod
from .faults import Faults
from .server import Gateway, make_server


def _check_loopback(host: str):
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"the lab binds loopback addresses only, got {host!r}")


class ApsaraLab:
    """A simulated Apsara Stack RPC (POP) gateway on loopback; the Version parameter picks the product.

    with ApsaraLab(world="demo") as lab:
        lab.http_url, lab.endpoints["ecs"], lab.access_key_id, lab.access_key_secret, lab.region_id
    """

    PRODUCT_KEYS = ("ecs", "vpc", "cms", "rds", "slb", "ascm")

    def __init__(self, world: str = "demo", host: str = "127.0.0.1", http_port: int | None = 0,
                 https_port: int | None = 0, latency_ms: int = 0, scale: dict | None = None,
                 state_dir: str | None = None, async_seconds: float | None = None, faults: dict | None = None):
        _check_loopback(host)
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
        if async_seconds is not None:
            self._init_faults["async_seconds"] = async_seconds
        self.faults = Faults()
        self.state = None
        self._servers = []
        self._threads = []
        self._stats_lock = threading.Lock()
        self._by_action = Counter()
        self._requests = 0
        self.http_url = self.https_url = self.ca_file = None
        self.endpoints: dict = {}
        self.https_endpoints: dict = {}
        self.access_key_id = self.access_key_secret = None
        self.region_id = self.organization_id = self.resource_group_id = None

    # ---- lifecycle ------------------------------------------------------------------------------
    def start(self) -> "ApsaraLab":
        self.state = world_mod.load(self.world, self.scale)
        st = self.state
        self.region_id = st.region_id
        key = st.meta["demo_key"]
        self.access_key_id, self.access_key_secret = key, st.credentials[key]["secret"]
        self.organization_id = st.credentials[key]["org"]
        self.resource_group_id = st.meta.get("default_resource_group")
        world_faults = dict(st.meta.get("faults") or {})
        world_faults.update(self._init_faults)
        if world_faults:
            self.faults.update(**world_faults)
        gateway = Gateway(self)
        if self.http_port is not None:
            srv = make_server(self.host, self.http_port, gateway)
            self._servers.append(srv)
            self.http_url = f"http://{self.host}:{srv.server_address[1]}"
            self.endpoints = {p: self.http_url for p in self.PRODUCT_KEYS}
        if self.https_port is not None:
            from .tls import make_context
            if self._state_dir is None:
                self._state_dir = tempfile.mkdtemp(prefix="apsara-lab-")
                self._own_state_dir = True
            ctx, self.ca_file = make_context(self._state_dir)
            srv = make_server(self.host, self.https_port, gateway, ctx)
            self._servers.append(srv)
            self.https_url = f"https://{self.host}:{srv.server_address[1]}"
            self.https_endpoints = {p: self.https_url for p in self.PRODUCT_KEYS}
        for srv in self._servers:
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                                 name=f"apsara-lab-{srv.server_address[1]}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self):
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._servers.clear()
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
    def count(self, action: str):
        with self._stats_lock:
            self._requests += 1
            self._by_action[action] += 1

    def stats(self) -> dict:
        with self._stats_lock:
            return {"requests": self._requests, "by_action": dict(self._by_action)}

    def reset_stats(self):
        with self._stats_lock:
            self._requests = 0
            self._by_action.clear()

    def issue_sts_token(self, ttl: float = 3600.0, org: str | None = None) -> dict:
        """Mint temporary STS credentials (AccessKeyId STS.*, secret, SecurityToken) valid for ttl seconds."""
        st = self.state
        key_id = "STS." + secrets.token_hex(10)
        cred = {"access_key_id": key_id, "access_key_secret": secrets.token_urlsafe(24),
                "security_token": "CAIS" + secrets.token_urlsafe(48), "expiration": time.time() + ttl}
        with st.lock:
            st.credentials[key_id] = {"secret": cred["access_key_secret"], "org": org or self.organization_id,
                                      "active": True, "sts": {"token": cred["security_token"],
                                                              "expires": cred["expiration"]}}
        return cred

    def info(self) -> dict:
        return {"world": self.state.name, "http_url": self.http_url, "https_url": self.https_url,
                "ca_file": self.ca_file, "endpoints": self.endpoints, "https_endpoints": self.https_endpoints,
                "access_key_id": self.access_key_id, "access_key_secret": self.access_key_secret,
                "region_id": self.region_id, "organization_id": self.organization_id,
                "resource_group_id": self.resource_group_id,
                "control_url": f"{self.http_url or self.https_url}/_lab", "pid": os.getpid()}

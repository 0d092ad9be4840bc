"""ApsaraLab: the Python API that starts the simulated Apsara Stack POP gateway."""
from __future__ import annotations

import os
import secrets
import time
from urllib.parse import urlsplit

# Imported for its side effect: it registers the actions.
from . import products  # noqa: F401  pylint: disable=unused-import
from . import world as world_mod
from ..common.app import LabBase
from ..common.server import make_server
from .asapi import AsapiGateway
from .faults import Faults
from .registry import ACTIONS, PRODUCTS
from .server import Gateway, handler_for, request_params
from .wire import ApiError, request_id


class _LostAnswers:
    """Mixed into a gateway: the ``lost_response_rate`` fault. A write that succeeded is answered 503
    ServiceUnavailable, as when the answer is lost between the gateway and the client. A client that
    retries without a ClientToken then creates the resource twice."""

    def handle(self, method: str, raw_path: str, headers, body: bytes):
        answer = super().handle(method, raw_path, headers, body)
        if answer[0] != 200 or not self.lab.faults.lost_response_rate:
            return answer
        act = _action_of(method, raw_path, headers, body)
        if act is None or not act.write or not self.lab.faults.lost_response(act.name):
            return answer
        return self.error(ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of "
                                                              "the server."), request_id(), act.product)


class _LossyGateway(_LostAnswers, Gateway):
    pass


class _LossyAsapiGateway(_LostAnswers, AsapiGateway):
    pass


def _action_of(method: str, raw_path: str, headers, body: bytes):
    """The registered action a request named (query and form body merged as the pipeline does; on both
    gateways Version names the product, ASAPI only checks that Product agrees)."""
    split = urlsplit(raw_path)
    params = request_params(method, split.query, headers, body, errors="replace")
    return ACTIONS.get((PRODUCTS.get(params.get("Version")), params.get("Action")))


class ApsaraLab(LabBase):
    """A simulated Apsara Stack RPC (POP) gateway on loopback; the Version parameter picks the product.
    ``asapi_port`` (None: not started) adds the ASAPI gateway on its own HTTP port (``lab.asapi_url``,
    ``.../asapi/v3``; the Product parameter or x-acs-asapi-product header picks the product).

    with ApsaraLab(world="demo") as lab:
        lab.http_url, lab.endpoints["ecs"], lab.access_key_id, lab.access_key_secret, lab.region_id, lab.asapi_url
    """

    NAME = "apsara"
    CA_ORGANIZATION = "cloudops lab CA (apsara)"
    BY_NAME = "by_action"
    PRODUCT_KEYS = ("ecs", "vpc", "cms", "rds", "slb", "ascm")

    def __init__(self, world: str = "demo", host: str = "127.0.0.1", http_port: int | None = 0,
                 https_port: int | None = 0, latency_ms: int = 0, scale: dict | None = None,
                 state_dir: str | None = None, async_seconds: float | None = None, faults: dict | None = None,
                 restore_seconds: float | None = None, asapi_port: int | None = 0):
        super().__init__(world, host, http_port, https_port, scale, state_dir, latency_ms, faults, Faults())
        self.asapi_port = asapi_port
        self.asapi_url = None
        if async_seconds is not None:
            self._init_faults["async_seconds"] = async_seconds
        if restore_seconds is not None:
            self._init_faults["restore_seconds"] = restore_seconds
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
        self._apply_faults()
        self._listen(handler_for(_LossyGateway(self)))
        if self.asapi_port is not None:
            srv = self._start_server(make_server(self.host, self.asapi_port, handler_for(_LossyAsapiGateway(self))))
            self.asapi_url = f"http://{self.host}:{srv.server_address[1]}/asapi/v3"
        # one gateway serves every product, so every product's endpoint is the same URL
        if self.http_url:
            self.endpoints = {p: self.http_url for p in self.PRODUCT_KEYS}
        if self.https_url:
            self.https_endpoints = {p: self.https_url for p in self.PRODUCT_KEYS}
        return self

    # ---- control --------------------------------------------------------------------------------
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

    def snapshot(self) -> dict:
        """A canonical, comparable dump of every resource (transitions due by now applied first), e.g.
        ``assert lab.snapshot() == before`` after a rollback."""
        st = self.state
        with st.lock:
            st.advance()
            return st.snapshot()

    def info(self) -> dict:
        return {"world": self.state.name, "http_url": self.http_url, "https_url": self.https_url,
                "ca_file": self.ca_file, "endpoints": self.endpoints, "https_endpoints": self.https_endpoints,
                "access_key_id": self.access_key_id, "access_key_secret": self.access_key_secret,
                "region_id": self.region_id, "organization_id": self.organization_id,
                "resource_group_id": self.resource_group_id, "asapi_url": self.asapi_url,
                "control_url": f"{self.http_url or self.https_url}/_lab", "pid": os.getpid()}

"""The ASAPI gateway (apsara-api.md 2.1, 2.5, 7.1): one host, path ``/asapi/v3``, the product chosen by the
``Product`` parameter and the ``x-acs-asapi-product`` / ``x-ascm-product-name`` headers.

Same pipeline as the POP gateway (signature V2, tenancy, faults, handlers) with three differences:
- the path is ``/asapi/v3`` (aliyunsdkcore, given the domain ``host:port/asapi/v3``, sends ``/asapi/v3/?...``);
- the product comes from ``Product`` and the headers, and ``Version`` must be that product's
  (2.7: ``Ecs``, ``Vpc``, ``Slb``, ``Rds``, ``Cms``, ``ascm``; compared without case);
- every body carries the ASAPI envelope (2.5): ``asapiSuccess``, ``asapiRequestId``, ``eagleEyeTraceId``, and on
  errors ``asapiErrorCode`` / ``asapiErrorMessage`` too. The documented success example
  (``{"eagleEyeTraceId":"0a1c830b16989984038808531d0052","asapiSuccess":true,"asapiRequestId":"D0D646B0-...",
  "RequestId":"D0D646B0-...",...}``) has no error fields, so success bodies have none.
It also takes the ASAPI SDK's signature (``SignatureVersion=2.1``, HMAC-SHA256 or HMAC-SHA1; 1.10).

Where the reference is silent, the lab chooses: errors keep the POP gateway's HTTP status and fields (plus the
envelope); no product named is ``MissingProduct``; a product the lab does not serve, or a parameter and a header
naming different products, is ``InvalidParameter.Product``.
"""
from __future__ import annotations

import itertools
import os
import time

from . import signature
from .registry import PRODUCTS
from .server import Gateway
from .wire import ApiError, invalid, missing

PATHS = ("/asapi/v3", "/asapi/v3/")
PRODUCT_HEADERS = ("x-acs-asapi-product", "x-ascm-product-name")
_PRODUCT_KEYS = frozenset(PRODUCTS.values())
_TRACE_SEQ = itertools.count(1000)


def trace_id() -> str:
    """An EagleEye trace id shaped like the documented one: IPv4 hex, epoch ms, a sequence, a process mark."""
    return "7f000001%d%04dd%04x" % (int(time.time() * 1000), next(_TRACE_SEQ) % 10000, os.getpid() % 0x10000)


class AsapiGateway(Gateway):
    SIGNATURES = signature.ASAPI

    def check_path(self, path: str):
        if path not in PATHS:
            raise ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")

    def product_of(self, version: str, params: dict, headers) -> str:
        named = [v for v in [params.get("Product")] + [headers.get(h) for h in PRODUCT_HEADERS] if v]
        if not named:
            raise missing("Product")
        keys = {v.strip().lower() for v in named}
        if len(keys) != 1 or not keys <= _PRODUCT_KEYS:
            raise invalid("Product")
        product = keys.pop()
        if PRODUCTS.get(version) != product:
            raise ApiError(400, "InvalidVersion", "Specified parameter Version is not valid.")
        return product

    def finish(self, status: int, payload: dict) -> dict:
        envelope = {"eagleEyeTraceId": trace_id(), "asapiSuccess": status == 200,
                    "asapiRequestId": payload["RequestId"]}
        if status != 200:
            envelope.update(asapiErrorCode=payload.get("Code"), asapiErrorMessage=payload.get("Message"))
        return {**envelope, **payload}

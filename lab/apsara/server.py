"""The POP-gateway request pipeline; the HTTP plumbing is lab.common.server.

Pipeline for ``GET|POST /``: merge query + form body -> route on Version/Action -> verify the V2
signature (key, timestamp, STS token, signature, nonce) -> tenancy scope -> fault injection ->
required parameters -> handler. Every answer is JSON with ``RequestId`` and an ``x-acs-request-id``
header; errors are ``{RequestId, HostId, Code, Message, Recommend}`` with the real HTTP status.
Lab control lives under ``/_lab/`` (not part of the API, no signature).
"""
from __future__ import annotations

import traceback
from urllib.parse import parse_qsl, unquote, urlsplit

from ..common import content
from ..common.server import LabHandler, control
from . import signature
from .products.ecs import content_of
from .registry import ACTIONS, ENVELOPE, HOSTS, PRODUCTS, Ctx
from .wire import ApiError, dumps, missing, request_id

_RECOMMEND = "https://next.api.aliyun.com/troubleshoot?q={code}"


class Gateway:
    def __init__(self, lab):
        self.lab = lab
        self.nonces = signature.NonceCache()

    def host_id(self, product: str | None) -> str:
        tpl = HOSTS.get(product or "", "pop.{domain}")
        return tpl.format(domain=self.lab.state.domain)

    def error(self, err: ApiError, rid: str, product: str | None):
        body = {"RequestId": rid, "HostId": self.host_id(product), "Code": err.code, "Message": err.message,
                "Recommend": _RECOMMEND.format(code=err.code)}
        return err.status, dict(err.headers), body

    def handle(self, method: str, raw_path: str, headers, body: bytes):
        """Returns (status, extra headers, JSON-able body)."""
        split = urlsplit(raw_path)
        path = unquote(split.path)
        if path.startswith("/_lab/"):
            return self.control(method, path, body)
        rid = request_id()
        product = None
        lab = self.lab
        try:
            if path not in ("/", ""):
                raise ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
            if method not in ("GET", "POST"):
                raise ApiError(400, "UnsupportedHTTPMethod", f"Specified HTTP method {method} is not supported.")
            params = dict(parse_qsl(split.query, keep_blank_values=True))
            ctype = (headers.get("Content-Type") or "").lower()
            if method == "POST" and body and ("form-urlencoded" in ctype or not ctype):
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            lab.faults.delay()
            version = params.get("Version")
            name = params.get("Action")
            if not name:
                raise missing("Action")
            if not version:
                raise missing("Version")
            product = PRODUCTS.get(version)
            if product is None:
                raise ApiError(400, "InvalidVersion", "Specified parameter Version is not valid.")
            act = ACTIONS.get((product, name))
            lab.count(name)
            if act is None:
                raise ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
            state = lab.state
            cred = signature.verify(method, params, state.credentials, self.nonces)
            orgs, rg = self.tenancy(headers, params, cred)
            if act.write:
                lab.record_write(name, params)
            fault = lab.faults.http_fault(name)
            if fault is not None:
                raise fault
            for req in act.required:
                if params.get(req) in (None, ""):
                    raise missing(req)
            with state.lock:
                state.advance()
                ctx = Ctx(lab, act, params, cred, params["AccessKeyId"], orgs, rg)
                try:
                    out = act.fn(ctx)
                finally:
                    if act.write:   # handlers edit records in place: the serving caches must go
                        state.touch()
            result = {"RequestId": rid}
            if product in ENVELOPE:
                result.update({"Code": "200", "Message": "successful", "Success": True})
            result.update(out)
            return 200, {}, result
        except ApiError as e:
            return self.error(e, rid, product)
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc()
            return self.error(ApiError(500, "InternalError", "The request processing has failed due to some unknown "
                                                             "error, exception or failure."), rid, product)

    def tenancy(self, headers, params, cred):
        """x-acs-organizationid / Department (+ OrganizationId) and x-acs-resourcegroupid / ResourceGroup."""
        state = self.lab.state
        allowed = state.org_subtree(cred["org"])
        org = headers.get("x-acs-organizationid") or params.get("Department") or params.get("OrganizationId")
        rg_value = headers.get("x-acs-resourcegroupid") or params.get("ResourceGroup")
        orgs = allowed
        if org:
            if org not in state.orgs:
                raise ApiError(400, "InvalidParameter.Department", f"The specified organization {org} does not exist.")
            if org not in allowed:
                raise ApiError(403, "NoPermission", "You are not authorized to operate on the specified organization.")
            orgs = state.org_subtree(org)
        rg = None
        if rg_value:
            rg = state.resolve_rg(rg_value)
            if rg is None:
                raise ApiError(400, "InvalidResourceGroupId", "The specified resource group does not exist.")
            if rg["org"] not in orgs:
                raise ApiError(403, "NoPermission", "The resource group does not belong to the specified organization.")
        return orgs, rg

    # ---- lab control (not part of the API) --------------------------------------------------------------
    def control(self, method, path, body):
        if method == "GET":
            found = content.answer(path, lambda rid: content_of(self.lab.state, rid))
            if found is not None:
                return found[0], {}, found[1]
        status, payload = control(self.lab, method, path, body, writes={"/_lab/sts-token": self._sts_token})
        return status, {}, {"error": payload} if isinstance(payload, str) else payload

    def _sts_token(self, data):
        return self.lab.issue_sts_token(float(data.get("ttl", 3600)))


class _Handler(LabHandler):
    gateway: Gateway = None  # set per server class

    def _serve(self):
        status, extra, payload = self.gateway.handle(self.command, self.path, self.headers, self.read_body())
        data = dumps(payload)
        headers = [("Content-Type", "application/json;charset=utf-8"), ("Content-Length", str(len(data)))]
        if isinstance(payload, dict) and "RequestId" in payload:
            headers.append(("x-acs-request-id", payload["RequestId"]))
        headers.extend(extra.items())
        self.reply(status, headers, data)


def handler_for(gateway: Gateway) -> type:
    return type("ApsaraLabHandler", (_Handler,), {"gateway": gateway})

"""The POP-gateway request pipeline; the HTTP plumbing is lab.common.server.

Pipeline for ``GET|POST /``: merge query + form body -> route on Version/Action -> verify the V2
signature (key, timestamp, STS token, signature, nonce) -> tenancy scope -> fault injection ->
required parameters -> handler. Every answer carries ``RequestId`` and an ``x-acs-request-id``
header; errors are ``{RequestId, HostId, Code, Message, Recommend}`` with the real HTTP status.
``Format=JSON`` answers JSON; an absent Format or ``XML`` answers XML (apsara-api.md 1.2, xmlbody.py),
and the ``xml_error_codes`` knob sends chosen errors in XML whatever was asked for.
Lab control lives under ``/_lab/`` (not part of the API, no signature, always JSON).
"""
from __future__ import annotations

import traceback
from urllib.parse import parse_qsl, unquote, urlsplit

from ..common import content
from ..common.server import LabHandler, control
from . import signature, xmlbody
from .products.ecs import content_of
from .products.ecs_scaling import GUEST_PATH, guest_view
from .registry import ACTIONS, ENVELOPE, HOSTS, PRODUCTS, Ctx
from .wire import ApiError, dumps, missing, request_id

_RECOMMEND = "https://next.api.aliyun.com/troubleshoot?q={code}"
_JSON = "application/json;charset=utf-8"


def request_params(method: str, query: str, headers, body: bytes, errors: str = "strict") -> dict:
    """Query and form body merged, as the gateway signs and dispatches them (apsara-api.md 1.1)."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    ctype = (headers.get("Content-Type") or "").lower()
    if method == "POST" and body and ("form-urlencoded" in ctype or not ctype):
        params.update(parse_qsl(body.decode("utf-8", errors), keep_blank_values=True))
    return params


class Gateway:
    SIGNATURES = signature.POP      # accepted (SignatureMethod, SignatureVersion) pairs

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

    def serve(self, method: str, raw_path: str, headers, body: bytes) -> tuple[int, list, bytes]:
        """One request: (status, response headers, body bytes) in the format the request asked for."""
        split = urlsplit(raw_path)
        path = unquote(split.path)
        if path.startswith("/_lab/"):
            status, extra, payload = self.control(method, path, body)
            return status, [("Content-Type", _JSON), *extra.items()], dumps(payload)
        status, extra, payload = self.handle(method, raw_path, headers, body)
        payload = self.finish(status, payload)
        params = request_params(method, split.query, headers, body, errors="replace")
        if xmlbody.wants_xml(params) or (status != 200 and self.lab.faults.xml_error(payload.get("Code"))):
            ctype = xmlbody.CONTENT_TYPE
            data = xmlbody.success(params.get("Action", ""), payload) if status == 200 else xmlbody.error(payload)
        else:
            ctype, data = _JSON, dumps(payload)
        return status, [("Content-Type", ctype), ("x-acs-request-id", payload["RequestId"]), *extra.items()], data

    def finish(self, status: int, payload: dict) -> dict:
        """Hook: the last change to an API answer before it is encoded (the ASAPI envelope)."""
        del status
        return payload

    def check_path(self, path: str):
        """The POP gateway serves every action on ``/`` (apsara-api.md 1.1)."""
        if path not in ("/", ""):
            raise ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")

    def product_of(self, version: str, params: dict, headers) -> str:
        """The POP gateway: the Version parameter picks the product."""
        del params, headers
        product = PRODUCTS.get(version)
        if product is None:
            raise ApiError(400, "InvalidVersion", "Specified parameter Version is not valid.")
        return product

    def handle(self, method: str, raw_path: str, headers, body: bytes):
        """Returns (status, extra headers, JSON-able body) of an API call."""
        split = urlsplit(raw_path)
        path = unquote(split.path)
        rid = request_id()
        product = None
        lab = self.lab
        try:
            self.check_path(path)
            if method not in ("GET", "POST"):
                raise ApiError(400, "UnsupportedHTTPMethod", f"Specified HTTP method {method} is not supported.")
            params = request_params(method, split.query, headers, body)
            lab.faults.delay()
            version = params.get("Version")
            name = params.get("Action")
            if not name:
                raise missing("Action")
            if not version:
                raise missing("Version")
            product = self.product_of(version, params, headers)
            act = ACTIONS.get((product, name))
            lab.count(name)
            if act is None or name in self.lab.state.meta.get("unsupported_actions", ()):
                raise ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
            state = lab.state
            cred = signature.verify(method, params, state.credentials, self.nonces, accepted=self.SIGNATURES)
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
            if found is None and path.startswith(GUEST_PATH):
                found = guest_view(self.lab.state, path[len(GUEST_PATH):])
            if found is not None:
                return found[0], {}, found[1]
        status, payload = control(self.lab, method, path, body, writes={"/_lab/sts-token": self._sts_token})
        return status, {}, {"error": payload} if isinstance(payload, str) else payload

    def _sts_token(self, data):
        return self.lab.issue_sts_token(float(data.get("ttl", 3600)))


class _Handler(LabHandler):
    gateway: Gateway = None  # set per server class

    def _serve(self):
        status, headers, data = self.gateway.serve(self.command, self.path, self.headers, self.read_body())
        self.reply(status, [headers[0], ("Content-Length", str(len(data))), *headers[1:]], data)


def handler_for(gateway: Gateway) -> type:
    return type("ApsaraLabHandler", (_Handler,), {"gateway": gateway})

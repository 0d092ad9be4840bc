"""Raw-HTTP helper for the Apsara lab tests: an independent RPC signature V2 signer (standard library only).

Deliberately shares no code with lab/apsara (the verifier) nor with plugins/ (the collection's client).
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import http.client
import json
import os
import ssl
import sys
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

VERSIONS = {"ecs": "2014-05-26", "vpc": "2016-04-28", "cms": "2019-01-01", "rds": "2014-08-15",
            "slb": "2014-05-15", "ascm": "2019-05-10"}


def encode(value) -> str:
    """RFC 3986: unreserved A-Z a-z 0-9 - _ . ~ kept, everything else %XX (uppercase)."""
    out = []
    for byte in str(value).encode("utf-8"):
        ch = chr(byte)
        if ch.isascii() and (ch.isalnum() or ch in "-_.~"):
            out.append(ch)
        else:
            out.append("%%%02X" % byte)
    return "".join(out)


def string_to_sign(method: str, params: dict) -> str:
    canonical = "&".join(encode(k) + "=" + encode(params[k]) for k in sorted(params) if k != "Signature")
    return method + "&" + encode("/") + "&" + encode(canonical)


def signature(method: str, params: dict, secret: str, digest=hashlib.sha1) -> str:
    mac = hmac.new((secret + "&").encode("utf-8"), string_to_sign(method, params).encode("utf-8"), digest)
    return base64.b64encode(mac.digest()).decode()


def utc_timestamp(offset_s: float = 0.0) -> str:
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_s)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Raw:
    """Signs and sends one RPC call; returns (status, headers, parsed JSON body). ``base_url`` may carry a
    path (the ASAPI gateway's ``/asapi/v3``): requests then go to ``<path>/?<query>``, as aliyunsdkcore sends
    them; the string to sign keeps ``/`` (RPC signature V2 signs ``METHOD&%2F&...`` whatever the path)."""

    def __init__(self, base_url, key_id, secret, region="cn-lab-1", ca_file=None, token=None):
        u = urllib.parse.urlsplit(base_url)
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port
        self.path = u.path.rstrip("/") + "/"
        self.digest = hashlib.sha1
        self.key_id, self.secret, self.region, self.ca_file, self.token = key_id, secret, region, ca_file, token

    def common(self, product, action, **over):
        p = {"Action": action, "Version": VERSIONS.get(product, product), "Format": "JSON", "AccessKeyId": self.key_id,
             "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": str(uuid.uuid4()),
             "Timestamp": utc_timestamp(), "RegionId": self.region}
        if self.token:
            p["SecurityToken"] = self.token
        p.update(over)
        return p

    def send(self, method, params, headers=None, body_params=None, sign=True, secret=None):
        status, rsp_headers, raw = self.exchange(method, params, headers, body_params, sign, secret)
        return status, rsp_headers, json.loads(raw) if raw else None

    def exchange(self, method, params, headers=None, body_params=None, sign=True, secret=None):
        """Like ``send``, with the body as bytes (XML answers)."""
        params = {k: v for k, v in params.items() if v is not None}
        allp = dict(params)
        allp.update(body_params or {})
        if sign:
            sig = signature(method, allp, self.secret if secret is None else secret, self.digest)
            params["Signature"] = sig
        query = "&".join(encode(k) + "=" + encode(v) for k, v in params.items())
        h = dict(headers or {})
        body = None
        if body_params is not None:
            body = "&".join(encode(k) + "=" + encode(v) for k, v in body_params.items())
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if self.scheme == "https":
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=10,
                                               context=ssl.create_default_context(cafile=self.ca_file))
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request(method, self.path + "?" + query, body=body, headers=h)
            rsp = conn.getresponse()
            return rsp.status, dict(rsp.getheaders()), rsp.read()
        finally:
            conn.close()

    def call(self, product, action, params=None, method="GET", headers=None, **kw):
        p = self.common(product, action)
        p.update(params or {})
        return self.send(method, p, headers=headers, **kw)

    def ok(self, product, action, params=None, **kw):
        status, _h, body = self.call(product, action, params, **kw)
        assert status == 200, (status, body)
        return body

    def all_pages(self, product, action, list_path, params=None, size=50):
        """PageNumber/PageSize until every TotalCount item is fetched."""
        out, page = [], 1
        while True:
            body = self.ok(product, action, {**(params or {}), "PageNumber": page, "PageSize": size})
            outer, inner = list_path.split(".")
            out.extend(body[outer][inner])
            if len(out) >= int(body["TotalCount"]) or not body[outer][inner]:
                return out
            page += 1

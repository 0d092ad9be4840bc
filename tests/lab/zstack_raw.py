"""Raw-HTTP helper for the lab tests (http.client only; never the collection's client)."""
from __future__ import annotations

import hashlib
import http.client
import json
import ssl
import time
import urllib.parse


def sha512(s: str) -> str:
    return hashlib.sha512(s.encode()).hexdigest()


class Raw:
    """Minimal raw-HTTP client for asserting exact wire behaviour."""

    def __init__(self, base_url: str, ca_file: str | None = None):
        self.base = base_url
        u = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.scheme = u.hostname, u.port, u.scheme
        self.ca_file = ca_file
        self.session = None

    def conn(self):
        if self.scheme == "https":
            ctx = ssl.create_default_context(cafile=self.ca_file)
            return http.client.HTTPSConnection(self.host, self.port, context=ctx, timeout=10)
        return http.client.HTTPConnection(self.host, self.port, timeout=10)

    def request(self, method, path, body=None, headers=None, auth=True):
        h = {"Content-Type": "application/json"} if body is not None else {}
        if auth and self.session:
            h["Authorization"] = f"OAuth {self.session}"
        h.update(headers or {})
        c = self.conn()
        try:
            data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, raw.decode("utf-8")
        finally:
            c.close()

    def json(self, method, path, body=None, headers=None, auth=True, expect=None):
        status, hdrs, text = self.request(method, path, body, headers, auth)
        if expect is not None:
            assert status == expect, (status, text)
        return status, (json.loads(text) if text.strip() else None)

    def login(self, account="admin", password="LabAdmin#2026"):
        status, body = self.json("PUT", "/zstack/v1/accounts/login",
                                 {"logInByAccount": {"accountName": account, "password": sha512(password)}}, auth=False)
        assert status == 200, body
        self.session = body["inventory"]["uuid"]
        return body["inventory"]

    def get(self, path, expect=200):
        return self.json("GET", "/zstack/v1" + path, expect=expect)[1]

    def query(self, path):
        return self.get(path)["inventories"]

    def rewrite(self, location: str) -> str:
        # what every real client does: keep /zstack/v1/api-jobs/<id>, drop the MN's scheme/host/port
        return "/zstack/v1/api-jobs" + location.split("/zstack/v1/api-jobs")[1]

    def poll(self, location, timeout=10.0):
        path = self.rewrite(location)
        seen = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, _h, text = self.request("GET", path, auth=False)
            seen.append(status)
            if status != 202:
                return status, (json.loads(text) if status in (200, 503) else text), seen
            time.sleep(0.02)
        raise AssertionError(f"job did not finish: {seen[-5:]}")

    def call(self, method, path, body=None, expect=200, headers=None):
        """Async call: 202 then poll; returns (final status, body)."""
        status, _h, text = self.request(method, "/zstack/v1" + path, body, headers)
        assert status == 202, (status, text)
        st, out, _seen = self.poll(json.loads(text)["location"])
        if expect is not None:
            assert st == expect, (st, out)
        return st, out

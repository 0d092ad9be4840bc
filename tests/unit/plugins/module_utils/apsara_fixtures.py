"""Apsara lab fixtures and a header-capturing loopback server, shared by the Apsara unit tests.

Imported by the test modules (pytest only collects fixtures from conftest.py or the test module
itself).  Skips cleanly while lab/apsara is not importable.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest


def _lab_class():
    module = pytest.importorskip("lab.apsara")
    return module.ApsaraLab


@pytest.fixture(scope="session", name="apsara_lab")
def apsara_lab_fixture():
    """The demo world on ephemeral loopback ports, shared by read-only tests."""
    with _lab_class()(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


@pytest.fixture(name="fresh_apsara_lab")
def fresh_apsara_lab_fixture():
    """A private demo world for tests that change state or inject faults."""
    with _lab_class()(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


def scale_lab(**scale):
    return _lab_class()(world="scale", host="127.0.0.1", http_port=0, https_port=None, scale=scale)


class Capture(object):
    """A loopback server answering every request with a scripted (status, body); records requests."""

    def __init__(self, answers=None):
        self.requests = []
        self.answers = list(answers or [])
        capture = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                capture.requests.append({
                    "method": "POST", "headers": dict((k.lower(), v) for k, v in self.headers.items()),
                    "query": dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True)),
                    "body": dict(parse_qsl(body, keep_blank_values=True)), "path": urlsplit(self.path).path})
                status, answer = capture.answers.pop(0) if capture.answers else (200, {"RequestId": "R-1"})
                raw = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

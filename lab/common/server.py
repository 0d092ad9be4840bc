"""HTTP plumbing both gateways share: threaded servers, a one-write handler, and ``/_lab/`` control.

stdlib ``http.server`` on purpose: it gives exact control over the status line and headers (we
must not add framework headers or error pages), it has no dependencies, and a thread per
connection is plenty for a lab. Keep-alive (HTTP/1.1 + Content-Length) keeps it fast.
"""
from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LabHandler(BaseHTTPRequestHandler):
    """Subclasses implement ``_serve`` and answer through ``reply``."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # TCP_NODELAY on every accepted connection

    def send_response(self, code, message=None):
        # no Server header and no default Content-Type: each side sends exactly its real gateway's headers
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status: int, headers, data: bytes):
        """Status line, headers and body in one write (two small writes + Nagle + delayed ACK
        would cost ~40 ms per request on loopback)."""
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            self._headers_buffer.append(data)
        out = b"".join(self._headers_buffer)
        self._headers_buffer = []
        self.wfile.write(out)

    def _serve(self):
        raise NotImplementedError

    def _any_method(self):
        self._serve()   # looked up late, so the subclass's _serve answers

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any_method

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass   # quiet: a lab answering thousands of calls must not flood the test output


class LabHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class LabHTTPSServer(LabHTTPServer):
    """TLS handshake in the per-connection thread, so a stalled client never blocks accept()."""
    ssl_context = None

    def finish_request(self, request, client_address):
        try:
            request = self.ssl_context.wrap_socket(request, server_side=True)
        except (OSError, ValueError):
            return
        try:
            super().finish_request(request, client_address)
        finally:
            try:
                request.close()
            except OSError:
                pass


def make_server(host, port, handler, ssl_context=None) -> LabHTTPServer:
    if ssl_context is None:
        return LabHTTPServer((host, port), handler)
    srv = LabHTTPSServer((host, port), handler)
    srv.ssl_context = ssl_context
    return srv


def control(lab, method: str, path: str, body: bytes, writes=None) -> tuple[int, dict | str]:
    """The ``/_lab/`` endpoints both sides have (faults, stats, reset-stats, health) plus ``writes``:
    {path: fn(data) -> dict} for PUT/POST-only side-specific ones. Returns (status, JSON-able dict),
    or (status, error text) that each side words on its own wire."""
    try:
        data = json.loads(body.decode()) if body and body.strip() else {}
    except ValueError:
        return 400, "invalid JSON"
    write = method in ("PUT", "POST")
    if path == "/_lab/faults":
        if write:
            try:
                return 200, lab.faults.update(**data)
            except (ValueError, TypeError) as e:
                return 400, str(e)
        return 200, lab.faults.as_dict()
    if path == "/_lab/stats":
        return 200, lab.stats()
    if path == "/_lab/writes":
        return 200, {"writes": lab.writes()}
    if path == "/_lab/reset-writes" and write:
        lab.reset_writes()
        return 200, {}
    if path == "/_lab/reset-stats" and write:
        lab.reset_stats()
        return 200, {}
    if write and writes and path in writes:
        return 200, writes[path](data)
    if path == "/_lab/health":
        return 200, {"ok": True, "world": lab.state.name}
    return 404, "unknown lab control endpoint"

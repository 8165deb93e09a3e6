"""Fixtures of the reliability suite: a page server on another localhost port, the "attacker" origin of the
cross-site tests (headless Chromium is tests/conftest.py's ``browser``)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Pages(BaseHTTPRequestHandler):
    html = b""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.server.html)))
        self.end_headers()
        self.wfile.write(self.server.html)

    def log_message(self, *args):
        pass


@pytest.fixture
def foreign_origin():
    """A server on another port of 127.0.0.1 serving ``.html``; ``.url`` is its origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.html = b"<!doctype html><title>elsewhere</title>"
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()

"""A local HTTP receiver for the webhooks and callbacks the emulators send, for tests.

It records every request and answers scripted statuses, so a test can check what a vendor's
webhook delivered, make the receiver fail a few times, loop redirects, or be down and come back::

    def test_enrollment_webhook(skilljar, webhook_receiver):
        webhook_receiver.statuses = [503]            # first attempt fails, the retry succeeds
        ...create a hook for webhook_receiver.url, enroll a user...
        assert webhook_receiver.wait_for(2)
        assert webhook_receiver.requests[-1].json()["event_type"] == "COURSE_ENROLLMENT"

The pytest plugin hands one out as the ``webhook_receiver`` fixture.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class WebhookReceiver:
    """Records requests on 127.0.0.1 and answers ``statuses`` in order, then ``default_status``.

    A 3xx status (or ``redirect_to_self``) answers with ``Location`` pointing back at the same path,
    which is how a redirect loop is made.
    """

    def __init__(self, port: int = 0, path: str = "/", statuses: list[int] | tuple[int, ...] = (),
                 default_status: int = 200, host: str = "127.0.0.1") -> None:
        self.requests: list[Received] = []
        self.statuses: list[int] = list(statuses)
        self.default_status = default_status
        self.redirect_to_self = False
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with owner._lock:
                    owner.requests.append(Received(self.command, self.path, dict(self.headers), body))
                    status = owner.statuses.pop(0) if owner.statuses else owner.default_status
                if owner.redirect_to_self:
                    status = 302
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = do_GET = _answer  # noqa: N815 (http.server's names)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}{path}"
        threading.Thread(target=self._server.serve_forever, daemon=True, name="webhook-receiver").start()

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """True once at least ``count`` requests have arrived (within ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "WebhookReceiver":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

"""Fixtures for the Skilljar tests: an emulator per module, reset before each test; a local receiver."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.server import InProcessServer
from emulator.vendors.skilljar import DEMO_API_KEY, DEMO_DOMAIN, VENDOR

DOMAIN = DEMO_DOMAIN


def basic(key: str = DEMO_API_KEY, colon: bool = True) -> dict[str, str]:
    raw = f"{key}:" if colon else key
    return {"Authorization": "Basic " + base64.b64encode(raw.encode()).decode()}


class Client:
    """The Flask test client with the demo key on every call."""

    def __init__(self, emulator: Emulator, headers: dict | None = None) -> None:
        self.emulator = emulator
        self.raw = emulator.app.test_client()
        self.headers = headers or basic()

    def __getattr__(self, method):
        def call(path, headers=None, **kw):
            return getattr(self.raw, method)(path, headers={**self.headers, **(headers or {})}, **kw)

        return call

    @property
    def state(self):
        return self.emulator.tenants.get("demo").state


@pytest.fixture(scope="module")
def emulator():
    cfg = Config(tenants=[TenantConfig(vendor="skilljar", name="demo", api_key=DEMO_API_KEY, domain=DOMAIN,
                                       plan="unlimited",
                                       settings={"webhook_retry": {"backoff_seconds": 0.01, "max_attempts": 3,
                                                                   "timeout_seconds": 2}})])
    emu = Emulator(VENDOR, cfg)
    yield emu
    emu.close()


@pytest.fixture
def sj(emulator):
    emulator.reset()
    return Client(emulator)


def add_tenant(emulator, name: str, **kw) -> Client:
    key = f"sk-live-{name}-key"
    if emulator.tenants.get(name) is None:
        emulator.add_tenant(TenantConfig(vendor="skilljar", name=name, api_key=key, domain=f"{name}.skilljar.com",
                                         **kw))
    emulator.tenants.get(name).reset()
    return Client(emulator, basic(key))


@pytest.fixture(scope="module")
def live(emulator):
    """The same emulator over real HTTP (Waitress in a thread)."""
    server = InProcessServer(emulator).start()
    yield server
    server._server.close()


class Receiver:
    """A tiny webhook receiver on 127.0.0.1: records requests, answers a programmable status list."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []  # popped per request; empty → 200
        self.redirect_to_self = False
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with owner.lock:
                    owner.requests.append({"path": self.path, "method": self.command, "headers": dict(self.headers),
                                           "body": json.loads(body) if body else None})
                    status = owner.statuses.pop(0) if owner.statuses else 200
                if owner.redirect_to_self:
                    self.send_response(302)
                    self.send_header("Location", self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = _answer
            do_GET = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()

"""Fixtures for the Skilljar tests: an emulator per module, reset before each test; a local receiver."""

from __future__ import annotations

import base64

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
    server.stop(close_emulator=False)  # the module's in-process tests share the emulator


@pytest.fixture
def receiver(webhook_receiver):
    return webhook_receiver

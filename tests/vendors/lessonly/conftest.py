"""Fixtures for the Lessonly tests: one emulator per session, reset before each test."""

from __future__ import annotations

import json

import pytest

from emulator.config import Config
from emulator.core.emulator import Emulator
from emulator.vendors.lessonly import DEMO_API_KEY, DEMO_SUBDOMAIN, VENDOR
from lessonly_helpers import basic


class Api:
    """A Flask test client that speaks to the demo company with its Basic credentials."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.client = emulator.app.test_client()
        self.auth = basic(DEMO_SUBDOMAIN, DEMO_API_KEY)

    @property
    def tenant(self):
        return self.emulator.tenants.get("demo")

    @property
    def state(self):
        return self.tenant.state

    def call(self, method: str, path: str, body=None, *, raw: bytes | str | None = None, headers=None,
             auth: str | None = "default", content_type: str = "application/json", query=None):
        hdrs = {}
        if auth == "default":
            hdrs["Authorization"] = self.auth
        elif auth is not None:
            hdrs["Authorization"] = auth
        hdrs.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"headers": hdrs, "query_string": query}
        if data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = content_type
        return self.client.open(path, method=method, **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body, **kw)

    def delete(self, path, body=None, **kw):
        return self.call("DELETE", path, body, **kw)

    def control(self, method: str, path: str, body=None):
        return self.client.open("/_emulator" + path, method=method, json=body)

    # shortcuts into the seeded data
    def user_ids(self) -> list[int]:
        return [u.id for u in self.state.users]

    def active_user(self):
        return next(u for u in self.state.users if u.archived_at is None)


@pytest.fixture(scope="session")
def ly_emulator():
    emulator = Emulator(VENDOR, Config())
    yield emulator
    emulator.close()


@pytest.fixture
def api(ly_emulator):
    ly_emulator.reset()
    client = Api(ly_emulator)
    saved = dict(client.tenant.switches)
    yield client
    client.tenant.switches.clear()
    client.tenant.switches.update(saved)
    ly_emulator.deliveries.clear()


@pytest.fixture
def switch(api):
    """Set a tenant switch for one test (restored by ``api``)."""

    def set_(name: str, value):
        assert name in VENDOR.switches
        api.tenant.switches[name] = value

    return set_

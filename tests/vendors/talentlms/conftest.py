"""Helpers for the TalentLMS tests: a thin client over the plugin's ``talentlms`` handle."""

from __future__ import annotations

import pytest

from emulator.vendors.talentlms import DEMO_API_KEY


class Api:
    def __init__(self, handle) -> None:
        self.h = handle
        self.http = handle.http

    def url(self, path: str) -> str:
        return self.h.url("/api/v1/" + path.lstrip("/"))

    def get(self, path: str, **kw):
        return self.http.get(self.url(path), **kw)

    def post(self, path: str, data=None, **kw):
        return self.http.post(self.url(path), data=data, **kw)

    def ok(self, path: str, data=None, method: str | None = None):
        r = self.http.request(method or ("POST" if data is not None else "GET"), self.url(path), data=data)
        assert r.status_code == 200, (path, r.status_code, r.text)
        return r.json()

    def error(self, path: str, status: int, message: str, data=None, method: str | None = None, **kw):
        r = self.http.request(method or ("POST" if data is not None else "GET"), self.url(path), data=data, **kw)
        assert r.status_code == status, (path, r.status_code, r.text)
        body = r.json()
        assert body["error"]["message"] == message, body
        assert body["error"]["type"] in ("invalid_request_error", "api_error")
        return body

    @property
    def state(self):
        return self.h.tenant.state

    def signup(self, n: int = 1, **extra):
        data = {"first_name": f"First{n}", "last_name": f"Last{n}", "email": f"new{n}@example.com",
                "login": f"new{n}", "password": "Secret123"}
        data.update(extra)
        return self.ok("usersignup", data)

    def switch(self, monkeypatch, name: str, value) -> None:
        monkeypatch.setitem(self.h.tenant.switches, name, value)


@pytest.fixture
def api(talentlms) -> Api:
    return Api(talentlms)


@pytest.fixture
def key() -> str:
    return DEMO_API_KEY

"""Fixtures for the console tests: the worked example vendor (``examples/tinylms``, registered as
``tiny``) served in-process the way the pytest plugin serves a real vendor, a console over it, and a page
in headless Chromium (the ``browser`` fixture of tests/conftest.py, shared with tests/reliability)."""

from __future__ import annotations

import pytest

from emulator.receiver import WebhookReceiver
import requests

from emulator import vendors
from emulator.config import Config
from emulator.console import serve_console
from emulator.server import InProcessServer, build_emulator


class Tiny:
    """The tiny vendor's emulator, served on an ephemeral port, with a plain HTTP client."""

    def __init__(self) -> None:
        self.server = InProcessServer(build_emulator("tiny", Config())).start()
        self.emulator = self.server.emulator
        self.base_url = self.server.base_url
        self.http = requests.Session()
        self.http.trust_env = False

    def api(self, path: str, method: str = "GET", key: str = "ACMEKEY", **kwargs) -> requests.Response:
        return self.http.request(method, self.base_url + path, auth=(key, ""), timeout=10, **kwargs)

    def control(self, method: str, path: str, **kwargs):
        response = self.http.request(method, self.base_url + "/_emulator" + path, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None


@pytest.fixture
def tiny():
    vendors.register("tiny", "examples.tinylms", 8099, label="Tiny LMS")
    try:
        vendor = Tiny()
        yield vendor
        vendor.http.close()
        vendor.server.stop()
    finally:
        vendors.unregister("tiny")


@pytest.fixture
def console(tiny):
    server = serve_console({"tiny": tiny.base_url}, port=0, poll_ms=200)
    yield server
    server.stop()


@pytest.fixture
def page(browser, console):
    context = browser.new_context(base_url=console.base_url, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=console.base_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def receiver():
    with WebhookReceiver(path="/hooks") as server:
        yield server

"""Contract tests for Lessonly: the project's client and a Singer-tap-style paging loop against a real
HTTP emulator (Waitress on an ephemeral port) and against the recorded/documented fixtures."""

from __future__ import annotations

import pytest
from lessonly_support import local_session

from clients.lessonly import LessonlyClient
from emulator.config import Config
from emulator.core.emulator import Emulator
from emulator.server import InProcessServer
from emulator.vendors.lessonly import DEMO_API_KEY, DEMO_SUBDOMAIN, VENDOR


@pytest.fixture(scope="session")
def ly_server():
    server = InProcessServer(Emulator(VENDOR, Config())).start()
    yield server
    server.stop()


@pytest.fixture
def ly_client(ly_server) -> LessonlyClient:
    local_session().post(ly_server.base_url + "/_emulator/reset", json={}).raise_for_status()
    return LessonlyClient(DEMO_SUBDOMAIN, DEMO_API_KEY, base_url=ly_server.base_url, session=local_session())

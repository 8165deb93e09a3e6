"""A live Skilljar emulator (Waitress in a thread) and a requests session with the demo key."""

from __future__ import annotations

import pytest
import requests

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.server import InProcessServer
from emulator.vendors.skilljar import DEMO_API_KEY, DEMO_DOMAIN, VENDOR


@pytest.fixture(scope="module")
def server():
    cfg = Config(tenants=[
        TenantConfig(vendor="skilljar", name="demo", api_key=DEMO_API_KEY, domain=DEMO_DOMAIN, plan="unlimited"),
        TenantConfig(vendor="skilljar", name="doc", api_key="sk-live-document-shapes", domain="doc.skilljar.com",
                     plan="unlimited", switches={"progress_list_shape": "envelope"}),
    ])
    srv = InProcessServer(Emulator(VENDOR, cfg)).start()
    yield srv
    srv.stop()


@pytest.fixture
def http(server):
    server.emulator.reset()
    session = requests.Session()
    session.trust_env = False
    session.auth = (DEMO_API_KEY, "")
    session.base = server.base_url
    return session

import pytest
import requests

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.server import InProcessServer

from .toy import TOY


@pytest.fixture(scope="module")
def toy_server():
    server = InProcessServer(Emulator(TOY, Config())).start()
    yield server
    server.stop()


@pytest.fixture
def toy(toy_server):
    toy_server.emulator.reset(pristine=True)
    return toy_server


@pytest.fixture
def http():
    session = requests.Session()
    session.trust_env = False
    session.auth = ("toykey", "")
    yield session
    session.close()


@pytest.fixture
def unlimited_toy():
    config = Config(tenants=[TenantConfig(vendor="toy", name="big", api_key="k", plan="unlimited")])
    return Emulator(TOY, config)

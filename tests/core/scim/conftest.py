import pytest

from emulator.config import Config
from emulator.core.emulator import Emulator

from .memory import VENDOR

SCIM = "application/scim+json"


class Client:
    def __init__(self, test_client, token="acme-token"):
        self.c = test_client
        self.token = token

    def call(self, method, path, json=None, token=None, headers=None, data=None, content_type=SCIM):
        h = {"Authorization": f"Bearer {token or self.token}"}
        h.update(headers or {})
        kwargs = {}
        if json is not None:
            import json as _json
            kwargs["data"] = _json.dumps(json)
            kwargs["content_type"] = content_type
        elif data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = content_type
        return self.c.open("/scim/v2" + path, method=method, headers=h, **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.call("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.call("PUT", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.call("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture
def emulator():
    emu = Emulator(VENDOR, Config())
    yield emu
    emu.close()


@pytest.fixture
def scim(emulator):
    return Client(emulator.app.test_client())

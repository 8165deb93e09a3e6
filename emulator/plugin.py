"""The pytest plugin: an emulator per test session, state reset between tests.

Registered through the ``pytest11`` entry point, so installing lms-emulator is enough::

    def test_signup(talentlms):
        r = talentlms.http.post(talentlms.url("/api/v1/usersignup"), data={...})
        assert r.status_code == 200
        talentlms.assert_calls(1, path_contains="usersignup")

* ``lms_emulator`` (session): starts each vendor on first use, in this process, on an ephemeral
  port (Waitress in a thread; ready in milliseconds). Under pytest-xdist every worker gets its own.
* one fixture per vendor of the registry (``talentlms``, ``skilljar``, ``lessonly``; function scope):
  that vendor's handle, with every tenant back at its seed, the journal, faults and deliveries cleared
  and the clock real, before each test.

``--lms-emulator-config FILE`` (or the ini option ``lms_emulator_config``) loads a TOML config.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import requests

from . import vendors
from .config import Config
from .core.clock import instant
from .core.emulator import Emulator
from .core.faults import FaultRule
from .core.journal import Entry
from .core.tenants import Tenant


class VendorHandle:
    """One running vendor emulator, as a test sees it."""

    def __init__(self, server) -> None:
        self.server = server
        self.emulator: Emulator = server.emulator
        self.base_url: str = server.base_url
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.auth = self.auth
        token = self.emulator.config.control_token
        if token:  # `serve --control-token` / the config's control_token: control calls need it
            self.http.headers["X-Emulator-Token"] = token

    @property
    def name(self) -> str:
        return self.emulator.vendor.name

    @property
    def tenant(self) -> Tenant:
        """The vendor's first tenant (the demo tenant unless a config says otherwise)."""
        return self.emulator.tenants.first()

    def tenant_named(self, name: str) -> Tenant:
        tenant = self.emulator.tenants.get(name)
        if tenant is None:
            raise KeyError(f"no tenant {name!r}")
        return tenant

    @property
    def credentials(self) -> dict[str, Any]:
        creds = self.emulator.vendor.credentials
        return creds(self.tenant, self.base_url) if creds else {}

    @property
    def auth(self) -> tuple[str, str] | None:
        pair = self.credentials.get("basic_auth")
        return tuple(pair) if pair else None  # type: ignore[return-value]

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def reset(self) -> None:
        """Back to the session's configuration: seed data, no added tenants, journal/faults cleared."""
        self.emulator.reset(pristine=True)

    def seed(self, seed: int | None = None, tenant: str | None = None, **sizes: int) -> None:
        target = self.tenant_named(tenant) if tenant else self.tenant
        target.reseed(seed, sizes or None)

    def fault(self, **rule: Any) -> FaultRule:
        return self.emulator.faults.add(rule)

    def advance(self, seconds: float) -> None:
        self.emulator.clock.advance(seconds)

    def freeze(self, at: float | str | datetime | None = None) -> None:
        """Stop the clock now, or at ``at``: epoch seconds, ISO 8601 with offset or an aware datetime
        (what ``POST /_emulator/clock`` takes)."""
        if at is None:
            self.emulator.clock.freeze()
            return
        when = instant(at)
        if when is None:
            raise ValueError(f"freeze(at={at!r}): give epoch seconds, an ISO 8601 date-time with offset "
                             "(\"2030-01-01T00:00:00Z\") or an aware datetime, between 1970 and 9999")
        self.emulator.clock.freeze(when)

    def journal(self, **filters: Any) -> list[Entry]:
        return self.emulator.journal.query(**filters)

    def assert_calls(self, expected: int, **filters: Any) -> list[Entry]:
        entries = self.journal(**filters)
        if len(entries) != expected:
            seen = "\n".join(f"  {e.method} {e.path} -> {e.status}" for e in entries) or "  (none)"
            raise AssertionError(f"expected {expected} call(s) matching {filters}, got {len(entries)}:\n{seen}")
        return entries

    def deliveries(self, **filters: Any):
        return self.emulator.deliveries.list(**filters)

    def wait_deliveries(self, timeout: float = 10.0) -> bool:
        return self.emulator.deliveries.wait_idle(timeout)


class EmulatorSession:
    """Starts vendors lazily, one in-process server each, and stops them all at the end."""

    def __init__(self, config: Config | None = None, vendors: dict | None = None,
                 recordings: str | None = None) -> None:
        self.config = config or Config()
        self.recordings = recordings  # clone each vendor's first tenant from these (issue #11)
        self.extra_vendors = vendors or {}  # name -> Vendor, for vendors outside the registry
        self._handles: dict[str, VendorHandle] = {}

    def vendor(self, name: str) -> VendorHandle:
        if name not in self._handles:
            from .server import InProcessServer, build_emulator

            if name in self.extra_vendors:
                emulator = Emulator(self.extra_vendors[name], self.config)
            else:
                emulator = build_emulator(name, self.config)
            if self.recordings:
                from .recording.clone import clone_into, recordings_by_vendor

                if name in recordings_by_vendor(self.recordings):
                    clone_into(emulator.tenants.first(), self.recordings)
            server = InProcessServer(emulator).start()
            self._handles[name] = VendorHandle(server)
        return self._handles[name]

    def close(self) -> None:
        for handle in self._handles.values():
            handle.http.close()
            handle.server.stop()
        self._handles.clear()


def pytest_addoption(parser) -> None:
    group = parser.getgroup("lms-emulator")
    group.addoption("--lms-emulator-config", default=None, help="TOML config for the lms_emulator fixture")
    parser.addini("lms_emulator_config", "TOML config for the lms_emulator fixture", default="")
    group.addoption("--lms-emulator-from-recordings", default=None,
                    help="clone each vendor's tenant from the recordings (cassettes) in this folder")
    parser.addini("lms_emulator_from_recordings", "folder of recordings to clone tenants from", default="")


@pytest.fixture(scope="session")
def lms_emulator(pytestconfig) -> EmulatorSession:
    path = pytestconfig.getoption("--lms-emulator-config") or pytestconfig.getini("lms_emulator_config")
    from .config_check import load  # the same checks as `serve`: a mistake is one line naming the key

    recordings = (pytestconfig.getoption("--lms-emulator-from-recordings")
                  or pytestconfig.getini("lms_emulator_from_recordings") or None)
    session = EmulatorSession(load(path) if path else Config(), recordings=recordings)
    yield session
    session.close()


def _vendor_fixture(name: str):
    def fixture(lms_emulator: EmulatorSession) -> VendorHandle:
        handle = lms_emulator.vendor(name)
        handle.reset()
        return handle

    fixture.__doc__ = f"The {name} emulator, reset to its seed before the test."
    return pytest.fixture(fixture, name=name)


@pytest.fixture
def webhook_receiver():
    """A local receiver for webhooks/callbacks: ``.url``, ``.requests``, ``.statuses``, ``.wait_for(n)``."""
    from .receiver import WebhookReceiver

    with WebhookReceiver() as receiver:
        yield receiver


# one fixture per vendor of the registry's index, named as the vendor (``talentlms``, ``skilljar``...)
globals().update({name: _vendor_fixture(name) for name in vendors.INDEX})

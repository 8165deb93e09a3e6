"""Stand-in upstreams over HTTPS (a local CA), and the recording proxy in front of them."""

from __future__ import annotations

import contextlib
import logging

import pytest
import trustme

from emulator.config import Config
from emulator.recording.record import record_server
from emulator.server import InProcessServer, build_emulator

from .upstreams import HttpsUpstream, write_ca

FROZEN = 1_780_000_000.0  # every emulator in these tests answers at the same instant
SCRUB_KEY = "test-scrub-key"


@pytest.fixture(scope="session")
def ca():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return trustme.CA()


@pytest.fixture
def ca_file(ca, tmp_path):
    return write_ca(ca, tmp_path)


def make_emulator(vendor: str, switches: dict | None = None, faults: list[dict] | None = None):
    emulator = build_emulator(vendor, Config())
    emulator.clock.freeze(FROZEN)
    tenant = emulator.tenants.first()
    tenant.switches.update(switches or {})
    for rule in faults or []:
        emulator.faults.add(rule)
    return emulator


@contextlib.contextmanager
def https_emulator(ca, vendor: str, **options):
    emulator = make_emulator(vendor, **options)
    try:
        with HttpsUpstream(emulator.app, ca) as upstream:
            upstream.emulator = emulator
            yield upstream
    finally:
        emulator.close()


@contextlib.contextmanager
def plain_emulator(vendor: str, **options):
    server = InProcessServer(make_emulator(vendor, **options)).start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def recording(ca, ca_file, out, vendor: str, upstream_app=None, keep_pii: bool = False, **options):
    """(proxy server, upstream): the proxy records an HTTPS stand-in of ``vendor`` into ``out``."""
    context = HttpsUpstream(upstream_app, ca) if upstream_app is not None else https_emulator(ca, vendor, **options)
    with context as upstream:
        with record_server(upstream.base_url, out, vendor=vendor, ca=ca_file, keep_pii=keep_pii,
                           scrub_key=SCRUB_KEY) as proxy:
            yield proxy, upstream

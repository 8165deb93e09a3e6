"""Shared helpers for the Lessonly contract tests (a unique module name: vendors' test dirs never clash).

Cassettes and schemas come through the shared loader, ``emulator.cassettes``."""

from __future__ import annotations

from functools import lru_cache

import requests

from emulator.cassettes import FIXTURES, Schemas, all_interactions, vendor_cassettes

CASSETTES = FIXTURES / "lessonly"


@lru_cache(maxsize=1)
def schemas() -> Schemas:
    return Schemas()


def errors(name: str, body) -> list[str]:
    """``name`` as cassettes spell it, e.g. ``lessonly/user``."""
    return schemas().errors(name, body)


def interactions():
    return all_interactions(vendor_cassettes("lessonly"))


def local_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # never send 127.0.0.1 through a proxy
    return session

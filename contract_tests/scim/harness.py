"""Runs scim2-tester (an independent RFC 7643/7644 checker, PyPI) against a served SCIM endpoint."""

from __future__ import annotations

from collections import Counter

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def run_checks(base_url: str, headers: dict[str, str], provider=None, **options) -> list:
    """Every scim2-tester check result (discovery, CRUD, projection, PATCH, misc)."""
    http = httpx2.Client(base_url=base_url, headers=headers, timeout=30)
    kwargs = {"provider": provider} if provider is not None else {}
    client = SyncSCIMClient(http, **kwargs)
    try:
        return check_server(client, raise_exceptions=False, **options)
    finally:
        http.close()


def failures(results: list) -> list:
    return [r for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]


def summary(results: list) -> Counter:
    return Counter(r.status.name for r in results)


def describe(results: list) -> list[tuple[str | None, str | None, str | None]]:
    """(resource type, check title, reason) per failed check: what a failing test prints."""
    return [(r.resource_type, r.title, r.reason) for r in failures(results)]

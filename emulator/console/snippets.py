"""Copy-and-run snippets built from a tenant's public credentials (as GET /_emulator/tenants lists them).

A vendor's ``credentials()`` may name the request to show with ``example_path`` (REST) and
``scim_base_url``; otherwise the console uses the vendor descriptor's ``example_path`` (a light
read-only call each vendor answers with its demo credentials), or ``/api/v1/users`` for a vendor the
registry does not know.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

DEFAULT_EXAMPLE_PATH = "/api/v1/users"
SCIM_PATH = "/scim/v2"


@dataclass(frozen=True)
class Snippet:
    id: str  # stable, for tests and anchors: "rest-curl", "rest-python", "scim-curl", "scim-python"
    label: str
    language: str  # "shell" or "python"
    code: str


def _q(value: str) -> str:
    return shlex.quote(value)


def example_path(vendor: str) -> str:
    """The vendor's cheap read-only REST call, from its descriptor (imported on first use: the console
    starts without importing any vendor)."""
    from .. import vendors

    descriptor = vendors.find(vendor)
    return descriptor.example_path if descriptor is not None else DEFAULT_EXAMPLE_PATH


def rest_url(vendor: str, base_url: str, credentials: dict[str, Any]) -> str:
    path = credentials.get("example_path") or example_path(vendor)
    return base_url.rstrip("/") + path


def scim_url(base_url: str, credentials: dict[str, Any]) -> str:
    base = credentials.get("scim_base_url") or base_url.rstrip("/") + SCIM_PATH
    return base.rstrip("/") + "/Users?count=2"


def for_tenant(vendor: str, base_url: str, credentials: dict[str, Any]) -> list[Snippet]:
    out: list[Snippet] = []
    basic = credentials.get("basic_auth")
    if isinstance(basic, (list, tuple)) and len(basic) == 2:
        user, password = str(basic[0]), str(basic[1])
        url = rest_url(vendor, base_url, credentials)
        out.append(Snippet("rest-curl", "REST with curl", "shell",
                           f"curl -sS -u {_q(user + ':' + password)} {_q(url)}"))
        out.append(Snippet("rest-python", "REST with Python requests", "python",
                           "import requests\n\n"
                           f"response = requests.get({url!r}, auth=({user!r}, {password!r}))\n"
                           "print(response.status_code, response.json())"))
    token = credentials.get("scim_token")
    if isinstance(token, str) and token:
        url = scim_url(base_url, credentials)
        out.append(Snippet("scim-curl", "SCIM 2.0 with curl", "shell",
                           f"curl -sS -H {_q('Authorization: Bearer ' + token)} {_q(url)}"))
        out.append(Snippet("scim-python", "SCIM 2.0 with Python requests", "python",
                           "import requests\n\n"
                           f"response = requests.get({url!r},\n"
                           f"                        headers={{'Authorization': {'Bearer ' + token!r}}})\n"
                           "print(response.status_code, response.json())"))
    return out

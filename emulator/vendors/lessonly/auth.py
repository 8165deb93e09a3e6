"""HTTP Basic: username = company subdomain, password = API key (DOCS ``_authentication.md``).

Anything else (no header, another scheme, bad base64, unknown subdomain, wrong key) is a 401. No
source shows a ``WWW-Authenticate`` header, so none is sent.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import TYPE_CHECKING

from flask import Request

from .errors import LessonlyError

if TYPE_CHECKING:
    from ...core.tenants import Tenant, Tenants


def basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    username, sep, password = decoded.partition(":")
    if not sep:
        return None
    return username, password


def authenticate(request: Request, tenants: "Tenants") -> "Tenant":
    creds = basic_credentials(request)
    if creds is not None:
        subdomain, key = creds
        for tenant in tenants:
            config = tenant.config
            if (config.subdomain or "").lower() == subdomain.lower() and config.api_key and \
                    hmac.compare_digest(config.api_key.encode(), key.encode()):
                return tenant
    raise LessonlyError(401)

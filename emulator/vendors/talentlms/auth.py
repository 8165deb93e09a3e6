"""HTTP Basic with the API key as username (seed 000; every client in dossier §2.1).

A wrong or missing key answers 401 ``Invalid API Key provided`` (Easy-Forex live test; doc p.9).
The password is ignored by default (switch ``auth_password``): clients all send an empty one and no
source says what a non-empty one does. With ``check_host`` on, the Host header must also be the
tenant's domain (or its domain map).
"""

from __future__ import annotations

import base64
import binascii

from flask import Request

from ...core.tenants import Tenant, Tenants
from . import errors as E
from .errors import TalentError


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else (user, "")


def authenticate(request: Request, tenants: Tenants) -> Tenant:
    creds = _basic(request)
    tenant = None
    if creds is not None and creds[0]:
        tenant = tenants.find(api_key=creds[0])
    if tenant is None:
        raise TalentError(E.INVALID_API_KEY)
    if tenant.switch("auth_password") == "must_be_empty" and creds[1] != "":
        raise TalentError(E.INVALID_API_KEY)
    if tenant.switch("check_host"):
        host = (request.host or "").split(":")[0].lower()
        allowed = {(tenant.config.domain or "").lower(), str(tenant.config.settings.get("domain_map", "")).lower()}
        if host not in allowed:
            raise TalentError(E.INVALID_API_KEY)
    settings = tenant.config.settings
    if settings.get("api_enabled", True) is False or settings.get("domain_active", True) is False:
        raise TalentError(E.API_DISABLED)
    return tenant

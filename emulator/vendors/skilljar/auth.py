"""Skilljar v1 authentication: HTTP Basic with the organisation API key as the username.

- ``Basic base64("<key>:")`` is the documented form (SPEC ``OrganizationApiKey``; GS-START).
- ``Basic base64("<key>")`` without the colon authenticates too: DRF's BasicAuthentication splits on
  the first colon, so a missing colon is an empty password (the CRAN skilljaR client sends this).
- Bearer and ``Token`` schemes carrying the v1 key get 401 (CSA-PKG: "a key sent as a bearer token
  fails exactly this way"); the ``accept_token_schemes`` switch lets them through, as the
  Stitchflow guide claims they work.
- Texts are DRF's BasicAuthentication/TokenAuthentication messages (inferred: no recorded body).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from flask import Request

from . import errors
from .errors import Unauthorized

if TYPE_CHECKING:
    from ...core.tenants import Tenant, Tenants


def authenticate(request: Request, tenants: Tenants) -> Tenant:
    header = request.headers.get("Authorization", "")
    parts = header.split()
    if not parts:
        raise Unauthorized(errors.NO_CREDENTIALS)
    scheme = parts[0].lower()
    if scheme == "basic":
        if len(parts) == 1:
            raise Unauthorized("Invalid basic header. No credentials provided.")
        if len(parts) > 2:
            raise Unauthorized("Invalid basic header. Credentials string should not contain spaces.")
        try:
            decoded = base64.b64decode(parts[1], validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise Unauthorized("Invalid basic header. Credentials not correctly base64 encoded.") from None
        key, _, password = decoded.partition(":")
        tenant = tenants.find(api_key=key) if key else None
        if tenant is None or password != "":
            raise Unauthorized(errors.BAD_CREDENTIALS)
        return tenant
    if scheme in ("bearer", "token"):
        if len(parts) == 1:
            raise Unauthorized("Invalid token header. No credentials provided.")
        if len(parts) > 2:
            raise Unauthorized("Invalid token header. Token string should not contain spaces.")
        tenant = tenants.find(api_key=parts[1])
        if tenant is not None and tenant.switch("accept_token_schemes"):
            return tenant
        if scheme == "bearer":  # SPEC declares a bearer scheme (tokenAuth): the key is not such a token
            raise Unauthorized(errors.INVALID_TOKEN)
    # any other scheme (or a bare base64 string with no scheme): no authenticator claims it
    raise Unauthorized(errors.NO_CREDENTIALS)

"""Credentials → tenant, or the vendor's own 401: Basic (API key as username) for REST, Bearer for SCIM."""

from __future__ import annotations

from emulator.core.http import answer, json_response


def rest(request, tenants):
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        tenant = tenants.find(api_key=auth.username)
        if tenant is not None:
            return tenant
    answer(json_response({"error": "Invalid API key"}, 401, {"WWW-Authenticate": 'Basic realm="tiny"'}))


def scim(request, tenants):
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        tenant = tenants.find(scim_token=header[7:])
        if tenant is not None:
            return tenant
    answer(json_response({"detail": "Unauthorized", "status": "401"}, 401))

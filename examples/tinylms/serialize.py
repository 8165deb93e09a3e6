"""Objects → Tiny LMS's exact JSON (REST and SCIM shapes)."""

from __future__ import annotations

from .models import User


def user(row: User) -> dict:
    return {"id": str(row.id), "email": row.email, "name": f"{row.first_name} {row.last_name}"}


def scim_user(row: User) -> dict:
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": str(row.id),
            "userName": row.email, "name": {"givenName": row.first_name, "familyName": row.last_name},
            "active": row.status == "active"}

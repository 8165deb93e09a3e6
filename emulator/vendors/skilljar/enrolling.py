"""What enrolling a domain member takes, for published courses and published paths alike.

SPEC: both `.../published-courses/{id}/enrollments` and `.../published-paths/{id}/published-path-enrollments`
take `{"user": {"id": ...}, "enrolled_at", "expires_at", "active", "purchase"}`, and only users with a
membership of the domain can be enrolled (the error text is an assumption: docs/skilljar.md).
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Response, request

from . import errors
from .fields import Bool, Char, DateTime, Nested
from .web import found, ok, validated

ENROLL = {"user": Nested({"id": Char(required=True, allow_blank=False)}, required=True),
          "enrolled_at": DateTime(), "expires_at": DateTime(allow_null=True), "active": Bool(allow_null=True),
          "purchase": Nested({}, allow_null=True)}
ENROLL_UPDATE = {"expires_at": DateTime(allow_null=True), "active": Bool()}


def member_to_enroll(st: Any, domain: Any) -> tuple[Any, dict[str, Any]]:
    """Validate the request body; the user (who must be a member of ``domain``) and the enroll options."""
    data = validated(ENROLL)
    user_id = data["user"]["id"]
    user = st.users.get(user_id)
    if user is None:
        errors.fields({"user": {"id": [f'Invalid pk "{user_id}" - object does not exist.']}})
    if st.membership(domain.name, user.id) is None:
        errors.fields({"user": ["User must be a member of the domain to be enrolled."]})
    active = data.get("active")
    return user, {"enrolled_at": data.get("enrolled_at"), "expires_at": data.get("expires_at"),
                  "active": True if active is None else active}


def one_enrollment(st: Any, table: Any, enrollment_id: str, parent: tuple[str, str],
                      serializer: Callable[[Any, Any], dict]) -> Response:
    """GET, PUT or PATCH one enrollment of a published course or path: 404 unless it belongs to
    ``parent`` (its field name and id); a write takes ``expires_at`` and ``active`` only."""
    row = found(table.get(enrollment_id))
    field_name, parent_id = parent
    if getattr(row, field_name) != parent_id:
        errors.not_found()
    if request.method != "GET":
        table.update(row, **validated(ENROLL_UPDATE, partial=True))
    return ok(serializer(st, row))

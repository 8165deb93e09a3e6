"""What enrolling a domain member takes, for published courses and published paths alike.

SPEC: both `.../published-courses/{id}/enrollments` and `.../published-paths/{id}/published-path-enrollments`
take `{"user": {"id": ...}, "enrolled_at", "expires_at", "active", "purchase"}`, and only users with a
membership of the domain can be enrolled (the error text is an assumption: docs/skilljar.md).
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldErrors, invalid_pk
from ..models import Domain, User
from ..store import SkilljarState
from .body import validated
from .fields import ref, Bool, DateTime, Nested

ENROLL = {"user": ref(required=True),
          "enrolled_at": DateTime(), "expires_at": DateTime(allow_null=True), "active": Bool(allow_null=True),
          "purchase": Nested({}, allow_null=True)}
ENROLL_UPDATE = {"expires_at": DateTime(allow_null=True), "active": Bool()}


def member_to_enroll(st: SkilljarState, domain: Domain) -> tuple[User, dict[str, Any]]:
    """Validate the request body; the user (who must be a member of ``domain``) and the enroll options."""
    data = validated(ENROLL)
    user_id = data["user"]["id"]
    user = st.users.get(user_id)
    if user is None:
        raise FieldErrors({"user": {"id": invalid_pk(user_id)}})
    if st.membership(domain.name, user.id) is None:
        raise FieldErrors({"user": ["User must be a member of the domain to be enrolled."]})
    active = data.get("active")
    return user, {"enrolled_at": data.get("enrolled_at"), "expires_at": data.get("expires_at"),
                  "active": True if active is None else active}

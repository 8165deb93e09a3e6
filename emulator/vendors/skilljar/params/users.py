"""Bodies of /v1/users/{id} and a user's course progress."""

from __future__ import annotations

from typing import Any

from ..errors import FieldErrors
from ..models import User
from ..store import SkilljarState
from .fields import Char, Choice, DateTime, Email, Int, Nested

USER_UPDATE = {"email": Email(), "first_name": Char(max_length=50), "last_name": Char(max_length=50)}
PROGRESS = {
    "completed_at": DateTime(allow_null=True),
    "score": Int(min_value=0, max_value=2147483647, allow_null=True),
    "max_score": Int(min_value=0, max_value=2147483647, allow_null=True),
    "credits_earned": Char(max_length=20),
    "credit_unit_plural": Char(max_length=40),
    "success_status": Choice(("PASSED", "FAILED"), allow_null=True),
}
PROGRESS_UPDATE = {"published_course_id": Char(allow_blank=False), "course_progress": Nested(PROGRESS, partial=True)}


def check_user_update(st: SkilljarState, user: User, data: dict[str, Any]) -> None:
    """A new email must be no other user's."""
    if "email" in data:
        other = st.users.by("email", data["email"])
        if other is not None and other.id != user.id:
            raise FieldErrors({"email": ["user with this email already exists."]})

"""A TalentLMS tenant's tables and indexes, and the look-ups by key every layer shares.

Nothing here changes a table: every write is an operation in ``ops/``, which raises the vendor's
errors and publishes the domain events the timeline (``effects.py``) and the SCIM view subscribe to.
"""

from __future__ import annotations

from ...core.store import State, TableSpec
from .models import (Badge, Branch, Category, Certification, Course, CustomField, Enrollment, Group,
                     IltSession, LoginKey, TimelineEntry, Unit, UnitProgress, User)


class TalentState(State):
    tables = {
        "users": TableSpec(User, unique={"email": str.lower, "login": str.lower},
                           multi={"group_ids": int, "branch_ids": int}),
        # soft-deleted users ("The requested user is no longer available"), kept out of /users paging
        "deleted_users": TableSpec(User, multi={"email": str.lower, "login": str.lower}),
        "courses": TableSpec(Course, multi={"category_id": int, "name": str.lower}),
        "enrollments": TableSpec(Enrollment, unique={"key": str}, multi={"user_id": int, "course_id": int}),
        "units": TableSpec(Unit, multi={"course_id": int}),
        "unit_progress": TableSpec(UnitProgress, unique={"key": str},
                                   multi={"unit_id": int, "user_id": int, "course_id": int}),
        "ilt_sessions": TableSpec(IltSession, multi={"unit_id": int}),
        "categories": TableSpec(Category, multi={"parent_id": int}),
        "groups": TableSpec(Group, unique={"key": str}, multi={"course_ids": int}),
        "branches": TableSpec(Branch, unique={"name": str.lower}, multi={"course_ids": int}),
        "custom_fields": TableSpec(CustomField, unique={"key": str}, multi={"scope": str}),
        "certifications": TableSpec(Certification, unique={"key": str}, multi={"user_id": int}),
        "badges": TableSpec(Badge, multi={"user_id": int}),
        "timeline": TableSpec(TimelineEntry, multi={"action": str}),
        "login_keys": TableSpec(LoginKey, multi={"user_id": int}),
    }

    def counts(self) -> dict[str, int]:
        out = super().counts()
        out.pop("login_keys", None)
        return out

    def enrollment_of(self, user_id: int, course_id: int) -> Enrollment | None:
        return self.enrollments.by("key", f"{user_id}:{course_id}")

    def fields_for(self, scope: str) -> list[CustomField]:
        """The custom fields of ``user`` or ``course``, in their display order."""
        return sorted(self.custom_fields.where("scope", scope), key=lambda f: f.order)

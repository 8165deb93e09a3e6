"""A Lessonly company's tables, their indexes and look-ups by key. Nothing here changes state: every
write is in ``ops``."""

from __future__ import annotations

from typing import Any

from ...core.store import State, TableSpec
from .models import (Assignment, Course, CustomUserField, CustomUserFieldValue, Group, GroupAssignment, Lesson,
                     Path, Tag, User)

#: role name -> role_id. The DOCS samples mostly use 42 admin, 36 manager, 32 learner; creator's id is
#: not shown anywhere, so 34 is an assumption.
ROLE_IDS = {"admin": 42, "manager": 36, "creator": 34, "learner": 32}
ROLES_BY_ID = {v: k for k, v in ROLE_IDS.items()}

PATH_TYPE = "LearningPaths::Path"
ASSIGNABLE_TYPES = ("Lesson", PATH_TYPE, "Course")


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class LessonlyState(State):
    tables = {
        "users": TableSpec(User, unique={"email": _lower}, multi={"ext_uid": str, "sso_id": str}),
        "custom_user_fields": TableSpec(CustomUserField, unique={"name": _lower}),
        "custom_values": TableSpec(CustomUserFieldValue, multi={"user_id": int, "custom_user_field_id": int}),
        "groups": TableSpec(Group, multi={"member_ids": int, "manager_ids": int}),
        "tags": TableSpec(Tag),
        "lessons": TableSpec(Lesson, multi={"tag_ids": int}),
        "courses": TableSpec(Course, multi={"tag_ids": int}),
        "paths": TableSpec(Path, multi={"tag_ids": int}),
        "assignments": TableSpec(Assignment, multi={"assignee_id": int, "assignable_key": str}),
        "group_assignments": TableSpec(GroupAssignment, multi={"group_id": int}),
    }

    meta_defaults = {"company_settings": {"lesson_completed_callback_url": None,  # noqa: RUF012
                                          "lesson_completed_callback_authorization": None}}

    def settings(self) -> dict:
        """Company settings (the lesson-completed webhook), kept in ``meta`` so export/reset carry them.
        The first read puts the defaults in place; ``ops.update_callback_settings`` changes them."""
        return self.meta.setdefault("company_settings", dict(self.meta_defaults["company_settings"]))


def key_of(assignable_type: str, assignable_id: int) -> str:
    return f"{assignable_type}:{assignable_id}"


def user_by_email(state: LessonlyState, email: str) -> User | None:
    return state.users.by("email", email)


def custom_values(state: LessonlyState, user_id: int) -> list[CustomUserFieldValue]:
    return state.custom_values.where("user_id", user_id)


def user_groups(state: LessonlyState, user_id: int) -> tuple[list[Group], list[Group]]:
    return state.groups.where("member_ids", user_id), state.groups.where("manager_ids", user_id)


def assignments_for(state: LessonlyState, assignable_type: str, assignable_id: int) -> list[Assignment]:
    return state.assignments.where("assignable_key", key_of(assignable_type, assignable_id))


def status_of(assignment: Assignment, now: float) -> str:
    """The capitalised status Lessonly shows; "Overdue" is an incomplete assignment past its due date."""
    if assignment.state == "completed":
        return "Completed"
    if assignment.state == "grade_pending":
        return "Grade Pending"
    if assignment.due_by is not None and assignment.due_by < now:
        return "Overdue"
    return "Incomplete"

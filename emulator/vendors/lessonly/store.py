"""A Lessonly company's tables and its domain operations (which publish events).

Handlers validate input first (``params.py``) and then call these operations, which assume valid
input, so a refused request never writes anything. The SCIM profile builds on the same operations:
``user_by_email``, ``create_user``, ``update_user``, ``archive_user`` (SCIM deactivate) and
``restore_user`` (SCIM reactivate).

Events published on the tenant's bus: ``user.created``, ``user.updated``, ``user.archived``,
``user.restored``, ``user.deleted``, ``assignment.created``, ``assignment.completed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ...core.store import State, TableSpec
from .models import (Assignment, Course, CustomUserField, CustomUserFieldValue, Group, GroupAssignment, Lesson,
                     Path, Tag, User)

if TYPE_CHECKING:
    from ...core.tenants import Tenant

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

    def settings(self) -> dict:
        """Company settings (the lesson-completed webhook), kept in ``meta`` so export/reset carry them."""
        return self.meta.setdefault("company_settings", {"lesson_completed_callback_url": None,
                                                         "lesson_completed_callback_authorization": None})


def key_of(assignable_type: str, assignable_id: int) -> str:
    return f"{assignable_type}:{assignable_id}"


# --- users ---------------------------------------------------------------------------------------

def user_by_email(state: LessonlyState, email: str) -> User | None:
    return state.users.by("email", email)


def custom_values(state: LessonlyState, user_id: int) -> list[CustomUserFieldValue]:
    return state.custom_values.where("user_id", user_id)


def _set_custom_values(state: LessonlyState, user: User, entries: Iterable[dict]) -> None:
    """``entries`` are validated dicts {"field_id": int|None, "name": str|None, "value": str}.
    An unknown name creates the field; an existing value for the field is updated in place."""
    current = {v.custom_user_field_id: v for v in custom_values(state, user.id)}
    for entry in entries:
        field_id = entry.get("field_id")
        if field_id is None:
            found = state.custom_user_fields.by("name", entry["name"])
            if found is None:
                found = state.custom_user_fields.insert(
                    CustomUserField(state.next_id("custom_user_fields"), entry["name"]))
            field_id = found.id
        existing = current.get(field_id)
        if existing is None:
            current[field_id] = state.custom_values.insert(
                CustomUserFieldValue(state.next_id("custom_values"), user.id, field_id, entry["value"]))
        else:
            state.custom_values.update(existing, value=entry["value"])


def set_group_ids(state: LessonlyState, user: User, group_ids: list[int]) -> None:
    """The Stitchflow guide's replacement semantics (only behind the ``guide_group_ids`` switch)."""
    wanted = set(group_ids)
    for group in state.groups.where("member_ids", user.id):
        if group.id not in wanted:
            state.groups.update(group, member_ids=[m for m in group.member_ids if m != user.id])
    for gid in group_ids:
        group = state.groups.get(gid)
        if group is not None and user.id not in group.member_ids:
            state.groups.update(group, member_ids=[*group.member_ids, user.id])


def create_user(tenant: "Tenant", fields: dict, custom: list[dict] | None = None) -> User:
    """``fields`` are validated User attributes (name, email, role, role_id, ...)."""
    state: LessonlyState = tenant.state
    now = tenant.clock.now()
    user = User(id=state.next_id("users", 1), created_at=now, updated_at=now, **fields)
    state.users.insert(user)  # DuplicateKey on a taken email: callers check first
    if custom:
        _set_custom_values(state, user, custom)
    tenant.publish("user.created", user_id=user.id)
    return user


def update_user(tenant: "Tenant", user: User, fields: dict, custom: list[dict] | None = None) -> User:
    state: LessonlyState = tenant.state
    state.users.update(user, updated_at=tenant.clock.now(), **fields)
    if custom:
        _set_custom_values(state, user, custom)
    tenant.publish("user.updated", user_id=user.id)
    return user


def archive_user(tenant: "Tenant", user: User, by_user_id: int | None = None) -> User:
    """Archive (Lessonly's deactivation). Archiving an archived user keeps the first date."""
    if user.archived_at is None:
        now = tenant.clock.now()
        tenant.state.users.update(user, archived_at=now, archived_by_user_id=by_user_id, updated_at=now)
        tenant.publish("user.archived", user_id=user.id)
    return user


def restore_user(tenant: "Tenant", user: User) -> User:
    if user.archived_at is not None:
        tenant.state.users.update(user, archived_at=None, archived_by_user_id=None,
                                  updated_at=tenant.clock.now())
        tenant.publish("user.restored", user_id=user.id)
    return user


def delete_user(tenant: "Tenant", user: User) -> None:
    state: LessonlyState = tenant.state
    for group in state.groups.where("member_ids", user.id):
        state.groups.update(group, member_ids=[m for m in group.member_ids if m != user.id])
    for group in state.groups.where("manager_ids", user.id):
        state.groups.update(group, manager_ids=[m for m in group.manager_ids if m != user.id])
    for value in custom_values(state, user.id):
        state.custom_values.delete(value)
    for assignment in state.assignments.where("assignee_id", user.id):
        state.assignments.delete(assignment)
    state.users.delete(user)
    tenant.publish("user.deleted", user_id=user.id)


def user_groups(state: LessonlyState, user_id: int) -> tuple[list[Group], list[Group]]:
    return state.groups.where("member_ids", user_id), state.groups.where("manager_ids", user_id)


def change_memberships(state: LessonlyState, user: User, memberships: list[tuple[int, bool]],
                       managing: list[tuple[int, bool]]) -> None:
    """Additive: (group_id, remove) pairs; only ``remove`` drops an association (VCR user.update_groups)."""
    for pairs, attr in ((memberships, "member_ids"), (managing, "manager_ids")):
        for gid, remove in pairs:
            group = state.groups.get(gid)
            ids = getattr(group, attr)
            if remove and user.id in ids:
                state.groups.update(group, **{attr: [i for i in ids if i != user.id]})
            elif not remove and user.id not in ids:
                state.groups.update(group, **{attr: [*ids, user.id]})


# --- groups --------------------------------------------------------------------------------------

def create_group(tenant: "Tenant", name: str, members: list[int], managers: list[int]) -> Group:
    state: LessonlyState = tenant.state
    group = Group(state.next_id("groups", 1), name, _unique(members), _unique(managers),
                  created_at=tenant.clock.now())
    return state.groups.insert(group)


def update_group(state: LessonlyState, group: Group, name: str | None, members: list[tuple[int, bool]],
                 managers: list[tuple[int, bool]]) -> Group:
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = name
    for pairs, attr in ((members, "member_ids"), (managers, "manager_ids")):
        ids = list(getattr(group, attr))
        for uid, remove in pairs:
            if remove and uid in ids:
                ids.remove(uid)
            elif not remove and uid not in ids:
                ids.append(uid)
        changes[attr] = ids
    return state.groups.update(group, **changes)


def delete_group(state: LessonlyState, group: Group) -> None:
    for ga in state.group_assignments.where("group_id", group.id):
        state.group_assignments.delete(ga)
    state.groups.delete(group)


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


# --- archiving of content ------------------------------------------------------------------------

def set_archived(tenant: "Tenant", table_name: str, row: Any, archived: bool) -> Any:
    table = tenant.state.table(table_name)
    if archived and row.archived_at is None:
        table.update(row, archived_at=tenant.clock.now(), archived_by_user_id=None)
    elif not archived and row.archived_at is not None:
        table.update(row, archived_at=None, archived_by_user_id=None)
    return row


# --- assignments ---------------------------------------------------------------------------------

def assignments_for(state: LessonlyState, assignable_type: str, assignable_id: int) -> list[Assignment]:
    return state.assignments.where("assignable_key", key_of(assignable_type, assignable_id))


def assign(tenant: "Tenant", assignee_id: int, assignable_type: str, assignable_id: int,
           due_by: float | None) -> Assignment:
    """Create an assignment, or reassign an existing one if (and only if) it is completed.

    An existing incomplete assignment comes back unchanged (VCR lesson.assign re-sent a due date and got
    the old one back)."""
    state: LessonlyState = tenant.state
    now = tenant.clock.now()
    key = key_of(assignable_type, assignable_id)
    for existing in state.assignments.where("assignee_id", assignee_id):
        if existing.assignable_key != key:
            continue
        if existing.state == "completed":
            state.assignments.update(existing, state="incomplete", reassigned_at=now, started_at=None,
                                     completed_at=None, score=0, updated_at=now,
                                     due_by=due_by if due_by is not None else existing.due_by)
        return existing
    assignment = Assignment(state.next_id("assignments", 1), assignee_id, assignable_type, assignable_id, key,
                            due_by=due_by, assigned_at=now, updated_at=now, score=0)
    state.assignments.insert(assignment)
    tenant.publish("assignment.created", assignment_id=assignment.id)
    return assignment


def complete_assignment(tenant: "Tenant", assignment: Assignment, score: int = 100,
                        grade_pending: bool = False) -> Assignment:
    """Finish an assignment (the learner submitted the last step). Publishes ``assignment.completed``."""
    now = tenant.clock.now()
    tenant.state.assignments.update(
        assignment, state="grade_pending" if grade_pending else "completed",
        started_at=assignment.started_at if assignment.started_at is not None else now,
        completed_at=None if grade_pending else now, score=score, updated_at=now)
    if not grade_pending:
        tenant.publish("assignment.completed", assignment_id=assignment.id)
    return assignment


def status_of(assignment: Assignment, now: float) -> str:
    """The capitalised status Lessonly shows; "Overdue" is an incomplete assignment past its due date."""
    if assignment.state == "completed":
        return "Completed"
    if assignment.state == "grade_pending":
        return "Grade Pending"
    if assignment.due_by is not None and assignment.due_by < now:
        return "Overdue"
    return "Incomplete"

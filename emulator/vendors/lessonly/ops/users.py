"""Users: create, update, archive (Lessonly's deactivation), restore, delete, custom field values and
group memberships. Publishes ``user.created``, ``user.updated``, ``user.archived``, ``user.restored``
and ``user.deleted``; membership changes publish nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..models import CustomUserField, CustomUserFieldValue, User
from ..store import LessonlyState, custom_values

if TYPE_CHECKING:
    from ....core.tenants import Tenant


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


def set_group_ids(tenant: "Tenant", user: User, group_ids: list[int]) -> None:
    """The Stitchflow guide's replacement semantics (only behind the ``guide_group_ids`` switch)."""
    state: LessonlyState = tenant.state
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


def change_memberships(tenant: "Tenant", user: User, memberships: list[tuple[int, bool]],
                       managing: list[tuple[int, bool]]) -> None:
    """Additive: (group_id, remove) pairs; only ``remove`` drops an association (VCR user.update_groups)."""
    state: LessonlyState = tenant.state
    for pairs, attr in ((memberships, "member_ids"), (managing, "manager_ids")):
        for gid, remove in pairs:
            group = state.groups.get(gid)
            ids = getattr(group, attr)
            if remove and user.id in ids:
                state.groups.update(group, **{attr: [i for i in ids if i != user.id]})
            elif not remove and user.id not in ids:
                state.groups.update(group, **{attr: [*ids, user.id]})

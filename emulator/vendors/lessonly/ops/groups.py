"""Groups: create, update (members and managers, additive with ``remove``), delete. No events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Group
from ..store import LessonlyState

if TYPE_CHECKING:
    from ....core.tenants import Tenant


def create_group(tenant: "Tenant", name: str, members: list[int], managers: list[int]) -> Group:
    state: LessonlyState = tenant.state
    group = Group(state.next_id("groups", 1), name, _unique(members), _unique(managers),
                  created_at=tenant.clock.now())
    return state.groups.insert(group)


def update_group(tenant: "Tenant", group: Group, name: str | None, members: list[tuple[int, bool]],
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
    return tenant.state.groups.update(group, **changes)


def delete_group(tenant: "Tenant", group: Group) -> None:
    state: LessonlyState = tenant.state
    for ga in state.group_assignments.where("group_id", group.id):
        state.group_assignments.delete(ga)
    state.groups.delete(group)


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))

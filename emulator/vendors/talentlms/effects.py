"""Event subscribers: the timeline, which turns the tenant's domain events into ``gettimeline`` entries.

Event types are seed 004's Appendix B. Only the certification message is documented ("D. Dummy was
awarded a certification for the course my course #1", p.51); the other messages follow its pattern
and are ASSUMPTIONS (docs/talentlms.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .ops.timeline import add_entry

if TYPE_CHECKING:
    from ...core.events import Event
    from ...core.tenants import Tenant

# event → (timeline action, message template, object kind, secondary object kind)
MAPPING: dict[str, tuple[str, str, str | None, str | None]] = {
    "user.created": ("user_register_user", "{user} was registered", None, None),
    "user.login": ("user_login_user", "{user} signed in", None, None),
    "user.deleted": ("user_delete_user", "{user} was deleted", None, None),
    "user.updated": ("user_property_change", "{user} was updated", None, None),
    "user.deactivated": ("user_property_change", "{user} was deactivated", None, None),
    "course.created": ("course_create_course", "{user} created the course {object}", "course", None),
    "course.deleted": ("course_delete_course", "The course {object} was deleted", "course", None),
    "course.user_added": ("course_add_user", "{user} was added to the course {object}", "course", None),
    "course.user_removed": ("course_remove_user", "{user} was removed from the course {object}", "course", None),
    "course.completed": ("course_completion", "{user} completed the course {object}", "course", None),
    "course.progress_reset": ("course_reset_user_progress",
                              "The progress of {user} in the course {object} was reset", "course", None),
    "certification.issued": ("certification_issue_certification",
                             "{user} was awarded a certification for the course {object}", "course", None),
    "certification.removed": ("certification_remove_certification",
                              "The certification of {user} for the course {object} was removed", "course", None),
    "branch.created": ("branch_create_branch", "{user} created the branch {object}", "branch", None),
    "branch.deleted": ("branch_delete_branch", "The branch {object} was deleted", "branch", None),
    "branch.updated": ("branch_property_change", "The branch {object} was updated", "branch", None),
    "branch.user_added": ("branch_add_user", "{user} was added to the branch {object}", "branch", None),
    "branch.user_removed": ("branch_remove_user", "{user} was removed from the branch {object}", "branch", None),
    "branch.course_added": ("branch_add_course", "The course {object} was added to the branch {secondary}",
                            "course", "branch"),
    "group.created": ("group_create_group", "{user} created the group {object}", "group", None),
    "group.deleted": ("group_delete_group", "The group {object} was deleted", "group", None),
    "group.user_added": ("group_add_user", "{user} was added to the group {object}", "group", None),
    "group.user_removed": ("group_remove_user", "{user} was removed from the group {object}", "group", None),
    "group.course_added": ("group_add_course", "The course {object} was added to the group {secondary}",
                           "course", "group"),
    "unit.test_completed": ("unitprogress_test_completion", "{user} completed the test {object}", "unit", None),
    "unit.survey_completed": ("unitprogress_survey_completion", "{user} completed the survey {object}",
                              "unit", None),
}
TABLES = {"course": "courses", "branch": "branches", "group": "groups", "unit": "units"}


def subscribe(tenant: "Tenant") -> None:
    tenant.bus.subscribe("*", lambda event: record(tenant, event))


def record(tenant: "Tenant", event: "Event") -> None:
    spec = MAPPING.get(event.type)
    if spec is None:
        return
    action, template, kind, secondary_kind = spec
    state = tenant.state
    data = event.data
    user = None
    if data.get("user_id") is not None:
        user = state.users.get(data["user_id"]) or state.deleted_users.get(data["user_id"])
    obj_id, obj_name = _object(state, kind, data)
    sec_id, sec_name = _object(state, secondary_kind, data)
    short = f"{user.first_name[:1]}. {user.last_name}" if user else data.get("name", "-")
    filters = [f"{k[:-3]}:{data[k]}" for k in ("user_id", "course_id", "branch_id", "group_id", "unit_id")
               if data.get(k) is not None]
    add_entry(
        state, action=action,
        message=template.format(user=short, object=obj_name or "-", secondary=sec_name or "-"),
        time=event.time, user_id=user.id if user else None, user_username=user.login if user else None,
        user_email=user.email if user else None,
        user_fullname=f"{user.first_name} {user.last_name}" if user else None,
        object_id=obj_id, object_name=obj_name, secondary_object_id=sec_id, secondary_object_name=sec_name,
        filters=filters)


def _object(state, kind: str | None, data: dict[str, Any]) -> tuple[int | None, str | None]:
    if kind is None:
        return None, None
    obj_id = data.get(f"{kind}_id")
    if obj_id is None:
        return None, None
    row = state.table(TABLES[kind]).get(obj_id)
    return obj_id, row.name if row is not None else data.get("name")

"""Lessonly state built from recorded objects (issue #11): users (with custom field values), groups
(members and managers), tags, lessons, courses, paths and assignments, from the answers of the v1 and
v1.1 reads and writes that carry them. Lessonly wraps answers as ``{"type": "users", "users": [...]}``
and nests related objects (a group's members, a course's lessons, a path's contents) in details."""

from __future__ import annotations

from typing import Any, Iterable

from ...recording.rows import Found, Shape, Source, clone_tables, scim_resources, scim_user
from . import models

RECORDED_HOST = "api.lessonly.com"
_API = r"/api/v1(?:\.1)?"
_N = r"\d+"
PATH_TYPE = "LearningPaths::Path"

SHAPES = {
    "users": Shape(models.User, ignore=frozenset({"type", "resource_type", "custom_user_field_data", "groups"})),
    "custom_user_fields": Shape(models.CustomUserField),
    "custom_values": Shape(models.CustomUserFieldValue),
    "groups": Shape(models.Group, ignore=frozenset({"type", "resource_type", "members", "managers"})),
    "tags": Shape(models.Tag, ignore=frozenset({"resource_type"})),
    "lessons": Shape(models.Lesson, ignore=frozenset({"type", "resource_type", "tags", "links", "assignees_count",
                                                      "completed_count"})),
    "courses": Shape(models.Course, ignore=frozenset({"type", "resource_type", "tags", "links", "lessons",
                                                      "assignees_count", "completed_count"})),
    "paths": Shape(models.Path, ignore=frozenset({"type", "resource_type", "tags", "links", "contents",
                                                  "assignees_count", "completed_count"})),
    "group_assignments": Shape(models.GroupAssignment),
    "assignments": Shape(models.Assignment, ignore=frozenset({"resource_type", "ext_uid", "status"})),
}


def _items(body: Any, key: str) -> list[dict]:
    if isinstance(body, dict) and isinstance(body.get(key), list):
        return [item for item in body[key] if isinstance(item, dict)]
    if isinstance(body, dict) and "id" in body:
        return [body]
    return []


def _tags(obj: dict) -> tuple[list[Found], dict]:
    if "tags" not in obj:
        return [], {}
    tags = [t for t in obj["tags"] or [] if isinstance(t, dict) and "id" in t]
    return [Found("tags", t) for t in tags], {"tag_ids": [t["id"] for t in tags]}


def _user(obj: dict, created: bool = False) -> Iterable[Found]:
    yield Found("users", obj, created=created)
    for value in obj.get("custom_user_field_data") or []:
        if isinstance(value, dict) and "id" in value:
            yield Found("custom_user_fields", {"id": value.get("custom_user_field_id"), "name": value.get("name")})
            yield Found("custom_values", {"id": value["id"], "user_id": obj["id"],
                                          "custom_user_field_id": value.get("custom_user_field_id"),
                                          "value": value.get("value")}, created=created)
    groups = obj.get("groups")
    if isinstance(groups, dict):
        for kind, field_name in (("member", "member_ids"), ("manager", "manager_ids")):
            for group in groups.get(kind) or []:
                if isinstance(group, dict) and "id" in group:
                    yield Found("groups", {"id": group["id"]}, append={field_name: [obj["id"]]})


def _users(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for obj in _items(body, "users"):
            yield from _user(obj, created)
    return extract


def _groups(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for obj in _items(body, "groups"):
            extra = {}
            for key, field_name in (("members", "member_ids"), ("managers", "manager_ids")):
                if key in obj:
                    people = [u for u in obj[key] or [] if isinstance(u, dict) and "id" in u]
                    extra[field_name] = [u["id"] for u in people]
                    for person in people:
                        yield from _user(person)
            yield Found("groups", obj, created=created, extra=extra)
    return extract


def _user_groups(body, match, interaction) -> Iterable[Found]:
    uid = int(match.group("user"))
    for key, field_name in (("memberships", "member_ids"), ("managing", "manager_ids")):
        for group in body.get(key) or [] if isinstance(body, dict) else []:
            if isinstance(group, dict) and "id" in group:
                yield Found("groups", {k: v for k, v in group.items() if k != "resource_type"},
                            append={field_name: [uid]})


def _content(table: str, key: str):
    def extract(body, match, interaction) -> Iterable[Found]:
        for obj in _items(body, key):
            tags, extra = _tags(obj)
            yield from tags
            if table == "courses" and "lessons" in obj:
                lessons = [lesson for lesson in obj["lessons"] or [] if isinstance(lesson, dict) and "id" in lesson]
                extra["lesson_ids"] = [lesson["id"] for lesson in lessons]
                yield from (Found("lessons", lesson) for lesson in lessons)
            if table == "paths" and "contents" in obj:
                contents = []
                for item in obj["contents"] or []:
                    if not isinstance(item, dict):
                        continue
                    if item.get("resource_type") in ("lesson", "course"):
                        contents.append({"resource_type": item["resource_type"], "id": item.get("id")})
                        yield Found(item["resource_type"] + "s", {k: v for k, v in item.items()
                                                                  if k != "resource_type"})
                    else:
                        contents.append(dict(item))
                extra["contents"] = contents
            yield Found(table, obj, extra=extra)
    return extract


def _assignments(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for obj in _items(body, "assignments"):
            status = str(obj.get("status") or "").lower().replace(" ", "_")
            state = {"completed": "completed", "grade_pending": "grade_pending"}.get(status, "incomplete")
            extra = {"state": state} if status else {}
            if "assignable_type" in obj and "assignable_id" in obj:
                extra["assignable_key"] = f"{obj['assignable_type']}:{obj['assignable_id']}"
            yield Found("assignments", obj, created=created, extra=extra)
    return extract


def _group_assignments(body, match, interaction) -> Iterable[Found]:
    """GET /groups/{id}/assignments: a bare array of the content assigned to the group (its members
    get it when they join)."""
    group_id = int(match.group("group"))
    yield Found("groups", {"id": group_id})
    for obj in body if isinstance(body, list) else []:
        if isinstance(obj, dict) and "id" in obj:
            yield Found("group_assignments", obj, extra={"group_id": group_id})


def _scim_users(created: bool = False):
    """SCIM Users are Lessonly users: the name is given and family name together."""
    def extract(body, match, interaction) -> Iterable[Found]:
        for resource in scim_resources(body):
            u = scim_user(resource)
            name = " ".join(part for part in (u["given"], u["family"]) if part)
            data = {"id": u["id"], "email": u["email"] or u["userName"], "name": name or None,
                    "ext_uid": u["externalId"]}
            yield Found("users", {k: v for k, v in data.items() if v is not None}, created=created)
    return extract


SOURCES = [
    Source("GET", rf"/scim/v2/Users(?:/{_N})?/?", _scim_users()),
    Source("POST", r"/scim/v2/Users/?", _scim_users(created=True)),
    Source("GET", rf"{_API}/users(?:/{_N})?/?", _users()),
    Source("POST", rf"{_API}/users/?", _users(created=True)),
    Source("PUT", rf"{_API}/users/{_N}(?:/archive|/restore)?/?", _users()),
    Source("GET", rf"{_API}/users/(?P<user>{_N})/groups/?", _user_groups),
    Source("GET", rf"{_API}/groups(?:/{_N})?/?", _groups()),
    Source("POST", rf"{_API}/groups/?", _groups(created=True)),
    Source("GET", rf"{_API}/lessons(?:/{_N})?/?", _content("lessons", "lessons")),
    Source("GET", rf"{_API}/courses(?:/{_N})?/?", _content("courses", "courses")),
    Source("GET", rf"{_API}/paths(?:/{_N})?/?", _content("paths", "paths")),
    Source("GET", rf"{_API}/tags/?", lambda b, m, i: (Found("tags", t) for t in _items(b, "tags"))),
    Source("GET", rf"{_API}/groups/(?P<group>{_N})/assignments/?", _group_assignments),
    Source("GET", rf"{_API}/(?:users|lessons|courses|paths)/{_N}/assignments(?:/\w+)?/?", _assignments()),
    Source("GET", rf"{_API}/assignments(?:/\w+)?/?", _assignments()),
    Source("POST", rf"{_API}/(?:users|lessons|courses|paths)/{_N}/assignments/?", _assignments(created=True)),
]


def clone(interactions, as_of: str = "end") -> tuple[dict, list[str]]:
    """(state export, report) for ``Tenant.import_``."""
    tables, report = clone_tables(interactions, SOURCES, SHAPES, as_of)
    return {"tables": tables}, report

"""TalentLMS state built from recorded objects (issue #11): users (with their enrolments, branches,
groups, badges and custom fields), courses (with their units and learners), categories, groups and
branches, from the answers of the REST reads and writes that carry them. Wire forms are read back
into the models' types: string ids, ``"0"``/``"1"``, ``DD/MM/YYYY, HH:MM:SS`` dates (the domain's
order), ``&#36;0.00`` prices, ``custom_field_N`` keys."""

from __future__ import annotations

from typing import Any, Iterable

from ...recording.rows import (Context, Found, Shape, Source, clone_tables, parse_price, parse_time,
                                scim_resources, scim_user)
from . import models

RECORDED_HOST = "demo.talentlms.com"
_ACTION = r"/api/v1/(?i:{})(?:/.*)?/?"


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _price(value: Any, ctx: Context) -> dict:
    return {"price": parse_price(value)}


SHAPES = {
    "users": Shape(models.User, ignore=frozenset({"login_key", "last_updated_timestamp", "courses", "branches",
                                                  "groups", "certifications", "badges", "avatar"})),
    "courses": Shape(models.Course, renames={"creation_date": "created_on", "last_update_on": "updated_on"},
                     converters={"price": _price,
                                 "shared_url": lambda v, ctx: {"shared_key": str(v or "").rsplit("key:", 1)[-1]
                                                               if "key:" in str(v or "") else ""},
                                 "prerequisites": lambda v, ctx: {"prerequisite_ids": [
                                     i for i in (_int(p.get("course_id", p.get("id"))) if isinstance(p, dict)
                                                 else _int(p) for p in v or []) if i is not None]}},
                     ignore=frozenset({"users", "units", "avatar", "big_avatar", "prerequisite_rule_sets"})),
    "enrollments": Shape(models.Enrollment, pk="key"),
    "units": Shape(models.Unit, ignore=frozenset({"url"})),
    "categories": Shape(models.Category, renames={"parent_category_id": "parent_id"}, converters={"price": _price},
                        ignore=frozenset({"courses"})),
    "groups": Shape(models.Group, converters={"price": _price}, ignore=frozenset({"users", "courses"})),
    "branches": Shape(models.Branch, ignore=frozenset({"users", "courses", "avatar", "user_type_id"})),
    "custom_fields": Shape(models.CustomField, pk="key"),
    "badges": Shape(models.Badge, pk="key"),
    "certifications": Shape(models.Certification),
}


def _customs(obj: dict, scope: str, into: list[Found]) -> dict[str, str]:
    custom = {}
    for key, value in obj.items():
        if key.startswith("custom_field_") and key[13:].isdigit():
            if value is not None:
                custom[key] = str(value)
            into.append(Found("custom_fields", {"key": f"{scope}:{key}", "scope": scope, "name": key,
                                                "type": "text", "order": int(key[13:])}))
    return custom


def _enrollment(user_id: int, course_id: int, item: dict, ctx: Context) -> Found:
    data: dict[str, Any] = {"key": f"{user_id}:{course_id}", "user_id": user_id, "course_id": course_id}
    if "role" in item:
        data["role"] = item["role"]
    if "enrolled_on_timestamp" in item or "enrolled_on" in item:
        data["enrolled_on"] = parse_time(item.get("enrolled_on_timestamp") or item.get("enrolled_on"), ctx) or 0.0
    if "completion_status" in item:
        data["status"] = item["completion_status"]
    if "completion_percentage" in item:
        data["percentage"] = _int(item["completion_percentage"]) or 0
    for name in ("completed_on", "expired_on"):
        if name in item or f"{name}_timestamp" in item:
            data[name] = parse_time(item.get(f"{name}_timestamp") or item.get(name), ctx)
    if "total_time_seconds" in item:
        data["total_time"] = None if item.get("total_time") is None else _int(item["total_time_seconds"])
    return Found("enrollments", data)


def _users(body: Any, match, interaction, created: bool = False) -> Iterable[Found]:
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) and "id" in body else []
    ctx = Context()
    for obj in items:
        if not isinstance(obj, dict) or _int(obj.get("id")) is None:
            continue
        uid = _int(obj["id"])
        out: list[Found] = []
        extra: dict[str, Any] = {"custom": _customs(obj, "user", out)}
        if "branches" in obj:
            extra["branch_ids"] = [_int(b["id"]) for b in obj["branches"] if isinstance(b, dict)]
        if "groups" in obj:
            extra["group_ids"] = [_int(g["id"]) for g in obj["groups"] if isinstance(g, dict)]
        yield Found("users", obj, created=created, extra=extra)
        for table in ("branches", "groups"):  # what the user names exists, even if never read itself
            for item in obj.get(table) or []:
                if isinstance(item, dict) and _int(item.get("id")) is not None:
                    yield Found(table, {"id": item["id"], "name": item.get("name", "")})
        for item in obj.get("courses") or []:
            if isinstance(item, dict) and _int(item.get("id")) is not None:
                yield Found("courses", {"id": item["id"], "name": item.get("name", "")})
                yield _enrollment(uid, _int(item["id"]), item, ctx)
        for n, badge in enumerate(obj.get("badges") or []):
            if isinstance(badge, dict):
                image = str(badge.get("image_url", "")).rsplit("/badges/set1/", 1)[-1]
                yield Found("badges", {"key": f"{uid}:{n}", "user_id": uid, "name": badge.get("name", ""),
                                       "type": badge.get("type", ""), "criteria": badge.get("criteria", ""),
                                       "image": image, "issued": parse_time(badge.get("issued_on_timestamp"), ctx),
                                       "badge_set_id": _int(badge.get("badge_set_id")) or 1})
        for cert in obj.get("certifications") or []:
            if isinstance(cert, dict) and _int(cert.get("course_id")) is not None:
                yield Found("certifications", {
                    "id": _int(str(cert.get("download_url", "")).rsplit("id:", 1)[-1]),
                    "key": f"{uid}:{_int(cert['course_id'])}", "user_id": uid, "course_id": _int(cert["course_id"]),
                    "unique_id": str(cert.get("unique_id", "")),
                    "issued": parse_time(cert.get("issued_date_timestamp"), ctx),
                    "expires": None if cert.get("expiration_date") == "Never"
                    else parse_time(cert.get("expiration_date_timestamp"), ctx),
                    "signature": str(cert.get("public_url", "")).rsplit("sig:", 1)[-1]})
        yield from out


def _courses(body: Any, match, interaction, created: bool = False) -> Iterable[Found]:
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) and "id" in body else []
    ctx = Context()
    for obj in items:
        if not isinstance(obj, dict) or _int(obj.get("id")) is None:
            continue
        cid = _int(obj["id"])
        out: list[Found] = []
        yield Found("courses", obj, created=created, extra={"custom": _customs(obj, "course", out)})
        for item in obj.get("users") or []:
            if isinstance(item, dict) and _int(item.get("id")) is not None:
                yield _enrollment(_int(item["id"]), cid, item, ctx)
        for position, unit in enumerate(obj.get("units") or []):
            if isinstance(unit, dict) and _int(unit.get("id")) is not None:
                yield Found("units", unit, extra={"course_id": cid, "position": position})
        yield from out


def _plain(table: str, created: bool = False, member_field: str | None = None):
    """Categories, groups, branches; a group's or branch's ``users`` and ``courses`` are memberships."""
    def extract(body: Any, match, interaction) -> Iterable[Found]:
        items = body if isinstance(body, list) else [body] if isinstance(body, dict) and "id" in body else []
        for obj in items:
            if not isinstance(obj, dict) or _int(obj.get("id")) is None:
                continue
            own = _int(obj["id"])
            courses = [c for c in obj.get("courses") or [] if isinstance(c, dict) and _int(c.get("id")) is not None]
            yield Found(table, obj, created=created,
                        extra={"course_ids": [_int(c["id"]) for c in courses]} if member_field and "courses" in obj
                        else {})
            for course in courses:  # a category lists whole courses; a group or branch their ids and names
                yield Found("courses", course, extra={"category_id": own} if table == "categories" else {})
            for user in obj.get("users") or [] if member_field else []:
                if isinstance(user, dict) and _int(user.get("id")) is not None:
                    yield Found("users", {"id": _int(user["id"])}, append={member_field: [own]})
    return extract


def _enrolled(body: Any, match, interaction) -> Iterable[Found]:
    """addusertocourse answers the enrolment(s) it made: a creation."""
    for item in body if isinstance(body, list) else [body]:
        if isinstance(item, dict) and _int(item.get("user_id")) is not None and _int(item.get("course_id")) is not None:
            uid, cid = _int(item["user_id"]), _int(item["course_id"])
            yield Found("enrollments", {"key": f"{uid}:{cid}", "user_id": uid, "course_id": cid,
                                        "role": item.get("role", "learner")}, created=True)


def _scim_users(created: bool = False):
    """SCIM Users are TalentLMS users: userName is the login."""
    def extract(body: Any, match, interaction) -> Iterable[Found]:
        for resource in scim_resources(body):
            u = scim_user(resource)
            data = {"id": u["id"], "login": u["userName"], "first_name": u["given"], "last_name": u["family"],
                    "email": u["email"], "created_on": u["created"], "last_updated": u["modified"]}
            if u["active"] is not None:
                data["status"] = "active" if u["active"] else "inactive"
            yield Found("users", {k: v for k, v in data.items() if v is not None}, created=created)
    return extract


SOURCES = [
    Source("GET", r"/scim/v2/Users(?:/\d+)?/?", _scim_users()),
    Source("POST", r"/scim/v2/Users/?", _scim_users(created=True)),
    Source("PUT", r"/scim/v2/Users/\d+/?", _scim_users()),
    Source("PATCH", r"/scim/v2/Users/\d+/?", _scim_users()),
    Source("POST", _ACTION.format("addusertocourse"), _enrolled),
    Source("GET", _ACTION.format("users"), _users),
    Source("POST", _ACTION.format("users"), _users),
    Source("POST", _ACTION.format("usersignup"), lambda b, m, i: _users(b, m, i, created=True)),
    Source("POST", _ACTION.format("edituser"), _users),
    Source("GET", _ACTION.format("courses"), _courses),
    Source("POST", _ACTION.format("createcourse"), lambda b, m, i: _courses(b, m, i, created=True)),
    Source("GET", _ACTION.format("categories"), _plain("categories")),
    Source("GET", _ACTION.format("groups"), _plain("groups", member_field="group_ids")),
    Source("POST", _ACTION.format("creategroup"), _plain("groups", created=True)),
    Source("GET", _ACTION.format("branches"), _plain("branches", member_field="branch_ids")),
    Source("POST", _ACTION.format("createbranch"), _plain("branches", created=True)),
]


def clone(interactions, as_of: str = "end") -> tuple[dict, list[str]]:
    """(state export, report) for ``Tenant.import_``."""
    tables, report = clone_tables(interactions, SOURCES, SHAPES, as_of)
    for name in ("enrollments", "custom_fields", "badges"):  # keyed while merging; numbered now
        for n, row in enumerate(tables.get(name, []), start=1):
            row["id"] = n
    for row in tables.get("badges", []):
        row.pop("key", None)
    fields = sorted(tables.get("custom_fields", []), key=lambda r: (r["scope"], r["order"]))
    for n, row in enumerate(fields, start=1):
        row["id"] = n
    tables["custom_fields"] = fields
    for row in tables.get("groups", []):
        if not row["key"]:  # a group only seen by name: its key is unique in the tenant
            row["key"] = f"clone{row['id']}"
    return {"tables": tables}, report

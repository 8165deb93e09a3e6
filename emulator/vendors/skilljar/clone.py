"""Skilljar state built from recorded objects (issue #11): users (and their domain memberships),
domains, courses and their labels, published courses and paths, plans, course enrolments with their
progress, groups, group categories and memberships, webhooks, from the answers of the v1 reads and
writes that carry them.
Skilljar nests a learner as ``{"user": {...}}`` in most rows and a course inside its publication;
both sides are taken apart here."""

from __future__ import annotations

import hashlib
from typing import Any, Iterable

from ...recording.rows import Found, Shape, Source, clone_tables, scim_resources, scim_user
from . import models

RECORDED_HOST = "api.skilljar.com"
_D = r"(?P<domain>[^/]+)"
_ID = r"[0-9a-z]+"


def _results(body: Any) -> list:
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return body["results"]
    if isinstance(body, list):
        return body
    return [body] if isinstance(body, dict) else []


def _derived_id(*parts: str) -> str:
    """A Skilljar-looking id (13 lowercase base-36 characters) for a row the recordings never name."""
    number = int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while len(out) < 13:
        number, digit = divmod(number, 36)
        out += alphabet[digit]
    return "z" + out[1:]


SHAPES = {
    "users": Shape(models.User, ignore=frozenset({"full_name"})),
    "domains": Shape(models.Domain, ignore=frozenset({"private"})),
    "domain_users": Shape(models.DomainUser),
    "labels": Shape(models.Label),
    "courses": Shape(models.Course, ignore=frozenset({"labels"})),
    "published_courses": Shape(models.PublishedCourse, ignore=frozenset({"course", "offer", "course_url"})),
    "enrollments": Shape(models.Enrollment),
    "groups": Shape(models.Group, ignore=frozenset({"user_count", "sign_up_field_rule"})),
    "group_members": Shape(models.GroupMember),
    "group_categories": Shape(models.GroupCategory),
    "published_paths": Shape(models.PublishedPath, ignore=frozenset({"path", "path_url", "offer"})),
    "plans": Shape(models.Plan, renames={"name": "title"}),
    "webhooks": Shape(models.Webhook),
}


def _user(row: dict, created: bool = False) -> Iterable[Found]:
    """A user row of /v1/users (``{"user": {...}, "signed_up_at": ...}``) or a nested ``user``."""
    user = row.get("user") if isinstance(row.get("user"), dict) else None
    if user is None or not user.get("id"):
        return
    data = dict(user)
    for key in ("signed_up_at", "latest_activity", "inactive_at"):
        if key in row:
            data[key] = row[key]
    yield Found("users", data, created=created)


def _users(body, match, interaction) -> Iterable[Found]:
    for row in _results(body):
        if isinstance(row, dict):
            yield from _user(row)


def _domain_users(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        domain = match.group("domain")
        for row in _results(body):
            if not isinstance(row, dict) or not isinstance(row.get("user"), dict):
                continue
            uid = row["user"].get("id")
            yield from _user(row, created)
            yield Found("domain_users", {"id": f"{domain}|{uid}", "domain_name": domain, "user_id": uid,
                                         **{k: row[k] for k in ("active", "marketing_optin", "enrolled_at",
                                                                "expires_at") if k in row}}, created=created)
    return extract


def _domains(body, match, interaction) -> Iterable[Found]:
    for row in _results(body):
        if isinstance(row, dict) and row.get("id"):
            yield Found("domains", row)


def _courses(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for row in _results(body):
            if not isinstance(row, dict) or not row.get("id"):
                continue
            labels = [str(name) for name in row.get("labels") or []]
            for name in labels:
                yield Found("labels", {"id": _derived_id("label", name), "name": name})
            extra = {"label_ids": [_derived_id("label", name) for name in labels]} if "labels" in row else {}
            yield Found("courses", row, created=created, extra=extra)
    return extract


def _published(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        domain = match.group("domain")
        for row in _results(body):
            if not isinstance(row, dict) or not row.get("id") or not isinstance(row.get("course"), dict):
                continue
            course = row["course"]
            yield Found("courses", course)
            yield Found("published_courses", row, created=created,
                        extra={"course_id": course.get("id"), "domain_name": domain})
    return extract


def _published_paths(created: bool = False):
    """A published path nests its learning path (title, description, item count)."""
    def extract(body, match, interaction) -> Iterable[Found]:
        domain = match.group("domain")
        for row in _results(body):
            if not isinstance(row, dict) or not row.get("id"):
                continue
            path = row.get("path") if isinstance(row.get("path"), dict) else {}
            extra = {"domain_name": domain}
            for key, name in (("id", "path_id"), ("title", "title"), ("short_description", "short_description"),
                              ("path_item_count", "course_count")):
                if key in path:
                    extra[name] = path[key] if key != "path_item_count" else int(path[key] or 0)
            yield Found("published_paths", row, created=created, extra=extra)
    return extract


def _plans(body, match, interaction) -> Iterable[Found]:
    for row in _results(body):
        if isinstance(row, dict) and row.get("id"):
            yield Found("plans", row, extra={"domain_name": match.group("domain")})


def _webhooks(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for row in _results(body):
            if isinstance(row, dict) and row.get("id") and "target_url" in row:
                yield Found("webhooks", row, created=created)
    return extract


def _enrollments(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        domain, pcid = match.group("domain"), match.group("pc")
        for row in _results(body):
            if not isinstance(row, dict) or not row.get("id") or not isinstance(row.get("user"), dict):
                continue
            yield from _user(row)
            yield Found("enrollments", {k: v for k, v in row.items() if k != "user"}, created=created,
                        extra={"published_course_id": pcid, "user_id": row["user"].get("id"), "domain_name": domain})
    return extract


def _progress(body, match, interaction) -> Iterable[Found]:
    """GET /v1/users/{id}/published-courses[/{pcid}]: an enrolment with its course progress."""
    uid = match.group("user")
    for row in _results(body):
        if not isinstance(row, dict) or not row.get("enrollment_id"):
            continue
        data = {"id": row["enrollment_id"], "published_course_id": row.get("published_course_id"),
                "user_id": uid, "domain_name": row.get("domain_name"), "enrolled_at": row.get("enrolled_at")}
        data.update(row.get("course_progress") or {})
        yield Found("enrollments", data)
        if isinstance(row.get("course"), dict):
            yield Found("courses", row["course"])


def _groups(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for row in _results(body):
            if isinstance(row, dict) and row.get("id"):
                yield Found("groups", row, created=created)
    return extract


def _group_members(body, match, interaction) -> Iterable[Found]:
    gid = match.group("group")
    for row in _results(body):
        if isinstance(row, dict) and isinstance(row.get("user"), dict):
            uid = row["user"].get("id")
            yield from _user(row)
            yield Found("group_members", {"id": _derived_id("member", gid, uid), "group_id": gid, "user_id": uid,
                                          "created_at": row.get("created_at")})


def _user_groups(body, match, interaction) -> Iterable[Found]:
    uid = match.group("user")
    for row in _results(body):
        if isinstance(row, dict) and isinstance(row.get("group"), dict):
            gid = row["group"].get("id")
            yield Found("groups", row["group"])
            yield Found("group_members", {"id": _derived_id("member", gid, uid), "group_id": gid, "user_id": uid,
                                          "created_at": row.get("joined_at")})


def _categories(body, match, interaction) -> Iterable[Found]:
    for row in _results(body):
        if isinstance(row, dict) and row.get("id"):
            yield Found("group_categories", row)


def _scim_users(created: bool = False):
    """SCIM Users are Skilljar users: userName is the email; an inactive one was deactivated when last
    modified."""
    def extract(body, match, interaction) -> Iterable[Found]:
        for resource in scim_resources(body):
            u = scim_user(resource)
            data = {"id": u["id"], "email": u["email"] or u["userName"], "first_name": u["given"],
                    "last_name": u["family"], "signed_up_at": u["created"], "latest_activity": u["modified"],
                    "external_id": u["externalId"]}
            if u["active"] is not None:
                data["inactive_at"] = None if u["active"] else u["modified"]
            yield Found("users", {k: v for k, v in data.items() if v is not None or k == "inactive_at"},
                        created=created)
    return extract


def _scim_groups(created: bool = False):
    def extract(body, match, interaction) -> Iterable[Found]:
        for resource in scim_resources(body):
            gid = resource["id"]
            meta = resource.get("meta") if isinstance(resource.get("meta"), dict) else {}
            yield Found("groups", {"id": gid, "name": resource.get("displayName"), "created_at": meta.get("created"),
                                   "external_id": resource.get("externalId")}, created=created)
            for member in resource.get("members") or []:
                if isinstance(member, dict) and member.get("value"):
                    yield Found("group_members", {"id": _derived_id("member", gid, member["value"]), "group_id": gid,
                                                  "user_id": member["value"], "created_at": meta.get("created")})
    return extract


def _collection(path: str, extract) -> list[Source]:
    """Reads of a collection and of one row (GET), and creations in it (POST)."""
    return [Source("GET", rf"{path}(?:/{_ID})?/?", extract()), Source("POST", rf"{path}/?", extract(created=True))]


_PC = rf"/v1/domains/{_D}/published-courses"
SOURCES = [
    Source("GET", rf"/scim/v2/Users(?:/{_ID})?/?", _scim_users()),
    Source("POST", r"/scim/v2/Users/?", _scim_users(created=True)),
    Source("GET", rf"/scim/v2/Groups(?:/{_ID})?/?", _scim_groups()),
    Source("POST", r"/scim/v2/Groups/?", _scim_groups(created=True)),
    Source("GET", rf"/v1/users(?:/{_ID})?/?", _users),
    Source("GET", rf"/v1/domains/{_D}/users(?:/{_ID})?/?", _domain_users()),
    Source("POST", rf"/v1/domains/{_D}/users/?", _domain_users(created=True)),
    Source("GET", r"/v1/domains(?:/(?P<domain>[^/]+))?/?", _domains),
    *_collection("/v1/courses", _courses),
    *_collection(_PC, _published),
    Source("GET", rf"{_PC}/(?P<pc>{_ID})/enrollments(?:/{_ID})?/?", _enrollments()),
    Source("POST", rf"{_PC}/(?P<pc>{_ID})/enrollments/?", _enrollments(created=True)),
    Source("GET", rf"/v1/users/(?P<user>{_ID})/published-courses(?:/{_ID})?/?", _progress),
    *_collection("/v1/groups", _groups),
    Source("GET", rf"/v1/groups/(?P<group>{_ID})/users/?", _group_members),
    Source("GET", rf"/v1/users/(?P<user>{_ID})/groups/?", _user_groups),
    Source("GET", rf"/v1/group-categories(?:/{_ID})?/?", _categories),
    *_collection(rf"/v1/domains/{_D}/published-paths", _published_paths),
    Source("GET", rf"/v1/domains/{_D}/plan(?:/{_ID})?/?", _plans),
    *_collection("/v1/webhooks", _webhooks),
    *(Source(method, rf"/v1/webhooks/{_ID}/?", _webhooks()) for method in ("PUT", "PATCH")),
]


def clone(interactions, as_of: str = "end") -> tuple[dict, list[str]]:
    """(state export, report) for ``Tenant.import_``."""
    tables, report = clone_tables(interactions, SOURCES, SHAPES, as_of)
    if not tables.get("domains"):  # users join a domain when created: a tenant has at least one
        from . import DEMO_DOMAIN

        tables["domains"] = [{"id": _derived_id("domain", DEMO_DOMAIN), "name": DEMO_DOMAIN}]
        report.append(f"domains: none in the recordings; added {DEMO_DOMAIN} (new users join it)")
    return {"tables": tables}, report

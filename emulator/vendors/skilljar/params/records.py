"""What a table-driven request names: the parent rows of its path (404 when one is missing), the rows
its body links to (DRF's ``Invalid pk`` when one is missing) and its query filters. Reads the tenant,
writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request

from ..errors import FieldErrors, NotFound, invalid_pk
from ..models import Record
from ..store import SkilljarState
from .fields import DateTime, Invalid
from .table import Operation, canonical


def _enrollment(st: SkilljarState, values: dict[str, str], key: str) -> Any:
    for row in st.enrollments.where("user_id", values["user_id"]):
        if row.published_course_id == key:
            return row
    return None


#: collections whose rows live in the hand-kept tables: how their detail parameter finds a row
HAND_KEPT: dict[str, Callable[[SkilljarState, dict[str, str], str], Any]] = {
    "/v1/domains": lambda st, v, k: st.domain(k),
    "/v1/domains/{}/published-courses": lambda st, v, k: st.published_course_of(v["domain_name"], k),
    "/v1/domains/{}/published-paths": lambda st, v, k: st.published_path_of(v["domain_name"], k),
    "/v1/domains/{}/users": lambda st, v, k: st.membership(st.domain(v["domain_name"]).name, k)
    if st.domain(v["domain_name"]) else None,
    "/v1/domains/{}/plan": lambda st, v, k: st.plan_of(v["domain_name"], k),
    "/v1/users": lambda st, v, k: st.users.get(k),
    "/v1/users/{}/published-courses": _enrollment,
    "/v1/groups": lambda st, v, k: st.groups.get(k),
    "/v1/courses": lambda st, v, k: st.courses.get(k),
    "/v1/labels": lambda st, v, k: st.labels.get(k),
    "/v1/webhooks": lambda st, v, k: st.webhooks.get(k),
}


@dataclass
class Place:
    """Where a request's rows live: its parents (resolved), the scope of its collection, and the
    ids a new row belongs to."""

    parents: list
    scope: str
    ancestors: list
    values: dict
    parent_values: list


def scope_of(kind: str, values: list[str]) -> str:
    return kind + "|" + "/".join(values)


def find(st: SkilljarState, kind: str, values: dict[str, str], parent_values: list[str], key: str) -> Any:
    if kind in HAND_KEPT:
        return HAND_KEPT[kind](st, values, key)
    return st.record_at(scope_of(kind, parent_values), key)


def place(st: SkilljarState, operation: Operation, values: dict[str, str]) -> Place:
    """Resolve every parent in the path (each must exist, else 404)."""
    parents, ancestors, seen = [], [], []
    names = operation.params[:-1] if operation.detail else operation.params
    for name in names:
        prefix = operation.path.split("{" + name + "}")[0].rstrip("/")
        row = find(st, canonical(prefix), values, list(seen), values[name])
        if row is None:
            raise NotFound()
        parents.append(row)
        ancestors.append(row.id)
        seen.append(values[name])
    return Place(parents, scope_of(operation.kind, seen), ancestors, values, seen)


def target(st: SkilljarState, operation: Operation, where: Place) -> Any:
    """The row a detail route names, or 404."""
    row = find(st, operation.kind, where.values, where.parent_values, where.values[operation.params[-1]])
    if row is None:
        raise NotFound()
    return row


# links in bodies: field -> where its ids live (a hand-kept table or a table-driven kind)
LINKS: dict[str, str] = {
    "course_id": "courses", "course": "courses", "lesson_id": "/v1/lessons", "lesson": "/v1/lessons",
    "content_asset_id": "/v1/assets", "content_quiz_id": "/v1/quizzes", "quiz": "/v1/quizzes",
    "content_web_package_id": "/v1/web-packages", "quiz_question_bank": "/v1/question-banks",
    "multi_session_event": "/v1/ilt-multi-session-events", "promo_code_pool_id": "/v1/promo-code-pools",
    "domain_id": "domains", "item_catalog_page_id": "/v1/domains/{}/catalog-pages",
    "item_published_path_id": "published_paths", "item_published_course_id": "published_courses",
    "item_plan_id": "plans", "enrollment_id": "enrollments", "vilt_session": "/v1/ilt-sessions",
    "tag": "/v1/tags", "student_group": "groups", "student_groups": "groups", "label": "labels",
    "published_course": "published_courses", "signup_field": "/v1/domains/{}/signup-fields",
    "access_code_pool": "/v1/domains/{}/access-code-pools", "student": "users", "user": "users",
    "offers": "/v1/offers", "offer_ids": "/v1/offers", "path": "/v1/paths", "web_package_id": "/v1/web-packages",
}
#: links that own the row: deleting the linked row deletes this one (Django's on_delete=CASCADE)
OWNERS = ("course_id", "lesson_id", "lesson", "quiz", "quiz_question_bank", "multi_session_event",
          "vilt_session", "promo_code_pool_id", "enrollment_id")


def _ids(value: Any) -> tuple[list[str], bool]:
    """The ids a body value names, and whether it named them as ``{"id": ...}`` objects."""
    items = value if isinstance(value, list) else [value]
    out, nested = [], False
    for item in items:
        if isinstance(item, dict):
            nested = True
            item = item.get("id")
        if isinstance(item, str) and item:
            out.append(item)
    return out, nested


def linked_rows(st: SkilljarState, data: dict[str, Any], kind: str = "", own_key: str | None = None) -> list[str]:
    """Check every link in a validated body (400 ``Invalid pk`` for a missing row, all at once); the
    ids of the rows that own the new row. ``own_key`` is a link collection's key field when the
    collection's own ``id`` field is a link (a promo-code pool's offers)."""
    problems: dict[str, Any] = {}
    owners = []
    for name, value in data.items():
        where = LINKS.get(name) or ("/v1/offers" if name == "id" and own_key == "id" else None)
        if where is None or value is None:
            continue
        ids, nested = _ids(value)
        for key in ids:
            if st.row_of(where, key) is None:
                problems[name] = {"id": invalid_pk(key)} if nested and not isinstance(value, list) else invalid_pk(key)
                break
            if name in OWNERS:
                owners.append(key)
    if problems:
        raise FieldErrors(problems)
    return owners


# query filters
#: a filter's first part naming a field of another name (a registration's ``session`` is its ``vilt_session``)
ALIASES = {"session": "vilt_session"}


def _at(st: SkilljarState, data: dict[str, Any], name: str) -> Any:
    """A filter's value in a row: ``session__id`` reads ``session.id`` or ``session_id``; a part that
    names another row (``session__lesson__course__id``) is followed into that row."""
    if name in data:
        return data[name]
    head, _, rest = name.partition("__")
    if not rest:
        return None
    if rest == "id" and f"{head}_id" in data:
        return data[f"{head}_id"]
    inner = data.get(head, data.get(ALIASES.get(head, ""), data.get(f"{head}_id")))
    if isinstance(inner, dict) and set(inner) == {"id"} and rest != "id":
        inner = inner["id"]
    if isinstance(inner, str):
        if rest == "id":
            return inner
        inner = st.linked(inner)
    return _at(st, inner, rest) if isinstance(inner, dict) else None


def _same(have: Any, want: str) -> bool:
    if isinstance(have, bool):
        return (want in ("true", "True", "1")) == have if want in ("true", "True", "1", "false", "False", "0") \
            else True
    return have is not None and str(have) == want


def filtered(st: SkilljarState, rows: list[Record], operation: Operation) -> list[Record]:
    """The rows every query filter of the operation that the request gives lets through (exact match,
    as django-filter's default; ``__gte``/``__lte`` compare dates)."""
    for name in operation.query:
        want = request.args.get(name)
        if want is None or want == "":
            continue
        if name.endswith(("__gte", "__lte")):
            try:
                bound = DateTime().convert(want)
            except Invalid:
                continue
            field_name, later = name[:-5], name.endswith("__gte")
            rows = [r for r in rows if isinstance(r.data.get(field_name), (int, float))
                    and (r.data[field_name] >= bound if later else r.data[field_name] <= bound)]
            continue
        rows = [r for r in rows if _same(_at(st, r.data, name), want)]
    return rows

"""Domains, domain users (the real way to create a user) and published courses (their enrollments:
enrollments.py)."""

from __future__ import annotations

from flask import Blueprint, request

from .. import serialize
from ..params.body import validated
from ..params.domains import (
    BULK,
    DOMAIN_UPDATE,
    DOMAIN_USER_CREATE,
    DOMAIN_USER_UPDATE,
    access_code_of,
    course_to_publish,
    published_fields,
)
from ..params.query import query_bool
from . import kept
from .common import found, no_content, ok, ops, paginate_list, route, state

#: the query parameters that filter a domain's users (with none, a page is kept whole per table versions)
DOMAIN_USER_FILTERS = ("active", "user__email", "user__first_name", "user__last_name", "access_code",
                       "access_code__code", "access_code__id", "access_code__pool__id", "signup_field_id",
                       "signup_field_label", "signup_field_value")


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/domains", ["GET"])
    def domains_list():
        return paginate_list(list(state().domains), kept.DOMAIN, which=("domains",))

    @route(bp, "/v1/domains/<dom:domain_name>", ["GET", "PUT", "PATCH"])
    def domain_detail(domain_name: str):
        domain = found(state().domain(domain_name))
        if request.method != "GET":
            ops().update_domain(domain, **validated(DOMAIN_UPDATE, partial=request.method == "PATCH"))
        return ok(serialize.domain(domain))

    @route(bp, "/v1/domains/<dom:domain_name>/users", ["GET", "POST"])
    def domain_users(domain_name: str):
        st = state()
        domain = found(st.domain(domain_name))
        if request.method == "POST":
            data = validated(DOMAIN_USER_CREATE)
            user = data["user"]
            membership, _created = ops().add_to_domain(
                domain, user["email"], user.get("first_name"), user.get("last_name"),
                active=data.get("active", True), marketing_optin=data.get("marketing_optin"),
                expires_at=data.get("expires_at"))
            # 201 whether the user was new or known: an existing user's details come back unchanged (SPEC).
            return ok(serialize.domain_user(st, membership, detail=True, token=True), 201)
        rows = st.domain_users.where("domain_name", domain.name)
        args = request.args
        with_fields = query_bool("include_signup_field_data") is True
        render = kept.DOMAIN_USER_FIELDS if with_fields else kept.DOMAIN_USER
        if not any(name in args for name in DOMAIN_USER_FILTERS):
            return paginate_list(rows, render, which=("domain_users", domain.name))
        active = query_bool("active")
        email = args.get("user__email")
        first, last = args.get("user__first_name"), args.get("user__last_name")
        rows = _by_signup_field(st, _by_access_code(st, rows))
        if email is not None or first is not None or last is not None:
            picked = []
            for row in rows:
                user = st.users.get(row.user_id)
                if user is None:
                    continue
                if email is not None and user.email.lower() != email.lower():
                    continue
                if (first is not None and user.first_name != first) or (last is not None and user.last_name != last):
                    continue
                picked.append(row)
            rows = picked
        if active is not None:
            rows = [r for r in rows if r.active == active]
        return paginate_list(rows, render)

    @route(bp, "/v1/domains/<dom:domain_name>/users/bulk-create", ["POST"])
    def domain_users_bulk(domain_name: str):
        domain = found(state().domain(domain_name))
        data = validated(BULK)  # all users validated first; one bad user rejects the whole request
        for item in data["users"]:
            ops().add_to_domain(domain, item["email"], item.get("first_name"), item.get("last_name"),
                                active=item.get("active", True), marketing_optin=item.get("marketing_optin"),
                                expires_at=item.get("expires_at"))
        # SPEC: "queued for async processing and returns 202 Accepted". The emulator processes at once.
        # The 202 body is not documented: an empty body (assumption, docs/skilljar.md).
        return no_content(202)

    @route(bp, "/v1/domains/<dom:domain_name>/users/<b36:user_id>", ["GET", "PUT", "PATCH"])
    def domain_user_detail(domain_name: str, user_id: str):
        st = state()
        domain = found(st.domain(domain_name))
        membership = found(st.membership(domain.name, user_id))
        if request.method == "GET":
            return ok(kept.DOMAIN_USER_DETAIL.one(st, membership))
        data = validated(DOMAIN_USER_UPDATE, partial=True)  # "Both PUT and PATCH perform partial updates."
        given = "access_code" in data
        code = data.pop("access_code", None)
        record = access_code_of(st, domain, code) if code is not None else None
        if record is not None and record.id != membership.access_code_id:
            user = st.users.get(membership.user_id)
            ops().use_access_code(domain, user.email, record)
        elif given and code is None:
            data["access_code_id"] = None  # "removed by setting to null"
        ops().update_membership(membership, **data)
        return ok(serialize.domain_user(st, membership, detail=True, token=True))

    @route(bp, "/v1/domains/<dom:domain_name>/published-courses", ["GET", "POST"])
    def published_courses(domain_name: str):
        st = state()
        domain = found(st.domain(domain_name))
        if request.method == "POST":
            data = validated(published_fields(create=True))
            course = course_to_publish(st, domain, data.pop("course")["id"])
            row = ops().publish_course(domain, course, **data)
            return ok(serialize.published_course(st, row), 201)
        rows = st.published_courses.where("domain_name", domain.name)
        course_id = request.args.get("course__id")
        if course_id is not None:
            rows = [r for r in rows if r.course_id == course_id]
        search = request.args.get("search")
        if search:
            words = search.lower().split()
            rows = [r for r in rows if all(w in (st.courses.get(r.course_id).title.lower()) for w in words)]
        return paginate_list(rows, kept.PUBLISHED_COURSE)

    @route(bp, "/v1/domains/<dom:domain_name>/published-courses/<b36:published_course_id>",
           ["GET", "PUT", "PATCH", "DELETE"])
    def published_course_detail(domain_name: str, published_course_id: str):
        st = state()
        row = found(st.published_course_of(domain_name, published_course_id))
        if request.method == "DELETE":
            ops().unpublish(row)
            return no_content()
        if request.method in ("PUT", "PATCH"):
            ops().update_published_course(row, **validated(published_fields(create=False),
                                                           partial=request.method == "PATCH"))
            return ok(serialize.published_course(st, row))
        return ok(kept.PUBLISHED_COURSE_DETAIL.one(st, row))


def _by_access_code(st, rows: list) -> list:
    """The ``access_code``, ``access_code__code``, ``__id`` and ``__pool__id`` filters."""
    args = request.args
    wanted = {name: args.get(name) for name in ("access_code", "access_code__code", "access_code__id",
                                                 "access_code__pool__id") if args.get(name)}
    if not wanted:
        return rows
    picked = []
    for row in rows:
        code = st.records.get(row.access_code_id) if row.access_code_id else None
        if code is None:
            continue
        facts = {"access_code": code.id, "access_code__id": code.id, "access_code__code": code.data.get("code"),
                 "access_code__pool__id": code.ancestors[-1] if code.ancestors else None}
        if all(facts[name] == value for name, value in wanted.items()):
            picked.append(row)
    return picked


def _by_signup_field(st, rows: list) -> list:
    """The ``signup_field_id``, ``signup_field_label`` and ``signup_field_value`` filters: members with a
    value for a sign-up field that matches every one given (one value row)."""
    args = request.args
    wanted = {name: args.get(name) for name in ("signup_field_id", "signup_field_label", "signup_field_value")
              if args.get(name)}
    if not wanted:
        return rows
    picked = []
    for row in rows:
        for value in st.signup_values(row.domain_name, row.user_id):
            field = st.records.get(value.key)
            facts = {"signup_field_id": value.key, "signup_field_value": value.data.get("value"),
                     "signup_field_label": field.data.get("label") if field else None}
            if all(facts[name] == want for name, want in wanted.items()):
                picked.append(row)
                break
    return picked

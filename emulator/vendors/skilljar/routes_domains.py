"""Domains, domain users (the real way to create a user), published courses and enrollments."""

from __future__ import annotations

import re

from flask import Blueprint, Response, request

from . import errors, serialize
from .fields import Bool, Char, DateTime, Email, ListOf, Nested
from .models import PublishedCourse
from .enrolling import member_to_enroll, one_enrollment
from .web import found, no_content, ok, ops, paginate_list, query_bool, route, state, validated

DOMAIN_UPDATE = {"catalog_title": Char(max_length=255), "access_code_message_html": Char(),
                 "marketing_message": Char()}
DOMAIN_USER_CREATE = {
    "user": Nested({"email": Email(required=True), "first_name": Char(max_length=50),
                    "last_name": Char(max_length=50)}, required=True),
    "active": Bool(),
    "marketing_optin": Bool(allow_null=True),
    "expires_at": DateTime(allow_null=True),
}
DOMAIN_USER_UPDATE = {"active": Bool(), "expires_at": DateTime(allow_null=True),
                      "access_code": Nested({"id": Char(required=True, allow_blank=False)}, allow_null=True)}
BULK_USER = {"email": Email(required=True), "first_name": Char(max_length=150), "last_name": Char(max_length=150),
             "active": Bool(default=True, has_default=True), "marketing_optin": Bool(allow_null=True),
             "expires_at": DateTime(allow_null=True)}
BULK = {"users": ListOf(Nested(BULK_USER), required=True, min_length=1, max_length=1000)}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
PUBLISH_FLAGS = ("hidden", "strict_enforce_group_visibility", "registration_required",
                 "restrict_access_start_end_dates", "allow_self_service_reenroll",
                 "unique_progress_per_enrollment", "require_all_prerequisites")


class Slug(Char):
    def check(self, text: str) -> str:
        if not SLUG.match(text):
            from .fields import Invalid

            raise Invalid(["Enter a valid value."])
        return text


def _published_fields(create: bool) -> dict:
    fields = {name: Bool() for name in PUBLISH_FLAGS}
    fields.update({"slug": Slug(max_length=100), "registration_starts_at": DateTime(allow_null=True),
                   "registration_ends_at": DateTime(allow_null=True)})
    if create:
        fields["course"] = Nested({"id": Char(required=True, allow_blank=False)}, required=True)
    return fields




def register(bp: Blueprint) -> None:
    def domain_or_404(domain_name: str):
        return found(state().domains.by("name", domain_name))

    @route(bp, "/v1/domains", ["GET"])
    def domains_list():
        return paginate_list(list(state().domains), serialize.domain)

    @route(bp, "/v1/domains/<dom:domain_name>", ["GET", "PUT", "PATCH"])
    def domain_detail(domain_name: str):
        domain = domain_or_404(domain_name)
        if request.method != "GET":
            state().domains.update(domain, **validated(DOMAIN_UPDATE, partial=request.method == "PATCH"))
        return ok(serialize.domain(domain))

    @route(bp, "/v1/domains/<dom:domain_name>/users", ["GET", "POST"])
    def domain_users(domain_name: str):
        st = state()
        domain = domain_or_404(domain_name)
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
        active = query_bool("active")
        email = args.get("user__email")
        first, last = args.get("user__first_name"), args.get("user__last_name")
        if args.get("access_code__code") or args.get("access_code__id") or args.get("access_code__pool__id"):
            rows = []  # no membership used an access code
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
        with_fields = query_bool("include_signup_field_data") is True
        return paginate_list(rows, lambda r: serialize.domain_user(st, r, signup_fields=with_fields))

    @route(bp, "/v1/domains/<dom:domain_name>/users/bulk-create", ["POST"])
    def domain_users_bulk(domain_name: str):
        domain = domain_or_404(domain_name)
        data = validated(BULK)  # all users validated first; one bad user rejects the whole request
        for item in data["users"]:
            ops().add_to_domain(domain, item["email"], item.get("first_name"), item.get("last_name"),
                                active=item.get("active", True), marketing_optin=item.get("marketing_optin"),
                                expires_at=item.get("expires_at"))
        # SPEC: "queued for async processing and returns 202 Accepted". The emulator processes at once.
        # The 202 body is not documented: an empty body (assumption, docs/skilljar.md).
        response = Response(b"", status=202)
        response.headers.pop("Content-Type", None)
        return response

    @route(bp, "/v1/domains/<dom:domain_name>/users/<b36:user_id>", ["GET", "PUT", "PATCH"])
    def domain_user_detail(domain_name: str, user_id: str):
        st = state()
        domain = domain_or_404(domain_name)
        membership = found(st.membership(domain.name, user_id))
        if request.method == "GET":
            return ok(serialize.domain_user(st, membership, detail=True))
        data = validated(DOMAIN_USER_UPDATE, partial=True)  # "Both PUT and PATCH perform partial updates."
        code = data.pop("access_code", None)
        if code is not None:  # access codes are not emulated: none exists
            errors.fields({"access_code": {"id": [f'Invalid pk "{code["id"]}" - object does not exist.']}})
        ops().update_membership(membership, **data)
        return ok(serialize.domain_user(st, membership, detail=True, token=True))

    @route(bp, "/v1/domains/<dom:domain_name>/published-courses", ["GET", "POST"])
    def published_courses(domain_name: str):
        st = state()
        domain = domain_or_404(domain_name)
        if request.method == "POST":
            data = validated(_published_fields(create=True))
            course_id = data.pop("course")["id"]
            course = st.courses.get(course_id)
            if course is None:
                errors.fields({"course": {"id": [f'Invalid pk "{course_id}" - object does not exist.']}})
            if any(p.course_id == course.id for p in st.published_courses.where("domain_name", domain.name)):
                errors.fields({"non_field_errors": ["This course is already published to this domain."]})
            slug = data.pop("slug", None) or _slug(course.title, course.id)
            row = st.published_courses.insert(PublishedCourse(id=st.new_id(), course_id=course.id,
                                                              domain_name=domain.name, slug=slug,
                                                              created_at=ops().now(), **data))
            return ok(serialize.published_course(st, row), 201)
        rows = st.published_courses.where("domain_name", domain.name)
        course_id = request.args.get("course__id")
        if course_id is not None:
            rows = [r for r in rows if r.course_id == course_id]
        search = request.args.get("search")
        if search:
            words = search.lower().split()
            rows = [r for r in rows if all(w in (st.courses.get(r.course_id).title.lower()) for w in words)]
        return paginate_list(rows, lambda r: serialize.published_course(st, r))

    def published_or_404(domain_name: str, published_course_id: str):
        domain = domain_or_404(domain_name)
        row = found(state().published_courses.get(published_course_id))
        if row.domain_name != domain.name:
            errors.not_found()
        return domain, row

    @route(bp, "/v1/domains/<dom:domain_name>/published-courses/<b36:published_course_id>",
           ["GET", "PUT", "PATCH", "DELETE"])
    def published_course_detail(domain_name: str, published_course_id: str):
        st = state()
        _domain, row = published_or_404(domain_name, published_course_id)
        if request.method == "DELETE":
            ops().unpublish(row)
            return no_content()
        if request.method in ("PUT", "PATCH"):
            st.published_courses.update(row, **validated(_published_fields(create=False),
                                                         partial=request.method == "PATCH"))
            return ok(serialize.published_course(st, row))
        return ok(serialize.published_course(st, row, detail=True))

    @route(bp, "/v1/domains/<dom:domain_name>/published-courses/<b36:published_course_id>/enrollments",
           ["GET", "POST"])
    def enrollments(domain_name: str, published_course_id: str):
        st = state()
        domain, published = published_or_404(domain_name, published_course_id)
        if request.method == "GET":
            rows = st.enrollments.where("published_course_id", published.id)
            return paginate_list(rows, lambda r: serialize.enrollment(st, r))
        user, options = member_to_enroll(st, domain)
        row, _created = ops().enroll(published, user, **options)
        return ok(serialize.enrollment(st, row), 201)

    @route(bp, "/v1/domains/<dom:domain_name>/published-courses/<b36:published_course_id>/enrollments/"
               "<b36:enrollment_id>", ["GET", "PUT", "PATCH"])
    def enrollment_detail(domain_name: str, published_course_id: str, enrollment_id: str):
        st = state()
        _domain, published = published_or_404(domain_name, published_course_id)
        return one_enrollment(st, st.enrollments, enrollment_id, ("published_course_id", published.id),
                                 serialize.enrollment)


def _slug(title: str, course_id: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:6] or ["course"]
    return "-".join(words + [course_id])

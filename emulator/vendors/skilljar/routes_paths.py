"""Published learning paths on a domain and their enrollments (a REST way to PATH_ENROLLMENT)."""

from __future__ import annotations

from flask import Blueprint, request

from . import errors, serialize
from .fields import Bool, Char, DateTime, Nested
from .web import found, ok, ops, paginate_list, route, state, validated

ENROLL = {"user": Nested({"id": Char(required=True, allow_blank=False)}, required=True),
          "enrolled_at": DateTime(), "expires_at": DateTime(allow_null=True), "active": Bool(allow_null=True),
          "purchase": Nested({}, allow_null=True)}
ENROLL_UPDATE = {"expires_at": DateTime(allow_null=True), "active": Bool()}


def register(bp: Blueprint) -> None:
    def path_or_404(domain_name: str, published_path_id: str):
        domain = found(state().domains.by("name", domain_name))
        row = found(state().published_paths.get(published_path_id))
        if row.domain_name != domain.name:
            errors.not_found()
        return domain, row

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths", ["GET"])
    def published_paths(domain_name: str):
        st = state()
        domain = found(st.domains.by("name", domain_name))
        rows = st.published_paths.where("domain_name", domain.name)
        search = request.args.get("search")
        if search:
            words = search.lower().split()
            rows = [r for r in rows if all(w in r.title.lower() for w in words)]
        return paginate_list(rows, serialize.published_path)

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>", ["GET"])
    def published_path(domain_name: str, published_path_id: str):
        return ok(serialize.published_path(path_or_404(domain_name, published_path_id)[1]))

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>/published-path-enrollments",
           ["GET", "POST"])
    def path_enrollments(domain_name: str, published_path_id: str):
        st = state()
        domain, path = path_or_404(domain_name, published_path_id)
        if request.method == "GET":
            rows = [r for r in st.path_enrollments if r.published_path_id == path.id]
            return paginate_list(rows, lambda r: serialize.path_enrollment(st, r))
        data = validated(ENROLL)
        user_id = data["user"]["id"]
        user = st.users.get(user_id)
        if user is None:
            errors.fields({"user": {"id": [f'Invalid pk "{user_id}" - object does not exist.']}})
        if st.membership(domain.name, user.id) is None:
            # SPEC: "Only users with an existing domain membership can be enrolled." Text: assumption.
            errors.fields({"user": ["User must be a member of the domain to be enrolled."]})
        active = data.get("active")
        row = ops().enroll_path(path, user, enrolled_at=data.get("enrolled_at"), expires_at=data.get("expires_at"),
                                active=True if active is None else active)
        return ok(serialize.path_enrollment(st, row), 201)

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>/published-path-enrollments/"
               "<b36:enrollment_id>", ["GET", "PUT", "PATCH"])
    def path_enrollment(domain_name: str, published_path_id: str, enrollment_id: str):
        st = state()
        _domain, path = path_or_404(domain_name, published_path_id)
        row = found(st.path_enrollments.get(enrollment_id))
        if row.published_path_id != path.id:
            errors.not_found()
        if request.method != "GET":
            st.path_enrollments.update(row, **validated(ENROLL_UPDATE, partial=True))
        return ok(serialize.path_enrollment(st, row))

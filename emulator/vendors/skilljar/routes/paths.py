"""Published learning paths on a domain and their enrollments (a REST way to PATH_ENROLLMENT)."""

from __future__ import annotations

from flask import Blueprint, request

from .. import serialize
from ..params.enrollments import member_to_enroll
from .common import found, ok, ops, paginate_list, route, state
from .enrollments import one_enrollment


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/domains/<dom:domain_name>/published-paths", ["GET"])
    def published_paths(domain_name: str):
        st = state()
        domain = found(st.domain(domain_name))
        rows = st.published_paths.where("domain_name", domain.name)
        search = request.args.get("search")
        if search:
            words = search.lower().split()
            rows = [r for r in rows if all(w in r.title.lower() for w in words)]
        return paginate_list(rows, serialize.published_path)

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>", ["GET"])
    def published_path(domain_name: str, published_path_id: str):
        return ok(serialize.published_path(found(state().published_path_of(domain_name, published_path_id))))

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>/published-path-enrollments",
           ["GET", "POST"])
    def path_enrollments(domain_name: str, published_path_id: str):
        st = state()
        path = found(st.published_path_of(domain_name, published_path_id))
        if request.method == "GET":
            rows = [r for r in st.path_enrollments if r.published_path_id == path.id]
            return paginate_list(rows, lambda r: serialize.path_enrollment(st, r))
        user, options = member_to_enroll(st, found(st.domain(domain_name)))
        row = ops().enroll_path(path, user, **options)
        return ok(serialize.path_enrollment(st, row), 201)

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>/published-path-enrollments/"
               "<b36:enrollment_id>", ["GET", "PUT", "PATCH"])
    def path_enrollment(domain_name: str, published_path_id: str, enrollment_id: str):
        st = state()
        path = found(st.published_path_of(domain_name, published_path_id))
        return one_enrollment(st.path_enrollments, enrollment_id, ("published_path_id", path.id),
                              serialize.path_enrollment)

"""Published learning paths on a domain (their enrollments, a REST way to PATH_ENROLLMENT: enrollments.py)."""

from __future__ import annotations

from flask import Blueprint, request

from .. import serialize
from .common import found, ok, paginate_list, route, state


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

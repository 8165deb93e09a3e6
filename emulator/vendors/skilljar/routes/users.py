"""Organisation-wide users: /v1/ping and /v1/users/... (SPEC paths; shapes in serialize.py)."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from .. import serialize
from ..errors import NotFound
from ..params.body import validated
from ..params.query import query_bool
from ..params.users import PROGRESS_UPDATE, USER_UPDATE, check_user_update
from ....core.rendered import json_array
from . import kept
from .common import cursor_page, found, no_content, ok, ops, paginate, paginate_list, route, state


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/ping", ["GET"])
    def ping():
        return no_content(200)  # GS-START: an empty 200 when authenticated

    @route(bp, "/v1/users", ["GET"])
    def users_list():
        st = state()
        args = request.args
        email = args.get("email")
        first, last = args.get("first_name"), args.get("last_name")
        inactive = query_bool("is_inactive")
        # SPEC: cursor pagination unless ?page=N is passed; the default (switch users_pagination=page)
        # always answers the page envelope with count, which every observed client reads (dossier §7.8).
        cursor = g.tenant.switch("users_pagination") == "cursor" and "page" not in args
        pager = cursor_page if cursor else paginate
        if email is None and first is None and last is None and inactive is None:
            return pager(len(st.users), st.users.page, kept.OVERVIEW, which=("users",))
        if email is not None:  # exact match, case-insensitive like Django's email lookups (CSA-PKG find_learner)
            hit = st.users.by("email", email)
            rows = [hit] if hit is not None else []
        else:
            rows = list(st.users)
        rows = [u for u in rows if (first is None or u.first_name == first) and (last is None or u.last_name == last)
                and (inactive is None or (u.inactive_at is not None) == inactive)]
        return pager(len(rows), lambda offset, limit: rows[offset: offset + limit], kept.OVERVIEW)

    @route(bp, "/v1/users/<b36:user_id>", ["GET", "PUT", "PATCH"])
    def user_detail(user_id: str):
        st = state()
        user = found(st.users.get(user_id))
        if request.method == "GET":
            return ok(kept.OVERVIEW.one(st, user))
        data = validated(USER_UPDATE, partial=True)  # "Both PUT and PATCH perform partial updates."
        check_user_update(st, user, data)
        ops().update_user(user, **data)
        return ok(serialize.user_update(user))

    @route(bp, "/v1/users/<b36:user_id>/anonymize", ["POST"])
    def user_anonymize(user_id: str):
        st = state()
        user = found(st.users.get(user_id))
        ops().anonymize(user)
        return ok(serialize.user_overview(st, user))

    @route(bp, "/v1/users/<b36:user_id>/groups", ["GET"])
    def user_groups(user_id: str):
        st = state()
        found(st.users.get(user_id))
        rows = st.group_members.where("user_id", user_id)
        return paginate_list(rows, kept.GROUP_MEMBERSHIP)

    @route(bp, "/v1/users/<b36:user_id>/published-courses", ["GET"])
    def user_published_courses(user_id: str):
        st = state()
        found(st.users.get(user_id))
        return _progress_list(st.enrollments.where("user_id", user_id), kept.USER_PUBLISHED_COURSE)

    @route(bp, "/v1/users/<b36:user_id>/published-courses/<b36:published_course_id>", ["GET", "PUT", "PATCH"])
    def user_published_course(user_id: str, published_course_id: str):
        st = state()
        found(st.users.get(user_id))
        enrollment = _progress_row(user_id, published_course_id)
        if request.method == "GET":
            return ok(kept.USER_PUBLISHED_COURSE.one(st, enrollment))
        data = validated(PROGRESS_UPDATE, partial=True)  # "Both PUT and PATCH perform partial updates."
        changes = data.get("course_progress") or {}
        ops().record_progress(enrollment, **changes)
        return ok(serialize.user_published_course(st, enrollment))

    @route(bp, "/v1/users/<b36:user_id>/published-courses/<b36:published_course_id>/lessons", ["GET"])
    def user_published_course_lessons(user_id: str, published_course_id: str):
        # In SPEC, but 404 on the live API (CSA block-11 plan, probed 2026-08-28).
        raise NotFound()

    @route(bp, "/v1/users/<b36:user_id>/published-path-enrollments", ["GET"])
    def user_path_enrollments(user_id: str):
        st = state()
        found(st.users.get(user_id))
        return _progress_list(st.path_enrollments.where("user_id", user_id), kept.USER_PATH_ENROLLMENT)

    @route(bp, "/v1/users/<b36:user_id>/plan-enrollments", ["GET"])
    def user_plan_enrollments(user_id: str):
        st = state()
        found(st.users.get(user_id))
        return _progress_list(st.plan_enrollments.where("user_id", user_id), kept.USER_PLAN_ENROLLMENT)


def _progress_list(rows: list, render: kept.Kept) -> Response:
    """Live: a bare JSON array of every row, no pagination (CSA-PKG, verified 2026-08-28); the
    ``progress_list_shape=envelope`` switch gives the DRF envelope the YAML document declares."""
    if g.tenant.switch("progress_list_shape") == "envelope":
        return paginate_list(rows, render)
    return ok(json_array(render.texts(state(), rows)))


def _progress_row(user_id: str, published_course_id: str):
    """The enrollment behind /v1/users/{uid}/published-courses/{pcid}.

    Live quirk (CSA-PKG get_learner_progress, observed 2026-08-28): the lookup goes through the
    underlying course, so when the course is published to two domains the user's *other*
    publication may come back with a 200. Switch ``progress_by_course`` (default true) keeps it;
    false resolves by the publication itself.
    """
    st = state()
    published = found(st.published_courses.get(published_course_id))
    mine = st.enrollments.where("user_id", user_id)
    if g.tenant.switch("progress_by_course"):
        same_course = {p.id for p in st.published_courses.where("course_id", published.course_id)}
        rows = [e for e in mine if e.published_course_id in same_course]
    else:
        rows = [e for e in mine if e.published_course_id == published.id]
    return found(rows[0] if rows else None)

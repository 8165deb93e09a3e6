"""Assignments across the company, company settings, and ping (DOCS ``_assignments``,
``_company_settings``; VCR ping)."""

from __future__ import annotations

from flask import Blueprint, g, request

from ....core.waits import waits_outside
from .. import ops
from .. import params as P
from .. import serialize as S
from ..errors import LessonlyError
from ..params import paging, params
from ..store import status_of
from .respond import ok, view

V1 = "/api/v1"
V11 = "/api/v1.1"
#: the path segment of /assignments/:status → the capitalised status it selects
STATUSES = {"incomplete": "Incomplete", "completed": "Completed", "overdue": "Overdue",
            "grade_pending": "Grade Pending"}


def _list(v11: bool, status: str | None = None):
    """Paginated, "in no particular order" (DOCS): here, creation order."""
    v = view()
    page, per_page = paging()
    table = g.tenant.state.assignments
    predicates = []
    since_raw = request.args.get("gt[updated_at]")
    if since_raw:
        since = P.timestamp(since_raw)
        if since is None:
            raise LessonlyError(400)
        predicates.append(lambda a: a.updated_at > since)
    if v11 and request.args.get("filter[group_id]"):
        gid = P.integer(request.args["filter[group_id]"])
        group = g.tenant.state.groups.get(gid) if gid is not None else None
        members = set(group.member_ids) if group else set()  # current members only (DOCS)
        predicates.append(lambda a: a.assignee_id in members)
    if status is not None:
        wanted = STATUSES[status]
        predicates.append(lambda a: status_of(a, v.now) == wanted)
    offset = (page - 1) * per_page
    if predicates:
        rows = [a for a in table if all(p(a) for p in predicates)]
        total, chunk = len(rows), rows[offset: offset + per_page]
    else:
        total, chunk = len(table), table.page(offset, per_page)
    return ok(S.paginated("assignments", "assignments", [S.assignment(a, v, v11=v11) for a in chunk], total, page,
                          per_page))


def register(bp: Blueprint) -> None:
    @bp.get(f"{V1}/ping")
    def ping():
        return ok({"response": "pong"})  # VCR ping.json; not in DOCS

    @bp.get(f"{V1}/assignments")
    def assignments():
        return _list(False)

    @bp.get(f"{V11}/assignments")
    def assignments_v11():
        return _list(True)

    @bp.get(f"{V1}/assignments/<status>")
    def assignments_by_status(status: str):
        if status not in STATUSES:
            raise LessonlyError(404)
        return _list(False, status)

    @bp.put(f"{V1}/company_settings")
    @waits_outside  # resolves the callback URL's host (core/targets.py)
    def company_settings():
        settings = ops.update_callback_settings(g.tenant, P.callback_settings(params()))
        # echoes both keys and has no "type" (DOCS _company_settings)
        return ok({"lesson_completed_callback_url": settings["lesson_completed_callback_url"],
                   "lesson_completed_callback_authorization": settings["lesson_completed_callback_authorization"]})

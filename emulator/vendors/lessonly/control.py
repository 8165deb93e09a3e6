"""Lessonly-only control routes under ``/_emulator/lessonly/`` (no auth, not rate limited).

- ``POST /assignments/<id>/complete`` ``{"score": 0-100, "grade_pending": false, "tenant": name}``:
  the learner finishes the assignment; a lesson assignment fires the lesson-completed webhook.
- ``POST /assignments/<id>/start``: the learner opens it (sets ``started_at``).
- ``POST /group_assignments`` ``{"group_id", "assignable_type", "assignable_id"}``: content assigned to
  a group in the app (the API has no route for it; ``GET /groups/:id/assignments`` lists them).
"""

from __future__ import annotations

from flask import Blueprint

from ...core.control import control_error, request_body, request_tenant
from ...core.http import json_response
from . import ops
from . import serialize as S
from .store import PATH_TYPE


def make_control_blueprint() -> Blueprint:
    bp = Blueprint("lessonly_control", __name__)

    def no_assignment(tenant, assignment_id: int):
        return control_error(404, f"no assignment {assignment_id} in tenant {tenant.name!r}")

    @bp.post("/assignments/<int:assignment_id>/complete")
    def complete(assignment_id: int):
        data = request_body()
        score = data.get("score", 100)
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
            return control_error(400, "'score' must be an integer from 0 to 100")
        pending = data.get("grade_pending", False)
        if not isinstance(pending, bool):
            return control_error(400, "'grade_pending' must be a boolean")
        tenant = request_tenant(data)
        with tenant.lock:
            row = tenant.state.assignments.get(assignment_id)
            if row is None:
                return no_assignment(tenant, assignment_id)
            if row.state == "completed":
                return control_error(409, f"assignment {assignment_id} is completed already")
            ops.complete_assignment(tenant, row, score, grade_pending=pending)
            return json_response({"tenant": tenant.name, "assignment": S.assignment(row, S.View.of(tenant))})

    @bp.post("/assignments/<int:assignment_id>/start")
    def start(assignment_id: int):
        data = request_body()
        tenant = request_tenant(data)
        with tenant.lock:
            row = tenant.state.assignments.get(assignment_id)
            if row is None:
                return no_assignment(tenant, assignment_id)
            ops.start_assignment(tenant, row)
            return json_response({"tenant": tenant.name, "assignment": S.assignment(row, S.View.of(tenant))})

    @bp.post("/group_assignments")
    def group_assignment():
        data = request_body()
        tenant = request_tenant(data)
        kind = data.get("assignable_type")
        if kind not in ("Lesson", PATH_TYPE):
            return control_error(400, f"'assignable_type' must be 'Lesson' or '{PATH_TYPE}'")
        with tenant.lock:
            state = tenant.state
            group_id, target_id = data.get("group_id"), data.get("assignable_id")
            if not isinstance(group_id, int) or state.groups.get(group_id) is None:
                return control_error(404, f"no group {group_id!r}")
            table = state.lessons if kind == "Lesson" else state.paths
            if not isinstance(target_id, int) or table.get(target_id) is None:
                return control_error(404, f"no {kind} {target_id!r}")
            row = ops.assign_group(tenant, group_id, kind, target_id)
            return json_response({"tenant": tenant.name, "id": row.id, "group_id": group_id,
                                  "assignable_type": kind, "assignable_id": target_id}, 201)

    return bp

"""TalentLMS control routes under ``/_emulator/talentlms/`` (no auth, not journaled).

``POST /progress`` ``{"user_id", "course_id", ["unit_id"], ["score"], ["seconds"], ["tenant"]}``:
the learner completes one unit (or every unit) as if in the portal. Completion of the last unit
completes the course, issues its certificate and feeds the timeline, through the same domain events.
Answers ``getuserstatusincourse``'s shape, or the vendor error with its status (the REST surface's
``render_error``, registered on this blueprint).
"""

from __future__ import annotations

from flask import Blueprint, request

from ...core.control import control_error, request_body, request_tenant
from ...core.http import json_response
from .errors import TalentError, render_error
from .ops import Lms
from .params import ascii_digits
from .serialize import Wire, wire_for


def make_control_blueprint() -> Blueprint:
    bp = Blueprint("talentlms_control", __name__)
    bp.register_error_handler(TalentError, lambda exc: render_error(request, exc))

    @bp.post("/progress")
    def progress():
        data = request_body()
        if not data:
            return control_error(400, "send a JSON object with user_id and course_id")
        tenant = request_tenant(data)
        params = {k: str(v) for k, v in data.items() if k != "tenant" and v is not None}
        with tenant.lock:
            lms = Lms(tenant)
            row = lms.complete(params)
            wire: Wire = wire_for(tenant)
            st = lms.state
            units = sorted(st.units.where("course_id", row.course_id), key=lambda u: u.position)
            pairs = [(u, st.unit_progress.by("key", f"{u.id}:{row.user_id}")) for u in units if u.type != "Section"]
            return json_response(wire.user_status_in_course(row, pairs))

    return bp


def describe(state, key) -> dict | None:
    """One user as the console's "every surface" view shows it: by id, email or login."""
    text = str(key).strip()
    user = (state.users.get(int(text)) if ascii_digits(text) else None) or state.users.by("email", text) \
        or state.users.by("login", text)
    if user is None:
        return None
    return {
        "id": user.id, "login": user.login, "email": user.email, "name": f"{user.first_name} {user.last_name}",
        "status": user.status, "user_type": user.user_type,
        "courses": [{"course_id": e.course_id, "role": e.role, "status": e.status, "percentage": e.percentage}
                    for e in state.enrollments.where("user_id", user.id)],
        "groups": list(user.group_ids), "branches": list(user.branch_ids),
    }

"""Skilljar-specific control routes under /_emulator/skilljar/ (no auth, JSON in and out).

- ``POST /events``: trigger any webhook event type now (``{"event_type": "COURSE_COMPLETION",
  "user_id"?, "enrollment_id"?, "published_course_id"?, "domain_name"?, "path_enrollment_id"?}``).
- ``POST /progress``: record learner progress the REST surface has no route for: one lesson done
  (``{"enrollment_id", "lesson": true}``), a quiz (``"quiz": {...}``), or a path enrollment/completion.
- ``GET/POST /webhook-policy``: the tenant's retry policy (tests use millisecond backoff).
- ``POST /redeem``: a learner redeems a code at checkout or sign-up, which Skilljar's API has no route
  for: ``{"code", "user_id" | "email", "domain_name"?}``. A promo code or training-credit code buys what
  it covers (purchases, enrollments, ``PURCHASE_FULFILLMENT``); an access code grants membership of
  its domain (``DOMAIN_ENROLLMENT``, a new user for an unknown email) and counts a use.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint

from ...core.control import control_error, request_body, request_tenant
from ...core.http import json_response
from .effects import deliveries
from .errors import SkilljarError
from .ops.access import CODES as ACCESS_CODES
from .models import EVENT_TYPES
from .ops import Ops
from .serialize import user_published_course


def make_control_blueprint() -> Blueprint:
    bp = Blueprint("skilljar_control", __name__)

    @bp.post("/events")
    def trigger():
        data = request_body()
        tenant = request_tenant(data)
        event_type = data.get("event_type")
        if event_type not in EVENT_TYPES:
            return control_error(400, f"event_type must be one of {list(EVENT_TYPES)}")
        ids = {k: v for k, v in data.items() if k not in ("tenant", "event_type")}
        with tenant.lock:
            state = tenant.state
            for key, table in (("user_id", "users"), ("enrollment_id", "enrollments"),
                               ("published_course_id", "published_courses"),
                               ("path_enrollment_id", "path_enrollments")):
                if key in ids and state.table(table).get(ids[key]) is None:
                    return control_error(404, f"no {key} {ids[key]!r} in tenant {tenant.name!r}")
            body_, delivery_ids = deliveries.emit(tenant, event_type, ids, tenant.clock.now())
        return json_response({"event": body_, "deliveries": delivery_ids}, 201)

    @bp.post("/progress")
    def progress():
        data = request_body()
        tenant = request_tenant(data)
        with tenant.lock:
            state = tenant.state
            ops = Ops(tenant)
            if "enrollment_id" in data:
                row = state.enrollments.get(data["enrollment_id"])
                if row is None:
                    return control_error(404, f"no enrollment {data['enrollment_id']!r}")
                if isinstance(data.get("quiz"), dict):
                    quiz: dict[str, Any] = data["quiz"]
                    number = quiz.get("lesson_number", 1)
                    if isinstance(number, str) and number.isascii() and number.isdigit() and len(number) <= 6:
                        number = int(number)
                    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 10_000:
                        return control_error(400, "'quiz.lesson_number' must be an integer from 1 to 10000")
                    ops.complete_quiz(row, number, score=quiz.get("score", 8), max_score=quiz.get("max_score", 10),
                                      passed=quiz.get("passed", True))
                lessons = data.get("lessons", 1 if data.get("lesson", True) else 0)
                if not isinstance(lessons, int) or isinstance(lessons, bool) or lessons < 0 or lessons > 10_000:
                    return control_error(400, "'lessons' must be a non-negative integer")
                for _ in range(lessons):
                    ops.complete_lesson(row)
                return json_response(user_published_course(state, row))
            if "published_path_id" in data and "user_id" in data:
                path = state.published_paths.get(data["published_path_id"])
                user = state.users.get(data["user_id"])
                if path is None or user is None:
                    return control_error(404, "unknown published_path_id or user_id")
                row = ops.enroll_path(path, user)
                if data.get("complete"):
                    ops.complete_path(row)
                return json_response({"path_enrollment_id": row.id, "completed": row.completed_at is not None}, 201)
        return control_error(400, "send {enrollment_id, lessons?|quiz?} or {user_id, published_path_id, complete?}")

    @bp.post("/redeem")
    def redeem():
        data = request_body()
        tenant = request_tenant(data)
        code = data.get("code")
        if not isinstance(code, str) or not code:
            return control_error(400, "send {code, user_id | email}")
        with tenant.lock:
            state, ops = tenant.state, Ops(tenant)
            user = state.users.get(str(data.get("user_id", ""))) or state.users.by("email", str(data.get("email", "")))
            try:
                for row in state.records_of(ACCESS_CODES):
                    if row.data.get("code") == code:
                        email = user.email if user else data.get("email")
                        if not isinstance(email, str) or "@" not in email:
                            return control_error(400, "an access code needs a user_id or an email")
                        domain = state.domain(row.scope.split("|", 1)[1].split("/")[0])
                        membership = ops.use_access_code(domain, email, row)
                        return json_response({"user_id": membership.user_id, "domain_name": domain.name,
                                              "access_code_id": row.id}, 201)
                if user is None:
                    return control_error(404, "no user with that user_id or email")
                for row in state.records_of("/v1/promo-codes"):
                    if row.data.get("code") == code:
                        return json_response({"purchase_ids": [p.id for p in ops.redeem_promo_code(row, user)]}, 201)
                for row in state.records_of("/v1/training-credit-codes"):
                    if row.data.get("training_credit_code") == code:
                        bought = ops.redeem_training_credits(row, user)
                        return json_response({"purchase_ids": [p.id for p in bought]}, 201)
            except SkilljarError as exc:
                return control_error(409, json.dumps(exc.body()))
        return control_error(404, f"no promo, training-credit or access code {code!r}")

    @bp.get("/webhook-policy")
    def get_policy():
        tenant = request_tenant()
        return json_response({"tenant": tenant.name, "policy": deliveries.policy(tenant).__dict__})

    @bp.post("/webhook-policy")
    def set_policy():
        data = request_body()
        tenant = request_tenant(data)
        policy = {k: v for k, v in data.items() if k != "tenant"}
        unknown = set(policy) - set(deliveries.DEFAULT_RETRY)
        if unknown or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0
                              for v in policy.values()):
            return control_error(400, f"send non-negative numbers for any of {sorted(deliveries.DEFAULT_RETRY)}")
        if policy.get("max_attempts", 1) < 1:
            return control_error(400, "'max_attempts' must be at least 1")
        current = dict(tenant.config.settings.get("webhook_retry") or {})
        current.update(policy)
        tenant.config.settings["webhook_retry"] = current
        return json_response({"tenant": tenant.name, "policy": deliveries.policy(tenant).__dict__})

    return bp

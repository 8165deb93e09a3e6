"""Webhook event bodies, built from the tenant's rows when an event happens.

Only ``COURSE_ENROLLMENT`` has a recorded real body (skilljar4j
``webhook-event-course-enrollment.json``, a live Liferay event): its keys and formats are copied
exactly. The other nine types reuse the same building blocks (``user``, ``course``, ``domain``...)
plus a type-specific object; their exact keys are assumptions, listed in docs/skilljar.md.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from ..serialize import event_ts, read_only_user
from ..store import SkilljarState


def _b36(seed: str, length: int = 13) -> str:
    n = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:10], "big")
    out = []
    for _ in range(length):
        n, r = divmod(n, 36)
        out.append("0123456789abcdefghijklmnopqrstuvwxyz"[r])
    out[0] = out[0] if out[0] != "0" else "1"
    return "".join(out)


def _domain(state: SkilljarState, name: str | None) -> dict[str, Any]:
    row = state.domains.by("name", name) if name else None
    row = row or next(iter(state.domains), None)
    if row is None:
        return {"id": _b36("domain"), "name": "example.skilljar.com"}
    return {"id": row.id, "name": row.name}


def _course(state: SkilljarState, published_course_id: str | None) -> dict[str, Any]:
    published = state.published_courses.get(published_course_id) if published_course_id else None
    published = published or next(iter(state.published_courses), None)
    if published is None:
        return {"id": _b36("course"), "title": "Sample Course", "published_course_id": _b36("pc"),
                "url": "https://example.skilljar.com/sample-course"}
    course = state.courses.get(published.course_id)
    return {"id": published.course_id, "title": course.title if course else "",
            "published_course_id": published.id, "url": f"https://{published.domain_name}/{published.slug}"}


def _purchase(seed: str, when: float) -> dict[str, Any]:
    # A free enrollment's purchase, exactly as the recorded event shows it.
    order = _b36("order" + seed, 8).upper()
    return {"id": _b36("purchase" + seed), "purchase_price": "0.00", "order_id": order, "original_price": "0.00",
            "offer_sku": str(uuid.UUID(bytes=hashlib.md5(seed.encode()).digest())), "price_cents": 0,
            "currency_code": "USD", "state": "SUCCESS", "quantity": 1, "purchased_at": event_ts(when),
            "payment_processor": "NONE", "payment_processor_order_id": "", "promo_code_id": None,
            "promo_code": None, "promo_code_price_cents": None, "promo_code_percent_off": None,
            "promo_code_quantity": 0}


def _user(state: SkilljarState, user_id: str | None) -> dict[str, Any]:
    user = state.users.get(user_id) if user_id else None
    user = user or next(iter(state.users), None)
    if user is None:
        return {"id": _b36("user"), "email": "learner@example.com", "first_name": "Sample", "last_name": "Learner"}
    return read_only_user(user)


def build(state: SkilljarState, event_type: str, data: dict[str, Any], when: float) -> dict[str, Any]:
    """The body Skilljar POSTs for one event (one object, never a list)."""
    enrollment = state.enrollments.get(data.get("enrollment_id")) if data.get("enrollment_id") else None
    if enrollment is None and event_type in ("COURSE_ENROLLMENT", "COURSE_COMPLETION", "LESSON_COMPLETION",
                                             "QUIZ_COMPLETION", "PURCHASE_FULFILLMENT") and not data:
        enrollment = next(iter(state.enrollments), None)
    user_id = data.get("user_id") or (enrollment.user_id if enrollment else None)
    domain_name = data.get("domain_name") or (enrollment.domain_name if enrollment else None)
    path_row = state.path_enrollments.get(data.get("path_enrollment_id")) if data.get("path_enrollment_id") else None
    if path_row is not None:
        user_id, domain_name = path_row.user_id, path_row.domain_name
    body: dict[str, Any] = {"event_type": event_type, "timestamp": event_ts(when), "user": _user(state, user_id)}
    seed = f"{event_type}|{user_id}|{when}"
    course = _course(state, enrollment.published_course_id if enrollment else data.get("published_course_id"))
    if event_type == "COURSE_ENROLLMENT":
        body["course"] = course
        body["purchase"] = _purchase(seed, when)
    elif event_type == "COURSE_COMPLETION":
        body["course"] = course
        body["course_progress"] = {
            "completed_at": event_ts(enrollment.completed_at if enrollment and enrollment.completed_at else when),
            "score": enrollment.score if enrollment else None,
            "max_score": enrollment.max_score if enrollment else None,
            "success_status": enrollment.success_status if enrollment else None,
            "credits_earned": enrollment.credits_earned if enrollment else "0",
        }
    elif event_type in ("LESSON_COMPLETION", "QUIZ_COMPLETION"):
        body["course"] = course
        number = int(data.get("lesson_number") or 1)
        body["lesson"] = {"id": _b36(f"lesson|{course['id']}|{number}"), "title": f"Lesson {number}",
                          "order": number}
        if event_type == "QUIZ_COMPLETION":
            body["quiz"] = {"score": data.get("score", 8), "max_score": data.get("max_score", 10),
                            "passed": bool(data.get("passed", True)), "completed_at": event_ts(when)}
    elif event_type in ("PATH_ENROLLMENT", "PATH_COMPLETION"):
        path = state.published_paths.get(path_row.published_path_id) if path_row else next(
            iter(state.published_paths), None)
        body["path"] = {"id": path.id if path else _b36("path"), "title": path.title if path else "Sample Path",
                        "published_path_id": path.id if path else _b36("ppath"),
                        "url": f"https://{path.domain_name}/path/{path.id}" if path else ""}
        if event_type == "PATH_COMPLETION":
            body["completed_at"] = event_ts(path_row.completed_at if path_row and path_row.completed_at else when)
    elif event_type == "PURCHASE_FULFILLMENT":
        body["course"] = course
        body["purchase"] = _purchase(seed, when)
        row = state.records.get(data.get("purchase_id") or "")
        if row is not None:  # the purchase fulfilled: its own id, order, offer and price
            price = row.data.get("price_cents") or 0
            body["purchase"].update(id=row.id, order_id=row.data.get("order_id", ""), price_cents=price,
                                    purchase_price=f"{price / 100:.2f}", offer_sku=row.data.get("offer_sku", ""),
                                    promo_code=row.data.get("promo_code") or None)
    elif event_type == "VILT_EVENT_REGISTRATION":
        body["course"] = course
        body["vilt_event"] = {"id": _b36("vilt" + seed), "title": "Live session", "starts_at": event_ts(when + 86400),
                              "ends_at": event_ts(when + 90000), "join_url": "https://example.zoom.us/j/0"}
        session = state.records.get(data.get("vilt_session_id") or "")
        if session is not None:  # the session registered for
            starts, ends = session.data.get("starts_at"), session.data.get("ends_at")
            body["vilt_event"].update(id=session.id, title=session.data.get("display_name", ""),
                                      join_url=session.data.get("event_link") or body["vilt_event"]["join_url"])
            if isinstance(starts, float) and isinstance(ends, float):
                body["vilt_event"].update(starts_at=event_ts(starts), ends_at=event_ts(ends))
    elif event_type == "DASHBOARD_TASK_CREATED":
        body["task"] = {"id": _b36("task" + seed), "title": data.get("title", "Review learner progress"),
                        "created_at": event_ts(when)}
    body["domain"] = _domain(state, domain_name)
    body["domain_access_code"] = None
    body["signup_fields"] = {}
    return body


def ping(when: float) -> dict[str, Any]:
    return {"event_type": "PING", "timestamp": event_ts(when)}

"""Seeded table-driven rows that follow from other rows rather than from a body: a course's lessons,
the learning paths behind the published paths, offers for what is sold, purchases, progress tokens,
lesson progress, the events of ILT sessions and the typed blocks of catalog pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ops.catalog import slugify
from ..params.records import scope_of

if TYPE_CHECKING:
    from .records import RecordSeeder

LESSON_TYPES = ("HTML", "ASSET", "MODULAR", "QUIZ", "SECTION")


def _paths(rs: RecordSeeder) -> None:
    for row in rs.st.published_paths:
        if rs.st.records.get(row.path_id) is None:
            rs.st.records.insert(_record(rs, "/v1/paths", scope_of("/v1/paths", []), row.path_id, {
                "title": row.title, "short_description": row.short_description,
                "course_name_singular": "Course", "course_name_plural": "Courses"}, [], row.created_at))


def _record(rs: RecordSeeder, kind: str, scope: str, row_id: str, data: dict, ancestors: list, created: float):
    from ..models import Record

    return Record(id=row_id, kind=kind, scope=scope, key=row_id, data=data, ancestors=ancestors, created_at=created)


def _lessons(rs: RecordSeeder) -> None:
    quizzes = [r.id for r in rs.st.records_of("/v1/quizzes")]
    assets = [r.id for r in rs.st.records_of("/v1/assets")]
    for course in rs.st.courses:
        for number in range(course.lesson_count):
            kind = LESSON_TYPES[number % len(LESSON_TYPES)] if number else "HTML"
            data = {"course_id": course.id, "order": number + 1, "title": rs.seeder.title(3), "type": kind,
                    "content_html": f"<p>{rs.seeder.sentence(10)}</p>" if kind == "HTML" else "",
                    "optional": number >= course.required_lesson_count,
                    "content_quiz_id": quizzes[number % len(quizzes)] if kind == "QUIZ" and quizzes else None,
                    "content_asset_id": assets[number % len(assets)] if kind == "ASSET" and assets else None}
            rs.insert("/v1/lessons", scope_of("/v1/lessons", []), data, [course.id], created=course.created_at)


def _session_events(rs: RecordSeeder) -> None:
    for session in rs.st.records_of("/v1/ilt-sessions"):
        data = {"vilt_session": {"id": session.id}, "starts_at": session.data.get("starts_at"),
                "ends_at": session.data.get("ends_at"), "location": session.data.get("location", ""),
                "timezone": session.data.get("timezone", "UTC"),
                "event_location": {"name": session.data.get("location", "Online")}}
        rs.insert("/v1/vilt-session-events", scope_of("/v1/vilt-session-events", []), data, [session.id],
                  created=session.created_at)


def _offers(rs: RecordSeeder) -> None:
    st = rs.st
    sold = [("published_course", "published_course_id", p.id, p.domain_name) for p in st.published_courses
            if p.domain_name == rs.domain]
    sold += [("published_path", "published_path_id", p.id, p.domain_name) for p in st.published_paths]
    sold += [("plan", "plan_id", p.id, p.domain_name) for p in st.plans]
    for index, (offer_type, field, row_id, domain) in enumerate(sold):
        data = {"offer_type": offer_type, field: row_id, "domain_name": domain, "currency_code": "USD",
                "price_cents": 0 if index % 3 == 0 else 4900 + 1000 * (index % 5), "price_credits": None,
                "sku": f"SKU-{rs.seeder.base36(8).upper()}", "max_quantity": 1, "active": True,
                "linked_to_plan": False}
        rs.insert("/v1/offers", scope_of("/v1/offers", []), data, [row_id])


def _purchases(rs: RecordSeeder) -> None:
    st = rs.st
    offers = [o for o in st.records_of("/v1/offers") if o.data.get("offer_type") == "published_course"]
    members = rs.members(50)
    for index, offer in enumerate(offers[:3]):
        if index >= len(members):
            break
        user_id = members[-1 - index].user_id
        state = "SUCCESS" if index == 0 else "PENDING"
        data = {"user": {"id": user_id}, "state": state, "status_msg": "", "purchased_at": rs.seeder.past(60, 1),
                "refunded_at": None, "refund_cents": None, "payment_processor": "EXTERNAL",
                "order_id": rs.seeder.base36(8).upper(), "price_cents": offer.data["price_cents"], "quantity": 1,
                "offer_id": offer.id, "offer_sku": offer.data["sku"], "offer_description": "",
                "offer_price_cents": offer.data["price_cents"], "promo_code": "", "promo_code_price_cents": 0,
                "promo_code_percent_off": 0, "promo_code_quantity": 0, "tax_price_cents": None,
                "payment_processor_order_id": "", "payment_processor_response_data": "", "currency_code": "USD"}
        rs.insert("/v1/purchases", scope_of("/v1/purchases", []), data, [user_id])


def _progress(rs: RecordSeeder) -> None:
    """Progress tokens for the first enrollments; lesson progress for the first enrollment's course."""
    st = rs.st
    enrollments = st.enrollments.page(0, 5)
    for enrollment in enrollments:
        rs.insert("/v1/progresstokens", scope_of("/v1/progresstokens", []), {
            "enrollment_id": enrollment.id, "completed_at": None, "success_status": "PASSED", "score": None,
            "max_score": None}, [enrollment.id])
    if not enrollments:
        return
    first = enrollments[0]
    published = st.published_courses.get(first.published_course_id)
    lessons = [r for r in st.records_of("/v1/lessons") if published and r.data.get("course_id") == published.course_id]
    for number, lesson in enumerate(lessons):
        done = number < first.completed_lesson_count
        when = first.enrolled_at + 3600 * (number + 1)
        progress = rs.insert("/v1/lesson-progress", scope_of("/v1/lesson-progress", []), {
            "view_count": 1 if done else 0, "last_viewed_on": when if done else None,
            "finished_at": when if done else None, "completed_at": when if done else None,
            "success_status": "PASSED" if done else None, "score": None, "max_score": None, "custom_data": None,
            "validation_status": None, "validation_data": None, "enrollment_id": first.id, "lesson_id": lesson.id},
            [first.id, lesson.id])
        kind = "/v1/users/{}/published-courses/{}/lessons"
        rs.insert(kind, scope_of(kind, [first.user_id, first.published_course_id]),
                  {"lesson": {"id": lesson.id},
                   "lesson_progress": {"id": progress.id, "lesson_progress_id": progress.id}},
                  [first.id, lesson.id, progress.id], key=lesson.id)


def _blocks(rs: RecordSeeder) -> None:
    for page in rs.st.records_of("/v1/domains/{}/catalog-pages"):
        values = page.scope.split("|", 1)[1].split("/") + [page.key]
        for order, block_type in enumerate(("HTML", "TILE_SECTION", "IN_PROGRESS_COURSES")):
            add_block(rs, values, page.id, block_type, order + 1)


def add_block(rs: RecordSeeder, values: list[str], page_id: str, block_type: str, order: int) -> None:
    base = "/v1/domains/{}/catalog-pages/{}/"
    typed = {"HTML": ("html-content-blocks", "html_content_block_id", {"html": f"<p>{rs.seeder.sentence(8)}</p>"}),
             "TILE_SECTION": ("tile-container-content-blocks", "tile_container_content_block_id",
                              {"header_text": rs.seeder.title(2), "alignment": "left"}),
             "IN_PROGRESS_COURSES": ("component-content-blocks", "component_content_block_id",
                                     {"component": "in_progress_content", "header_text": "Continue learning",
                                      "max_tiles": 4, "alignment": "left"})}
    suffix, field, data = typed[block_type]
    block = rs.insert(base + "content-blocks", scope_of(base + "content-blocks", values),
                      {"type": block_type, "order": order}, [page_id])
    inner = rs.insert(base + suffix, scope_of(base + suffix, values), {"content_block_id": block.id, **data},
                      [page_id, block.id])
    rs.st.records.update(block, data={**block.data, field: inner.id})


def _series(rs: RecordSeeder) -> None:
    courses = [p.id for p in rs.st.published_courses.where("domain_name", rs.domain)][:3]
    for row in rs.st.records_of("/v1/domains/{}/course-series"):
        url = f"https://{rs.domain}/series/{slugify(row.data.get('title', ''))}"
        rs.st.records.update(row, data={**row.data, "published_course_ids": courses,
                                        "published_course_count": len(courses), "series_url": url})


DERIVED = {"/v1/paths": _paths, "/v1/lessons": _lessons, "/v1/vilt-session-events": _session_events,
           "/v1/offers": _offers, "/v1/purchases": _purchases, "/v1/progresstokens": _progress,
           "/v1/domains/{}/catalog-pages/{}/content-blocks": _blocks, "/v1/domains/{}/course-series": _series}


def seed_derived(rs: RecordSeeder, kind: str) -> None:
    step = DERIVED.get(kind)
    if step is not None:
        step(rs)

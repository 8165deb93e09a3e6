"""Lessons, courses (deprecated, still served), paths and tags (DOCS ``_lessons``, ``_courses``,
``_paths``, ``_tags``; VCR lesson.*, course.*, tag.*)."""

from __future__ import annotations

from flask import Blueprint, g, request

from .. import ops
from .. import params as P
from .. import serialize as S
from ..params import paging, params
from ..store import PATH_TYPE, assignments_for
from .respond import found, ok, view

V1 = "/api/v1"
V11 = "/api/v1.1"


def _assignments_page(type_: str, assignable_type: str, assignable_id: int):
    v = view()
    page, per_page = paging()
    items = assignments_for(g.tenant.state, assignable_type, assignable_id)
    chunk = items[(page - 1) * per_page: page * per_page]
    return ok(S.paginated(type_, "assignments", [S.assignment(a, v) for a in chunk], len(items), page, per_page))


def _assign(type_: str, assignable_type: str, assignable_id: int):
    """PUT (documented, 200) or POST (VCR lesson.assign and course.assign: 201)."""
    tenant = g.tenant
    wanted = P.assignees(params(), tenant.state)
    made = [ops.assign(tenant, uid, assignable_type, assignable_id, due) for uid, due in wanted]
    v = view()
    status = 201 if request.method == "POST" else 200
    return ok({"type": type_, "assignments": [S.assignment(a, v) for a in made]}, status)


def _completed(assignable_type: str, assignable_id: int) -> int:
    return sum(1 for a in assignments_for(g.tenant.state, assignable_type, assignable_id)
               if a.state == "completed")


def register(bp: Blueprint) -> None:
    # --- lessons -----------------------------------------------------------------------------------
    @bp.get(f"{V1}/lessons")
    def lessons():
        v = view()
        return ok({"type": "lessons", "lessons": [S.lesson_item(x, v) for x in g.tenant.state.lessons]})

    @bp.get(f"{V11}/lessons")
    def lessons_v11():
        v = view()
        return ok({"type": "lessons", "lessons": [S.lesson_item_v11(x, v) for x in g.tenant.state.lessons]})

    @bp.get(f"{V1}/lessons/<int:lesson_id>")
    def lesson(lesson_id: int):
        return ok(S.lesson_detail(found("lessons", lesson_id), view(), "lesson"))

    @bp.get(f"{V11}/lessons/<int:lesson_id>")
    def lesson_v11(lesson_id: int):
        return ok(S.lesson_detail(found("lessons", lesson_id), view(), "lesson", counts=False))

    @bp.put(f"{V1}/lessons/<int:lesson_id>")
    def update_lesson(lesson_id: int):
        row = found("lessons", lesson_id)
        ops.update_lesson(g.tenant, row, P.lesson_changes(params()))
        return ok(S.lesson_detail(row, view(), "update_lesson"))

    @bp.put(f"{V1}/lessons/<int:lesson_id>/archive")
    def archive_lesson(lesson_id: int):
        return ok(S.lesson_detail(ops.set_archived(g.tenant, "lessons", found("lessons", lesson_id), True),
                                  view(), "lesson"))

    @bp.put(f"{V1}/lessons/<int:lesson_id>/restore")
    def restore_lesson(lesson_id: int):
        return ok(S.lesson_detail(ops.set_archived(g.tenant, "lessons", found("lessons", lesson_id), False),
                                  view(), "lesson"))

    @bp.get(f"{V1}/lessons/<int:lesson_id>/assignments")
    def lesson_assignments(lesson_id: int):
        found("lessons", lesson_id)
        return _assignments_page("lesson_assignments", "Lesson", lesson_id)

    @bp.route(f"{V1}/lessons/<int:lesson_id>/assignments", methods=["PUT", "POST"])
    def assign_lesson(lesson_id: int):
        found("lessons", lesson_id)
        return _assign("update_lesson_assignments", "Lesson", lesson_id)

    @bp.get(f"{V11}/lessons/<int:lesson_id>/assignments/completed")
    def lesson_completed(lesson_id: int):
        found("lessons", lesson_id)
        return ok({"type": "lesson_assignments_completed", "completed_count": _completed("Lesson", lesson_id)})

    def _completions(lesson_id: int) -> tuple[int, int]:
        """"Completed" or "awaiting grade" both count (DOCS notice); plus completions outside assignments."""
        row = found("lessons", lesson_id)
        via = sum(1 for a in assignments_for(g.tenant.state, "Lesson", lesson_id)
                  if a.state in ("completed", "grade_pending"))
        return via, row.completions_other

    @bp.get(f"{V1}/lessons/<int:lesson_id>/total_completions")
    def lesson_total(lesson_id: int):
        via, other = _completions(lesson_id)
        return ok({"type": "lesson_total_completion_count", "completion_count": via + other})

    @bp.get(f"{V1}/lessons/<int:lesson_id>/completion_breakdown")
    def lesson_breakdown(lesson_id: int):
        via, other = _completions(lesson_id)
        return ok({"type": "lesson_completion_breakdown", "total": via + other, "via_assignment": via,
                   "via_other": other})

    # --- courses (deprecated since 2018-07) ---------------------------------------------------------
    @bp.get(f"{V1}/courses")
    def courses():
        v = view()
        return ok({"type": "courses", "courses": [S.course_item(x, v) for x in g.tenant.state.courses]})

    @bp.get(f"{V1}/courses/<int:course_id>")
    def course(course_id: int):
        return ok(S.course_detail(found("courses", course_id), view(), "course"))

    @bp.get(f"{V11}/courses/<int:course_id>")
    def course_v11(course_id: int):
        return ok(S.course_detail(found("courses", course_id), view(), "course", v11=True))

    @bp.put(f"{V1}/courses/<int:course_id>/archive")
    def archive_course(course_id: int):
        return ok(S.course_detail(ops.set_archived(g.tenant, "courses", found("courses", course_id), True),
                                  view(), "course"))

    @bp.put(f"{V1}/courses/<int:course_id>/restore")
    def restore_course(course_id: int):
        return ok(S.course_detail(ops.set_archived(g.tenant, "courses", found("courses", course_id), False),
                                  view(), "course"))

    @bp.get(f"{V1}/courses/<int:course_id>/assignments")
    def course_assignments(course_id: int):
        found("courses", course_id)
        return _assignments_page("course_assignments", "Course", course_id)

    @bp.route(f"{V1}/courses/<int:course_id>/assignments", methods=["PUT", "POST"])
    def assign_course(course_id: int):
        found("courses", course_id)
        return _assign("update_course_assignments", "Course", course_id)

    @bp.get(f"{V11}/courses/<int:course_id>/assignments/completed")
    def course_completed(course_id: int):
        found("courses", course_id)
        return ok({"type": "course_assignments_completed", "completed_count": _completed("Course", course_id)})

    # --- paths --------------------------------------------------------------------------------------
    @bp.get(f"{V1}/paths")
    def paths():
        v = view()
        return ok({"type": "paths", "paths": [S.path_item(x, v) for x in g.tenant.state.paths]})

    @bp.get(f"{V11}/paths")
    def paths_v11():
        v = view()
        return ok({"type": "paths", "paths": [S.path_item_v11(x, v) for x in g.tenant.state.paths]})

    @bp.get(f"{V1}/paths/<int:path_id>")
    def path(path_id: int):
        return ok(S.path_detail(found("paths", path_id), view(), "path"))

    @bp.get(f"{V1}/paths/<int:path_id>/total_completions")
    def path_total(path_id: int):
        found("paths", path_id)
        return ok({"type": "path_total_completion_count", "completion_count": _completed(PATH_TYPE, path_id)})

    @bp.put(f"{V1}/paths/<int:path_id>/archive")
    def archive_path(path_id: int):
        # DOCS archive/restore samples carry no is_certification
        return ok(S.path_detail(ops.set_archived(g.tenant, "paths", found("paths", path_id), True), view(),
                                "path", certification=False))

    @bp.put(f"{V1}/paths/<int:path_id>/restore")
    def restore_path(path_id: int):
        return ok(S.path_detail(ops.set_archived(g.tenant, "paths", found("paths", path_id), False), view(),
                                "path", certification=False))

    @bp.get(f"{V1}/paths/<int:path_id>/assignments")
    def path_assignments(path_id: int):
        found("paths", path_id)
        return _assignments_page("path_assignments", PATH_TYPE, path_id)

    @bp.route(f"{V1}/paths/<int:path_id>/assignments", methods=["PUT", "POST"])
    def assign_path(path_id: int):
        found("paths", path_id)
        return _assign("update_path_assignments", PATH_TYPE, path_id)

    @bp.get(f"{V1}/paths/<int:path_id>/assignments/completed")
    def path_completed(path_id: int):
        found("paths", path_id)
        return ok({"type": "path_assignments_completed", "completed_count": _completed(PATH_TYPE, path_id)})

    # --- tags ---------------------------------------------------------------------------------------
    @bp.get(f"{V1}/tags")
    def tags():
        return ok({"type": "tags", "tags": [S.tag(t) for t in g.tenant.state.tags]})

    @bp.get(f"{V1}/tags/<int:tag_id>")
    def tag(tag_id: int):
        return ok({"type": "tag", **S.tag(found("tags", tag_id))})

    @bp.get(f"{V1}/tags/<int:tag_id>/lessons")
    def tag_lessons(tag_id: int):
        found("tags", tag_id)
        v = view()
        rows = g.tenant.state.lessons.where("tag_ids", tag_id)
        return ok({"type": "tag_lessons", "lessons": [S.lesson_detail(x, v, None) for x in rows]})

    @bp.get(f"{V1}/tags/<int:tag_id>/courses")
    def tag_courses(tag_id: int):
        found("tags", tag_id)
        v = view()
        rows = g.tenant.state.courses.where("tag_ids", tag_id)
        return ok({"type": "tag_courses", "courses": [S.tag_course(x, v) for x in rows]})

    @bp.get(f"{V1}/tags/<int:tag_id>/paths")
    def tag_paths(tag_id: int):
        found("tags", tag_id)
        v = view()
        rows = g.tenant.state.paths.where("tag_ids", tag_id)
        return ok({"type": "tag_paths", "paths": [S.path_detail(x, v, None, certification=False) for x in rows]})

"""The semantics of lessons, lesson progress and progress tokens on the table-driven rows:

- a lesson belongs to a course (``course_id``): the course's ``lesson_count`` and
  ``required_lesson_count`` follow its lessons (a lesson that is not ``optional`` is required);
- lesson progress newly ``completed_at`` on a learner's enrollment is one more completed lesson
  (``LESSON_COMPLETION``; the last one completes the course: ``COURSE_COMPLETION``);
- a progress token unlocks the progress of the enrollment it was issued for: setting its
  ``completed_at`` (with score and success status) records the course as completed.
"""

from __future__ import annotations

from typing import Any

from ..models import Record
from .records import RecordOps, on


def _count_lessons(ops: RecordOps, course_id: Any) -> None:
    course = ops.state.courses.get(course_id) if isinstance(course_id, str) else None
    if course is None:
        return
    lessons = [r for r in ops.state.records_of("/v1/lessons") if r.data.get("course_id") == course.id]
    ops.change("courses", course, lesson_count=len(lessons),
               required_lesson_count=sum(1 for r in lessons if not r.data.get("optional")), modified_at=ops.now())


@on("/v1/lessons")
def lesson_written(ops: RecordOps, row: Record, action: str, before: dict[str, Any]) -> None:
    _count_lessons(ops, row.data.get("course_id"))
    if before.get("course_id") != row.data.get("course_id"):
        _count_lessons(ops, before.get("course_id"))


@on("/v1/lesson-progress")
def lesson_progress_written(ops: RecordOps, row: Record, action: str, before: dict[str, Any]) -> None:
    if action != "update" or before.get("completed_at") is not None or row.data.get("completed_at") is None:
        return
    enrollment = ops.state.enrollments.get(row.data.get("enrollment_id", ""))
    if enrollment is None:
        return
    lesson = ops.state.records.get(row.data.get("lesson_id", ""))
    ops.complete_lesson(enrollment, lesson.data.get("order") if lesson is not None else None)


@on("/v1/progresstokens")
def token_written(ops: RecordOps, row: Record, action: str, before: dict[str, Any]) -> None:
    enrollment = ops.state.enrollments.get(row.data.get("enrollment_id", ""))
    if action != "update" or enrollment is None:
        return
    changes = {name: row.data[name] for name in ("score", "max_score", "success_status")
               if name in row.data and row.data[name] != before.get(name)}
    if row.data.get("completed_at") is not None and before.get("completed_at") is None:
        changes["completed_at"] = row.data["completed_at"]
    if changes:
        ops.record_progress(enrollment, **changes)

"""Course and path enrollments and the progress on them (``COURSE_ENROLLMENT``, ``LESSON_COMPLETION``,
``QUIZ_COMPLETION``, ``COURSE_COMPLETION``, ``PATH_ENROLLMENT``, ``PATH_COMPLETION``)."""

from __future__ import annotations

from typing import Any

from ..models import Enrollment, PathEnrollment, PlanEnrollment, PublishedCourse, PublishedPath, User
from .base import OpsBase


class EnrollmentOps(OpsBase):
    def enroll(self, published: PublishedCourse, user: User, enrolled_at: float | None = None,
               expires_at: float | None = None, active: bool = True) -> tuple[Enrollment, bool]:
        """Idempotent for the same user and enrollment time (Skilljar's document)."""
        if enrolled_at is not None:
            for existing in self.state.enrollments.where("user_id", user.id):
                if existing.published_course_id == published.id and existing.enrolled_at == enrolled_at:
                    return existing, False
        now = self.now()
        enrollment = self.state.enrollments.insert(Enrollment(
            id=self.state.new_id(), published_course_id=published.id, user_id=user.id,
            domain_name=published.domain_name, enrolled_at=enrolled_at if enrolled_at is not None else now,
            expires_at=expires_at, active=active, course_progress_id=self.state.new_id(), latest_activity=now))
        self.touch(user)
        self.publish("COURSE_ENROLLMENT", user_id=user.id, enrollment_id=enrollment.id)
        return enrollment, True

    def update_enrollment(self, row: Enrollment | PathEnrollment | PlanEnrollment,
                          **changes: Any) -> Enrollment | PathEnrollment | PlanEnrollment:
        """An enrollment's own settings (``expires_at``, ``active``), not its progress: no event."""
        table = {PathEnrollment: "path_enrollments", PlanEnrollment: "plan_enrollments"}.get(type(row), "enrollments")
        return self.change(table, row, **changes)

    def record_progress(self, enrollment: Enrollment, **changes: Any) -> Enrollment:
        """Progress changes; a completion (``completed_at`` newly set) publishes COURSE_COMPLETION."""
        was_complete = enrollment.completed_at is not None
        changes["latest_activity"] = self.now()
        self.state.enrollments.update(enrollment, **changes)
        user = self.state.users.get(enrollment.user_id)
        if user is not None:
            self.touch(user)
        if not was_complete and enrollment.completed_at is not None:
            self.publish("COURSE_COMPLETION", user_id=enrollment.user_id, enrollment_id=enrollment.id)
        return enrollment

    def complete_lesson(self, enrollment: Enrollment, lesson_number: int | None = None) -> Enrollment:
        """One more lesson done (control API): LESSON_COMPLETION, then COURSE_COMPLETION at the end."""
        published = self.state.published_courses.get(enrollment.published_course_id)
        course = self.state.courses.get(published.course_id) if published else None
        total = course.lesson_count if course else 0
        done = min(total, enrollment.completed_lesson_count + 1) if total else enrollment.completed_lesson_count + 1
        number = lesson_number if lesson_number is not None else done
        required = min(course.required_lesson_count if course else done, done)
        self.state.enrollments.update(enrollment, completed_lesson_count=done,
                                      completed_required_lesson_count=required, latest_activity=self.now())
        self.publish("LESSON_COMPLETION", user_id=enrollment.user_id, enrollment_id=enrollment.id,
                     lesson_number=number)
        if total and done >= total and enrollment.completed_at is None:
            self.record_progress(enrollment, completed_at=self.now())
        return enrollment

    def complete_quiz(self, enrollment: Enrollment, lesson_number: int, score: Any, max_score: Any,
                      passed: Any) -> None:
        """A quiz taken (control API): QUIZ_COMPLETION; the emulator keeps no quiz rows."""
        self.publish("QUIZ_COMPLETION", user_id=enrollment.user_id, enrollment_id=enrollment.id,
                     lesson_number=lesson_number, score=score, max_score=max_score, passed=passed)

    def enroll_path(self, path: PublishedPath, user: User, enrolled_at: float | None = None,
                    expires_at: float | None = None, active: bool = True) -> PathEnrollment:
        """Idempotent for the same user and enrollment time (Skilljar's document)."""
        if enrolled_at is not None:
            for existing in self.state.path_enrollments.where("user_id", user.id):
                if existing.published_path_id == path.id and existing.enrolled_at == enrolled_at:
                    return existing
        now = self.now()
        row = self.state.path_enrollments.insert(PathEnrollment(
            id=self.state.new_id(), published_path_id=path.id, user_id=user.id, domain_name=path.domain_name,
            enrolled_at=enrolled_at if enrolled_at is not None else now, expires_at=expires_at, active=active,
            path_progress_id=self.state.new_id(), latest_activity=now))
        self.publish("PATH_ENROLLMENT", user_id=user.id, path_enrollment_id=row.id)
        return row

    def complete_path(self, row: PathEnrollment) -> PathEnrollment:
        path = self.state.published_paths.get(row.published_path_id)
        count = path.course_count if path else row.completed_course_count
        self.state.path_enrollments.update(row, completed_at=self.now(), completed_course_count=count,
                                           completed_required_course_count=count, latest_activity=self.now())
        self.publish("PATH_COMPLETION", user_id=row.user_id, path_enrollment_id=row.id)
        return row

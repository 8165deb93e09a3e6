"""Learner progress: completing units and courses, issuing certificates."""

from __future__ import annotations

from .. import errors as E
from ..errors import TalentError
from ..models import Certification, Enrollment, Unit, UnitProgress, User
from ..params import as_int, need
from .base import Context


class ProgressOps(Context):
    """Learner progress, which happens in the portal, not the API: driven by the control route
    ``POST /_emulator/talentlms/progress`` so tests can produce completions, certificates and timeline."""

    def complete(self, p: dict[str, str]) -> Enrollment:
        user = self.user(need(p, "user_id"))
        course = self.course(need(p, "course_id"))
        row = self.state.enrollment_of(user.id, course.id)
        if row is None:
            raise TalentError(E.NOT_ENROLLED)
        units = [u for u in sorted(self.state.units.where("course_id", course.id), key=lambda u: u.position)
                 if u.type != "Section"]
        if p.get("unit_id"):
            unit = self.unit(p["unit_id"])
            if unit.course_id != course.id:
                raise TalentError(E.UNIT_NOT_FOUND)
            todo = [unit]
        else:
            todo = units
        score = as_int(p["score"]) if p.get("score") else 100
        if score > 100:
            raise TalentError(E.INVALID_ARGUMENTS)
        spent = as_int(p["seconds"]) if p.get("seconds") else 300
        for unit in todo:
            self._complete_unit(user, unit, score, spent)
        done = sum(1 for u in units if (pr := self.state.unit_progress.by("key", f"{u.id}:{user.id}")) is not None
                   and pr.completed_on is not None)
        percentage = int(100 * done / len(units)) if units else 100
        changes = {"percentage": percentage, "total_time": (row.total_time or 0) + spent * len(todo),
                   "status": "completed" if percentage == 100 else "incomplete"}
        finished = percentage == 100 and row.status != "completed"
        if finished:
            changes["completed_on"] = self.now
        self.state.enrollments.update(row, **changes)
        if finished:
            self.publish("course.completed", user_id=user.id, course_id=course.id)
            if course.certification and self.state.certifications.by("key", row.key) is None:
                counter = self.state.next_id("certifications")
                expires = None if course.certification_duration in (None, "Forever") else self.now + 365 * 86400
                self.state.certifications.insert(Certification(
                    id=counter, key=row.key, user_id=user.id, course_id=course.id,
                    unique_id=str(10 ** 13 + counter * 7919), issued=self.now, expires=expires,
                    signature=format(abs(hash((self.tenant.name, counter))) % (1 << 100), "x")))
                self.publish("certification.issued", user_id=user.id, course_id=course.id)
        return row

    def _complete_unit(self, user: User, unit: Unit, score: int, spent: int) -> None:
        key = f"{unit.id}:{user.id}"
        row = self.state.unit_progress.by("key", key)
        answers = {str(q["id"]): list(q.get("correct") or q.get("answers", [])[:1]) or ["My answer"]
                   for q in unit.questions}
        values = {"status": "Completed", "score": score if unit.type != "Survey" else None,
                  "completed_on": self.now, "total_time": spent, "answers": answers}
        if row is None:
            self.state.unit_progress.insert(UnitProgress(id=self.state.next_id("unit_progress"), key=key,
                                                         unit_id=unit.id, user_id=user.id,
                                                         course_id=unit.course_id, **values))
        else:
            self.state.unit_progress.update(row, **values)
        if unit.type == "Test":
            self.publish("unit.test_completed", user_id=user.id, unit_id=unit.id, course_id=unit.course_id)
        elif unit.type == "Survey":
            self.publish("unit.survey_completed", user_id=user.id, unit_id=unit.id, course_id=unit.course_id)

"""Units (progress, test/survey answers, ILT sessions), the timeline query and site figures."""

from __future__ import annotations

from . import errors as E
from .errors import TalentError
from .models import Certification, Enrollment, TimelineEntry, Unit, UnitProgress, User
from .store import Base

# seed 004 Appendix B: the event types gettimeline accepts
EVENT_TYPES = frozenset("""
user_login_user user_register_user user_self_register user_delete_user user_undelete_user user_property_change
user_create_payment user_upgrade_level user_unlock_badge course_create_course course_delete_course
course_undelete_course course_property_change course_add_user course_remove_user course_completion
course_failure course_reset_user_progress branch_create_branch branch_delete_branch branch_property_change
branch_add_user branch_remove_user branch_add_course branch_remove_course group_create_group
group_delete_group group_property_change group_add_user group_remove_user group_add_course
group_remove_course certification_issue_certification certification_refresh_certification
certification_remove_certification certification_expire_certification unitprogress_test_completion
unitprogress_test_failed unitprogress_survey_completion unitprogress_assignment_answered
unitprogress_assignment_graded unitprogress_ilt_graded notification_create_notification
notification_delete_notification notification_update_notification automation_create_automation
automation_delete_automation automation_update_automation reports_create_custom_report
reports_delete_custom_report reports_update_custom_report
""".split())
TIMELINE_FILTERS = ("user_id", "course_id", "branch_id", "group_id", "unit_id")
TIMELINE_MAX = 200  # seed 004 p.51: "the latest 200 timeline entries"


class UnitOps(Base):
    def unit_progress(self, p: dict[str, str]) -> tuple[Unit, list[tuple[int, UnitProgress | None]], bool]:
        unit = self.unit(self.need(p, "unit_id"))
        if p.get("user_id"):
            user = self.user(p["user_id"])
            return unit, [(user.id, self.state.unit_progress.by("key", f"{unit.id}:{user.id}"))], True
        rows = [(pr.user_id, pr) for pr in self.state.unit_progress.where("unit_id", unit.id)
                if pr.user_id in self.state.users]
        return unit, rows, False

    def answers(self, p: dict[str, str], kind: str) -> tuple[Unit, User, UnitProgress]:
        id_key, unit_type, missing = (("test_id", "Test", E.NO_TEST_PROGRESS) if kind == "test"
                                      else ("survey_id", "Survey", E.NO_SURVEY_PROGRESS))
        unit = self.unit(self.need(p, id_key), unit_type)
        user = self.user(self.need(p, "user_id"))
        progress = self.state.unit_progress.by("key", f"{unit.id}:{user.id}")
        if progress is None or progress.completed_on is None:
            raise TalentError(missing)
        return unit, user, progress

    def ilt_sessions(self, p: dict[str, str]):
        unit = self.unit(self.need(p, "ilt_id"), "Instructor-led training")
        return sorted(self.state.ilt_sessions.where("unit_id", unit.id), key=lambda s: s.start)

    def timeline(self, p: dict[str, str]) -> list[TimelineEntry]:
        event_type = self.need(p, "event_type").strip().lower()
        if event_type not in EVENT_TYPES:
            raise TalentError(E.INVALID_ARGUMENTS)
        wanted = None
        for name in TIMELINE_FILTERS:
            if p.get(name):
                wanted = f"{name[:-3]}:{self.as_int(p[name])}"
                break
        rows = self.state.timeline.where("action", event_type)
        out: list[TimelineEntry] = []
        for row in reversed(rows):
            if wanted is None or wanted in row.filters:
                out.append(row)
                if len(out) == TIMELINE_MAX:
                    break
        return out

    def monthly_active_users(self) -> int:
        since = self.now - 30 * 86400
        return sum(1 for u in self.state.users if u.last_login is not None and u.last_login >= since)



class ProgressOps(Base):
    """Learner progress, which happens in the portal, not the API: driven by the control route
    ``POST /_emulator/talentlms/progress`` so tests can produce completions, certificates and timeline."""

    def complete(self, p: dict[str, str]) -> Enrollment:
        user = self.user(self.need(p, "user_id"))
        course = self.course(self.need(p, "course_id"))
        row = self.enrollment(user, course)
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
        score = self.as_int(p["score"]) if p.get("score") else 100
        if score > 100:
            raise TalentError(E.INVALID_ARGUMENTS)
        spent = self.as_int(p["seconds"]) if p.get("seconds") else 300
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

"""Units (progress, test/survey answers, ILT sessions) and site figures."""

from __future__ import annotations

from .. import errors as E
from ..errors import TalentError
from ..models import Unit, UnitProgress, User
from ..params import need
from .base import Context


class UnitOps(Context):
    def unit_progress(self, p: dict[str, str]) -> tuple[Unit, list[tuple[int, UnitProgress | None]], bool]:
        unit = self.unit(need(p, "unit_id"))
        if p.get("user_id"):
            user = self.user(p["user_id"])
            return unit, [(user.id, self.state.unit_progress.by("key", f"{unit.id}:{user.id}"))], True
        rows = [(pr.user_id, pr) for pr in self.state.unit_progress.where("unit_id", unit.id)
                if pr.user_id in self.state.users]
        return unit, rows, False

    def answers(self, p: dict[str, str], kind: str) -> tuple[Unit, User, UnitProgress]:
        id_key, unit_type, missing = (("test_id", "Test", E.NO_TEST_PROGRESS) if kind == "test"
                                      else ("survey_id", "Survey", E.NO_SURVEY_PROGRESS))
        unit = self.unit(need(p, id_key), unit_type)
        user = self.user(need(p, "user_id"))
        progress = self.state.unit_progress.by("key", f"{unit.id}:{user.id}")
        if progress is None or progress.completed_on is None:
            raise TalentError(missing)
        return unit, user, progress

    def ilt_sessions(self, p: dict[str, str]):
        unit = self.unit(need(p, "ilt_id"), "Instructor-led training")
        return sorted(self.state.ilt_sessions.where("unit_id", unit.id), key=lambda s: s.start)

    def monthly_active_users(self) -> int:
        since = self.now - 30 * 86400
        return sum(1 for u in self.state.users if u.last_login is not None and u.last_login >= since)

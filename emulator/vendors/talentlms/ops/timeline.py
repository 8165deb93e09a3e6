"""The timeline: the ``gettimeline`` query, and the one write effects.py makes for each domain event."""

from __future__ import annotations

from typing import Any

from .. import errors as E
from ..errors import TalentError
from ..models import TimelineEntry
from ..params import as_int, need
from ..store import TalentState
from .base import Context

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


class TimelineOps(Context):
    def timeline(self, p: dict[str, str]) -> list[TimelineEntry]:
        event_type = need(p, "event_type").strip().lower()
        if event_type not in EVENT_TYPES:
            raise TalentError(E.INVALID_ARGUMENTS)
        wanted = None
        for name in TIMELINE_FILTERS:
            if p.get(name):
                wanted = f"{name[:-3]}:{as_int(p[name])}"
                break
        rows = self.state.timeline.where("action", event_type)
        out: list[TimelineEntry] = []
        for row in reversed(rows):
            if wanted is None or wanted in row.filters:
                out.append(row)
                if len(out) == TIMELINE_MAX:
                    break
        return out


def add_entry(state: TalentState, **fields: Any) -> None:
    """Append one timeline entry (effects.py builds it from a domain event; no event of its own)."""
    state.timeline.insert(TimelineEntry(id=state.next_id("timeline"), **fields))

"""Lessons, courses, paths and groups: archive/restore, lesson edits, and the company's
lesson-completed callback settings. No events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Lesson

if TYPE_CHECKING:
    from ....core.tenants import Tenant


def set_archived(tenant: "Tenant", table_name: str, row: Any, archived: bool) -> Any:
    table = tenant.state.table(table_name)
    if archived and row.archived_at is None:
        table.update(row, archived_at=tenant.clock.now(), archived_by_user_id=None)
    elif not archived and row.archived_at is not None:
        table.update(row, archived_at=None, archived_by_user_id=None)
    return row


def update_lesson(tenant: "Tenant", lesson: Lesson, changes: dict) -> Lesson:
    """Validated ``changes`` (title, retake_score, public); none leaves ``last_updated_at`` as it was."""
    if changes:
        tenant.state.lessons.update(lesson, last_updated_at=tenant.clock.now(), **changes)
    return lesson


def update_callback_settings(tenant: "Tenant", changes: dict) -> dict:
    """The lesson-completed webhook's URL and Authorization value; answers the settings as they now are."""
    settings = tenant.state.settings()
    settings.update(changes)
    return settings

"""Assignments: assign content to a user (or reassign a completed one), start, complete, and assign
content to a group. Publishes ``assignment.created`` and ``assignment.completed`` (which the
lesson-completed callback in ``effects`` listens to)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Assignment, GroupAssignment
from ..store import LessonlyState, key_of

if TYPE_CHECKING:
    from ....core.tenants import Tenant


def assign(tenant: "Tenant", assignee_id: int, assignable_type: str, assignable_id: int,
           due_by: float | None) -> Assignment:
    """Create an assignment, or reassign an existing one if (and only if) it is completed.

    An existing incomplete assignment comes back unchanged (VCR lesson.assign re-sent a due date and got
    the old one back)."""
    state: LessonlyState = tenant.state
    now = tenant.clock.now()
    key = key_of(assignable_type, assignable_id)
    for existing in state.assignments.where("assignee_id", assignee_id):
        if existing.assignable_key != key:
            continue
        if existing.state == "completed":
            state.assignments.update(existing, state="incomplete", reassigned_at=now, started_at=None,
                                     completed_at=None, score=0, updated_at=now,
                                     due_by=due_by if due_by is not None else existing.due_by)
        return existing
    assignment = Assignment(state.next_id("assignments", 1), assignee_id, assignable_type, assignable_id, key,
                            due_by=due_by, assigned_at=now, updated_at=now, score=0)
    state.assignments.insert(assignment)
    tenant.publish("assignment.created", assignment_id=assignment.id)
    return assignment


def complete_assignment(tenant: "Tenant", assignment: Assignment, score: int = 100,
                        grade_pending: bool = False) -> Assignment:
    """Finish an assignment (the learner submitted the last step). Publishes ``assignment.completed``."""
    now = tenant.clock.now()
    tenant.state.assignments.update(
        assignment, state="grade_pending" if grade_pending else "completed",
        started_at=assignment.started_at if assignment.started_at is not None else now,
        completed_at=None if grade_pending else now, score=score, updated_at=now)
    if not grade_pending:
        tenant.publish("assignment.completed", assignment_id=assignment.id)
    return assignment


def start_assignment(tenant: "Tenant", assignment: Assignment) -> Assignment:
    """The learner opens it: sets ``started_at`` once."""
    if assignment.started_at is None:
        now = tenant.clock.now()
        tenant.state.assignments.update(assignment, started_at=now, updated_at=now)
    return assignment


def assign_group(tenant: "Tenant", group_id: int, assignable_type: str, assignable_id: int) -> GroupAssignment:
    """Content assigned to a group in the app (the API has no route for it)."""
    state: LessonlyState = tenant.state
    return state.group_assignments.insert(
        GroupAssignment(state.next_id("group_assignments"), group_id, assignable_type, assignable_id))

"""Enrollments of a published course (``.../published-courses/{id}/enrollments``) and of a published path
(``.../published-paths/{id}/published-path-enrollments``): the same four handlers for both.

SPEC: both take ``{"user": {"id"}, "enrolled_at", "expires_at", "active", "purchase"}`` to enroll a member
of the domain, and ``expires_at`` and ``active`` on PUT/PATCH of one enrollment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, request

from .. import serialize
from ..errors import NotFound
from ..ops import Ops
from ..params.body import validated
from ..params.enrollments import ENROLL_UPDATE, member_to_enroll
from ..store import SkilljarState
from .kept import Kept
from . import kept
from .common import found, ok, ops, paginate_list, route, state


@dataclass(frozen=True)
class Enrollable:
    """A published thing learners enroll in, and what differs between the two kinds."""

    rule: str  # the enrollment list's rule, with <dom:domain_name> and <b36:parent_id>
    name: str  # the one-enrollment view's name
    parent: Callable[[SkilljarState, str, str], Any]  # (state, domain_name, parent_id) -> row or None
    table: str  # the enrollments' table
    parent_field: str  # an enrollment's field naming its parent
    rows: Callable[[SkilljarState, Any], list]  # the parent's enrollments
    enroll: Callable[[Ops, Any, Any, dict], Any]  # (ops, parent, user, options) -> the enrollment
    serializer: Callable[[SkilljarState, Any], dict]
    kept: Kept  # the serializer's rows kept per version


KINDS = (
    Enrollable("/v1/domains/<dom:domain_name>/published-courses/<b36:parent_id>/enrollments", "enrollment",
               SkilljarState.published_course_of, "enrollments", "published_course_id",
               lambda st, parent: st.enrollments.where("published_course_id", parent.id),
               lambda ops_, parent, user, options: ops_.enroll(parent, user, **options)[0],
               serialize.enrollment, kept.ENROLLMENT),
    Enrollable("/v1/domains/<dom:domain_name>/published-paths/<b36:parent_id>/published-path-enrollments",
               "path_enrollment", SkilljarState.published_path_of, "path_enrollments", "published_path_id",
               lambda st, parent: [r for r in st.path_enrollments if r.published_path_id == parent.id],
               lambda ops_, parent, user, options: ops_.enroll_path(parent, user, **options),
               serialize.path_enrollment, kept.PATH_ENROLLMENT),
    Enrollable("/v1/domains/<dom:domain_name>/plan/<b36:parent_id>/plan-enrollments", "plan_enrollment",
               SkilljarState.plan_of, "plan_enrollments", "plan_id",
               lambda st, parent: [r for r in st.plan_enrollments if r.plan_id == parent.id],
               lambda ops_, parent, user, options: ops_.enroll_plan(parent, user, **options),
               serialize.plan_enrollment, kept.PLAN_ENROLLMENT),
)


def register(bp: Blueprint) -> None:
    for kind in KINDS:
        _register(bp, kind)


def _register(bp: Blueprint, kind: Enrollable) -> None:
    def enrollments(domain_name: str, parent_id: str):
        st = state()
        parent = found(kind.parent(st, domain_name, parent_id))
        if request.method == "GET":
            return paginate_list(kind.rows(st, parent), kind.kept, which=(kind.table, parent.id))
        user, options = member_to_enroll(st, found(st.domain(domain_name)))
        return ok(kind.serializer(st, kind.enroll(ops(), parent, user, options)), 201)

    def enrollment(domain_name: str, parent_id: str, enrollment_id: str):
        """404 unless the enrollment belongs to the parent; a write takes ``expires_at`` and ``active`` only."""
        st = state()
        parent = found(kind.parent(st, domain_name, parent_id))
        row = found(st.table(kind.table).get(enrollment_id))
        if getattr(row, kind.parent_field) != parent.id:
            raise NotFound()
        if request.method == "GET":
            return ok(kind.kept.one(st, row))
        ops().update_enrollment(row, **validated(ENROLL_UPDATE, partial=True))
        return ok(kind.serializer(st, row))

    enrollments.__name__ = kind.name + "s"
    enrollment.__name__ = kind.name
    route(bp, kind.rule, ["GET", "POST"])(enrollments)
    route(bp, kind.rule + "/<b36:enrollment_id>", ["GET", "PUT", "PATCH"])(enrollment)

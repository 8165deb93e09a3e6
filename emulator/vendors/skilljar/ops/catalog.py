"""Labels, learning paths and their publications, plans and plan enrollments: the catalog rows the
hand-kept tables hold, written from the table-driven routes' bodies."""

from __future__ import annotations

import re
from typing import Any

from ..models import Domain, Label, Plan, PlanEnrollment, PublishedPath, Record, User
from .base import OpsBase


def slugify(text: str) -> str:
    """Django's slugify, as Skilljar derives a read-only slug from a name or title."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "item"


class CatalogOps(OpsBase):
    # labels (a course's ``labels`` are label names; a path's label links are rows of their own)
    def create_label(self, name: str) -> Label:
        return self.state.labels.insert(Label(id=self.state.new_id(), name=name))

    def rename_label(self, label: Label, name: str) -> Label:
        return self.change("labels", label, name=name)

    def delete_label(self, label: Label) -> None:
        """The label goes from every course that had it (a many-to-many link)."""
        for course in self.state.courses.where("label_ids", label.id):
            self.change("courses", course, label_ids=[i for i in course.label_ids if i != label.id])
        self.remove("labels", label)

    # published paths: a path (a table-driven row of /v1/paths) on a domain's catalog
    def publish_path(self, domain: Domain, path: Record, slug: str, **fields: Any) -> PublishedPath:
        now = self.now()
        return self.state.published_paths.insert(PublishedPath(
            id=self.state.new_id(), title=path.data.get("title", ""), domain_name=domain.name, path_id=path.id,
            slug=slug, short_description=path.data.get("short_description", ""),
            course_count=self.path_item_count(path.id), created_at=now, modified_at=now, **fields))

    def update_published_path(self, row: PublishedPath, **changes: Any) -> PublishedPath:
        return self.change("published_paths", row, modified_at=self.now(), **changes)

    def unpublish_path(self, row: PublishedPath) -> None:
        """The publication, its enrollments and its items, links and overrides."""
        for enrollment in [e for e in self.state.path_enrollments if e.published_path_id == row.id]:
            self.state.path_enrollments.delete(enrollment)
        self.remove("published_paths", row)

    def path_item_count(self, path_id: str) -> int:
        kind = "/v1/domains/{}/published-paths/{}/path-items"
        return sum(1 for p in self.state.published_paths if p.path_id == path_id
                   for _ in self.state.records_in(f"{kind}|{p.domain_name}/{p.id}"))

    def sync_path(self, path: Record) -> None:
        """A path's title, description and item count show on each of its publications."""
        count = self.path_item_count(path.id)
        for row in self.state.published_paths:
            if row.path_id == path.id:
                self.change("published_paths", row, title=path.data.get("title", row.title),
                            short_description=path.data.get("short_description", row.short_description),
                            course_count=count)

    # plans
    def enroll_plan(self, plan: Plan, user: User, enrolled_at: float | None = None,
                    expires_at: float | None = None, active: bool | None = True) -> PlanEnrollment:
        return self.state.plan_enrollments.insert(PlanEnrollment(
            id=self.state.new_id(), plan_id=plan.id, user_id=user.id, domain_name=plan.domain_name,
            enrolled_at=enrolled_at if enrolled_at is not None else self.now(), expires_at=expires_at,
            active=True if active is None else active))

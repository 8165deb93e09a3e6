"""Courses, their labels, and courses published to a domain."""

from __future__ import annotations

import re
from typing import Any

from ..models import Course, Domain, Label, PublishedCourse
from .base import OpsBase


class CourseOps(OpsBase):
    def label_ids(self, names: list[str]) -> list[str]:
        """Course ``labels`` are label names; an unknown name makes a new label (assumption)."""
        st = self.state
        out = []
        for name in names:
            label = st.labels.by("name", name) or st.labels.insert(Label(id=st.new_id(), name=name))
            if label.id not in out:
                out.append(label.id)
        return out

    def create_course(self, labels: list[str] | None = None, **fields: Any) -> Course:
        now = self.now()
        ids = self.label_ids(labels or [])
        return self.state.courses.insert(Course(id=self.state.new_id(), created_at=now, modified_at=now,
                                                label_ids=ids, **fields))

    def update_course(self, course: Course, **changes: Any) -> Course:
        if "labels" in changes:
            changes["label_ids"] = self.label_ids(changes.pop("labels"))
        self.state.courses.update(course, modified_at=self.now(), **changes)
        return course

    def delete_course(self, course: Course) -> None:
        for published in self.state.published_courses.where("course_id", course.id):
            self.unpublish(published)
        self.state.courses.delete(course)
        self.drop_records(course.id)

    def add_course_label(self, course: Course, label: Label) -> None:
        if label.id not in course.label_ids:
            self.state.courses.update(course, label_ids=[*course.label_ids, label.id])

    def remove_course_label(self, course: Course, label_id: str) -> None:
        self.change("courses", course, label_ids=[i for i in course.label_ids if i != label_id])

    def publish_course(self, domain: Domain, course: Course, slug: str | None = None,
                       **fields: Any) -> PublishedCourse:
        """A course on a domain's catalog; without a slug, one made from the title (assumption)."""
        return self.state.published_courses.insert(PublishedCourse(
            id=self.state.new_id(), course_id=course.id, domain_name=domain.name,
            slug=slug or _slug(course.title, course.id), created_at=self.now(), **fields))

    def update_published_course(self, published: PublishedCourse, **changes: Any) -> PublishedCourse:
        return self.change("published_courses", published, **changes)

    def unpublish(self, published: PublishedCourse) -> None:
        """The publication and its enrollments."""
        self.remove("published_courses", published, (("enrollments", "published_course_id"),))


def _slug(title: str, course_id: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:6] or ["course"]
    return "-".join(words + [course_id])

"""A Skilljar tenant's tables and the domain operations on them.

Operations validate nothing about HTTP shapes (the routes do that, before any write); they change
rows and publish domain events on the tenant's bus. The event types are Skilljar's own webhook
event types (``DOMAIN_ENROLLMENT``, ``COURSE_ENROLLMENT``...) with the ids involved as data;
:mod:`.webhooks` turns them into deliveries.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from ...core.store import State, TableSpec
from .models import (
    Course,
    Domain,
    DomainUser,
    Enrollment,
    Group,
    GroupCategory,
    GroupMember,
    Label,
    PathEnrollment,
    Plan,
    PlanEnrollment,
    PublishedCourse,
    PublishedPath,
    User,
    Webhook,
)

if TYPE_CHECKING:
    from ...core.tenants import Tenant

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _lower(value: str) -> str:
    return value.lower()


class SkilljarState(State):
    tables = {  # noqa: RUF012
        "users": TableSpec(User, unique={"email": _lower, "external_id": str}),
        "domains": TableSpec(Domain, unique={"name": _lower}),
        "domain_users": TableSpec(DomainUser, multi={"user_id": str, "domain_name": str}),
        "labels": TableSpec(Label, unique={"name": str}),
        "courses": TableSpec(Course, multi={"label_ids": str}),
        "published_courses": TableSpec(PublishedCourse, multi={"domain_name": str, "course_id": str}),
        "enrollments": TableSpec(Enrollment, multi={"user_id": str, "published_course_id": str}),
        "groups": TableSpec(Group, unique={"name": str, "external_id": str}),
        "group_members": TableSpec(GroupMember, multi={"group_id": str, "user_id": str}),
        "group_categories": TableSpec(GroupCategory),
        "published_paths": TableSpec(PublishedPath, multi={"domain_name": str}),
        "path_enrollments": TableSpec(PathEnrollment, multi={"user_id": str}),
        "plans": TableSpec(Plan),
        "plan_enrollments": TableSpec(PlanEnrollment, multi={"user_id": str}),
        "webhooks": TableSpec(Webhook),
    }

    def new_id(self) -> str:
        """A fresh lowercase base-36 id of 12 or 13 characters, like Skilljar's (``2v22kvbvb4c4o``)."""
        salt = self.meta.get("id_salt", "skilljar")
        while True:
            n = self.next_id("object")
            digest = int.from_bytes(hashlib.sha256(f"{salt}|{n}".encode()).digest()[:9], "big")
            length = 12 + (digest & 1)
            chars = []
            for _ in range(length):
                digest, r = divmod(digest, 36)
                chars.append(ALPHABET[r])
            if chars[0] == "0":
                chars[0] = "1"
            candidate = "".join(chars)
            if not self._taken(candidate):
                return candidate

    def _taken(self, key: str) -> bool:
        # the tables once per state, not looked up by name for every id (most of a big seed's time)
        tables = self.__dict__.get("_id_tables")
        if tables is None:
            tables = self.__dict__["_id_tables"] = tuple(self.table(name) for name in self.tables)
        for table in tables:
            if key in table:
                return True
        return False

    # lookups shared by routes, webhooks and SCIM
    def membership(self, domain_name: str, user_id: str) -> DomainUser | None:
        return self.domain_users.get(f"{domain_name}|{user_id}")

    def group_membership(self, group_id: str, user_id: str) -> GroupMember | None:
        for row in self.group_members.where("user_id", user_id):
            if row.group_id == group_id:
                return row
        return None


class Ops:
    """Domain operations of one tenant: change rows, then publish what happened."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.state: SkilljarState = tenant.state  # type: ignore[assignment]

    def now(self) -> float:
        return self.tenant.clock.now()

    def publish(self, event_type: str, **data: Any) -> None:
        self.tenant.publish(event_type, **data)

    # users and domains
    def refresh_inactive(self, user: User) -> None:
        """``inactive_at`` is set when no domain membership of the user is active (assumption)."""
        memberships = self.state.domain_users.where("user_id", user.id)
        active = any(m.active for m in memberships)
        if active and user.inactive_at is not None:
            self.state.users.update(user, inactive_at=None)
        elif not active and memberships and user.inactive_at is None:
            self.state.users.update(user, inactive_at=self.now())

    def add_to_domain(self, domain: Domain, email: str, first_name: str | None, last_name: str | None,
                      active: bool = True, marketing_optin: bool | None = None,
                      expires_at: float | None = None) -> tuple[DomainUser, bool]:
        """Skilljar's user creation: an unknown email makes a user; a known one keeps its details.

        Returns (membership, created_membership).
        """
        state = self.state
        now = self.now()
        user = state.users.by("email", email)
        new_user = user is None
        if new_user:
            user = state.users.insert(User(id=state.new_id(), email=email, first_name=first_name or "",
                                           last_name=last_name or "", signed_up_at=now, latest_activity=now))
        membership = state.membership(domain.name, user.id)
        if membership is not None:
            return membership, False
        membership = state.domain_users.insert(DomainUser(
            id=f"{domain.name}|{user.id}", domain_name=domain.name, user_id=user.id, active=active,
            marketing_optin=marketing_optin, enrolled_at=now, expires_at=expires_at,
            login_token=self.login_token()))
        if new_user:
            self.apply_email_domain_rules(user)
        self.refresh_inactive(user)
        self.publish("DOMAIN_ENROLLMENT", user_id=user.id, domain_name=domain.name)
        return membership, True

    def login_token(self) -> str:
        return (self.state.new_id() + self.state.new_id() + self.state.new_id())[:32]

    def update_membership(self, membership: DomainUser, **changes: Any) -> DomainUser:
        self.state.domain_users.update(membership, **changes)
        user = self.state.users.get(membership.user_id)
        if user is not None:
            self.refresh_inactive(user)
        return membership

    def anonymize(self, user: User) -> User:
        now = self.now()
        self.state.users.update(user, email=f"anonymized-{user.id}@anonymized.invalid", first_name="",
                                last_name="", anonymized=True, external_id=None)
        for membership in self.state.domain_users.where("user_id", user.id):
            self.state.domain_users.update(membership, active=False)
        if user.inactive_at is None:
            self.state.users.update(user, inactive_at=now)
        return user

    def apply_email_domain_rules(self, user: User) -> None:
        domain = user.email.rpartition("@")[2].lower()
        for group in self.state.groups:
            if domain in [d.lower() for d in group.rule_email_domains]:
                self.add_group_member(group, user)

    # groups
    def add_group_member(self, group: Group, user: User) -> GroupMember:
        existing = self.state.group_membership(group.id, user.id)
        if existing is not None:
            return existing
        return self.state.group_members.insert(GroupMember(id=self.state.new_id(), group_id=group.id,
                                                           user_id=user.id, created_at=self.now()))

    def delete_group(self, group: Group) -> None:
        for member in self.state.group_members.where("group_id", group.id):
            self.state.group_members.delete(member)
        self.state.groups.delete(group)

    # courses
    def delete_course(self, course: Course) -> None:
        for published in self.state.published_courses.where("course_id", course.id):
            self.unpublish(published)
        self.state.courses.delete(course)

    def unpublish(self, published: PublishedCourse) -> None:
        for enrollment in self.state.enrollments.where("published_course_id", published.id):
            self.state.enrollments.delete(enrollment)
        self.state.published_courses.delete(published)

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

    def touch(self, user: User) -> None:
        self.state.users.update(user, latest_activity=self.now())

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

    # webhooks
    def deactivate_hook(self, hook_id: str, reason: str) -> None:
        hook = self.state.webhooks.get(hook_id)
        if hook is not None and hook.active:
            self.state.webhooks.update(hook, active=False, deactivate_reason=reason)


__all__ = ["GroupCategory", "Label", "Ops", "Plan", "PlanEnrollment", "SkilljarState"]
